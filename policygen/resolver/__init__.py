"""Resolve a validated policy: numbering, references, labels and dates.

``resolve_policy`` is computed once per policy; every output format renders
the returned :class:`ResolvedDocument`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
    ResolvedRole,
    ResolvedSection,
    RichText,
    Span,
)
from .issue import IssueDefaults, masthead_of, printed_date, resolve_attachments, resolve_issuers
from .labels import format_date, labels_for
from .numbering import NumberingStyle, _fmt, style_for
from .numerals import to_chinese

HTML_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en"}
THEMES = ("gbt9704", "modern")


@dataclass(frozen=True)
class Target:
    label: str
    anchor: str | None


def default_theme(language: str) -> str:
    """Return the theme used when neither policy nor project names one."""
    return "modern" if language == "en" else "gbt9704"


def resolve_policy(
    policy: Policy,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    fallback_theme: str | None = None,
    issue_defaults: IssueDefaults | None = None,
    library: Mapping[str, Policy] | None = None,
) -> ResolvedDocument:
    """Return the policy with every article numbered and every reference replaced.

    The theme is ``theme`` when given (an override), else the policy's own, else
    ``fallback_theme`` (the project's), else the language's default.
    ``issue_defaults`` are the project's issuers and printing office;
    ``library`` holds the policies that ``attachments: - policy:`` may name.
    """
    style = style_for(policy.kind, policy.language)
    labels = labels_for(policy.language)
    org = policy.organisation or organisation or labels["org_fallback"]
    targets = _number(policy, style, labels)
    targets[refsyntax.ORG] = Target(org, None)
    for role in policy.roles:
        targets.setdefault(role.id, Target(role.name, None))
    for channel in policy.channels:
        targets.setdefault(channel.id, Target(channel.value, None))
    r = _Resolver(policy, style, targets)

    chapters = []
    for c_no, chapter in enumerate(policy.chapters, 1):
        sections = []
        for s_no, section in enumerate(chapter.sections, 1):
            sid = section.id or f"section-{c_no}-{s_no}"
            sections.append(
                ResolvedSection(sid, _anchor(policy.id, sid), s_no, style.section_label(s_no), section.title,
                                [r.article(a, chapter.id, sid) for a in section.articles])
            )
        cid = chapter.id or f"chapter-{c_no}"
        chapters.append(
            ResolvedChapter(
                cid, _anchor(policy.id, cid), c_no, style.chapter_label(c_no), chapter.title,
                r.text(chapter.text) if chapter.text else None, chapter.show, sections,
                [r.article(a, cid, None) for a in chapter.articles],
            )
        )
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
        html_lang=HTML_LANG[policy.language],
        theme=theme or policy.theme or fallback_theme or default_theme(policy.language),
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
    )


def _anchor(policy_id: str, ident: str) -> str:
    return f"{policy_id}--{ident}"


def article_ids(policy: Policy) -> list[str]:
    """Return the id of every article (generated ids for unnamed ones), in order."""
    return [a.id or f"article-{n}" for n, (_, a) in enumerate(iter_article_paths(policy), 1)]


def _number(policy: Policy, style: NumberingStyle, labels: dict[str, str]) -> dict[str, Target]:
    """Return the printed label and anchor of every chapter, section and article."""
    targets: dict[str, Target] = {}
    notice = not style.continuous_articles
    counter = 0
    seq = 0  # position in the whole policy: generated ids (article-N) follow article_ids()
    for c_no, chapter in enumerate(policy.chapters, 1):
        cid = chapter.id or f"chapter-{c_no}"
        if notice:
            chapter_ref = labels["ref_notice_chapter"].format(cn=to_chinese(c_no), n=c_no)
        else:
            chapter_ref = style.chapter_label(c_no)
        targets[cid] = Target(chapter_ref, _anchor(policy.id, cid))
        for s_no, section in enumerate(chapter.sections, 1):
            if section.id:
                targets[section.id] = Target(style.section_label(s_no), _anchor(policy.id, section.id))
        if notice:
            counter = 0
        for section_articles in [s.articles for s in chapter.sections] + [chapter.articles]:
            for article in section_articles:
                counter += 1
                seq += 1
                if notice:
                    ref = labels["ref_notice_article"].format(cn=to_chinese(c_no), c=c_no, n=counter)
                else:
                    ref = style.article_label(counter)
                _add_article(targets, policy.id, article, counter, seq, ref)
    for article in policy.articles:
        counter += 1
        seq += 1
        _add_article(targets, policy.id, article, counter, seq, style.article_label(counter))
    return targets


def _add_article(targets: dict[str, Target], policy_id: str, article: Article, n: int, seq: int, ref: str) -> None:
    aid = article.id or f"article-{seq}"
    targets.setdefault(aid, Target(ref, _anchor(policy_id, aid)))
    object.__setattr__(article, "_pg_number", n)


class _Resolver:
    def __init__(self, policy: Policy, style: NumberingStyle, targets: dict[str, Target]) -> None:
        self.policy = policy
        self.style = style
        self.targets = targets
        self.role_names = {r.id: r.name for r in policy.roles}
        self.counter = 0
        self.unnamed = 0

    def text(self, text: str) -> RichText:
        spans: list[Span] = []
        for piece in refsyntax.split(text):
            if isinstance(piece, str):
                spans.append(Span(piece))
            else:
                target = self.targets.get(piece.id)
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
        return _fmt("{n}.", n) if level == 0 else self.style.item_label(level - 1, n)

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
        self.unnamed += 1
        if not self.style.continuous_articles and chapter_id != getattr(self, "_chapter", None):
            self.counter = 0
            self._chapter = chapter_id
        self.counter += 1
        number = self.counter
        aid = article.id or f"article-{self.unnamed}"
        shifted = self._ladder_shift(chapter_id, section_id)
        label = self.style.section_label(number) if shifted else self.style.article_label(number)
        depth = 2 if shifted else 3
        if not self.style.continuous_articles and self._lone_in_chapter(chapter_id):
            label = ""  # a notice part with a single point is not numbered
        paragraphs = [ResolvedParagraph(self.text(article.text), self.items(article.items, 0, shifted))]
        paragraphs += [ResolvedParagraph(self.text(p.text), self.items(p.items, 0, shifted)) for p in article.paragraphs]
        return ResolvedArticle(
            id=aid,
            anchor=_anchor(self.policy.id, aid),
            number=number,
            label=label,
            ref_label=self.targets[aid].label if aid in self.targets else label,
            title=article.title,
            paragraphs=paragraphs,
            roles=list(article.roles),
            role_names=[self.role_names.get(r, r) for r in article.roles],
            note=article.note,
            chapter_id=chapter_id,
            section_id=section_id,
            depth=depth if not self.style.continuous_articles else 0,
        )

    def _lone_in_chapter(self, chapter_id: str | None) -> bool:
        for c_no, chapter in enumerate(self.policy.chapters, 1):
            if (chapter.id or f"chapter-{c_no}") == chapter_id:
                return sum(len(s.articles) for s in chapter.sections) + len(chapter.articles) == 1
        return False


__all__ = ["THEMES", "IssueDefaults", "ResolvedDocument", "article_ids", "default_theme", "resolve_policy"]
