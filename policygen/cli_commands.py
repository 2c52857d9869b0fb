"""Sub-commands beyond validate and schema: build, doctor (and those of other stages)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import PathError


def _formats(value: str) -> tuple[str, ...]:
    from .render import FORMATS

    out = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    bad = [v for v in out if v not in FORMATS]
    if bad or not out:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or value!r} — use pdf, docx, html")
    return out


def _console(quiet: bool) -> Any:
    from rich.console import Console

    return Console(stderr=True, quiet=quiet, highlight=False)


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

    from .build import BuildOptions, build_policies, find_project, load_checked, options_from_project
    from .cli import UsageError
    from .model import Project

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
            from .load import check

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
        from .booklet.role_view import build_role_view

        outputs = build_role_view(policies, project, options, args.role, console=console)
    elif project_build and project is not None and not args.no_booklet:
        from .booklet import build_project

        outputs = build_project(project, root or Path.cwd(), policies, options, console=console)
        _record(root or Path.cwd(), args, outputs)
    else:
        with _progress(console, len(policies) * len(options.formats)) as advance:
            outputs = build_policies(policies, options, progress=advance)
    _summary(console, outputs, time.perf_counter() - start)
    if "pdf" in options.formats:
        _report_fonts(console, policies, options)
    return 0


def _report_fonts(console: Any, policies: list[Any], options: Any) -> None:
    """Name the fonts the PDFs embed, per theme used."""
    from .render.fonts import theme_fonts
    from .render.theme import theme_for
    from .resolve import default_theme

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

    from .booklet import CACHE_DIR
    from .booklet.cache import fingerprint, input_files

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
    from .booklet.cache import up_to_date

    fp = _fingerprint(root, args)
    return up_to_date(*fp) if fp else None


def _record(root: Path, args: argparse.Namespace, outputs: list[Any]) -> None:
    from .booklet.cache import record_build

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


def cmd_doctor(args: argparse.Namespace) -> int:
    from .render.fonts import ensure_fontconfig, has_hb_subset, theme_fonts
    from .render.theme import GBT9704, GBT9704_HANT, MODERN

    ok = True
    print(f"fonts.conf: {ensure_fontconfig()}")
    for label, theme in (("gbt9704 (zh-Hans)", GBT9704), ("gbt9704 (zh-Hant)", GBT9704_HANT), ("modern", MODERN)):
        print(f"theme {label}:")
        for choice in theme_fonts(theme):
            if choice.family:
                print(f"  {choice.role:<11} {choice.word_name:<8} → {choice.family} ({choice.file})")
            else:
                ok = False
                print(f"  {choice.role:<11} {choice.word_name:<8} → MISSING (wanted {', '.join(theme.fonts[choice.role].families)})")
    hb = has_hb_subset()
    print(f"hb-subset (libharfbuzz-subset0): {'present' if hb else 'MISSING — PDF font subsetting falls back to fontTools: slow and not reproducible; apt-get install libharfbuzz-subset0'}")
    import shutil

    for tool in ("soffice", "pandoc", "pdftotext"):
        print(f"{tool}: {shutil.which(tool) or 'not found (optional)'}")
    if not ok:
        from .render.fonts import INSTALL_HINT

        print(f"some fonts are missing — {INSTALL_HINT}", file=sys.stderr)
    return 0 if ok and hb else 1


def register_build(sub: Any) -> None:
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
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.set_defaults(func=cmd_build)


def register_doctor(sub: Any) -> None:
    p = sub.add_parser("doctor", help="report which font serves each role and whether hb-subset is present")
    p.set_defaults(func=cmd_doctor)


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    written = init_project(args.folder)
    for path in written:
        print(f"created {path}")
    print(f"next: cd {args.folder} && policygen validate && policygen build")
    return 0


def register_init(sub: Any) -> None:
    p = sub.add_parser("init", help="create a project (policygen.yaml, a notice and a regulation, schemas, .gitignore)")
    p.add_argument("folder", nargs="?", default=".", metavar="DIR", help="folder to create the project in (default: .)")
    p.set_defaults(func=cmd_init)


def _register_versioning(sub: Any) -> None:
    from .versioning.cli import register

    register(sub)


# acknowledge (签收): receipts, registers and status; everything is in policygen/acknowledge/
def _register_acknowledge(sub: Any) -> None:
    from .acknowledge.cli import register

    register(sub)


REGISTER: list[Callable[[Any], None]] = [register_build, register_doctor, register_init, _register_versioning,
                                         _register_acknowledge]
