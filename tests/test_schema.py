"""The shipped JSON Schemas are current and describe the files editors will see."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from policygen.schema import SCHEMA_FILES, build_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
POLICIES = sorted((ROOT / "policies").glob("*.yaml"))
FIXTURES = Path(__file__).parent / "fixtures"


def as_editor_sees_it(path: Path) -> Any:
    """Return the YAML as plain JSON data: dates as ISO text, like yaml-language-server."""
    return _isoformat(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def _isoformat(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _isoformat(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_isoformat(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def validator(which: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[which]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("which", sorted(SCHEMA_FILES))
def test_shipped_schema_is_current(which: str) -> None:
    shipped = (SCHEMA_DIR / SCHEMA_FILES[which]).read_text(encoding="utf-8")
    assert shipped == schema_text(which), (
        f"schema/{SCHEMA_FILES[which]} is stale — run `policygen schema --out schema` and commit the result"
    )


def test_schema_is_draft_2020_12_with_descriptions() -> None:
    schema = build_schema("policy")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    # every field has a one-line description (it feeds editor tooltips)
    for name, definition in [("Policy", schema), *schema["$defs"].items()]:
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description"
            assert "\n" not in prop["description"]


@pytest.mark.parametrize("path", POLICIES, ids=[p.name for p in POLICIES])
def test_schema_accepts_shipped_policy(path: Path) -> None:
    errors = sorted(validator("policy").iter_errors(as_editor_sees_it(path)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_schema_accepts_project_file() -> None:
    errors = list(validator("project").iter_errors(as_editor_sees_it(ROOT / "policygen.yaml")))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "path",
    sorted(
        p for case in ("minimal", "cross-refs", "en", "zh-hant", "notice", "warnings")
        for p in (FIXTURES / case).rglob("*.yaml") if p.name != "policygen.yaml"
    ),
    ids=lambda p: p.name,
)
def test_schema_accepts_fixture_policies(path: Path) -> None:
    assert not list(validator("policy").iter_errors(as_editor_sees_it(path)))


def _messages(which: str, data: Any) -> list[str]:
    return sorted(e.message for e in validator(which).iter_errors(data))


def test_schema_rejects_unknown_key() -> None:
    data = as_editor_sees_it(FIXTURES / "cross-refs/cross-refs.yaml")
    data["chapters"][0]["articles"][0]["titel"] = "目的"
    errors = list(validator("policy").iter_errors(data))
    assert len(errors) == 1
    assert list(errors[0].absolute_path) == ["chapters", 0, "articles", 0]
    assert "'titel' was unexpected" in errors[0].message


def test_schema_rejects_bad_kind() -> None:
    data = as_editor_sees_it(FIXTURES / "cross-refs/cross-refs.yaml")
    data["kind"] = "memo"
    assert _messages("policy", data) == ["'memo' is not one of ['regulation', 'notice']"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d.pop("owner"), "'owner' is a required property"),
        (lambda d: d.update(version="v1"), "does not match"),
        (lambda d: d.update(issued="2024-02-30"), "is not a 'date'"),
        (lambda d: d.update(language="zh-CN"), "is not one of ['zh-Hans', 'zh-Hant', 'en']"),
        (lambda d: d.update(id="Bad Id"), "does not match"),
        (lambda d: d.update(recipients="全体员工"), "is not of type 'array'"),
    ],
)
def test_schema_rejects_broken_policy(change: Any, fragment: str) -> None:
    data = copy.deepcopy(as_editor_sees_it(FIXTURES / "cross-refs/cross-refs.yaml"))
    change(data)
    messages = _messages("policy", data)
    assert len(messages) == 1 and fragment in messages[0], messages


def test_schema_accepts_short_forms_the_loader_accepts() -> None:
    data = as_editor_sees_it(FIXTURES / "cross-refs/cross-refs.yaml")
    # items and paragraphs may be plain strings; a channel value may be a bare number
    data["chapters"][0]["articles"][0]["paragraphs"] = ["第二款。", {"text": "第三款：", "items": ["一项。"]}]
    data["channels"][0]["value"] = 12345678
    assert _messages("policy", data) == []


def test_schema_rejects_broken_project() -> None:
    data = as_editor_sees_it(ROOT / "policygen.yaml")
    data["formats"] = ["pdf", "epub"]
    data["titel"] = data.pop("title")
    assert _messages("project", data) == [
        "'epub' is not one of ['pdf', 'docx', 'html']",
        "'title' is a required property",
        "Additional properties are not allowed ('titel' was unexpected)",
    ]
