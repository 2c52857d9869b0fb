"""``policygen validate``: check policy files or a project folder and print every problem."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from typing import Any

from ..errors import PathError
from ..loader.project_files import check_paths
from ._common import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, UsageError, print_problems


def cmd_validate(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    try:
        result = check_paths(args.paths or ["."], allow_outside=args.allow_outside)
    except PathError as exc:
        raise UsageError(str(exc)) from None
    problems = result.problems
    if args.strict:  # every warning is an error
        problems = [replace(p, severity="error") if p.severity == "warning" else p for p in problems]
    print_problems(problems)
    if not args.quiet:
        for path in result.files:
            policy = result.policies.get(path)
            if policy is not None:
                n = len(policy.iter_articles())
                print(f"ok      {path}  {policy.id} v{policy.version} ({n} articles)")
            else:
                print(f"failed  {path}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = sum(p.severity == "note" for p in problems)
    elapsed = time.perf_counter() - start
    if not args.quiet or errors:
        print(
            f"checked {len(result.files)} policies"
            + (" and the project file" if result.project_path else "")
            + f" in {elapsed:.2f} s: {errors} error(s), {warnings} warning(s)"
            + (f", {notes} note(s)" if notes else "")
        )
    if not result.files and result.project_path is None:
        print("error: no policy files found — give .yaml files or a folder that holds them", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_CONTENT if errors else EXIT_OK



def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check policy files or a project folder and report every problem")
    p.add_argument("paths", nargs="*", metavar="PATH", help="policy files or folders (default: .)")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1 when there is any)")
    p.add_argument("--allow-outside", action="store_true", help="allow the project's output and policies_dir outside its folder")
    p.set_defaults(func=cmd_validate)
