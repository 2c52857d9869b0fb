"""Validation of the keys of an issued document: issuers, seals, attachments — errors at file:line:col."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policygen.loader.project_files import check_paths
from policygen.resolver import resolve_policy

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_problem_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "gbt-invalid")
    result = check_paths(["."])
    shown = [f"{p.source}:{p.line}:{p.col}: {p.message}" for p in result.errors]
    notice = os.path.join("policies", "bad-notice.yaml")
    stray = os.path.join("policies", "stray-ref.yaml")
    assert f"{notice}:11:11: seal file 'seals/fake.png' is not a PNG or SVG file — give a PNG or SVG" in shown
    assert f"{notice}:13:5: attachment '没有来源' has no source — give one of `table:`, `policy:` or `file:`" in shown
    assert f"{notice}:16:11: attachment '两个来源' has policy and file — give exactly one source" in shown
    assert f"{stray}:11:13: attachment '不在项目中': policy 'plege' is not in the project — did you mean 'pledge'?" in shown


def test_a_missing_seal_of_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("policygen.yaml").write_text(
        "format: 1\norganisation: 甲\ntitle: 乙\nissuers:\n  - name: 甲\n    seal: seals/missing.png\n", encoding="utf-8"
    )
    shown = [str(p) for p in check_paths(["."]).errors]
    assert any(s.startswith("policygen.yaml:6:11: error: seal file 'seals/missing.png' does not exist") for s in shown), shown


def test_joint_issuers_stack_the_masthead() -> None:
    from policygen import loads

    policy = loads(
        "format: 1\nid: joint\nkind: notice\ntitle: 联合通知\nversion: '1.0'\nissued: 2024-10-01\n"
        "effective: 2024-10-01\nowner: 办公室\nsigned: 2024-09-05\n"
        "issuers:\n  - {name: 甲公司, masthead: 甲公司文件}\n  - {name: 乙公司, masthead: 乙公司文件}\n"
        "changelog:\n  - {version: '0.9', date: 2024-01-02, summary: 草拟}\n  - {version: '1.0', date: 2024-10-01, summary: 发布}\n"
        "chapters:\n  - title: 要求\n    articles: [{text: 请遵照执行。}]\n"
    )
    doc = resolve_policy(policy)
    assert doc.masthead is not None and (doc.masthead.names, doc.masthead.suffix) == (["甲公司", "乙公司"], "文件")
    assert doc.signed == "2024年9月5日"  # Arabic numerals, no leading zero
    assert [a.label for a in doc.attachments] == ["附件"]  # a changelog of two versions or more is the last attachment
    assert doc.attachments[0].kind == "changelog" and doc.printed_by == "甲公司"


def test_an_svg_seal_in_word_is_a_named_error(tmp_path: Path) -> None:
    import policygen
    from policygen.errors import RenderError

    (tmp_path / "seal.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    (tmp_path / "n.yaml").write_text(
        "format: 1\nid: n\nkind: notice\ntitle: 通知\nversion: '1.0'\nissued: 2024-10-01\neffective: 2024-10-01\n"
        "owner: 办公室\nissuers: [{name: 甲公司, seal: seal.svg}]\nchapters:\n  - title: 要求\n    articles: [{text: 请遵照执行。}]\n",
        encoding="utf-8",
    )
    policy = policygen.load(tmp_path / "n.yaml")
    with pytest.raises(RenderError, match=r"seal\.svg: a Word file cannot hold an SVG picture"):
        policygen.render(policy, "docx")
