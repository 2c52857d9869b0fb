"""Ids carried in a DOCX that policygen wrote: a custom XML part ``<pg:policy>`` and hidden bookmarks.

The part, related from the main document with the customXml relationship, is
``<pg:policy xmlns:pg="urn:policygen:docx:1" id=… version=… source-sha256=…>``
with one ``<pg:node kind=… id=… bookmark=…/>`` per part, chapter, section and
article, in document order, and one per ``preamble``/``closing`` paragraph (id: its
1-based place). Each node's first paragraph holds the bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..renderer.docx.ids import node_bookmark as bookmark_name
from ..renderer.docx.ids import source_hash

__all__ = ["CUSTOM_XML_RELTYPE", "NS", "Carried", "bookmark_name", "read_carried", "source_hash"]

NS = "urn:policygen:docx:1"
CUSTOM_XML_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"


@dataclass
class Carried:
    """The policy id, version and source hash a DOCX carries, and its nodes by bookmark name."""

    policy_id: str
    version: str
    source_sha256: str
    nodes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def by_bookmark(self) -> dict[str, tuple[str, str]]:
        return {bookmark: (kind, node_id) for kind, node_id, bookmark in self.nodes}


def read_carried(document: Any) -> Carried | None:
    """Return what a policygen DOCX carries, or None for any other DOCX."""
    for rel in document.part.rels.values():
        if rel.reltype != CUSTOM_XML_RELTYPE or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            continue
        if root.tag != f"{{{NS}}}policy":
            continue
        nodes = [(n.get("kind", ""), n.get("id", ""), n.get("bookmark", "")) for n in root.iter(f"{{{NS}}}node")]
        return Carried(root.get("id", ""), root.get("version", ""), root.get("source-sha256", ""), nodes)
    return None
