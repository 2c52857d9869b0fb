"""A real Taiwan statute, 性別平等工作法 (2023-08-16: 7 章, 50 條 of which 10 inserted 之一 and 1 deleted),
converted to policygen YAML with every number stripped, rendered, and compared with the official text
label by label and line by line.

The text is read from ``../shared/corpus/`` (statutes are not copyrighted: 著作權法 第9條); the test
is skipped when that folder is absent.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from pdftools import pages_text, squeeze

import policygen
from policygen.resolver import resolve_policy
from policygen.resolver.document import ResolvedDocument, ResolvedItem
from policygen.resolver.numerals import from_chinese

NAME = "shared/corpus/tw/gender-equality-in-employment-act-2023.txt"
# ../shared beside the repository, looked for in every folder above this file
CORPUS = next((p / NAME for p in Path(__file__).resolve().parents if (p / NAME).is_file()), Path("../" + NAME))

pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason=f"corpus text not found at {CORPUS}")

CHAPTER = re.compile(r"^第 (\S+) 章 (.+)$")
ARTICLE = re.compile(r"^第 (\d+)(?:-(\d+))? 條$")
KUAN = re.compile(r"^[一二三四五六七八九十]+、")
MU = re.compile(r"^（[一二三四五六七八九十]+）")


def official() -> tuple[list[dict[str, Any]], list[tuple[str, list[str]]]]:
    """Return (chapters as policygen data without numbers, [(official label, official lines)] per article)."""
    chapters: list[dict[str, Any]] = []
    articles: list[tuple[str, list[str]]] = []
    current: dict[str, Any] | None = None
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[3:]:
        line = line.strip()
        if not line:
            continue
        if m := CHAPTER.match(line):
            chapters.append({"title": m.group(2), "articles": []})
        elif m := ARTICLE.match(line):
            current = {"id": f"a{m.group(1)}" + (f"-{m.group(2)}" if m.group(2) else "")}
            if m.group(2):
                current["inserted"] = True
            chapters[-1]["articles"].append(current)
            articles.append((line, []))
        else:
            assert current is not None
            articles[-1][1].append(line)
            if line == "（刪除）":
                current["deleted"] = True
            elif MU.match(line):
                current["_last_item"].setdefault("items", []).append(MU.sub("", line, count=1))
            elif KUAN.match(line):
                item: dict[str, Any] = {"text": KUAN.sub("", line, count=1)}
                current["_last_items"].append(item)
                current["_last_item"] = item
            elif "text" not in current:
                current["text"] = line
                current["items"] = current["_last_items"] = []
            else:
                current.setdefault("paragraphs", []).append({"text": line, "items": []})
                current["_last_items"] = current["paragraphs"][-1]["items"]
    for chapter in chapters:
        for a in chapter["articles"]:
            a.pop("_last_items", None)
            a.pop("_last_item", None)
    return chapters, articles


@pytest.fixture(scope="module")
def statute() -> tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]]:
    chapters, articles = official()
    data = {
        "format": 1, "id": "gender-equality-in-employment", "kind": "regulation", "title": "性別平等工作法",
        "language": "zh-Hant", "version": "1.0", "status": "published", "issued": "2023-08-16",
        "effective": "2023-08-16", "owner": "勞動部", "chapters": chapters,
    }
    policy = policygen.load_data(data, name="gender-equality")
    assert policy.warnings == []  # no pasted numbers: every label was stripped
    return policy, resolve_policy(policy), articles


def label_of(official_label: str) -> str:
    """Return 第六條之一 for the database's "第 6-1 條"."""
    from policygen.resolver.numerals import to_chinese

    m = ARTICLE.match(official_label)
    assert m
    sub = f"之{to_chinese(int(m.group(2)), tw=True)}" if m.group(2) else ""
    return f"第{to_chinese(int(m.group(1)), tw=True, traditional=True)}條{sub}"


def test_structure_counts(statute: tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]]) -> None:
    _, doc, articles = statute
    assert len(doc.chapters) == 7 and len(articles) == 50
    assert sum(a.inserted for a in doc.iter_articles()) == 10
    assert [a.label for a in doc.iter_articles() if a.deleted] == ["第二十二條"]


def test_every_label_matches_the_official_numbering(
    statute: tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]],
) -> None:
    _, doc, articles = statute
    assert [a.label for a in doc.iter_articles()] == [label_of(label) for label, _ in articles]
    assert [c.heading for c in doc.chapters] == [
        "第一章 總則", "第二章 性別歧視之禁止", "第三章 性騷擾之防治", "第四章 促進工作平等措施",
        "第五章 救濟及申訴程序", "第六章 罰則", "第七章 附則",
    ]


def test_the_statutes_own_cross_references_name_articles_policygen_numbers_the_same_way(
    statute: tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]],
) -> None:
    """The official text cites its articles in words (第三十二條之一); each must be a label policygen prints."""
    _, doc, articles = statute
    labels = {a.label for a in doc.iter_articles()}
    cited = set()
    for _, lines in articles:
        for line in lines:
            cited |= set(re.findall(r"第[一二三四五六七八九十百]+條(?:之[一二三四五六七八九十]+)?", line))
    cited = {c for c in cited if from_chinese(c[1:c.index("條")]) <= 40}  # this statute's own articles
    assert len(cited) > 20
    assert cited <= labels, sorted(cited - labels)


def expected_lines(articles: list[tuple[str, list[str]]]) -> list[str]:
    """Return the official text line by line, the article's first line prefixed with its label in words."""
    out = []
    for label, lines in articles:
        out.append(label_of(label) + lines[0])
        out += lines[1:]
    return out


def _items(items: list[ResolvedItem]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item.label + item.text.plain)
        out += _items(item.items)
    return out


def test_resolved_text_equals_the_official_text_line_by_line(
    statute: tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]],
) -> None:
    _, doc, articles = statute
    printed = []
    for a in doc.iter_articles():
        for n, p in enumerate(a.paragraphs):
            printed.append((a.label if n == 0 else "") + p.text.plain)
            printed += _items(p.items)
    assert printed == expected_lines(articles)


def test_docx_paragraphs_equal_the_official_text(
    statute: tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]],
) -> None:
    policy, _, articles = statute
    document = docx.Document(io.BytesIO(policygen.render(policy, "docx")))
    body = [re.sub(r"\s+", "", p.text) for p in document.paragraphs
            if p.style is not None and (p.style.name in ("Article", "Body Text") or p.style.name.startswith("Item"))]
    assert body == [re.sub(r"\s+", "", line) for line in expected_lines(articles)]


def test_pdf_and_html_print_the_official_text_in_order(
    statute: tuple[policygen.Policy, ResolvedDocument, list[tuple[str, list[str]]]], tmp_path: Path,
) -> None:
    policy, _, articles = statute
    path = tmp_path / "statute.pdf"
    path.write_bytes(policygen.render(policy, "pdf"))
    pdf_text = squeeze("".join(pages_text(path, area="body")))  # the type area: no running header between lines
    html_text = squeeze(re.sub(r"<[^>]+>", "", policygen.render(policy, "html").decode("utf-8")))
    for name, text in (("pdf", pdf_text), ("html", html_text)):
        position = 0
        for line in expected_lines(articles):
            found = text.find(squeeze(line), position)
            assert found >= 0, f"{name}: {line!r} not found after position {position}"
            position = found
