"""``policygen init``: scaffold a new project from the shipped examples."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import PolicygenError
from .renderer.output import write_atomic
from .schema import SCHEMA_FILES, schema_text

EXAMPLES = ("customer-management-notice.yaml", "crm-regulations.yaml")

PROJECT_TEMPLATE = """\
# yaml-language-server: $schema=schema/project.schema.json
format: 1
organisation: 示例科技有限公司
title: 客户管理规章制度汇编
edition: 2024年版
language: zh-Hans
policies_dir: policies
policies:
  - customer-management-notice
  - crm-regulations
formats: [pdf, docx, html]
output: build
"""

GITIGNORE = "# policygen output and cache\n/build/\n/.policygen-cache/\n"


def example_text(name: str) -> str:
    """Return a shipped example policy, from the installed package or the source tree."""
    try:
        return resources.files("policygen.examples").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return (Path(__file__).resolve().parents[1] / "policies" / name).read_text(encoding="utf-8")


def scaffold_files() -> dict[str, str]:
    """Return {relative path: text} of a new project."""
    files = {"policygen.yaml": PROJECT_TEMPLATE, ".gitignore": GITIGNORE}
    for name in EXAMPLES:
        files[f"policies/{name}"] = example_text(name)
    for which, name in SCHEMA_FILES.items():
        files[f"schema/{name}"] = schema_text(which)
    return files


def init_project(folder: str | Path) -> list[Path]:
    """Create a project in ``folder``; refuse (PolicygenError) if any file would be overwritten."""
    root = Path(folder)
    files = scaffold_files()
    existing = [root / rel for rel in files if (root / rel).exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise PolicygenError(f"{names}: already exists — policygen init never overwrites files; choose an empty folder")
    written = []
    for rel, text in files.items():
        path = root / rel
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return written
