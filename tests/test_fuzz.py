"""A few hundred seeded mutations of the shipped policies: none may crash the loader or resolver.

The same mutations, 20,000 of them, run with ``bench/fuzz.py``; a finding there is
reproduced with ``bench/fuzz.py --only N``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("policygen_fuzz", Path(__file__).parent.parent / "bench" / "fuzz.py")
assert _SPEC and _SPEC.loader
fuzz = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fuzz)

COUNT = 300


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return fuzz.seeds()


def test_mutations_differ_and_repeat(texts: list[str]) -> None:
    first = [fuzz.mutate(texts, 11, i) for i in range(20)]
    assert first == [fuzz.mutate(texts, 11, i) for i in range(20)]
    assert len(set(first)) == 20
    assert not set(first) & set(texts)


def test_no_mutation_crashes(texts: list[str]) -> None:
    findings = {}
    for index in range(COUNT):
        found = fuzz.check_one(fuzz.mutate(texts, 11, index))
        if found:
            findings[index] = found
    assert findings == {}


def test_a_crash_would_be_found() -> None:
    assert fuzz.check_one("format: 1\nid: [") is None
    found = fuzz.check_one(None)  # not text: an exception other than ValidationError
    assert found is not None and found.startswith("TypeError at ")
