"""Check the characters of YAML text before the YAML parser sees it.

Mistakes a typist makes with a Chinese input method (a full-width colon after
a key, an ideographic space in the indentation, ``，`` between list items …)
and characters no document can hold (NUL, control characters, lone
surrogates) are reported here, each at its own line and column, naming the
character and what to type instead. The parser would report them one line late
in its own words, or crash; so when this check finds an error, the text is not
parsed at all.

The scan is line based and deliberately conservative: lines inside block
scalars (``|``, ``>``) and multi-line quoted scalars are text, and only the
structure around keys and list markers is judged.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, Severity

MAX_DEPTH = 64  # the same limit the composer enforces
MAX_REPORTED = 100  # per file, so that a binary file gives a screenful, not megabytes

# Characters YAML cannot hold (outside its printable set), plus a BOM anywhere but first.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_FW_MARKERS = {"－": "full-width hyphen", "—": "em dash", "•": "bullet", "·": "middle dot"}
_FW_QUOTES = {"“": "”", "＂": "＂", "‘": "’", "＇": "＇", "「": "」", "『": "』"}
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_BLOCK_INDICATOR = re.compile(r"[|>][0-9+\-]*\s*(#.*)?$")
_NAMED = {
    "\x00": "NUL character",
    "\x07": "bell character (BEL, \\a)",
    "\x08": "backspace character",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape character (ESC)",
    "\x7f": "delete character (DEL)",
    "\u00a0": "no-break space",
    "\u3000": "ideographic space",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
    "，": "full-width comma",
    "：": "full-width colon",
}
# Keys whose list entries are sentences: a '，' inside them is punctuation, not a separator.
_SENTENCE_LISTS = {"items", "paragraphs", "duties", "rows", "text"}
# Keys whose values are free text: full-width quotes around them are printed, so only warned about.
_TEXT_KEYS = {
    "title", "text", "summary", "name", "owner", "approved_by", "organisation", "note", "hours",
    "doc_number", "masthead", "printed_by", "subtitle", "edition", "booklet_title",
}


def code_point(ch: str) -> str:
    """Return ``U+XXXX`` for a character."""
    return f"U+{ord(ch):04X}"


def describe(ch: str) -> str:
    """Return a character's name as a drafter reads it, e.g. ``ideographic space '　' (U+3000)``."""
    name = _NAMED.get(ch)
    if name is None:
        name = unicodedata.name(ch, "").lower() or ("control character" if unicodedata.category(ch) == "Cc" else "character")
    invisible = unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Cn") or ch in _ZERO_WIDTH
    return f"{name} ({code_point(ch)})" if invisible else f"{name} '{ch}' ({code_point(ch)})"


class LineIndex:
    """Map character offsets of a text to 1-based (line, column), counting only ``\\n`` as a break.

    Editors show U+2028, U+2029 and NEL inside a line; so do these positions.
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, index: int) -> tuple[int, int]:
        """Return the (line, column) of the character at ``index``."""
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1


@dataclass
class _Finder:
    source: str
    problems: list[Problem]

    def add(self, line: int, col: int, message: str, severity: Severity = "error") -> None:
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(Problem(self.source, line, col, message, severity))


def precheck(text: str, source: str) -> list[Problem]:
    """Return the problems of characters in ``text`` (errors stop parsing), sorted."""
    found = _Finder(source, [])
    _check_forbidden(text, found, LineIndex(text))
    if not any(p.severity == "error" for p in found.problems):
        _check_lines(text, found)
    return sorted(found.problems)


_UNFIT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unfit_in_data(data: Any, source: str, path: tuple[str | int, ...] = ()) -> list[Problem]:
    """Return a problem for each text in plain data that holds a character documents cannot hold."""
    out: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, path)]
    while stack and len(out) < MAX_REPORTED:
        value, where = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, where + (str(k),)) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((v, where + (i,)) for i, v in enumerate(value))
        elif isinstance(value, str) and (m := _UNFIT_TEXT.search(value)):
            ch = m.group()
            what = describe(ch) if not "\ud800" <= ch <= "\udfff" else f"lone surrogate {code_point(ch)}"
            out.append(Problem(source, 0, 0, f"{what} — delete it; documents cannot hold it", key_path=where))
    return sorted(out, key=str)


def _check_forbidden(text: str, found: _Finder, index: LineIndex) -> None:
    for m in _FORBIDDEN.finditer(text):
        ch = m.group()
        if ch == "\ufeff" and m.start() == 0:
            continue
        line, col = index.at(m.start())
        if ch == "\x00":
            msg = "NUL character (U+0000) — delete it; a YAML file is text and never holds one (is this a binary file?)"
        elif ch == "\ufeff":
            msg = (
                "byte-order mark (U+FEFF, invisible) in the middle of the file — delete it "
                "(it comes from pasting another file in)"
            )
        elif "\ud800" <= ch <= "\udfff":
            msg = f"lone surrogate {code_point(ch)} (half of a character) — retype the character here"
        elif ch in "\ufffe\uffff":
            msg = f"non-character {code_point(ch)} — delete it"
        else:
            what = describe(ch)
            msg = f"{what} — delete it; documents cannot hold it" if what.startswith("control") else f"{what} is a control character documents cannot hold — delete it"
        found.add(line, col, msg)


@dataclass
class _State:
    block_indent: int = -1  # inside a block scalar: lines indented deeper than this are text
    quote: str = ""  # inside a multi-line quoted scalar: its quote character
    prev_indent: int = -1  # the last structural line: its indent and kind
    prev_kind: str = ""  # "open" (key with no value), "item", or ""


def _check_lines(text: str, found: _Finder) -> None:
    state = _State()
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        body = line.lstrip(" \t\u3000\u00a0")
        indent = len(line) - len(body)
        if state.quote:
            if _closes(line, state.quote, 0):
                state.quote = ""
            continue
        if state.block_indent >= 0:
            if not body or indent > state.block_indent:
                continue
            state.block_indent = -1
        if not body or body.startswith("#"):
            continue
        if body.startswith("%YAML"):
            _check_directive(body, number, found)
            continue
        _check_indent(line, indent, number, found)
        _check_structure(line, indent, number, found, state)


def _check_directive(body: str, number: int, found: _Finder) -> None:
    parts = body.split()
    if len(parts) < 2 or parts[1] not in ("1.1", "1.2"):
        shown = parts[1] if len(parts) > 1 else "without a version"
        found.add(number, 1, f"%YAML {shown} is not a YAML version policygen reads — delete this line (files are read as YAML 1.2)")


def _check_indent(line: str, indent: int, number: int, found: _Finder) -> None:
    for col, ch in enumerate(line[:indent], start=1):
        if ch in "\u3000\u00a0":
            found.add(number, col, f"{describe(ch)} in the indentation — indent with ASCII spaces")
            return


def _check_structure(line: str, indent: int, number: int, found: _Finder, state: _State) -> None:
    pos = indent
    depth = 0
    while line.startswith("-", pos) and (pos + 1 == len(line) or line[pos + 1] in " \t\u3000\u00a0"):
        depth += 1
        if depth > MAX_DEPTH:
            found.add(number, pos + 1, f"nesting deeper than {MAX_DEPTH} levels — flatten the structure")
            return
        if pos + 1 < len(line) and line[pos + 1] in "\u3000\u00a0":
            found.add(number, pos + 2, f"{describe(line[pos + 1])} after '-' — type an ASCII space")
            return
        pos += 1
        while pos < len(line) and line[pos] in " \t":
            pos += 1
    kind = "item" if depth else ""
    rest = line[pos:]
    if not rest:
        _remember(state, indent, "open" if depth else kind)
        return
    marker = rest[0]
    if marker in _FW_MARKERS and rest[1:2] not in ("", marker) and _list_expected(state, pos, rest):
        found.add(
            number, pos + 1,
            f"{_FW_MARKERS[marker]} '{marker}' ({code_point(marker)}) used as a list marker — "
            "type the ASCII hyphen '-' followed by a space",
        )
        _remember(state, pos, "item")
        return
    if re.match(r"-[A-Za-z_][A-Za-z0-9_]*:(\s|$)", rest):
        found.add(number, pos + 2, "'-' must be followed by a space — write '- ' before the key")
        return
    if rest[0] in "\"'":
        if not _closes(rest, rest[0], 1):
            state.quote = rest[0]
        _remember(state, indent, kind)
        return
    _check_key_line(line, pos, number, found, state, kind, indent)


def _list_expected(state: _State, pos: int, rest: str) -> bool:
    """Return True when a list item is plausible here (a marker plus a space, or a list context)."""
    if rest[1] in " \u3000":
        return True
    if state.prev_kind == "open":
        return pos >= state.prev_indent
    return state.prev_kind == "item" and pos == state.prev_indent


def _remember(state: _State, indent: int, kind: str) -> None:
    state.prev_indent, state.prev_kind = indent, kind


def _check_key_line(line: str, pos: int, number: int, found: _Finder, state: _State, kind: str, indent: int) -> None:
    rest = line[pos:]
    if rest[0] in "[{!&*|>@`":
        _remember(state, indent, kind)
        return
    ascii_colon = _key_colon(rest)
    full_width = rest.find("：")
    if full_width >= 0 and (ascii_colon < 0 or full_width < ascii_colon):
        key = rest[:full_width]
        bare = key.strip(_ZERO_WIDTH + " ")
        if _KEY.fullmatch(bare):
            found.add(
                number, pos + full_width + 1,
                f"full-width colon '：' (U+FF1A) after the key '{bare}' — type the ASCII colon ':'",
            )
            _remember(state, pos, "item" if kind else "")
            return
    if ascii_colon < 0:
        _remember(state, indent, kind)
        return
    key = rest[:ascii_colon]
    for offset, ch in enumerate(key):
        if ch in _ZERO_WIDTH:
            bare = "".join(c for c in key if c not in _ZERO_WIDTH)
            found.add(number, pos + offset + 1, f"{describe(ch)} in the key '{bare}' — delete it (it is invisible; retype the key)")
            return
    after = pos + ascii_colon + 1
    if after < len(line) and line[after] in "\u3000\u00a0":
        found.add(number, after + 1, f"{describe(line[after])} after the colon of '{key}' — type an ASCII space")
        return
    value = line[after:].strip(" \t")
    if not value or value.startswith("#"):
        _remember(state, pos, "open")
        return
    _remember(state, pos, "item" if kind else "")
    if _BLOCK_INDICATOR.match(value):
        state.block_indent = indent
        return
    if value[0] in "\"'":
        if not _closes(value, value[0], 1):
            state.quote = value[0]
        return
    value_col = len(line) - len(line[after:].lstrip(" \t")) + 1
    _check_value(key, _strip_comment(value), value_col, number, found)


def _key_colon(rest: str) -> int:
    """Return the offset of the ':' that ends a plain key on this line, or -1."""
    for m in re.finditer(":", rest):
        end = m.end()
        if end == len(rest) or rest[end] in " \t\u3000\u00a0":
            before = rest[: m.start()]
            if "#" in before and " #" in before:
                return -1
            return m.start()
    return -1


def _strip_comment(value: str) -> str:
    cut = value.find(" #")
    return value[:cut].rstrip() if cut >= 0 else value


def _check_value(key: str, value: str, col: int, number: int, found: _Finder) -> None:
    close = _FW_QUOTES.get(value[0])
    if close and len(value) > 1 and value.endswith(close) and value[0] in "“＂‘＇":
        inner = value[1:-1]
        breaks_yaml = ": " in inner or " #" in inner or inner[:1] in "[{&*!|>'\"%@`"
        shown = f"{value[0]}…{close}"
        if key in _TEXT_KEYS and not breaks_yaml:
            found.add(
                number, col,
                f"the value of '{key}' is in full-width quotes {shown} ({code_point(value[0])}), which will be "
                "printed — if they were meant as YAML quotes, type the ASCII quote '\"'",
                "warning",
            )
        else:
            found.add(
                number, col,
                f"full-width quotes {shown} ({code_point(value[0])}) around the value of '{key}' — "
                "type ASCII quotes '\"' around it",
            )
        return
    if value.startswith("[") and value.endswith("]") and key not in _SENTENCE_LISTS and "," not in value:
        for offset, ch in enumerate(value):
            if ch in "，、":
                found.add(
                    number, col + offset,
                    f"{describe(ch)} between list items — type the ASCII comma ',' followed by a space",
                )
                return


def _closes(text: str, quote: str, start: int) -> bool:
    """Return True when the quoted scalar opened before ``start`` ends in ``text``."""
    i = start
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return True
        i += 1
    return False


__all__ = ["LineIndex", "code_point", "describe", "precheck", "unfit_in_data"]
