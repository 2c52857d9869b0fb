"""Keep a project's folders inside the project: ``output:``, ``policies_dir:`` and listed files.

A project file that names a folder outside its own folder (``output: ../x``,
``policies_dir: /etc``) is refused unless the caller allows it (the CLI's
``--allow-outside``), so that building a project someone sent never writes or
reads elsewhere. An empty ``policies_dir`` is a warning.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import Problem
from ..model import Project


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _key_position(text: str, key: str) -> tuple[int, int]:
    """Return the 1-based (line, col) of a top-level key's value in the project file, or (1, 1)."""
    m = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*", text, re.MULTILINE)
    if m is None:
        return 1, 1
    return text.count("\n", 0, m.start()) + 1, m.end() - m.start() + 1


def check_project_paths(project: Project, project_file: Path, shown: str, *, allow_outside: bool = False) -> list[Problem]:
    """Return problems of the folders and files a project names (outside the project, empty)."""
    root = project_file.parent
    try:
        text = project_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    out: list[Problem] = []
    named = [("output", project.output), ("policies_dir", project.policies_dir)]
    named += [("policies", entry) for entry in project.policies if entry.endswith((".yaml", ".yml"))]
    for key, value in named:
        if not allow_outside and not _inside(root / value, root):
            line, col = _key_position(text, key)
            out.append(
                Problem(
                    shown, line, col,
                    f"{key}: '{value}' is outside the project folder — use a folder inside it, "
                    "or pass --allow-outside to read or write there",
                )
            )
    folder = root / project.policies_dir
    if not project.policies and not out:
        if not folder.is_dir():
            line, col = _key_position(text, "policies_dir")
            out.append(Problem(shown, line, col, f"policies_dir: '{project.policies_dir}' is not a folder — create it or fix the path"))
        elif not any(p.suffix in (".yaml", ".yml") for p in folder.iterdir()):
            line, col = _key_position(text, "policies_dir")
            where = os.path.relpath(folder) if _inside(folder, Path.cwd()) else str(folder)
            out.append(Problem(shown, line, col, f"policies_dir: {where} holds no policy files — add .yaml files there or fix the path", "warning"))
    return out


__all__ = ["check_project_paths"]
