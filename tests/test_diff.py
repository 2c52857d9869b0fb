"""Comparing two versions of a policy: the change set, its summary and JSON, and the 修订对照表."""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest

import policygen
from policygen import cli
from policygen.versioning.chardiff import (
    Segment,
    diff_chars,
    diff_lines,
    inline,
    new_text,
    old_text,
)
from policygen.versioning.comparison import build_comparison, render_comparison
from policygen.versioning.diff import ChangeSet, diff_policies

ROOT = Path(__file__).resolve().parent.parent
V10 = ROOT / "tests/fixtures/versions/crm-regulations-1.0.yaml"
V11 = ROOT / "policies/crm-regulations.yaml"


# --------------------------------------------------------------------------- helpers


def article(ident: str | None, text: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text, **extra}
    if ident:
        out["id"] = ident
    return out


def policy(chapters: list[dict[str, Any]], **meta: Any) -> dict[str, Any]:
    data = {
        "format": 1, "id": "sample", "kind": "regulation", "title": "样例制度", "version": "1.0",
        "status": "published", "issued": "2024-01-01", "effective": "2024-01-15", "owner": "客户服务部",
    }
    data.update(meta)
    data["chapters"] = chapters
    return data


BASE = policy([
    {"id": "general", "title": "总则", "articles": [
        article("purpose", "为规范客户管理，特制定本制度。"),
        article("scope", "本制度适用于公司全体员工。"),
    ]},
    {"id": "service", "title": "客户服务", "articles": [
        article("reception", "前台应热情接待来访客户。"),
        article("complaints", "客户投诉应当在三个工作日内处理完毕，并参照[[reception]]做好记录。"),
        article("followup", "客户服务部应定期回访重要客户。"),
    ]},
    {"id": "final", "title": "附则", "articles": [
        article("interpretation", "本制度由客户服务部负责解释。"),
    ]},
])


def changes_of(old: dict[str, Any], new: dict[str, Any]) -> ChangeSet:
    return diff_policies(policygen.load_data(old), policygen.load_data(new))


def crm() -> ChangeSet:
    return diff_policies(policygen.load(V10), policygen.load(V11))


def ids(items: list[Any]) -> list[str | None]:
    return [a.id for a in items]


# --------------------------------------------------------------------------- character diff


def test_char_diff_rebuilds_both_texts_and_reads_in_phrases() -> None:
    old = "公司应建立客户投诉处理机制，及时处理客户投诉。"
    new = "公司应建立客户投诉处理机制，及时、有效地处理客户投诉，并记录处理结果。"
    segments = diff_chars(old, new)
    assert old_text(segments) == old and new_text(segments) == new
    assert inline(segments) == "公司应建立客户投诉处理机制，及时{+、有效地+}处理客户投诉{+，并记录处理结果+}。"


def test_char_diff_folds_tiny_equal_runs_between_changes() -> None:
    segments = diff_chars("由人力资源部的经理负责", "由客户服务部的主管负责")
    # "部的" between two replacements is folded: one replacement instead of a comb
    assert [s.op for s in segments] == ["equal", "delete", "insert", "equal"]
    assert segments[1] == Segment("delete", "人力资源部的经理")
    assert segments[2] == Segment("insert", "客户服务部的主管")


def test_char_diff_has_no_autojunk_on_long_chinese_text() -> None:
    # SequenceMatcher's autojunk would treat 的/， as junk in texts over 200 characters
    old = "客户的需求、客户的意见和客户的反馈，" * 20 + "均应记录。"
    new = "客户的需求、客户的意见和客户的反馈，" * 20 + "均应及时记录。"
    segments = diff_chars(old, new)
    assert [s for s in segments if s.op != "equal"] == [Segment("insert", "及时")]


def test_line_diff_pairs_changed_paragraphs_and_keeps_whole_ones() -> None:
    lines = diff_lines(["甲。", "乙项。", "丙。"], ["甲。", "乙项目。", "丁。", "丙。"])
    assert [x.op for x in lines] == ["equal", "changed", "insert", "equal"]
    assert [x.old for x in lines] == ["甲。", "乙项。", None, "丙。"]
    assert [x.new for x in lines] == ["甲。", "乙项目。", "丁。", "丙。"]


# --------------------------------------------------------------------------- change sets


def test_crm_1_0_to_1_1_reports_the_inserted_and_the_amended_article_only() -> None:
    c = crm()
    assert ids(c.added) == ["info-confidentiality"]
    assert ids(c.amended) == ["complaints"]
    assert c.deleted == [] and c.moved == []
    assert next((a.old.ref_label, a.new.ref_label) for a in c.renumbered if a.old and a.new) == ("第五条", "第六条")
    assert len(c.renumbered) == 8
    assert {m.field for m in c.metadata} == {"version", "issued", "effective", "doc_number"}
    assert ids(c.changed_articles) == ["info-confidentiality", "complaints"]
    complaints = c.amended[0]
    assert complaints.old and complaints.new
    assert (complaints.old.ref_label, complaints.new.ref_label) == ("第六条", "第七条")
    assert complaints.revision_note("zh-Hans") == "增加“有效地”处理投诉和记录处理结果的要求"  # its `note:`


def test_articles_inserted_before_all_others_report_only_the_insertions() -> None:
    new = copy.deepcopy(BASE)
    new["chapters"][0]["articles"][0:0] = [article("definitions", "本制度所称客户，是指与公司有业务往来的单位和个人。"),
                                          article("principles", "客户管理遵循诚信、规范、高效的原则。")]
    c = changes_of(BASE, new)
    assert ids(c.added) == ["definitions", "principles"]
    assert c.amended == [] and c.deleted == [] and c.moved == [] and c.structure == []
    # every old article is renumbered by two, including the one whose text refers to [[reception]]
    assert len(c.renumbered) == 6
    assert all(a.old and a.new and a.new.index == a.old.index + 2 for a in c.renumbered)
    complaints = next(a for a in c.articles if a.id == "complaints")
    assert complaints.kind == "renumbered" and not complaints.changed
    assert complaints.new and "第五条" in complaints.new.lines[0]  # the reference follows the renumbering
    assert complaints.old and (complaints.old.ref_label, complaints.new.ref_label) == ("第四条", "第六条")
    assert c.metadata == []
    summary = c.summary()
    assert "articles: 2 added, 0 deleted, 0 amended, 0 moved, 6 renumbered" in summary
    assert "renumbered: 第一条–第六条 → 第三条–第八条" in summary


def test_deleted_moved_and_amended_articles() -> None:
    new = copy.deepcopy(BASE)
    service = new["chapters"][1]["articles"]
    followup = service.pop(2)
    new["chapters"][0]["articles"].append(followup)  # moved to 总则, becomes 第三条
    service[0], service[1] = service[1], service[0]  # complaints now before reception
    service[0]["text"] = "客户投诉应当在五个工作日内处理完毕，并参照[[reception]]做好记录。"
    del new["chapters"][2]["articles"][0]
    new["chapters"][2]["articles"].append(article("effective-date", "本制度自发布之日起施行。"))
    c = changes_of(BASE, new)
    assert ids(c.deleted) == ["interpretation"]
    assert ids(c.added) == ["effective-date"]
    assert ids(c.amended) == ["complaints"]
    assert sorted(ids(c.moved)) == ["complaints", "followup"] or sorted(ids(c.moved)) == ["followup", "reception"]
    followup_change = next(a for a in c.moved if a.id == "followup")
    assert followup_change.old and followup_change.new
    assert (followup_change.old.ref_label, followup_change.new.ref_label) == ("第五条", "第三条")
    assert followup_change.revision_note("zh-Hans") == "条文移至第一章 总则"
    complaints = next(a for a in c.articles if a.id == "complaints")
    # the days changed; the reference to [[reception]] follows its renumbering (第三条 → 第五条)
    assert inline([s for line in complaints.body for s in line.segments]) == (
        "客户投诉应当在[-三-]{+五+}个工作日内处理完毕，并参照第[-三-]{+五+}条做好记录。")


def test_reordering_inside_a_chapter_is_a_move_with_both_numbers() -> None:
    new = copy.deepcopy(BASE)
    arts = new["chapters"][1]["articles"]
    arts.append(arts.pop(0))  # reception goes last: 第三条 → 第五条
    c = changes_of(BASE, new)
    assert ids(c.moved) == ["reception"]
    moved = c.moved[0]
    assert moved.revision_note("zh-Hans") == "条文顺序调整，原第三条调整为第五条"
    assert moved.revision_note("en") == "Order changed: formerly 第三条, now 第五条"
    assert c.amended == [] and c.added == [] and c.deleted == []


def test_note_in_the_new_yaml_is_the_revision_note() -> None:
    new = copy.deepcopy(BASE)
    new["chapters"][1]["articles"][2]["text"] = "客户服务部应每季度回访重要客户。"
    new["chapters"][1]["articles"][2]["note"] = "明确回访频次为每季度一次"
    c = changes_of(BASE, new)
    assert [a.revision_note("zh-Hans") for a in c.changed_articles] == ["明确回访频次为每季度一次"]
    row = build_comparison(c).rows[0]
    assert row.note == "明确回访频次为每季度一次"


def test_articles_without_id_match_by_text_then_position() -> None:
    old = copy.deepcopy(BASE)
    for chapter in old["chapters"]:
        for a in chapter["articles"]:
            a.pop("id")
    old["chapters"][1]["articles"][1]["text"] = "客户投诉应当在三个工作日内处理完毕。"
    new = copy.deepcopy(old)
    new["chapters"][1]["articles"].insert(0, article(None, "客户来访应当登记。"))
    new["chapters"][1]["articles"][2]["text"] = "客户投诉应当在五个工作日内处理完毕。"
    c = changes_of(old, new)
    # the unchanged ones pair by identical text; the amended one and the new one pair by position
    assert len(c.changed_articles) == 2
    kinds = sorted(a.kind for a in c.changed_articles)
    assert kinds in (["added", "amended"], ["amended", "amended"])
    assert not c.deleted


def test_chapters_roles_channels_and_metadata() -> None:
    old = copy.deepcopy(BASE)
    old["roles"] = [{"id": "front-desk", "name": "前台接待人员", "duties": ["接待来访客户。"]},
                    {"id": "manager", "name": "部门经理", "duties": ["审批重大投诉。"]}]
    old["channels"] = [{"id": "hotline", "type": "phone", "name": "电话热线", "value": "12345678"}]
    old["chapters"][1]["articles"][0]["roles"] = ["front-desk"]
    old["chapters"][1]["articles"][1]["roles"] = ["manager"]
    old["chapters"][1]["articles"][1]["text"] += "热线：[[hotline]]。"
    new = copy.deepcopy(old)
    new["version"] = "2.0"
    new["owner"] = "客户关系部"
    new["roles"][0]["duties"] = ["接待来访客户并登记。"]
    del new["roles"][1]
    new["chapters"][1]["articles"][1]["roles"] = []
    new["roles"].append({"id": "clerk", "name": "客服专员", "duties": ["处理投诉。"]})
    new["chapters"][1]["articles"][1]["roles"] = ["clerk"]
    new["channels"][0]["value"] = "87654321"
    new["channels"].append({"id": "mail", "type": "email", "name": "投诉邮箱", "value": "kefu@example.com"})
    new["chapters"][1]["articles"][1]["text"] += "邮箱：[[mail]]。"
    new["chapters"][1]["title"] = "客户服务与投诉"
    new["chapters"].insert(2, {"id": "records", "title": "档案管理", "articles": [article("archive", "投诉记录应归档。")]})
    new["chapters"][3]["id"] = "final"
    c = changes_of(old, new)
    meta = {(m.field, m.key, m.change) for m in c.metadata}
    assert ("version", None, "changed") in meta and ("owner", None, "changed") in meta
    assert {("roles", "front-desk", "changed"), ("roles", "manager", "removed"), ("roles", "clerk", "added"),
            ("channels", "hotline", "changed"), ("channels", "mail", "added")} <= meta
    structure = {(s.level, s.change, s.new_title or s.old_title) for s in c.structure}
    assert ("chapter", "renamed", "客户服务与投诉") in structure
    assert ("chapter", "added", "档案管理") in structure
    assert ("chapter", "renumbered", "附则") in structure
    table = build_comparison(c)
    notes = [r.note for r in table.rows]
    assert "第二章标题由“客户服务”修改为“客户服务与投诉”" in notes
    assert "新增第三章" in notes
    summary = c.summary()
    assert "~ chapter 第二章: 客户服务 → 客户服务与投诉" in summary
    assert "+ roles 'clerk'" in summary


def test_identical_versions_have_no_changes() -> None:
    c = changes_of(BASE, copy.deepcopy(BASE))
    assert c.is_empty and c.articles and not c.changed_articles
    assert "no changes of substance" in c.summary()
    assert build_comparison(c).footnote == "两个版本的条文没有实质变化。"


def test_json_parses_and_names_every_change() -> None:
    data = json.loads(crm().to_json())
    assert data["counts"] == {"added": 1, "deleted": 0, "amended": 1, "moved": 0, "renumbered": 8}
    assert [a["id"] for a in data["articles"]] == ["info-confidentiality", "complaints"]
    amended = data["articles"][1]
    assert amended["old"]["label"] == "第六条" and amended["new"]["label"] == "第七条"
    assert amended["diff"]["inline"] == "公司应建立客户投诉处理机制，及时{+、有效地+}处理客户投诉{+，并记录处理结果+}。"
    assert {"field": "version", "old": "1.0", "new": "1.1", "change": "changed", "key": None} in data["metadata"]
    assert data["renumbered"][0] == {"id": "communication-channels", "old_label": "第五条", "new_label": "第六条"}


def test_diff_of_2000_articles_is_quick() -> None:
    import time

    def big(n: int, shift: int) -> dict[str, Any]:
        chapters = []
        for c in range(n // 40):
            arts = [article(f"a{c}-{k}", f"第{c}章第{k}条：公司应当加强客户关系管理，提高服务质量，确保客户满意度持续提升。" * 2)
                    for k in range(40)]
            chapters.append({"id": f"c{c}", "title": f"第{c}部分", "articles": arts})
        if shift:
            chapters[0]["articles"].insert(0, article("new-first", "新增的第一条。"))
            chapters[10]["articles"][5]["text"] += "新增要求。"
        return policy(chapters)

    old, new = policygen.load_data(big(2000, 0)), policygen.load_data(big(2000, 1))
    start = time.perf_counter()
    c = diff_policies(old, new)
    elapsed = time.perf_counter() - start
    assert len(c.added) == 1 and len(c.amended) == 1 and len(c.renumbered) == 2000
    assert elapsed < 5, elapsed


# --------------------------------------------------------------------------- the comparison table


def test_comparison_rows_headers_and_footnote_per_language() -> None:
    table = build_comparison(crm())
    assert table.headers == ("修订前条文", "修订后条文", "修订说明")
    assert table.title == "客户关系管理规章制度修订对照表"
    assert [r.kind for r in table.rows] == ["added", "amended"]
    added, amended = table.rows
    assert added.before.empty and added.after.label == "第五条"
    assert added.note == "新增条款，明确未经客户同意不得向第三方泄露客户信息"
    assert (amended.before.label, amended.after.label) == ("第六条", "第七条")
    assert [s.op for s in amended.after.paragraphs[0]] == ["equal", "insert", "equal", "insert", "equal"]
    assert all(s.op != "insert" for s in amended.before.paragraphs[0])
    assert table.footnote == "注：其余条文未作实质修改，序号相应调整。"
    # Taiwan's 修正條文對照表 puts the amended text first; a zh-Hant policy numbered the PRC way keeps PRC order
    for language, convention, headers in (
        ("zh-Hant", None, ("修正條文", "現行條文", "說明")),
        ("zh-Hant", "prc", ("現行條文", "修正條文", "說明")),
        ("zh-Hans", "tw", ("修订后条文", "修订前条文", "修订说明")),
        ("en", None, ("Before", "After", "Note")),
    ):
        old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
        old["language"] = new["language"] = language
        if convention:
            old["convention"] = new["convention"] = convention
        new["chapters"][0]["articles"][0]["text"] = "目的已修改。"
        table = build_comparison(changes_of(old, new))
        assert table.headers == headers
        [row] = table.rows
        first, _ = table.cells(row)
        assert [s.op for s in first.paragraphs[0] if s.op != "equal"] == (
            ["insert"] if headers[0] in ("修正條文", "修订后条文") else ["delete"]
        )


def test_comparison_html_marks_insertions_and_deletions_and_escapes() -> None:
    new = copy.deepcopy(BASE)
    new["chapters"][0]["articles"][1]["text"] = "本制度适用于公司全体员工<及实习生>&外包人员。"
    new["chapters"][2]["articles"] = [article("interpretation", "本制度由客户关系部负责解释。")]
    html = render_comparison(changes_of(BASE, new), "html").decode("utf-8")
    assert "<ins>&lt;及实习生&gt;&amp;外包人员</ins>" in html
    assert "本制度由客户<del>服务</del>部负责解释。" in html
    assert "本制度由客户<ins>关系</ins>部负责解释。" in html
    assert "<th class=\"c-before\">修订前条文</th>" in html
    assert "text-decoration: underline" in html and "line-through" in html
    assert '<html lang="zh-CN">' in html


def test_comparison_docx_underlines_insertions_and_strikes_deletions(tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    new["chapters"][2]["articles"] = [article("interpretation", "本制度由客户关系部负责解释。")]
    data = render_comparison(changes_of(BASE, new), "docx")
    assert data == render_comparison(changes_of(BASE, new), "docx")  # same bytes every time
    path = tmp_path / "c.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["修订前条文", "修订后条文", "修订说明"]
    before, after, note = table.rows[1].cells
    struck = [r.text for p in before.paragraphs for r in p.runs if r.font.strike]
    underlined = [r.text for p in after.paragraphs for r in p.runs if r.font.underline]
    assert struck == ["服务"] and underlined == ["关系"]
    assert before.paragraphs[0].runs[0].text == "第六条" and after.paragraphs[0].runs[0].text == "第六条"
    assert before.paragraphs[0].text == "第六条　本制度由客户服务部负责解释。"
    assert note.text == "修改条文内容"
    assert b'w:eastAsia="\xe4\xbb\xbf\xe5\xae\x8b"' in _xml(path, "word/styles.xml")  # 仿宋 on the styles
    assert b"w:tblHeader" in _xml(path, "word/document.xml")


def _xml(path: Path, member: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(member)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_comparison_pdf_shows_both_numbers_of_a_moved_article(tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    arts = new["chapters"][1]["articles"]
    arts.append(arts.pop(0))  # 第三条 → 第五条
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_comparison(changes_of(BASE, new), "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "第三条" in text and "第五条" in text
    flat = "".join(text.split())  # pdftotext interleaves the lines of the three columns
    assert "原第三条" in flat and "调整为第五条" in flat
    assert "修订前条文" in text and "修订后条文" in text and "修订说明" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_crm_comparison_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "crm.pdf"
    pdf.write_bytes(render_comparison(crm(), "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for needle in ("客户关系管理规章制度修订对照表", "第五条", "第六条", "第七条", "新增条款", "记录处理结果的要求"):
        assert needle in flat


# --------------------------------------------------------------------------- the command


@pytest.fixture()
def main() -> Any:
    return cli.main


def test_cli_diff_text_and_json(main: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(V10), str(V11)]) == 0
    out = capsys.readouterr().out
    assert "+ added     第五条 客户信息保密 [info-confidentiality]" in out
    assert main(["diff", str(V10), str(V11), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["added"] == 1


def test_cli_diff_writes_table_and_tracked_docx(main: Any, tmp_path: Path) -> None:
    out, tracked = tmp_path / "table.docx", tmp_path / "tracked.docx"
    assert main(["diff", str(V10), str(V11), "-f", "docx", "--out", str(out), "--tracked", str(tracked)]) == 0
    assert docx.Document(str(out)).tables[0].rows[0].cells[0].text == "修订前条文"
    assert b"<w:ins " in _xml(tracked, "word/document.xml")


def test_cli_diff_side_from_releases(main: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "releases/crm-regulations/1.0"
    folder.mkdir(parents=True)
    shutil.copy(V10, folder / "crm-regulations.yaml")
    assert main(["diff", "crm-regulations@1.0", str(V11), "--releases", str(tmp_path / "releases")]) == 0
    assert "1.0 → 1.1" in capsys.readouterr().out
    assert main(["diff", "crm-regulations@0.9", str(V11), "--releases", str(tmp_path / "releases")]) == 1
    assert "released versions: 1.0" in capsys.readouterr().err


def test_cli_diff_side_from_git(main: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    # a stand-in `git` that answers `git show <rev>:<path>` from a folder of revisions
    store = tmp_path / "revs/abc123/policies"
    store.mkdir(parents=True)
    shutil.copy(V10, store / "crm-regulations.yaml")
    fake = tmp_path / "bin/git"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        '[ "$1" = show ] || exit 2\n'
        f'f="{tmp_path}/revs/$(echo "$2" | cut -d: -f1)/$(echo "$2" | cut -d: -f2-)"\n'
        '[ -f "$f" ] && exec cat "$f"\n'
        "echo \"fatal: path '$2' does not exist\" >&2; exit 128\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    assert main(["diff", "git:abc123:policies/crm-regulations.yaml", str(V11)]) == 0
    assert "1.0 → 1.1" in capsys.readouterr().out
    assert main(["diff", "git:abc123:nope.yaml", str(V11)]) == 1
    assert "git show failed — fatal: path" in capsys.readouterr().err
    assert main(["diff", "git:abc123", str(V11)]) == 2
