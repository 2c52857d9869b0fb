"""Tracked changes in a DOCX body: accepted (the default) or rejected, before the text is read."""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MOVES = {"ins": "moveTo", "del": "moveFrom"}


def resolve_tracked(body: Any, *, reject: bool = False) -> tuple[int, int]:
    """Accept (or reject) every tracked insertion and deletion under ``body``; return their counts.

    Accepting keeps the content of ``w:ins`` and drops ``w:del``; rejecting does the
    reverse, turning ``w:delText`` back into text. A paragraph whose mark was
    inserted (``w:rPr/w:ins`` in its ``w:pPr``) and then rejected is removed.
    """
    keep, drop = ("del", "ins") if reject else ("ins", "del")
    kept = dropped = 0
    for tag in (drop, _MOVES[drop]):
        for el in list(body.iter(W + tag)):
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == W + "rPr":  # a paragraph mark change
                if parent.getparent() is not None and parent.getparent().tag == W + "pPr":
                    _merge_with_next(parent.getparent().getparent())
                parent.remove(el)
            else:
                parent.remove(el)
            dropped += 1
    for tag in (keep, _MOVES[keep]):
        for el in list(body.iter(W + tag)):
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == W + "rPr":
                parent.remove(el)
                continue
            index = parent.index(el)
            for child in list(el):
                parent.insert(index, child)
                index += 1
            parent.remove(el)
            kept += 1
    if reject:
        for el in body.iter(W + "delText"):
            el.tag = W + "t"
    for tag in ("pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange"):
        for el in list(body.iter(W + tag)):
            el.getparent().remove(el)
    return kept, dropped


def _merge_with_next(p: Any) -> None:
    """Remove a paragraph mark: the paragraph's runs join the next paragraph (or it goes, when empty)."""
    if p is None or p.tag != W + "p":
        return
    nxt = p.getnext()
    runs = [c for c in p if c.tag != W + "pPr"]
    if nxt is not None and nxt.tag == W + "p":
        ppr = nxt.find(W + "pPr")
        index = 0 if ppr is None else nxt.index(ppr) + 1
        for run in runs:
            nxt.insert(index, run)
            index += 1
    p.getparent().remove(p)

