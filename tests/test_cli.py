"""The ``policygen`` command, run as a real process: output, exit status, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import policygen

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted(p.name for p in (FIXTURES / "invalid").glob("*.yaml"))
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<what>.+) — (?P<fix>.+)$")


def start(*args: str, cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "policygen", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    assert "Traceback" not in stdout, stdout
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return finish(start(*args, cwd=cwd))


@pytest.fixture(scope="module")
def broken_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """Return the result of `policygen validate invalid/<name>` for every broken fixture.

    The processes run side by side: each is a separate `policygen` call.
    """
    processes = {name: start("validate", f"invalid/{name}", cwd=FIXTURES) for name in INVALID}
    return {name: finish(process) for name, process in processes.items()}


def test_validate_shipped_policies() -> None:
    result = run("validate", "policies/")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    files = sorted((ROOT / "policies").glob("*.yaml"))
    assert len(files) >= 20
    for path in files:
        assert re.search(rf"^ok +policies/{re.escape(path.name)}  \S+ v\d+\.\d+(\.\d+)? \(\d+ articles\)$",
                         result.stdout, re.M), path.name
    assert re.search(rf"^checked {len(files)} policies in \d+\.\d\d s: 0 error\(s\), 0 warning\(s\)$",
                     result.stdout, re.M), result.stdout


def test_validate_project_folder() -> None:
    result = run("validate", ".")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^checked \d+ policies and the project file in ", result.stdout, re.M), result.stdout
    assert "ok      policies/crm-regulations.yaml  crm-regulations" in result.stdout


def test_validate_defaults_to_the_current_folder() -> None:
    result = run("validate", cwd=FIXTURES / "minimal")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "ok      policies/minimal.yaml  minimal v1.0 (1 articles)"
    assert "checked 1 policies and the project file" in result.stdout


@pytest.mark.parametrize("name", INVALID)
def test_broken_fixture_exits_1_with_located_problems(
    name: str, broken_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    result = broken_runs[name]
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines, result.stdout
    for line in lines:
        match = LOCATED.match(line)
        assert match, line
        assert match["file"] == f"invalid/{name}"
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
    assert f"failed  invalid/{name}" in result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown-key.yaml", "invalid/unknown-key.yaml:11:5: error: unknown key 'titel' — did you mean 'title'?"),
        ("duplicate-id.yaml", "invalid/duplicate-id.yaml:18:13: error: duplicate id 'purpose' (already used by an article) — ids must be unique in a policy"),
        ("unknown-role.yaml", "invalid/unknown-role.yaml:15:25: error: role 'front-dsk' is not declared — did you mean 'front-desk'?"),
        ("effective-before-issued.yaml", "invalid/effective-before-issued.yaml:7:12: error: effective date 2024-09-15 is before the issue date 2024-10-01 — a policy cannot take effect before it is issued"),
        ("syntax.yaml", "invalid/syntax.yaml:12:4: error: YAML syntax: expected <block end>, but found '<block mapping start>' — this line does not line up with the block that starts at line 10; check its indentation and the quotes on the lines above"),
    ],
)
def test_done_when_cases(
    name: str, expected: str, broken_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    result = broken_runs[name]
    assert result.returncode == 1
    assert result.stderr.splitlines() == [expected]


def test_all_problems_of_several_files_sorted() -> None:
    result = run("validate", "invalid/unknown-key.yaml", "invalid/duplicate-id.yaml", cwd=FIXTURES)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "invalid/duplicate-id.yaml:18:13: error: duplicate id 'purpose' (already used by an article) — ids must be unique in a policy",
        "invalid/unknown-key.yaml:11:5: error: unknown key 'titel' — did you mean 'title'?",
    ]
    assert result.stdout.splitlines()[-1].endswith(": 2 error(s), 0 warning(s)")


def test_invalid_folder_reports_every_file() -> None:
    result = run("validate", "invalid", cwd=FIXTURES)
    assert result.returncode == 1
    files = {LOCATED.match(line)["file"] for line in result.stderr.splitlines()}  # type: ignore[index]
    assert files == {f"invalid/{name}" for name in INVALID}


def test_gbk_file(tmp_path: Path) -> None:
    (tmp_path / "gbk.yaml").write_bytes("format: 1\ntitle: 客户关系管理规章制度\n".encode("gbk"))
    result = run("validate", "gbk.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("gbk.yaml:2:8: error: file is not UTF-8 (it looks like GBK/GB18030)")


def test_warnings_do_not_fail_validation() -> None:
    result = run("validate", "warnings/warnings.yaml", cwd=FIXTURES)
    assert result.returncode == 0
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == ["warning", "warning"]
    assert "0 error(s), 2 warning(s)" in result.stdout


def test_quiet_prints_problems_only() -> None:
    result = run("validate", "-q", "minimal", cwd=FIXTURES)
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""


def test_duplicate_policy_ids_in_a_project(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    result = run("validate", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "b.yaml:1:1: error: policy id 'minimal' is also used by a.yaml — ids must be unique in a project"
    ]


def test_project_naming_a_missing_policy(tmp_path: Path) -> None:
    (tmp_path / "policygen.yaml").write_text(
        "format: 1\norganisation: 示例\ntitle: 汇编\npolicies: [ghost]\n", encoding="utf-8"
    )
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "policygen.yaml:1:1: error: policy file policies/ghost.yaml does not exist — fix `policies:` or add the file"
    ]


def test_broken_project_file(tmp_path: Path) -> None:
    (tmp_path / "policygen.yaml").write_text("format: 1\norganisation: 示例\ntitel: 汇编\n", encoding="utf-8")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "policygen.yaml:1:1: error: missing required key 'title' — add `title:` here",
        "policygen.yaml:3:1: error: unknown key 'titel' — did you mean 'title'?",
    ]


def test_nonexistent_path_is_a_usage_error() -> None:
    result = run("validate", "no/such/file.yaml", cwd=FIXTURES)
    assert result.returncode == 2
    assert result.stderr == "error: no/such/file.yaml: no such file or folder — check the path\n"


def test_folder_without_policies_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert "error: no policy files found" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    result = run("validate", "--bogus")
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr


def test_no_command_prints_help() -> None:
    result = run()
    assert result.returncode == 2
    assert "validate" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"policygen {policygen.__version__}\n"


def test_schema_prints_json() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "chapters" in schema["properties"]
    project = json.loads(run("schema", "project").stdout)
    assert "organisation" in project["properties"]


def test_schema_out_writes_both_files(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path / "schema"))
    assert result.returncode == 0
    for name in ("policy.schema.json", "project.schema.json"):
        written = (tmp_path / "schema" / name).read_text(encoding="utf-8")
        assert written == (ROOT / "schema" / name).read_text(encoding="utf-8")
