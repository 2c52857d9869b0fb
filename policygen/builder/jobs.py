"""The jobs of a build and where they run: any ``concurrent.futures.Executor``.

Job functions are module-level and take picklable arguments, so a process
pool can run them; a thread pool or the caller's own executor works too. With
no executor and one job slot, jobs run inline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..renderer import Format, render
from ..renderer.fontmerge import FontFacts
from ..renderer.paged import PagedPdf, paged_pdf
from ..renderer.theme import Theme, theme_for
from ..resolver.document import ResolvedDocument
from ..model import Policy
from .faults import process_pool
from .options import BuildOptions

T = TypeVar("T")

Progress = Callable[[str, int, int], None]
"""Called as ``progress(label, done, total)`` each time a job finishes."""


@dataclass(frozen=True)
class PartJob:
    """One HTML document to lay out as PDF; numbered 1…N when ``page_label`` is set."""

    name: str
    html: str
    theme: Theme
    language: str
    page_label: str | None
    source: str


@dataclass(frozen=True)
class Rendered:
    """The bytes of one document in one format, its page count (PDF) and the seconds it took."""

    data: bytes
    pages: int | None
    seconds: float


@dataclass(frozen=True)
class LaidPart:
    """A part laid out by a worker, with what each font dictionary of its plain PDF draws (by object number)."""

    paged: PagedPdf
    fonts: dict[tuple[int, int], FontFacts]


def layout_part(job: PartJob, cache: Path | None) -> LaidPart:
    """Return the laid-out PDF of ``job`` and its fonts' facts (run in a worker).

    The fonts are read here, in parallel, so that the booklet's font merge
    reads none of them.
    """
    from ..renderer.fontmerge import read_fonts

    paged = paged_pdf(job.html, theme=job.theme, language=job.language, page_label=job.page_label, source=job.source, cache=cache)
    return LaidPart(paged, read_fonts(paged.plain))


def warm_worker(theme: Theme, cache: Path | None = None) -> None:
    """Load WeasyPrint, the font configuration and the theme's faces (run in a worker before its first part).

    With a ``cache`` folder, the theme's compact faces are made there if missing, and loaded.
    """
    from ..renderer.fonts import first_installed
    from ..renderer.pdf import layout, session_for, write_document

    faces = sorted({family for role in theme.fonts.values() if (family := first_installed(role.families)[0])})
    body = "".join(f'<p style="font-family: \'{face}\'">第一条 总则（一）1.</p>' for face in faces)
    html = f"<html><body>{body}</body></html>"
    session = session_for(html, theme.families, cache)
    write_document(layout(html, source="warm-up", session=session), identifier="warm-up")


def docx_part(
    doc: ResolvedDocument, reference: str | None, source: Policy | None = None, embed_fonts: bool = False
) -> Rendered:
    """Return the DOCX of one resolved document (run in a worker); ``source`` is the policy it records."""
    from ..renderer.docx import render_docx  # python-docx and lxml: only when a DOCX is made

    start = time.perf_counter()
    theme = theme_for(doc.theme, doc.language)
    data = render_docx(doc, theme, reference=reference, source=source, embed_fonts=embed_fonts)
    return Rendered(data, None, time.perf_counter() - start)


def render_policy(policy: Policy, fmt: Format, options: BuildOptions) -> Rendered:
    """Return one policy in one format with the build's options (run in a worker)."""
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
        embed_fonts=options.embed_fonts,
        cache_dir=str(options.cache_dir) if options.cache_dir else None,
        issue_defaults=options.issue_defaults,
        library={p.id: p for p in options.library},
        check_glyphs=False,  # the build checked every policy before rendering any
    )
    pages = count_pdf_pages(data) if fmt == "pdf" else None
    return Rendered(data, pages, time.perf_counter() - start)


def count_pdf_pages(data: bytes) -> int:
    """Return the number of pages of a PDF."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


class Runner:
    """Runs jobs on an executor (the caller's, or a process pool it owns) and reports progress."""

    def __init__(self, jobs: int, progress: Progress | None = None, executor: Executor | None = None) -> None:
        self.owned = executor is None and jobs > 1
        self.jobs = jobs
        self.executor: Executor | None = process_pool(jobs) if self.owned else executor
        self.progress = progress
        self.total = 0
        self.done = 0

    def submit(self, label: str, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Return the future of ``fn(*args)``; inline when there is no executor."""
        self.total += 1
        if self.executor is None:
            fut: Future[T] = Future()
            try:
                fut.set_result(fn(*args))
            except Exception as exc:
                fut.set_exception(exc)
        else:
            fut = self.executor.submit(fn, *args)
        fut.add_done_callback(lambda _f: self._finished(label))
        return fut

    def warm_up(self, fn: Callable[..., object], *args: Any) -> None:
        """Run ``fn(*args)`` once per worker of a pool this runner owns, ahead of the jobs; not counted as progress."""
        if self.owned and self.executor is not None:
            for _ in range(self.jobs):
                self.executor.submit(fn, *args)

    def _finished(self, label: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(label, self.done, self.total)

    def close(self, wait: bool = True) -> None:
        """Shut down the pool this runner created; a caller's executor stays open.

        ``wait=False`` cancels the jobs not started and returns at once; the
        workers exit when they finish what they are running.
        """
        if self.owned and self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=not wait)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(wait=kind is None)  # on an error, the jobs not started are dropped, not waited for


__all__ = ["LaidPart", "PartJob", "Progress", "Rendered", "Runner", "count_pdf_pages", "docx_part", "layout_part", "render_policy", "warm_worker"]
