"""The regulations booklet (汇编): every policy of a project in one document.

``build_project`` renders each policy once (in parallel, cached by content
hash), writes each policy's own documents, and assembles the booklet: cover,
preface, contents with page numbers, every policy, appendices.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..model import Policy, Project
from ..renderer.html import render_document_html, render_template, template_source
from ..renderer.paged import check_fonts
from ..renderer.compact import faces_folder, register_folder
from ..renderer.fontmerge import KnownFonts
from ..renderer.stamp import numbering_for
from ..renderer.theme import Theme, theme_for
from ..resolver import index_policies, resolve_policy
from ..resolver.document import ResolvedDocument
from ..resolver.labels import format_date
from ..resolver.locale import Locale, locale_for
from .appendix import Appendix, build_appendix, split_appendix
from .assemble import Part, assemble, dest_page, named_dests, page_index, read_outline
from .cache import Cache, KeptFonts, KeptSubsets, key_of, write_if_changed
from .faults import remove_dead_run_dirs, remove_leftovers
from .toc_update import update_toc
from .jobs import LaidPart, PartJob, Progress, Rendered, Runner, docx_part, layout_part, warm_worker
from .policies import BuildOptions, Output, output_name

T = TypeVar("T")
BOOKLET_NAME = "booklet"
APPENDIX = "appendix"  # the first appendix part; later ones are appendix-2, appendix-3 …
APPENDIX_ANCHORS = ("appendix-roles", "appendix-channels", "appendix-revisions")
LINKED = "#linked"  # suffix of a policy's booklet layout whose references to other policies are links
CACHE_DIR = ".policygen-cache"


@dataclass(frozen=True)
class BookletInfo:
    organisation: str
    title: str
    edition: str | None
    date: str
    preface: tuple[str, ...]


@dataclass(frozen=True)
class PdfPart:
    """A part laid out as PDF (from the cache or a job): without page numbers, and numbered for a policy."""

    key: str
    pdf: bytes
    pages: int
    seconds: float
    rendered: bool
    numbered: bytes | None = None
    fonts: KnownFonts | None = None  # what its font dictionaries draw (the font merge's reading, done in the worker)


@dataclass(frozen=True)
class DocxPart:
    """One policy's DOCX (from the cache or a job)."""

    key: str
    data: bytes
    seconds: float
    rendered: bool


@dataclass(frozen=True)
class Pending(Generic[T]):
    """A part being made by a job: its cache key and the job's future."""

    key: str
    future: Future[T]


@dataclass(frozen=True)
class Booklet:
    """Everything the booklet's parts are made from."""

    project: Project
    docs: tuple[ResolvedDocument, ...]
    info: BookletInfo
    appendix: Appendix
    labels: dict[str, str]
    theme: Theme
    language: str
    options: BuildOptions
    locale: Locale
    #: the same documents with references to other policies as links (the booklet holds them all)
    linked_docs: tuple[ResolvedDocument, ...] = ()

    def part_html(self, part: str, **extra: Any) -> str:
        """Return the HTML of one booklet part (cover, preface, contents, appendix)."""
        ctx = {"part": part, "booklet": self.info, "labels": self.labels, "locale": self.locale,
               "doc_title": self.info.title, "version": None, "appendix": self.appendix}
        ctx.update(extra)
        return render_template("booklet_parts.html.j2", ctx, language=self.language, theme=self.theme,
                               templates_dir=self.options.templates_dir)

    def html(self) -> str:
        """Return the whole booklet as one HTML file, each policy in its own theme and language."""
        ctx = {"booklet": self.info, "labels": self.labels, "locale": self.locale, "doc_title": self.info.title,
               "version": None, "appendix": self.appendix, "docs": list(self.linked_docs),
               "entries": _toc_entries(list(self.docs), self.locale, None), "part": "all"}
        doc_themes = {doc.id: (theme_for(doc.theme, doc.language), doc.language) for doc in self.docs}
        return render_template("booklet.html.j2", ctx, language=self.language, theme=self.theme,
                               templates_dir=self.options.templates_dir, doc_themes=doc_themes)

    def appendix_parts(self) -> list[tuple[str, str]]:
        """Return (name, HTML) of the appendix parts: a long role index is cut at role boundaries.

        A changed duty then re-lays out one part of about ROLE_ROWS_PER_PART rows,
        not the whole index. Overridden appendix templates are laid out whole,
        since they may not know the slices.
        """
        overridden = self.options.templates_dir and any(
            (Path(self.options.templates_dir) / name).is_file()
            for name in ("booklet_appendix.html.j2", "booklet_parts.html.j2")
        )
        slices = [self.appendix] if overridden else split_appendix(self.appendix)
        return [(APPENDIX if i == 0 else f"{APPENDIX}-{i + 1}", self.part_html("appendix", appendix=piece))
                for i, piece in enumerate(slices)]

    def part_job(self, name: str, html: str) -> PartJob:
        source = template_source("booklet_parts.html.j2", self.options.templates_dir)
        return PartJob(name, html, self.theme, self.language, None, source)


# ---- the build ----------------------------------------------------------------------


def booklet_info(project: Project, docs: list[ResolvedDocument]) -> BookletInfo:
    """Return what the cover and preface print."""
    date = project.date or max((dt.date.fromisoformat(d.issued_iso) for d in docs), default=dt.date(2000, 1, 1))
    return BookletInfo(project.organisation, project.title, project.edition, format_date(date, project.language), tuple(project.preface))


def project_cache_root(root: Path, options: BuildOptions) -> Path:
    """Return the absolute cache folder of the project at ``root``."""
    # absolute: a job may run where the working folder is another (a Dask worker) and must not keep files there
    return (options.cache_dir or root / CACHE_DIR).absolute()


def _keeps_parts(cache_root: Path) -> bool:
    """Return True when the cache holds laid-out parts (a build has run here before)."""
    try:
        return any(entry.name.endswith(".pdf") for entry in (cache_root / "objects").iterdir())
    except OSError:
        return False


def start_runner(
    project: Project, root: Path, options: BuildOptions, *, progress: Progress | None = None, executor: Executor | None = None
) -> Runner:
    """Return the runner of a project's build, its workers already loading WeasyPrint and the booklet's faces.

    Started before the policies are loaded and checked, so that the workers'
    start-up overlaps this process's reading; the caller closes it.
    """
    runner = Runner(options.jobs, progress, executor)
    if "pdf" in options.formats:
        if runner.owned and not _keeps_parts(project_cache_root(root, options)):
            # nothing laid out yet, so every part will be: imported once here, before the pool's workers
            # are forked, rather than by each of them (0.4 s). A build that re-uses parts needs few workers'
            # time and is not held up by it.
            import weasyprint  # noqa: F401
        theme = theme_for(options.theme or project.theme or locale_for(project.language).default_theme, project.language)
        runner.warm_up(warm_worker, theme, project_cache_root(root, options))
    return runner


def build_project(
    project: Project,
    root: Path,
    policies: list[Policy],
    options: BuildOptions,
    *,
    progress: Progress | None = None,
    executor: Executor | None = None,
    started: Runner | None = None,
    cache: Cache | None = None,
    check: Callable[[], None] | None = None,
) -> list[Output]:
    """Build every policy's documents and the booklet; return the outputs (written or unchanged).

    ``started`` is a runner :func:`start_runner` made for this build (closed here); by default one is started.
    ``cache`` is the project's cache when the caller already used it (what it read is kept, the rest pruned).
    ``check`` runs once the PDF parts are handed to the pool, before any result is kept or written:
    what it raises ends the build there.
    """
    cache = cache or Cache(project_cache_root(root, options))
    # temporary files of builds that were killed
    remove_leftovers(options.out, cache.root, cache.objects, faces_folder(cache.root))
    remove_dead_run_dirs()
    library = {p.id: p for p in policies}

    language = project.language
    locale = locale_for(language)
    booklet_theme = options.theme or project.theme or locale.default_theme

    with started or start_runner(project, root, options, progress=progress, executor=executor) as runner:
        def resolve_all(link: bool) -> list[ResolvedDocument]:
            others = index_policies(policies, link=link)
            return [resolve_policy(p, organisation=options.organisation, theme=options.theme,
                                   fallback_theme=project.theme, issue_defaults=options.issue_defaults,
                                   library=library, others=others) for p in policies]

        docs = resolve_all(False)  # each policy's own documents: references to other policies print, link nowhere
        book = Booklet(project, tuple(docs), booklet_info(project, docs), build_appendix(docs), dict(locale.labels),
                       theme_for(booklet_theme, language), language, options, locale, tuple(resolve_all(True)))
        htmls = [render_document_html(d, templates_dir=options.templates_dir) for d in docs]
        if "pdf" in options.formats:  # before any work: never a PDF with missing glyphs
            for doc, html in zip(docs, htmls, strict=True):
                check_fonts(theme_for(doc.theme, doc.language), doc.language, html)
            check_fonts(book.theme, language, project.title + project.organisation)

        front = [("cover", book.part_html("cover"))]
        if book.info.preface:
            front.append(("preface", book.part_html("preface")))
        back = book.appendix_parts()

        outputs: list[Output] = []
        booklet_outputs: list[Output] = []
        out_dir = options.out
        pdf_parts: dict[str, PdfPart | Pending[LaidPart]] = {}
        docx_parts: dict[str, DocxPart | Pending[Rendered]] = {}
        if "pdf" in options.formats:
            part_jobs = [book.part_job(name, html) for name, html in front]
            for doc, html in zip(docs, htmls, strict=True):
                source = template_source(f"{doc.kind}.html.j2", options.templates_dir)
                part_jobs.append(PartJob(doc.id, html, theme_for(doc.theme, doc.language), doc.language, doc.labels["page"], source))
            for doc in book.linked_docs:  # laid out once more for the booklet, keeping its links to other policies
                if doc.external_anchors():
                    linked = render_document_html(doc, templates_dir=options.templates_dir,
                                                  link_targets=doc.external_anchors())
                    source = template_source(f"{doc.kind}.html.j2", options.templates_dir)
                    part_jobs.append(PartJob(f"{doc.id}{LINKED}", linked, theme_for(doc.theme, doc.language),
                                             doc.language, None, source))
            part_jobs += [book.part_job(name, html) for name, html in back]
            placeholder = book.part_html("contents", entries=_toc_entries(docs, locale, [888] * (len(docs) + 3)))
            if cache.get(key_of("pdf-part", placeholder), "pdf") is None:
                part_jobs.append(book.part_job("contents", placeholder))
            todo = []
            for job in part_jobs:
                hit = _cached_part(cache, job)
                if hit is not None:
                    pdf_parts[job.name] = hit
                else:
                    todo.append(job)
            for job in sorted(todo, key=lambda j: -len(j.html)):  # longest first: the appendix tends to be long
                pdf_parts[job.name] = Pending(key_of("pdf-part", job.html), runner.submit(job.name, layout_part, job, cache.root))
        if check is not None:
            check()
        if "docx" in options.formats:
            ref_bytes = Path(options.reference_docx).read_bytes() if options.reference_docx else b""
            for doc, policy in zip(docs, policies, strict=True):
                key = key_of("docx", repr(doc), ref_bytes, repr(policy), repr(options.embed_fonts))
                cached = cache.get(key, "docx")
                if cached:
                    docx_parts[doc.id] = DocxPart(key, cached[0], 0.0, False)
                else:
                    docx_parts[doc.id] = Pending(key, runner.submit(
                        f"{doc.id}.docx", docx_part, doc, options.reference_docx, policy, options.embed_fonts
                    ))
        # the booklet DOCX needs no PDF: make it (and let LibreOffice fill its contents) meanwhile
        docx_booklet: Future[Output] | None = None
        if "docx" in options.formats:
            side = ThreadPoolExecutor(max_workers=1)
            docx_booklet = side.submit(_booklet_docx, book, cache)
            side.shutdown(wait=False)

        # collect results as they come: fill the cache, write each policy's own documents
        done_pdf = {name: _collected_part(cache, entry) for name, entry in pdf_parts.items()}
        done_docx = {name: _collected_docx(cache, entry) for name, entry in docx_parts.items()}
        for policy, doc, html in zip(policies, docs, htmls, strict=True):
            if "pdf" in options.formats:
                part = done_pdf[doc.id]
                assert part.numbered is not None
                outputs.append(_write(out_dir / output_name(policy, "pdf"), "pdf", part.numbered, part.pages, part.seconds, part.rendered))
            if "docx" in options.formats:
                docx = done_docx[doc.id]
                outputs.append(_write(out_dir / output_name(policy, "docx"), "docx", docx.data, None, docx.seconds, docx.rendered))
            if "html" in options.formats:
                outputs.append(_write(out_dir / output_name(policy, "html"), "html", html.encode("utf-8"), None, 0.0, False))

        # the booklet itself (the pool stays open for the contents part)
        if "pdf" in options.formats:
            booklet_outputs.append(_booklet_pdf(book, front, back, done_pdf, cache, runner))

    if "html" in options.formats:
        t = time.perf_counter()
        html = book.html()
        booklet_outputs.append(_write(out_dir / f"{BOOKLET_NAME}.html", "html", html.encode("utf-8"), None, time.perf_counter() - t, True))
    if docx_booklet is not None:
        booklet_outputs.append(docx_booklet.result())
    cache.prune()
    return booklet_outputs + outputs


def _write(path: Path, fmt: Any, data: bytes, pages: int | None, seconds: float, rendered: bool) -> Output:
    write_if_changed(path, data)
    return Output(path, fmt, len(data), pages, seconds, rendered)


def _cached_part(cache: Cache, job: PartJob) -> PdfPart | None:
    key = key_of("pdf-part", job.html)
    hit = cache.get(key, "pdf")
    if hit is None or "pages" not in hit[1]:
        return None
    fonts = KeptFonts(cache).get(key)
    if job.page_label is None:
        return PdfPart(key, hit[0], hit[1]["pages"], 0.0, False, fonts=fonts)
    own = cache.get(key_of("pdf-numbered", key), "pdf")
    return PdfPart(key, hit[0], hit[1]["pages"], 0.0, False, own[0], fonts) if own else None


def _collected_part(cache: Cache, entry: PdfPart | Pending[LaidPart]) -> PdfPart:
    if isinstance(entry, PdfPart):
        return entry
    key, laid = entry.key, entry.future.result()
    result = laid.paged
    cache.put(key, "pdf", result.plain, {"pages": result.pages})
    KeptFonts(cache).put(key, laid.fonts)
    if result.numbered is not None:
        cache.put(key_of("pdf-numbered", key), "pdf", result.numbered)
    return PdfPart(key, result.plain, result.pages, result.seconds, True, result.numbered, laid.fonts)


def _collected_docx(cache: Cache, entry: DocxPart | Pending[Rendered]) -> DocxPart:
    if isinstance(entry, DocxPart):
        return entry
    key, result = entry.key, entry.future.result()
    cache.put(key, "docx", result.data)
    return DocxPart(key, result.data, result.seconds, True)


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
    for j, (anchor, key) in enumerate(zip(APPENDIX_ANCHORS, ("role_index", "channel_directory", "revision_history"), strict=True)):
        page = pages[len(docs) + j] if pages else None
        entries.append({"title": locale.appendix_heading(j + 1, locale.labels[key]), "anchor": anchor, "level": 1, "page": page})
    return entries


def _booklet_pdf(
    book: Booklet, front: list[tuple[str, str]], back: list[tuple[str, str]], parts: dict[str, PdfPart], cache: Cache,
    runner: Runner,
) -> Output:
    t = time.perf_counter()
    docs, labels, info = list(book.docs), book.labels, book.info
    front_parts = [Part(parts[name].key, labels["preface"] if name == "preface" else info.title, parts[name].pdf, parts[name].pages, False,
                        fonts=parts[name].fonts)
                   for name, _ in front]
    doc_parts = []
    for d in book.linked_docs:
        laid = parts.get(f"{d.id}{LINKED}", parts[d.id])
        doc_parts.append(Part(laid.key, d.title, laid.pdf, laid.pages, placeholders=frozenset(d.external_anchors()), fonts=laid.fonts))
    appendix_parts = [Part(parts[name].key, labels["appendix"], parts[name].pdf, parts[name].pages, continues=i > 0, fonts=parts[name].fonts)
                      for i, (name, _) in enumerate(back)]

    # contents: lay out once with placeholder numbers to learn its length, then for real
    def contents(pages: list[int] | None, part_pages: dict[str, list[int]] | None = None) -> Callable[[], tuple[bytes, int]]:
        """Start laying out the contents (unless kept); return what gives its PDF and page count."""
        html = book.part_html("contents", entries=_toc_entries(docs, book.locale, pages or [888] * (len(docs) + 3),
                                                               part_pages))
        key = key_of("pdf-part", html)
        hit = cache.get(key, "pdf")
        if hit and "pages" in hit[1]:
            kept = hit[0], int(hit[1]["pages"])
            return lambda: kept
        future = runner.submit("contents", layout_part, book.part_job("contents", html), cache.root)

        def wait() -> tuple[bytes, int]:
            laid = future.result()
            cache.put(key, "pdf", laid.paged.plain, {"pages": laid.paged.pages})
            return laid.paged.plain, laid.paged.pages

        return wait

    stand_in, toc_pages = contents(None)()
    page = sum(p.pages for p in front_parts) + toc_pages + 1
    starts = []
    for p in doc_parts:
        starts.append(page)
        page += p.pages
    part_pages = {d.id: _part_offsets(p, start, len(d.parts))
                  for d, p, start in zip(docs, doc_parts, starts, strict=True) if d.parts}
    final = contents(starts + _appendix_offsets(appendix_parts, page), part_pages)
    register_folder(cache.root)  # the compact faces the parts were laid out with, for the font merge

    def real_contents() -> bytes:
        data, count = final()
        assert count == toc_pages, "contents length changed between passes"
        return data

    # assembly starts with the placeholder contents (as many pages) while a worker lays out the real one
    toc_part = Part("contents", labels["contents"], stand_in, toc_pages, False, final=real_contents)
    all_parts = [*front_parts, toc_part, *doc_parts, *appendix_parts]
    data = assemble(
        all_parts,
        numbering_for(book.theme, labels["page"]),
        title=info.title,
        author=info.organisation,
        subject=f"{info.organisation} {info.title}",
        keywords=", ".join(filter(None, [info.title, info.edition or ""])),
        date=book.project.date or dt.date(2000, 1, 1),
        unnumbered={0},
        cache=cache.root,
        subsets=KeptSubsets(cache),
    )
    return _write(book.options.out / f"{BOOKLET_NAME}.pdf", "pdf", data, sum(p.pages for p in all_parts), time.perf_counter() - t, True)


def _part_offsets(part: Any, start: int, count: int) -> list[int]:
    """Return the booklet page of each part (编) of a policy, from the policy's bookmarks (title, then parts)."""
    import io

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(part.pdf))
    found = [page for top in read_outline(pdf, page_index(pdf), start) for _, page, _, _ in top[3][:count]]
    return (found + [start] * count)[:count]


def _appendix_offsets(parts: list[Part], start: int) -> list[int]:
    """Return the booklet page of each appendix section (its anchor), from the appendix parts' destinations."""
    import io

    import pikepdf

    pages: dict[str, int] = {}
    for part in parts:
        pdf = pikepdf.open(io.BytesIO(part.pdf))
        index = page_index(pdf)
        for name, dest in named_dests(pdf).items():
            page = dest_page(dest, index)
            if name in APPENDIX_ANCHORS and page is not None:
                pages.setdefault(name, start + page)
        start += part.pages
    first = pages.get(APPENDIX_ANCHORS[0], start)
    return [pages.get(anchor, first) for anchor in APPENDIX_ANCHORS]


def _booklet_docx(book: Booklet, cache: Cache) -> Output:
    from .booklet_docx import render_booklet_docx  # python-docx and lxml: only when a DOCX is made

    options = book.options
    t = time.perf_counter()
    ref_bytes = Path(options.reference_docx).read_bytes() if options.reference_docx else b""
    docs = list(book.linked_docs or book.docs)
    key = key_of("booklet-docx", repr(docs), repr(book.info), ref_bytes, options.docx_toc,
                 repr(options.embed_fonts))
    hit = cache.get(key, "docx")
    rendered = hit is None
    if hit:
        data = hit[0]
    else:
        via_libreoffice = options.docx_toc == "libreoffice"
        data = render_booklet_docx(docs, book.info, book.appendix, book.labels, book.theme,
                                   reference=options.reference_docx, language=info_language(docs),
                                   embed_fonts=options.embed_fonts and not via_libreoffice)
        if via_libreoffice:
            from ..renderer.docx import with_theme_fonts

            # LibreOffice re-saves the file with its own font table (and would embed its own fonts)
            updated = update_toc(data)
            if updated is not None or options.embed_fonts:
                data = with_theme_fonts(updated or data, book.theme, embed_fonts=options.embed_fonts)
        cache.put(key, "docx", data)
    return _write(options.out / f"{BOOKLET_NAME}.docx", "docx", data, None, time.perf_counter() - t, rendered)


def info_language(docs: list[ResolvedDocument]) -> str:
    """Return the language most policies of the booklet are written in."""
    langs = [d.language for d in docs]
    return max(sorted(set(langs)), key=langs.count) if langs else "zh-Hans"


__all__ = ["BOOKLET_NAME", "CACHE_DIR", "Booklet", "BookletInfo", "DocxPart", "PdfPart", "build_project"]
