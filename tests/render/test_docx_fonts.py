"""Fonts outside Word: the font table describes Word's fonts; --embed-fonts embeds the stand-ins."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import policygen
from policygen.renderer import render
from policygen.renderer.docx.embed import font_key, obfuscate

ROOT = Path(__file__).resolve().parents[2]
NOTICE = ROOT / "policies" / "customer-management-notice.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _font_table(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/fontTable.xml"))


def test_font_table_tells_readers_how_to_substitute_word_fonts() -> None:
    data = render(policygen.load(str(NOTICE)), "docx")
    fonts = {f.get(f"{W}name"): f for f in _font_table(data).findall(f"{W}font")}
    for name, alt in (("仿宋", "FangSong"), ("黑体", "SimHei"), ("楷体", "KaiTi"), ("宋体", "SimSun"),
                      ("方正小标宋简体", "FZXiaoBiaoSong-B05S")):
        font = fonts[name]
        assert font.find(f"{W}altName").get(f"{W}val") == alt
        assert len(font.find(f"{W}panose1").get(f"{W}val")) == 20
        assert font.find(f"{W}charset").get(f"{W}val") == "86"
        assert font.find(f"{W}family") is not None and font.find(f"{W}pitch") is not None
        assert [etree.QName(c).localname for c in font] == ["altName", "panose1", "charset", "family", "pitch"]
    # the runs keep Word's names
    styles = docx.Document(io.BytesIO(data)).styles.element.xml
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="方正小标宋简体"' in styles


def test_obfuscation_follows_the_font_key() -> None:
    data = bytes(range(64))
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    out = obfuscate(data, key)
    mask = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")  # the GUID's bytes, last first
    assert out[:32] == bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    assert out[32:] == data[32:] and obfuscate(out, key) == data
    assert font_key(data) == font_key(data) and font_key(data) != font_key(out)


def _embedded(data: bytes) -> dict[str, bytes]:
    """Return Word font name → the embedded font, de-obfuscated, read through the package's relationships."""
    document = docx.Document(io.BytesIO(data))
    table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    root = etree.fromstring(table.blob)
    out = {}
    for font in root.findall(f"{W}font"):
        embed = font.find(f"{W}embedRegular")
        if embed is not None:
            part = table.rels[embed.get(f"{R}id")].target_part
            assert part.content_type == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
            out[font.get(f"{W}name")] = obfuscate(part.blob, embed.get(f"{W}fontKey"))
    return out


@pytest.fixture(scope="module")
def embedded() -> bytes:
    return render(policygen.load(str(NOTICE)), "docx", embed_fonts=True)


def test_embed_fonts_embeds_renamed_truetype_subsets(embedded: bytes) -> None:
    from fontTools.ttLib import TTFont

    fonts = _embedded(embedded)
    assert {"仿宋", "黑体", "方正小标宋简体"} <= set(fonts)
    for name, data in fonts.items():
        font = TTFont(io.BytesIO(data))
        assert "glyf" in font and "CFF " not in font
        assert font["name"].getDebugName(1) == name
        assert len(font.getGlyphOrder()) < 2000  # a subset
    title = policygen.resolve(policygen.load(str(NOTICE))).title
    cmap = TTFont(io.BytesIO(fonts["方正小标宋简体"])).getBestCmap()
    assert all(ord(c) in cmap for c in title)
    settings = docx.Document(io.BytesIO(embedded)).settings.element.xml
    assert "w:embedTrueTypeFonts" in settings and "w:saveSubsetFonts" in settings
    assert embedded == render(policygen.load(str(NOTICE)), "docx", embed_fonts=True)


def _libreoffice_fonts(data: bytes, tmp: Path) -> list[str]:
    """Return the font names of the PDF LibreOffice makes of ``data`` (own profile: nothing carried over)."""
    (tmp / "in.docx").write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), str(tmp / "in.docx")],
        capture_output=True, timeout=240, check=True,
    )
    out = subprocess.run(["pdffonts", str(tmp / "in.pdf")], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].partition("+")[2] for line in out.splitlines()[2:]]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdffonts")), reason="needs LibreOffice and pdffonts")
def test_libreoffice_shows_body_headings_and_title_in_three_faces(embedded: bytes, tmp_path: Path) -> None:
    plain = render(policygen.load(str(NOTICE)), "docx")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    without = _libreoffice_fonts(plain, tmp_path / "a")
    with_fonts = _libreoffice_fonts(embedded, tmp_path / "b")
    # the embedded fonts carry the Word fonts' other names as PostScript names
    assert {"FangSong", "SimHei", "FZXiaoBiaoSong-B05S"} <= set(with_fonts)
    assert not {"FangSong", "SimHei", "FZXiaoBiaoSong-B05S"} & set(without)


def test_booklet_and_policies_embed_fonts_even_after_libreoffice_fills_the_contents(tmp_path: Path) -> None:
    from policygen.cli import main

    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests/fixtures/minimal", project)
    assert main(["build", str(project), "--format", "docx", "--embed-fonts", "--out", str(tmp_path / "out"),
                 "-q"]) == 0
    for name in ("booklet.docx", "minimal-v1.0.docx"):
        data = (tmp_path / "out" / name).read_bytes()
        assert {"仿宋", "黑体"} <= set(_embedded(data)), name
        names = {f.get(f"{W}name") for f in _font_table(data).findall(f"{W}font")}
        assert "仿宋" in names and "DejaVu Serif" not in {n for n in _embedded(data)}
