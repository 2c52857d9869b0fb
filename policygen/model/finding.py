"""A finding of the rules across fields: where, what, and how bad."""

from __future__ import annotations

from dataclasses import dataclass

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A rule violation at ``path``; severity is 'error', 'warning' or 'note'.

    A note says something is not checkable here (a reference to another policy,
    in a file checked alone).

    ``ref`` is the index of the offending ``[[id]]`` among the references of the
    text at ``path``, so that the loader can point at the ``[[`` itself.
    """

    path: KeyPath
    message: str
    severity: str = "error"
    ref: int | None = None
