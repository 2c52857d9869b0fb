"""The documentation tells the truth: its commands run, its examples validate, its generated pages are fresh.

* every ``sh``/``console`` block of docs/getting-started.md and docs/versions.md
  runs, in order, in a temporary folder, and produces the files it promises
  (conventions in getting-started.md);
* every ``python`` block of docs/python-api.md runs in one fresh interpreter;
* every complete policy (``format: 1``) in docs/writing-policies.md validates,
  and its numbering table matches what policygen prints;
* docs/format-reference.md and docs/cli-reference.md equal what
  ``python -m tools.docs_gen`` generates;
* relative links and images in README.md and docs/ point at files and headings that exist;
* .pre-commit-hooks.yaml offers ``policygen validate`` and it passes on the shipped files.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import policygen
from tools import docs_gen
from policygen.loader import check_text
from policygen.model import Policy

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent

FENCE = re.compile(r"^```(\S*)(.*)$")
MARKER = re.compile(r"^<!--\s*(creates|exit|output):\s*(.*?)\s*-->$")
NOT_RUN_TITLES = ("install", "open", "example")
SKIPPED_LINE = re.compile(r"(^|[;&|]\s*)(sudo\s+)?(apt-get|apt)\s|\./dev\.sh\b")


@dataclass
class Block:
    """A fenced code block with the markers around it."""

    lang: str
    info: str
    code: str
    line: int
    creates: list[str] = field(default_factory=list)
    exit: int = 0
    output: list[str] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        match = re.search(r'title="([^"]*)"', self.info)
        return match.group(1) if match else None


def blocks(path: Path) -> list[Block]:
    """Return the fenced blocks of a Markdown page, with their test markers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        body = []
        i += 1
        while not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        block = Block(match.group(1), match.group(2), "\n".join(body) + "\n", start + 1)
        j = start - 1
        while j >= 0 and MARKER.match(lines[j]):  # markers right above the block
            kind, value = MARKER.match(lines[j]).groups()  # type: ignore[union-attr]
            if kind == "exit":
                block.exit = int(value)
            elif kind == "output":
                block.output.append(value)
            j -= 1
        j = i + 1
        while j < len(lines) and MARKER.match(lines[j]):  # `creates:` right below it
            kind, value = MARKER.match(lines[j]).groups()  # type: ignore[union-attr]
            if kind == "creates":
                block.creates += value.split()
            j += 1
        out.append(block)
        i += 1
    return out


def shell_commands(block: Block) -> str:
    """Return the commands of a sh/console block, without lines that install system packages."""
    if block.lang == "console":
        lines = [line[2:] for line in block.code.splitlines() if line.startswith("$ ")]
    else:
        lines = block.code.splitlines()
    return "\n".join(line for line in lines if not SKIPPED_LINE.search(line)) + "\n"


def runnable(block: Block) -> bool:
    return block.lang in ("sh", "console") and block.title not in NOT_RUN_TITLES


# --- getting started -----------------------------------------------------------------


@pytest.mark.parametrize(("page", "at_least"), [("getting-started.md", 8), ("versions.md", 8)])
def test_page_commands_run(page: str, at_least: int, tmp_path: Path) -> None:
    todo = [b for b in blocks(DOCS / page) if runnable(b)]
    assert len(todo) >= at_least, f"{page} lost its shell blocks"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("VIRTUAL_ENV", None)
    work = tmp_path / "work"
    work.mkdir()
    cwd = work
    state = tmp_path / "cwd"
    for block in todo:
        script = f"set -e\ncd {shlex.quote(str(cwd))}\n{shell_commands(block)}pwd > {shlex.quote(str(state))}\n"
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=120)
        where = f"{page}:{block.line}"
        output = done.stdout + done.stderr
        assert done.returncode == block.exit, f"{where}: exit {done.returncode}, expected {block.exit}\n{block.code}\n{output}"
        for text in block.output:
            assert text in output, f"{where}: expected {text!r} in the output\n{output}"
        if done.returncode == 0:
            cwd = Path(state.read_text().strip())
        for name in block.creates:
            assert (cwd / name).is_file(), f"{where}: promised {name} in {cwd}, not there\n{output}"


def test_getting_started_conventions() -> None:
    """Skipped blocks are only the announced ones; every promise is checkable."""
    found = blocks(DOCS / "getting-started.md")
    skipped = [b for b in found if b.lang in ("sh", "console") and not runnable(b)]
    assert {b.title for b in skipped} <= set(NOT_RUN_TITLES)
    assert any("./dev.sh build" in b.code for b in skipped), "the install block should show ./dev.sh build"
    assert any("policygen init demo" in b.code for b in found if runnable(b))
    assert all(not b.creates for b in skipped), "a block that is not run cannot promise files"


def test_skipped_lines() -> None:
    block = Block("sh", "", "sudo apt-get install poppler-utils\n./dev.sh test\npolicygen build\n", 1)
    assert shell_commands(block) == "policygen build\n"
    block = Block("console", "", "$ policygen validate\nok  x\n$ apt install x\n", 1)
    assert shell_commands(block) == "policygen validate\n"


# --- python api ----------------------------------------------------------------------


def test_python_api_examples_run(tmp_path: Path) -> None:
    code = [b.code for b in blocks(DOCS / "python-api.md") if b.lang == "python" and b.title is None]
    assert len(code) >= 8
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    shutil.copy(ROOT / "policygen.yaml", tmp_path / "policygen.yaml")
    script = tmp_path / "examples.py"
    script.write_text("\n".join(code), encoding="utf-8")
    # A fresh interpreter: the page's examples run as a new user's script would.
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_public_api_table_is_complete() -> None:
    text = (DOCS / "python-api.md").read_text(encoding="utf-8")
    table = text.split("## The public API in one place", 1)[1]
    for name in policygen.__all__:
        assert f"`{name}" in table, f"policygen.{name} is missing from the API table of python-api.md"


# --- writing policies ----------------------------------------------------------------


def complete_policies(path: Path) -> list[Block]:
    return [b for b in blocks(path) if b.lang == "yaml" and re.search(r"^format: 1$", b.code, re.M)]


def test_writing_policies_examples_validate() -> None:
    examples = complete_policies(DOCS / "writing-policies.md")
    assert len(examples) >= 10
    ids = []
    for block in examples:
        policy, problems = check_text(block.code, f"writing-policies.md:{block.line}", Policy)
        assert policy is not None and not problems, "\n".join(str(p) for p in problems)
        policygen.resolve(policy)
        ids.append(policy.id)
    assert len(ids) == len(set(ids)), "two examples share an id"


def _numbered(kind: str, language: str) -> dict[str, str]:
    def items(depth: int) -> list[dict]:
        return [{"text": "x", "items": items(depth - 1) if depth > 1 else []}, {"text": "y"}]

    article = {"text": "x", "items": items(4)}
    data = {
        "format": 1, "id": "n", "kind": kind, "language": language, "title": "t", "version": "1.0",
        "issued": "2024-01-01", "effective": "2024-01-01", "owner": "o",
        "chapters": [{"title": "c", "sections": [{"title": "s", "articles": [article, {"text": "y"}]}]}],
    }
    doc = policygen.resolve(policygen.load_data(data))
    chapter = doc.chapters[0]
    section = chapter.sections[0]
    first = section.articles[0]
    labels = {"chapter": chapter.label, "section": section.label, "article": first.label}
    item = first.paragraphs[0].items[0]
    for level in ("item", "sub-item", "third level", "fourth level"):
        labels[level] = item.label
        item = item.items[0] if item.items else item
    return labels


def test_numbering_table_matches_policygen() -> None:
    text = (DOCS / "writing-policies.md").read_text(encoding="utf-8")
    section = text.split("## Numbering", 1)[1]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| "))
    rows = []  # the first table of the section
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        rows.append(line)
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    columns = header[1:]
    checked = 0
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        level = cells[0]
        for column, expected in zip(columns, cells[1:], strict=True):
            kind, languages = column.split(" ", 1)
            for language in languages.split(" / "):
                actual = _numbered(kind, language)[level]
                assert actual == expected, f"{column}, {level}: the page says {expected}, policygen prints {actual} ({language})"
                checked += 1
    assert checked == 7 * 6


# --- generated pages -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(docs_gen.PAGES))
def test_generated_page_is_fresh(name: str) -> None:
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == docs_gen.PAGES[name](), f"docs/{name} is stale — run `python -m tools.docs_gen`"


def test_docs_gen_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert docs_gen.main(["--check", "--out", str(tmp_path)]) == 1
    assert "stale" in capsys.readouterr().err
    assert docs_gen.main(["--out", str(tmp_path)]) == 0
    assert docs_gen.main(["--check", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(docs_gen.PAGES)


def test_format_reference_covers_every_key() -> None:
    from policygen.model import Project
    from policygen.model.policy import Article, ChangelogEntry, Channel, Chapter, Item, Paragraph, Role, Section

    text = (DOCS / "format-reference.md").read_text(encoding="utf-8")
    for model in (Policy, Project, Article, ChangelogEntry, Channel, Chapter, Item, Paragraph, Role, Section):
        part = text.split(f"### {model.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for name in model.model_fields:
            assert f"| `{name}` |" in part, f"{model.__name__}.{name} is missing from format-reference.md"


def test_cli_reference_covers_every_command() -> None:
    from policygen.cli import build_parser

    text = (DOCS / "cli-reference.md").read_text(encoding="utf-8")
    for name, _, sub in docs_gen._subcommands(build_parser()):
        assert f"## policygen {name}\n" in text
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for option in action.option_strings:
                assert f"`{option}" in text, f"{name} {option} is missing from cli-reference.md"


# --- links ---------------------------------------------------------------------------


def _anchor(heading: str) -> str:
    """Return the GitHub anchor of a Markdown heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return {_anchor(m.group(1)) for m in re.finditer(r"^#{1,6} (.*)$", text, re.M)}


@pytest.mark.parametrize("page", ["README.md", *sorted(f"docs/{p.name}" for p in DOCS.glob("*.md"))])
def test_links_resolve(page: str) -> None:
    path = ROOT / page
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    for match in re.finditer(r"\]\(([^)\s]+)\)", text):
        target = match.group(1)
        if re.match(r"^[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        assert dest.exists(), f"{page}: link to {target}: no such file"
        if anchor and dest.suffix == ".md":
            assert anchor in _anchors(dest), f"{page}: link to {target}: no such heading"


# --- pre-commit ----------------------------------------------------------------------


def test_pre_commit_hook_validates_shipped_policies() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "policygen-validate")
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    assert hook["files"] == r"\.ya?ml$"
    files = re.compile(hook["files"])
    exclude = re.compile(hook.get("exclude", "^$"))
    tracked = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.y*ml")
               if not {".venv", "tests", "build", ".git", "releases", "node_modules"} & set(p.relative_to(ROOT).parts)]
    chosen = [f for f in tracked if files.search(f) and not exclude.search(f)]
    assert "policygen.yaml" in chosen and "policies/crm-regulations.yaml" in chosen
    assert ".pre-commit-hooks.yaml" not in chosen and "mkdocs.yml" not in chosen
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["policygen", "validate"]
    done = subprocess.run([str(BIN / entry[0]), *entry[1:], *chosen], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
