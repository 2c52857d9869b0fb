"""The Jinja2 environment and HTML rendering: the single layout source.

Built-in templates live in the top-level ``templates/`` folder (shipped in the
wheel as ``policygen.templates``); a user folder is searched first, so users
override a template or extend one and replace blocks. Templates use
``StrictUndefined`` and autoescaping; YAML text only ever arrives as data.
"""

from __future__ import annotations

import functools
from importlib import resources
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..errors import RenderError
from ..resolver.document import ResolvedDocument, RichText
from ..resolver.locale import locale_for
from .coverage import FALLBACK_FAMILIES
from .fonts import installed_families
from .gbt import grid_values, masthead_layout, seal_step
from .theme import Theme, theme_for


def builtin_templates_dir() -> Path:
    """Return the folder of the built-in templates."""
    try:
        path = Path(str(resources.files("policygen.templates")))
        if (path / "base.html.j2").is_file():
            return path
    except ModuleNotFoundError:  # pragma: no cover - running from a bare checkout
        pass
    return Path(__file__).resolve().parents[2] / "templates"


def rich(value: RichText | str | None) -> Markup:
    """Return escaped HTML of a resolved text, with references as links."""
    if value is None:
        return Markup("")
    if isinstance(value, str):
        return escape(value)
    out = []
    for span in value.spans:
        text = escape(span.text)
        out.append(Markup('<a class="ref" href="#{}">{}</a>').format(span.href, text) if span.href else text)
    return Markup("").join(out)


@functools.lru_cache(maxsize=16)
def environment(templates_dir: str | None = None) -> jinja2.Environment:
    """Return the Jinja environment; ``templates_dir`` is searched before the built-ins."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir:
        if not Path(templates_dir).is_dir():
            raise RenderError(f"{templates_dir}: template folder does not exist — fix `templates:` in policygen.yaml")
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    builtin = jinja2.FileSystemLoader(str(builtin_templates_dir()))
    loaders.append(builtin)
    # "builtin/x.html.j2" always names the shipped template, so an override can extend it
    loaders.append(jinja2.PrefixLoader({"builtin": builtin}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rich"] = rich
    env.filters["file_uri"] = file_uri
    env.globals["gbt_masthead"] = masthead_layout
    env.globals["gbt_grid"] = grid_values
    env.globals["gbt_seal_step"] = lambda issuers, theme: seal_step([i.name for i in issuers], theme)
    return env


def file_uri(path: str) -> str:
    """Return the file:// URL of an absolute path (seal and attachment images)."""
    return Path(path).as_uri()


def render_template(
    name: str,
    context: dict[str, Any],
    *,
    language: str,
    theme: str | Theme,
    templates_dir: str | None = None,
    doc_themes: Mapping[str, tuple[Theme, str]] | None = None,
) -> str:
    """Return the HTML of template ``name`` with the theme's stylesheet inlined.

    ``doc_themes`` maps the ids of documents set in a theme or language of
    their own (a Traditional-Chinese policy in a Simplified booklet) to that
    theme and language. Each such theme's stylesheet is added, scoped to
    ``.pg-scope-N``; the template finds ``doc_scopes[id]`` = (class, lang)
    for the element holding that document.
    """
    env = environment(str(templates_dir) if templates_dir else None)
    theme_obj = theme if isinstance(theme, Theme) else theme_for(theme, language)
    locale = locale_for(language)
    try:
        ctx = {
            "theme": theme_obj,
            "language": language,
            "html_lang": locale.html_lang,
            "locale": locale,
            "booklet": False,
            "watermark": None,
            "doc_number": None,
            "bookmarks_articles": False,
        }
        ctx.update(context)
        css = env.get_template("style.css.j2").render(**ctx, fonts=_font_stacks(theme_obj))
        scopes: dict[str, tuple[str, str]] = {}
        scoped_css: dict[tuple[str, str], str] = {}  # (theme name, language) → scope class
        for doc_id, (doc_theme, doc_language) in (doc_themes or {}).items():
            if doc_theme == theme_obj and doc_language == language:
                continue
            key = (doc_theme.name, doc_language)
            if key not in scoped_css:
                scope = f"pg-scope-{len(scoped_css) + 1}"
                sheet = env.get_template("style.css.j2").render(
                    **{**ctx, "theme": doc_theme, "language": doc_language}, fonts=_font_stacks(doc_theme)
                )
                scoped_css[key] = scope
                css += f"\n/* {doc_theme.name}, {doc_language}: documents in .{scope} */\n" + scope_stylesheet(sheet, "." + scope)
            scopes[doc_id] = (scoped_css[key], locale_for(doc_language).html_lang)
        ctx["doc_scopes"] = scopes
        ctx["css"] = Markup(css)
        return env.get_template(name).render(**ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc) or name
        raise RenderError(f"{where}: {exc.message} (while rendering {name}) — check the template override") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found — check the templates folder") from None


def scope_stylesheet(css: str, scope: str) -> str:
    """Return the style rules of ``css`` limited to the elements inside ``scope`` (a selector).

    ``html`` and ``body`` name the scope element itself (``html[lang="en"] .x``
    becomes ``.scope[lang="en"] .x``); every other selector is limited to the
    scope's descendants and, when it starts with a class or attribute, also
    to the scope element itself (``.regulation .x`` holds inside
    ``<div class="scope regulation">``). ``@media`` blocks are scoped the same way; ``@page`` and other
    at-rules are left out, since pages and fonts belong to the whole document.
    """
    import tinycss2

    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            selectors = ", ".join(_scoped_selector(s, scope) for s in _split_selectors(tinycss2.serialize(rule.prelude)))
            out.append(f"{selectors} {{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            inner = scope_stylesheet(tinycss2.serialize(rule.content), scope)
            out.append(f"@media {tinycss2.serialize(rule.prelude).strip()} {{\n{inner}}}")
    return "".join(line + "\n" for line in out)


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list at its top-level commas (not those inside ``:is(…)``)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _scoped_selector(selector: str, scope: str) -> str:
    head = selector.split(None, 1)[0]
    for root in ("html", "body", ":root"):
        if head == root or (head.startswith(root) and head[len(root)] in ".[:#"):
            return scope + selector[len(root):]
    if selector[0] in ".[:#":  # ``.regulation .x`` may start at the scope element itself
        return f"{scope} {selector}, {scope}{selector}"
    return f"{scope} {selector}"


def _template_frame(exc: BaseException) -> str | None:
    """Return ``file:line`` of the innermost template frame of ``exc``.

    Jinja rewrites tracebacks so that template code shows with the template's
    file name and line; the innermost such frame is where the error is.
    """
    where = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _font_stacks(theme: Theme) -> dict[str, str]:
    """Return a CSS font-family list per role, naming installed fonts only."""
    known = installed_families()
    out = {}
    for role, spec in theme.fonts.items():
        families = [spec.latin, *spec.families, "Noto Serif CJK SC", "Noto Sans CJK SC", *FALLBACK_FAMILIES]
        seen: list[str] = []
        for fam in families:
            if fam not in seen and (fam in known or not known):
                seen.append(fam)
        out[role] = ", ".join(f'"{f}"' for f in seen)
    return out


def document_context(doc: ResolvedDocument) -> dict[str, Any]:
    """Return the template context of one resolved document."""
    return {
        "doc": doc,
        "labels": doc.labels,
        "doc_title": doc.title,
        "version": doc.version,
        "version_label": f"{doc.labels['version']} {doc.version}",
        "doc_number": doc.doc_number,
        "watermark": doc.watermark,
        "bookmarks_articles": len(doc.iter_articles()) > 30,
    }


def render_document_html(
    doc: ResolvedDocument, *, templates_dir: str | None = None, link_targets: tuple[str, ...] = ()
) -> str:
    """Return the complete, self-contained HTML of one resolved document.

    ``link_targets`` are anchors of other documents this one links to, added as
    empty targets so that the links survive when the document is laid out alone
    as a part of a larger PDF.
    """
    return render_template(
        f"{doc.kind}.html.j2",
        {**document_context(doc), "link_targets": link_targets},
        language=doc.language,
        theme=doc.theme,
        templates_dir=templates_dir,
    )


def template_source(name: str, templates_dir: str | None = None) -> str:
    """Return how problems name template ``name``: the override file when there is one."""
    if templates_dir and (Path(templates_dir) / name).is_file():
        return str(Path(templates_dir) / name)
    if templates_dir:
        return f"{name} (with overrides from {templates_dir})"
    return name
