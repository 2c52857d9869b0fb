"""Ids carried in a single-policy .docx: node bookmarks and the custom XML part listing them."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

import policygen
from policygen.renderer import render
from policygen.renderer.docx import node_bookmark, source_hash

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PG = "{urn:policygen:docx:1}"


def _ids_part(document: docx.document.Document) -> etree._Element:
    parts = [r.target_part for r in document.part.rels.values() if r.reltype == RT.CUSTOM_XML]
    assert len(parts) == 1
    assert str(parts[0].partname) == "/customXml/item1.xml"
    assert parts[0].content_type == "application/xml"
    # its data store properties, without which LibreOffice drops the part on saving
    (props,) = [r.target_part for r in parts[0].rels.values() if r.reltype == RT.CUSTOM_XML_PROPS]
    assert b"urn:policygen:docx:1" in props.blob
    return etree.fromstring(parts[0].blob)


def test_every_node_is_listed_in_order_and_its_heading_is_enclosed_in_its_bookmark() -> None:
    policy = policygen.load(str(ROOT / "policies/crm-regulations.yaml"))
    document = docx.Document(io.BytesIO(render(policy, "docx")))
    root = _ids_part(document)
    assert root.tag == f"{PG}policy"
    assert (root.get("id"), root.get("version")) == (policy.id, policy.version)
    canonical = json.dumps(policy.model_dump(mode="json", exclude_none=True), ensure_ascii=False,
                           sort_keys=True, separators=(",", ":"))
    assert root.get("source-sha256") == hashlib.sha256(canonical.encode()).hexdigest() == source_hash(policy)

    expected = []
    for chapter in policy.chapters:
        expected.append(("chapter", chapter.id))
        for section in chapter.sections:
            expected.append(("section", section.id))
            expected.extend(("article", a.id) for a in section.articles)
        expected.extend(("article", a.id) for a in chapter.articles)
    nodes = [(n.get("kind"), n.get("id"), n.get("bookmark")) for n in root]
    assert [(k, i) for k, i, _ in nodes] == expected
    for kind, ident, name in nodes:
        digest = hashlib.sha1(f"{kind}:{ident}".encode()).hexdigest()[:12]
        assert name == "_pg" + digest == node_bookmark(kind, ident)

    # the bookmark starts before the paragraph's first run and ends after its last
    by_name = {}
    for p in document.element.body.iter(f"{W}p"):
        for start in p.findall(f"{W}bookmarkStart"):
            by_name[start.get(f"{W}name")] = p
    for kind, ident, name in nodes:
        p = by_name[name]
        start = next(s for s in p.findall(f"{W}bookmarkStart") if s.get(f"{W}name") == name)
        end = next(e for e in p.findall(f"{W}bookmarkEnd") if e.get(f"{W}id") == start.get(f"{W}id"))
        children = list(p)
        runs = [i for i, c in enumerate(children) if c.tag == f"{W}r"]
        assert children.index(start) < runs[0] and children.index(end) > runs[-1]
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if kind == "article":
            article = next(a for a in policygen.resolve(policy).iter_articles() if a.id == ident)
            assert text.startswith(article.label)


def test_preamble_and_closing_paragraphs_are_listed_as_nodes_of_their_own() -> None:
    policy = policygen.load(str(ROOT / "policies/customer-management-notice.yaml"))
    assert policy.preamble and policy.closing
    document = docx.Document(io.BytesIO(render(policy, "docx")))
    nodes = [(n.get("kind"), n.get("id"), n.get("bookmark")) for n in _ids_part(document)]
    kinds = [k for k, _, _ in nodes]
    assert kinds[: len(policy.preamble)] == ["preamble"] * len(policy.preamble)
    assert kinds[-len(policy.closing):] == ["closing"] * len(policy.closing)
    assert "closing" not in kinds[: -len(policy.closing)]
    doc = policygen.resolve(policy)
    texts = {}
    for p in document.element.body.iter(f"{W}p"):
        for start in p.findall(f"{W}bookmarkStart"):
            texts[start.get(f"{W}name")] = "".join(t.text or "" for t in p.iter(f"{W}t"))
    for kind, ident, name in nodes:
        if kind in ("preamble", "closing"):
            assert name == node_bookmark(kind, ident)
            assert texts[name] == getattr(doc, kind)[int(ident) - 1].plain
