"""Read YAML text into plain data while remembering where every node was.

The document is composed (not constructed) with ruamel.yaml, then turned into
plain dicts, lists and scalars by hand, so that:

* every node keeps its 1-based line and column (``Positions``);
* duplicate keys are all reported, not only the first;
* dates stay strings, so an impossible date becomes a located model error;
* aliases are counted before anything is expanded (alias bombs are refused);
* nesting deeper than ``MAX_DEPTH`` is refused by the composer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem

MAX_DEPTH = 64
MAX_NODES = 200_000
Path = tuple[str | int, ...]


@dataclass
class Positions:
    """1-based (line, col) of value nodes and of mapping keys, by key path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Return the position of the deepest known node on ``path``."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and end == len(path) and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


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
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            guess = "it looks like GBK/GB18030"
        except UnicodeDecodeError:
            guess = "it is in an unknown encoding"
        msg = (
            f"file is not UTF-8 ({guess}) — save it as UTF-8, e.g. "
            f"`iconv -f GB18030 -t UTF-8 in.yaml > out.yaml`"
        )
        return None, [Problem(source, line, col, msg)]


def parse(text: str, source: str) -> Parsed:
    """Return the plain data of one YAML document, with positions and problems."""
    positions = Positions()
    yaml = YAML(typ="rt")
    yaml.max_depth = MAX_DEPTH
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = (exc.problem or str(exc)).strip()
        if "maximum depth" in what:
            msg = f"nesting deeper than {MAX_DEPTH} levels — flatten the structure"
        else:
            context = f" {exc.context}" if exc.context else ""
            msg = f"YAML syntax: {what}{context} — check indentation, quotes and ':' on this line"
        return Parsed(None, positions, [Problem(source, line, col, msg)])
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors in practice
        return Parsed(None, positions, [Problem(source, 1, 1, f"YAML error: {exc}")])
    except RecursionError:
        return Parsed(None, positions, [Problem(source, 1, 1, "nesting too deep — flatten it")])
    if node is None:
        return Parsed(None, positions, [Problem(source, 1, 1, "file is empty — start with `format: 1`")])
    size, shared = _expanded_size(node)
    if size > MAX_NODES:
        line, col = _pos(shared or node)
        msg = (
            f"aliases expand this document to more than {MAX_NODES} nodes — "
            "write the content out instead of nesting anchors and aliases"
        )
        return Parsed(None, positions, [Problem(source, line, col, msg)])
    problems: list[Problem] = []
    data = _convert(node, (), positions, problems, source)
    return Parsed(data, positions, problems)


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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


def _convert(node: Node, path: Path, pos: Positions, problems: list[Problem], source: str) -> Any:
    pos.values[path] = _pos(node)
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = _pos(key_node)
                problems.append(Problem(source, line, col, "a key must be plain text — remove the brackets"))
                continue
            key = str(key_node.value)
            if str(key_node.tag) == "tag:yaml.org,2002:merge":
                line, col = _pos(key_node)
                problems.append(Problem(source, line, col, "merge keys ('<<') are not supported — write the keys out"))
                continue
            if key in out:
                line, col = _pos(key_node)
                first = pos.keys[path + (key,)]
                problems.append(
                    Problem(
                        source, line, col,
                        f"duplicate key '{key}' (first at line {first[0]}) — keep one of them",
                    )
                )
                continue
            pos.keys[path + (key,)] = _pos(key_node)
            if key in _RAW_TEXT_KEYS and isinstance(value_node, ScalarNode) and value_node.style is None:
                pos.values[path + (key,)] = _pos(value_node)
                out[key] = _scalar(value_node, raw=True)
            else:
                out[key] = _convert(value_node, path + (key,), pos, problems, source)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(child, path + (i,), pos, problems, source) for i, child in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    tag = str(node.tag)
    if tag.startswith("!") or (tag.startswith("tag:yaml.org,2002:") is False and tag):
        line, col = _pos(node)
        problems.append(Problem(source, line, col, f"unknown tag '{tag}' — remove it"))
        return node.value
    return _scalar(node)


def _scalar(node: ScalarNode, *, raw: bool = False) -> Any:
    value = node.value
    tag = str(node.tag)
    if node.style is not None or raw and tag != "tag:yaml.org,2002:null":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value  # str and timestamp stay text
