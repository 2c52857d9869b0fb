"""``policygen schema``: print or write the JSON Schemas of policy and project files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..renderer.output import write_atomic
from ..schema import SCHEMA_FILES, schema_text
from ._common import EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for which, name in SCHEMA_FILES.items():
            write_atomic(out / name, schema_text(which).encode("utf-8"))
            print(f"wrote {out / name}")
        return EXIT_OK
    sys.stdout.write(schema_text(args.which))
    return EXIT_OK



def register(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of policy or project files")
    p.add_argument("which", nargs="?", choices=["policy", "project"], default="policy")
    p.add_argument("--out", metavar="DIR", help="write policy.schema.json and project.schema.json into DIR")
    p.set_defaults(func=cmd_schema)
