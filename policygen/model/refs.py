"""The inline reference syntax: ``[[id]]`` inside any text; ``\\[[`` is a literal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

REF = re.compile(r"(?<!\\)\[\[(.*?)\]\]")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ORG = "org"


@dataclass(frozen=True)
class Ref:
    """One ``[[id]]`` found in a text."""

    id: str
    start: int
    end: int


def iter_refs(text: str) -> Iterator[Ref]:
    """Yield every reference in ``text``, in order."""
    for match in REF.finditer(text):
        yield Ref(match.group(1).strip(), match.start(), match.end())


def split(text: str) -> list[str | Ref]:
    """Return ``text`` as literal pieces and references, with escapes removed."""
    out: list[str | Ref] = []
    last = 0
    for ref in iter_refs(text):
        if ref.start > last:
            out.append(unescape(text[last : ref.start]))
        out.append(ref)
        last = ref.end
    if last < len(text):
        out.append(unescape(text[last:]))
    return out


def unescape(text: str) -> str:
    """Return ``text`` with ``\\[[`` turned into ``[[``."""
    return text.replace("\\[[", "[[")
