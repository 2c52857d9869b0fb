"""Justify CJK lines after layout: spread a short line's leftover width over its characters.

WeasyPrint justifies by widening spaces only, and Chinese text has none. A
line that breaks early — the next character may not start a line (避头尾), or
half-width digits leave a fraction of a character — would stop short of the
type area's right edge. This pass, run on the laid-out document before it is
written, gives such a line the letter spacing that brings its last character
to the right edge, as Word's 两端对齐 does. The last line of a paragraph keeps
its natural spacing. Only the caller's own laid-out document is changed.
"""

from __future__ import annotations

from typing import Any

MAX_STRETCH = 1.5  # ems: a line short by more than this is left alone (it ends a paragraph or a cell)


def justify_cjk(document: Any) -> int:
    """Spread every short, justified, non-final line of ``document``; return how many lines changed."""
    from weasyprint.text.line_break import create_layout

    lines_by_element: dict[int, list[tuple[Any, Any]]] = {}
    order: list[int] = []
    for page in document.pages:
        for block, line in _lines(page._page_box):
            key = id(block.element) if block.element is not None else id(block)
            if key not in lines_by_element:
                order.append(key)
            lines_by_element.setdefault(key, []).append((block, line))
    changed = 0
    for key in order:
        for block, line in lines_by_element[key][:-1]:  # the paragraph's last line keeps its spacing
            changed += _spread(block, line, create_layout)
    return changed


def _lines(box: Any) -> Any:
    """Yield (block, line box) of every justified line under ``box``."""
    for child in getattr(box, "children", ()):
        kind = type(child).__name__
        if kind == "LineBox":
            if box.style["text_align_all"] == "justify" and box.style["white_space"] == "normal":
                yield box, child
        elif kind not in ("TableBox", "TableWrapperBox", "FootnoteAreaBox"):
            yield from _lines(child)


def _text_boxes(box: Any) -> list[Any]:
    out: list[Any] = []
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "TextBox":
            out.append(child)
        elif type(child).__name__ in ("InlineBox", "LineBox"):
            out.extend(_text_boxes(child))
        elif child.is_in_normal_flow() and type(child).__name__ != "TextBox":
            return []  # an image or inline block: leave the line as laid out
    return out


def _spread(block: Any, line: Any, create_layout: Any) -> int:
    texts = [t for t in _text_boxes(line) if t.text]
    if not texts or any(" " in t.text for t in texts):
        return 0  # lines with spaces were justified by WeasyPrint already
    right = block.content_box_x() + block.width
    end = max(t.position_x + t.width for t in texts)
    extra = right - end
    gaps = sum(len(t.text) for t in texts) - 1
    size = texts[-1].style["font_size"]
    if gaps <= 0 or extra <= 0.01 or extra > MAX_STRETCH * size:
        return 0
    step = extra / gaps
    shift = 0.0
    for index, box in enumerate(texts):
        inner = len(box.text) - (1 if index == len(texts) - 1 else 0)
        style = box.style.copy()
        spacing = style["letter_spacing"]
        style["letter_spacing"] = (0 if spacing == "normal" else spacing) + step
        box.position_x += shift
        box.style = style
        box.pango_layout = create_layout(box.text, style, None, None, box.justification_spacing)
        box.pango_layout.deactivate()
        grow = step * inner
        box.width += grow
        shift += grow
    return 1
