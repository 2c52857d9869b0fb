"""A project's output and policy folders stay inside the project unless the caller allows otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policygen.cli import main

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    monkeypatch.chdir(tmp_path)
    return root


def _set(root: Path, key: str, value: str) -> int:
    text = (root / "policygen.yaml").read_text(encoding="utf-8").rstrip("\n") + f"\n{key}: {value}\n"
    (root / "policygen.yaml").write_text(text, encoding="utf-8")
    return text.count("\n")


@pytest.mark.parametrize(("key", "value"), [("output", "../outside"), ("output", "/tmp/elsewhere"), ("policies_dir", "/etc")])
def test_a_folder_outside_the_project_is_refused(project: Path, key: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    line = _set(project, key, value)
    col = len(key) + 3
    assert main(["validate", "-q", "proj"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"proj/policygen.yaml:{line}:{col}: error: {key}: '{value}' is outside the project folder — use a folder "
        "inside it, or pass --allow-outside to read or write there"
    )


def test_build_refuses_output_outside_and_writes_nothing(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _set(project, "output", "../outside")
    assert main(["build", "-q", "-f", "html", "proj"]) == 1
    assert "is outside the project folder" in capsys.readouterr().err
    assert not (tmp_path / "outside").exists()


def test_allow_outside_builds_there(project: Path, tmp_path: Path) -> None:
    _set(project, "output", "../outside")
    assert main(["build", "-q", "-f", "html", "--allow-outside", "proj"]) == 0
    assert (tmp_path / "outside" / "minimal-v1.0.html").is_file()


def test_an_empty_policies_dir_is_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "empty").mkdir()
    line = _set(project, "policies_dir", "empty")
    text = (project / "policygen.yaml").read_text(encoding="utf-8")
    if "policies:" in text:
        pytest.fail("the fixture lists its policies; this test needs a project that does not")
    assert main(["validate", "proj"]) == 0
    out = capsys.readouterr().err
    assert f"proj/policygen.yaml:{line}:15: warning: policies_dir: proj/empty holds no policy files — add .yaml files there or fix the path" in out
