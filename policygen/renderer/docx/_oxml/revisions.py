"""Tracked changes between two stories (body, header, footer) written by the writer.

Blocks (paragraphs, tables) are grouped into units that start at a keyed
bookmark, units are aligned by key, and blocks within a matched unit are
aligned by (kind, style, text). A paragraph found in both is compared
character by character, keeping each run's formatting; a table found in both
row by row. What is in the old story only becomes ``w:del``, what is in the
new one only ``w:ins``, so that accepting every revision gives the new story
and rejecting every revision the old one.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .order import insert_ordered, local
from .text import W_URI, element, w_element

Element = Any
W = f"{{{W_URI}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# paragraph children that a character comparison understands; anything else is compared whole
# below this share of characters in common a paragraph reads as rewritten: old deleted, new inserted
_REWRITTEN = 0.5
_RUN_CHILDREN = {"t", "tab", "br", "fldChar", "instrText", "noBreakHyphen", "pict", "drawing", "lastRenderedPageBreak"}


class Marks:
    """Makes revision marks (``w:ins``, ``w:del``, ``w:pPrChange``) with one author, date and id counter."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author, self.date, self.next_id = author, f"{date[:10]}T00:00:00Z", first_id

    def mark(self, name: str) -> Element:
        mark = w_element(name, {"id": str(self.next_id), "author": self.author, "date": self.date})
        self.next_id += 1
        return mark


def max_id(root: Element) -> int:
    """Return the largest ``w:id`` under ``root`` (bookmarks, revisions), 0 when none."""
    ids = [int(v) for e in root.iter() for v in [e.get(f"{W}id")] if v is not None and v.isdigit()]
    return max(ids, default=0)


def blocks(container: Element) -> list[Element]:
    """Return the paragraphs and tables of a story (the body's last ``w:sectPr`` excluded)."""
    return [c for c in container if local(c) in ("p", "tbl")]


def _style(p: Element) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _text(block: Element) -> str:
    return "".join(t.text or "" for t in block.iter(f"{W}t"))


def _signature(block: Element) -> tuple[str, str, str]:
    if local(block) == "tbl":
        return ("tbl", "", _text(block))
    return ("p", _style(block), _text(block))


def _bookmarks(p: Element) -> list[str]:
    return [b.get(f"{W}name", "") for b in p.iter(f"{W}bookmarkStart")]


def units(story: Sequence[Element], keys: Mapping[str, str], start_styles: Mapping[str, str]) -> list[tuple[str, list[Element]]]:
    """Return the blocks grouped into keyed units.

    A unit starts at a paragraph holding a bookmark named in ``keys`` (its key
    is the mapped value) or at the first paragraph of a style named in
    ``start_styles`` (the end matter: signature, imprint).
    """
    out: list[tuple[str, list[Element]]] = [("", [])]
    seen: set[str] = set()
    for block in story:
        key = None
        if local(block) == "p":
            for name in _bookmarks(block):
                if name in keys:
                    key = keys[name]
                    break
            style = _style(block)
            if key is None and style in start_styles and start_styles[style] not in seen:
                key = start_styles[style]
        if key is not None and key not in seen:
            seen.add(key)
            out.append((key, []))
        out[-1][1].append(block)
    return [u for u in out if u[1]]


# --------------------------------------------------------------------------- whole blocks


def _as_deleted(run: Element) -> None:
    for t in run.iter(f"{W}t"):
        t.tag = f"{W}delText"
    for t in run.iter(f"{W}instrText"):
        t.tag = f"{W}delInstrText"


def _wrap_runs(container: Element, marks: Marks, name: str) -> None:
    """Wrap each run directly under ``container`` (or under its hyperlinks) in a revision mark."""
    for child in list(container):
        tag = local(child)
        if tag == "hyperlink":
            _wrap_runs(child, marks, name)
        elif tag == "r":
            if name == "del":
                _as_deleted(child)
            wrapper = marks.mark(name)
            child.addprevious(wrapper)
            wrapper.append(child)


def _mark_paragraph(p: Element, marks: Marks, name: str) -> None:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = w_element("pPr")
        p.insert(0, ppr)
    rpr = insert_ordered(ppr, w_element("rPr"), replace=False)
    insert_ordered(rpr, marks.mark(name))


def _mark_row(tr: Element, marks: Marks, name: str) -> None:
    trpr = tr.find(f"{W}trPr")
    if trpr is None:
        trpr = w_element("trPr")
        tr.insert(0, trpr)
    insert_ordered(trpr, marks.mark(name))


def whole(block: Element, marks: Marks, name: str) -> Element:
    """Return a copy of ``block`` marked as inserted (``ins``) or deleted (``del``) throughout."""
    block = copy.deepcopy(block)
    paragraphs = [block] if local(block) == "p" else list(block.iter(f"{W}p"))
    for p in paragraphs:
        _wrap_runs(p, marks, name)
        if local(block) == "p":
            _mark_paragraph(p, marks, name)
    for tr in block.iter(f"{W}tr"):
        _mark_row(tr, marks, name)
    return block


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class _Atom:
    """One character (or tab, break, opaque element) with the run formatting and link around it."""

    link: str  # serialized w:hyperlink start ("" outside links)
    rpr: str  # serialized w:rPr ("" without)
    kind: str  # "t" for a character, else the element's local name
    value: str  # the character, or the serialized element


def _atoms(p: Element) -> tuple[list[_Atom], list[Element], list[Element]] | None:
    """Return the atoms of ``p`` and its leading and trailing bookmarks, or None if not comparable."""
    children = [c for c in p if local(c) != "pPr"]
    lead: list[Element] = []
    while children and local(children[0]) in ("bookmarkStart", "bookmarkEnd"):
        lead.append(children.pop(0))
    tail: list[Element] = []
    while children and local(children[-1]) in ("bookmarkStart", "bookmarkEnd"):
        tail.insert(0, children.pop())
    atoms: list[_Atom] = []

    def runs(items: list[Element], link: str) -> bool:
        for child in items:
            tag = local(child)
            if tag == "hyperlink" and not link:
                start = copy.copy(child)
                for inner in list(start):
                    start.remove(inner)
                if not runs(list(child), etree.tostring(start).decode()):
                    return False
                continue
            if tag != "r":
                return False
            rpr_el = child.find(f"{W}rPr")
            rpr = etree.tostring(rpr_el).decode() if rpr_el is not None else ""
            for part in child:
                name = local(part)
                if name == "rPr":
                    continue
                if name not in _RUN_CHILDREN:
                    return False
                if name == "t":
                    atoms.extend(_Atom(link, rpr, "t", ch) for ch in part.text or "")
                else:
                    atoms.append(_Atom(link, rpr, name, etree.tostring(part).decode()))
        return True

    return (atoms, lead, tail) if runs(children, "") else None


def _text_element(chars: list[str], deleted: bool) -> Element:
    t = w_element("delText" if deleted else "t")
    value = "".join(chars)
    t.text = value
    if value[:1].isspace() or value[-1:].isspace():
        t.set(_XML_SPACE, "preserve")
    return t


def _runs_of(atoms: Sequence[_Atom], deleted: bool) -> Iterator[tuple[str, Element]]:
    """Yield (link, w:r) for consecutive atoms of one formatting."""
    i = 0
    while i < len(atoms):
        first = atoms[i]
        run = w_element("r")
        if first.rpr:
            run.append(element(first.rpr))
        text: list[str] = []
        j = i
        while j < len(atoms) and (atoms[j].link, atoms[j].rpr) == (first.link, first.rpr):
            atom = atoms[j]
            if atom.kind == "t":
                text.append(atom.value)
            else:
                if text:
                    run.append(_text_element(text, deleted))
                    text = []
                run.append(element(atom.value))
            j += 1
        if text:
            run.append(_text_element(text, deleted))
        if deleted:
            _as_deleted(run)
        yield first.link, run
        i = j


def merge_paragraph(old: Element, new: Element, marks: Marks) -> list[Element]:
    """Return ``new`` with the character differences from ``old`` as revisions (or old deleted, new inserted)."""
    a, b = _atoms(old), _atoms(new)
    if a is None or b is None:
        return [whole(old, marks, "del"), whole(new, marks, "ins")]
    old_atoms, new_atoms = a[0], b[0]
    matcher = difflib.SequenceMatcher(None, old_atoms, new_atoms, autojunk=False)
    if old_atoms and new_atoms and matcher.ratio() < _REWRITTEN:
        return [whole(old, marks, "del"), whole(new, marks, "ins")]
    out = w_element("p")
    new_ppr, old_ppr = new.find(f"{W}pPr"), old.find(f"{W}pPr")
    if new_ppr is not None:
        out.append(copy.deepcopy(new_ppr))
    if _serial(new_ppr) != _serial(old_ppr):
        ppr = out.find(f"{W}pPr")
        if ppr is None:
            ppr = w_element("pPr")
            out.insert(0, ppr)
        change = marks.mark("pPrChange")
        before = w_element("pPr")
        for child in old_ppr if old_ppr is not None else ():
            if local(child) not in ("rPr", "sectPr", "pPrChange"):
                before.append(copy.deepcopy(child))
        change.append(before)
        insert_ordered(ppr, change)
    out.extend(copy.deepcopy(x) for x in b[1])
    pieces: list[tuple[str, str, Element]] = []  # (op, link, run)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            pieces.extend(("del", link, r) for link, r in _runs_of(old_atoms[i1:i2], True))
        if op in ("insert", "replace"):
            pieces.extend(("ins", link, r) for link, r in _runs_of(new_atoms[j1:j2], False))
        if op == "equal":
            pieces.extend(("", link, r) for link, r in _runs_of(new_atoms[j1:j2], False))
    parent, link_open, wrapper, wrapper_op = out, None, None, None
    for change, link, run in pieces:
        if link != link_open:
            parent = out
            if link:
                parent = element(link)
                out.append(parent)
            link_open, wrapper, wrapper_op = link, None, None
        if not change:
            parent.append(run)
            wrapper, wrapper_op = None, None
            continue
        if wrapper is None or wrapper_op != change:
            wrapper, wrapper_op = marks.mark(change), change
            parent.append(wrapper)
        wrapper.append(run)
    out.extend(copy.deepcopy(x) for x in b[2])
    return [out]


def _serial(el: Element | None) -> bytes:
    return etree.tostring(el) if el is not None else b""


# --------------------------------------------------------------------------- tables


def _grid(tbl: Element) -> int:
    return len(tbl.findall(f"{W}tblGrid/{W}gridCol"))


def merge_table(old: Element, new: Element, marks: Marks) -> list[Element]:
    """Return ``new`` with rows and cell text compared with ``old`` (or old deleted, new inserted)."""
    old_rows, new_rows = old.findall(f"{W}tr"), new.findall(f"{W}tr")
    cells_ok = all(len(r.findall(f"{W}tc")) == _grid(old) for r in old_rows) and all(
        len(r.findall(f"{W}tc")) == _grid(new) for r in new_rows
    )
    if _grid(old) != _grid(new) or not cells_ok:
        return [whole(old, marks, "del"), whole(new, marks, "ins")]
    out = copy.deepcopy(new)
    for tr in out.findall(f"{W}tr"):
        out.remove(tr)
    old_grid, grid = old.find(f"{W}tblGrid"), out.find(f"{W}tblGrid")
    if grid is not None and old_grid is not None and _serial(old_grid) != _serial(grid):
        change = marks.mark("tblGridChange")
        change.attrib.pop(f"{W}author")
        change.attrib.pop(f"{W}date")
        before = copy.deepcopy(old_grid)
        for child in before.findall(f"{W}tblGridChange"):
            before.remove(child)
        change.append(before)
        grid.append(change)
    signatures = [[_text(tc) for tc in r.findall(f"{W}tc")] for r in old_rows]
    new_signatures = [[_text(tc) for tc in r.findall(f"{W}tc")] for r in new_rows]
    old_keys, new_keys = ["\t".join(s) for s in signatures], ["\t".join(s) for s in new_signatures]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(copy.deepcopy(r) for r in new_rows[j1:j2])
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            out.append(_merge_row(old_rows[i1 + k], new_rows[j1 + k], marks))
        out.extend(_whole_row(r, marks, "del") for r in old_rows[i1 + pairs : i2])
        out.extend(_whole_row(r, marks, "ins") for r in new_rows[j1 + pairs : j2])
    return [out]


def _whole_row(row: Element, marks: Marks, kind: str) -> Element:
    """Return a copy of a table row deleted or inserted as a whole (its runs and the row itself marked)."""
    row = copy.deepcopy(row)
    for p in row.iter(f"{W}p"):
        _wrap_runs(p, marks, kind)
    _mark_row(row, marks, kind)
    return row


def _merge_row(old: Element, new: Element, marks: Marks) -> Element:
    row = copy.deepcopy(new)
    for old_tc, tc in zip(old.findall(f"{W}tc"), row.findall(f"{W}tc"), strict=True):
        old_pr, pr = old_tc.find(f"{W}tcPr"), tc.find(f"{W}tcPr")
        if pr is not None and old_pr is not None and _serial(old_pr) != _serial(pr):
            change = marks.mark("tcPrChange")
            change.append(copy.deepcopy(old_pr))
            pr.append(change)
        merged = merge_blocks(blocks(old_tc), blocks(tc), marks)
        for block in blocks(tc):
            tc.remove(block)
        tc.extend(merged)
    return row


# --------------------------------------------------------------------------- stories


def merge_blocks(old: Sequence[Element], new: Sequence[Element], marks: Marks) -> list[Element]:
    """Return the blocks of ``new`` with every difference from ``old`` as revisions."""
    out: list[Element] = []
    a, b = [_signature(x) for x in old], [_signature(x) for x in new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for x, y in zip(old[i1:i2], new[j1:j2], strict=True):
                out.extend(_merge_pair(x, y, marks) if _serial(x) != _serial(y) else [copy.deepcopy(y)])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds or news:
            if olds and news and a[old.index(olds[0])][:2] == b[new.index(news[0])][:2]:
                out.extend(_merge_pair(olds.pop(0), news.pop(0), marks))
            elif olds and (not news or not any(_signature(n)[:2] == _signature(olds[0])[:2] for n in news)):
                out.append(whole(olds.pop(0), marks, "del"))
            else:
                out.append(whole(news.pop(0), marks, "ins"))
    return out


def _merge_pair(old: Element, new: Element, marks: Marks) -> list[Element]:
    if local(old) == "tbl":
        return merge_table(old, new, marks)
    return merge_paragraph(old, new, marks)


def merge_story(
    old: Sequence[Element],
    new: Sequence[Element],
    marks: Marks,
    keys: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {}),
    start_styles: Mapping[str, str] | None = None,
) -> list[Element]:
    """Return the merged blocks of a whole story, aligning keyed units first (see :func:`units`)."""
    starts = start_styles or {}
    old_units, new_units = units(old, keys[0], starts), units(new, keys[1], starts)
    out: list[Element] = []
    matcher = difflib.SequenceMatcher(None, [k for k, _ in old_units], [k for k, _ in new_units], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (_, x), (_, y) in zip(old_units[i1:i2], new_units[j1:j2], strict=True):
                out.extend(merge_blocks(x, y, marks))
            continue
        for _, x in old_units[i1:i2]:
            out.extend(whole(b, marks, "del") for b in x)
        for _, y in new_units[j1:j2]:
            out.extend(whole(b, marks, "ins") for b in y)
    return out


def replace_story(container: Element, merged: Sequence[Element]) -> None:
    """Put ``merged`` in place of the blocks of ``container`` (before a body's ``w:sectPr``)."""
    old = blocks(container)
    anchor = old[-1].getnext() if old else None
    for block in old:
        container.remove(block)
    for block in merged:
        if anchor is not None:
            anchor.addprevious(block)
        else:
            container.append(block)


def track_revisions(settings: Element) -> None:
    """Turn on 'track changes' in ``w:settings`` so later edits are tracked too."""
    insert_ordered(settings, w_element("trackRevisions"), replace=False)
