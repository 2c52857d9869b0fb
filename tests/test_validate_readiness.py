"""validate says what build and release will do: changelog, drafts in the booklet, a notice's issuer."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.loader.project_files import check_paths

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")


def _project(tmp_path: Path, policy: str, extra: str = "") -> Path:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policygen.yaml").write_text(f"format: 1\norganisation: 示例科技有限公司\ntitle: 汇编\n{extra}",
                                            encoding="utf-8")
    (tmp_path / "policies" / "p.yaml").write_text(policy, encoding="utf-8")
    return tmp_path


def _messages(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    return [str(p) for p in check_paths(["."]).problems]


def test_published_without_changelog_is_an_error_where_the_version_is(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL.replace("version:", "status: published\nversion:", 1)
    assert "changelog" not in text
    root = _project(tmp_path, text)
    row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("version:"))
    [message] = _messages(root, monkeypatch)
    assert message.startswith(f"policies/p.yaml:{row}:1: error: version ")
    assert "has no changelog entry, so this published policy cannot be released — add `changelog:`" in message


def test_a_draft_in_the_booklet_is_a_warning_unless_the_project_decides(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, MINIMAL)
    [message] = _messages(root, monkeypatch)
    assert ": warning: 'minimal' is a draft and goes into the booklet — set `status: published`" in message
    (root / "policygen.yaml").write_text((root / "policygen.yaml").read_text(encoding="utf-8")
                                         + "booklet_drafts: exclude\n", encoding="utf-8")
    assert _messages(root, monkeypatch) == []


def test_a_notice_without_an_issuer_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL.replace("kind: regulation", "kind: notice")
    assert "kind: notice" in text and "organisation" not in text
    (tmp_path / "n.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("kind:"))
    [problem] = check_paths(["n.yaml"]).problems
    assert str(problem) == (f"n.yaml:{row}:1: error: notice 'minimal' has no issuing organisation for its masthead "
                            "(红头) — set `organisation:` here or in policygen.yaml")
    (tmp_path / "n.yaml").write_text(text + "organisation: 示例科技有限公司\n", encoding="utf-8")
    assert check_paths(["n.yaml"]).problems == []


def test_booklet_drafts_exclude_leaves_drafts_out_of_the_booklet_only(tmp_path: Path) -> None:
    import policygen

    root = _project(tmp_path, MINIMAL, "booklet_drafts: exclude\n")
    published = MINIMAL.replace("id: minimal", "id: approved-one").replace("title: 最小制度", "title: 已批准制度")
    published = published.replace("version:", "status: approved\nversion:", 1)
    published += 'changelog:\n  - {version: "1.0", date: 2024-10-01, summary: 首次发布}\n'
    (root / "policies" / "q.yaml").write_text(published, encoding="utf-8")
    outputs = policygen.build(root, formats=("html",), jobs=1)
    names = sorted(o.path.name for o in outputs)
    assert names == ["approved-one-v1.0.html", "booklet.html", "minimal-v1.0.html"]
    booklet = (root / "build" / "booklet.html").read_text(encoding="utf-8")
    assert "已批准制度" in booklet and "最小制度" not in booklet


def test_release_rules_run_on_a_file_with_other_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL.replace("version:", "status: published\nversion:", 1).replace("owner:", "ownr:", 1)
    root = _project(tmp_path, text)
    messages = _messages(root, monkeypatch)
    assert any("unknown key 'ownr'" in m for m in messages)
    assert any("has no changelog entry, so this published policy cannot be released" in m for m in messages)
