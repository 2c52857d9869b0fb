"""Table column widths: as HTML's automatic layout, from the text of each cell."""

from __future__ import annotations

from collections.abc import Sequence

from . import _oxml

# a table cell: a string, or paragraphs, each a string or runs of (text, run format or None)
CellRuns = Sequence[tuple[str, "_oxml.RunFormat | None"]]
TableRow = Sequence["str | Sequence[str | CellRuns]"]

def _ems(text: str) -> float:
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text)


def _longest_unbreakable(text: str) -> float:
    """Return the width (em) of the longest piece a line cannot break inside (a Latin word)."""
    longest = run = 0.0
    for ch in text:
        if ch.isspace() or ord(ch) >= 0x2E80:
            longest, run = max(longest, run, 0.0 if ch.isspace() else 1.0), 0.0
        else:
            run += 0.6
    return max(longest, run)


def column_widths(rows: Sequence[TableRow], total: int, em: int) -> list[int]:
    """Return column widths (twips) summing to ``total``, as HTML's automatic table layout.

    Each column gets at least its longest unbreakable word (an e-mail address
    does not wrap), then the rest of the width in proportion to how much more
    its longest line needs.
    """
    columns = len(rows[0])
    low, high = [1.0] * columns, [1.0] * columns
    for row in rows:
        for c, cell in enumerate(row):
            for line in [_plain(p) for p in ([cell] if isinstance(cell, str) else cell)]:
                low[c] = max(low[c], _longest_unbreakable(line))
                high[c] = max(high[c], _ems(line))
    low = [(x + 1.0) * em for x in low]  # + cell margins
    high = [(x + 1.0) * em for x in high]
    if sum(high) <= total:
        widths = [total * h / sum(high) for h in high]
    elif sum(low) >= total:
        widths = [total * x / sum(low) for x in low]
    else:
        spare = (total - sum(low)) / (sum(high) - sum(low))
        widths = [x + (h - x) * spare for x, h in zip(low, high, strict=True)]
    out = [round(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def _plain(paragraph: str | CellRuns) -> str:
    return paragraph if isinstance(paragraph, str) else "".join(text for text, _ in paragraph)
