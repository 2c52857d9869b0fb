"""diff: an article whose id changed but whose text did not is the same article (renamed, not deleted + added)."""

from __future__ import annotations

import copy
from typing import Any

import policygen
from policygen.versioning.diff import RENAME_THRESHOLD, diff_policies

BASE: dict[str, Any] = {
    "format": 1, "id": "visitors", "kind": "regulation", "title": "访客管理制度", "language": "zh-Hans",
    "version": "1.0", "status": "published", "issued": "2024-01-01", "effective": "2024-01-01",
    "owner": "行政部",
    "changelog": [{"version": "1.0", "date": "2024-01-01", "summary": "首次发布"}],
    "chapters": [{"id": "general", "title": "总则", "articles": [
        {"id": "purpose", "text": "为规范访客管理，保障公司办公秩序和信息安全，特制定本制度。"},
        {"id": "scope", "text": "本制度适用于公司各办公场所接待的全部来访人员。"},
        {"id": "register", "text": "访客应当在前台出示有效身份证件并登记姓名、单位、事由和被访人。"},
    ]}],
}


def _pair(mutate: Any) -> tuple[policygen.Policy, policygen.Policy]:
    new = copy.deepcopy(BASE)
    new["version"] = "1.1"
    new["changelog"] = [*new["changelog"], {"version": "1.1", "date": "2024-02-01", "summary": "修订"}]
    mutate(new["chapters"][0]["articles"])
    return policygen.load_data(copy.deepcopy(BASE), name="old.yaml"), policygen.load_data(new, name="new.yaml")


def test_renamed_id_with_same_text_is_unchanged() -> None:
    def rename(articles: list[dict[str, Any]]) -> None:
        articles[1]["id"] = "applicability"

    old, new = _pair(rename)
    changes = diff_policies(old, new)
    kinds = [(a.old.id if a.old else None, a.new.id if a.new else None, a.kind) for a in changes.articles]
    assert kinds == [("purpose", "purpose", "unchanged"), ("scope", "applicability", "unchanged"),
                     ("register", "register", "unchanged")]


def test_renamed_id_with_small_edit_is_amended() -> None:
    def rename_and_edit(articles: list[dict[str, Any]]) -> None:
        articles[2]["id"] = "sign-in"
        articles[2]["text"] = "访客应当在前台出示有效身份证件并登记姓名、单位、来访事由和被访人。"

    old, new = _pair(rename_and_edit)
    changes = diff_policies(old, new)
    third = changes.articles[2]
    assert (third.old.id, third.new.id, third.kind) == ("register", "sign-in", "amended")
    assert len(changes.articles) == 3


def test_renamed_id_with_new_text_is_deleted_and_added() -> None:
    def replace(articles: list[dict[str, Any]]) -> None:
        articles[1]["id"] = "badges"
        articles[1]["text"] = "访客凭临时证件进入办公区域，离开时交还前台。"

    old, new = _pair(replace)
    kinds = sorted(a.kind for a in diff_policies(old, new).articles)
    assert kinds == ["added", "deleted", "unchanged", "unchanged"]
    assert 0.5 < RENAME_THRESHOLD < 1
