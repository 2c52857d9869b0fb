"""Words the versioning outputs print, per language (revision notes, table captions)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "added": "新增条款",
        "deleted": "删除条款",
        "amended": "修改条文内容",
        "title_changed": "修改条文标题",
        "moved": "条文顺序调整，原{old}调整为{new}",
        "moved_chapter": "条文移至{chapter}",
        "chapter_added": "新增{label}",
        "chapter_removed": "删除{label}",
        "chapter_renamed": "{label}标题由“{old}”修改为“{new}”",
        "renumbered_tail": "注：其余条文未作实质修改，序号相应调整。",
        "versions": "{old_version}版 → {new_version}版",
        "sep": "；",
        "none": "（无）",
        "no_changes": "两个版本的条文没有实质变化。",
    },
    "zh-Hant": {
        "added": "新增條文",
        "deleted": "刪除條文",
        "amended": "修正條文內容",
        "title_changed": "修正條文標題",
        "moved": "條次調整，原{old}移列為{new}",
        "moved_chapter": "條文移列至{chapter}",
        "chapter_added": "新增{label}",
        "chapter_removed": "刪除{label}",
        "chapter_renamed": "{label}標題由「{old}」修正為「{new}」",
        "renumbered_tail": "註：其餘條文未作實質修正，條次配合調整。",
        "versions": "{old_version}版 → {new_version}版",
        "sep": "；",
        "none": "（無）",
        "no_changes": "兩個版本的條文沒有實質變化。",
    },
    "en": {
        "added": "New article",
        "deleted": "Article deleted",
        "amended": "Text amended",
        "title_changed": "Heading amended",
        "moved": "Order changed: formerly {old}, now {new}",
        "moved_chapter": "Moved to {chapter}",
        "chapter_added": "{label} added",
        "chapter_removed": "{label} removed",
        "chapter_renamed": "{label} renamed from “{old}” to “{new}”",
        "renumbered_tail": "Note: the other articles are unchanged in substance and renumbered accordingly.",
        "versions": "version {old_version} → {new_version}",
        "sep": "; ",
        "none": "(none)",
        "no_changes": "The articles of the two versions do not differ in substance.",
    },
}


def words_for(language: str) -> dict[str, str]:
    """Return the versioning words of ``language`` (English for unknown languages)."""
    return WORDS.get(language, WORDS["en"])
