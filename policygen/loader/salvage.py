"""The well-formed part of a policy that failed validation, for the rules across fields.

When some parts of a file have type errors, the rules across fields (ids,
references, dates) still run on the rest, so one run reports every problem.
Each broken node is dropped — the smallest enclosing optional key or list
entry — and the remainder validated again. Dropped list entries stay in the
working copy as a marker, so key paths found on the remainder are translated
back to the file's own indexes.
"""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from ..model import Policy
from ..model.rules import Finding, KeyPath, check_policy
from .messages import data_path

_ROUNDS = 8


class _Dropped:
    """Marks a list entry left out of the remainder."""


DROPPED = _Dropped()

# Values standing in for a broken required top-level key; the rules that read
# them are neutral to these values (see _placeholder for the dates).
_TOP_LEVEL = {"format": 1, "id": "x", "kind": "regulation", "title": "-", "version": "0.0", "owner": "-"}


def salvage_findings(data: dict[str, Any], errors: list[Any]) -> list[Finding]:
    """Return the cross-field findings on the well-formed parts of ``data``.

    ``errors`` are the Pydantic errors of ``data``; findings are in the key
    paths of ``data`` itself. Findings inside dropped parts are not returned.
    """
    work: dict[str, Any] = copy.deepcopy(data)
    dropped_ids: set[str] = set()
    dropped: list[KeyPath] = []
    policy: Policy | None = None
    for _ in range(_ROUNDS):
        kept: dict[int, list[int]] = {}  # per list, the indexes the errors of this round count in
        for err in errors:
            loc = _original(work, tuple(err["loc"]), kept)
            if not _repair(work, loc, err["type"], dropped_ids, dropped):
                return []
        try:
            policy = Policy.model_validate(_compact(work))
            break
        except PydanticValidationError as exc:
            errors = exc.errors(include_url=False)
    if policy is None:
        return []
    out = []
    kept = {}
    for finding in check_policy(policy):
        path = _original(work, finding.path, kept)
        if finding.severity != "error":
            continue  # a warning about what is left (an unused role) may only be missing its dropped user
        if any(d[: len(path)] == path for d in dropped):
            continue  # about a node that lost a broken part ("chapter is empty")
        if any(f"[[{ident}]]" in finding.message or f"'{ident}'" in finding.message for ident in dropped_ids):
            continue  # names something that exists but has a type error
        out.append(Finding(path, finding.message, finding.severity, finding.ref))
    return out


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not DROPPED]
    return value


def _original(work: Any, loc: tuple[Any, ...], memo: dict[int, list[int]]) -> KeyPath:
    """Return ``loc`` (indexes of the compacted data) in the indexes of ``work``.

    ``memo`` keeps each list's surviving indexes, computed once per round: all
    the errors of one validation count in the same compacted data, and
    recounting a list for each error was quadratic (10,000 bad entries: 40 s).
    """
    out: list[str | int] = []
    cur = work
    for part in loc:
        if isinstance(cur, list) and isinstance(part, int):
            if id(cur) not in memo:
                memo[id(cur)] = [i for i, v in enumerate(cur) if v is not DROPPED]
            kept = memo[id(cur)]
            if part >= len(kept):
                return tuple(out)
            out.append(kept[part])
            cur = cur[kept[part]]
        elif isinstance(cur, dict) and isinstance(part, str) and part in cur:
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str):
            out.append(part)  # a missing key or a validator tag: data_path sorts them out
            cur = None
        else:
            out.append(part)
    return tuple(out)


def _repair(work: dict[str, Any], loc: KeyPath, kind: str, dropped_ids: set[str], dropped: list[KeyPath]) -> bool:
    """Drop the smallest droppable node around the error at ``loc``; return False when none is."""
    path = data_path(loc, work)
    if kind == "extra_forbidden" and path:
        parent = _at(work, path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
            dropped.append(path)
            return True
    if kind == "missing" and len(loc) > len(path):
        path = (*path, loc[len(path)]) if isinstance(loc[len(path)], str) else path
    for depth in range(len(path), 0, -1):
        key = path[depth - 1]
        parent = _at(work, path[: depth - 1])
        if isinstance(key, int) and isinstance(parent, list):
            entry = parent[key]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                dropped_ids.add(entry["id"])
            parent[key] = DROPPED
            dropped.append(path[:depth])
            return True
        if isinstance(key, str) and isinstance(parent, dict):
            if not _required(path[: depth - 1], key):
                parent.pop(key, None)
                dropped.append(path[:depth])
                return True
            if depth == 1 and key in _TOP_LEVEL | {"issued": 0, "effective": 0}:
                parent[key] = _placeholder(work, key)
                dropped.append(path[:depth])
                return True
    return False


def _placeholder(work: dict[str, Any], key: str) -> Any:
    if key in ("issued", "effective"):
        other = work.get("effective" if key == "issued" else "issued")
        try:
            return other if isinstance(other, dt.date) else dt.date.fromisoformat(str(other))
        except ValueError:
            return dt.date(2000, 1, 1)
    return _TOP_LEVEL[key]


def _at(work: Any, path: KeyPath) -> Any:
    cur = work
    for part in path:
        cur = cur[part]
    return cur


def _required(parent_path: KeyPath, key: str) -> bool:
    """Return True when ``key`` is a required field of the model at ``parent_path``."""
    model: Any = Policy
    for part in parent_path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return True
        model = _element(field.annotation)
    if not _is_model(model):
        return True
    field = model.model_fields.get(key)
    return field is None or field.is_required() or key in getattr(model, "conditionally_required", ())


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _element(annotation: Any) -> Any:
    """Return the model inside ``list[X]``, ``X | None`` and the like, else the annotation."""
    for arg in typing.get_args(annotation) or ():
        if _is_model(arg):
            return arg
        inner = _element(arg)
        if _is_model(inner):
            return inner
    origin = typing.get_origin(annotation)
    if origin in (list, types.UnionType, typing.Union):
        return None
    return annotation


__all__ = ["salvage_findings"]
