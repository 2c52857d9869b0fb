"""Load YAML text that should fail and read back its problems — shared by the loader tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import policygen
from policygen import ValidationError

BASE = (Path(__file__).parent / "fixtures" / "minimal" / "policies" / "minimal.yaml").read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    """Return every problem of ``text`` (loaded as p.yaml) as printed."""
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="p.yaml")
    return [str(p) for p in info.value.problems]


def only(text: str) -> str:
    """Return the one problem of ``text``; fail if there are more or none."""
    lines = problems_of(text)
    assert len(lines) == 1, lines
    return lines[0]
