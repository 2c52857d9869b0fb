"""HTML output: one self-contained, escaped file per policy; template overrides; a golden file.

The golden file ``tests/fixtures/golden/minimal.html`` is the HTML of the
minimal fixture with the stylesheet left out. When a template change alters it
on purpose, regenerate it with ``POLICYGEN_UPDATE_GOLDEN=1 pytest
tests/test_render_html.py`` and review the diff of the golden file.
"""

from __future__ import annotations

import difflib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import policygen
from policygen import RenderError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal/policies/minimal.yaml"
GOLDEN = FIXTURES / "golden/minimal.html"
SHIPPED = sorted((ROOT / "policies").glob("*.yaml"))
HOSTILE = "A&B <script>alert(1)</script> 甲<乙"


def policy_dict(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": 1,
        "id": "demo",
        "kind": "regulation",
        "title": "演示制度",
        "version": "1.0",
        "issued": "2024-10-01",
        "effective": "2024-10-15",
        "owner": "客户服务部",
        "status": "published",
        "chapters": [
            {
                "id": "general",
                "title": "总则",
                "articles": [
                    {"id": "purpose", "title": "目的", "text": "为规范管理，特制定本制度。"},
                    {"id": "scope", "text": "依照[[purpose]]执行。"},
                ],
            }
        ],
    }
    data.update(changes)
    return data


def html_of(source: Any, **options: Any) -> str:
    data = policygen.render(policygen.load_data(source) if isinstance(source, dict) else policygen.load(source), "html", **options)
    assert isinstance(data, bytes)
    return data.decode("utf-8")


class _Collector(HTMLParser):
    """Collects tags with their attributes and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


# --- one self-contained file ----------------------------------------------------------


@pytest.mark.parametrize("source", [MINIMAL, FIXTURES / "notice/notice.yaml", *SHIPPED], ids=lambda p: p.stem)
def test_self_contained(source: Path) -> None:
    html = html_of(source)
    assert html.startswith("<!DOCTYPE html>\n")
    page = parse(html)
    tags = [tag for tag, _ in page.tags]
    assert tags.count("html") == 1 and tags.count("style") == 1
    assert "link" not in tags and "script" not in tags and "img" not in tags
    for tag, attrs in page.tags:
        for key in ("src", "srcset", "data", "poster"):
            assert key not in attrs, (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#"), f"<{tag} href={href!r}> leaves the file"
    css = "".join(page.styles)
    assert "@page" in css and "font-family" in css
    for bad in ("url(", "@import", "http:", "https:", "file:"):
        assert bad not in css, bad
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|file:|//)""", html)


@pytest.mark.parametrize(
    ("language", "lang"), [("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW")]
)
def test_html_lang(language: str, lang: str) -> None:
    html = html_of(policy_dict(language=language))
    assert re.search(rf'<html lang="{lang}">', html)
    assert f'<article class="document" id="demo" lang="{lang}">' in html


def test_shipped_chinese_policies_say_zh_cn() -> None:
    html = html_of(ROOT / "policies/crm-regulations.yaml")
    assert '<html lang="zh-CN">' in html


def test_charset_and_title() -> None:
    html = html_of(policy_dict())
    assert '<meta charset="utf-8">' in html
    assert "<title>演示制度 v1.0</title>" in html


# --- YAML text is data ---------------------------------------------------------------


def test_yaml_text_is_escaped() -> None:
    data = policy_dict(title=f"制度{HOSTILE}", owner="A&B部")
    data["preamble"] = [HOSTILE]
    data["chapters"][0]["articles"].append({"id": "hostile", "title": "A&B", "text": HOSTILE, "items": [HOSTILE]})
    html = html_of(data)
    assert "<script" not in html.lower()
    assert "A&B" not in html, "a bare & reached the HTML"
    assert "甲<乙" not in html
    assert html.count("A&amp;B &lt;script&gt;alert(1)&lt;/script&gt; 甲&lt;乙") >= 4  # title ×2, preamble, article, item
    assert '<meta name="author" content="A&amp;B部">' in html
    # the text reads back exactly
    text = "".join(parse(html).text)
    assert HOSTILE in text and "A&B部" in text


def test_yaml_text_is_not_template_source() -> None:
    html = html_of(policy_dict(preamble=["{{ 7 * 7 }} {% if true %}x{% endif %}"]))
    assert "{{ 7 * 7 }} {% if true %}x{% endif %}" in html
    assert ">49<" not in html


# --- references ----------------------------------------------------------------------


def test_references_link_to_the_article_anchor() -> None:
    html = html_of(policy_dict())
    doc = policygen.resolve(policygen.load_data(policy_dict()))
    purpose = next(a for a in doc.iter_articles() if a.id == "purpose")
    assert purpose.anchor == "demo--purpose"
    assert f'<div class="article" id="{purpose.anchor}">' in html
    assert f'依照<a class="ref" href="#{purpose.anchor}">{purpose.ref_label}</a>执行。' in html
    ids = {attrs.get("id") for _, attrs in parse(html).tags}
    hrefs = [attrs["href"] for tag, attrs in parse(html).tags if tag == "a" and attrs.get("href")]
    assert hrefs and all(h[1:] in ids for h in hrefs)


def test_cross_references_fixture_links_resolve() -> None:
    page = parse(html_of(FIXTURES / "cross-refs/cross-refs.yaml"))
    ids = [attrs.get("id") for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "duplicate anchors"
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href")]
    assert hrefs
    for href in hrefs:
        assert href[1:] in ids, href


# --- template overrides --------------------------------------------------------------


def test_override_extends_builtin_and_replaces_a_block(tmp_path: Path) -> None:
    (tmp_path / "regulation_body.html.j2").write_text(
        '{% extends "builtin/regulation_body.html.j2" %}\n'
        '{% block title %}<h1 class="doc-title house-style">{{ doc.title }}｜{{ doc.owner }}</h1>{% endblock %}\n',
        encoding="utf-8",
    )
    html = html_of(policy_dict(), templates_dir=str(tmp_path))
    assert '<h1 class="doc-title house-style">演示制度｜客户服务部</h1>' in html
    assert '<div class="meta">' not in html, "the replaced block still rendered"
    assert '<h2 class="chapter-title">第一章 总则</h2>' in html, "blocks not overridden are kept"
    # without the folder, the built-in template again
    assert "house-style" not in html_of(policy_dict())


def test_override_of_a_whole_template(tmp_path: Path) -> None:
    (tmp_path / "base.html.j2").write_text(
        '{% extends "builtin/base.html.j2" %}{% block running %}<p class="house-banner">内部资料</p>{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    # regulation.html.j2 extends "base.html.j2": the user's base is found first
    html = html_of(policy_dict(), templates_dir=str(tmp_path))
    assert '<p class="house-banner">内部资料</p><div class="running"' in html
    assert '<meta name="author" content="客户服务部">' in html


def test_strict_undefined_names_the_template(tmp_path: Path) -> None:
    override = tmp_path / "regulation_body.html.j2"
    override.write_text(
        '{% extends "builtin/regulation_body.html.j2" %}\n{% block title %}\n<h1>{{ doc.no_such_field }}</h1>\n{% endblock %}\n',
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as caught:
        html_of(policy_dict(), templates_dir=str(tmp_path))
    message = str(caught.value)
    assert f"{override}:3:" in message
    assert "no_such_field" in message and "regulation.html.j2" in message


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    override = tmp_path / "regulation_body.html.j2"
    override.write_text("<p>\n{% if doc.title %}\n</p>\n", encoding="utf-8")
    with pytest.raises(RenderError, match=rf"^{re.escape(str(override))}:\d+: template syntax error"):
        html_of(policy_dict(), templates_dir=str(tmp_path))


def test_missing_template_folder(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="template folder does not exist"):
        html_of(policy_dict(), templates_dir=str(tmp_path / "nowhere"))


# --- golden file ---------------------------------------------------------------------


def normalise(html: str) -> str:
    """Leave out the stylesheet (it depends on installed fonts) and blank lines."""
    html = re.sub(r"<style>.*?</style>", "<style>/* theme stylesheet */</style>", html, flags=re.S)
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip()) + "\n"


def test_golden_minimal() -> None:
    actual = normalise(html_of(MINIMAL))
    if os.environ.get("POLICYGEN_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
        pytest.skip(f"rewrote {GOLDEN} — review its diff before committing")
    expected = GOLDEN.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), str(GOLDEN), "rendered"
            )
        )
        print(diff)
        pytest.fail(
            f"HTML of {MINIMAL.name} differs from {GOLDEN.name} (diff above). If the change is intended, "
            "run `POLICYGEN_UPDATE_GOLDEN=1 pytest tests/test_render_html.py` and review the golden file's diff."
        )


def test_scoped_stylesheet_limits_every_rule_to_the_scope() -> None:
    from policygen.renderer.html import scope_stylesheet

    css = (
        'html { font-family: "A"; } body { margin: 0 } html[lang="en"] .num { x: 1 }\n'
        ".regulation .t, p:is(.a, .b) { y: 2 } h1 { z: 3 }\n"
        "@page { size: A4; @top-left { content: none } } @font-face { font-family: F; src: local(F) }\n"
        "@media screen { .s { w: 4 } }"
    )
    assert scope_stylesheet(css, ".k").splitlines() == [
        '.k { font-family: "A"; }',
        ".k { margin: 0 }",
        '.k[lang="en"] .num { x: 1 }',
        ".k .regulation .t, .k.regulation .t, .k p:is(.a, .b) { y: 2 }",
        ".k h1 { z: 3 }",
        "@media screen {",
        ".k .s, .k.s { w: 4 }",
        "}",
    ]
