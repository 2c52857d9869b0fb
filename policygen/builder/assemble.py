"""Assemble the booklet PDF from parts laid out separately (in parallel, cached).

Each part is a finished PDF without page numbers. Assembly appends the pages,
stamps continuous page numbers, gives each font face one embedded subset
(``renderer/fontmerge.py``), rebuilds the named destinations (so links
between articles keep working) and writes the outline booklet → policy → chapter.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..renderer.fontmerge import FaceMemo, FontFacts, KnownFonts, SubsetMemo, merge_fonts, page_fonts
from ..renderer.pdfsave import save
from ..renderer.stamp import PageNumbering, stamp


@dataclass(frozen=True)
class Part:
    """A laid-out piece of the booklet: its PDF bytes and outline title."""

    key: str
    title: str
    pdf: bytes
    pages: int
    keep_outline: bool = True  # copy the part's own bookmarks below its entry
    placeholders: frozenset[str] = frozenset()  # empty link targets standing in for another part's
    continues: bool = False  # the previous part goes on here: its bookmarks join that part's entry
    # the part's real PDF when it is still being laid out: ``pdf`` stands in for it (as many pages,
    # the same names) while the other parts are copied; its pages are swapped in before numbering
    final: Callable[[], bytes] | None = None
    fonts: KnownFonts | None = None  # what its font dictionaries draw, read when it was laid out (``read_fonts``)


def page_index(pdf: Any) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: i for i, page in enumerate(pdf.pages)}


def dest_page(dest: Any, index: dict[tuple[int, int], int]) -> int | None:
    try:
        return index.get(dest[0].objgen)
    except (TypeError, IndexError, AttributeError):
        return None


def assemble(
    parts: list[Part],
    numbering: PageNumbering,
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    date: dt.date,
    unnumbered: set[int] | None = None,
    cache: Path | None = None,
    one_font_per_face: bool = True,
    faces: FaceMemo | None = None,
    subsets: SubsetMemo | None = None,
) -> bytes:
    """Return the booklet PDF: ``parts`` in order, numbered continuously from 1.

    With ``one_font_per_face=False`` every part keeps the font subsets it was laid out with;
    ``faces`` and ``subsets`` are the merge's memos of font programs read and subsets made (see ``merge_fonts``).
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    out = pikepdf.new()
    names: dict[str, Any] = {}
    outline_plan: list[tuple[str, int, list[tuple[str, int, Any, list[Any]]]]] = []  # one entry per part, or run of parts
    late: list[tuple[int, Part, int]] = []  # (position, part, first page) of parts still being laid out
    origin: dict[str, int] = {}  # the position of the part each name's destination comes from
    known: dict[tuple[int, int], FontFacts] = {}  # the parts' fonts read before, by their number in the booklet
    for position, part in enumerate(parts):
        src = pikepdf.open(io.BytesIO(part.pdf))
        start = len(out.pages)
        for font in page_fonts(src):  # copied ahead of the pages (which then point at the copies), facts known or not
            copy = out.copy_foreign(font)
            if part.fonts and font.objgen in part.fonts:
                known[copy.objgen] = part.fonts[font.objgen]
        if part.final is not None:
            late.append((position, part, start))
        index = page_index(src)
        # remember destinations before the pages are copied
        dests = named_dests(src)
        children: list[tuple[str, int, Any, list[Any]]] = []
        if part.keep_outline:
            children = read_outline(src, index, start)
        with warnings.catch_warnings():
            # pikepdf warns that extend() drops named destinations (links between
            # articles, contents entries); they are rebuilt for the whole booklet below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(src.pages)
        for name, dest in dests.items():
            page = dest_page(dest, index)
            if page is not None and not (name in part.placeholders and name in names):
                # a later part wins: the contents part's placeholder targets give way
                # to the policies and appendices they name
                names[name] = (start + page, list(dest)[1:])
                origin[name] = position
        if part.continues and outline_plan:
            previous = outline_plan[-1][2]
            if children and previous and children[0][0] == previous[-1][0]:
                previous[-1][3].extend(children[0][3])  # the same heading again: its bookmarks join the first
                children = children[1:]
            previous.extend(children)
        else:
            outline_plan.append((part.title, start, children))
    for position, part, start in late:
        _swap_in(out, part, start, names, origin, position)
    total = len(out.pages)
    stamp(out, numbering, first_number=1, total=total, skip=unnumbered or set(), cache=cache)
    if one_font_per_face:
        merge_fonts(out, faces, subsets, known)  # one font program per face instead of one per part

    page_objs = [page.obj for page in out.pages]
    flat = Array()
    for name in sorted(names):
        page, rest = names[name]
        flat.append(String(name))
        flat.append(Array([page_objs[page], *rest]))
    out.Root.Names = Dictionary(Dests=Dictionary(Names=flat))

    entries: list[_Entry] = []
    for part_title, start, children in outline_plan:
        # a part's single top bookmark (its own title) is folded into the part entry
        if len(children) == 1 and children[0][0] == part_title:
            children = children[0][3]
        kids = [_entry(page_objs, child) for child in children]
        entries.append((part_title, Array([page_objs[start], Name.Fit]), kids))
    outlines = out.make_indirect(Dictionary(Type=Name.Outlines))
    _write_outline(out, outlines, entries)
    out.Root.Outlines = outlines
    out.Root.PageMode = Name.UseOutlines
    stamp_date = f"D:{date:%Y%m%d}000000Z"
    out.docinfo[Name.Title] = title
    out.docinfo[Name.Author] = author
    out.docinfo[Name.Subject] = subject
    out.docinfo[Name.Keywords] = keywords
    out.docinfo[Name.Creator] = "policygen"
    out.docinfo[Name.CreationDate] = stamp_date
    out.docinfo[Name.ModDate] = stamp_date
    return save(out, object_streams=True)


def _swap_in(out: Any, part: Part, start: int, names: dict[str, Any], origin: dict[str, int], position: int) -> None:
    """Put the real pages of a part laid out late where its stand-in's pages are, with its destinations."""
    import pikepdf

    assert part.final is not None
    src = pikepdf.open(io.BytesIO(part.final()))
    if len(src.pages) != part.pages:
        raise ValueError(f"{part.title}: {len(src.pages)} pages laid out, {part.pages} expected")
    index = page_index(src)
    dests = named_dests(src)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # names are rebuilt for the whole booklet
        for i, page in enumerate(src.pages):
            out.pages[start + i] = page
    for name, dest in dests.items():
        page_no = dest_page(dest, index)
        if page_no is not None and origin.get(name) == position:
            names[name] = (start + page_no, list(dest)[1:])


def named_dests(pdf: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return out

    def walk(node: Any) -> None:
        if "/Names" in node:
            arr = node.Names
            for i in range(0, len(arr), 2):
                out[str(arr[i])] = arr[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(names.Dests)
    return out


def read_outline(pdf: Any, index: dict[tuple[int, int], int], start: int) -> list[tuple[str, int, Any, list[Any]]]:
    """Return a part's bookmarks as (title, booklet page index, rest of the destination, children).

    A bookmark whose destination is not a page of the part is left out, its children kept.
    """
    outlines = pdf.Root.get("/Outlines")
    return _read_items(outlines.get("/First") if outlines is not None else None, index, start, set())


def _read_items(item: Any, index: dict[tuple[int, int], int], start: int, seen: set[tuple[int, int]]) -> list[tuple[str, int, Any, list[Any]]]:
    out: list[tuple[str, int, Any, list[Any]]] = []
    while item is not None and item.objgen not in seen:  # a loop in a damaged outline ends the walk
        seen.add(item.objgen)
        kids = _read_items(item.get("/First"), index, start, seen)
        dest = item.get("/Dest")
        page = dest_page(dest, index) if dest is not None else None
        if page is None:
            out.extend(kids)
        else:
            out.append((str(item.get("/Title", "")), start + page, list(dest)[1:], kids))
        item = item.get("/Next")
    return out


_Entry = tuple[str, Any, list[Any]]  # an outline entry: title, destination array, entries below it


def _entry(page_objs: list[Any], node: tuple[str, int, Any, list[Any]]) -> _Entry:
    from pikepdf import Array

    title, page, rest, kids = node
    return title, Array([page_objs[page], *rest]), [_entry(page_objs, kid) for kid in kids]


def _write_outline(pdf: Any, parent: Any, entries: list[_Entry]) -> int:
    """Write ``entries`` as the (open) outline items under ``parent``; return how many are visible, all levels."""
    from pikepdf import Dictionary, String

    count = 0
    previous = first = None
    for title, dest, kids in entries:
        item = pdf.make_indirect(Dictionary(Title=String(title), Parent=parent, Dest=dest))
        if previous is None:
            first = item
        else:
            previous.Next = item
            item.Prev = previous
        previous = item
        count += 1 + (_write_outline(pdf, item, kids) if kids else 0)
    if first is not None:
        parent.First, parent.Last = first, previous
        parent.Count = count
    return count
