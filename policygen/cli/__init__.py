"""The ``policygen`` command: arguments → API call → exit code.

One module per command, each with ``register(sub)``; they import only downward
(the library never imports ``policygen.cli``). Exit status: 0 success, 1 content
errors (with ``file:line:col`` lines), 2 usage errors, 3 an internal fault (one
line on standard error; the traceback goes to a ``policygen-crash-*.log`` file in
the temporary folder).
"""

from __future__ import annotations

import argparse
import sys

from .._version import __version__
from ..errors import PolicygenError, ValidationError
from . import acknowledge, build, bump, diff, doctor, import_, init, new, reference_doc, release, schema, serve, validate
from ._common import (
    EXIT_CONTENT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    print_problems,
    report_internal_error,
)

COMMANDS = (validate, build, serve, new, release, diff, bump, acknowledge, import_, init, schema, reference_doc, doctor)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="policygen",
        description="Render company regulations written as YAML into notices, regulations and booklets.",
    )
    parser.add_argument("--version", action="version", version=f"policygen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


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
        print_problems(exc.problems)
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
    except Exception as exc:  # a fault of policygen itself: one line, details in a file
        return report_internal_error(exc)



__all__ = ["EXIT_CONTENT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main"]
