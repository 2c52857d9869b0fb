"""``import --update``: a reviewer's edits in a policygen DOCX, back into the policy YAML.

Paragraphs are matched to articles by the ids the DOCX carries; only what
changed is written, through ruamel.yaml's round trip, so comments, key order
and quoting of the YAML stay as they were.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import load
from ..errors import PolicygenError
from ..model import refs as refsyntax
from ..resolver import resolve_policy
from .carried import Carried, bookmark_name, read_carried, source_hash
from .comments import read_comments
from .docx import document_blocks, open_document
from .ids import assign_ids
from .references import Convert, reference_converter
from .report import Report
from .text import build_draft
from .tree import ArticleNode, Draft, ItemNode, ParaNode
from .writer import _article, yaml_engine

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UpdateError(PolicygenError):
    """A reviewed DOCX that cannot be applied to the policy (another policy, a changed source, no ids)."""


@dataclass
class UpdateResult:
    """The YAML before and after, what changed and the reviewers' comments."""

    path: Path
    old_text: str
    new_text: str
    changes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.old_text.splitlines(True), self.new_text.splitlines(True),
                                            str(self.path), f"{self.path} (updated)"))

    def comment_lines(self) -> list[str]:
        return list(self.comments)

    def change_lines(self) -> list[str]:
        return list(self.changes)


def update_policy(policy_path: Path, docx_path: Path, *, reject_tracked: bool = False, force: bool = False) -> UpdateResult:
    """Return the policy YAML with the edits of ``docx_path`` applied (nothing is written here)."""
    policy = load(str(policy_path))
    old_text = policy_path.read_text(encoding="utf-8")
    source = str(docx_path)
    document = open_document(docx_path.read_bytes(), source)
    carried = read_carried(document)
    lost_part = carried is None
    if carried is None:
        carried = _from_bookmarks(document, policy)
    if carried is None:
        raise UpdateError(f"{source}: error: this DOCX carries no policygen ids of '{policy.id}' — it was not "
                          "written by `policygen build` from this policy; import it as a new policy instead")
    if carried.policy_id != policy.id and not force:
        raise UpdateError(f"{source}: error: this DOCX was made from policy '{carried.policy_id}', not "
                          f"'{policy.id}' ({policy_path}) — pass --force to apply it anyway")
    unknown_source = not carried.source_sha256 and not lost_part
    if carried.source_sha256 and carried.source_sha256 != source_hash(policy) and not force:
        raise UpdateError(f"{source}: error: this DOCX was made from version {carried.version or '?'} of "
                          f"'{carried.policy_id}', and {policy_path} has changed since — rebuild the DOCX for the "
                          "review, or pass --force to apply the edits to the changed YAML")
    resolved = resolve_policy(policy)
    labels = {a.id: a.label for a in _all_resolved(resolved)}
    comments = read_comments(document, carried, labels)
    report = Report(source)
    blocks = document_blocks(document, report, carried, reject_tracked=reject_tracked)
    draft = build_draft(blocks, source)
    yaml = yaml_engine()
    yaml.preserve_quotes = True
    data = yaml.load(old_text)
    _reserve_ids(draft, data)
    assign_ids(draft)
    convert = reference_converter(draft)
    changes = _apply(data, draft, resolved, policy, convert)
    if lost_part:
        changes.insert(0, f"note: {source} lost the part that records its policy and version (an editor that drops "
                          "custom XML saved it); its articles were matched by their bookmarks — check the diff")
    if unknown_source:
        changes.insert(0, f"note: {source} does not record which version of the YAML it was made from; "
                          "check the diff before you keep it")
    buf = io.StringIO()
    yaml.dump(data, buf)
    return UpdateResult(policy_path, old_text, buf.getvalue(), changes, comments)


def _from_bookmarks(document: Any, policy: Any) -> Carried | None:
    """Return the ids of ``policy`` whose bookmarks the DOCX still has, when its custom XML part was dropped."""
    doc = resolve_policy(policy)
    nodes: list[tuple[str, str]] = []
    for chapter in doc.chapters:
        nodes.append(("chapter", chapter.id))
        for section in chapter.sections:
            nodes.append(("section", section.id))
            nodes += [("article", a.id) for a in section.articles]
        nodes += [("article", a.id) for a in chapter.articles]
    nodes += [("article", a.id) for a in doc.articles]
    nodes += [("part", p.id) for p in getattr(doc, "parts", [])]
    marks = {m.get(W + "name") for m in document.element.body.iter(W + "bookmarkStart")}
    found = [(kind, node_id, bookmark_name(kind, node_id)) for kind, node_id in nodes
             if bookmark_name(kind, node_id) in marks]
    return Carried(policy.id, "", "", found) if found else None


def _yaml_articles(data: Any) -> list[tuple[CommentedSeq, CommentedMap]]:
    """Return (containing list, article mapping) for every article of the YAML, in order."""
    out: list[tuple[CommentedSeq, CommentedMap]] = []

    def chapters(seq: Any) -> None:
        for chapter in seq or []:
            for section in chapter.get("sections") or []:
                out.extend((section["articles"], a) for a in section.get("articles") or [])
            out.extend((chapter["articles"], a) for a in chapter.get("articles") or [])

    for part in data.get("parts") or []:
        chapters(part.get("chapters"))
    chapters(data.get("chapters"))
    out.extend((data["articles"], a) for a in data.get("articles") or [])
    return out


def _reserve_ids(draft: Draft, data: Any) -> None:
    """Make new articles' ids avoid every id the YAML already uses (carried ids stay as they are)."""
    taken = {str(a.get("id")) for _, a in _yaml_articles(data) if a.get("id")}
    for article in draft.all_articles():
        if article.source_id is None:
            n = article.number
            while f"art-{n}" in taken:
                n += 1000
            article.source_id = f"art-{n}" if n != article.number else None
            taken.add(article.source_id or f"art-{n}")


def _apply(data: Any, draft: Draft, resolved: Any, policy: Any, convert: Convert) -> list[str]:
    changes: list[str] = []
    old = {str(a.get("id")): (seq, a) for seq, a in _yaml_articles(data)}
    resolved_by_id = {a.id: a for a in _all_resolved(resolved)}
    raw_by_id = {a.id: a for a in policy.iter_articles() if a.id}
    new_ids = {a.id for a in draft.all_articles()}
    for article_id, (seq, mapping) in list(old.items()):
        if article_id not in new_ids:
            seq.remove(mapping)
            changes.append(f"deleted {resolved_by_id[article_id].label} ({article_id})")
    for chapter in draft.all_chapters():
        if chapter.source_id is None:
            changes.append(f"not applied: new chapter '{chapter.title}' (line {chapter.line}) — add it to the YAML "
                           "by hand; its articles were added to the chapter before it")
    previous: str | None = None
    for article in draft.all_articles():
        if article.id in old:
            _, mapping = old[article.id]
            refs = _refs_by_label(raw_by_id.get(article.id), policy)

            def fix(text: str, article: ArticleNode = article, refs: dict[str, str] = refs) -> str:
                return _restore_refs(convert(article, text), refs)

            if _update_article(mapping, article, resolved_by_id[article.id], fix):
                changes.append(f"changed {resolved_by_id[article.id].label} ({article.id})")
        else:
            _convert_new(article, convert)
            _insert_after(data, old, previous, _article(article, draft))
            changes.append(f"added {article.label} ({article.id}) after {previous or 'the start'}")
            old[article.id] = (None, None)  # type: ignore[assignment]
        previous = article.id
    return changes


def _all_resolved(resolved: Any) -> list[Any]:
    out = list(resolved.articles)
    for chapter in resolved.chapters:
        for section in chapter.sections:
            out.extend(section.articles)
        out.extend(chapter.articles)
    return out


def _insert_after(data: Any, old: dict[str, Any], previous: str | None, new: CommentedMap) -> None:
    if previous is None or previous not in old or old[previous][0] is None:
        seqs = _yaml_articles(data)
        target = seqs[0][0] if seqs else data.setdefault("articles", CommentedSeq())
        target.insert(0, new)
        return
    seq, mapping = old[previous]
    seq.insert(seq.index(mapping) + 1, new)


def _convert_new(article: ArticleNode, convert: Convert) -> None:
    def walk(node: ParaNode | ItemNode) -> None:
        node.text = convert(article, node.text)
        for item in node.items:
            walk(item)

    for para in article.paras:
        walk(para)


def _update_article(mapping: CommentedMap, article: ArticleNode, resolved: Any, fix: Any) -> bool:
    """Set the keys of ``mapping`` whose rendered text the reviewer changed; return whether any did."""
    changed = False
    title = article.title or None
    if (mapping.get("title") or None) != title and (resolved.title or None) != title:
        if title:
            mapping["title"] = title
        else:
            del mapping["title"]
        changed = True
    paras = article.paras or [ParaNode("")]
    old_paras = resolved.paragraphs
    if paras[0].text != old_paras[0].text.plain:
        mapping["text"] = fix(paras[0].text)
        changed = True
    if _item_texts(paras[0].items) != _resolved_items(old_paras[0].items):
        _set_list(mapping, "items", _items_yaml(paras[0].items, fix))
        changed = True
    rest_new = [(p.text, _item_texts(p.items)) for p in paras[1:]]
    rest_old = [(p.text.plain, _resolved_items(p.items)) for p in old_paras[1:]]
    if rest_new != rest_old:
        seq = CommentedSeq(fix(p.text) if not p.items else
                           CommentedMap(text=fix(p.text), items=_items_yaml(p.items, fix))
                           for p in paras[1:])
        _set_list(mapping, "paragraphs", seq)
        changed = True
    return changed


def _set_list(mapping: CommentedMap, key: str, value: CommentedSeq) -> None:
    if value:
        mapping[key] = value
    elif key in mapping:
        del mapping[key]


def _item_texts(items: list[ItemNode]) -> list[Any]:
    return [(i.text, _item_texts(i.items)) for i in items]


def _resolved_items(items: list[Any]) -> list[Any]:
    return [(i.text.plain, _resolved_items(i.items)) for i in items]


def _items_yaml(items: list[ItemNode], fix: Any) -> CommentedSeq:
    return CommentedSeq(fix(i.text) if not i.items else
                        CommentedMap(text=fix(i.text), items=_items_yaml(i.items, fix)) for i in items)


def _refs_by_label(raw: Any, policy: Any) -> dict[str, str]:
    """Return printed name → ``[[id]]`` for the roles and channels the article's source text referred to."""
    if raw is None:
        return {}
    texts = [raw.text] + [p.text for p in raw.paragraphs] + _raw_items(raw.items)
    for p in raw.paragraphs:
        texts += _raw_items(p.items)
    names = {r.id: r.name for r in policy.roles} | {c.id: c.value for c in policy.channels}
    ids = {ref.id for text in texts for ref in refsyntax.iter_refs(text)}
    return {names[i]: f"[[{i}]]" for i in ids if i in names}


def _raw_items(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item.text)
        out += _raw_items(item.items)
    return out


def _restore_refs(text: str, refs: dict[str, str]) -> str:
    for label, ref in sorted(refs.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(label, ref)
    return text
