"""Exceptions raised by policygen, independent of any CLI framework.

Every problem a user can fix carries a location: a file path with a 1-based
line and column, or — for data given as a dict — the key path inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "note"]  # a note: not checkable here, not a fault


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a source, with its location."""

    source: str
    line: int = 0
    col: int = 0
    message: str = field(default="", compare=False)
    severity: Severity = field(default="error", compare=False)
    key_path: tuple[str | int, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        if self.line:
            where = f"{self.source}:{self.line}:{self.col}"
        elif self.key_path:
            where = f"{self.source}:{format_key_path(self.key_path)}"
        else:
            where = self.source
        return f"{where}: {self.severity}: {self.message}"


def format_key_path(path: tuple[str | int, ...]) -> str:
    """Return a key path such as ``chapters[0].articles[2].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "<root>"


class PolicygenError(Exception):
    """Base class of every error policygen raises on purpose."""


class ValidationError(PolicygenError):
    """A source has one or more problems; ``problems`` lists them all, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class SourceError(ValidationError):
    """A single problem at one place in a source."""

    def __init__(self, source: str, line: int, col: int, message: str) -> None:
        super().__init__([Problem(source, line, col, message)])
        self.path, self.line, self.col = source, line, col


class PathError(PolicygenError):
    """A path given does not exist, or holds no policy files (a usage mistake)."""


class RenderError(PolicygenError):
    """Rendering failed: a template error, a missing font, a bad theme."""


class WriteError(PolicygenError, OSError):
    """An output could not be written (disk full, read-only, no permission); ``path`` names it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


class TemplateError(ValidationError, RenderError):
    """The layout engine reported problems with a template or its CSS; ``problems`` name the template."""


class ReleaseError(PolicygenError):
    """A release or version operation was refused."""
