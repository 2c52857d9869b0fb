"""Read YAML text into plain data while remembering where every node was.

The document is composed (not constructed) with ruamel.yaml, then turned into
plain dicts, lists and scalars by hand, so that:

* every node keeps its 1-based line and column (``Positions``), and a text
  holding ``[[`` keeps its written form, so that a bad reference is reported
  at its own ``[[`` rather than at the start of the text;
* duplicate keys are all reported, not only the first;
* dates stay strings, so an impossible date becomes a located model error;
* aliases are counted before anything is expanded (alias bombs are refused);
* nesting deeper than ``MAX_DEPTH`` is refused by the composer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem
from ..model.refs import iter_matches
from .precheck import LineIndex, code_point, describe, precheck

MAX_DEPTH = 64
MAX_NODES = 200_000
Path = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class ScalarSpan:
    """A text scalar that holds ``[[``: where it starts, its style and its written form."""

    line: int
    col: int
    style: str | None  # None (plain), "'", '"', "|" or ">"
    written: str  # the scalar exactly as in the file, quotes and escapes included
    refs: int  # how many references its value holds

    @functools.cached_property
    def starts(self) -> list[tuple[int, int]]:
        """Return the (line, col) of every ``[[`` in the written form (computed once)."""
        out = []
        line, col, last = self.line, self.col, 0
        for m in iter_matches(self.written):
            chunk = self.written[last : m.start()]
            breaks = chunk.count("\n")
            if breaks:
                line += breaks
                col = 1 + len(chunk) - chunk.rfind("\n") - 1
            else:
                col += len(chunk)
            out.append((line, col))
            last = m.start()
        return out


@dataclass
class Positions:
    """1-based (line, col) of value nodes and of mapping keys, by key path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Path, ScalarSpan] = field(default_factory=dict)

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Return the position of the deepest known node on ``path``."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and end == len(path) and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def of_ref(self, path: Path, index: int) -> tuple[int, int]:
        """Return the position of the ``[[`` of the ``index``-th reference in the text at ``path``.

        Falls back to the start of the text node when the written form does not
        show the same references as the value (escapes, comments, folding).
        """
        node = next((path[:end] for end in range(len(path), -1, -1) if path[:end] in self.values), ())
        span = self.scalars.get(node)
        if span is None:
            return self.of(path)
        found = span.starts
        if len(found) != span.refs or not 0 <= index < len(found):
            return self.of(path)
        return found[index]


@dataclass
class Parsed:
    """Plain data read from a source, with positions and problems found on the way."""

    data: Any
    positions: Positions
    problems: list[Problem]


def decode(raw: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """Return the UTF-8 text of ``raw``, or a located problem when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1  # characters, not bytes
        try:
            raw.decode("gb18030")
            msg = (
                "file is not UTF-8 (it looks like GBK/GB18030) — save it as UTF-8, e.g. "
                f"`iconv -f GB18030 -t UTF-8 {source} > {source}.utf8 && mv {source}.utf8 {source}`"
            )
        except UnicodeDecodeError:
            msg = "file is not UTF-8 (its encoding is unknown) — save it as UTF-8 in your editor"
        return None, [Problem(source, line, col, msg)]


class ParseMemo(Protocol):
    """Documents parsed before, by text and source name (a builder keeps them between builds)."""

    def get(self, text: str, source: str) -> Parsed | None: ...

    def put(self, text: str, source: str, parsed: Parsed) -> None: ...


def parse_kept(text: str, source: str, memo: ParseMemo | None) -> Parsed:
    """Return :func:`parse` of ``text``, from ``memo`` when it holds it; a document without problems is kept there."""
    if memo is None:
        return parse(text, source)
    parsed = memo.get(text, source)
    if parsed is None:
        parsed = parse(text, source)
        if not parsed.problems:
            memo.put(text, source, parsed)
    return parsed


def parse(text: str, source: str) -> Parsed:
    """Return the plain data of one YAML document, with positions and problems."""
    positions = Positions()
    checked = precheck(text, source)
    if any(p.severity == "error" for p in checked):
        return Parsed(None, positions, checked)
    lines = LineIndex(text)
    duplicates: list[tuple[str, Any, Any]] = []
    try:
        node = _compose_fast(text, duplicates)
        if node is None:
            duplicates.clear()
            yaml = YAML(typ="rt")  # pure Python: precise messages and a nesting limit
            yaml.max_depth = MAX_DEPTH
            yaml.Composer = _Composer
            yaml.composer.duplicates = duplicates
            node = yaml.compose(text)
    except MarkedYAMLError as exc:
        return Parsed(None, positions, checked + [_syntax_problem(exc, source, lines)])
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors in practice
        return Parsed(None, positions, checked + [Problem(source, 1, 1, f"YAML syntax: {exc}")])
    except RecursionError:
        return Parsed(None, positions, [Problem(source, 1, 1, f"nesting deeper than {MAX_DEPTH} levels — flatten the structure")])
    except (ValueError, AssertionError, TypeError, IndexError) as exc:  # the reader's own faults
        return Parsed(None, positions, checked + [_reader_fault(exc, text, source, lines)])
    if node is None:
        return Parsed(None, positions, [Problem(source, 1, 1, "file is empty — start with `format: 1`")])
    for anchor, first, second in duplicates:
        line, col = lines.at(second.index)
        first_line = lines.at(first.index)[0]
        checked.append(
            Problem(
                source, line, col,
                f"anchor '&{anchor}' is defined again (first at line {first_line}); aliases after this "
                "line refer to this one — give each anchor its own name",
                "warning",
            )
        )
    size, shared = _expanded_size(node)
    if size > MAX_NODES:
        if shared is not None:
            line, col = _pos(shared, lines)
            msg = (
                f"aliases expand this document to more than {MAX_NODES} nodes — "
                "write the content out instead of nesting anchors and aliases"
            )
        else:
            line, col = _pos(node, lines)
            msg = f"this document has more than {MAX_NODES} entries, the most one file may hold — split it into several policies"
        return Parsed(None, positions, checked + [Problem(source, line, col, msg)])
    problems: list[Problem] = list(checked)
    data = _convert(node, (), positions, problems, source, text, lines)
    return Parsed(data, positions, problems)


class _Composer(Composer):
    """A composer that records a re-used anchor instead of printing a warning."""

    duplicates: list[tuple[str, Any, Any]]

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, AliasEvent) and anchor in self.anchors:
            first = self.anchors.pop(anchor)
            self.duplicates.append((anchor, first.start_mark, event.start_mark))
        return super().compose_node(parent, index)


_BIG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _reader_fault(exc: Exception, text: str, source: str, lines: LineIndex) -> Problem:
    """Return a located problem for an input the YAML reader fails on without a position."""
    for m in _BIG_ESCAPE.finditer(text):
        if int(m.group(1), 16) > 0x10FFFF:
            line, col = lines.at(m.start())
            return Problem(
                source, line, col,
                f"escape '{m.group()}' is beyond the last Unicode character U+10FFFF — "
                "write the character itself, or a code point up to \\U0010FFFF",
            )
    return Problem(source, 1, 1, f"the YAML reader cannot read this file ({type(exc).__name__}: {str(exc)[:200]}) — check its syntax")


def _syntax_problem(exc: MarkedYAMLError, source: str, lines: LineIndex) -> Problem:
    """Return the located problem of a YAML syntax error, in words a drafter can act on."""
    problem_mark = exc.problem_mark or exc.context_mark
    line, col = _mark(problem_mark, lines) if problem_mark else (1, 1)
    what = (exc.problem or str(exc)).strip()
    context = (exc.context or "").strip()
    opened = exc.context_mark
    if "maximum depth" in what:
        return Problem(source, line, col, f"nesting deeper than {MAX_DEPTH} levels — flatten the structure")
    if "quoted scalar" in context and "end of stream" in what and opened is not None:
        # the fault is the opening quote, not the end of the file
        return Problem(
            source, *_mark(opened, lines),
            "YAML syntax: this quoted text is never closed — add the closing quote",
        )
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        close = "]" if bracket == "[" else "}"
        if opened is not None:
            line, col = _mark(opened, lines)
        return Problem(
            source, line, col,
            f"YAML syntax: the '{bracket}' here is not closed by '{close}' "
            f"({what}) — close it, or quote the text if '{bracket}' belongs to it",
        )
    if "'\\t'" in what:
        return Problem(source, line, col, "YAML syntax: a tab character — indent with spaces, not tabs")
    if "cannot start any token" in what:
        return Problem(source, line, col, f"YAML syntax: {what} — put the text in quotes")
    if "mapping values are not allowed here" in what:
        return Problem(
            source, line, col,
            "YAML syntax: ': ' is not allowed here — quote the text if it contains ': ', "
            "or fix the indentation of this key",
        )
    if what.startswith("expected <block end>") and opened is not None:
        return Problem(
            source, line, col,
            f"YAML syntax: {what} — this line does not line up with the block that starts at "
            f"line {_mark(opened, lines)[0]}; check its indentation and the quotes on the lines above",
        )
    where = f" {context}" if context else ""
    return Problem(source, line, col, f"YAML syntax: {what}{where} — check indentation, quotes and ':' on this line")


def _compose_fast(text: str, duplicates: list[tuple[str, Any, Any]]) -> Node | None:
    """Return the node tree from libyaml's C composer, or None to use the pure-Python one.

    The C composer is about 7x faster but has no nesting limit and words its
    errors differently, so it is used only on text with plausible nesting, and
    any error is reported by re-reading with the pure composer.
    """
    refs = sum(2 for _ in iter_matches(text))  # each [[id]] is text, not two levels of nesting
    if text.count("[") - refs + text.count("{") > 256 or _deepest_indent(text) > 4 * MAX_DEPTH:
        return None
    try:
        yaml = YAML(typ="safe", pure=False)
        if getattr(yaml.Parser, "__name__", "") != "CParser":
            return None
        yaml.Composer = _Composer
        yaml.composer.duplicates = duplicates
        node: Node | None = yaml.compose(text)
    except Exception:  # any problem: the pure composer reports it properly
        return None
    if node is not None and not _normalise(node):
        return None  # too deep: the pure composer refuses it with its message
    return node if isinstance(node, Node) else None


def _normalise(root: Node) -> bool:
    """Make the C composer's nodes look like the pure one's (plain style None); False if too deep."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style == "":
                node.style = None
        elif depth > MAX_DEPTH:
            return False
        else:
            stack.extend((child, depth + 1) for child in _children(node))
    return True


def _deepest_indent(text: str) -> int:
    return max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)


def _pos(node: Node, lines: LineIndex) -> tuple[int, int]:
    return lines.at(node.start_mark.index)


def _mark(mark: Any, lines: LineIndex) -> tuple[int, int]:
    """Return the (line, col) of a ruamel mark, counting only newlines as line breaks."""
    index = getattr(mark, "index", None)
    return lines.at(index) if isinstance(index, int) else (mark.line + 1, mark.column + 1)


def _expanded_size(root: Node) -> tuple[int, Node | None]:
    """Return the node count after alias expansion, and the first shared node."""
    memo: dict[int, int] = {}
    first_shared: list[Node] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            total = 1 + sum(memo[id(c)] for c in children)
            memo[key] = min(total, MAX_NODES + 1)
            continue
        if key in memo or key < 0:
            if not first_shared:
                first_shared.append(node)
            continue
        memo[key] = -1  # visiting
        stack.append((node, True))
        for child in _children(node):
            if id(child) in memo:
                if memo[id(child)] == -1:
                    memo[id(child)] = MAX_NODES + 1  # recursive alias
                if not first_shared:
                    first_shared.append(child)
            else:
                stack.append((child, False))
    return memo[id(root)], (first_shared[0] if first_shared else None)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


_RAW_TEXT_KEYS = {"version", "value", "id"}
_CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _convert(
    node: Node, path: Path, pos: Positions, problems: list[Problem], source: str, text: str, lines: LineIndex
) -> Any:
    pos.values[path] = _pos(node, lines)
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = _pos(key_node, lines)
                problems.append(Problem(source, line, col, "a key must be plain text — remove the brackets"))
                continue
            key = str(key_node.value)
            if str(key_node.tag) == "tag:yaml.org,2002:merge":
                line, col = _pos(key_node, lines)
                problems.append(Problem(source, line, col, "merge keys ('<<') are not supported — write the keys out"))
                continue
            if key in out:
                line, col = _pos(key_node, lines)
                first = pos.keys[path + (key,)]
                problems.append(
                    Problem(
                        source, line, col,
                        f"duplicate key '{key}' (first at line {first[0]}) — keep one of them",
                    )
                )
                continue
            pos.keys[path + (key,)] = _pos(key_node, lines)
            if key in _RAW_TEXT_KEYS and isinstance(value_node, ScalarNode) and value_node.style is None:
                pos.values[path + (key,)] = _pos(value_node, lines)
                out[key] = _scalar(value_node, raw=True)
            else:
                out[key] = _convert(value_node, path + (key,), pos, problems, source, text, lines)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(child, path + (i,), pos, problems, source, text, lines) for i, child in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    tag = str(node.tag)
    if tag not in _CORE_TAGS:
        line, col = _pos(node, lines)
        problems.append(Problem(source, line, col, f"unknown tag '{tag}' — remove it"))
        return node.value
    if node.style == '"' and _UNFIT.search(str(node.value)):
        _check_escapes(node, path, problems, source, text, lines)
        node.value = _UNFIT.sub("\ufffd", str(node.value))  # reported once, here
    if "[[" in node.value:
        line, col = _pos(node, lines)
        written = text[node.start_mark.index : node.end_mark.index]
        count = sum(1 for _ in iter_matches(str(node.value).strip()))
        pos.scalars[path] = ScalarSpan(line, col, node.style, written, count)
    return _scalar(node)


_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_NAMED_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b"}
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _check_escapes(node: ScalarNode, path: Path, problems: list[Problem], source: str, text: str, lines: LineIndex) -> None:
    """Report escapes in a double-quoted scalar that make characters no document can hold."""
    start = node.start_mark.index
    written = text[start : node.end_mark.index]
    for m in _ESCAPE.finditer(written):
        code = m.group(1)
        ch = _NAMED_ESCAPES.get(code, "")
        if len(code) > 1:
            value = int(code[1:], 16)
            ch = chr(value) if value <= 0x10FFFF else ""
        if ch and _UNFIT.match(ch):
            line, col = lines.at(start + m.start())
            if "\ud800" <= ch <= "\udfff":
                what = f"a lone surrogate {code_point(ch)} (half of a character)"
            else:
                what = f"{describe(ch)}, which documents cannot hold"
            problems.append(Problem(source, line, col, f"the escape '{m.group()}' makes {what} — delete it", key_path=path))
            return
    line, col = _pos(node, lines)
    problems.append(Problem(source, line, col, "this text holds a character documents cannot hold — delete the escape", key_path=path))


def _scalar(node: ScalarNode, *, raw: bool = False) -> Any:
    value = node.value
    if node.style == ">":
        value = value.replace("\a", "")  # ruamel marks the fold points of folded scalars
    tag = str(node.tag)
    if node.style is not None or (raw and tag != "tag:yaml.org,2002:null"):
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            number = int(value.replace("_", ""), 0)
        except ValueError:
            return value
        return number if number.bit_length() <= 64 else value  # never carry a number no message can print
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value  # str and timestamp stay text
