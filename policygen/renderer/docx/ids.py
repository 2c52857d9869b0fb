"""Names that tie a .docx to its policy: bookmarks of nodes and anchors, and the source hash."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...model import Policy


def node_bookmark(kind: str, ident: str) -> str:
    """Return the bookmark enclosing the heading of a policy node: ``_pg`` + 12 hex digits of sha1("kind:id")."""
    return "_pg" + hashlib.sha1(f"{kind}:{ident}".encode()).hexdigest()[:12]


def source_hash(policy: Policy) -> str:
    """Return the sha256 (hex) of the policy's canonical JSON, as recorded in its .docx."""
    data = json.dumps(
        policy.model_dump(mode="json", exclude_none=True),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def bookmark_name(anchor: str) -> str:
    """Return the Word bookmark name of a resolved anchor (≤ 40 chars, hidden in Word's list)."""
    return "_pg" + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:20]
