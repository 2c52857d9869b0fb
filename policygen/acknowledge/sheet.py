"""Forms laid out once by WeasyPrint, then filled in on copies of their pages.

One HTML document holds the forms (``<section class="form" id="form-N">``,
each starting a page), whose empty fields are elements with an id
(``f<N>-<slot>``), and a last section of every character the fields will
hold. WeasyPrint lays it out once; the field boxes come from its anchors and
the fonts, glyph codes and widths from the characters section, so the text
drawn into the fields uses the fonts (and font subsets) the layout embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ..errors import RenderError
from .glyphs import GlyphMap
from .pagestream import PageStream

PX = 0.75  # pt per CSS px
GLYPHS_ID = "glyph-set"


@dataclass(frozen=True)
class SlotStyle:
    """How a field's text is set: size in pt, horizontal and vertical alignment, padding in pt."""

    size: float
    align: str = "left"  # left | center
    valign: str = "middle"  # middle | bottom (written on a line)
    pad: float = 3.0


@dataclass(frozen=True)
class Slot:
    """A field box on a page of a form, in PDF points (origin bottom left)."""

    page: int
    left: float
    right: float
    top: float
    bottom: float


@dataclass
class Form:
    """A laid-out form: its pages (pikepdf pages) and its field boxes by name."""

    pages: list[Any]
    slots: dict[str, Slot] = field(default_factory=dict)
    resources: list[int] = field(default_factory=list)  # per page, once written into a PageStream


class Sheet:
    """The laid-out forms of one document and the glyphs their fields may use."""

    def __init__(self, html: str, form_ids: list[str], styles: dict[str, SlotStyle], text: str, *,
                 source: str = "<html>") -> None:
        import pikepdf

        from ..renderer.pdf import layout, write_document

        laid_out = layout(html, source=source)  # not paged_pdf: the field boxes come from the laid-out pages
        document = laid_out.document
        starts: dict[str, int] = {}
        boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
        for index, page in enumerate(document.pages):
            for name, box in page.anchors.items():
                boxes.setdefault(name, (index, box))
                if name in form_ids or name == GLYPHS_ID:
                    starts.setdefault(name, index)
        missing = [f for f in [*form_ids, GLYPHS_ID] if f not in starts]
        if missing:
            raise RenderError(f"the form template lost the sections {', '.join(missing)} — check the template override")
        heights = [p.height * PX for p in document.pages]
        data = write_document(laid_out, identifier=html)
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.glyphs = GlyphMap()
        for page in self.pdf.pages[starts[GLYPHS_ID]:]:
            self.glyphs.read_page(page)
        self.glyphs.check(text)
        self.styles = styles
        order = sorted(starts.values())
        self.forms: dict[str, Form] = {}
        for form_id in form_ids:
            first = starts[form_id]
            last = min([s for s in order if s > first], default=len(self.pdf.pages))
            form = Form(list(self.pdf.pages[first:last]))
            prefix = f"{form_id}-"
            for name, (index, (x1, y1, x2, y2)) in boxes.items():
                if name.startswith(prefix) and first <= index < last:
                    height = heights[index]
                    form.slots[name[len(prefix):]] = Slot(index - first, x1 * PX, x2 * PX, height - y1 * PX, height - y2 * PX)
            self.forms[form_id] = form

    def write_forms(self, stream: PageStream) -> None:
        """Import every form page and the field fonts into ``stream`` (once per stream)."""
        import pikepdf

        fonts = pikepdf.Dictionary({name: font for name, font in self.glyphs.fonts.items()})
        for form in self.forms.values():
            form.resources = []
            for page in form.pages:
                xobject = page.as_form_xobject()
                resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=xobject), Font=fonts)
                form.resources.append(stream.add_object(resources))

    def add_pages(self, stream: PageStream, form_id: str, values: dict[str, str]) -> None:
        """Add the pages of form ``form_id`` to ``stream`` with ``values`` drawn into its fields."""
        form = self.forms[form_id]
        for index, page in enumerate(form.pages):
            ops = [b"q /Fm0 Do Q\n"]
            for name, text in values.items():
                slot = form.slots.get(name)
                if slot is not None and slot.page == index and text:
                    ops.append(self._draw(text, slot, self.styles[name.split("-")[-1]]))
            box = [float(v) for v in page.mediabox]
            stream.add_page(box[2] - box[0], box[3] - box[1], form.resources[index], b"".join(ops))

    def _draw(self, text: str, slot: Slot, style: SlotStyle) -> bytes:
        size, scale = style.size, 100.0
        room = slot.right - slot.left - 2 * style.pad
        width = self.glyphs.width(text, size)
        if width > room > 0:  # shrink to fit, then narrow the letters if still too long
            size = max(size * room / width, size * 0.7)
            width = self.glyphs.width(text, size)
            if width > room:
                scale = 100.0 * room / width
                width = room
        if style.align == "center":
            x = (slot.left + slot.right - width) / 2
        else:
            x = slot.left + style.pad
        if style.valign == "bottom":
            y = slot.bottom + 0.28 * size
        else:
            y = (slot.top + slot.bottom) / 2 - 0.36 * size
        return self.glyphs.show(text, x, y, size, scale)


def glyph_section(text: str) -> str:
    """Return the characters of ``text`` as the HTML of the last section, one space between each."""
    from markupsafe import escape

    chars = sorted(set(text) - {" ", "\n", "\t"})
    return f'<section class="glyph-set" id="{GLYPHS_ID}">{escape(" ".join(chars))} 0</section>'
