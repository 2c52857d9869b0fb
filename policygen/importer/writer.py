"""The imported draft as policy YAML (ruamel.yaml round-trip types, so comments are written too)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import Article, Policy
from .ids import slugify
from .tree import ArticleNode, ChapterNode, Draft, ItemNode, ParaNode, PartNode, SectionNode

MODELINE = "# yaml-language-server: $schema={schema}\n"
DEFAULT_SCHEMA = "../schema/policy.schema.json"
PLACEHOLDER_OWNER = "待填写"


def supports(key: str, model: type[Any] = Policy) -> bool:
    """Return whether this version of the policy format has ``key`` (keys being added land over time)."""
    return key in model.model_fields


def yaml_engine() -> YAML:
    """Return the ruamel.yaml round-trip engine configured like the shipped policies."""
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.representer.add_representer(_DQ, _represent_dq)
    return yaml


def draft_to_yaml(draft: Draft, *, policy_id: str, schema: str = DEFAULT_SCHEMA, today: dt.date | None = None) -> str:
    """Return the YAML text of ``draft``: a policy that validates, with comments on what to fill in."""
    data = draft_to_map(draft, policy_id=policy_id, today=today)
    buf = io.StringIO()
    yaml_engine().dump(data, buf)
    return MODELINE.format(schema=schema) + buf.getvalue()


def draft_to_map(draft: Draft, *, policy_id: str, today: dt.date | None = None) -> CommentedMap:
    """Return the policy mapping of ``draft`` in the key order of the shipped policies."""
    meta = draft.meta
    today = today or dt.date.today()
    m = CommentedMap()
    m["format"] = 1
    m["id"] = draft.policy_id or policy_id
    m["kind"] = draft.kind
    m["title"] = draft.title or "待填写标题"
    if not draft.title:
        m.yaml_add_eol_comment("fill in: the source has no title line", "title")
    m["language"] = draft.language
    if supports("convention"):
        m["convention"] = draft.convention
    _first_numbers(m, draft)
    m["version"] = _DQ(meta.get("version", "1.0"))
    if "version" not in meta:
        m.yaml_add_eol_comment("fill in: no 版本号 in the source", "version")
    m["status"] = "draft"
    m.yaml_add_eol_comment("imported: review the text, then set the status", "status")
    issued = meta.get("issued") or meta.get("signed_date")
    m["issued"] = issued or today
    if not issued:
        m.yaml_add_eol_comment("fill in: no 发布日期 in the source (today's date was written)", "issued")
    effective = meta.get("effective")
    chosen = effective if effective and effective >= m["issued"] else m["issued"]
    m["effective"] = dt.date.fromordinal(chosen.toordinal())  # a new object: no YAML alias
    if not effective:
        m.yaml_add_eol_comment("fill in: no 生效日期 in the source (the issue date was written)", "effective")
    if meta.get("doc_number"):
        m["doc_number"] = meta["doc_number"]
    owner = meta.get("owner")
    m["owner"] = owner or PLACEHOLDER_OWNER
    if not owner:
        m.yaml_add_eol_comment("fill in: 制定部门, the department that owns the policy", "owner")
    for key in ("approved_by", "recipients", "cc"):
        if meta.get(key):
            m[key] = CommentedSeq(meta[key]) if isinstance(meta[key], list) else meta[key]
    if draft.changelog:
        m["changelog"] = CommentedSeq(CommentedMap(version=_DQ(e["version"]), date=e["date"], summary=e["summary"])
                                      for e in draft.changelog)
    if draft.roles:
        m["roles"] = CommentedSeq(CommentedMap(r) for r in draft.roles)
    if draft.channels:
        m["channels"] = CommentedSeq(CommentedMap(c) for c in draft.channels)
    if draft.preamble:
        m["preamble"] = CommentedSeq(draft.preamble)
    if draft.closing:
        m["closing"] = CommentedSeq(draft.closing)
    _tables(m, draft)
    _body(m, draft)
    return m


def _first_numbers(m: CommentedMap, draft: Draft) -> None:
    """Write first_article / first_chapter / first_part when the source is a fragment that starts later."""
    firsts = (("first_part", [p.number for p in draft.parts]),
              ("first_chapter", [c.number for c in draft.all_chapters()]),
              ("first_article", [a.number for a in draft.all_articles() if not a.insert]))
    for key, numbers in firsts:
        if numbers and numbers[0] > 1:
            if supports(key):
                m[key] = numbers[0]
            else:
                draft.report.note(0, f"the source starts at number {numbers[0]} ({key}); this policy format "
                                     "numbers from 1, so the printed numbers differ")


class _DQ(str):
    """A string written in double quotes (versions: "1.0")."""


def _represent_dq(representer: Any, value: _DQ) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _tables(m: CommentedMap, draft: Draft) -> None:
    if not draft.tables:
        return
    if not supports("attachments"):
        for name, rows in draft.tables:
            text = "\n".join("\t".join(r) for r in rows)
            draft.report.omit(0, f"table '{name}': this policy format has no tables yet", text)
        return
    seq = CommentedSeq()
    for name, rows in draft.tables:
        width = max((len(r) for r in rows), default=0)
        padded = [r + [""] * (width - len(r)) for r in rows]
        seq.append(CommentedMap(title=name, table=CommentedMap(columns=padded[0], rows=padded[1:])))
    m["attachments"] = seq


def _drop_empty(draft: Draft) -> None:
    """Leave out chapter headings with nothing under them (the format needs content), in the report."""
    def keep(chapter: ChapterNode) -> bool:
        if chapter.sections or chapter.articles or chapter.text or chapter.show:
            return True
        draft.report.omit(chapter.line, "chapter heading with nothing under it", chapter.title)
        return False

    draft.chapters = [c for c in draft.chapters if keep(c)]
    for part in draft.parts:
        part.chapters = [c for c in part.chapters if keep(c)]


def _body(m: CommentedMap, draft: Draft) -> None:
    _drop_empty(draft)
    if draft.parts and supports("parts"):
        m["parts"] = CommentedSeq(_part(p, draft) for p in draft.parts)
        if draft.chapters:
            draft.report.note(draft.chapters[0].line, "chapters outside any 编 after the first 编 were kept under the last one")
            m["parts"][-1]["chapters"].extend(_chapter(c, draft) for c in draft.chapters)
    elif draft.parts:
        draft.report.note(draft.parts[0].line, "this policy format has no 编 yet: its chapters were kept, the 编 headings left out")
        for part in draft.parts:
            draft.report.omit(part.line, "编 heading (no 编 in this policy format yet)", part.title)
        m["chapters"] = CommentedSeq(_chapter(c, draft) for c in draft.all_chapters())
    elif draft.chapters:
        m["chapters"] = CommentedSeq(_chapter(c, draft) for c in draft.chapters)
    if draft.articles:
        if "chapters" in m or "parts" in m:
            draft.report.note(draft.articles[0].line, "articles after the last chapter were kept in that chapter")
            last = (m["parts"][-1]["chapters"] if "parts" in m else m["chapters"])[-1]
            last.setdefault("articles", CommentedSeq()).extend(_article(a, draft) for a in draft.articles)
        else:
            m["articles"] = CommentedSeq(_article(a, draft) for a in draft.articles)


def _part(part: PartNode, draft: Draft) -> CommentedMap:
    out = CommentedMap(id=part.id, title=part.title or "待填写")
    out["chapters"] = CommentedSeq(_chapter(c, draft) for c in part.chapters)
    return out


def _chapter(chapter: ChapterNode, draft: Draft) -> CommentedMap:
    out = CommentedMap(id=chapter.id, title=chapter.title or "待填写")
    if not chapter.title:
        out.yaml_add_eol_comment("fill in: the source has no chapter title here", "title")
    if chapter.text:
        out["text"] = "\n".join(chapter.text)
    if chapter.show:
        out["show"] = chapter.show
    if chapter.sections:
        out["sections"] = CommentedSeq(_section(s, draft) for s in chapter.sections)
    if chapter.articles:
        out["articles"] = CommentedSeq(_article(a, draft) for a in chapter.articles)
    return out


def _section(section: SectionNode, draft: Draft) -> CommentedMap:
    out = CommentedMap(id=section.id, title=section.title or "待填写")
    out["articles"] = CommentedSeq(_article(a, draft) for a in section.articles)
    return out


def _article(article: ArticleNode, draft: Draft) -> CommentedMap:
    out = CommentedMap(id=article.id)
    paras = list(article.paras)
    title = article.title
    if not paras and not article.deleted:
        paras, title = [ParaNode(title or "")], None
    if title:
        out["title"] = title
    if paras:
        out["text"] = paras[0].text
        if paras[0].items:
            out["items"] = _items(paras[0].items)
        if len(paras) > 1:
            out["paragraphs"] = CommentedSeq(_para(p) for p in paras[1:])
    if article.insert:
        if supports("inserted", Article):
            out["inserted"] = True
        else:
            draft.report.note(article.line, f"{article.label}: inserted article kept as a regular article "
                                            "(this policy format has no `inserted:` yet); later numbers shift")
    if article.deleted:
        if supports("deleted", Article):
            out["deleted"] = True
        else:
            out["text"] = "（删除）" if draft.language == "zh-Hans" else "（刪除）"
            draft.report.note(article.line, f"{article.label}: deleted article kept as text (no `deleted:` yet)")
    return out


def _para(para: ParaNode) -> Any:
    if not para.items:
        return para.text
    return CommentedMap(text=para.text, items=_items(para.items))


def _items(items: list[ItemNode]) -> CommentedSeq:
    return CommentedSeq(i.text if not i.items else CommentedMap(text=i.text, items=_items(i.items)) for i in items)


def policy_id_for(path: Path) -> str:
    """Return a policy id from the input file name: its ASCII slug, else ``policy-`` and 8 hex digits of its hash.

    考勤管理办法.docx has no slug spelling; the hash keeps ids of different files apart and stable.
    """
    return slugify(path.stem) or "policy-" + hashlib.sha1(path.stem.encode("utf-8")).hexdigest()[:8]


__all__ = ["draft_to_map", "draft_to_yaml", "policy_id_for", "supports", "yaml_engine"]
