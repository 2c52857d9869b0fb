"""The inline reference syntax: ``[[id]]`` inside any text; ``\\[[`` is a literal.

``[[id]]`` names something in the same policy (or, in a project, another policy
by its id); ``[[policy-id#id]]`` names an article of another policy.
"""

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

    @property
    def policy(self) -> str | None:
        """Return the other policy's id of ``[[policy-id#id]]``, else None."""
        return self.id.split("#", 1)[0] if "#" in self.id else None

    @property
    def target(self) -> str:
        """Return the id after ``#``, or the whole id."""
        return self.id.split("#", 1)[1] if "#" in self.id else self.id

    @property
    def well_formed(self) -> bool:
        """Return True when every part of the reference is a slug."""
        return all(ID.match(part) for part in self.id.split("#", 1))


def iter_matches(text: str) -> Iterator[re.Match[str]]:
    """Yield the matches of ``REF`` in ``text``, in time linear in its length.

    A reference never spans lines, so each line is searched only up to its
    last ``]]``: a bare ``REF.finditer`` rescans to the end of the line from
    every ``[[`` that is never closed, which is quadratic on ``[[[[…``.
    """
    if "[[" not in text or "]]" not in text:
        return
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end < 0 else end
        last = text.rfind("]]", start, end)
        if last >= 0:
            yield from REF.finditer(text, start, last + 2)
        start = end + 1


def iter_refs(text: str) -> Iterator[Ref]:
    """Yield every reference in ``text``, in order."""
    for match in iter_matches(text):
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
