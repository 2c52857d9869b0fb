"""`policygen bump`: a new version edited into the YAML in place, comments and layout untouched."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import policygen
from policygen import cli
from policygen.errors import PolicygenError, ReleaseError, ValidationError
from policygen.versioning.bump import bump, bump_text, next_version

ROOT = Path(__file__).resolve().parent.parent
COMMENTED = ROOT / "tests/fixtures/bump/commented.yaml"
DAY = dt.date(2024, 9, 1)


def comments(text: str) -> list[str]:
    """Return every comment of a YAML text in order (the fixtures hold no '#' inside strings)."""
    return [m.group(0).rstrip() for line in text.splitlines() for m in [re.search(r"#.*$", line)] if m]


def key_paths(node: Any, prefix: str = "") -> list[str]:
    """Return every mapping key path of loaded YAML, in document order."""
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append(f"{prefix}/{key}")
            out += key_paths(value, f"{prefix}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            out += key_paths(value, f"{prefix}[{n}]")
    return out


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@pytest.fixture()
def commented(tmp_path: Path) -> Path:
    path = tmp_path / "complaint-handling.yaml"
    shutil.copy(COMMENTED, path)
    return path


def test_next_version() -> None:
    assert [next_version("1.1", p) for p in ("major", "minor", "patch")] == ["2.0", "1.2", "1.1.1"]
    assert [next_version("1.9.3", p) for p in ("major", "minor", "patch")] == ["2.0", "1.10", "1.9.4"]
    with pytest.raises(PolicygenError):
        next_version("v1", "minor")


def test_bump_keeps_every_comment_key_order_and_quotes(commented: Path) -> None:
    before = commented.read_text("utf-8")
    result = bump(commented, "minor", "新增回访满意度评价", date=DAY)
    after = commented.read_text("utf-8")
    assert result.written and (result.old_version, result.new_version) == ("2.3", "2.4")
    assert comments(after) == comments(before)
    assert len(comments(before)) == 10
    yaml = YAML()
    old_keys, new_keys = key_paths(yaml.load(before)), key_paths(yaml.load(after))
    assert [k for k in new_keys if not k.startswith("/changelog[2]")] == old_keys
    # only the version and status lines change, and three lines come in — nothing is re-formatted
    removed, added = changed_lines(before, after)
    assert removed == ['version: "2.3"            # bumped by policygen bump', "status: published"]
    assert added == ['version: "2.4"            # bumped by policygen bump', "status: draft",
                     '  - version: "2.4"', "    date: 2024-09-01", "    summary: 新增回访满意度评价"]
    # the comment that belonged to the old entry stays with it; the one before `chapters:` stays there
    lines = after.splitlines()
    assert lines.index("    # the summary above was approved by the board") < lines.index('  - version: "2.4"')
    assert lines.index("    summary: 新增回访满意度评价") < lines.index("# 正文") == lines.index("chapters:") - 1
    assert "title: '客户投诉处理办法'" in lines and "        text: >-" in lines
    policy = policygen.load(commented)
    assert (policy.version, policy.status, policy.changelog[-1].date) == ("2.4", "draft", DAY)


def test_dry_run_prints_a_diff_and_writes_nothing(commented: Path) -> None:
    before = commented.read_bytes()
    result = bump(commented, "major", "全面修订", date=DAY, dry_run=True)
    assert commented.read_bytes() == before and not result.written
    assert result.new_version == "3.0"
    assert '-version: "2.3"            # bumped by policygen bump' in result.diff
    assert '+  - version: "3.0"' in result.diff
    assert result.diff.startswith(f"--- {commented.as_posix()}\n+++ {commented.as_posix()}\n")


def test_bump_of_every_shipped_policy_touches_only_the_expected_lines() -> None:
    for path in sorted((ROOT / "policies").glob("*.yaml")):
        before = path.read_text("utf-8")
        _, new, after = bump_text(before, "patch", "测试", DAY)
        removed, added = changed_lines(before, after)
        assert comments(after) == comments(before), path.name
        assert [r for r in removed if not r.startswith(("version:", "status:"))] == [], path.name
        assert [a for a in added if not a.startswith(("version:", "status:", "changelog:"))] == [
            f'  - version: "{new}"', "    date: 2024-09-01", "    summary: 测试"
        ], (path.name, added)
        policygen.loads(after, name=path.name)


def test_bump_adds_status_and_changelog_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    shutil.copy(ROOT / "tests/fixtures/minimal/policies/minimal.yaml", path)
    bump(path, "minor", "补充条款", date=DAY)
    text = path.read_text("utf-8")
    assert 'version: "1.1"\nstatus: draft\n' in text
    # the new list follows the file's own indentation of lists
    assert 'owner: 客户服务部\nchangelog:\n  - version: "1.1"\n    date: 2024-09-01\n    summary: 补充条款\n' in text
    assert policygen.load(path).changelog[0].version == "1.1"


def test_flow_style_changelog_crlf_and_file_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    text = COMMENTED.read_text("utf-8").replace(
        '  - version: "2.2"\n    date: 2024-01-10\n    summary: 调整投诉时限\n',
        '  - {version: "2.2", date: 2024-01-10, summary: 调整投诉时限}\n',
    ).replace(
        '  - version: "2.3"   # current\n    date: 2024-05-01\n    summary: 增加回访要求\n    # the summary above was approved by the board\n',
        '  - {version: "2.3", date: 2024-05-01, summary: 增加回访要求}   # current\n',
    )
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    path.chmod(0o640)
    bump(path, "patch", "修正错别字", date=DAY)
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert '  - {version: "2.3.1", date: 2024-09-01, summary: 修正错别字}\r\n' in raw.decode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o640
    assert policygen.load(path).version == "2.3.1"


def test_bump_refuses_invalid_files_and_existing_versions(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(COMMENTED.read_text("utf-8").replace("owner: 客户服务部\n", ""), "utf-8")
    before = broken.read_bytes()
    with pytest.raises(ValidationError) as info:
        bump(broken, "minor", "x", date=DAY)
    assert "owner" in str(info.value)
    assert broken.read_bytes() == before
    taken = tmp_path / "taken.yaml"
    taken.write_text(COMMENTED.read_text("utf-8").replace(
        '# 修订记录 — newest last\nchangelog:\n',
        '# 修订记录 — newest last\nchangelog:\n  - version: "2.4"\n    date: 2023-01-01\n    summary: 旧的\n'), "utf-8")
    with pytest.raises(ReleaseError, match=r"2\.4 is already in the changelog"):
        bump(taken, "minor", "x", date=DAY)
    with pytest.raises(PolicygenError, match="summary is empty"):
        bump(taken, "major", "  ", date=DAY)


@pytest.fixture()
def main() -> Any:
    return cli.main


def test_cli_bump(main: Any, commented: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = commented.read_bytes()
    assert main(["bump", str(commented), "--minor", "--summary", "新增", "--date", "2024-09-01", "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert '+    summary: 新增' in captured.out and "nothing written" in captured.err
    assert commented.read_bytes() == before
    assert main(["bump", str(commented), "--patch", "--summary", "新增", "--date", "2024-09-01"]) == 0
    assert "2.3 → 2.3.1, status draft" in capsys.readouterr().out
    assert main(["bump", str(commented), "--patch", "--summary", "x", "--date", "2024-02-30"]) == 2
    assert main(["bump", str(commented), "--summary", "x"]) == 2
    assert main(["bump", str(commented), "--major", "--minor", "--summary", "x"]) == 2
