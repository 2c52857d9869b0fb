"""The import report: every input character not carried into the YAML, with file:line and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Omission:
    """Text left out of the YAML."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class Note:
    """Something the reader should check (an unresolved reference, a numbering gap)."""

    line: int
    message: str


@dataclass
class Report:
    """What an import left out and what it noticed, per input file."""

    source: str
    omissions: list[Omission] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def omit(self, line: int, reason: str, text: str) -> None:
        if text.strip():
            self.omissions.append(Omission(line, reason, text.strip()))

    def note(self, line: int, message: str) -> None:
        self.notes.append(Note(line, message))

    @property
    def omitted_chars(self) -> int:
        """Return how many non-blank characters were left out."""
        return sum(len("".join(o.text.split())) for o in self.omissions)

    def lines(self, *, full: bool = True) -> list[str]:
        """Return the report as lines, sorted by position; ``full`` keeps each left-out text whole."""
        out = [f"{self.source}:{o.line}: left out ({o.reason}): {_flat(o.text) if full else _short(o.text)}"
               for o in self.omissions]
        out += [f"{self.source}:{n.line}: note: {n.message}" for n in self.notes]
        out.sort(key=_position)
        return out

    def render(self, yaml_name: str, summary: str) -> str:
        """Return the text of the report file written beside the YAML."""
        head = [f"import report: {self.source} → {yaml_name}", summary,
                f"{len(self.omissions)} passage(s), {self.omitted_chars} character(s) left out", ""]
        return "\n".join(head + self.lines()) + "\n"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 60) -> str:
    flat = _flat(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _position(line: str) -> tuple[int, str]:
    try:
        return int(line.split(":")[1]), line
    except (IndexError, ValueError):
        return 0, line
