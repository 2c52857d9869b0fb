"""``policygen import --update``: a reviewer's DOCX edits back into the YAML."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

import policygen
from policygen.cli import main
from policygen.importer.update import UpdateError, update_policy

from .helpers import policy_docx

FIXTURE = Path(__file__).parent.parent / "fixtures" / "import" / "review.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = "2024-10-20T09:00:00Z"


def _run(text: str, tag: str = "w:t") -> Any:
    r = etree.Element(qn("w:r"))
    t = etree.SubElement(r, qn(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _tracked(kind: str, run: Any, ident: int) -> Any:
    el = etree.Element(qn(f"w:{kind}"))
    el.set(qn("w:id"), str(ident))
    el.set(qn("w:author"), "李审阅")
    el.set(qn("w:date"), WHEN)
    el.append(run)
    return el


def _article(document: Any, label: str) -> Any:
    return next(p for p in document.paragraphs if p.text.startswith(label))


def _reviewed(tmp_path: Path) -> tuple[Path, Path]:
    """Return (policy, reviewed DOCX): tracked insertion and deletion, a new and a deleted article, a comment."""
    policy = tmp_path / "review.yaml"
    shutil.copy(FIXTURE, policy)
    document = docx.Document(io.BytesIO(policy_docx(str(policy))))
    # 第二条: tracked deletion of 全体 and insertion of 正式, in Word's markup
    scope = _article(document, "第二条")
    body_run = scope.runs[-1]._r
    text = body_run.find(qn("w:t")).text
    assert text == "\u3000本办法适用于公司全体员工。"
    before, after = text.split("全体")
    body_run.find(qn("w:t")).text = before
    body_run.addnext(_run(after))
    body_run.addnext(_tracked("ins", _run("正式"), 901))
    body_run.addnext(_tracked("del", _run("全体", "w:delText"), 902))
    # 第三条 deleted as a whole with tracked changes: its runs and its paragraph mark
    obsolete = _article(document, "第三条")
    for r in list(obsolete._p.iterchildren(qn("w:r"))):
        r.getparent().replace(r, _tracked("del", _run(r.find(qn("w:t")).text, "w:delText"), 903))
    ppr = obsolete._p.get_or_add_pPr()
    rpr = etree.SubElement(ppr, qn("w:rPr"))
    rpr.append(_mark("del", 904))
    # a new article typed after 第五条 (tracked insertion of the whole paragraph)
    storage = _article(document, "第五条")
    new_p = etree.Element(qn("w:p"))
    new_ppr = etree.SubElement(new_p, qn("w:pPr"))
    etree.SubElement(new_ppr, qn("w:pStyle")).set(qn("w:val"), "Article")
    new_p.append(_tracked("ins", _run("第六条\u3000客户信息的销毁应当记录在案。"), 905))
    storage._p.addnext(new_p)
    # a comment on 第四条
    _comment(document, _article(document, "第四条"), "王法务", "告知用途须写明保存期限")
    reviewed = tmp_path / "reviewed.docx"
    document.save(str(reviewed))
    return policy, reviewed


def _mark(kind: str, ident: int) -> Any:
    el = etree.Element(qn(f"w:{kind}"))
    el.set(qn("w:id"), str(ident))
    el.set(qn("w:author"), "李审阅")
    el.set(qn("w:date"), WHEN)
    return el


def _comment(document: Any, paragraph: Any, author: str, text: str) -> None:
    root = etree.Element(qn("w:comments"), nsmap={"w": W[1:-1]})
    comment = etree.SubElement(root, qn("w:comment"))
    comment.set(qn("w:id"), "0")
    comment.set(qn("w:author"), author)
    comment.set(qn("w:date"), WHEN)
    p = etree.SubElement(comment, qn("w:p"))
    p.append(_run(text))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    part = Part(PackURI("/word/comments.xml"), ct, blob, document.part.package)
    document.part.relate_to(part, RT.COMMENTS)
    start = etree.Element(qn("w:commentRangeStart"))
    start.set(qn("w:id"), "0")
    paragraph._p.insert(1, start)
    end = etree.SubElement(paragraph._p, qn("w:commentRangeEnd"))
    end.set(qn("w:id"), "0")
    ref_run = etree.SubElement(paragraph._p, qn("w:r"))
    etree.SubElement(ref_run, qn("w:commentReference")).set(qn("w:id"), "0")


def test_update_applies_tracked_changes_new_and_deleted_articles(tmp_path: Path) -> None:
    policy, reviewed = _reviewed(tmp_path)
    result = update_policy(policy, reviewed)
    text = result.new_text
    assert "text: 本办法适用于公司正式员工。" in text
    assert "# 适用范围须经法务部确认\n      - id: scope" in text  # the comment beside the changed article stays
    assert "obsolete" not in text
    updated = policygen.loads(text)
    ids = [a.id for a in updated.iter_articles()]
    assert ids == ["purpose", "scope", "collection", "storage", "art-6"]
    assert updated.iter_articles()[-1].text == "客户信息的销毁应当记录在案。"
    assert updated.iter_articles()[3].text == "客户信息应加密存储，依照[[collection]]的要求处理。"
    assert updated.iter_articles()[2].text == "[[front-desk]]收集客户信息时应告知用途，具体如下："
    assert result.comments == ["comment at 第四条 (collection): 王法务: 告知用途须写明保存期限"]
    assert result.changes == ["deleted 第三条 (obsolete)", "changed 第二条 (scope)", "added 第六条 (art-6) after storage"]
    # untouched lines keep their quoting
    assert 'text: "[[front-desk]]收集客户信息时应告知用途，具体如下："' in text


def test_update_rejecting_tracked_changes_keeps_the_text(tmp_path: Path) -> None:
    policy, reviewed = _reviewed(tmp_path)
    result = update_policy(policy, reviewed, reject_tracked=True)
    assert result.changes == []
    assert result.new_text == result.old_text


def test_update_cli_dry_run_prints_diff_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, reviewed = _reviewed(tmp_path)
    before = policy.read_text(encoding="utf-8")
    assert main(["import", "--update", str(policy), str(reviewed), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "-        text: 本办法适用于公司全体员工。" in out
    assert "+        text: 本办法适用于公司正式员工。" in out
    assert "王法务: 告知用途须写明保存期限" in out
    assert policy.read_text(encoding="utf-8") == before
    assert main(["import", "--update", str(policy), str(reviewed)]) == 0
    assert "正式员工" in policy.read_text(encoding="utf-8")


def test_update_matches_by_bookmarks_when_the_ids_part_was_dropped(tmp_path: Path) -> None:
    policy, reviewed = _reviewed(tmp_path)
    document = docx.Document(str(reviewed))
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/customXml"):
            del document.part.rels[rel.rId]
    stripped = tmp_path / "stripped.docx"
    document.save(str(stripped))
    result = update_policy(policy, stripped)
    assert result.changes[0].startswith("note: ") and "matched by their bookmarks" in result.changes[0]
    assert result.changes[1:] == ["deleted 第三条 (obsolete)", "changed 第二条 (scope)", "added 第六条 (art-6) after storage"]
    other = tmp_path / "other.yaml"
    other.write_text(policy.read_text(encoding="utf-8").replace("id: purpose", "id: aim").replace("id: scope", "id: range")
                     .replace("id: obsolete", "id: old").replace("id: collection", "id: gather")
                     .replace("[[collection]]", "[[gather]]").replace("id: storage", "id: keep")
                     .replace("id: general", "id: gen").replace("id: handling", "id: hand"), encoding="utf-8")
    with pytest.raises(UpdateError, match="carries no policygen ids of 'review-demo'"):
        update_policy(other, stripped)


def test_update_refuses_another_policy_or_a_changed_source(tmp_path: Path) -> None:
    policy, reviewed = _reviewed(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(policy.read_text(encoding="utf-8").replace("id: review-demo", "id: other-policy"), encoding="utf-8")
    with pytest.raises(UpdateError, match="made from policy 'review-demo', not 'other-policy'"):
        update_policy(other, reviewed)
    policy.write_text(policy.read_text(encoding="utf-8").replace("特制定本办法", "特制定本细则"), encoding="utf-8")
    with pytest.raises(UpdateError, match="has changed since"):
        update_policy(policy, reviewed)
    assert update_policy(policy, reviewed, force=True).changed
    assert main(["import", "--update", str(policy), str(reviewed)]) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_docx_saved_by_libreoffice_keeps_its_ids(tmp_path: Path) -> None:
    import subprocess

    policy, reviewed = _reviewed(tmp_path)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "docx", "--outdir", str(out), str(reviewed)],
                   check=True, capture_output=True, timeout=180)
    result = update_policy(policy, out / "reviewed.docx")
    changes = [c for c in result.changes if not c.startswith("note:")]  # LibreOffice may drop the custom XML part
    assert changes == ["deleted 第三条 (obsolete)", "changed 第二条 (scope)", "added 第六条 (art-6) after storage"]
    assert any("王法务: 告知用途须写明保存期限" in line for line in result.comments)
