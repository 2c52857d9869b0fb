"""``policygen new``: start a notice or a regulation from a skeleton and add it to the project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..builder.policies import find_project
from ..newpolicy import new_policy
from ._common import EXIT_OK, UsageError


def cmd_new(args: argparse.Namespace) -> int:
    project_file = find_project(Path(args.project))
    if project_file is None:
        raise UsageError(f"{args.project}: no policygen.yaml here or above — run `policygen init` first")
    path, listed = new_policy(project_file, args.kind, args.id, args.title)
    print(f"created {path}")
    if listed:
        print(f"added '{args.id}' to the policies of {project_file}")
    print(f"next: edit {path}, then run `policygen validate`")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("new", help="start a new notice or regulation from a skeleton and add it to policygen.yaml")
    p.add_argument("kind", choices=["notice", "regulation"], help="what to start")
    p.add_argument("id", metavar="ID", help="the new policy's id (lowercase a-z, 0-9 and '-'); also its file name")
    p.add_argument("--title", help="the title (default: a placeholder to replace)")
    p.add_argument("--project", default=".", metavar="DIR", help="project folder (default: the project here)")
    p.set_defaults(func=cmd_new)
