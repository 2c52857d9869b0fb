"""``policygen import``: existing regulations in as YAML, and a reviewer's DOCX edits back."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..importer.api import SUFFIXES, Imported, import_file
from ..importer.errors import ImportError_
from ..renderer.output import write_atomic
from ._common import EXIT_CONTENT, EXIT_OK, UsageError

REPORT_SUFFIX = ".import-report.txt"


def cmd_import(args: argparse.Namespace) -> int:
    if args.update:
        return _update(args)
    if not args.files:
        raise UsageError("give the files to import (.docx, .txt, .md, .html), or --update POLICY.yaml REVIEWED.docx")
    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        if path.suffix.lower() not in SUFFIXES:
            raise UsageError(f"{path}: cannot import {path.suffix or 'a file without a suffix'} — give .docx, .txt, .md or .html")
    targets = _targets(paths, args.out)
    results: list[tuple[Imported, Path, float]] = []
    failed = False
    for path, target in zip(paths, targets, strict=True):
        start = time.perf_counter()
        try:
            result = import_file(path, schema=_schema_ref(target))
        except ImportError_ as exc:
            print(str(exc), file=sys.stderr)
            failed = True
            continue
        results.append((result, target, time.perf_counter() - start))
    if failed:
        print("error: nothing was written — fix or leave out the files above", file=sys.stderr)
        return EXIT_CONTENT
    for _result, target, _elapsed in results:
        if target.exists() and not args.force:
            raise UsageError(f"{target} exists — pass --force to overwrite it, or -o another folder")
    for result, target, elapsed in results:
        report_path = target.with_name(target.stem + REPORT_SUFFIX)
        write_atomic(target, result.yaml_text.encode("utf-8"))
        write_atomic(report_path, result.report.render(target.name, result.summary()).encode("utf-8"))
        if not args.quiet:
            for line in result.report.lines(full=False):
                print(line)
        print(f"imported {result.source} → {target} ({result.summary()}; {elapsed:.2f} s); report: {report_path}")
    return EXIT_OK


def _targets(paths: list[Path], out: str | None) -> list[Path]:
    """Return the YAML path of each input: beside it, in the folder -o names, or -o itself for one input."""
    if out is None:
        return [p.with_suffix(".yaml") for p in paths]
    target = Path(out)
    if target.suffix.lower() in (".yaml", ".yml"):
        if len(paths) > 1:
            raise UsageError(f"-o {out} names one file, but {len(paths)} inputs were given — give a folder")
        return [target]
    names = [p.with_suffix(".yaml").name for p in paths]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise UsageError(f"several inputs would be written to {', '.join(sorted(dupes))} in {out} — import them separately")
    return [target / n for n in names]


def _schema_ref(target: Path) -> str:
    """Return the schema path for the modeline: relative to the nearest schema/ folder above, else ../schema."""
    folder = target.resolve().parent
    for parent in [folder, *folder.parents]:
        candidate = parent / "schema" / "policy.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return "../schema/policy.schema.json"


def _update(args: argparse.Namespace) -> int:
    from ..importer.update import UpdateError, update_policy

    if len(args.files) != 1:
        raise UsageError("--update takes one REVIEWED.docx: policygen import --update POLICY.yaml REVIEWED.docx")
    policy_path, docx_path = Path(args.update), Path(args.files[0])
    for path in (policy_path, docx_path):
        if not path.exists():
            raise UsageError(f"{path}: no such file")
    try:
        result = update_policy(policy_path, docx_path, reject_tracked=args.reject_tracked, force=args.force)
    except (UpdateError, ImportError_) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_CONTENT
    for line in result.comment_lines():
        print(line)
    for line in result.change_lines():
        print(line)
    if args.dry_run:
        sys.stdout.write(result.diff() if result.changed else f"{policy_path}: no changes\n")
        return EXIT_OK
    if result.changed:
        write_atomic(policy_path, result.new_text.encode("utf-8"))
        print(f"updated {policy_path}")
    else:
        print(f"{policy_path}: no changes")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import existing regulations (.docx, .txt, .md, .html) as policy YAML, "
                                      "or a reviewed DOCX back into its YAML (--update)")
    p.add_argument("files", nargs="*", metavar="FILE", help="files to import; with --update, the reviewed DOCX")
    p.add_argument("-o", "--out", metavar="OUT", help="output folder, or the .yaml file for a single input")
    p.add_argument("--update", metavar="POLICY.yaml", help="apply the edits of a reviewed DOCX to this policy")
    p.add_argument("--reject-tracked", action="store_true", help="with --update: take tracked changes as rejected")
    p.add_argument("--dry-run", action="store_true", help="with --update: print the diff of the YAML, write nothing")
    p.add_argument("--force", action="store_true",
                   help="overwrite existing YAML; with --update, accept a DOCX of another policy or an older source")
    p.add_argument("-q", "--quiet", action="store_true", help="print the summary only")
    p.set_defaults(func=cmd_import)
