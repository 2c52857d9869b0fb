"""Numbering and cross-references of resolved documents."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import policygen
from policygen.resolver import ResolvedDocument, article_ids, resolve_policy
from policygen.resolver.document import ResolvedArticle, ResolvedItem

FIXTURES = Path(__file__).parent / "fixtures"


def resolved(case: str, **kwargs: Any) -> ResolvedDocument:
    return policygen.resolve(policygen.load(FIXTURES / case), **kwargs)


def article(doc: ResolvedDocument, ident: str) -> ResolvedArticle:
    return next(a for a in doc.iter_articles() if a.id == ident)


def text_of(doc: ResolvedDocument, ident: str) -> str:
    return article(doc, ident).paragraphs[0].text.plain


def item_tree(items: list[ResolvedItem]) -> list[Any]:
    return [(i.label, i.text.plain, item_tree(i.items)) if i.items else (i.label, i.text.plain) for i in items]


def as_dict(case: str) -> dict[str, Any]:
    """Return a fixture as plain data, with dates as ISO text, the way a program would pass it."""
    data = YAML(typ="safe").load((FIXTURES / case).read_text(encoding="utf-8"))
    for key in ("issued", "effective"):
        data[key] = data[key].isoformat()
    for entry in data.get("changelog", []):
        entry["date"] = entry["date"].isoformat()
    return data


# --- regulation, zh-Hans ---------------------------------------------------


def test_articles_are_numbered_continuously_across_chapters_and_sections() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    assert [c.heading for c in doc.chapters] == ["第一章 总则", "第二章 客户信息管理", "第三章 保密"]
    assert [a.label for a in doc.iter_articles()] == [
        "第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条",
        "第八条", "第九条", "第十条", "第十一条", "第十二条", "第十三条",
    ]
    assert [a.number for a in doc.iter_articles()] == list(range(1, 14))
    # chapter 3 starts at 第九条, not at 第一条
    assert doc.chapters[2].articles[0].label == "第九条"
    assert article(doc, "confidentiality").heading == "第十二条 保密义务"


def test_sections_are_numbered_within_their_chapter() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    sections = doc.chapters[1].sections
    assert [(s.label, s.title) for s in sections] == [("第一节", "信息收集"), ("第二节", "信息存储")]
    assert [[a.label for a in s.articles] for s in sections] == [["第四条", "第五条"], ["第六条", "第七条"]]
    # articles after the sections of a chapter follow them
    assert [a.label for a in doc.chapters[1].articles] == ["第八条"]


def test_items_sub_items_and_third_level() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    assert item_tree(article(doc, "store-period").paragraphs[0].items) == [
        ("（一）", "交易信息保存五年；"),
        ("（二）", "其他信息：", [
            ("1.", "咨询记录保存一年；", [("（1）", "电话录音保存六个月；"), ("（2）", "文字记录保存一年。")]),
            ("2.", "投诉记录保存三年。"),
        ]),
    ]


# --- zh-Hant and en -------------------------------------------------------


def test_traditional_chinese_uses_tiao_and_jie() -> None:
    doc = resolved("zh-hant/zh-hant.yaml")
    assert [c.heading for c in doc.chapters] == ["第一章 總則", "第二章 服務"]
    assert doc.chapters[1].sections[0].label == "第一節"
    assert [a.label for a in doc.iter_articles()] == ["第一條", "第二條"]
    assert text_of(doc, "greeting") == "接待客戶應依第一條辦理："
    assert [i.label for i in article(doc, "greeting").paragraphs[0].items] == ["一、", "二、"]  # Taiwan: 款 一、


def test_english_numbering_and_references() -> None:
    doc = resolved("en/en.yaml")
    assert [c.heading for c in doc.chapters] == ["Chapter 1 General provisions", "Chapter 2 Duties"]
    assert doc.chapters[1].sections[0].label == "Section 1"
    assert [a.label for a in doc.iter_articles()] == ["Article 1", "Article 2", "Article 3"]
    assert text_of(doc, "scope") == "Confidentiality is governed by Article 3 of Chapter 2."
    assert item_tree(article(doc, "secrecy").paragraphs[0].items) == [
        ("(a)", "keep customer data confidential;"),
        ("(b)", "report incidents", [("(i)", "at once;"), ("(ii)", "in writing.")]),
    ]


# --- notices --------------------------------------------------------------


def test_notice_parts_and_points_restart_per_chapter() -> None:
    doc = resolved("notice/notice.yaml")
    assert [c.heading for c in doc.chapters] == ["一、目的声明", "二、目标", "三、员工职责"]
    # GB/T 9704 7.3.3: 一、 then （一） then 1. then （1）, no level skipped
    assert [[a.label for a in c.articles] for c in doc.chapters] == [["（一）", "（二）"], ["（一）", "（二）", "（三）"], []]
    assert doc.chapters[2].show == "roles"
    response = article(doc, "response")
    assert item_tree(response.paragraphs[0].items) == [
        ("1.", "首次响应及时；"),
        ("2.", "处理结果：", [("（1）", "记录归档；")]),
    ]


def test_notice_references_name_the_part_and_the_point() -> None:
    doc = resolved("notice/notice.yaml")
    assert text_of(doc, "response") == "由客服代表在二十四小时内回复，具体要求："
    assert doc.chapters[1].articles[2].paragraphs[0].text.plain == "按第二部分第2项执行。"
    # unnamed points get generated ids in document order, and their own reference label
    assert [(a.id, a.ref_label) for a in doc.iter_articles()] == [
        ("article-1", "第一部分第1项"),
        ("article-2", "第一部分第2项"),
        ("article-3", "第二部分第1项"),
        ("response", "第二部分第2项"),
        ("article-5", "第二部分第3项"),
    ]
    assert article_ids(policygen.load(FIXTURES / "notice/notice.yaml")) == [a.id for a in doc.iter_articles()]


# --- references -----------------------------------------------------------


def test_article_reference_resolves_to_its_number() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    assert text_of(doc, "scope") == "客户信息保密依照第十二条执行，详见第二章和第一节。"
    assert text_of(doc, "c13") == "违反第十二条的，依照公司规定处理。"


def test_article_reference_links_to_the_article() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    spans = article(doc, "scope").paragraphs[0].text.spans
    link = next(s for s in spans if s.text == "第十二条")
    assert link.href == article(doc, "confidentiality").anchor == "cross-refs--confidentiality"


def test_references_follow_renumbering() -> None:
    data = as_dict("cross-refs/cross-refs.yaml")
    before = policygen.resolve(copy.deepcopy(data))
    assert text_of(before, "scope") == "客户信息保密依照第十二条执行，详见第二章和第一节。"

    # insert an article at the start of chapter 1 and a chapter in front of 客户信息管理
    data["chapters"][0]["articles"].insert(0, {"id": "basis", "text": "根据有关法律法规制定本制度。"})
    data["chapters"].insert(1, {"id": "terms", "title": "术语", "articles": [{"text": "术语释义。"}]})
    after = policygen.resolve(data)
    assert text_of(after, "scope") == "客户信息保密依照第十四条执行，详见第三章和第一节。"
    assert text_of(after, "c13") == "违反第十四条的，依照公司规定处理。"
    assert article(after, "confidentiality").label == "第十四条"


def test_role_channel_and_literal_references() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    assert text_of(doc, "duty") == "前台接待人员负责接待，客户可拨打400-123-4567；文中写作[[id]]的不是引用。"


def test_org_reference_uses_policy_then_project_then_fallback() -> None:
    assert text_of(resolved("cross-refs/cross-refs.yaml"), "purpose") == "为规范本公司客户关系管理，特制定本制度。"
    doc = resolved("cross-refs/cross-refs.yaml", organisation="示例科技有限公司")
    assert text_of(doc, "purpose") == "为规范示例科技有限公司客户关系管理，特制定本制度。"
    assert doc.organisation == "示例科技有限公司"
    data = as_dict("cross-refs/cross-refs.yaml")
    data["organisation"] = "甲公司"
    assert text_of(policygen.resolve(data, organisation="乙公司"), "purpose") == "为规范甲公司客户关系管理，特制定本制度。"
    en = as_dict("en/en.yaml")
    en["chapters"][0]["articles"][0]["text"] = "[[org]] adopts this policy."
    assert text_of(policygen.resolve(en), "purpose") == "the Company adopts this policy."


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("见\\[[scope]]。", "见[[scope]]。"),
        ("\\[[不是引用]]", "[[不是引用]]"),
        ("[[scope]][[scope]]", "第二条第二条"),
        ("[[ scope ]]", "第二条"),
    ],
)
def test_reference_syntax_edge_cases(text: str, plain: str) -> None:
    data = as_dict("cross-refs/cross-refs.yaml")
    data["chapters"][0]["articles"][0]["text"] = text
    assert text_of(policygen.resolve(data), "purpose") == plain


def test_resolved_metadata() -> None:
    doc = resolved("cross-refs/cross-refs.yaml")
    assert (doc.id, doc.kind, doc.language, doc.html_lang, doc.version) == (
        "cross-refs", "regulation", "zh-Hans", "zh-CN", "1.1"
    )
    assert (doc.issued, doc.effective, doc.issued_iso) == ("2024年10月1日", "2024年10月15日", "2024-10-01")
    assert [(c.version, c.date) for c in doc.changelog] == [("1.0", "2024年3月1日"), ("1.1", "2024年10月1日")]
    assert [(r.name, [d.plain for d in r.duties]) for r in doc.roles] == [("前台接待人员", ["负责接待来访客户。"])]
    assert [(c.type_label, c.value) for c in doc.channels] == [("电话", "400-123-4567")]
    en = resolved("en/en.yaml")
    assert (en.issued, en.html_lang) == ("1 October 2024", "en")


def test_resolve_accepts_anything_load_accepts() -> None:
    path = FIXTURES / "cross-refs/cross-refs.yaml"
    from_model = resolve_policy(policygen.load(path))
    for source in (path, str(path), policygen.loads(path.read_text(encoding="utf-8")), as_dict("cross-refs/cross-refs.yaml")):
        doc = policygen.resolve(source)
        assert [a.label for a in doc.iter_articles()] == [a.label for a in from_model.iter_articles()]
        assert text_of(doc, "scope") == text_of(from_model, "scope")


def test_notice_points_restart_under_each_section() -> None:
    """GB/T 9704: 一、 →（一）→ 1.; the 1. level starts again under each （一）."""
    import policygen

    policy = policygen.load_data({
        "format": 1, "id": "n", "kind": "notice", "title": "关于检查的通知", "version": "1.0",
        "issued": "2024-01-01", "effective": "2024-01-01", "owner": "办公室", "organisation": "示例公司",
        "chapters": [{"title": "强化监督检查", "sections": [
            {"title": "日常检查", "articles": [{"text": "每月检查。"}, {"text": "每季通报。"}]},
            {"title": "责任追究", "articles": [{"text": "依规追责。"}, {"text": "移送处理。"}]},
        ]}],
    })
    doc = policygen.resolve(policy)
    assert [[a.label for a in s.articles] for s in doc.chapters[0].sections] == [["1.", "2."], ["1.", "2."]]
