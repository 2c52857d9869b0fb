"""Compare two versions of a policy: what was added, deleted, amended, moved, renumbered.

Articles are matched by id, so renumbering alone is not a change; articles
without an id fall back to matching by identical text, then by position in
their chapter. Labels (第五条 → 第六条) come from the resolved documents.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import Any

from ..model import Article, Item, Policy
from ..resolver import ResolvedDocument, resolve_policy
from ..resolver.document import ResolvedArticle, ResolvedItem
from .align import longest_increasing
from .changes import ArticleChange, ArticleInfo, ChangeSet, MetaChange, StructureChange, VersionInfo
from .chardiff import diff_chars, diff_lines


def diff_policies(
    old: Policy,
    new: Policy,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    fallback_theme: str | None = None,
) -> ChangeSet:
    """Return the change set from ``old`` to ``new`` (two versions of one policy).

    ``organisation`` and ``theme`` are the project defaults used to resolve both
    versions (they fill ``[[org]]`` and pick the comparison table's theme);
    ``fallback_theme`` is used where a policy names no theme (the project's).
    """
    old_doc = resolve_policy(old, organisation=organisation, theme=theme, fallback_theme=fallback_theme)
    new_doc = resolve_policy(new, organisation=organisation, theme=theme, fallback_theme=fallback_theme)
    old_ch, new_ch, structure = _match_structure(old, new, old_doc, new_doc)
    old_infos = _infos(old, old_doc, old_ch)
    new_infos = _infos(new, new_doc, new_ch)
    pairs = _match_articles(old.iter_articles(), new.iter_articles(), old_infos, new_infos)
    articles = _compare(old.iter_articles(), new.iter_articles(), old_infos, new_infos, pairs)
    structure = _place_structure(structure, articles)
    return ChangeSet(
        old=_version(old), new=_version(new),
        metadata=_metadata(old, new), structure=structure, articles=articles,
        old_document=old_doc, new_document=new_doc, old_policy=old, new_policy=new,
        old_unit_keys=old_ch, new_unit_keys=new_ch,
    )


def _version(p: Policy) -> VersionInfo:
    return VersionInfo(p.id, p.title, p.version, p.language, p.status, p.issued.isoformat())


def article_lines(article: ResolvedArticle) -> list[str]:
    """Return the article's paragraphs and items as printed, one string each."""
    out: list[str] = []

    def items(entries: list[ResolvedItem]) -> None:
        for item in entries:
            out.append(f"{item.label}{item.text.plain}")
            items(item.items)

    for para in article.paragraphs:
        out.append(para.text.plain)
        items(para.items)
    return out


def _canon(article: Article) -> str:
    return json.dumps(article.model_dump(include={"title", "text", "items", "paragraphs"}), ensure_ascii=False,
                      sort_keys=True)


# --- chapters and sections --------------------------------------------------


def _pair_units(old: list[tuple[str | None, str]], new: list[tuple[str | None, str]]) -> dict[int, int]:
    """Return old index → new index for units given as (explicit id, title): id, then title, then order."""
    pairs: dict[int, int] = {}
    new_ids = {ident: j for j, (ident, _) in enumerate(new) if ident}
    for i, (ident, _) in enumerate(old):
        if ident and ident in new_ids:
            pairs[i] = new_ids[ident]
    taken = set(pairs.values())
    for i, (ident, title) in enumerate(old):
        if ident or i in pairs:
            continue
        j = next((j for j, (nid, t) in enumerate(new) if not nid and j not in taken and t == title), None)
        if j is not None:
            pairs[i] = j
            taken.add(j)
    rest_old = [i for i, (ident, _) in enumerate(old) if not ident and i not in pairs]
    rest_new = [j for j, (ident, _) in enumerate(new) if not ident and j not in taken]
    pairs.update(zip(rest_old, rest_new, strict=False))
    return pairs


def _match_structure(
    old: Policy, new: Policy, old_doc: ResolvedDocument, new_doc: ResolvedDocument
) -> tuple[dict[str, str], dict[str, str], list[StructureChange]]:
    """Return common keys of chapters and sections (by resolved id) and their changes."""
    old_keys: dict[str, str] = {}
    new_keys: dict[str, str] = {}
    changes: list[StructureChange] = []
    pairs = _pair_units([(c.id, c.title) for c in old.chapters], [(c.id, c.title) for c in new.chapters])
    for i, oc in enumerate(old_doc.chapters):
        if i in pairs:
            nc = new_doc.chapters[pairs[i]]
            key = f"chapter:{nc.id}"
            old_keys[oc.id] = new_keys[nc.id] = key
            if oc.title != nc.title:
                changes.append(StructureChange("chapter", "renamed", key, oc.label, oc.title, nc.label, nc.title))
            elif oc.label != nc.label:
                changes.append(StructureChange("chapter", "renumbered", key, oc.label, oc.title, nc.label, nc.title))
            spairs = _pair_units([(s.id, s.title) for s in old.chapters[i].sections],
                                 [(s.id, s.title) for s in new.chapters[pairs[i]].sections])
            for si, osec in enumerate(oc.sections):
                if si in spairs:
                    nsec = nc.sections[spairs[si]]
                    skey = f"section:{nsec.id}"
                    old_keys[osec.id] = new_keys[nsec.id] = skey
                    if osec.title != nsec.title:
                        changes.append(StructureChange("section", "renamed", skey, f"{oc.label}{osec.label}",
                                                       osec.title, f"{nc.label}{nsec.label}", nsec.title))
                else:
                    old_keys[osec.id] = f"old-section:{osec.id}"
                    changes.append(StructureChange("section", "removed", old_keys[osec.id],
                                                   old_label=f"{oc.label}{osec.label}", old_title=osec.title))
            matched = set(spairs.values())
            for sj, nsec in enumerate(nc.sections):
                if sj not in matched:
                    new_keys[nsec.id] = f"new-section:{nsec.id}"
                    changes.append(StructureChange("section", "added", new_keys[nsec.id],
                                                   new_label=f"{nc.label}{nsec.label}", new_title=nsec.title))
        else:
            old_keys[oc.id] = f"old-chapter:{oc.id}"
            for osec in oc.sections:
                old_keys[osec.id] = f"old-section:{osec.id}"
            changes.append(StructureChange("chapter", "removed", old_keys[oc.id], old_label=oc.label,
                                           old_title=oc.title))
    matched = set(pairs.values())
    for j, nc in enumerate(new_doc.chapters):
        if j not in matched:
            new_keys[nc.id] = f"new-chapter:{nc.id}"
            for nsec in nc.sections:
                new_keys[nsec.id] = f"new-section:{nsec.id}"
            changes.append(StructureChange("chapter", "added", new_keys[nc.id], new_label=nc.label,
                                           new_title=nc.title))
    return old_keys, new_keys, changes


def _place_structure(changes: list[StructureChange], articles: list[ArticleChange]) -> list[StructureChange]:
    """Return the structure changes with the position of their first article in the merged order."""
    first: dict[str, float] = {}
    for n, a in enumerate(articles):
        for info in (a.old, a.new):
            if info is None:
                continue
            for key in (info.chapter, info.section):
                if key is not None:
                    first.setdefault(key, n - 0.5)
    placed = [
        StructureChange(c.level, c.change, c.key, c.old_label, c.old_title, c.new_label, c.new_title,
                        first.get(c.key, len(articles)))
        for c in changes
    ]
    return sorted(placed, key=lambda c: (c.position, c.level != "chapter"))


# --- articles ---------------------------------------------------------------


def _infos(policy: Policy, doc: ResolvedDocument, keys: dict[str, str]) -> list[ArticleInfo]:
    headings: dict[str, str] = {c.id: c.heading for c in doc.chapters}
    out = []
    for n, (raw, ra) in enumerate(zip(policy.iter_articles(), doc.iter_articles(), strict=True)):
        out.append(
            ArticleInfo(
                id=raw.id, index=n, label=ra.label, ref_label=ra.ref_label or ra.label, title=ra.title,
                lines=tuple(article_lines(ra)),
                chapter=keys.get(ra.chapter_id, ra.chapter_id) if ra.chapter_id else None,
                chapter_heading=headings.get(ra.chapter_id or ""),
                section=keys.get(ra.section_id, ra.section_id) if ra.section_id else None,
                note=raw.note,
                deleted=raw.deleted,
            )
        )
    return out


def _match_articles(
    old: list[Article], new: list[Article], old_infos: list[ArticleInfo], new_infos: list[ArticleInfo]
) -> dict[int, int]:
    """Return old index → new index: by id, then (articles without id) by text, then by position."""
    pairs: dict[int, int] = {}
    new_ids = {a.id: j for j, a in enumerate(new) if a.id}
    for i, a in enumerate(old):
        if a.id and a.id in new_ids:
            pairs[i] = new_ids[a.id]
    taken = set(pairs.values())
    _match_renamed(old, new, pairs, taken)
    by_text: dict[str, list[int]] = {}
    for j, a in enumerate(new):
        if not a.id:
            by_text.setdefault(_canon(a), []).append(j)
    for i, a in enumerate(old):
        if a.id:
            continue
        candidates = [j for j in by_text.get(_canon(a), []) if j not in taken]
        if candidates:
            pairs[i] = candidates[0]
            taken.add(candidates[0])
    rest_old: dict[str | None, list[int]] = {}
    rest_new: dict[str | None, list[int]] = {}
    for i, a in enumerate(old):
        if not a.id and i not in pairs:
            rest_old.setdefault(old_infos[i].chapter, []).append(i)
    for j, a in enumerate(new):
        if not a.id and j not in taken:
            rest_new.setdefault(new_infos[j].chapter, []).append(j)
    for chapter, olds in rest_old.items():
        pairs.update(zip(olds, rest_new.get(chapter, []), strict=False))
    return pairs


RENAME_THRESHOLD = 0.8
"""Similarity (difflib ratio of the printed text) from which an article whose id changed is the same article."""
_RENAME_LIMIT = 400  # unmatched articles per side beyond which only identical texts pair (keeps diff near-linear)


def _text_of(article: Article) -> str:
    """Return the article's words: its text, items and paragraphs, one per line (no keys, no markup)."""
    lines = [str(article.text)]

    def items(entries: list[Item]) -> None:
        for item in entries:
            lines.append(str(item.text))
            items(item.items)

    items(article.items)
    for para in article.paragraphs:
        lines.append(str(para.text))
        items(para.items)
    return "\n".join(lines)


def _match_renamed(old: list[Article], new: list[Article], pairs: dict[int, int], taken: set[int]) -> None:
    """Pair articles whose id was renamed: identical text first, then text at least RENAME_THRESHOLD alike."""
    old_ids = {a.id for a in old if a.id}
    new_ids = {b.id for b in new if b.id}
    olds = [i for i, a in enumerate(old) if a.id and i not in pairs and a.id not in new_ids]
    news = [j for j, b in enumerate(new) if b.id and j not in taken and b.id not in old_ids]
    if not olds or not news:
        return
    texts_new = {j: _text_of(new[j]) for j in news}
    by_text: dict[str, list[int]] = {}
    for j in news:
        by_text.setdefault(texts_new[j], []).append(j)
    for i in olds:
        same = [j for j in by_text.get(_text_of(old[i]), []) if j not in taken]
        if same:
            pairs[i] = same[0]
            taken.add(same[0])
    olds = [i for i in olds if i not in pairs]
    news = [j for j in news if j not in taken]
    if not olds or not news or len(olds) > _RENAME_LIMIT or len(news) > _RENAME_LIMIT:
        return
    scored: list[tuple[float, int, int]] = []
    for i in olds:
        a = _text_of(old[i])
        for j in news:
            matcher = SequenceMatcher(None, a, texts_new[j], autojunk=False)
            if matcher.real_quick_ratio() < RENAME_THRESHOLD or matcher.quick_ratio() < RENAME_THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio >= RENAME_THRESHOLD:
                scored.append((ratio, i, j))
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def _compare(
    old: list[Article], new: list[Article], old_infos: list[ArticleInfo], new_infos: list[ArticleInfo],
    pairs: dict[int, int],
) -> list[ArticleChange]:
    """Return every article of both versions, compared, in merged document order."""
    ordered = sorted(pairs.items(), key=lambda p: p[1])
    in_order = set(longest_increasing([i for i, _ in ordered]))
    changes: dict[tuple[str, int], ArticleChange] = {}
    for i, j in ordered:
        o, n = old_infos[i], new_infos[j]
        amended = _canon(old[i]) != _canon(new[j])
        moved = i not in in_order or o.chapter != n.chapter or o.section != n.section
        key = f"id:{new[j].id}" if new[j].id and old[i].id else f"anon:{i}"
        title = tuple(diff_chars(o.title or "", n.title or "")) if amended else ()
        body = tuple(diff_lines(list(o.lines), list(n.lines))) if amended else ()
        changes[("new", j)] = ArticleChange(key, o, n, amended, moved, title, body)
    for i, o in enumerate(old_infos):
        if i not in pairs:
            changes[("old", i)] = ArticleChange(f"old:{i}", o, None)
    matched = set(pairs.values())
    for j, n in enumerate(new_infos):
        if j not in matched:
            changes[("new", j)] = ArticleChange(f"new:{j}", None, n)
    # merged order: the new document's order, each deleted article after its old predecessor
    out: list[ArticleChange] = []
    deleted_after: dict[int, list[int]] = {}  # new index → deleted old indices that follow it
    prev: int | None = None  # the last old article that is still in the new version
    for i in range(len(old_infos)):
        if i in pairs:
            prev = i
        elif prev is None:
            out.append(changes[("old", i)])
        else:
            deleted_after.setdefault(pairs[prev], []).append(i)
    for j in range(len(new_infos)):
        out.append(changes[("new", j)])
        out.extend(changes[("old", i)] for i in deleted_after.get(j, []))
    return out


# --- metadata, roles, channels ------------------------------------------------

_FIELDS = ("title", "version", "status", "issued", "effective", "review_by", "doc_number", "owner",
           "approved_by", "organisation", "kind", "language")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, list):
        return "\n".join(str(v) for v in value) or None
    return str(value)


def _metadata(old: Policy, new: Policy) -> list[MetaChange]:
    out = []
    for name in _FIELDS + ("recipients", "cc", "preamble", "closing"):
        a, b = _text(getattr(old, name)), _text(getattr(new, name))
        if a != b:
            out.append(MetaChange(name, a, b))
    for kind, olds, news in (("roles", old.roles, new.roles), ("channels", old.channels, new.channels)):
        before = {x.id: x for x in olds}
        after = {x.id: x for x in news}
        for ident, x in before.items():
            if ident not in after:
                out.append(MetaChange(kind, _describe(x), None, "removed", ident))
            elif x != after[ident]:
                out.append(MetaChange(kind, _describe(x), _describe(after[ident]), "changed", ident))
        for ident, x in after.items():
            if ident not in before:
                out.append(MetaChange(kind, None, _describe(x), "added", ident))
    return out


def _describe(x: Any) -> str:
    data = x.model_dump(exclude={"id"}, exclude_none=True)
    return "; ".join(f"{k}: {' / '.join(v) if isinstance(v, list) else v}" for k, v in data.items())


__all__ = [
    "ArticleChange",
    "ArticleInfo",
    "ChangeSet",
    "MetaChange",
    "StructureChange",
    "VersionInfo",
    "article_lines",
    "diff_policies",
]
