"""Inputs that once crashed the loader, or were reported at the wrong place.

Each gets one located problem with an exact message; none ends in a traceback.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import policygen
from policygen import ValidationError

from loadcheck import BASE, only, problems_of


def test_compact_nesting_of_28000_levels_is_refused_before_the_parser() -> None:
    text = BASE + "cc:\n" + "- " * 28_000 + "x\n"
    assert only(text) == "p.yaml:16:129: error: nesting deeper than 64 levels — flatten the structure"


def test_flow_nesting_of_28000_levels_is_refused() -> None:
    text = BASE + "cc: " + "[" * 28_000 + "\n"
    assert only(text) == "p.yaml:15:68: error: nesting deeper than 64 levels — flatten the structure"


def test_escape_beyond_unicode() -> None:
    assert only(BASE.replace("title: 最小制度", 'title: "\\U00110000"')) == (
        "p.yaml:4:9: error: escape '\\U00110000' is beyond the last Unicode character U+10FFFF — "
        "write the character itself, or a code point up to \\U0010FFFF"
    )


def test_unknown_yaml_version_directive() -> None:
    assert only("%YAML 1.3\n---\n" + BASE) == (
        "p.yaml:1:1: error: %YAML 1.3 is not a YAML version policygen reads — delete this line "
        "(files are read as YAML 1.2)"
    )


def test_huge_hex_integer_is_shown_short() -> None:
    assert only(BASE.replace("format: 1", "format: 0x" + "F" * 3600)) == (
        "p.yaml:1:9: error: unsupported format '0x" + "F" * 56 + "… — this version of policygen reads `format: 1`"
    )


def test_huge_integer_in_a_dict_is_a_located_problem() -> None:
    data = policygen.loads(BASE, name="p.yaml").model_dump(mode="json", exclude_none=True)
    data["format"] = 16 ** 3600
    with pytest.raises(ValidationError) as info:
        policygen.load_data(data)
    assert [str(p) for p in info.value.problems] == [
        "<dict>:format: error: format: Unable to parse input string as an integer, exceeded maximum size"
    ]


def test_nul_byte() -> None:
    assert only(BASE.replace("title: 最小制度", "title: 最小\x00制度")) == (
        "p.yaml:4:10: error: NUL character (U+0000) — delete it; a YAML file is text and never holds one "
        "(is this a binary file?)"
    )


def test_nul_byte_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_bytes(BASE.replace("owner:", "\x00owner:").encode())
    with pytest.raises(ValidationError) as info:
        policygen.load("p.yaml")
    assert [str(p) for p in info.value.problems] == [
        ("p.yaml:8:1: error: NUL character (U+0000) — delete it; a YAML file is text and never holds one "
        "(is this a binary file?)")
    ]


def test_lone_surrogate_in_text() -> None:
    assert only(BASE.replace("title: 最小制度", "title: 最小\ud83d制度")) == (
        "p.yaml:4:10: error: lone surrogate U+D83D (half of a character) — retype the character here"
    )


def test_lone_surrogate_escape() -> None:
    assert only(BASE.replace("title: 最小制度", 'title: "最小\\ud800制度"')) == (
        "p.yaml:4:11: error: the escape '\\ud800' makes a lone surrogate U+D800 (half of a character) — delete it"
    )


@pytest.mark.parametrize(
    ("raw", "name", "col"),
    [("\x01", "control character (U+0001)", 10), ("\x07", "bell character (BEL, \\a) (U+0007)", 10),
     ("\x1b", "escape character (ESC) (U+001B)", 10)],
)
def test_raw_control_character_is_located(raw: str, name: str, col: int) -> None:
    message = only(BASE.replace("title: 最小制度", f"title: 最小{raw}制度"))
    assert message.startswith(f"p.yaml:4:{col}: error: {name}")
    assert "delete it" in message and "unicode string" not in message


@pytest.mark.parametrize(("escape", "name"), [("\\x01", "control character (U+0001)"), ("\\a", "bell character (BEL, \\a) (U+0007)"), ("\\e", "escape character (ESC) (U+001B)"), ("\\uFFFF", "character (U+FFFF)")])
def test_control_character_escape_is_located(escape: str, name: str) -> None:
    assert only(BASE.replace("owner: 客户服务部", f'owner: "客户{escape}服务部"')) == (
        f"p.yaml:8:11: error: the escape '{escape}' makes {name}, which documents cannot hold — delete it"
    )


def test_control_character_in_dict_input_is_an_error() -> None:
    data = policygen.loads(BASE, name="p.yaml").model_dump(mode="json", exclude_none=True)
    data["chapters"][0]["articles"][0]["text"] = "a\x0bb"
    with pytest.raises(ValidationError) as info:
        policygen.load_data(data)
    assert [str(p) for p in info.value.problems] == [
        "<dict>:chapters[0].articles[0].text: error: vertical tab (U+000B) — delete it; documents cannot hold it"
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_numbers_stay_right_after_unicode_line_separators(separator: str) -> None:
    text = BASE.replace("title: 最小制度", f'title: "最小{separator}制度"').replace("owner:", "ownr:")
    assert "p.yaml:8:1: error: unknown key 'ownr' — did you mean 'owner'?" in problems_of(text)


def test_large_document_without_aliases_gets_a_size_message() -> None:
    text = BASE + "cc: [" + ", ".join(["x"] * 200_001) + "]\n"
    assert only(text) == (
        "p.yaml:1:1: error: this document has more than 200000 entries, the most one file may hold — "
        "split it into several policies"
    )


def test_duplicate_anchor_is_a_located_warning_not_stderr_noise(capsys: pytest.CaptureFixture[str]) -> None:
    text = BASE.replace("title: 最小制度", "title: &t 最小制度").replace("owner: 客户服务部", "owner: &t 客户服务部")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        policy = policygen.loads(text, name="p.yaml")
    assert [str(w) for w in policy._warnings] == [
        ("p.yaml:8:8: warning: anchor '&t' is defined again (first at line 4); aliases after this line refer to "
        "this one — give each anchor its own name")
    ]
    assert capsys.readouterr().err == ""


def test_an_internal_fault_prints_one_line_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tempfile

    from policygen import cli
    from policygen.cli import validate

    def broken(args: object) -> int:
        raise RuntimeError("a fault planted by the test")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(validate, "cmd_validate", broken)  # register() binds it when the parser is built
    status = cli.main(["validate", str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 3
    assert len(err) == 1
    logs = list(tmp_path.glob("policygen-crash-*.log"))
    assert err[0] == (
        "internal error: RuntimeError: a fault planted by the test — this is a fault in policygen, "
        f"not in your files; details in {logs[0]}"
    )
    assert "Traceback" in logs[0].read_text(encoding="utf-8")
