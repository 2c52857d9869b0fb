"""What every command shares: exit codes, the usage error, problem printing, the console."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from ..errors import Problem
from ..renderer import FORMATS

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad command-line usage (exit status 2)."""


def report_internal_error(exc: BaseException) -> int:
    """Print one line about an unexpected failure, keep its details in a file; return EXIT_INTERNAL."""
    import tempfile
    import traceback

    details = "".join(traceback.format_exception(exc))
    try:
        fd, path = tempfile.mkstemp(prefix="policygen-crash-", suffix=".log")
        with open(fd, "w", encoding="utf-8") as f:
            f.write(details)
        where = f"details in {path}"
    except OSError:
        where = "details could not be saved"
    print(f"internal error: {type(exc).__name__}: {str(exc)[:200]} — this is a fault in policygen, not in your files; {where}", file=sys.stderr)
    return EXIT_INTERNAL


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    """Print one line per problem (to standard error by default)."""
    stream = stream or sys.stderr
    for problem in problems:
        print(problem, file=stream)


def formats(value: str) -> tuple[str, ...]:
    """Return the formats of a ``pdf,docx,html`` option value (argparse type)."""
    out = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    bad = [v for v in out if v not in FORMATS]
    if bad or not out:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or value!r} — use pdf, docx, html")
    return out


def console(quiet: bool) -> Any:
    """Return a rich console on standard error (silent with ``quiet``)."""
    from rich.console import Console

    return Console(stderr=True, quiet=quiet, highlight=False)
