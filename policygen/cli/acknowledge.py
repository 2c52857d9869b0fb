"""The ``acknowledge`` sub-command: arguments → acknowledge API → exit code.

``policygen acknowledge [POLICY[@VERSION] | booklet] --roster FILE [--split]`` writes receipts and
registers; ``policygen acknowledge status [POLICY] --roster FILE --signed FILE [--json]``
reports who has not signed the current version (exit 1 when anyone has not).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ..acknowledge.released import SpecError
from ..acknowledge.table import shown
from ..errors import PathError
from ._common import UsageError


def _usage(message: str) -> Exception:
    return UsageError(message)


def cmd_acknowledge(args: argparse.Namespace) -> int:
    """Run ``acknowledge`` or ``acknowledge status``; return the exit status."""
    targets = list(args.targets)
    status = bool(targets) and targets[0] == "status"
    if status:
        targets.pop(0)
    if len(targets) > 1:
        raise _usage(f"give one POLICY[@VERSION], not {len(targets)}: {' '.join(targets)}")
    spec = targets[0] if targets else None
    try:
        if status:
            return _status(args, spec)
        if args.signed or args.json:
            raise _usage("--signed and --json go with `policygen acknowledge status`")
        return _receipts(args, spec)
    except (PathError, SpecError) as exc:
        raise _usage(str(exc)) from None


def _status(args: argparse.Namespace, spec: str | None) -> int:
    from ..acknowledge import acknowledge_status

    if not args.signed:
        raise _usage("acknowledge status needs --signed FILE (the list of who signed which version)")
    if args.split:
        raise _usage("--split goes with making receipts, not with status")
    report = acknowledge_status(spec, args.roster, args.signed, encoding=args.encoding, releases=args.releases)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    sys.stdout.write(report.to_json() if args.json else report.to_text())
    return 0 if report.complete else 1


def _receipts(args: argparse.Namespace, spec: str | None) -> int:
    from ..acknowledge import acknowledge

    start = time.perf_counter()
    result = acknowledge(spec, args.roster, out=args.out, split=args.split, encoding=args.encoding,
                         releases=args.releases)
    subject = result.subject
    what = f"《{subject.title}》" + (f" {subject.version}" if subject.version else "")
    if not args.quiet:
        departments = len(result.roster.departments())
        print(f"{what} ({subject.hash_prefix}): {len(result.roster.employees)} receipts, "
              f"{departments} department register(s) in {time.perf_counter() - start:.1f} s")
        top = [p for p in result.files if p.parent == result.folder]
        for path in top:
            print(f"wrote {shown(path)}")
        split = len(result.files) - len(top)
        if split:
            print(f"wrote {split} receipts into {shown(result.folder / 'receipts')}/ (one per 工号)")
    return 0


def register(sub: Any) -> None:
    """Add the ``acknowledge`` sub-command to an argparse sub-parser set."""
    p = sub.add_parser(
        "acknowledge",
        help="签收: per-employee receipts and per-department registers of a released version; `status` reports who has not signed",
        description="policygen acknowledge [POLICY[@VERSION] | booklet] --roster FILE  — receipts and registers;\n"
                    "policygen acknowledge status [POLICY] --roster FILE --signed FILE [--json]  — who has not signed "
                    "(exit 1 when anyone has not signed the current version). POLICY may be left out when the project "
                    "has one released policy.",
    )
    p.add_argument("targets", nargs="*", metavar="POLICY[@VERSION]",
                   help="a released policy id (latest release unless @VERSION), `booklet`, or `status [POLICY]`")
    p.add_argument("--roster", required=True, metavar="FILE", help="roster CSV or XLSX: 工号, 姓名, 部门 and optionally 岗位")
    p.add_argument("--signed", metavar="FILE", help="status: signed list CSV or XLSX: 工号, 版本号 (or release hash), 签收日期")
    p.add_argument("--json", action="store_true", help="status: print the report as JSON")
    p.add_argument("--split", action="store_true", help="also write one receipt PDF per employee, named by 工号")
    p.add_argument("--encoding", metavar="ENC", help="encoding of CSV files (default: detect UTF-8 or GBK/GB18030)")
    p.add_argument("-o", "--out", metavar="DIR", help="output folder (default: the project's output, or build/)")
    p.add_argument("--releases", metavar="DIR", help="releases folder (default: releases/ of the project)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_acknowledge)
