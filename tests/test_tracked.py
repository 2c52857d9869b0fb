"""The tracked-changes DOCX: accept all gives exactly the new version, reject all exactly the old."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree
from ruamel.yaml import YAML

import policygen
from policygen.model import Policy
from policygen.resolver.document import ResolvedItem
from policygen.versioning.tracked import render_tracked_docx
from wordrev import resolved, revision_marks, seen

ROOT = Path(__file__).resolve().parent.parent
V10 = ROOT / "tests/fixtures/versions/crm-regulations-1.0.yaml"
V11 = ROOT / "policies/crm-regulations.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc")


def _a(ident: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "text": text, **extra}


OLD: dict[str, Any] = {
    "format": 1, "id": "service-rules", "kind": "regulation", "title": "客户服务管理办法", "version": "1.0",
    "status": "published", "issued": "2024-01-01", "effective": "2024-01-15", "owner": "客户服务部",
    "doc_number": "客服〔2024〕1号",
    "changelog": [{"version": "1.0", "date": "2024-01-01", "summary": "首次发布"}],
    "preamble": ["为做好客户服务工作，制定本办法。"],
    "chapters": [
        {"id": "general", "title": "总则", "articles": [
            _a("purpose", "为规范客户服务，提高客户满意度，特制定本办法。"),
            _a("scope", "本办法适用于公司全体员工。"),
        ]},
        {"id": "service", "title": "服务规范", "sections": [
            {"id": "reception", "title": "接待", "articles": [
                _a("greeting", "接待人员应当主动问候客户。", items=["使用礼貌用语；", "保持微笑。"]),
                _a("waiting", "客户等候时间不得超过十分钟。", title="等候"),
            ]},
        ], "articles": [
            _a("complaints", "客户投诉按照下列程序处理：", items=[
                "接收并记录投诉；",
                {"text": "分配给相关责任人：", "items": ["一般投诉由客服代表处理；", "重大投诉由部门负责人处理。"]},
                "反馈处理结果。",
            ], paragraphs=["投诉处理情况应当每月汇总，详见[[waiting]]。"]),
            _a("records", "客户服务记录应当保存三年。"),
        ]},
        {"id": "obsolete", "title": "临时措施", "articles": [
            _a("temporary", "疫情期间暂停上门服务。"),
        ]},
        {"id": "final", "title": "附则", "articles": [
            _a("interpretation", "本办法由客户服务部负责解释。"),
            _a("effective-date", "本办法自发布之日起施行。"),
        ]},
    ],
}


def _new() -> dict[str, Any]:
    new = copy.deepcopy(OLD)
    new.update(version="2.0", issued="2024-07-01", effective="2024-07-15", title="客户服务管理规定")
    del new["doc_number"]
    new["changelog"].append({"version": "2.0", "date": "2024-07-01", "summary": "全面修订"})
    chapters = new["chapters"]
    chapters[0]["articles"].insert(0, _a("definitions", "本规定所称客户，是指与公司有业务往来的单位和个人。"))
    service = chapters[1]
    service["title"] = "服务标准"
    greeting = service["sections"][0]["articles"][0]
    greeting["items"] = ["使用规范的礼貌用语；", "保持微笑；", "主动递上名片。"]
    complaints = service["articles"][0]
    complaints["items"][1]["items"][1] = "重大投诉由分管领导处理。"
    complaints["paragraphs"].append("投诉人对处理结果不满意的，可以申请复核。")
    records = service["articles"].pop(1)
    chapters[3]["articles"].insert(0, records)  # moved to 附则
    del chapters[2]  # 临时措施 removed with its article
    chapters.insert(2, {"id": "training", "title": "培训", "articles": [_a("annual-training", "每年至少培训两次。")]})
    final = chapters[3]["articles"]
    final[1], final[2] = final[2], final[1]  # 施行 before 解释
    return new


def pandoc(path: Path, mode: str) -> list[str]:
    out = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "-s", "--wrap=none", f"--track-changes={mode}", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout
    return [p.strip() for p in re.split(r"\n\s*\n", out) if p.strip()]


def pandoc_many(jobs: list[tuple[Path, str]]) -> list[list[str]]:
    """Return :func:`pandoc` of several (file, mode) pairs, run side by side."""
    processes = [
        subprocess.Popen(["pandoc", "-f", "docx", "-t", "plain", "-s", "--wrap=none", f"--track-changes={mode}",
                          str(path)], stdout=subprocess.PIPE, text=True)
        for path, mode in jobs
    ]
    outputs = []
    for process in processes:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        outputs.append([p.strip() for p in re.split(r"\n\s*\n", out) if p.strip()])
    return outputs


def article_paragraphs(policy: Policy) -> list[str]:
    """Return each article's printed paragraphs and items, as the test expects them, in order."""
    doc = policygen.resolve(policy)
    out: list[str] = []

    def items(entries: list[ResolvedItem]) -> None:
        for item in entries:
            out.append(f"{item.label}{item.text.plain}")
            items(item.items)

    for a in doc.iter_articles():
        head = "　".join(x for x in (a.label, a.title) if x)
        for n, para in enumerate(a.paragraphs):
            out.append(f"{head}　{para.text.plain}" if n == 0 else para.text.plain)
            items(para.items)
    return out


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


NOTICE_OLD = ROOT / "tests/fixtures/notice/notice.yaml"


def _notice_pair() -> tuple[Policy, Policy]:
    data = YAML(typ="safe").load(NOTICE_OLD.read_text("utf-8"))
    _stringify(data)
    new = copy.deepcopy(data)
    new.update(version="1.1", issued="2024-09-01", effective="2024-09-15")
    new["recipients"] = [*new.get("recipients", []), "各分公司"]
    new["cc"] = ["总经理办公室"]
    holders = [c["articles"] for c in new["chapters"] if c.get("articles")]
    holders[0][0]["text"] = "（修订）" + holders[0][0]["text"]
    holders[-1].append({"id": "added-for-test", "text": "本通知自印发之日起施行。"})
    del holders[1][0]
    return policygen.load_data(data), policygen.load_data(new)


def _stringify(data: dict[str, Any]) -> None:
    for key in ("issued", "effective", "review_by", "signed", "printed"):
        if key in data:
            data[key] = str(data[key])
    for entry in data.get("changelog", []):
        entry["date"] = str(entry["date"])


CASES = {
    "regulation": lambda: (policygen.load_data(OLD), policygen.load_data(_new())),
    "crm": lambda: (policygen.load(V10), policygen.load(V11)),
    "notice": _notice_pair,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_accept_all_gives_the_new_build_docx_and_reject_all_the_old(case: str) -> None:
    old, new = CASES[case]()
    tracked = render_tracked_docx(old, new)
    assert len(revision_marks(tracked)) > 3
    # every paragraph and cell (style, text), headers, footers and sections
    assert seen(resolved(tracked, accept=True)) == seen(resolved(policygen.render(new, "docx"), accept=True))
    assert seen(resolved(tracked, accept=False)) == seen(resolved(policygen.render(old, "docx"), accept=True))
    assert seen(resolved(tracked, accept=True)) != seen(resolved(tracked, accept=False))


def test_a_notice_keeps_its_masthead_recipients_tables_and_imprint() -> None:
    old, new = _notice_pair()
    accepted = seen(resolved(render_tracked_docx(old, new), accept=True))
    styles = {style for style, _ in accepted["body"]}
    assert {"Organisation", "Recipients", "box:cell:Imprint", "Signature", "cell:Table Text"} <= styles  # the 版记 is a text box
    assert ("Recipients", "、".join(new.recipients) + "：") in accepted["body"]


@needs_pandoc
@pytest.mark.parametrize("case", sorted(CASES))
def test_pandoc_reads_the_same_documents(case: str, tmp_path: Path) -> None:
    old, new = CASES[case]()
    tracked = _write(tmp_path, "t.docx", render_tracked_docx(old, new))
    built_new = _write(tmp_path, "n.docx", policygen.render(new, "docx"))
    built_old = _write(tmp_path, "o.docx", policygen.render(old, "docx"))
    accepted, expected_new, rejected, expected_old = pandoc_many(
        [(tracked, "accept"), (built_new, "accept"), (tracked, "reject"), (built_old, "accept")])
    assert accepted == expected_new

    def text(paragraphs: list[str]) -> list[str]:
        # pandoc leaves a table row that was inserted as an empty row when rejecting, and lays
        # tables out from the column widths, which follow the new version's content
        return [re.sub(r"[\s-]+", " ", p) for p in paragraphs if p.strip(" -\n")]

    assert text(rejected) == text(expected_old)


@needs_pandoc
def test_the_synthetic_case_exercises_every_kind_of_change(tmp_path: Path) -> None:
    tracked = _write(tmp_path, "t.docx", render_tracked_docx(policygen.load_data(OLD), policygen.load_data(_new())))
    accepted, rejected = pandoc(tracked, "accept"), pandoc(tracked, "reject")
    assert accepted[0] == "客户服务管理规定" and rejected[0] == "客户服务管理办法"
    assert "客服〔2024〕1号" in rejected and "客服〔2024〕1号" not in accepted
    assert "第三章 培训" in accepted and "第三章 临时措施" in rejected
    assert "第八条　客户服务记录应当保存三年。" in accepted  # moved to 附则 and renumbered
    assert "第六条　客户服务记录应当保存三年。" in rejected
    assert "（二）分配给相关责任人：" in accepted and "2.重大投诉由分管领导处理。" in accepted
    assert "（三）主动递上名片。" in accepted and "（三）主动递上名片。" not in rejected
    assert any(re.search(r"2\.0\s+2024年7月1日\s+全面修订", p) for p in accepted)  # the changelog table


def test_revisions_carry_owner_issue_date_and_unique_ids(tmp_path: Path) -> None:
    data = render_tracked_docx(policygen.load_data(OLD), policygen.load_data(_new()))
    with zipfile.ZipFile(_write(tmp_path, "t.docx", data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        settings = z.read("word/settings.xml")
        stamps = {info.date_time for info in z.infolist()}
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert len(marks) > 20
    assert {m.get(f"{W}author") for m in marks} == {"客户服务部"}
    assert {m.get(f"{W}date") for m in marks} == {"2024-07-01T00:00:00Z"}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    # deleted text is in w:delText, never w:t; inserted text in w:t
    for d in root.iter(f"{W}del"):
        assert not list(d.iter(f"{W}t"))
    assert any(p.find(f"{W}pPr/{W}rPr/{W}del") is not None for p in root.iter(f"{W}p"))  # a deleted paragraph
    assert any(p.find(f"{W}pPr/{W}rPr/{W}ins") is not None for p in root.iter(f"{W}p"))  # an inserted paragraph
    assert b"<w:trackRevisions/>" in settings
    assert stamps == {(2024, 7, 1, 0, 0, 0)}


def test_tracked_docx_is_deterministic_and_opens_in_python_docx(tmp_path: Path) -> None:
    old, new = policygen.load(V10), policygen.load(V11)
    first, second = render_tracked_docx(old, new), render_tracked_docx(old, new)
    assert first == second
    document = docx.Document(_write(tmp_path, "t.docx", first))
    assert document.core_properties.title == "客户关系管理规章制度"
    assert document.core_properties.author == "客户服务部"
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles and "Article" in styles
    xml = document.styles.element.xml
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="黑体"' in xml and "asciiTheme" not in xml


def test_draft_new_version_says_so_on_every_page(tmp_path: Path) -> None:
    new = _new()
    new["status"] = "draft"
    document = docx.Document(_write(tmp_path, "t.docx", render_tracked_docx(policygen.load_data(OLD), policygen.load_data(new))))
    assert "草案" in document.sections[0].header.part.element.xml  # the watermark, as the build draws it


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_opens_the_tracked_docx(tmp_path: Path) -> None:
    tracked = _write(tmp_path, "t.docx", render_tracked_docx(policygen.load(V10), policygen.load(V11)))
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path), str(tracked)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "t.txt").read_text("utf-8-sig")
    # LibreOffice reads the revisions as pending: deleted and inserted characters are both there
    assert "第五条　客户信息保密　公司应对客户信息严格保密" in text
    assert "第六七条　客户投诉处理　公司应建立客户投诉处理机制，及时、有效地处理客户投诉，并记录处理结果。" in text


def _mutated(data: dict[str, Any]) -> dict[str, Any]:
    """Return a new version of a shipped policy: one article amended, one deleted, one inserted first."""
    new = copy.deepcopy(data)
    new["version"] = "9.0"
    new.setdefault("changelog", []).append({"version": "9.0", "date": str(new["issued"]), "summary": "测试"})
    chapters = [c for c in new.get("chapters", []) if c.get("articles")]
    holders = [c["articles"] for c in chapters] or [new["articles"]]
    holders[0].insert(0, {"id": "inserted-for-test", "text": "本条为测试新增的条文。"})
    holders[-1][-1]["text"] = "修改：" + holders[-1][-1]["text"]
    if len(holders[-1]) > 2:
        del holders[-1][-2]
    return new


SHIPPED = sorted((ROOT / "policies").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_accept_and_reject_on_every_shipped_policy(path: Path, tmp_path: Path) -> None:
    data = YAML(typ="safe").load(path.read_text("utf-8"))
    _stringify(data)
    old, new = policygen.load_data(data), policygen.load_data(_mutated(data))
    tracked = render_tracked_docx(old, new)
    accepted, rejected = seen(resolved(tracked, accept=True)), seen(resolved(tracked, accept=False))
    assert accepted == seen(resolved(policygen.render(new, "docx"), accept=True))
    assert rejected == seen(resolved(policygen.render(old, "docx"), accept=True))
    assert "本条为测试新增的条文。" in str(accepted) and "本条为测试新增的条文。" not in str(rejected)
