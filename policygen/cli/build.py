"""``policygen build``: render policies, or the whole project and its booklet."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import PathError
from ._common import UsageError, console as _console, formats as _formats


def _summary(console: Any, outputs: list[Any], elapsed: float) -> None:
    from rich.table import Table

    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("output")
    table.add_column("pages", justify="right")
    table.add_column("size", justify="right")
    table.add_column("time", justify="right")
    for o in outputs:
        status = "" if o.rendered else " (cached)"
        table.add_row(str(o.path), "" if o.pages is None else str(o.pages), _size(o.size), f"{o.seconds:.2f} s{status}")
    console.print(table)
    console.print(f"built {len(outputs)} file(s) in {elapsed:.2f} s")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from ..builder.policies import BuildOptions, build_policies, find_project, load_checked, options_from_project
    from ..model import Project

    start = time.perf_counter()
    console = _console(args.quiet)
    paths = args.paths
    project_build = False
    if not paths:
        if not (Path.cwd() / "policygen.yaml").is_file():
            raise UsageError("no policygen.yaml here — run in a project folder or give policy files (policygen build FILE.yaml)")
        paths = ["."]
    if len(paths) == 1 and Path(paths[0]).is_dir() and (Path(paths[0]) / "policygen.yaml").is_file():
        project_build = True
        if not args.role and not args.no_booklet:
            fresh = _up_to_date(Path(paths[0]), args)
            if fresh is not None:
                console.print(f"up to date: {len(fresh)} file(s), nothing rendered ({time.perf_counter() - start:.2f} s)")
                return 0
    try:
        policies, project, project_path = load_checked(paths)
    except PathError as exc:
        raise UsageError(str(exc)) from None
    root = project_path.parent if project_path else None
    if project is None:
        found = find_project(Path(paths[0]).parent if Path(paths[0]).is_file() else Path(paths[0]))
        if found is not None:
            from ..loader import check

            proj, _ = check(found, Project)
            if isinstance(proj, Project):
                project, root = proj, found.parent
    base = BuildOptions(
        formats=args.format or (tuple(project.formats) if project else ("pdf", "docx", "html")),
        out=Path(args.out) if args.out else ((root / project.output) if (project and root and project_build) else Path("build")),
        theme=args.theme,
        templates_dir=args.templates,
        reference_docx=args.reference_doc,
        pdf_variant=args.pdf_variant,
        jobs=args.jobs,
        docx_toc=args.docx_toc,
    )
    options = options_from_project(project, root or Path.cwd(), base) if project else base
    if args.role:
        from ..builder.role_view import build_role_view

        outputs = build_role_view(policies, project, options, args.role, console=console)
    elif project_build and project is not None and not args.no_booklet:
        from ..builder.project import build_project

        cluster = _cluster(args.executor)
        try:
            outputs = build_project(project, root or Path.cwd(), policies, options, console=console,
                                    executor=cluster.executor if cluster else None)
        finally:
            if cluster is not None:
                cluster.close()
        _record(root or Path.cwd(), args, outputs)
    else:
        with _progress(console, len(policies) * len(options.formats)) as advance:
            outputs = build_policies(policies, options, progress=advance)
    _summary(console, outputs, time.perf_counter() - start)
    if "pdf" in options.formats:
        _report_fonts(console, policies, options)
    return 0


def _cluster(address: str | None) -> Any:
    """Return a connected cluster executor for ``--executor``, or None for the local pool."""
    if not address:
        return None
    from ..builder.executors import ExecutorError, connect

    try:
        return connect(address)
    except ExecutorError as exc:
        raise UsageError(str(exc)) from None


def _report_fonts(console: Any, policies: list[Any], options: Any) -> None:
    """Name the fonts the PDFs embed, per theme used."""
    from ..renderer.fonts import theme_fonts
    from ..renderer.theme import theme_for
    from ..resolver import default_theme

    seen = set()
    for policy in policies:
        name = options.theme or policy.theme or options.project_theme or default_theme(policy.language)
        if (name, policy.language) in seen:
            continue
        seen.add((name, policy.language))
        choices = theme_fonts(theme_for(name, policy.language))
        used = sorted({f"{c.word_name} → {c.family}" for c in choices if c.family})
        console.print(f"PDF fonts embedded ({name}, {policy.language}): " + "; ".join(used))


def _fingerprint(root: Path, args: argparse.Namespace) -> tuple[Path, str] | None:
    """Return (cache folder, fingerprint of every input of a project build), without validating."""
    from ruamel.yaml import YAML

    from ..builder.project import CACHE_DIR
    from ..builder.cache import fingerprint, input_files

    project_file = root / "policygen.yaml"
    try:
        raw = YAML(typ="safe").load(project_file.read_text(encoding="utf-8"))
    except Exception:  # any problem: let the full build report it
        return None
    if not isinstance(raw, dict):
        return None
    files = input_files(root, project_file, str(raw.get("policies_dir", "policies")), raw.get("templates"), raw.get("reference_docx"))
    for extra in (args.templates, args.reference_doc):
        if extra:
            p = Path(extra)
            files += [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else [p]
    options = repr((args.format, args.out, args.theme, args.templates, args.reference_doc, args.pdf_variant, args.docx_toc, str(root.resolve())))
    return root / CACHE_DIR, fingerprint(files, options)


def _up_to_date(root: Path, args: argparse.Namespace) -> list[Path] | None:
    from ..builder.cache import up_to_date

    fp = _fingerprint(root, args)
    return up_to_date(*fp) if fp else None


def _record(root: Path, args: argparse.Namespace, outputs: list[Any]) -> None:
    from ..builder.cache import record_build

    fp = _fingerprint(root, args)
    if fp:
        record_build(fp[0], fp[1], [o.path for o in outputs])


class _progress:
    """A rich progress bar for multi-document builds; silent with --quiet or one document."""

    def __init__(self, console: Any, total: int) -> None:
        self.console, self.total, self.bar = console, total, None

    def __enter__(self) -> Callable[[str], None]:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        if self.total > 1 and not self.console.quiet:
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("rendering", total=self.total)

        def advance(name: str) -> None:
            if self.bar is not None:
                self.bar.update(self.task, advance=1, description=name)

        return advance

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
    p.add_argument("--pdf-variant", choices=["pdf/a-3b", "pdf/a-2b", "pdf/a-1b", "pdf/ua-1"], help="write PDF/A or PDF/UA")
    p.add_argument("--role", metavar="ROLE", help="only what binds this role (id or name), across policies")
    p.add_argument("--no-booklet", action="store_true", help="in a project, build each policy's documents only")
    p.add_argument("--docx-toc", choices=["libreoffice", "word"], default="libreoffice",
                   help="booklet DOCX contents: filled by LibreOffice (UNO) where installed (default), or left for Word to fill on opening")
    p.add_argument("-j", "--jobs", type=int, default=2, help="parallel render processes (default 2)")
    p.add_argument("--executor", metavar="dask://HOST:PORT",
                   help="lay out the booklet's parts on a Dask cluster instead of local processes (pip install policygen[dask]); see docs/cluster.md")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.set_defaults(func=cmd_build)


