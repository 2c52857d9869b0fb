"""Resolve a validated policy: numbering, references, labels and dates.

``resolve_policy`` is computed once per policy; every output format renders
the returned :class:`ResolvedDocument`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Article, Item, Policy
from ..model import refs as refsyntax
from ..model.rules import iter_article_paths
from .document import (
    ResolvedArticle,
    ResolvedChange,
    ResolvedChannel,
    ResolvedChapter,
    ResolvedDocument,
    ResolvedItem,
    ResolvedParagraph,
    ResolvedPart,
    ResolvedRole,
    ResolvedSection,
    RichText,
    Span,
)
from .issue import IssueDefaults, masthead_of, printed_date, resolve_attachments, resolve_issuers
from .labels import format_date
from .locale import Locale, locale_for
from .numbering import NumberingStyle
from .targets import (
    Numbered,
    OtherPolicy,
    Target,
    anchor,
    chapter_id,
    iter_chapters_numbered,
    number_policy,
    other_policy,
    policy_locale,
)

THEMES = ("gbt9704", "modern")


def default_theme(language: str) -> str:
    """Return the theme used when neither policy nor project names one."""
    return locale_for(language).default_theme


def resolve_policy(
    policy: Policy,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    fallback_theme: str | None = None,
    issue_defaults: IssueDefaults | None = None,
    library: Mapping[str, Policy] | None = None,
    others: Mapping[str, OtherPolicy] | None = None,
) -> ResolvedDocument:
    """Return the policy with every article numbered and every reference replaced.

    The theme is ``theme`` when given (an override), else the policy's own, else
    ``fallback_theme`` (the project's), else the language's default.
    ``issue_defaults`` are the project's issuers and printing office;
    ``library`` holds the policies that ``attachments: - policy:`` may name.
    ``others`` are the project's other policies, for ``[[policy-id]]`` and
    ``[[policy-id#article-id]]`` (see :func:`index_policies`).
    """
    loc = policy_locale(policy)
    style = loc.style(policy.kind)
    labels = dict(loc.labels)
    org = policy.organisation or organisation or labels["org_fallback"]
    targets, numbered = number_policy(policy, loc)
    targets[refsyntax.ORG] = Target(org, None)
    for role in policy.roles:
        targets.setdefault(role.id, Target(role.name, None))
    for channel in policy.channels:
        targets.setdefault(channel.id, Target(channel.value, None))
    r = _Resolver(policy, loc, style, targets, numbered, others or {})

    parts = [
        ResolvedPart(part.id or f"part-{n}", anchor(policy.id, part.id or f"part-{n}"), n, style.part_label(n), part.title)
        for n, part in enumerate(policy.parts, policy.first_part or 1)
    ]
    chapters = []
    previous_part: int | None = None
    for c_no, p_index, chapter in iter_chapters_numbered(policy):
        cid = chapter_id(chapter, c_no)
        sections = []
        for s_no, section in enumerate(chapter.sections, 1):
            sid = section.id or f"section-{c_no}-{s_no}"
            sections.append(
                ResolvedSection(sid, anchor(policy.id, sid), s_no, style.section_label(s_no), section.title,
                                [r.article(a, cid, sid) for a in section.articles])
            )
        chapters.append(
            ResolvedChapter(
                cid, anchor(policy.id, cid), c_no, style.chapter_label(c_no), chapter.title,
                r.text(chapter.text) if chapter.text else None, chapter.show, sections,
                [r.article(a, cid, None) for a in chapter.articles],
                part=parts[p_index] if p_index is not None else None,
                opens_part=p_index is not None and p_index != previous_part,
            )
        )
        previous_part = p_index
        if p_index is not None:
            parts[p_index].chapters.append(chapters[-1])
    top_articles = [r.article(a, None, None) for a in policy.articles]
    issuers = resolve_issuers(policy, issue_defaults, f"{org}{policy.owner}" if policy.language != "en" else org, org)
    attachments = resolve_attachments(
        policy, labels, library,
        lambda other: resolve_policy(other, organisation=organisation, theme=theme, fallback_theme=fallback_theme),
    )
    printed_by = policy.printed_by or (issue_defaults.printed_by if issue_defaults else None) or issuers[0].name
    status_label = labels[f"st_{policy.status}"]
    watermark = status_label if policy.status in ("draft", "review", "superseded", "withdrawn") else None
    return ResolvedDocument(
        id=policy.id,
        kind=policy.kind,
        language=policy.language,
        html_lang=loc.html_lang,
        theme=theme or policy.theme or fallback_theme or loc.default_theme,
        title=policy.title,
        version=policy.version,
        status=policy.status,
        status_label=status_label,
        watermark=watermark,
        issued=format_date(policy.issued, policy.language),
        effective=format_date(policy.effective, policy.language),
        review_by=format_date(policy.review_by, policy.language),
        issued_iso=policy.issued.isoformat(),
        doc_number=policy.doc_number,
        owner=policy.owner,
        approved_by=policy.approved_by,
        organisation=org,
        recipients=list(policy.recipients),
        cc=list(policy.cc),
        preamble=[r.text(t) for t in policy.preamble],
        closing=[r.text(t) for t in policy.closing],
        changelog=[ResolvedChange(e.version, format_date(e.date, policy.language), e.summary) for e in policy.changelog],
        roles=[ResolvedRole(x.id, x.name, [r.text(d) for d in x.duties]) for x in policy.roles],
        channels=[
            ResolvedChannel(ch.id, ch.type, labels[f"ch_{ch.type}"], ch.name, ch.value, ch.hours)
            for ch in policy.channels
        ],
        chapters=chapters,
        articles=top_articles,
        labels=labels,
        issuers=issuers,
        masthead=masthead_of(issuers),
        signed=format_date(policy.signed or policy.issued, policy.language),
        attachments=attachments,
        printed_by=printed_by,
        printed=format_date(printed_date(policy), policy.language),
        parts=parts,
        convention=loc.convention.name,
    )


def index_policies(policies: list[Policy], *, link: bool = True) -> dict[str, OtherPolicy]:
    """Return the policies of a project by id, as cross-policy references print them.

    ``link`` keeps the anchors (a booklet, where every policy is present);
    without it references print the same words but link nowhere.
    """
    return {p.id: other_policy(p, link=link) for p in policies}


def article_ids(policy: Policy) -> list[str]:
    """Return the id of every article (generated ids for unnamed ones), in order."""
    return [a.id or f"article-{n}" for n, (_, a) in enumerate(iter_article_paths(policy), 1)]


class _Resolver:
    def __init__(
        self,
        policy: Policy,
        locale: Locale,
        style: NumberingStyle,
        targets: dict[str, Target],
        numbered: list[Numbered],
        others: Mapping[str, OtherPolicy],
    ) -> None:
        self.policy = policy
        self.locale = locale
        self.style = style
        self.targets = targets
        self.numbered = numbered
        self.others = others
        self.role_names = {r.id: r.name for r in policy.roles}
        self.seq = 0
        self.chapter_counts = {
            chapter_id(c, n): sum(len(s.articles) for s in c.sections) + len(c.articles)
            for n, _, c in iter_chapters_numbered(policy)
        }

    def _target(self, ref: refsyntax.Ref) -> Target | None:
        if ref.policy is None and ref.id in self.targets:
            return self.targets[ref.id]
        other = self.others.get(ref.policy or ref.id)
        if other is None:
            return None
        if ref.policy is None:
            return Target(self.locale.policy_ref(other.title), other.anchor)
        inner = other.targets.get(ref.target)
        if inner is None:
            return None
        return Target(self.locale.policy_ref(other.title, inner.label), inner.anchor)

    def text(self, text: str) -> RichText:
        spans: list[Span] = []
        for piece in refsyntax.split(text):
            if isinstance(piece, str):
                spans.append(Span(piece))
            else:
                target = self._target(piece)
                spans.append(Span(target.label, target.anchor) if target else Span(f"[[{piece.id}]]"))
        return RichText(spans)

    def items(self, items: list[Item], level: int, shifted: bool = False) -> list[ResolvedItem]:
        return [
            ResolvedItem(self._item_label(level, n, shifted), self.text(item.text), level, self.items(item.items, level + 1, shifted))
            for n, item in enumerate(items, 1)
        ]

    def _item_label(self, level: int, n: int, shifted: bool) -> str:
        if not shifted:
            return self.style.item_label(level, n)
        return self.style.fmt("{n}.", n) if level == 0 else self.style.item_label(level - 1, n)

    def _ladder_shift(self, chapter_id: str | None, section_id: str | None) -> bool:
        """Return True when a Chinese notice's article sits right under 一、: it is （一）, its items 1.

        GB/T 9704 7.3.3 numbers the levels 一、（一）1.（1） in turn, never skipping one.
        """
        return (
            not self.style.continuous_articles
            and self.policy.language != "en"
            and chapter_id is not None
            and section_id is None
        )

    def article(self, article: Article, chapter_id: str | None, section_id: str | None) -> ResolvedArticle:
        numbered = self.numbered[self.seq]
        self.seq += 1
        aid = article.id or f"article-{self.seq}"
        shifted = self._ladder_shift(chapter_id, section_id)
        label = self.style.section_label(numbered.number) if shifted else numbered.label
        depth = 2 if shifted else 3
        if not self.style.continuous_articles and self.chapter_counts.get(chapter_id or "") == 1:
            label = ""  # a notice part with a single point is not numbered
        if article.deleted:
            paragraphs = [ResolvedParagraph(RichText([Span(self.locale.deleted_mark)]))]
        else:
            paragraphs = [ResolvedParagraph(self.text(article.text or ""), self.items(article.items, 0, shifted))]
            paragraphs += [ResolvedParagraph(self.text(p.text), self.items(p.items, 0, shifted)) for p in article.paragraphs]
        return ResolvedArticle(
            id=aid,
            anchor=anchor(self.policy.id, aid),
            number=numbered.number,
            label=label,
            ref_label=self.targets[aid].label if aid in self.targets else label,
            title=None if article.deleted else article.title,
            paragraphs=paragraphs,
            roles=list(article.roles),
            role_names=[self.role_names.get(r, r) for r in article.roles],
            note=article.note,
            chapter_id=chapter_id,
            section_id=section_id,
            depth=depth if not self.style.continuous_articles else 0,
            sub=numbered.sub,
            deleted=article.deleted,
        )


__all__ = [
    "THEMES",
    "IssueDefaults",
    "OtherPolicy",
    "ResolvedDocument",
    "article_ids",
    "default_theme",
    "index_policies",
    "resolve_policy",
]
