"""The ``policygen`` command: arguments → API call → exit code.

Exit status: 0 success, 1 content errors (with ``file:line:col`` lines), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import PathError, PolicygenError, ValidationError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage (exit status 2)."""


def _print_problems(problems: list, stream=None) -> None:  # type: ignore[no-untyped-def]
    stream = stream or sys.stderr
    for problem in problems:
        print(problem, file=stream)


def cmd_validate(args: argparse.Namespace) -> int:
    from .project import check_paths

    start = time.perf_counter()
    try:
        result = check_paths(args.paths or ["."])
    except PathError as exc:
        raise UsageError(str(exc)) from None
    _print_problems(result.problems)
    if not args.quiet:
        for path in result.files:
            policy = result.policies.get(path)
            if policy is not None:
                n = len(policy.iter_articles())
                print(f"ok      {path}  {policy.id} v{policy.version} ({n} articles)")
            else:
                print(f"failed  {path}")
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    elapsed = time.perf_counter() - start
    if not args.quiet or errors:
        print(
            f"checked {len(result.files)} policies"
            + (" and the project file" if result.project_path else "")
            + f" in {elapsed:.2f} s: {errors} error(s), {warnings} warning(s)"
        )
    if not result.files and result.project_path is None:
        print("error: no policy files found — give .yaml files or a folder that holds them", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_CONTENT if errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import SCHEMA_FILES, schema_text

    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for which, name in SCHEMA_FILES.items():
            from .render.output import write_atomic

            write_atomic(out / name, schema_text(which).encode("utf-8"))
            print(f"wrote {out / name}")
        return EXIT_OK
    sys.stdout.write(schema_text(args.which))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policygen",
        description="Render company regulations written as YAML into notices, regulations and booklets.",
    )
    parser.add_argument("--version", action="version", version=f"policygen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check policy files or a project folder and report every problem")
    p.add_argument("paths", nargs="*", metavar="PATH", help="policy files or folders (default: .)")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of policy or project files")
    p.add_argument("which", nargs="?", choices=["policy", "project"], default="policy")
    p.add_argument("--out", metavar="DIR", help="write policy.schema.json and project.schema.json into DIR")
    p.set_defaults(func=cmd_schema)

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:  # type: ignore[type-arg]
    from . import cli_commands

    return cli_commands.REGISTER


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except ValidationError as exc:
        _print_problems(exc.problems)
        return EXIT_CONTENT if exc.errors else EXIT_OK
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PolicygenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
