"""Plain-text input: one block per non-blank line, decoded as UTF-8 or GB18030."""

from __future__ import annotations

from .errors import ImportError_
from .tree import Block


def decode(raw: bytes, source: str) -> str:
    """Return the text of ``raw`` (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030)."""
    if not raw.strip():
        raise ImportError_(source, "the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_(source, "the file is not text in UTF-8 or GB18030 — save it as UTF-8 text")


def read_text(raw: bytes, source: str) -> list[Block]:
    """Return the blocks of a plain-text file."""
    text = decode(raw, source)
    if "\x00" in text:
        raise ImportError_(source, "the file is binary, not text")
    return [Block(line.strip(), n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
