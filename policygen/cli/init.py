"""``policygen init``: create a project from the shipped examples."""

from __future__ import annotations

import argparse
from typing import Any

from ..scaffold import init_project


def cmd_init(args: argparse.Namespace) -> int:
    written = init_project(args.folder)
    for path in written:
        print(f"created {path}")
    print(f"next: cd {args.folder} && policygen validate && policygen build")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create a project (policygen.yaml, a notice and a regulation, schemas, .gitignore)")
    p.add_argument("folder", nargs="?", default=".", metavar="DIR", help="folder to create the project in (default: .)")
    p.set_defaults(func=cmd_init)


