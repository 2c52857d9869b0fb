"""Order-preserving alignment of two keyed sequences (longest increasing subsequence)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Return a longest strictly increasing subsequence of ``values`` (O(n log n))."""
    tails: list[int] = []  # tails[k] = index in values of the smallest tail of a run of length k+1
    tail_values: list[int] = []
    parent: list[int] = [-1] * len(values)
    for n, v in enumerate(values):
        k = bisect_left(tail_values, v)
        if k:
            parent[n] = tails[k - 1]
        if k == len(tails):
            tails.append(n)
            tail_values.append(v)
        else:
            tails[k] = n
            tail_values[k] = v
    out: list[int] = []
    n = tails[-1] if tails else -1
    while n >= 0:
        out.append(values[n])
        n = parent[n]
    return out[::-1]


def align(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[int | None, int | None]]:
    """Return the merge of two sequences of unique keys as (old index, new index) steps.

    Keys present in both and in the same relative order are paired; every
    other element appears alone (old-only first, then new-only, between two
    pairs). Reading the old indices in order gives ``old``; the new, ``new``.
    """
    where = {k: i for i, k in enumerate(old)}
    common = [(where[k], j) for j, k in enumerate(new) if k in where]
    kept = set(longest_increasing([i for i, _ in common]))
    anchors = [(i, j) for i, j in common if i in kept]
    steps: list[tuple[int | None, int | None]] = []
    oi = nj = 0
    for i, j in anchors + [(len(old), len(new))]:
        steps.extend((k, None) for k in range(oi, i))
        steps.extend((None, k) for k in range(nj, j))
        if i < len(old):
            steps.append((i, j))
        oi, nj = i + 1, j + 1
    return steps
