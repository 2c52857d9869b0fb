"""``policygen bump``: start a new version in place, keeping the YAML's comments and layout."""

from __future__ import annotations

import datetime as dt
import argparse
import sys
from typing import Any
from ..versioning.bump import Part, bump


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date — write YYYY-MM-DD") from None


def cmd_bump(args: argparse.Namespace) -> int:
    part: Part = "major" if args.major else "minor" if args.minor else "patch"
    result = bump(args.policy, part, args.summary, date=args.date, dry_run=args.dry_run)
    if args.dry_run:
        sys.stdout.write(result.diff)
        print(f"dry run: {args.policy} would go from {result.old_version} to {result.new_version}; nothing written",
              file=sys.stderr)
    else:
        print(f"bumped {args.policy}: {result.old_version} → {result.new_version}, status draft; "
              "set `issued` and `effective` for the new version before releasing it")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("bump", help="start a new version: raise the version, add a changelog entry, status draft")
    p.add_argument("policy", metavar="POLICY", help="the policy file to edit in place")
    part = p.add_mutually_exclusive_group(required=True)
    part.add_argument("--major", action="store_true", help="1.4 → 2.0")
    part.add_argument("--minor", action="store_true", help="1.4 → 1.5")
    part.add_argument("--patch", action="store_true", help="1.4 → 1.4.1")
    p.add_argument("--summary", required=True, metavar="TEXT", help="changelog summary of the new version")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="changelog date (default: today)")
    p.add_argument("--dry-run", action="store_true", help="print the change as a unified diff; write nothing")
    p.set_defaults(func=cmd_bump)

