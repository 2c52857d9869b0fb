"""The public Python API: load and resolve from a path, a string or a dict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import policygen
from policygen import Policy, PolicygenError, Problem, ResolvedDocument, ValidationError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal/policies/minimal.yaml"
POLICIES = sorted((ROOT / "policies").glob("*.yaml"))


def minimal_dict() -> dict[str, Any]:
    return {
        "format": 1,
        "id": "minimal",
        "kind": "regulation",
        "title": "最小制度",
        "version": "1.0",
        "issued": "2024-10-01",
        "effective": dt.date(2024, 10, 15),  # a date object is fine too
        "owner": "客户服务部",
        "chapters": [
            {
                "id": "general",
                "title": "总则",
                "articles": [
                    {"id": "purpose", "text": "为规范管理，特制定本制度。"},
                    {"id": "scope", "text": "依照[[purpose]]执行。"},
                ],
            }
        ],
    }


def check_minimal(policy: Policy) -> None:
    assert isinstance(policy, Policy)
    assert (policy.id, policy.kind, policy.language, policy.version) == ("minimal", "regulation", "zh-Hans", "1.0")
    assert policy.issued == dt.date(2024, 10, 1)
    assert policy.effective == dt.date(2024, 10, 15)
    assert policy.status == "draft"
    assert policy.iter_articles()[0].text == "为规范管理，特制定本制度。"


# --- load ------------------------------------------------------------------


def test_load_from_path() -> None:
    policy = policygen.load(MINIMAL)
    check_minimal(policy)
    assert policy.source_path == str(MINIMAL.resolve())


def test_load_from_str_path(monkeypatch: pytest.MonkeyPatch) -> None:
    check_minimal(policygen.load(str(MINIMAL)))
    monkeypatch.chdir(FIXTURES)
    check_minimal(policygen.load("minimal/policies/minimal.yaml"))


def test_load_from_yaml_text() -> None:
    policy = policygen.loads(MINIMAL.read_text(encoding="utf-8"))
    check_minimal(policy)
    assert policy.source_path is None


def test_load_from_one_line_flow_yaml() -> None:
    text = (
        '{format: 1, id: minimal, kind: regulation, title: 最小制度, version: "1.0", issued: 2024-10-01, '
        "effective: 2024-10-15, owner: 客户服务部, articles: [{text: 为规范管理，特制定本制度。}]}"
    )
    check_minimal(policygen.loads(text))


def test_load_from_dict() -> None:
    policy = policygen.load_data(minimal_dict())
    check_minimal(policy)
    assert policy.source_path is None


def test_load_project() -> None:
    project = policygen.load_project(ROOT / "policygen.yaml")
    assert project.organisation
    assert project.title == "客户管理规章制度汇编"
    assert project.policies


# --- errors carry locations -------------------------------------------------


def test_path_errors_carry_line_and_col(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    with pytest.raises(ValidationError) as info:
        policygen.load("invalid/unknown-role.yaml")
    [problem] = info.value.problems
    assert isinstance(problem, Problem)
    assert (problem.source, problem.line, problem.col, problem.severity) == (
        "invalid/unknown-role.yaml", 15, 25, "error"
    )
    assert problem.key_path == ("articles", 0, "roles", 1)
    assert problem.message == "role 'front-dsk' is not declared — did you mean 'front-desk'?"


def test_text_errors_carry_line_and_col() -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("issued: 2024-10-01", "issued: 2024-02-30")
    with pytest.raises(ValidationError) as info:
        policygen.loads(text)
    assert [str(p) for p in info.value.problems] == [
        "<string>:6:9: error: issued: '2024-02-30' is not a valid date — write a real day as YYYY-MM-DD"
    ]
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="editor-buffer.yaml")
    assert (info.value.problems[0].source, info.value.problems[0].line) == ("editor-buffer.yaml", 6)


def test_dict_errors_name_the_key_path() -> None:
    data = minimal_dict()
    data["chapters"][0]["articles"][1]["text"] = 5
    data["chapters"][0]["articles"][0]["titel"] = "目的"
    del data["owner"]
    with pytest.raises(ValidationError) as info:
        policygen.load_data(data)
    assert [str(p) for p in info.value.problems] == [
        "<dict>:chapters[0].articles[0].titel: error: unknown key 'titel' — did you mean 'title'?",
        "<dict>:chapters[0].articles[1].text: error: text: expected text, got the number 5 — quote it or write plain text",
        "<dict>:owner: error: missing required key 'owner' — add `owner:` here",
    ]
    assert all(p.line == 0 and p.col == 0 for p in info.value.problems)


def test_dict_rule_errors_name_the_key_path() -> None:
    data = minimal_dict()
    data["chapters"][0]["articles"][1]["text"] = "依照[[purpos]]执行。"
    data["effective"] = "2024-09-01"
    with pytest.raises(ValidationError) as info:
        policygen.load_data(data, name="from-portal")
    assert [str(p) for p in info.value.problems] == [
        "from-portal:chapters[0].articles[1].text: error: reference [[purpos]] names no article, chapter, "
        "role or channel — did you mean 'purpose'?",
        "from-portal:effective: error: effective date 2024-09-01 is before the issue date 2024-10-01 — a "
        "policy cannot take effect before it is issued",
    ]


def test_dict_top_level_must_be_a_mapping() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads("- a\n- b\n")
    assert info.value.problems[0].message.startswith("expected a mapping of keys at the top level, got list")


def test_missing_file_is_a_policygen_error(tmp_path: Path) -> None:
    with pytest.raises(PolicygenError, match="no such file — check the path") as info:
        policygen.load(tmp_path / "nothere.yaml")
    assert not isinstance(info.value, ValidationError)
    with pytest.raises(PolicygenError, match=r"is a folder — give a \.yaml file"):
        policygen.load(tmp_path)


def test_unreadable_path_string_is_a_policygen_error() -> None:
    # a one-line string without ':' is taken as a path; an absurd one must not escape as OSError
    with pytest.raises(PolicygenError, match="cannot be read"):
        policygen.load("x" * 5000)


def test_validation_error_is_a_policygen_error_and_not_a_pydantic_one() -> None:
    import pydantic

    with pytest.raises(ValidationError) as info:
        policygen.load_data({"format": 1})
    assert isinstance(info.value, PolicygenError)
    assert not isinstance(info.value, pydantic.ValidationError)
    assert info.value.errors == info.value.problems


def test_warnings_are_attached_to_the_policy() -> None:
    policy = policygen.load(FIXTURES / "warnings/warnings.yaml")
    assert [(w.line, w.col, w.severity) for w in policy.warnings] == [(10, 9, "warning"), (13, 9, "warning")]


# --- resolve ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["path", "str", "text", "dict", "model"])
def test_resolve_from_each_source(kind: str) -> None:
    source: Any = {
        "path": MINIMAL,
        "str": str(MINIMAL),
        "text": policygen.loads(MINIMAL.read_text(encoding="utf-8")),
        "dict": minimal_dict(),
        "model": policygen.load(MINIMAL),
    }[kind]
    doc = policygen.resolve(source, organisation="示例科技有限公司")
    assert isinstance(doc, ResolvedDocument)
    assert doc.organisation == "示例科技有限公司"
    assert doc.chapters[0].heading == "第一章 总则"
    assert doc.iter_articles()[0].label == "第一条"
    if kind == "dict":
        assert doc.iter_articles()[1].paragraphs[0].text.plain == "依照第一条执行。"


def test_resolve_raises_validation_error_for_bad_sources() -> None:
    data = minimal_dict()
    data["version"] = "1"
    with pytest.raises(ValidationError) as info:
        policygen.resolve(data)
    assert [str(p) for p in info.value.problems] == [
        "<dict>:version: error: version '1' is not MAJOR.MINOR[.PATCH] — write it in quotes, e.g. \"1.0\""
    ]


def test_load_does_not_modify_the_dict() -> None:
    data = minimal_dict()
    before = repr(data)
    policygen.resolve(data)
    assert repr(data) == before


# --- the shipped policies --------------------------------------------------


def test_there_are_shipped_policies() -> None:
    assert len(POLICIES) >= 20


@pytest.mark.parametrize("path", POLICIES, ids=[p.name for p in POLICIES])
def test_shipped_policy_validates_and_resolves(path: Path) -> None:
    policy = policygen.load(path)
    assert policy.warnings == []
    assert policy.id == path.stem
    doc = policygen.resolve(policy)
    for article in doc.iter_articles():
        assert article.paragraphs
        for paragraph in article.paragraphs:
            assert "[[" not in paragraph.text.plain or "\\[[" in path.read_text(encoding="utf-8")


def test_shipped_policies_round_trip_through_dicts() -> None:
    # a program that reads the YAML itself and hands policygen a dict gets the same model
    for path in POLICIES:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        assert policygen.load_data(data).model_dump() == policygen.load(path).model_dump(), path.name
