"""HTML → PDF with WeasyPrint: embedded subset CJK fonts, bookmarks, fixed ids and dates.

Nothing here changes the caller's process. The Word font aliases (仿宋 →
FandolFang …) are added to the fontconfig configuration of one WeasyPrint
``FontConfiguration`` — an object this module creates and owns — not through
``FONTCONFIG_FILE``. WeasyPrint's log messages during a call are taken from
its logger by a filter added for that call and that thread only; the logger's
level and handlers stay as the caller set them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import logging
import os
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, RenderError, TemplateError
from .compact import CompactFace, chosen, fontconfig_with, release
from .fonts import aliases_conf_text
from .pdfsave import compressed
from .wpfonts import one_pass_fonts

PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")
WEASYPRINT_LOGGER = "weasyprint"


class _Collect(logging.Filter):
    """Takes WeasyPrint's records of one thread out of the logging flow, keeping them."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.thread != self.thread:
            return True  # another thread's render: not ours to take
        if record.levelno >= logging.WARNING:
            self.records.append(record)
        return False


@contextlib.contextmanager
def captured_messages(source: str) -> Iterator[None]:
    """Raise TemplateError naming ``source`` for every warning WeasyPrint logs inside the block.

    The filter is added to WeasyPrint's logger for the block only; the
    logger's level, handlers and propagation are left as they were.
    """
    logger = logging.getLogger(WEASYPRINT_LOGGER)
    collect = _Collect()
    logger.addFilter(collect)
    try:
        yield
    finally:
        logger.removeFilter(collect)
    if collect.records:
        problems = [Problem(source, 0, 0, _advice(record.getMessage())) for record in collect.records]
        raise TemplateError(problems)


_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts: \"(.+)\" \(U\+([0-9A-Fa-f]+)\)")


def _advice(message: str) -> str:
    """Return what to tell the user about one of WeasyPrint's messages."""
    missing = _NOTDEF.search(message)
    if missing:  # a character of the content (or of the template) that no installed font draws
        from .coverage import package_for

        ch = chr(int(missing.group(2), 16))
        return (f"character '{ch}' (U+{ord(ch):04X}) has no glyph in any installed font and would print as an "
                f"empty box — install {package_for(ch)}, or remove the character")
    return f"WeasyPrint: {message} — fix the template or its CSS"


def split_stylesheet(html: str) -> tuple[str, str] | None:
    """Return ``html`` without its stylesheet, and the stylesheet; None when it can't be moved out.

    Only the plain case is taken: one ``<style>`` element and no linked
    stylesheet, ``!important`` or ``@counter-style``. Moved out, the sheet is
    given to WeasyPrint as a user stylesheet, which cascades the same as the
    document's own when it is the only author sheet and nothing is important.
    """
    start = html.find("<style>")
    end = html.find("</style>", start)
    if start < 0 or end < 0 or html.count("<style") != 1 or "<link" in html:
        return None
    text = html[start + len("<style>") : end]
    if "!important" in text or "@counter-style" in text:
        return None
    return html[:start] + html[end + len("</style>") :], text


class FontSession:
    """A WeasyPrint font configuration with the Word font aliases; create one, reuse it, drop it.

    Sharing one across documents keeps fonts loaded and caches warm: a worker
    laying out many parts uses about half the memory and less CPU. The session
    also keeps the last few stylesheets parsed (bound to its font
    configuration), so documents sharing a theme parse their CSS once.
    """

    KEPT_STYLESHEETS = 16

    def __init__(self, compact: tuple[CompactFace, ...] = ()) -> None:
        """``compact``: faces to lay out with instead of the installed ones they were made from."""
        from weasyprint.text.ffi import fontconfig, ffi, pangoft2
        from weasyprint.text.fonts import FontConfiguration

        self.config = FontConfiguration()
        font_map = ffi.cast("PangoFcFontMap *", self.config.font_map)
        address = fontconfig_with(compact, aliases_conf_text()) if compact else None
        if address is not None:
            # a configuration of our own, the aliases in it, installed faces swapped for compact ones;
            # the font map keeps its own reference, as WeasyPrint does with the one it made
            ours = ffi.cast("FcConfig *", address)
            pangoft2.pango_fc_font_map_set_config(font_map, ours)
            release(address)
            self.config._config = ours  # where WeasyPrint adds a template's @font-face rules
        else:
            xml = aliases_conf_text().encode("utf-8")
            # WeasyPrint's own @font-face support adds rules to this object's FcConfig the same way
            if not fontconfig.FcConfigParseAndLoadFromMemory(self.config._config, xml, True):
                raise RenderError("fontconfig refused the Word font aliases")  # pragma: no cover
            pangoft2.pango_fc_font_map_config_changed(font_map)
        self._sheets: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def stylesheet(self, text: str, base_url: str, source: str) -> Any:
        """Return ``text`` parsed as a WeasyPrint stylesheet, parsing it once per session.

        A sheet WeasyPrint warns about raises TemplateError naming ``source``
        and is not kept, so every later use reports it again.
        """
        import weasyprint

        key = (text, base_url)
        sheet = self._sheets.get(key)
        if sheet is not None:
            self._sheets.move_to_end(key)
            return sheet
        with captured_messages(source):
            sheet = weasyprint.CSS(string=text, base_url=base_url, font_config=self.config)
        self._sheets[key] = sheet
        if len(self._sheets) > self.KEPT_STYLESHEETS:
            self._sheets.popitem(last=False)
        return sheet


_LOCAL = threading.local()
# Pango, fontconfig and WeasyPrint are not safe to call from two threads at once:
# calls from a thread pool take turns (process pools run in parallel).
_ENGINE = threading.RLock()


def default_session() -> FontSession:
    """Return this thread's font session, created on first use (never one inherited across a fork)."""
    return session_with(())


def session_for(html: str, families: Iterable[str], folder: Path | None) -> FontSession:
    """Return this thread's session for laying out ``html`` in ``families``.

    With a folder to keep them in, and every character of ``html`` in their
    set, the large faces of ``families`` are swapped for compact copies (see
    ``compact.py``); otherwise the installed faces are used.
    """
    return session_with(chosen(html, families, folder))


def session_with(faces: tuple[CompactFace, ...]) -> FontSession:
    """Return this thread's session laying out with ``faces`` instead of their installed sources."""
    pid = os.getpid()
    held = getattr(_LOCAL, "sessions", None)
    if held is None or held[0] != pid:
        held = _LOCAL.sessions = (pid, {})
    sessions: dict[tuple[CompactFace, ...], FontSession] = held[1]
    session = sessions.get(faces)
    if session is None:
        with _ENGINE:
            session = sessions[faces] = FontSession(faces)
    return session


@dataclass(frozen=True)
class Layout:
    """A laid-out WeasyPrint document and the name its messages are reported under."""

    document: Any
    source: str

    @property
    def pages(self) -> int:
        return len(self.document.pages)


def layout(html: str, *, source: str = "<html>", base_url: str | None = None, session: FontSession | None = None) -> Layout:
    """Return the laid-out document (pages known) of ``html``; ``source`` names the template in messages."""
    import weasyprint

    fonts = session or default_session()
    base = base_url or os.getcwd()
    split = split_stylesheet(html)
    with _ENGINE:
        # parsed (and reported) on its own first: a sheet with problems is never kept
        body, sheets = (html, None) if split is None else (split[0], [fonts.stylesheet(split[1], base, source)])
    with _ENGINE, captured_messages(source):
        try:
            document = weasyprint.HTML(string=body, base_url=base).render(font_config=fonts.config, stylesheets=sheets)
        except Exception as exc:  # WeasyPrint raises plain exceptions for layout/CSS failures
            raise RenderError(f"{source}: PDF layout failed: {exc}") from exc
    return Layout(document, source)


def write_document(
    laid_out: Layout,
    *,
    identifier: str,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    created: dt.date | None = None,
    compress: bool = True,
) -> bytes:
    """Return PDF bytes of a laid-out document, byte-identical for identical input.

    ``compress=False`` returns the PDF as WeasyPrint writes it here, every
    stream uncompressed, for a caller that opens it again and saves it through
    ``pdfsave.save`` (which compresses each stream once).
    """
    import weasyprint

    if pdf_variant and pdf_variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {pdf_variant!r} — use one of {', '.join(PDF_VARIANTS)}")
    stamp = dt.datetime.combine(created or dt.date(2000, 1, 1), dt.time(), tzinfo=dt.UTC)
    files = [
        weasyprint.Attachment(string=data, name=name, description=name, created=stamp, modified=stamp)
        for name, data in sorted((attachments or {}).items())
    ]
    options: dict[str, Any] = {
        "pdf_identifier": hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:32].encode("ascii"),
        "pdf_variant": pdf_variant,
        "attachments": files or None,
        "uncompressed_pdf": True,  # compressed once, on saving (pdfsave.py), not at level 9 here and again later
    }
    with _ENGINE, captured_messages(laid_out.source):
        one_pass_fonts(laid_out.document)  # the same bytes, the fonts cut in a third of the time
        try:
            with warnings.catch_warnings():
                # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it
                # (weasyprint/pdf/__init__.py): an "unclosed file" ResourceWarning that
                # is an error under `-W error`. Only that warning category is silenced.
                warnings.simplefilter("ignore", ResourceWarning)
                data: bytes = laid_out.document.write_pdf(**options)
                if pdf_variant:
                    gc.collect()  # let the leaked profile file be closed while the warning is silenced
        except Exception as exc:
            raise RenderError(f"{laid_out.source}: writing the PDF failed: {exc}") from exc
    return compressed(data) if compress else data


def html_to_pdf(
    html: str,
    *,
    source: str = "<html>",
    base_url: str | None = None,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    created: dt.date | None = None,
    session: FontSession | None = None,
) -> bytes:
    """Return PDF bytes (without page numbers) of ``html``; the PDF id is derived from the HTML itself."""
    laid_out = layout(html, source=source, base_url=base_url, session=session)
    return write_document(laid_out, identifier=html, pdf_variant=pdf_variant, attachments=attachments, created=created)


__all__ = [
    "PDF_VARIANTS",
    "FontSession",
    "Layout",
    "captured_messages",
    "default_session",
    "html_to_pdf",
    "layout",
    "session_for",
    "session_with",
    "split_stylesheet",
    "write_document",
]
