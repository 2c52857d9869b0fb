"""The regulations booklet (汇编): every policy of a project in one document.

``build_project`` renders each policy once (in parallel, cached by content
hash), writes each policy's own documents, and assembles the booklet: cover,
preface, contents with page numbers, every policy, appendices.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .policies import BuildOptions, Output, output_name
from ..model import Policy, Project
from ..renderer.output import write_atomic
from ..resolver import index_policies, resolve_policy
from ..resolver.document import ResolvedDocument
from ..resolver.labels import format_date
from ..resolver.locale import Locale, locale_for
from ..renderer.theme import theme_for
from .appendix import build_appendix
from .cache import Cache, key_of, write_if_changed

BOOKLET_NAME = "booklet"
LINKED = "#linked"  # suffix of a policy's booklet layout whose references to other policies are links
CACHE_DIR = ".policygen-cache"


@dataclass
class BookletInfo:
    organisation: str
    title: str
    edition: str | None
    date: str
    preface: list[str]


# ---- work done in worker processes -------------------------------------------------


def _layout_part(html: str, numbering: Any = None) -> tuple[bytes, int, float, bytes | None]:
    """Return (PDF without page numbers, page count, seconds, numbered PDF or None) of ``html``.

    Runs in a pool worker; numbering the policy's own PDF here keeps it off the main process.
    """
    import io

    import pikepdf

    from ..renderer.pdf import html_to_pdf
    from ..renderer.stamp import number_pdf

    start = time.perf_counter()
    data = html_to_pdf(html)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    numbered = number_pdf(data, numbering) if numbering is not None else None
    return data, pages, time.perf_counter() - start, numbered


def _render_docx(doc: ResolvedDocument, reference: str | None) -> tuple[bytes, float]:
    from ..renderer.docx import render_docx

    start = time.perf_counter()
    data = render_docx(doc, theme_for(doc.theme, doc.language), reference=reference)
    return data, time.perf_counter() - start


class _Runner:
    """Runs jobs in a process pool (or inline with one job) and reports progress."""

    def __init__(self, jobs: int, progress: Callable[[str], None] | None) -> None:
        self.pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None
        self.progress = progress

    def submit(self, label: str, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.pool is None:
            fut: Future[Any] = Future()
            fut.set_result(fn(*args))
        else:
            fut = self.pool.submit(fn, *args)
        if self.progress:
            fut.add_done_callback(lambda _f: self.progress(label) if self.progress else None)
        return fut

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


# ---- the build ----------------------------------------------------------------------


def booklet_info(project: Project, docs: list[ResolvedDocument]) -> BookletInfo:
    """Return what the cover and preface print."""
    date = project.date or max((dt.date.fromisoformat(d.issued_iso) for d in docs), default=dt.date(2000, 1, 1))
    return BookletInfo(project.organisation, project.title, project.edition, format_date(date, project.language), list(project.preface))


def build_project(
    project: Project,
    root: Path,
    policies: list[Policy],
    options: BuildOptions,
    *,
    console: Any = None,
) -> list[Output]:
    """Build every policy's documents and the booklet; return the outputs (written or unchanged)."""
    from ..renderer.html import document_context, render_document_html, render_template

    started = time.perf_counter()
    cache = Cache(root / CACHE_DIR)
    def resolve_all(link: bool) -> list[ResolvedDocument]:
        others = index_policies(policies, link=link)
        return [resolve_policy(p, organisation=options.organisation, theme=options.theme,
                               fallback_theme=project.theme, others=others) for p in policies]

    docs = resolve_all(False)  # each policy's own documents: references to other policies print, link nowhere
    # the HTML and DOCX booklets hold every policy: there, references to other policies are links
    booklet_docs = resolve_all(True)
    language = project.language
    locale = locale_for(language)
    labels = dict(locale.labels)
    booklet_theme = options.theme or project.theme or locale.default_theme
    theme_obj = theme_for(booklet_theme, language)
    htmls = [render_document_html(d, templates_dir=options.templates_dir) for d in docs]
    # a policy that links to others is laid out once more for the booklet PDF, with its links
    placeholders = {d.id: d.external_anchors() for d in booklet_docs}
    linked_htmls = [(f"{d.id}{LINKED}", render_document_html(d, templates_dir=options.templates_dir,
                                                              link_targets=placeholders[d.id]))
                    for d in booklet_docs if placeholders[d.id]]
    if "pdf" in options.formats:
        from ..renderer.fonts import needs_cjk, require_cjk_fonts

        for doc, html in zip(docs, htmls, strict=True):
            if needs_cjk(doc.language, html):
                require_cjk_fonts(theme_for(doc.theme, doc.language))
        if needs_cjk(language, project.title + project.organisation):
            require_cjk_fonts(theme_obj)
    info = booklet_info(project, docs)
    appendix = build_appendix(docs)

    def part_html(part: str, **extra: Any) -> str:
        ctx = {"part": part, "booklet": info, "labels": labels, "locale": locale, "doc_title": info.title, "version": None,
               "appendix": appendix}
        ctx.update(extra)
        return render_template("booklet_parts.html.j2", ctx, language=language, theme=theme_obj, templates_dir=options.templates_dir)

    front = [("cover", part_html("cover"))]
    if info.preface:
        front.append(("preface", part_html("preface")))
    back = [("appendix", part_html("appendix"))]

    from ..renderer.stamp import numbering_for

    outputs: list[Output] = []
    out_dir = options.out
    progress_bar = _Progress(console)
    progress_bar.start()
    runner = _Runner(options.jobs, progress_bar.advance)
    try:
        # 1. submit every part that is not cached, longest first (the appendix tends to be the longest)
        pdf_parts: dict[str, Any] = {}
        numbered: dict[str, bytes] = {}
        jobs: list[tuple[str, str, Any]] = []
        if "pdf" in options.formats:
            numbering = {d.id: numbering_for(theme_for(d.theme, d.language), d.labels["page"]) for d in docs}
            for name, html in [*front, *[(d.id, h) for d, h in zip(docs, htmls, strict=True)], *linked_htmls, *back]:
                key = key_of("pdf-part", html)
                hit = cache.get(key, "pdf")
                own = cache.get(key_of("pdf-numbered", key), "pdf") if name in numbering else None
                if hit and (own or name not in numbering):
                    pdf_parts[name] = (key, hit[0], hit[1]["pages"], 0.0, False)
                    if own:
                        numbered[name] = own[0]
                else:
                    jobs.append((name, html, numbering.get(name)))
            placeholder = part_html("contents", entries=_toc_entries(docs, locale, [888] * (len(docs) + 3)))
            if cache.get(key_of("pdf-part", placeholder), "pdf") is None:
                jobs.append(("contents", placeholder, None))
            for name, html, num in sorted(jobs, key=lambda j: -len(j[1])):
                pdf_parts.setdefault(name, None)
                pdf_parts[name] = (key_of("pdf-part", html), runner.submit(name, _layout_part, html, num))
        docx_parts: dict[str, Any] = {}
        if "docx" in options.formats:
            ref_bytes = Path(options.reference_docx).read_bytes() if options.reference_docx else b""
            for doc in docs:
                key = key_of("docx", repr(doc), ref_bytes)
                hit = cache.get(key, "docx")
                if hit:
                    docx_parts[doc.id] = (key, hit[0], 0.0, False)
                else:
                    jobs.append((doc.id, "", None))
                    docx_parts[doc.id] = (key, runner.submit(f"{doc.id}.docx", _render_docx, doc, options.reference_docx))
        progress_bar.set_total(len(jobs))
        # the booklet DOCX needs no PDF: make it (and let LibreOffice fill its contents) meanwhile
        docx_booklet = None
        if "docx" in options.formats:
            from concurrent.futures import ThreadPoolExecutor

            side = ThreadPoolExecutor(max_workers=1)
            docx_booklet = side.submit(_booklet_docx, booklet_docs, info, appendix, labels, theme_obj, options, cache,
                                       out_dir)
            side.shutdown(wait=False)

        # 2. collect results as they come: fill the cache, write each policy's own PDF at once
        for name, entry in list(pdf_parts.items()):
            if len(entry) == 2:
                key, fut = entry
                data, pages, seconds, own = fut.result()
                cache.put(key, "pdf", data, {"pages": pages})
                if own is not None:
                    cache.put(key_of("pdf-numbered", key), "pdf", own)
                    numbered[name] = own
                pdf_parts[name] = (key, data, pages, seconds, True)
        for doc_id, entry in list(docx_parts.items()):
            if len(entry) == 2:
                key, fut = entry
                data, seconds = fut.result()
                cache.put(key, "docx", data)
                docx_parts[doc_id] = (key, data, seconds, True)

        for policy, doc, html in zip(policies, docs, htmls, strict=True):
            if "pdf" in options.formats:
                key, part, pages, seconds, rendered = pdf_parts[doc.id]
                data = numbered.pop(doc.id)
                path = out_dir / output_name(policy, "pdf")
                write_if_changed(path, data)
                outputs.append(Output(path, "pdf", len(data), pages, seconds, rendered))
            if "docx" in options.formats:
                key, data, seconds, rendered = docx_parts[doc.id]
                path = out_dir / output_name(policy, "docx")
                write_if_changed(path, data)
                outputs.append(Output(path, "docx", len(data), None, seconds, rendered))
            if "html" in options.formats:
                data = html.encode("utf-8")
                path = out_dir / output_name(policy, "html")
                write_if_changed(path, data)
                outputs.append(Output(path, "html", len(data), None, 0.0, False))

        # 3. the booklet itself (the pool stays open for the contents part)
        booklet_outputs: list[Output] = []
        if "pdf" in options.formats:
            booklet_outputs.append(_booklet_pdf(front, docs, back, pdf_parts, info, labels, theme_obj, part_html, cache,
                                                out_dir, project, runner, placeholders))
    finally:
        runner.close()
        progress_bar.stop()

    if "html" in options.formats:
        t = time.perf_counter()
        ctx = {"booklet": info, "labels": labels, "locale": locale, "doc_title": info.title, "version": None,
               "appendix": appendix, "docs": booklet_docs, "entries": _toc_entries(docs, locale, None), "part": "all"}
        html = render_template("booklet.html.j2", ctx, language=language, theme=theme_obj, templates_dir=options.templates_dir)
        data = html.encode("utf-8")
        path = out_dir / f"{BOOKLET_NAME}.html"
        write_if_changed(path, data)
        booklet_outputs.append(Output(path, "html", len(data), None, time.perf_counter() - t))
    if docx_booklet is not None:
        booklet_outputs.append(docx_booklet.result())
    cache.prune()
    del started, document_context
    return booklet_outputs + outputs


def _toc_entries(
    docs: list[ResolvedDocument], locale: Locale, pages: list[int] | None, part_pages: dict[str, list[int]] | None = None
) -> list[dict[str, Any]]:
    """Return the contents: each policy, its parts (编) if any, then the appendices."""
    entries = []
    for i, doc in enumerate(docs):
        entries.append({"title": doc.title, "anchor": doc.id, "level": 1, "page": pages[i] if pages else None})
        for k, part in enumerate(doc.parts):
            page = (part_pages[doc.id][k] if part_pages else 888) if pages else None
            entries.append({"title": part.heading, "anchor": part.anchor, "level": 2, "page": page})
    for j, (anchor, key) in enumerate((("appendix-roles", "role_index"), ("appendix-channels", "channel_directory"), ("appendix-revisions", "revision_history"))):
        page = pages[len(docs) + j] if pages else None
        entries.append({"title": locale.appendix_heading(j + 1, locale.labels[key]), "anchor": anchor, "level": 1, "page": page})
    return entries


def _booklet_pdf(front, docs, back, pdf_parts, info, labels, theme_obj, part_html, cache, out_dir, project, runner, placeholders) -> Output:  # type: ignore[no-untyped-def]
    from ..renderer.stamp import numbering_for
    from .assemble import Part, assemble

    t = time.perf_counter()
    front_parts = [Part(pdf_parts[name][0], labels["preface"] if name == "preface" else info.title, pdf_parts[name][1], pdf_parts[name][2], False) for name, _ in front]
    doc_parts = []
    for d in docs:
        laid = pdf_parts.get(f"{d.id}{LINKED}", pdf_parts[d.id])
        doc_parts.append(Part(laid[0], d.title, laid[1], laid[2], placeholders=frozenset(placeholders.get(d.id, ()))))
    appendix_part = Part(pdf_parts["appendix"][0], labels["appendix"], pdf_parts["appendix"][1], pdf_parts["appendix"][2])

    # contents: lay out once with placeholder numbers to learn its length, then for real
    def contents(pages: list[int] | None, part_pages: dict[str, list[int]] | None = None) -> tuple[bytes, int]:
        html = part_html("contents", entries=_toc_entries(docs, locale_for(project.language),
                                                          pages or [888] * (len(docs) + 3), part_pages))
        key = key_of("pdf-part", html)
        hit = cache.get(key, "pdf")
        if hit:
            return hit[0], hit[1]["pages"]
        data, n, _, _ = runner.submit("contents", _layout_part, html).result()
        cache.put(key, "pdf", data, {"pages": n})
        return data, n

    _, toc_pages = contents(None)
    page = sum(p.pages for p in front_parts) + toc_pages + 1
    starts = []
    for p in doc_parts:
        starts.append(page)
        page += p.pages
    appendix_start = page
    appendix_offsets = _appendix_offsets(appendix_part, appendix_start)
    part_pages = {d.id: _part_offsets(p, start, len(d.parts))
                  for d, p, start in zip(docs, doc_parts, starts, strict=True) if d.parts}
    toc_data, n2 = contents(starts + appendix_offsets, part_pages)
    assert n2 == toc_pages, "contents length changed between passes"
    toc_part = Part("contents", labels["contents"], toc_data, toc_pages, False)
    parts = [*front_parts, toc_part, *doc_parts, appendix_part]
    date = project.date or dt.date(2000, 1, 1)
    data = assemble(
        parts,
        numbering_for(theme_obj, labels["page"]),
        title=info.title,
        author=info.organisation,
        subject=f"{info.organisation} {info.title}",
        keywords=", ".join(filter(None, [info.title, info.edition or ""])),
        date=date,
        unnumbered={0},
    )
    path = out_dir / f"{BOOKLET_NAME}.pdf"
    write_if_changed(path, data)
    return Output(path, "pdf", len(data), sum(p.pages for p in parts), time.perf_counter() - t)


def _part_offsets(part: Any, start: int, count: int) -> list[int]:
    """Return the booklet page of each part (编) of a policy, from the policy's bookmarks (title, then parts)."""
    import io

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(part.pdf))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    found: list[int] = []
    with pdf.open_outline() as outline:
        for top in outline.root:
            for item in top.children[:count]:
                dest: Any = item.destination
                try:
                    found.append(start + index[dest[0].objgen])
                except (TypeError, KeyError, IndexError, AttributeError):
                    found.append(start)
    return (found + [start] * count)[:count]


def _appendix_offsets(part: Any, start: int) -> list[int]:
    """Return the booklet page of each appendix section, from the part's bookmarks."""
    import io

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(part.pdf))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    found: list[int] = []
    with pdf.open_outline() as outline:
        for item in outline.root:
            dest = item.destination
            try:
                found.append(start + index[dest[0].objgen])
            except (TypeError, KeyError, IndexError, AttributeError):
                found.append(start)
    return (found + [start] * 3)[:3]


def _booklet_docx(docs, info, appendix, labels, theme_obj, options, cache, out_dir) -> Output:  # type: ignore[no-untyped-def]
    from .booklet_docx import render_booklet_docx

    t = time.perf_counter()
    ref_bytes = Path(options.reference_docx).read_bytes() if options.reference_docx else b""
    key = key_of("booklet-docx", repr(docs), repr(info), ref_bytes, options.docx_toc)
    hit = cache.get(key, "docx")
    rendered = hit is None
    if hit:
        data = hit[0]
    else:
        data = render_booklet_docx(docs, info, appendix, labels, theme_obj, reference=options.reference_docx, language=info_language(docs))
        if options.docx_toc == "libreoffice":
            from .toc_update import update_toc

            data = update_toc(data) or data
        cache.put(key, "docx", data)
    path = out_dir / f"{BOOKLET_NAME}.docx"
    write_if_changed(path, data)
    return Output(path, "docx", len(data), None, time.perf_counter() - t, rendered)


class _Progress:
    def __init__(self, console: Any) -> None:
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def start(self) -> None:
        if self.console is None or self.console.quiet:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("rendering {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)
        self.bar.start()
        self.task = self.bar.add_task("", total=None)

    def set_total(self, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, total=total)

    def advance(self, label: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=label)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


__all__ = ["BOOKLET_NAME", "build_project", "write_atomic"]


def info_language(docs: list[ResolvedDocument]) -> str:
    """Return the language most policies of the booklet are written in."""
    langs = [d.language for d in docs]
    return max(sorted(set(langs)), key=langs.count) if langs else "zh-Hans"
