"""``policygen build``: render policies, or the whole project and its booklet."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..builder.options import BuildOptions, Output
from ..builder.faults import changes, snapshot
from ..builder.plan import build, project_folder
from ..errors import PathError, WriteError
from ..loader import check_file
from ..loader.project_files import PROJECT_FILE
from ..model import Policy, Project
from ..renderer import FORMATS
from ..renderer.fonts import theme_fonts
from ..renderer.theme import theme_for
from ..resolver import default_theme
from ._common import EXIT_CONTENT, UsageError, console as _console, formats as _formats
from .watch import watch_build


def _summary(console: Any, outputs: list[Output], elapsed: float, seen: dict[str, str] | None = None) -> None:
    from rich.table import Table

    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("output")
    table.add_column("pages", justify="right")
    table.add_column("size", justify="right")
    table.add_column("time", justify="right")
    changed_only = seen is not None
    if seen is not None:
        outputs = _changed(outputs, seen)
    for o in outputs:
        status = "" if o.rendered else " (cached)"
        table.add_row(str(o.path), "" if o.pages is None else str(o.pages), _size(o.size), f"{o.seconds:.2f} s{status}")
    console.print(table)
    console.print(f"{'updated' if changed_only else 'built'} {len(outputs)} file(s) in {elapsed:.2f} s")


def _changed(outputs: list[Any], seen: dict[str, str]) -> list[Any]:
    """Return the outputs whose bytes differ from those in ``seen`` (path → sha256), updating it."""
    import hashlib

    out = []
    for o in outputs:
        try:
            digest = hashlib.sha256(Path(o.path).read_bytes()).hexdigest()
        except OSError:
            continue
        if seen.get(str(o.path)) != digest:
            out.append(o)
        seen[str(o.path)] = digest
    return out


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def cmd_build(args: argparse.Namespace) -> int:
    if getattr(args, "watch", False):
        args.watch = False
        args.output_digests = {}
        return watch_build(args, cmd_build)
    console = _console(args.quiet)
    paths = args.paths
    if not paths:
        if not (Path.cwd() / PROJECT_FILE).is_file():
            raise UsageError("no policygen.yaml here — run in a project folder or give policy files (policygen build FILE.yaml)")
        paths = ["."]
    base = BuildOptions(
        formats=args.format or FORMATS,
        out=Path(args.out) if args.out else Path("build"),
        theme=args.theme,
        templates_dir=args.templates,
        reference_docx=args.reference_doc,
        pdf_variant=args.pdf_variant,
        embed_fonts=args.embed_fonts,
        jobs=args.jobs,
        docx_toc=args.docx_toc,
        allow_outside=args.allow_outside,
    )
    out = _output_folder(paths, base.out if args.out else None)
    before = snapshot(out)
    progress_error: WriteError | None = None
    cluster = _cluster(getattr(args, "executor", None))
    try:
        with _ProgressBar(console) as progress:
            try:
                result = build(paths, base, out_given=bool(args.out), formats_given=bool(args.format), role=args.role,
                               booklet=not args.no_booklet, progress=progress,
                               executor=cluster.executor if cluster is not None else None)
            except PathError as exc:
                raise UsageError(str(exc)) from None
            except WriteError as exc:
                progress_error = exc
    finally:
        if cluster is not None:
            cluster.close()
    if progress_error is not None:
        _report_partial(progress_error, before, out)
        return EXIT_CONTENT
    if result.up_to_date:
        console.print(f"up to date: {len(result.outputs)} file(s), nothing rendered ({result.seconds:.2f} s)")
        return 0
    _summary(console, list(result.outputs), result.seconds, getattr(args, "output_digests", None))
    if "pdf" in result.options.formats:
        _report_fonts(console, list(result.policies), result.options)
    return 0


def _output_folder(paths: list[str], given: Path | None) -> Path:
    """Return the folder a build of ``paths`` writes to: the given one, the project's, or build/."""
    if given is not None:
        return given
    folder = project_folder(paths)
    if folder is not None:
        project, _ = check_file(folder / PROJECT_FILE, Project)
        if project is not None:
            return folder / project.output
    return Path("build")


def _report_partial(exc: WriteError, before: dict[Path, Any], out: Path) -> None:
    """Print the write failure in one line, then which outputs were updated and which were not."""
    import sys

    written, kept = changes(before, out)
    print(f"error: {exc}", file=sys.stderr)
    print(f"updated before the failure: {_names(written)}", file=sys.stderr)
    print(f"not updated (older files, possibly out of date): {_names(kept)}", file=sys.stderr)


def _names(paths: list[Path], limit: int = 8) -> str:
    import os

    if not paths:
        return "none"
    shown = ", ".join(p.name if os.path.relpath(p).startswith("..") else os.path.relpath(p) for p in paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "") + f" ({len(paths)})"


def _cluster(address: str | None) -> Any:
    """Return a connected cluster executor for ``--executor``, or None for the local pool."""
    if not address:
        return None
    from ..builder.executors import ExecutorError, connect

    try:
        return connect(address)
    except ExecutorError as exc:
        raise UsageError(str(exc)) from None


def _report_fonts(console: Any, policies: list[Policy], options: BuildOptions) -> None:
    """Name the fonts the PDFs embed, per theme used."""
    seen = set()
    for policy in policies:
        name = options.theme or policy.theme or options.project_theme or default_theme(policy.language)
        if (name, policy.language) in seen:
            continue
        seen.add((name, policy.language))
        choices = theme_fonts(theme_for(name, policy.language))
        used = sorted({f"{c.word_name} → {c.family}" for c in choices if c.family})
        console.print(f"PDF fonts embedded ({name}, {policy.language}): " + "; ".join(used))


class _ProgressBar:
    """A rich progress bar fed by the build's progress callback; silent with --quiet."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[str, int, int], None]:
        if not self.console.quiet:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


            self.bar = Progress(TextColumn("rendering {task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=None)
        return self.advance

    def advance(self, label: str, done: int, total: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=done, total=total, description=label)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def register(sub: Any) -> None:
    p = sub.add_parser("build", help="render policies (or the whole project and its booklet) to PDF, DOCX and HTML")
    p.add_argument("paths", nargs="*", metavar="PATH", help="policy files, or a project folder (default: the project here)")
    p.add_argument("-f", "--format", type=_formats, help="comma-separated formats: pdf,docx,html (default: the project's, or all)")
    p.add_argument("-o", "--out", metavar="DIR", help="output folder (default: the project's output, or build/)")
    p.add_argument("--theme", choices=["gbt9704", "modern"], help="theme for every document")
    p.add_argument("--templates", metavar="DIR", help="folder of template overrides, searched first")
    p.add_argument("--reference-doc", metavar="DOCX", help="reference .docx whose styles the DOCX output uses")
    p.add_argument("--embed-fonts", action="store_true",
                   help="embed in DOCX output subsets of the open fonts that stand in for 仿宋, 黑体 … (LibreOffice shows the PDF's faces)")
    p.add_argument("--pdf-variant", choices=["pdf/a-3b", "pdf/a-2b", "pdf/a-1b", "pdf/ua-1"], help="write PDF/A or PDF/UA")
    p.add_argument("--role", metavar="ROLE", help="only what binds this role (id or name), across policies")
    p.add_argument("--no-booklet", action="store_true", help="in a project, build each policy's documents only")
    p.add_argument("--docx-toc", choices=["libreoffice", "word"], default="libreoffice",
                   help="booklet DOCX contents: filled by LibreOffice (UNO) where installed (default), or left for Word to fill on opening")
    p.add_argument("-j", "--jobs", type=int, default=2, help="parallel render processes (default 2)")
    p.add_argument("--executor", metavar="dask://HOST:PORT",
                   help="lay out the parts on a Dask cluster instead of local processes (pip install policygen[dask]); see docs/cluster.md")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("--watch", action="store_true", help="rebuild on every save, printing only what changed and the problems")
    p.add_argument("--allow-outside", action="store_true", help="allow the project's output and policies_dir outside its folder")
    p.set_defaults(func=cmd_build)


