"""Raw WordprocessingML: the only place policygen writes ``w:`` XML.

Every element is written as XML text from escaped values (``text``, ``styles``,
``fonts``) and parsed only where it joins a tree; element order inside existing
elements is declared once (``order``). ``document`` edits the parsed parts
(settings, sections, header and footer roots), ``revisions`` merges two
stories into tracked changes. Everything here is private to the DOCX writer:
no lxml type reaches a public signature.
"""

from __future__ import annotations

from .document import (
    add_section_break,
    clear_content,
    empty_part_xml,
    set_page_number_restart,
    set_theme_font_lang,
    set_update_fields,
    story_root_xml,
    watermark_xml,
)
from .order import insert_ordered, local
from .styles import StyleDef, iter_style_names, put_style, set_doc_defaults, strip_theme_fonts
from .text import (
    PAGE_BREAK_XML,
    Border,
    Cell,
    Element,
    ParagraphXml,
    RunFormat,
    body_marker,
    bookmark_end_xml,
    bookmark_start_xml,
    bookmark_xml,
    PG_NS,
    check_chars,
    datastore_item_xml,
    drawing_xml,
    element,
    field_xml,
    hyperlink_xml,
    paragraph_start_xml,
    parse_fragment,
    part_root,
    policy_ids_xml,
    run_properties_xml,
    run_xml,
    splice_batches,
    table_xml,
    uses_standard_w,
    w_element,
)

__all__ = [
    "PAGE_BREAK_XML",
    "PG_NS",
    "Border",
    "Cell",
    "Element",
    "ParagraphXml",
    "RunFormat",
    "StyleDef",
    "add_section_break",
    "body_marker",
    "bookmark_end_xml",
    "bookmark_start_xml",
    "bookmark_xml",
    "check_chars",
    "clear_content",
    "datastore_item_xml",
    "drawing_xml",
    "element",
    "empty_part_xml",
    "field_xml",
    "hyperlink_xml",
    "insert_ordered",
    "iter_style_names",
    "local",
    "paragraph_start_xml",
    "parse_fragment",
    "part_root",
    "policy_ids_xml",
    "put_style",
    "run_properties_xml",
    "run_xml",
    "set_doc_defaults",
    "set_page_number_restart",
    "set_theme_font_lang",
    "set_update_fields",
    "splice_batches",
    "story_root_xml",
    "strip_theme_fonts",
    "table_xml",
    "uses_standard_w",
    "w_element",
    "watermark_xml",
]
