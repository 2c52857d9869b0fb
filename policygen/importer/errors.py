"""The error an import raises for input it cannot read."""

from __future__ import annotations

from ..errors import PolicygenError


class ImportError_(PolicygenError):
    """An input file that cannot be imported: ``file: error: what — what to do``."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: error: {message}")
        self.source = source
        self.message = message
