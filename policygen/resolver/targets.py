"""The numbering pass: the printed label and anchor of every part, chapter, section and article.

Regulations number chapters and articles continuously through the whole
policy, parts included, from ``first_chapter`` / ``first_article``; an
``inserted`` article takes the number of the regular article before it plus
之一, 之二 …, so nothing after it shifts. Notices restart their points in every
part.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..model import Article, Chapter, Policy
from .locale import Locale, locale_for


@dataclass(frozen=True)
class Target:
    """What a reference to an id prints, and where it links (None: nowhere)."""

    label: str
    anchor: str | None


@dataclass(frozen=True)
class Numbered:
    """An article's place: its number, its 之N (0 for a regular article) and its labels."""

    number: int
    sub: int
    label: str
    ref_label: str


@dataclass(frozen=True)
class OtherPolicy:
    """Another policy of the project, as references to it print: its title and its ids' labels."""

    id: str
    title: str
    targets: Mapping[str, Target]
    anchor: str | None  # the policy's own anchor (its title), when linked


def anchor(policy_id: str, ident: str) -> str:
    """Return the HTML/DOCX anchor of an id inside a policy."""
    return f"{policy_id}--{ident}"


def policy_locale(policy: Policy) -> Locale:
    """Return the locale a policy is written and numbered in."""
    return locale_for(policy.language, policy.convention)


def iter_chapters_numbered(policy: Policy) -> Iterator[tuple[int, int | None, Chapter]]:
    """Yield (chapter number, part index or None, chapter), numbering on through the parts."""
    c_no = (policy.first_chapter or 1) - 1
    for p, part in enumerate(policy.parts):
        for chapter in part.chapters:
            c_no += 1
            yield c_no, p, chapter
    for chapter in policy.chapters:
        c_no += 1
        yield c_no, None, chapter


def chapter_id(chapter: Chapter, c_no: int) -> str:
    return chapter.id or f"chapter-{c_no}"


def number_policy(policy: Policy, locale: Locale | None = None) -> tuple[dict[str, Target], list[Numbered]]:
    """Return (targets by id, the numbering of every article in document order)."""
    loc = locale or policy_locale(policy)
    style = loc.style(policy.kind)
    labels = loc.labels
    notice = not style.continuous_articles
    targets: dict[str, Target] = {}
    numbered: list[Numbered] = []
    p_first = policy.first_part or 1
    for p, part in enumerate(policy.parts):
        if part.id:
            targets[part.id] = Target(style.part_label(p_first + p), anchor(policy.id, part.id))
    counter = (policy.first_article or 1) - 1
    sub = 0
    seq = 0  # position in the whole policy: generated ids (article-N) follow article_ids()

    def add(article: Article, ref_of: str | None) -> None:
        nonlocal counter, sub, seq
        seq += 1
        if article.inserted and counter > 0:
            sub += 1
        else:
            counter, sub = counter + 1, 0
        label = style.article_label(counter, sub)
        ref = ref_of.format(n=counter) if ref_of else label
        aid = article.id or f"article-{seq}"
        targets.setdefault(aid, Target(ref, anchor(policy.id, aid)))
        numbered.append(Numbered(counter, sub, label, ref))

    for c_no, _, chapter in iter_chapters_numbered(policy):
        cid = chapter_id(chapter, c_no)
        if notice:
            chapter_ref = labels["ref_notice_chapter"].format(cn=loc.numeral(c_no), n=c_no)
        else:
            chapter_ref = style.chapter_label(c_no)
        targets[cid] = Target(chapter_ref, anchor(policy.id, cid))
        for s_no, section in enumerate(chapter.sections, 1):
            if section.id:
                targets[section.id] = Target(style.section_label(s_no), anchor(policy.id, section.id))
        if notice:
            counter, sub = 0, 0
        ref_of = labels["ref_notice_article"].replace("{cn}", loc.numeral(c_no)).replace("{c}", str(c_no)) if notice else None
        for section_articles in [s.articles for s in chapter.sections] + [chapter.articles]:
            if notice and chapter.sections:
                counter, sub = 0, 0  # a notice's 1. 2. restart under each （一）
            for article in section_articles:
                add(article, ref_of)
    for article in policy.articles:
        add(article, None)
    return targets, numbered


def other_policy(policy: Policy, *, link: bool) -> OtherPolicy:
    """Return how references from other policies print ``policy``; ``link`` keeps the anchors."""
    targets, _ = number_policy(policy)
    if not link:
        targets = {k: Target(t.label, None) for k, t in targets.items()}
    return OtherPolicy(policy.id, policy.title, targets, policy.id if link else None)
