"""policygen as a guest in someone else's process: explicit inputs, no side effects, every problem at once."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import policygen
from policygen import PathError, TemplateError, ValidationError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests/fixtures"
MINIMAL = FIXTURES / "minimal/policies/minimal.yaml"


# --- explicit inputs --------------------------------------------------------------------


def test_load_takes_a_path_and_names_a_non_policy_file_as_a_path(tmp_path: Path) -> None:
    secret = tmp_path / "hostname"
    secret.write_text("db-primary-7\n", encoding="utf-8")
    for target in ("/etc/hostname", str(secret), secret):
        with pytest.raises(PathError) as info:
            policygen.load(target)
        message = str(info.value)
        assert message.startswith(f"{target if target == '/etc/hostname' else secret}: not a .yaml or .yml file — ")
        assert "db-primary" not in message


def test_loads_never_reads_a_file(tmp_path: Path) -> None:
    policy_file = tmp_path / "p.yaml"
    policy_file.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    for text in ("/etc/hostname", str(policy_file)):
        with pytest.raises(ValidationError) as info:
            policygen.loads(text)
        [problem] = info.value.problems
        assert (problem.source, problem.line) == ("<string>", 1)
        assert problem.message.startswith("expected a mapping of keys at the top level, got str")


def test_missing_file_is_a_path_error_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(PathError, match=r"nothere\.yaml: no such file — check the path"):
        policygen.load(tmp_path / "nothere.yaml")


def test_bytes_and_wrong_types_say_which_function_to_call() -> None:
    raw = MINIMAL.read_bytes()
    with pytest.raises(TypeError, match=r"not bytes — for YAML content call policygen\.loads"):
        policygen.load(raw)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"loads\(\) takes YAML text \(str\), not bytes — decode it first"):
        policygen.loads(raw)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not a mapping — call policygen\.load_data"):
        policygen.load({"format": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"load_data\(\) takes a mapping, not str"):
        policygen.load_data(MINIMAL.read_text(encoding="utf-8"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"for YAML text call policygen\.loads\(text\) first"):
        policygen.render(b"format: 1", "html")  # type: ignore[arg-type]


def test_load_data_problems_carry_the_key_path() -> None:
    from types import MappingProxyType

    data = json.loads(json.dumps({"format": 1, "id": "x", "kind": "regulation", "title": "t", "version": "1.0",
                                  "issued": "2024-01-01", "effective": "2024-01-01", "owner": "o",
                                  "articles": [{"text": "a"}, {"text": ["b"]}]}))
    with pytest.raises(ValidationError) as info:
        policygen.load_data(MappingProxyType(data), name="portal")
    assert [str(p) for p in info.value.problems] == [
        "portal:articles[1].text: error: text: expected text, got a list — write the text after the key; quote it if it starts with '['"
    ]


# --- every problem in one run -------------------------------------------------------------

FIVE = """\
format: 1
id: five
kind: regulation
title: 五处错误
version: "1.0"
issued: 2024-12-01
effective: 2024-11-01
owner: 行政部
roles: 5
articles:
  - id: first
    titel: 目的
    text: 为规范管理，特制定本制度。
  - id: first
    text: 依照[[frist]]执行。
"""


def test_type_error_typo_duplicate_dangling_reference_and_bad_date_all_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads(FIVE, name="five.yaml")
    assert [str(p) for p in info.value.problems] == [
        "five.yaml:7:12: error: effective date 2024-11-01 is before the issue date 2024-12-01"
        " — a policy cannot take effect before it is issued",
        "five.yaml:9:8: error: roles: expected a list, got the number 5 — write one entry per `- ` line",
        "five.yaml:12:5: error: unknown key 'titel' — did you mean 'title'?",
        "five.yaml:14:9: error: duplicate id 'first' (already used by an article) — ids must be unique in a policy",
        "five.yaml:15:13: error: reference [[frist]] names no article, chapter, role or channel — did you mean 'first'?",
    ]


def test_a_broken_article_does_not_make_references_to_it_dangle() -> None:
    text = FIVE.replace("roles: 5\n", "").replace("    titel: 目的\n", "    text: [x]\n    titel: 目的\n", 1)
    text = text.replace("    text: 为规范管理，特制定本制度。\n", "", 1).replace("[[frist]]", "[[first]]")
    text = text.replace("  - id: first\n    text: 依照", "  - id: second\n    text: 依照")
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="t.yaml")
    messages = [p.message for p in info.value.problems]
    assert not any("[[first]]" in m for m in messages), messages
    assert any(m.startswith("text: expected text, got a list") for m in messages)
    assert any(m.startswith("effective date") for m in messages)


# --- no side effects ----------------------------------------------------------------------

GUEST = textwrap.dedent(
    """
    import json, logging, os, sys
    import weasyprint  # its import sets up its own logger (a NullHandler); what the caller sees from here on counts
    import policygen

    before_env = dict(os.environ)
    wp = logging.getLogger("weasyprint")
    before = (wp.level, list(wp.handlers), list(wp.filters), wp.propagate, logging.getLogger("fontTools").level)
    policy = policygen.load(sys.argv[1])
    pdf = policygen.render(policy, "pdf")
    after = (wp.level, list(wp.handlers), list(wp.filters), wp.propagate, logging.getLogger("fontTools").level)
    print(json.dumps({
        "pdf": pdf[:5].decode(), "size": len(pdf),
        "env_same": dict(os.environ) == before_env, "logger_same": before == after,
        "cwd_entries": sorted(os.listdir(".")),
    }))
    """
)


def test_render_with_unwritable_home_and_read_only_cwd(tmp_path: Path) -> None:
    cwd = tmp_path / "ro"
    cwd.mkdir()
    cwd.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "FONTCONFIG_FILE")}
    env.update(HOME="/nonexistent", TMPDIR=str(tmp_path / "no-such-tmp"))
    try:
        result = subprocess.run([sys.executable, "-c", GUEST, str(MINIMAL)], cwd=cwd, env=env, capture_output=True,
                                text=True, encoding="utf-8", timeout=300, check=False)
    finally:
        cwd.chmod(0o755)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"pdf": "%PDF-", "size": report["size"], "env_same": True, "logger_same": True, "cwd_entries": []}
    assert "Traceback" not in result.stderr


def test_render_leaves_environment_and_loggers_alone_in_process() -> None:
    policy = policygen.load(MINIMAL)
    env = dict(os.environ)
    levels = {name: logging.getLogger(name).level for name in ("weasyprint", "fontTools")}
    policygen.render(policy, "pdf")
    assert dict(os.environ) == env
    assert {name: logging.getLogger(name).level for name in levels} == levels
    assert logging.getLogger("weasyprint").filters == []


def test_page_number_glyphs_are_kept_only_in_the_cache_folder_given(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    script = "import sys, policygen; policygen.render(policygen.load(sys.argv[1]), 'pdf', cache_dir=sys.argv[2])"
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    subprocess.run([sys.executable, "-c", script, str(MINIMAL), str(cache)], env=env, check=True, timeout=300, cwd=tmp_path)
    # the page numbers' glyphs, and the compact faces the policy was laid out with (see renderer/compact.py)
    assert sorted("faces" if p.name == "faces" else p.name[: len("glyphs-")] for p in cache.iterdir()) == ["faces", "glyphs-"]
    assert all(p.suffix == ".otf" for p in (cache / "faces").rglob("*") if p.is_file())
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_template_css_mistakes_become_problems_naming_the_template(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "regulation.html.j2").write_text(
        '{% extends "builtin/regulation.html.j2" %}\n{% block meta %}{{ super() }}<style>h1 { colr: red; }</style>{% endblock %}\n',
        encoding="utf-8",
    )
    policy = policygen.load(MINIMAL)
    with pytest.raises(TemplateError) as info:
        policygen.render(policy, "pdf", templates_dir=templates)
    [problem] = info.value.problems
    assert problem.source == str(templates / "regulation.html.j2")
    assert "colr" in problem.message and problem.message.startswith("WeasyPrint: ")
    assert isinstance(info.value, policygen.RenderError)
    assert logging.getLogger("weasyprint").filters == []


# --- the build ------------------------------------------------------------------------------


def test_build_twice_renders_nothing_the_second_time_on_any_executor(tmp_path: Path) -> None:
    from policygen.scaffold import init_project

    init_project(tmp_path / "p")
    seen: list[tuple[str, int, int]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = policygen.build(tmp_path / "p", formats=("pdf", "html"), executor=pool,
                                progress=lambda label, done, total: seen.append((label, done, total)))
        assert any(o.rendered for o in first)
        assert seen and seen[-1][1] == seen[-1][2] == len(seen)
        second = policygen.build(tmp_path / "p", formats=("pdf", "html"), executor=pool)
    assert all(isinstance(o, policygen.Output) for o in second)
    assert [(o.path, o.fmt, o.size, o.pages) for o in second] == [(o.path, o.fmt, o.size, o.pages) for o in first]
    assert not any(o.rendered for o in second)
    (tmp_path / "p/policygen.yaml").write_text(
        (tmp_path / "p/policygen.yaml").read_text(encoding="utf-8") + "\n# a comment changes the bytes\n", encoding="utf-8"
    )
    third = policygen.build(tmp_path / "p", formats=("pdf", "html"), jobs=1)
    assert [o.path for o in third] == [o.path for o in first]
