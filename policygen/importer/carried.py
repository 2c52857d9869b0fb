"""Ids carried in a DOCX that policygen wrote: a custom XML part ``<pg:policy>`` and hidden bookmarks.

The part, related from the main document with the customXml relationship, is
``<pg:policy xmlns:pg="urn:policygen:docx:1" id=… version=… source-sha256=…>``
with one ``<pg:node kind=… id=… bookmark=…/>`` per part, chapter, section and
article, in document order. Each node's first paragraph holds the bookmark.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

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


def bookmark_name(kind: str, node_id: str) -> str:
    """Return the hidden bookmark name of a node: ``_pg`` + 12 hex digits of sha1(kind:id)."""
    return "_pg" + hashlib.sha1(f"{kind}:{node_id}".encode()).hexdigest()[:12]


def source_hash(policy: Any) -> str:
    """Return the sha256 of the policy's canonical JSON, as a policygen DOCX carries it."""
    data = policy.model_dump(mode="json", exclude_none=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
