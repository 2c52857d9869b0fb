"""Inserted (之一) and deleted articles, parts (编), starting numbers, references across policies
and pasted numbers, checked on the resolved document and through `policygen validate`."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import policygen
from policygen.errors import ValidationError
from policygen.loader.project_files import check_paths
from policygen.resolver import index_policies, resolve_policy
from policygen.resolver.document import ResolvedDocument, ResolvedItem

FIXTURES = Path(__file__).parent / "fixtures" / "structures"


def doc_of(name: str) -> ResolvedDocument:
    return resolve_policy(policygen.load(FIXTURES / name))


def labels(doc: ResolvedDocument) -> list[str]:
    return [a.label for a in doc.iter_articles()]


def text(doc: ResolvedDocument, ident: str) -> str:
    return next(a for a in doc.iter_articles() if a.id == ident).paragraphs[0].text.plain


def ladder(items: list[ResolvedItem]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item.label)
        out += ladder(item.items)
    return out


def test_taiwan_policy_with_two_inserted_articles_in_a_row_and_one_deleted() -> None:
    doc = doc_of("tw-amended.yaml")
    assert labels(doc) == ["第一條", "第二條", "第二條之一", "第二條之二", "第三條", "第四條", "第五條"]
    deleted = next(a for a in doc.iter_articles() if a.id == "old-rule")
    assert deleted.deleted and [p.text.plain for p in deleted.paragraphs] == ["（刪除）"]
    assert [a.sub for a in doc.iter_articles()] == [0, 0, 1, 2, 0, 0, 0]
    assert text(doc, "scope-interns") == "實習生之請假，依第二條之一辦理。"
    assert text(doc, "after") == "請假手續依第四條及第三條之規定辦理；第二條之二另有規定者，從其規定。"
    # 中央法規標準法 第8條: 項 unnumbered, 款 一、, 目 （一）, then １、
    kinds = next(a for a in doc.iter_articles() if a.id == "kinds")
    assert ladder(kinds.paragraphs[0].items) == ["一、", "二、", "（一）", "（二）", "１、", "（１）"]
    assert doc.convention == "tw"


def test_prc_policy_in_two_parts_starting_at_article_205() -> None:
    doc = doc_of("prc-parts.yaml")
    assert [p.heading for p in doc.parts] == ["第二编 通则", "第三编 所有权"]
    assert [(c.label, c.part.label if c.part else None, c.opens_part) for c in doc.chapters] == [
        ("第一章", "第二编", True), ("第二章", "第三编", True), ("第三章", "第三编", False),
    ]
    assert labels(doc) == ["第二百零五条", "第二百零六条", "第二百零七条", "第二百零七条之一", "第二百零八条", "第二百零九条"]
    assert text(doc, "repealed") == "（删去）"
    assert text(doc, "supplement") == "本条补充第二百零七条。"
    assert text(doc, "state-owned").endswith("见第三编、第三章。")
    principle = next(a for a in doc.iter_articles() if a.id == "principle")
    assert ladder(principle.paragraphs[0].items) == ["（一）", "（二）", "1.", "2.", "（1）", "（2）"]


def _data(name: str) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load((FIXTURES / name).read_text(encoding="utf-8"))
    for key in ("issued", "effective"):
        data[key] = data[key].isoformat()
    return data


def test_first_chapter_and_a_convention_chosen_against_the_language() -> None:
    data = _data("prc-parts.yaml")
    data.update(first_chapter=4, convention="tw")
    doc = resolve_policy(policygen.load_data(data))
    assert [c.label for c in doc.chapters] == ["第四章", "第五章", "第六章"]
    assert labels(doc)[0] == "第二百零五条"
    data.update(first_article=110)
    assert labels(resolve_policy(policygen.load_data(data)))[:2] == ["第一百十条", "第一百十一条"]


def test_numbering_goes_on_past_ten_thousand() -> None:
    data = _data("tw-amended.yaml")
    data["first_article"] = 9999
    assert labels(resolve_policy(policygen.load_data(data)))[:4] == ["第九千九百九十九條", "第一萬條", "第一萬條之一", "第一萬條之二"]


def test_inserted_first_article_is_an_error_at_its_position() -> None:
    text_ = (FIXTURES / "tw-amended.yaml").read_text(encoding="utf-8").replace(
        "      - id: purpose\n", "      - id: purpose\n        inserted: true\n", 1)
    with pytest.raises(ValidationError) as info:
        policygen.loads(text_, name="first.yaml")
    [problem] = info.value.errors
    assert str(problem).startswith("first.yaml:19:19: error: the first article cannot be `inserted`")


def test_an_article_without_text_must_be_deleted() -> None:
    data = _data("tw-amended.yaml")
    del data["chapters"][0]["articles"][0]["text"]
    with pytest.raises(ValidationError) as info:
        policygen.load_data(data, name="x")
    assert [p.message for p in info.value.errors] == ["missing required key 'text' — add `text:` here"]


def test_parts_and_chapters_together_are_an_error() -> None:
    data = _data("prc-parts.yaml")
    data["chapters"] = [{"title": "附则", "articles": [{"text": "本规定自发布之日起施行。"}]}]
    with pytest.raises(ValidationError) as info:
        policygen.load_data(data, name="x")
    assert any("keeps its chapters inside the parts" in p.message for p in info.value.errors)


# --- references across policies -------------------------------------------------------------


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    return root


def test_cross_policy_references_resolve_to_title_and_article() -> None:
    policies = [policygen.load(FIXTURES / "project" / "policies" / f"{n}.yaml") for n in ("leave", "conduct")]
    others = index_policies(policies)
    leave = resolve_policy(policies[0], others=others)
    spans = next(a for a in leave.iter_articles() if a.id == "discipline").paragraphs[0].text.spans
    assert "".join(s.text for s in spans) == "违反本办法的，依照《员工行为规范》第四条处理；其他事项适用《员工行为规范》。"
    assert [(s.text, s.href) for s in spans if s.href] == [("《员工行为规范》第四条", "conduct--penalties"),
                                                          ("《员工行为规范》", "conduct")]
    unlinked = resolve_policy(policies[0], others=index_policies(policies, link=False))
    assert not any(s.href for s in unlinked.iter_articles()[1].paragraphs[0].text.spans)


def test_english_cross_policy_reference() -> None:
    conduct = _data_of(FIXTURES / "project" / "policies" / "conduct.yaml")
    conduct.update(language="en", title="Code of Conduct")
    leave = _data_of(FIXTURES / "project" / "policies" / "leave.yaml")
    leave["language"] = "en"
    others = index_policies([policygen.load_data(conduct)])
    doc = resolve_policy(policygen.load_data(leave), others=others)
    assert doc.iter_articles()[1].paragraphs[0].text.plain == (
        "违反本办法的，依照Code of Conduct, Article 4处理；其他事项适用Code of Conduct。")


def _data_of(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    for key in ("issued", "effective"):
        data[key] = data[key].isoformat()
    return data


def validate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policygen", "validate", *args], cwd=cwd, capture_output=True,
                          text=True, check=False)


def test_single_file_validate_reports_cross_policy_references_as_not_checkable(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    result = validate("policies/leave.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        ("policies/leave.yaml:14:20: note: reference [[conduct#penalties]] names policy 'conduct' — not checkable in a "
        "single file; validate the project folder to check it"),
        ("policies/leave.yaml:14:50: note: reference [[conduct]] names nothing in this policy — if 'conduct' is another "
        "policy, it is checked when the project folder is validated (not checkable in a single file)"),
    ]
    assert "0 error(s), 0 warning(s), 2 note(s)" in result.stdout
    assert validate(".", cwd=root).returncode == 0


def test_project_validate_reports_unknown_articles_and_every_dangling_reference(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    leave = root / "policies" / "leave.yaml"
    leave.write_text(leave.read_text(encoding="utf-8").replace("conduct#penalties", "conduct#penalty"), encoding="utf-8")
    result = check_paths([str(root)])
    assert [str(p).split("policies/")[-1] for p in result.errors] == [
        ("leave.yaml:14:20: error: reference [[conduct#penalty]]: policy 'conduct' has no id 'penalty' — did you mean "
        "'penalties'?"),
    ]
    # remove the referenced policy from the project: every reference to it is reported
    (root / "policygen.yaml").write_text((root / "policygen.yaml").read_text(encoding="utf-8").replace(
        "[leave, conduct, property]", "[leave, property]"), encoding="utf-8")
    (root / "policies" / "conduct.yaml").unlink()
    result = validate(".", cwd=root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [e.split(": error: ")[0] for e in errors] == ["policies/leave.yaml:14:20", "policies/leave.yaml:14:48"]
    assert "the project has no policy 'conduct'" in errors[0]
    assert "names no article, chapter, role, channel or policy of the project" in errors[1]


# --- pasted numbers ----------------------------------------------------------------------------

PASTED = """format: 1
id: pasted
kind: regulation
title: 规定
version: "1.0"
issued: 2024-10-01
effective: 2024-10-15
owner: 办公室
chapters:
  - title: 第一章 总则
    sections:
      - title: 第一节　一般规定
        articles:
          - text: 第一百九十八条 公司应当依法经营。
            items: [（一）遵守法律；, 二、诚实守信；, "1. 其他。", (a) others, 1.5倍工资照付。]
          - text: 之一 补充规定。
          - text: 第三条规定的情形除外。
"""


def test_pasted_numbers_are_warnings_with_position_and_fix() -> None:
    policy = policygen.loads(PASTED, name="pasted.yaml")
    got = [(w.line, w.col, w.message.split(",")[0]) for w in policy.warnings]
    assert got == [
        (10, 12, "chapter title starts with '第一章'"),
        (12, 16, "section title starts with '第一节'"),
        (14, 19, "article text starts with '第一百九十八条'"),
        (15, 21, "item text starts with '（一）'"),
        (15, 31, "item text starts with '二、'"),
        (15, 40, "item text starts with '1.'"),
        (15, 50, "item text starts with '(a)'"),
        (16, 19, "article text starts with '之一'"),
    ]
    assert "delete '第一百九十八条' from the start" in policy.warnings[2].message


def test_validate_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    (tmp_path / "pasted.yaml").write_text(PASTED, encoding="utf-8")
    relaxed = validate("pasted.yaml", cwd=tmp_path)
    assert relaxed.returncode == 0 and "8 warning(s)" in relaxed.stdout
    strict = validate("--strict", "pasted.yaml", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[0] == (
        "pasted.yaml:10:12: error: chapter title starts with '第一章', which looks like a pasted number — policygen "
        "numbers it itself; delete '第一章' from the start (use first_article / first_chapter for a fragment that "
        "starts later)"
    )
    assert "8 error(s), 0 warning(s)" in strict.stdout


def test_locale_appendix_labels() -> None:
    from policygen.resolver.locale import locale_for

    assert locale_for("zh-Hans").appendix_heading(1, "岗位职责索引") == "附录一　岗位职责索引"
    assert locale_for("zh-Hant").appendix_label(3) == "附錄三"
    assert locale_for("en").appendix_heading(2, "Channel directory") == "Appendix 2. Channel directory"
    assert locale_for("zh-Hant").default_theme == "gbt9704" and locale_for("en").default_theme == "modern"
    assert locale_for("zh-Hant").convention.name == "tw" and locale_for("zh-Hans").convention.name == "prc"
    assert locale_for("en", "tw").convention.name == "en"
    assert copy.copy(locale_for("en")).html_lang == "en"


# --- diff and the comparison table ---------------------------------------------------------------


def _versions() -> tuple[dict[str, Any], dict[str, Any]]:
    new = _data("tw-amended.yaml")
    old = copy.deepcopy(new)
    old["version"] = "1.0"
    old["changelog"] = [{"version": "1.0", "date": "2024-01-01", "summary": "發布"}]
    articles = old["chapters"][0]["articles"]
    old["chapters"][0]["articles"] = [a for a in articles if not a.get("inserted")]
    for a in old["chapters"][0]["articles"]:
        if a["id"] == "old-rule":
            del a["deleted"]
            a["text"] = "員工請假應事先以書面提出。"
        if a["id"] == "after":
            a["text"] = "請假手續依[[kinds]]辦理。"
    return old, new


def test_diff_inserted_is_an_addition_and_deleted_a_deletion_that_renumber_nothing() -> None:
    from policygen.versioning.diff import diff_policies

    old, new = _versions()
    changes = diff_policies(policygen.load_data(old), policygen.load_data(new))
    kinds = {a.id: a.kind for a in changes.articles}
    assert kinds == {"purpose": "unchanged", "scope": "unchanged", "scope-supplement": "added",
                     "scope-interns": "added", "old-rule": "deleted", "kinds": "unchanged", "after": "amended"}
    assert not any(a.renumbered for a in changes.articles)


def test_comparison_table_of_a_taiwan_amendment() -> None:
    from policygen.versioning.comparison import build_comparison
    from policygen.versioning.diff import diff_policies

    old, new = _versions()
    table = build_comparison(diff_policies(policygen.load_data(old), policygen.load_data(new)))
    assert table.headers == ("修正條文", "現行條文", "說明")
    rows = [(r.kind, *(c.label for c in table.cells(r)), r.note) for r in table.rows]
    assert rows == [
        ("added", "第二條之一", "", "新增條文"),
        ("added", "第二條之二", "", "新增條文"),
        ("deleted", "第三條", "第三條", "刪除條文"),
        ("amended", "第五條", "第五條", "修正條文內容"),
    ]
    deleted = next(r for r in table.rows if r.kind == "deleted")
    amended_cell, current_cell = table.cells(deleted)
    assert "".join(s.text for p in amended_cell.paragraphs for s in p) == "（刪除）"
    assert "".join(s.text for p in current_cell.paragraphs for s in p) == "員工請假應事先以書面提出。"
