"""The locale of a document: language, numbering convention, labels, punctuation and defaults.

One object answers every language question the later stages ask: how a
chapter, article or item is numbered (the convention), which words and
punctuation are printed (labels, colon, list separator), which language codes
HTML and Word carry, which theme is the default, and how appendices are
numbered. Templates, the DOCX writer and the builder read it; none of them
keeps a table of its own.

Conventions are data: ``prc`` follows 立法法 (条 → 款 unnumbered → 项 （一） →
目 1. → （1）); ``tw`` follows 中央法規標準法 第8條 (條 → 項 unnumbered → 款
一、 → 目 （一） → １、) and writes numerals as Taiwan's statute books do
(一百十條). English keeps its own (Article 1, (a), (i)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from .labels import LABELS
from .numbering import NumberingStyle
from .numerals import to_chinese

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
CONVENTION_NAMES = ("prc", "tw")


@dataclass(frozen=True)
class Convention:
    """How a legal tradition numbers and marks things; script-neutral (simplified forms)."""

    name: str
    tw_numerals: bool  # 一百十 rather than 一百一十
    items: tuple[str, ...]  # 项/款 and the levels below
    notice_items: tuple[str, ...]
    inserted: str  # appended to an inserted article's label: 之{cn}
    deleted: str  # printed in place of a deleted article's text
    amended_first: bool  # 修订对照表: the amended text in the first column


CONVENTIONS: dict[str, Convention] = {
    "prc": Convention("prc", False, ("（{cn}）", "{n}.", "（{n}）", "{circled}"),
                      ("（{n}）", "{circled}", "{a}."), "之{cn}", "（删去）", False),
    "tw": Convention("tw", True, ("{cn}、", "（{cn}）", "{fw}、", "（{fw}）"),
                     ("（{n}）", "{circled}", "{a}."), "之{cn}", "（删除）", True),
    "en": Convention("en", False, ("({a})", "({i})", "({A})", "{n}."),
                     ("({a})", "({i})", "({A})"), "{A}", "(Deleted)", False),
}

_TO_TRADITIONAL = str.maketrans({"条": "條", "节": "節", "编": "編", "删": "刪"})


@dataclass(frozen=True)
class Locale:
    """Everything a document prints that depends on its language and convention."""

    language: str
    convention: Convention
    html_lang: str  # zh-CN, zh-TW, en
    word_langs: tuple[str, str]  # (Latin, East Asian) language tags of Word runs
    labels: Mapping[str, str]
    colon: str
    list_sep: str  # 、 or ", "
    default_theme: str

    @property
    def cjk(self) -> bool:
        return self.language != "en"

    @property
    def traditional(self) -> bool:
        return self.language == "zh-Hant"

    def script(self, text: str) -> str:
        """Return ``text`` in the locale's script (条 → 條 in traditional Chinese)."""
        return text.translate(_TO_TRADITIONAL) if self.traditional else text

    def numeral(self, n: int) -> str:
        """Return ``n`` as the convention writes it: 一百一十 (prc) or 一百十 (tw)."""
        return to_chinese(n, tw=self.convention.tw_numerals, traditional=self.traditional)

    def style(self, kind: str) -> NumberingStyle:
        """Return the numbering style of a regulation or notice."""
        c = self.convention
        if not self.cjk:
            if kind == "notice":
                return NumberingStyle("Part {n}", "{n}.", "({a})", "{n}.", c.notice_items, False, self.numeral, c.inserted)
            return NumberingStyle("Part {n}", "Chapter {n}", "Section {n}", "Article {n}", c.items, True,
                                  self.numeral, c.inserted)
        s = self.script
        if kind == "notice":
            return NumberingStyle(s("第{cn}编"), "{cn}、", "（{cn}）", "{n}.", c.notice_items, False, self.numeral,
                                  c.inserted)
        return NumberingStyle(s("第{cn}编"), "第{cn}章", s("第{cn}节"), s("第{cn}条"), c.items, True, self.numeral,
                              c.inserted)

    @property
    def deleted_mark(self) -> str:
        """Return what a deleted article prints: （删去） (prc), （刪除） (tw), (Deleted)."""
        return self.script(self.convention.deleted)

    def appendix_label(self, n: int) -> str:
        """Return the label of the n-th appendix: 附录一, 附錄一, Appendix 1."""
        if self.cjk:
            return f"{self.labels['appendix']}{self.numeral(n)}"
        return f"{self.labels['appendix']} {n}"

    def appendix_heading(self, n: int, title: str) -> str:
        """Return 附录一　岗位职责索引 or Appendix 1. Role index."""
        return f"{self.appendix_label(n)}　{title}" if self.cjk else f"{self.appendix_label(n)}. {title}"

    def policy_ref(self, title: str, article: str | None = None) -> str:
        """Return a reference to another policy: 《title》第五条, or "Title, Article 5"."""
        if self.cjk:
            return f"《{title}》{article or ''}"
        return f"{title}, {article}" if article else title

    def join(self, names: list[str]) -> str:
        """Return names joined as a list: 甲、乙 or A, B."""
        return self.list_sep.join(names)


_HTML_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en"}
_WORD_LANGS = {"zh-Hans": ("en-US", "zh-CN"), "zh-Hant": ("en-US", "zh-TW"), "en": ("en-GB", "zh-CN")}


def default_convention(language: str) -> str:
    """Return the convention used when a policy names none: prc for zh-Hans, tw for zh-Hant."""
    return {"zh-Hans": "prc", "zh-Hant": "tw"}.get(language, "en")


@cache
def locale_for(language: str, convention: str | None = None) -> Locale:
    """Return the locale of ``language`` numbered by ``convention`` (default by language).

    English keeps its own numbering whatever ``convention`` says.
    """
    if language not in LANGUAGES:
        raise KeyError(language)
    name = "en" if language == "en" else (convention or default_convention(language))
    cjk = language != "en"
    return Locale(
        language=language,
        convention=CONVENTIONS[name],
        html_lang=_HTML_LANG[language],
        word_langs=_WORD_LANGS[language],
        labels=MappingProxyType(LABELS[language]),
        colon="：" if cjk else ": ",
        list_sep="、" if cjk else ", ",
        default_theme="gbt9704" if cjk else "modern",
    )


def style_for(kind: str, language: str, convention: str | None = None) -> NumberingStyle:
    """Return the numbering style of a document kind in a language (and convention)."""
    return locale_for(language, convention).style(kind)


__all__ = ["CONVENTIONS", "CONVENTION_NAMES", "LANGUAGES", "Convention", "Locale", "default_convention", "locale_for", "style_for"]
