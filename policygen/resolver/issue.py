"""Resolve the parts of an issued document: issuers, masthead, 落款, 附件, 版记.

Seal and attachment paths become absolute here (relative to the file that
named them); attached policies are resolved in place. Nothing is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import RenderError
from ..model import Issuer, Policy
from .document import ResolvedAttachment, ResolvedDocument, ResolvedIssuer, ResolvedMasthead
from .labels import format_date

MASTHEAD_SUFFIX = "文件"


@dataclass(frozen=True)
class IssueDefaults:
    """Project-level defaults: issuers (seals relative to ``base``) and the printing office."""

    issuers: tuple[Issuer, ...] = ()
    printed_by: str | None = None
    base: Path | None = None


def resolve_issuers(
    policy: Policy, defaults: IssueDefaults | None, fallback_name: str, fallback_masthead: str
) -> list[ResolvedIssuer]:
    """Return the issuers with absolute seal paths; without any, ``fallback_name`` signs under ``fallback_masthead``."""
    issuers: tuple[Issuer, ...]
    if policy.issuers:
        issuers, base = tuple(policy.issuers), _policy_base(policy)
    elif defaults and defaults.issuers:
        issuers, base = tuple(defaults.issuers), defaults.base or Path.cwd()
    else:
        return [ResolvedIssuer(fallback_name, fallback_masthead, None)]
    return [
        ResolvedIssuer(i.name, i.masthead or i.name, str((base / i.seal).resolve()) if i.seal else None)
        for i in issuers
    ]


def masthead_of(issuers: list[ResolvedIssuer]) -> ResolvedMasthead:
    """Return the masthead lines: one issuer as written; 联合行文 stacks names with 文件 beside them."""
    if len(issuers) == 1:
        return ResolvedMasthead([issuers[0].masthead], "")
    suffix = MASTHEAD_SUFFIX if any(i.masthead.endswith(MASTHEAD_SUFFIX) for i in issuers) else ""
    names = [i.masthead[: -len(MASTHEAD_SUFFIX)] if suffix and i.masthead.endswith(MASTHEAD_SUFFIX) else i.masthead for i in issuers]
    return ResolvedMasthead(names, suffix)


def resolve_attachments(
    policy: Policy,
    labels: dict[str, str],
    library: Mapping[str, Policy] | None,
    resolve: Callable[[Policy], ResolvedDocument],
) -> list[ResolvedAttachment]:
    """Return the attachments numbered 1…N; the changelog becomes the last one when it has two entries or more."""
    base = _policy_base(policy)
    out: list[ResolvedAttachment] = []
    for n, a in enumerate(policy.attachments, 1):
        document = None
        if a.policy:
            other = (library or {}).get(a.policy)
            if other is None:
                raise RenderError(
                    f"attachment '{a.title}': policy '{a.policy}' is not loaded — build from the project folder so that it is found"
                )
            document = resolve(other)
        out.append(
            ResolvedAttachment(
                number=n,
                label="",
                title=a.title,
                kind=a.sources[0] if a.sources else "table",
                columns=list(a.table.columns) if a.table else [],
                rows=[list(r) for r in a.table.rows] if a.table else [],
                document=document,
                file=str((base / a.file).resolve()) if a.file else None,
            )
        )
    if policy.kind == "notice" and len(policy.changelog) > 1:
        out.append(
            ResolvedAttachment(
                number=len(out) + 1, label="", title=labels["changelog"], kind="changelog",
                columns=[labels["col_version"], labels["col_date"], labels["col_summary"]],
                rows=[[e.version, format_date(e.date, policy.language), e.summary] for e in policy.changelog],
            )
        )
    word = labels["attachment"]
    sep = " " if policy.language == "en" else ""
    for att in out:
        att.label = f"{word}{sep}{att.number}" if len(out) > 1 else word
    return out


def printed_date(policy: Policy) -> dt.date:
    """Return the 印发日期: ``printed``, else the issue date."""
    return policy.printed or policy.issued


def _policy_base(policy: Policy) -> Path:
    return Path(policy.source_path).parent if policy.source_path else Path.cwd()
