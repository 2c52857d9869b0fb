"""Each raw-XML builder of the DOCX writer against the element python-docx or lxml makes for the same thing."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.text import WD_BREAK
from lxml import etree
from lxml.builder import ElementMaker

from policygen.renderer.docx import _oxml, _package
from policygen.renderer.docx._oxml import document as xdoc
from policygen.renderer.docx._oxml import fonts as xfonts
from policygen.renderer.docx._oxml import revisions as xrev
from policygen.renderer.docx._oxml import styles as xstyles

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
E = ElementMaker(namespace=W_URI, nsmap={"w": W_URI})
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(**attrs: str) -> dict[str, str]:
    return {f"{{{W_URI}}}{k}": v for k, v in attrs.items()}


def canon(node: Any) -> Any:
    """Return an element (or XML text written with the w: prefix) as nested tuples: names, attributes, text.

    Namespace declarations (python-docx's elements carry many) and prefixes do not count.
    """
    if isinstance(node, str):
        node = _oxml.element(node)
    node = etree.fromstring(etree.tostring(node))  # plain lxml: python-docx's classes redefine .text
    return _tuples(node)


def _tuples(node: Any) -> Any:
    return (node.tag, tuple(sorted(node.attrib.items())), (node.text or "").strip() or None,
            tuple(_tuples(c) for c in node), (node.tail or "").strip() or None)


def t(text: str) -> Any:
    el = E.t(text)
    if text[:1].isspace() or text[-1:].isspace():
        el.set(XML_SPACE, "preserve")
    return el


def test_run_matches_python_docx() -> None:
    p = docx.Document().add_paragraph()
    run = p.add_run("甲\t乙\n丙 ")
    assert canon(_oxml.run_xml("甲\t乙\n丙 ")) == canon(run._r)


def test_page_break_matches_python_docx() -> None:
    p = docx.Document().add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    assert canon(_oxml.PAGE_BREAK_XML) == canon(p._p)


def test_run_properties_match_lxml() -> None:
    fmt = _oxml.RunFormat("Times New Roman", "黑体", bold=True, size=16, color="C00000",
                          hint_east_asia=True, strike=True, underline=True)
    fonts = E.rFonts(w(ascii="Times New Roman", hAnsi="Times New Roman", cs="Times New Roman",
                       eastAsia="黑体", hint="eastAsia"))
    expected = E.rPr(fonts, E.b(), E.bCs(), E.strike(), E.color(w(val="C00000")), E.sz(w(val="32")),
                     E.szCs(w(val="32")), E.u(w(val="single")))
    assert canon(_oxml.run_properties_xml(fmt)) == canon(expected)
    assert _oxml.run_properties_xml(_oxml.RunFormat()) == ""


def test_field_matches_lxml() -> None:
    def char(kind: str, **extra: str) -> Any:
        return E.r(E.fldChar(w(fldCharType=kind, **extra)))

    instr = E.instrText(" TOC \\o \"1-2\" ")
    instr.set(XML_SPACE, "preserve")
    expected = E.p(char("begin", dirty="true"), E.r(instr), char("separate"), E.r(t(" ")), char("end"))
    assert canon("<w:p>" + _oxml.field_xml('TOC \\o "1-2"', " ") + "</w:p>") == canon(expected)


def test_bookmarks_and_hyperlink_match_lxml() -> None:
    expected = E.p(E.bookmarkStart(w(id="3", name="_pg<&>")), E.bookmarkEnd(w(id="3")),
                   E.hyperlink(w(anchor="_pgx", history="1"), E.r(t("第一条"))))
    xml = "<w:p>" + _oxml.bookmark_xml(3, "_pg<&>") + _oxml.hyperlink_xml("_pgx", "第一条") + "</w:p>"
    assert canon(xml) == canon(expected)
    p = _oxml.ParagraphXml("<w:p>")
    p.parts.append(_oxml.bookmark_start_xml(4, "_pgab"))
    p.end.append(_oxml.bookmark_end_xml(4))
    assert canon(p.xml()) == canon(E.p(E.bookmarkStart(w(id="4", name="_pgab")), E.bookmarkEnd(w(id="4"))))


def test_paragraph_start_matches_python_docx_and_lxml() -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    document = docx.Document()
    p = document.add_paragraph(style="Title")
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.page_break_before = True
    p.paragraph_format.space_before, p.paragraph_format.space_after = Twips(240), Twips(120)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ours = _oxml.paragraph_start_xml("Title", True, keep_next=True, page_break_before=True,
                                     space_before=240, space_after=120, align="center") + "</w:p>"
    assert canon(ours) == canon(p._p)
    border = _oxml.Border(size=12, color="C00000", space=4)
    ours = _oxml.paragraph_start_xml(None, True, bottom=border, top=_oxml.Border(size=0), right_tab=9000,
                                     first_line_chars=2, first_line=640) + "</w:p>"
    expected = E.p(E.pPr(
        E.pBdr(E.top(w(val="nil")), E.bottom(w(val="single", sz="12", space="4", color="C00000"))),
        E.tabs(E.tab(w(val="right", pos="9000"))),
        E.ind(w(firstLineChars="200", firstLine="640")),
    ))
    assert canon(ours) == canon(expected)


def test_table_matches_lxml() -> None:
    cells = [[_oxml.Cell((("TH", (("甲", ""),)),))],
             [_oxml.Cell((("TD", (("乙", "<w:rPr><w:strike/></w:rPr>"),)), ("TD", ())))]]
    expected = E.tbl(
        E.tblPr(E.tblStyle(w(val="TableGrid")), E.tblW(w(w="5000", type="pct")), E.tblLayout(w(type="fixed")),
                E.tblLook(w(val="04A0", firstRow="1", lastRow="0", firstColumn="1", lastColumn="0",
                            noHBand="0", noVBand="1"))),
        E.tblGrid(E.gridCol(w(w="9000"))),
        E.tr(E.trPr(E.cantSplit(), E.tblHeader()),
             E.tc(E.tcPr(E.tcW(w(w="9000", type="dxa"))), E.p(E.pPr(E.pStyle(w(val="TH"))), E.r(t("甲"))))),
        E.tr(E.trPr(E.cantSplit()),
             E.tc(E.tcPr(E.tcW(w(w="9000", type="dxa"))),
                  E.p(E.pPr(E.pStyle(w(val="TD"))), E.r(E.rPr(E.strike()), t("乙"))),
                  E.p(E.pPr(E.pStyle(w(val="TD")))))),
    )
    assert canon(_oxml.table_xml("TableGrid", [9000], cells)) == canon(expected)


def test_style_matches_lxml() -> None:
    spec = xstyles.StyleDef("Article", "Article", based_on="BodyText", latin="Times New Roman", east_asia="仿宋",
                            size=16, line=578, first_line_chars=2, first_line=640, keep_next=True,
                            align="both", outline_level=1, quick=True, right_tab=9000,
                            bottom_border=_oxml.Border(4, "auto", 1))
    fonts = E.rFonts(w(ascii="Times New Roman", hAnsi="Times New Roman", cs="Times New Roman", eastAsia="仿宋"))
    expected = E.style(
        w(type="paragraph", customStyle="1", styleId="Article"),
        E.name(w(val="Article")), E.basedOn(w(val="BodyText")), E.qFormat(),
        E.pPr(E.keepNext(), E.keepLines(), E.pBdr(E.bottom(w(val="single", sz="4", space="1", color="auto"))),
              E.tabs(E.tab(w(val="right", leader="dot", pos="9000"))),
              E.spacing(w(before="0", after="0", line="578", lineRule="exact")),
              E.ind(w(leftChars="0", left="0", rightChars="0", right="0", firstLineChars="200", firstLine="640")),
              E.jc(w(val="both")), E.outlineLvl(w(val="1"))),
        E.rPr(fonts, E.b(w(val="0")), E.bCs(w(val="0")), E.color(w(val="auto")), E.sz(w(val="32")),
              E.szCs(w(val="32"))),
    )
    assert canon(xstyles.style_xml(spec)) == canon(expected)
    table = xstyles.style_xml(xstyles.StyleDef("TableGrid", "Table Grid", type="table", custom=False))
    assert "<w:tblBorders>" in table and 'w:insideV w:val="single"' in table


def test_doc_defaults_match_lxml() -> None:
    expected = E.docDefaults(
        E.rPrDefault(E.rPr(E.rFonts(w(ascii="TNR", hAnsi="TNR", cs="TNR", eastAsia="仿宋")), E.sz(w(val="32")),
                           E.szCs(w(val="32")), E.lang(w(val="en-US", eastAsia="zh-CN", bidi="ar-SA")))),
        E.pPrDefault(E.pPr(E.spacing(w(after="0", line="240", lineRule="auto")))),
    )
    assert canon(xstyles.doc_defaults_xml("TNR", "仿宋", 16, "en-US", "zh-CN")) == canon(expected)


def test_story_roots_and_watermark_match_lxml() -> None:
    root = _oxml.part_root(xdoc.story_root_xml(True))
    assert root.tag == f"{{{W_URI}}}hdr" and len(root) == 0 and root.nsmap["r"] == R_URI
    run = _oxml.element(xdoc.watermark_xml("草案", "黑体", 1))
    shape = run.find(".//{urn:schemas-microsoft-com:vml}shape")
    assert shape.get("id") == "PowerPlusWaterMarkObject1"
    assert shape.get("{urn:schemas-microsoft-com:office:office}spid") == "_x0000_s2049"
    textpath = shape.find("{urn:schemas-microsoft-com:vml}textpath")
    assert textpath.get("string") == "草案" and textpath.get("style") == 'font-family:"黑体";font-size:1pt'


def test_settings_insertions_follow_schema_order() -> None:
    settings = docx.Document().settings.element
    xdoc.set_update_fields(settings)
    xrev.track_revisions(settings)
    xfonts.set_embed_settings(settings)
    names = [etree.QName(c).localname for c in settings]
    order = _oxml.order.SETTINGS
    known = [n for n in names if n in order]
    assert known == sorted(known, key=order.index)
    assert {"updateFields", "trackRevisions", "embedTrueTypeFonts", "saveSubsetFonts"} <= set(names)
    sect = docx.Document().sections[0]._sectPr
    xdoc.set_page_number_restart(sect, True)
    names = [etree.QName(c).localname for c in sect]
    assert names.index("pgNumType") == names.index("pgMar") + 1
    assert sect.find(f"{{{W_URI}}}pgNumType").get(f"{{{W_URI}}}start") == "1"


def test_font_entry_matches_lxml() -> None:
    info = xfonts.FontInfo("仿宋", "FangSong", "02010609060101010101", "86", "modern", "fixed")
    R = ElementMaker(namespace=W_URI, nsmap={"w": W_URI, "r": R_URI})
    expected = R.font(w(name="仿宋"), E.altName(w(val="FangSong")), E.panose1(w(val="02010609060101010101")),
                      E.charset(w(val="86")), E.family(w(val="modern")), E.pitch(w(val="fixed")),
                      R.embedRegular({f"{{{R_URI}}}id": "rId1", **w(fontKey="{K}")}))
    assert canon(xfonts.font_xml(info, [("embedRegular", "rId1", "{K}")])) == canon(expected)


def test_ids_part_matches_lxml() -> None:
    pg = "urn:policygen:docx:1"
    P = ElementMaker(namespace=pg, nsmap={"pg": pg})
    expected = P.policy({"id": "p&1", "version": "1.1", "source-sha256": "ab"},
                        P.node({"kind": "article", "id": "a<1>", "bookmark": "_pg0123456789ab"}))
    ours = etree.fromstring(_oxml.policy_ids_xml("p&1", "1.1", "ab", [("article", "a<1>", "_pg0123456789ab")]))
    assert canon(ours) == canon(expected)


def test_revision_marks_match_lxml() -> None:
    marks = xrev.Marks("客户服务部", "2024-07-01", 7)
    old = _oxml.element('<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>甲乙丙丁</w:t></w:r></w:p>')
    new = _oxml.element('<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>甲乙戊丁</w:t></w:r></w:p>')
    (merged,) = xrev.merge_paragraph(old, new, marks)
    stamp = {"author": "客户服务部", "date": "2024-07-01T00:00:00Z"}
    deleted = E("del", w(id="7", **stamp), E.r(E.delText("丙")))
    expected = E.p(E.pPr(E.pStyle(w(val="A"))), E.r(t("甲乙")), deleted,
                   E.ins(w(id="8", **stamp), E.r(t("戊"))), E.r(t("丁")))
    assert canon(merged) == canon(expected)
    whole = xrev.whole(old, marks, "del")
    expected = E.p(E.pPr(E.pStyle(w(val="A")), E.rPr(E("del", w(id="10", **stamp)))),
                   E("del", w(id="9", **stamp), E.r(E.delText("甲乙丙丁"))))
    assert canon(whole) == canon(expected)


def test_deflate_reuse_gives_the_same_bytes_as_zipfile() -> None:
    document = docx.Document()
    document.add_paragraph("甲")
    entries, reuse = _package.package_entries(document.part.package)
    public = _package.write_entries(entries, reuse=frozenset())
    assert _package.write_entries(entries, reuse=set(reuse)) == public  # records the deflated parts
    assert _package.write_entries(entries, reuse=set(reuse)) == public  # replays them
    saved = io.BytesIO()
    document.save(saved)
    assert public == _package.deterministic_zip(saved.getvalue())


def test_image_run_matches_python_docx() -> None:
    import struct
    import zlib

    from policygen.renderer.docx import DocxWriter
    from policygen.renderer.theme import GBT9704

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\x00\x00\xff")) + chunk(b"IEND", b""))
    writer = DocxWriter(GBT9704)
    writer.add_image(png, 40)
    document = docx.Document(io.BytesIO(writer.to_bytes()))
    (shape,) = document.inline_shapes
    assert round(shape.width.mm) == 40 and round(shape.height.mm) == 20
    reference = docx.Document()
    run = reference.add_paragraph().add_run()
    expected = run.add_picture(io.BytesIO(png), width=shape.width)
    ours = document.inline_shapes[0]._inline
    theirs = expected._inline
    theirs.docPr.set("id", ours.docPr.get("id"))
    theirs.graphic.graphicData.pic.blipFill.blip.set(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed",
        ours.graphic.graphicData.pic.blipFill.blip.get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"))
    assert canon(ours) == canon(theirs)


def test_datastore_item_matches_lxml() -> None:
    ds = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
    D = ElementMaker(namespace=ds, nsmap={"ds": ds})
    expected = D.datastoreItem({f"{{{ds}}}itemID": "{A-B}"},
                               D.schemaRefs(D.schemaRef({f"{{{ds}}}uri": "urn:policygen:docx:1"})))
    ours = etree.fromstring(_oxml.datastore_item_xml("{A-B}", "urn:policygen:docx:1"))
    assert canon(ours) == canon(expected)
