"""Rules that span several fields of a validated policy (ids, dates, references).

Each finding carries the key path of the node to fix, so the loader can map it
to ``file:line:col``. Nothing here reads files.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from . import refs
from .finding import Finding, KeyPath
from .pasted import pasted_label_findings
from .policy import Article, Chapter, Item, Paragraph, Policy, channel_value_problem

SUGGESTED_NAMES = 20  # distinct unknown names that get a "did you mean"; the search is linear in the ids


class _Suggester:
    """Compute "did you mean" hints once per unknown name, for at most SUGGESTED_NAMES names.

    Each search scans every id, so hinting at every one of thousands of
    unknown names would take time quadratic in the size of the policy.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[str, int], str] = {}

    def __call__(self, word: str, choices: list[str]) -> str:
        key = (word, id(choices))
        if key not in self._memo:
            if len(self._memo) >= SUGGESTED_NAMES:
                return " — declare it, or check its spelling"
            match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
            self._memo[key] = f" — did you mean '{match[0]}'?" if match else f" — declare it or use one of: {', '.join(choices[:8]) or 'none declared'}"
        return self._memo[key]


def iter_chapter_paths(policy: Policy) -> Iterator[tuple[KeyPath, Chapter]]:
    """Yield (key path, chapter) for every chapter in document order, parts included."""
    for p, part in enumerate(policy.parts):
        for c, chapter in enumerate(part.chapters):
            yield ("parts", p, "chapters", c), chapter
    for c, chapter in enumerate(policy.chapters):
        yield ("chapters", c), chapter


def iter_article_paths(policy: Policy) -> Iterator[tuple[KeyPath, Article]]:
    """Yield (key path, article) for every article in document order."""
    for i, article in enumerate(policy.articles):
        yield ("articles", i), article
    for cpath, chapter in iter_chapter_paths(policy):
        for s, section in enumerate(chapter.sections):
            for a, article in enumerate(section.articles):
                yield cpath + ("sections", s, "articles", a), article
        for a, article in enumerate(chapter.articles):
            yield cpath + ("articles", a), article


def _iter_items(items: list[Item], path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    for i, item in enumerate(items):
        yield path + (i, "text"), item.text
        yield from _iter_items(item.items, path + (i, "items"))


def iter_texts(policy: Policy) -> Iterator[tuple[KeyPath, str]]:
    """Yield (key path, text) for every text that may hold references."""
    for i, text in enumerate(policy.preamble):
        yield ("preamble", i), text
    for cpath, chapter in iter_chapter_paths(policy):
        if chapter.text:
            yield cpath + ("text",), chapter.text
    for path, article in iter_article_paths(policy):
        if article.text is not None:
            yield path + ("text",), article.text
        yield from _iter_items(article.items, path + ("items",))
        for p, para in enumerate(article.paragraphs):
            assert isinstance(para, Paragraph)
            yield path + ("paragraphs", p, "text"), para.text
            yield from _iter_items(para.items, path + ("paragraphs", p, "items"))
    for r, role in enumerate(policy.roles):
        for d, duty in enumerate(role.duties):
            yield ("roles", r, "duties", d), duty
    for i, text in enumerate(policy.closing):
        yield ("closing", i), text


def iter_ids(policy: Policy) -> Iterator[tuple[KeyPath, str, str]]:
    """Yield (key path of the id, id, kind) for everything that has an id."""
    for p, part in enumerate(policy.parts):
        if part.id:
            yield ("parts", p, "id"), part.id, "part"
    for cpath, chapter in iter_chapter_paths(policy):
        if chapter.id:
            yield cpath + ("id",), chapter.id, "chapter"
        for s, section in enumerate(chapter.sections):
            if section.id:
                yield cpath + ("sections", s, "id"), section.id, "section"
    for path, article in iter_article_paths(policy):
        if article.id:
            yield path + ("id",), article.id, "article"
    for r, role in enumerate(policy.roles):
        yield ("roles", r, "id"), role.id, "role"
    for h, channel in enumerate(policy.channels):
        yield ("channels", h, "id"), channel.id, "channel"


def check_policy(policy: Policy, others: dict[str, set[str]] | None = None) -> list[Finding]:
    """Return every cross-field problem of ``policy`` (errors, warnings and notes).

    ``others`` maps the id of every other policy of the project to its ids, for
    ``[[policy-id]]`` and ``[[policy-id#id]]``; without it (a file checked on
    its own) such references are reported as notes, not checkable here.
    """
    out: list[Finding] = []
    seen: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for path, ident, kind in iter_ids(policy):
        if ident in seen:
            out.append(Finding(path, f"duplicate id '{ident}' (already used by {'an' if kinds[ident][0] in 'aeiou' else 'a'} {kinds[ident]}) — ids must be unique in a policy"))
        else:
            seen[ident] = kind
            kinds[ident] = kind

    if policy.effective < policy.issued:
        out.append(Finding(("effective",), f"effective date {policy.effective} is before the issue date {policy.issued} — a policy cannot take effect before it is issued"))
    if policy.review_by and policy.review_by < policy.effective:
        out.append(Finding(("review_by",), f"review date {policy.review_by} is before the effective date {policy.effective} — set a later review_by"))

    if policy.changelog:
        versions = [e.version for e in policy.changelog]
        if policy.version not in versions:
            out.append(Finding(("changelog",), f"version {policy.version} is not in the changelog — add an entry `- version: \"{policy.version}\"`"))
        for i, entry in enumerate(policy.changelog):
            if versions.index(entry.version) != i:
                out.append(Finding(("changelog", i, "version"), f"version {entry.version} appears twice in the changelog — keep one entry per version"))

    if policy.chapters and policy.articles:
        out.append(Finding(("articles",), "a policy has either chapters or articles at the top level, not both — move these articles into a chapter"))
    if policy.parts and (policy.chapters or policy.articles):
        where = "chapters" if policy.chapters else "articles"
        out.append(Finding((where,), f"a policy with `parts:` keeps its chapters inside the parts — move these {where} into a part"))
    if not policy.chapters and not policy.articles and not policy.parts:
        out.append(Finding((), "the policy has no body — add `chapters:` or `articles:`"))
    for cpath, chapter in iter_chapter_paths(policy):
        if not (chapter.articles or chapter.sections or chapter.text or chapter.show):
            out.append(Finding(cpath, f"chapter '{chapter.title}' is empty — add articles, sections, text or `show:`"))
        if chapter.show == "roles" and not policy.roles:
            out.append(Finding(cpath + ("show",), "`show: roles` but the policy declares no roles — add `roles:`"))
        if chapter.show == "channels" and not policy.channels:
            out.append(Finding(cpath + ("show",), "`show: channels` but the policy declares no channels — add `channels:`"))
    out += _structure_findings(policy)
    out += pasted_label_findings(policy, iter_chapter_paths(policy), iter_article_paths(policy))

    role_ids = [r.id for r in policy.roles]
    _did_you_mean = _Suggester()
    used: set[str] = set()
    for path, article in iter_article_paths(policy):
        for r, role in enumerate(article.roles):
            if role not in role_ids:
                out.append(Finding(path + ("roles", r), f"role '{role}' is not declared{_did_you_mean(role, role_ids)}"))
            used.add(role)

    all_ids = sorted(seen)
    for path, text in iter_texts(policy):
        for n, ref in enumerate(refs.iter_refs(text)):
            finding = _check_ref(ref, policy, seen, others, _did_you_mean, all_ids)
            if finding is None:
                used.add(ref.id)
            else:
                out.append(Finding(path, finding[0], finding[1], ref=n))

    for a, attachment in enumerate(policy.attachments):
        sources = attachment.sources
        if not sources:
            out.append(Finding(("attachments", a), f"attachment '{attachment.title}' has no source — give one of `table:`, `policy:` or `file:`"))
        elif len(sources) > 1:
            out.append(Finding(("attachments", a, sources[1]), f"attachment '{attachment.title}' has {' and '.join(sources)} — give exactly one source"))
        if attachment.policy == policy.id:
            out.append(Finding(("attachments", a, "policy"), f"attachment '{attachment.title}' names this policy itself — name another policy of the project"))

    for h, channel in enumerate(policy.channels):
        problem = channel_value_problem(channel)
        if problem:
            out.append(Finding(("channels", h, "value"), problem))
    shows = {c.show for c in policy.iter_chapters()}
    for r, declared in enumerate(policy.roles):
        if declared.id not in used and "roles" not in shows:
            out.append(Finding(("roles", r, "id"), f"role '{declared.id}' is declared but no article binds or mentions it — add it to an article's `roles:`", "warning"))
    for h, channel in enumerate(policy.channels):
        if channel.id not in used and "channels" not in shows:
            out.append(Finding(("channels", h, "id"), f"channel '{channel.id}' is declared but never shown or referenced — add `show: channels` to a chapter or write [[{channel.id}]]", "warning"))
    return out


def _check_ref(
    ref: refs.Ref,
    policy: Policy,
    seen: dict[str, str],
    others: dict[str, set[str]] | None,
    _did_you_mean: Callable[[str, list[str]], str],
    all_ids: list[str],
) -> tuple[str, str] | None:
    """Return (message, severity) of a reference that is not right, or None."""
    if not ref.well_formed:
        return ((f"reference [[{ref.id}]] is not an id — write [[some-id]] or [[policy-id#some-id]] with a-z, 0-9 "
                 "and '-', or \\[[ for a literal"), "error")
    if ref.policy is None and (ref.id in seen or ref.id == refs.ORG):
        return None
    name = ref.policy or ref.id
    if ref.policy == policy.id:
        if ref.target in seen:
            return None
        return f"reference [[{ref.id}]]: this policy has no id '{ref.target}'{_did_you_mean(ref.target, all_ids)}", "error"
    if others is None:
        hint = _did_you_mean(ref.id, all_ids) if ref.policy is None else ""
        if hint and not hint.startswith(" — declare it or use"):  # a typo of a local id, or too many to tell
            return f"reference [[{ref.id}]] names no article, chapter, role or channel{hint}", "error"
        if ref.policy is not None:
            return (f"reference [[{ref.id}]] names policy '{name}' — not checkable in a single file; "
                    "validate the project folder to check it"), "note"
        return ((f"reference [[{ref.id}]] names nothing in this policy — if '{name}' is another policy, it is checked "
                 "when the project folder is validated (not checkable in a single file)"), "note")
    if name not in others:
        if ref.policy is None:
            choices = sorted(seen) + sorted(others)
            return f"reference [[{ref.id}]] names no article, chapter, role, channel or policy of the project{_did_you_mean(ref.id, choices)}", "error"
        return f"reference [[{ref.id}]]: the project has no policy '{name}'{_did_you_mean(name, sorted(others))}", "error"
    if ref.policy is not None and ref.target not in others[name]:
        return f"reference [[{ref.id}]]: policy '{name}' has no id '{ref.target}'{_did_you_mean(ref.target, sorted(others[name]))}", "error"
    return None


def _structure_findings(policy: Policy) -> list[Finding]:
    """Return the problems of inserted and deleted articles and of the numbering keys."""
    out: list[Finding] = []
    paths = list(iter_article_paths(policy))
    if paths and paths[0][1].inserted:
        out.append(Finding(paths[0][0] + ("inserted",), "the first article cannot be `inserted` — an inserted article "
                           "is numbered after the article before it (第N条之一); remove `inserted: true`"))
    for path, article in paths:
        if article.deleted and (article.items or article.paragraphs):
            out.append(Finding(path + ("deleted",), "a deleted article prints only （删去）/（刪除） — remove its "
                               "`items` and `paragraphs` or `deleted: true`", "warning"))
    if policy.convention and policy.language == "en":
        out.append(Finding(("convention",), "`convention` applies to Chinese policies; English keeps its own numbering "
                           "(Article 1, (a), (i)) — remove `convention`", "warning"))
    return out


__all__ = ["Finding", "KeyPath", "check_policy", "iter_article_paths", "iter_chapter_paths", "iter_ids", "iter_texts"]
