"""No silent tofu: a character no installed font draws stops a PDF build at its first position."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from policygen.cli import main
from policygen.renderer.coverage import package_for, undrawn
from policygen.renderer.theme import theme_for

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
RARE = "张𪚥先生请拨打📞热线✅👍，𠀀𱁬"  # CJK Ext B, emoji, Ext G


def has_font_for(ch: str) -> bool:
    out = subprocess.run(["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


pytestmark = pytest.mark.skipif(not shutil.which("fc-list"), reason="needs fontconfig")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    monkeypatch.chdir(root)
    return root


def _text(root: Path, text: str) -> None:
    path = root / "policies" / "minimal.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("为规范管理，特制定本制度。", text), encoding="utf-8")


def test_a_character_no_font_has_stops_the_build_at_its_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _text(project, "见附表\u0378。")  # U+0378 is unassigned: no font has it
    assert main(["build", "-q", "--no-booklet", "-f", "pdf"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "policies/minimal.yaml:14:18: error: character '\u0378' (U+0378) has no glyph in any installed font and would "
        "print as an empty box — install a font that has it, or remove the character"
    ]
    assert not (project / "build" / "minimal-v1.0.pdf").exists()


def test_a_project_build_stops_at_the_place_too_and_keeps_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the booklet build checks while its first parts are laid out: still the located problem, still nothing written
    _text(project, "见附表\u0378。")
    assert main(["build", "-q", "-f", "pdf"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "policies/minimal.yaml:14:18: error: character '\u0378' (U+0378) has no glyph in any installed font and would "
        "print as an empty box — install a font that has it, or remove the character"
    ]
    assert not list((project / "build").glob("*.pdf")), "a PDF was written by a failed build"
    assert not list((project / ".policygen-cache").glob("objects/*.pdf")), "a part was kept from a failed build"


def test_a_character_written_as_an_escape_is_found_at_the_escape(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "policies" / "minimal.yaml"
    text = path.read_text(encoding="utf-8").replace("为规范管理，特制定本制度。", '"见附表\\U000F0001。"')
    path.write_text(text, encoding="utf-8")
    assert main(["build", "-q", "--no-booklet", "-f", "pdf"]) == 1
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "U000F0001" in row)
    col = text.splitlines()[line - 1].index("\\U000F0001") + 1
    assert capsys.readouterr().err.startswith(f"policies/minimal.yaml:{line}:{col}: error: character '\U000F0001' (U+F0001)")


def test_render_through_the_api_names_the_place_too(project: Path) -> None:
    import policygen
    from policygen.errors import TemplateError, ValidationError

    _text(project, "见附表\u0378。")
    policy = policygen.load(project / "policies" / "minimal.yaml")
    with pytest.raises(ValidationError) as caught:
        policygen.render(policy, "pdf")
    assert [str(p) for p in caught.value.problems] == [
        f"{project / 'policies' / 'minimal.yaml'}:14:18: error: character '\u0378' (U+0378) has no glyph in any installed "
        "font and would print as an empty box — install a font that has it, or remove the character"
    ]
    # a resolved document has no file to point into: WeasyPrint's own report, in the same words
    with pytest.raises(TemplateError, match="character '\u0378' \\(U\\+0378\\) has no glyph in any installed font"):
        policygen.render(policygen.resolve(policy), "pdf")


@pytest.mark.skipif(has_font_for("द"), reason="a Devanagari font is installed here")
def test_each_character_is_named_with_a_package_that_draws_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _text(project, "印地语दा")
    assert main(["build", "-q", "--no-booklet", "-f", "pdf,html"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "policies/minimal.yaml:14:18: error: character 'द' (U+0926, devanagari letter da) has no glyph in any installed font "
        "and would print as an empty box — install fonts-noto-core or fonts-noto-extra (Noto Sans Devanagari), or remove the character",
        "policies/minimal.yaml:14:19: error: character 'ा' (U+093E, devanagari vowel sign aa) has no glyph in any installed font "
        "and would print as an empty box — install fonts-noto-core or fonts-noto-extra (Noto Sans Devanagari), or remove the character",
    ]


def test_html_only_builds_are_not_checked(project: Path) -> None:
    _text(project, "见附表\u0378。")
    assert main(["build", "-q", "--no-booklet", "-f", "html"]) == 0


@pytest.mark.skipif(not all(has_font_for(c) for c in "𪚥📞𱁬"), reason="needs fonts-hanazono, fonts-babelstone-han and fonts-noto-color-emoji")
def test_rare_ideographs_and_emoji_are_drawn(project: Path) -> None:
    _text(project, RARE)
    assert main(["build", "-q", "--no-booklet", "-f", "pdf"]) == 0
    pdf = project / "build" / "minimal-v1.0.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "张𪚥先生" in text and "𠀀𱁬" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "HanaMin" in fonts and "Noto-Color-Emoji" in fonts, fonts


def test_ordinary_chinese_needs_nothing_more() -> None:
    assert undrawn("为规范公司客户关系管理，特制定本制度。（一）第1条 ABC", theme_for("gbt9704", "zh-Hans")) == []


def test_package_advice() -> None:
    assert package_for("𪚥").startswith("fonts-hanazono")
    assert package_for("👍").startswith("fonts-noto-color-emoji")
    assert package_for("ก").startswith("fonts-thai-tlwg")
