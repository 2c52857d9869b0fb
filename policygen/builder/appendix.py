"""Appendices of the booklet: role index, channel directory, revision history."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..resolver.document import ResolvedDocument


@dataclass
class RoleRow:
    policy_id: str
    policy_title: str
    label: str
    text: str


@dataclass
class RoleEntry:
    """Everything that binds one role across policies: who must do what."""

    key: str
    name: str
    rows: list[RoleRow] = field(default_factory=list)


@dataclass
class ChannelEntry:
    """One channel, merged by value across policies."""

    value: str
    type_label: str
    names: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)


@dataclass
class RevisionEntry:
    title: str
    version: str
    issued: str
    effective: str
    status: str
    changelog: list = field(default_factory=list)  # type: ignore[type-arg]


@dataclass
class Appendix:
    """The appendices, or a slice of them laid out as one booklet part.

    A slice holds some roles of the role index (``roles_heading`` when it
    opens the index) and, in the last slice, the channel directory and the
    revision history (``tail``).
    """

    roles: list[RoleEntry]
    channels: list[ChannelEntry]
    revisions: list[RevisionEntry]
    roles_heading: bool = True
    tail: bool = True


#: rows of the role index per booklet part: an edit re-lays out about this many rows, not all of them
ROLE_ROWS_PER_PART = 60


def split_appendix(appendix: Appendix, rows_per_part: int = ROLE_ROWS_PER_PART) -> list[Appendix]:
    """Return ``appendix`` cut into parts at role boundaries, each of about ``rows_per_part`` rows.

    Each part after the first starts on a new page (at a role's heading); the
    channel directory and revision history ride with the last part.
    """
    groups: list[list[RoleEntry]] = [[]]
    count = 0
    for role in appendix.roles:
        if groups[-1] and count + len(role.rows) > rows_per_part:
            groups.append([])
            count = 0
        groups[-1].append(role)
        count += len(role.rows)
    last = len(groups) - 1
    return [
        Appendix(roles, appendix.channels if i == last else [], appendix.revisions if i == last else [],
                 roles_heading=i == 0, tail=i == last)
        for i, roles in enumerate(groups)
    ]


def role_key(name: str) -> str:
    """Return the key roles are merged by across policies: the display name."""
    return "".join(name.split())


def build_appendix(docs: list[ResolvedDocument]) -> Appendix:
    """Return the role index, channel directory and revision history of ``docs``."""
    roles: dict[str, RoleEntry] = {}
    for doc in docs:
        names = {r.id: r.name for r in doc.roles}
        for role in doc.roles:
            entry = roles.setdefault(role_key(role.name), RoleEntry(role_key(role.name), role.name))
            for duty in role.duties:
                entry.rows.append(RoleRow(doc.id, doc.title, doc.labels["col_duties"], duty.plain))
        for article in doc.iter_articles():
            if article.deleted:
                continue  # a deleted article binds no one
            for rid in article.roles:
                name = names.get(rid, rid)
                entry = roles.setdefault(role_key(name), RoleEntry(role_key(name), name))
                text = " ".join(p.text.plain for p in article.paragraphs)
                label = article.ref_label or article.label
                entry.rows.append(RoleRow(doc.id, doc.title, label, _shorten(text)))
    channels: dict[str, ChannelEntry] = {}
    for doc in docs:
        for ch in doc.channels:
            key = "".join(ch.value.lower().split())
            channel = channels.setdefault(key, ChannelEntry(ch.value, ch.type_label))
            if ch.name not in channel.names:
                channel.names.append(ch.name)
            if ch.hours and ch.hours not in channel.hours:
                channel.hours.append(ch.hours)
            if doc.title not in channel.policies:
                channel.policies.append(doc.title)
    revisions = [
        RevisionEntry(d.title, d.version, d.issued, d.effective, d.status_label, list(d.changelog)) for d in docs
    ]
    return Appendix(list(roles.values()), list(channels.values()), revisions)


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
