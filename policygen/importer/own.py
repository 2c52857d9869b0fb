"""Tables policygen itself prints (修订记录, 岗位职责, 联系渠道): back to changelog, roles and channels."""

from __future__ import annotations

from typing import Any

from ..resolver.labels import LABELS
from .metadata import parse_date
from .tree import Block, Draft


def _headers(kind: str) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for labels in LABELS.values():
        cols = {"changelog": ("col_version", "col_date", "col_summary"), "roles": ("col_role", "col_duties"),
                "channels": ("col_type", "col_name", "col_value", "col_hours")}[kind]
        out[tuple(labels[c] for c in cols)] = labels[kind]
    return out


def own_table(rows: list[list[str]]) -> str | None:
    """Return changelog | roles | channels when ``rows`` is a table policygen prints, else None."""
    if not rows:
        return None
    head = tuple(c.strip() for c in rows[0])
    for kind in ("changelog", "roles", "channels"):
        if head in _headers(kind):
            return kind
    return None


def own_heading(block: Block) -> bool:
    """Return whether ``block`` is the heading policygen prints above one of its own tables."""
    titles = {labels[k] for labels in LABELS.values() for k in ("changelog", "roles", "channels")}
    return block.text.strip() in titles


def take_own_table(draft: Draft, kind: str, rows: list[list[str]], language: str) -> None:
    """Store the rows of a policygen table as changelog entries, roles or channels of ``draft``."""
    body = rows[1:]
    if kind == "changelog":
        for row in body:
            date = parse_date(row[1]) if len(row) > 1 else None
            if len(row) >= 3 and date:
                draft.changelog.append({"version": row[0], "date": date, "summary": row[2]})
    elif kind == "roles":
        for n, row in enumerate(body, 1):
            duties = [d for d in (row[1].split("\n") if len(row) > 1 else []) if d.strip()]
            draft.roles.append({"id": f"role-{n}", "name": row[0], "duties": duties})
    else:
        types = {labels[f"ch_{t}"]: t for labels in LABELS.values()
                 for t in ("phone", "email", "website", "social", "im", "address", "other")}
        for n, row in enumerate(body, 1):
            row = row + [""] * (4 - len(row))
            channel: dict[str, Any] = {"id": f"channel-{n}", "type": types.get(row[0], "other"),
                                       "name": row[1], "value": row[2]}
            if row[3]:
                channel["hours"] = row[3]
            draft.channels.append(channel)
