"""Build documents on disk: load and check everything first, then render, then write.

Nothing is written until every input validated; every file is written
atomically, so a failed build leaves earlier outputs intact.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PathError, ValidationError
from ..model import Policy, Project
from ..loader.project_files import PROJECT_FILE, check_paths
from ..renderer import FORMATS
from ..renderer.output import write_atomic
from ..resolver import IssueDefaults


@dataclass
class Output:
    """One file a build wrote (or found up to date)."""

    path: Path
    fmt: str
    size: int
    pages: int | None
    seconds: float
    rendered: bool = True


@dataclass
class BuildOptions:
    """Options shared by every document of a build."""

    formats: tuple[str, ...] = FORMATS
    out: Path = Path("build")
    organisation: str | None = None
    theme: str | None = None  # overrides every policy's theme
    project_theme: str | None = None  # used where a policy names no theme
    templates_dir: str | None = None
    reference_docx: str | None = None
    pdf_variant: str | None = None
    jobs: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    docx_toc: str = "libreoffice"  # fill the booklet's TOC through LibreOffice where installed; "word": leave it to Word
    issue_defaults: IssueDefaults | None = None  # the project's issuers and printing office
    library: dict[str, Policy] = field(default_factory=dict)  # policies that attachments may name, by id


def output_name(policy: Policy, fmt: str) -> str:
    """Return ``<id>-v<version>.<ext>``."""
    return f"{policy.id}-v{policy.version}.{fmt}"


def find_project(start: Path) -> Path | None:
    """Return the nearest policygen.yaml at or above ``start``, if any."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def options_from_project(project: Project, root: Path, base: BuildOptions) -> BuildOptions:
    """Return build options with the project's defaults filled in where not given."""
    return BuildOptions(
        formats=base.formats,
        out=base.out,
        organisation=base.organisation or project.organisation,
        theme=base.theme,
        project_theme=project.theme,
        templates_dir=base.templates_dir or (str(root / project.templates) if project.templates else None),
        reference_docx=base.reference_docx or (str(root / project.reference_docx) if project.reference_docx else None),
        pdf_variant=base.pdf_variant,
        jobs=base.jobs,
        docx_toc=base.docx_toc,
        issue_defaults=IssueDefaults(list(project.issuers), project.printed_by, root.resolve()),
        library=base.library,
    )


def render_one(policy: Policy, fmt: str, options: BuildOptions) -> tuple[bytes, int | None, float]:
    """Return (bytes, page count or None, seconds) of one policy in one format."""
    from ..renderer import render

    start = time.perf_counter()
    data = render(
        policy,
        fmt,
        organisation=options.organisation,
        theme=options.theme,
        project_theme=options.project_theme,
        templates_dir=options.templates_dir,
        reference_docx=options.reference_docx,
        pdf_variant=options.pdf_variant,
        issue_defaults=options.issue_defaults,
        library=options.library,
    )
    pages = count_pdf_pages(data) if fmt == "pdf" else None
    return data, pages, time.perf_counter() - start


def count_pdf_pages(data: bytes) -> int:
    """Return the number of pages of a PDF."""
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _job(args: tuple[Policy, str, BuildOptions]) -> tuple[bytes, int | None, float]:
    return render_one(*args)


def build_policies(
    policies: list[Policy],
    options: BuildOptions,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Output]:
    """Render every policy in every format into ``options.out``; return what was written."""
    if not options.library:
        options = dataclasses.replace(options, library={p.id: p for p in policies})
    jobs = [(p, fmt, options) for p in policies for fmt in options.formats]
    results: list[tuple[bytes, int | None, float]] = []
    if options.jobs > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            for (policy, fmt, _), result in zip(jobs, pool.map(_job, jobs), strict=True):
                results.append(result)
                if progress:
                    progress(output_name(policy, fmt))
    else:
        for job in jobs:
            results.append(_job(job))
            if progress:
                progress(output_name(job[0], job[1]))
    outputs = []
    for (policy, fmt, _), (data, pages, seconds) in zip(jobs, results, strict=True):
        path = options.out / output_name(policy, fmt)
        write_atomic(path, data)
        outputs.append(Output(path, fmt, len(data), pages, seconds))
    return outputs


def load_checked(paths: list[str]) -> tuple[list[Policy], Project | None, Path | None]:
    """Return the validated policies of ``paths``; raise ValidationError listing every problem."""
    result = check_paths(paths)
    if result.errors:
        raise ValidationError(result.problems)
    if not result.files:
        raise PathError("no policy files found — give .yaml files or a project folder")
    policies = [result.policies[f] for f in result.files if f in result.policies]
    return policies, result.project, result.project_path
