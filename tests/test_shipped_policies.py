"""The shipped policies read as documents a company would actually issue.

The sources of ``policies/`` were regulation texts taken from web pages; these checks keep
web-page residue, template instructions, blog voice and form blanks out of the shipped
booklet, and keep titles, 发文字号 and dates consistent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

import policygen
from policygen.model.policy import Article, Item, Paragraph, Policy

ROOT = Path(__file__).resolve().parent.parent
PROJECT = policygen.load_project(ROOT / "policygen.yaml")
POLICIES: dict[str, Policy] = {
    name: policygen.load(ROOT / PROJECT.policies_dir / f"{name}.yaml") for name in PROJECT.policies
}
# earlier versions keep their 发文字号: they stay in the department's series
RELEASED: list[Policy] = [policygen.load(path) for path in sorted((ROOT / "releases").glob("*/*/*.yaml"))]

# Texts that are web page, template, blog or form residue, never regulation text.
RESIDUE = [
    "____",  # blanks of a form or of a page that lost its words
    "＿＿",
    "**",  # masked names in a form
    "本文",  # blog voice: 本文将介绍…, 希望本文…
    "综上所述",
    "希望",
    "你",
    "FAQ",
    "常见问题",
    "官网",
    "下载",
    "文案",
    "起草人",
    "审核人",
    "批准人",
    "共印",
    "XXX",
    "xx公司",
]
# A company issues a regulation, not a sample of one (规范本公司 is fine, so titles only).
SAMPLE = ["范本", "范文"]
# Garbled words of a synonym spinner; the plain word is in the comment.
SPUN = [
    "乐观搭配",  # 积极配合
    "乐观开发",  # 积极开发
    "紧要",  # 重要
    "加添",  # 增加
    "不绝",  # 不断
    "娴熟",  # 熟练
    "耐性倾听",  # 耐心倾听
    "帮忙企业",  # 帮助企业
    "肯定时期",  # 一定时期
    "供应优质",  # 提供优质
    "供应专业",  # 提供专业
    "供应相关",  # 提供相关
    "供应相应",  # 提供相应
    "供应合适",  # 提供合适
    "供应个性化",  # 提供个性化
    "供应高品质",  # 提供高品质
    "供应符合",  # 提供符合
    "规范企业与客、",  # a sentence cut in half
    "订立本",  # 制定本…
    "订立相应",  # 制定相应
    "探望",  # 拜访
    "沟通本领",  # 沟通能力
]
# A character written twice in a row is a typing or spinner slip (是是), except in these
# words, where the two characters belong to different words or the word is a reduplication.
REDUPLICATIONS = {"分店店长", "员工工作", "員工工作", "产品品质", "產品品質"}
DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")
# What the last article of a regulation is about: who interprets it, or when it takes effect.
FINAL = re.compile(r"解释|解釋|施行|生效")
IN_FORCE_ON = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|生效)")
IN_FORCE_ON_ISSUE = re.compile(r"自(?:发布|颁布|印发|發布|頒布)之日起(?:施行|生效)")
DOC_NUMBER = re.compile(r"^(?P<series>\S+?)〔(?P<year>\d{4})〕(?P<number>\d+)[号號]$")
HANT = str.maketrans("戶務係關", "户务系关")


def _items(items: list[Item]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from _items(item.items)


def _article_texts(article: Article) -> Iterator[str]:
    if article.title:
        yield article.title
    yield article.text
    yield from _items(article.items)
    for paragraph in article.paragraphs:
        if isinstance(paragraph, Paragraph):
            yield paragraph.text
            yield from _items(paragraph.items)


def texts(policy: Policy) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every piece of text a reader sees."""
    yield "title", policy.title
    for i, text in enumerate(policy.preamble):
        yield f"preamble[{i}]", text
    for role in policy.roles:
        yield f"role {role.id}", role.name
        for duty in role.duties:
            yield f"role {role.id}", duty
    for channel in policy.channels:
        yield f"channel {channel.id}", channel.name
    for chapter in policy.chapters:
        yield f"chapter {chapter.id}", chapter.title
        if chapter.text:
            yield f"chapter {chapter.id}", chapter.text
        for section in chapter.sections:
            yield f"section {section.id}", section.title
    for n, article in enumerate(policy.iter_articles(), 1):
        for text in _article_texts(article):
            yield f"article {n} ({article.id})", text
    for i, text in enumerate(policy.closing):
        yield f"closing[{i}]", text
    for entry in policy.changelog:
        yield f"changelog {entry.version}", entry.summary


def problems(policy: Policy) -> list[str]:
    """Return every residue, spinner word or doubled character in the policy's text."""
    about_templates = "模板" in policy.title
    out = [f"title: {word!r} in {policy.title!r}" for word in SAMPLE if word in policy.title]
    for where, text in texts(policy):
        for word in RESIDUE + SPUN:
            if word in text:
                out.append(f"{where}: {word!r} in {text!r}")
        if "模板" in text and not about_templates:
            out.append(f"{where}: '模板' in a policy that is not about templates: {text!r}")
        cleaned = text
        for word in REDUPLICATIONS:
            cleaned = cleaned.replace(word, "|")
        for match in DOUBLED.finditer(cleaned):
            out.append(f"{where}: doubled {match.group(0)!r} in {text!r}")
    return out


def test_policies_list_is_the_whole_folder() -> None:
    on_disk = sorted(p.stem for p in (ROOT / PROJECT.policies_dir).glob("*.yaml"))
    assert sorted(PROJECT.policies) == on_disk


@pytest.mark.parametrize("name", PROJECT.policies)
def test_no_residue_spinner_words_or_doubled_characters(name: str) -> None:
    assert problems(POLICIES[name]) == []


def test_the_checks_catch_what_they_are_for() -> None:
    sample = policygen.load_data(
        {
            "format": 1,
            "id": "sample",
            "kind": "regulation",
            "title": "示例制度",
            "version": "1.0",
            "issued": "2024-01-01",
            "effective": "2024-01-01",
            "owner": "客户服务部",
            "articles": [
                {"text": "客户关系管理是是以客户为核心，应更多地____未来客户。"},
                {"text": "本文将介绍通知模板，各部门需乐观搭配。"},
                {"text": "分店店长和员工工作认真。"},
            ],
        }
    )
    found = "\n".join(problems(sample))
    for expected in ("'是是'", "'____'", "'本文'", "'模板'", "'乐观搭配'"):
        assert expected in found
    assert "店店" not in found and "工工" not in found
    assert not FINAL.search(sample.iter_articles()[-1].text)


@pytest.mark.parametrize("name", [n for n in PROJECT.policies if POLICIES[n].kind == "regulation"])
def test_regulation_ends_with_interpretation_or_entry_into_force(name: str) -> None:
    policy = POLICIES[name]
    last = policy.iter_articles()[-1]
    text = "".join(_article_texts(last))
    assert FINAL.search(text), f"{name}: the last article is not on interpretation or entry into force: {text!r}"
    dated = IN_FORCE_ON.search(text)
    if dated:
        assert dt.date(*map(int, dated.groups())) == policy.effective, f"{name}: {dated.group(0)} but effective {policy.effective}"
    elif IN_FORCE_ON_ISSUE.search(text):
        assert policy.effective == policy.issued, f"{name}: in force on issue, but effective {policy.effective}"


def test_notice_has_recipients_and_a_closing() -> None:
    for name, policy in POLICIES.items():
        if policy.kind == "notice":
            assert policy.recipients, name
            assert policy.closing and policy.closing[-1].startswith("特此通知"), name


def test_titles_are_unique_in_the_booklet() -> None:
    seen: dict[str, str] = {}
    for name, policy in POLICIES.items():
        key = re.sub(r"[\s（）()《》]", "", policy.title)
        assert key not in seen, f"{name} and {seen.get(key)} are both titled {policy.title}"
        seen[key] = name


def test_versions_dates_and_changelogs_agree() -> None:
    for name, policy in POLICIES.items():
        assert policy.changelog, name
        last = policy.changelog[-1]
        assert (last.version, last.date) == (policy.version, policy.issued), name
        dates = [entry.date for entry in policy.changelog]
        assert dates == sorted(dates), name
        assert policy.issued <= policy.effective <= PROJECT.date, name


def test_document_numbers_follow_issue_dates_within_each_series() -> None:
    series: dict[tuple[str, str], list[tuple[int, dt.date, str]]] = defaultdict(list)
    owners: dict[str, set[str]] = defaultdict(set)
    versions = {(p.id, p.version): p for p in [*RELEASED, *POLICIES.values()]}
    for (name, version), policy in sorted(versions.items()):
        assert policy.doc_number, name
        match = DOC_NUMBER.match(policy.doc_number)
        assert match, f"{name}: {policy.doc_number}"
        assert match["year"] == str(policy.issued.year), f"{name}: {policy.doc_number} issued {policy.issued}"
        series[(match["series"], match["year"])].append((int(match["number"]), policy.issued, f"{name} {version}"))
        owners[match["series"]].add(policy.owner.translate(HANT))
    for prefix, names in owners.items():
        assert len(names) == 1, f"series {prefix} is used by {sorted(names)}"
    for key, entries in series.items():
        entries.sort()
        numbers = [number for number, _, _ in entries]
        assert len(set(numbers)) == len(numbers), f"{key}: a number is used twice: {entries}"
        dates = [day for _, day, _ in entries]
        assert dates == sorted(dates), f"{key}: numbers do not follow issue dates: {entries}"
