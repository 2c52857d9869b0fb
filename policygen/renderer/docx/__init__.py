"""DOCX output: a resolved policy onto the Word styles of a reference document.

``render_docx`` returns the bytes of one policy; :class:`DocxWriter` puts
several policies (each in its own Word section with its own header) and free
pages (cover, contents, appendices) into one file, for the booklet.
"""

from __future__ import annotations

from pathlib import Path

from ...model import Policy
from ...resolver.document import ResolvedDocument
from ..theme import Theme
from ._oxml import RunFormat
from .embed import with_theme_fonts
from .layout import document_properties, header_text
from .writer import (
    DocxWriter,
    bookmark_name,
    default_reference,
    node_bookmark,
    source_hash,
)


def render_docx(
    doc: ResolvedDocument,
    theme: Theme,
    *,
    reference: str | Path | None = None,
    source: Policy | None = None,
    embed_fonts: bool = False,
) -> bytes:
    """Return the .docx bytes of ``doc``; the same input gives the same bytes.

    ``reference`` is a .docx whose styles are used (pandoc's ``--reference-doc``
    convention); styles it lacks are created from ``theme``. The file records
    the ids of the policy's nodes and, given ``source``, the hash of the policy
    it was made from (see :func:`source_hash`). ``embed_fonts``: see :class:`DocxWriter`.
    """
    writer = DocxWriter(theme, reference, language=doc.language, embed_fonts=embed_fonts)
    writer.add_document(doc, source_sha256=source_hash(source) if source is not None else "")
    writer.set_properties(**document_properties(doc))
    return writer.to_bytes()


def with_update_fields(data: bytes) -> bytes:
    """Return a .docx (another program's) asking Word to update its fields on opening, with fixed zip dates."""
    import io

    import docx

    from . import _oxml, _package

    document = docx.Document(io.BytesIO(data))
    _oxml.set_update_fields(document.settings.element)
    return _package.package_bytes(document.part.package)


__all__ = [
    "DocxWriter",
    "RunFormat",
    "bookmark_name",
    "default_reference",
    "document_properties",
    "header_text",
    "node_bookmark",
    "render_docx",
    "source_hash",
    "with_theme_fonts",
    "with_update_fields",
]
