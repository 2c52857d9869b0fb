"""``policygen new``: a skeleton that validates, listed in policygen.yaml with its comments kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.cli import main


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert main(["init", str(tmp_path / "demo")]) == 0
    root = tmp_path / "demo"
    text = (root / "policygen.yaml").read_text(encoding="utf-8")
    text = text.replace("  - crm-regulations\n", "  - crm-regulations   # the main regulation\n")
    (root / "policygen.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("kind", ["notice", "regulation"])
def test_new_policy_validates_and_is_listed(project: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", kind, "visitor-rules", "--title", "访客管理制度"]) == 0
    created = project / "policies" / "visitor-rules.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/policy.schema.json\n")
    assert f"kind: {kind}\n" in text and "title: 访客管理制度\n" in text
    project_text = (project / "policygen.yaml").read_text(encoding="utf-8")
    assert "  - crm-regulations   # the main regulation\n  - visitor-rules\n" in project_text
    assert project_text.startswith("# yaml-language-server: $schema=schema/project.schema.json\n")
    capsys.readouterr()
    assert main(["validate"]) == 0, capsys.readouterr()
    assert "visitor-rules v1.0" in capsys.readouterr().out


def test_new_refuses_an_existing_file_and_a_bad_id(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "policygen.yaml").read_text(encoding="utf-8")
    assert main(["new", "notice", "crm-regulations"]) == 1
    assert "already exists — policygen new never overwrites a policy" in capsys.readouterr().err
    assert main(["new", "notice", "Visitor Rules"]) == 1
    assert "'Visitor Rules' is not a valid id" in capsys.readouterr().err
    assert (project / "policygen.yaml").read_text(encoding="utf-8") == before


def test_new_outside_a_project_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "notice", "x"]) == 2
    assert "no policygen.yaml here or above" in capsys.readouterr().err
