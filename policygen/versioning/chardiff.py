"""Character-level differences suited to Chinese text (no word boundaries).

``diff_chars`` runs :class:`difflib.SequenceMatcher` over characters (with
``autojunk=False``, which would otherwise treat frequent characters such as
``的`` or ``，`` as junk), then folds short equal runs that sit between two
changes into the change, so that the result reads as whole phrases replaced
rather than a comb of single characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete"]

#: Equal runs longer than this are never folded into the surrounding changes.
MAX_FOLD = 6


@dataclass(frozen=True)
class Segment:
    """A run of text that is kept (``equal``), added (``insert``) or removed (``delete``)."""

    op: Op
    text: str


def diff_chars(old: str, new: str) -> list[Segment]:
    """Return the segments that turn ``old`` into ``new``, tiny equal runs folded.

    Joining the ``equal`` and ``delete`` texts gives ``old``; joining the
    ``equal`` and ``insert`` texts gives ``new``. Within a changed stretch the
    deletion comes before the insertion.
    """
    if old == new:
        return [Segment("equal", old)] if old else []
    # trim the common prefix and suffix first: most edits are local, and the matcher is quadratic
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old[prefix:], new[prefix:])
    a, b = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    raw: list[Segment] = [Segment("equal", old[:prefix])] if prefix else []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", a[i1:i2]))
            continue
        if i2 > i1:
            raw.append(Segment("delete", a[i1:i2]))
        if j2 > j1:
            raw.append(Segment("insert", b[j1:j2]))
    if suffix:
        raw.append(Segment("equal", old[len(old) - suffix :]))
    return _fold(raw)


def _common_prefix(a: str, b: str) -> int:
    """Return the length of the common prefix (binary search over slices, as diff-match-patch)."""
    lo, hi = 0, min(len(a), len(b))
    if not hi or a[0] != b[0]:
        return 0
    mid, start = hi, 0
    while lo < mid:
        if a[start:mid] == b[start:mid]:
            lo = start = mid
        else:
            hi = mid
        mid = (hi - lo) // 2 + lo
    return mid


def _common_suffix(a: str, b: str) -> int:
    """Return the length of the common suffix."""
    return _common_prefix(a[::-1], b[::-1])


def _fold(segments: list[Segment]) -> list[Segment]:
    """Return the segments with short equalities between two changes absorbed.

    An equal run is absorbed when it holds no line break, is at most
    ``MAX_FOLD`` characters and is no longer than the changes on either side
    (the rule of diff-match-patch's semantic clean-up).
    """
    # group as: [equal?] (change-cluster equal)* ...; a cluster is (deleted, inserted)
    items: list[tuple[str, str] | str] = []  # str = equal text; tuple = (deleted, inserted)
    for seg in segments:
        if seg.op == "equal":
            items.append(seg.text)
        elif items and isinstance(items[-1], tuple):
            d, i = items[-1]
            items[-1] = (d + seg.text, i) if seg.op == "delete" else (d, i + seg.text)
        else:
            items.append((seg.text, "") if seg.op == "delete" else ("", seg.text))
    changed = True
    while changed:
        changed = False
        out: list[tuple[str, str] | str] = []
        k = 0
        while k < len(items):
            item = items[k]
            before = out[-1] if out else None
            after = items[k + 1] if k + 1 < len(items) else None
            if (
                isinstance(item, str)
                and isinstance(before, tuple)
                and isinstance(after, tuple)
                and _foldable(item, before, after)
            ):
                out[-1] = (before[0] + item + after[0], before[1] + item + after[1])
                k += 2
                changed = True
                continue
            out.append(item)
            k += 1
        items = out
    result: list[Segment] = []
    for item in items:
        if isinstance(item, str):
            if item:
                result.append(Segment("equal", item))
        else:
            if item[0]:
                result.append(Segment("delete", item[0]))
            if item[1]:
                result.append(Segment("insert", item[1]))
    return result


def _foldable(equal: str, before: tuple[str, str], after: tuple[str, str]) -> bool:
    if "\n" in equal or len(equal) > MAX_FOLD:
        return False
    n = len(equal)
    return n <= max(len(before[0]), len(before[1])) and n <= max(len(after[0]), len(after[1]))


def old_text(segments: list[Segment]) -> str:
    """Return the text before the change."""
    return "".join(s.text for s in segments if s.op != "insert")


def new_text(segments: list[Segment]) -> str:
    """Return the text after the change."""
    return "".join(s.text for s in segments if s.op != "delete")


def inline(segments: list[Segment]) -> str:
    """Return the change in wdiff notation: ``[-deleted-]{+inserted+}``."""
    out = []
    for seg in segments:
        if seg.op == "equal":
            out.append(seg.text)
        elif seg.op == "delete":
            out.append(f"[-{seg.text}-]")
        else:
            out.append(f"{{+{seg.text}+}}")
    return "".join(out)




LineOp = Literal["equal", "changed", "insert", "delete"]


@dataclass(frozen=True)
class LineDiff:
    """One paragraph of a compared text: kept, changed (with segments), added or removed."""

    op: LineOp
    segments: tuple[Segment, ...]

    @property
    def old(self) -> str | None:
        """Return the paragraph before the change, or None if it was added."""
        return None if self.op == "insert" else old_text(list(self.segments))

    @property
    def new(self) -> str | None:
        """Return the paragraph after the change, or None if it was removed."""
        return None if self.op == "delete" else new_text(list(self.segments))


def diff_lines(old: list[str], new: list[str]) -> list[LineDiff]:
    """Return paragraph-by-paragraph differences, with character diffs of changed paragraphs.

    Paragraphs are aligned first (equal paragraphs anchor the alignment); inside
    a replaced stretch they are paired in order and compared character by
    character; the rest are whole paragraphs added or removed.
    """
    if old == new:
        return [LineDiff("equal", (Segment("equal", line),)) for line in old]
    out: list[LineDiff] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(LineDiff("equal", (Segment("equal", line),)) for line in old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            out.append(LineDiff("changed", tuple(diff_chars(old[i1 + k], new[j1 + k]))))
        out.extend(LineDiff("delete", (Segment("delete", line),)) for line in old[i1 + pairs : i2])
        out.extend(LineDiff("insert", (Segment("insert", line),)) for line in new[j1 + pairs : j2])
    return out

__all__ = ["LineDiff", "Segment", "diff_chars", "diff_lines", "inline", "new_text", "old_text"]
