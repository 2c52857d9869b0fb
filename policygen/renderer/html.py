"""The Jinja2 environment and HTML rendering: the single layout source.

Built-in templates live in the top-level ``templates/`` folder (shipped in the
wheel as ``policygen.templates``); a user folder is searched first, so users
override a template or extend one and replace blocks. Templates use
``StrictUndefined`` and autoescaping; YAML text only ever arrives as data.
"""

from __future__ import annotations

import functools
from importlib import resources
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
) -> str:
    """Return the HTML of template ``name`` with the theme's stylesheet inlined."""
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
        ctx["css"] = Markup(css)
        return env.get_template(name).render(**ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc) or name
        raise RenderError(f"{where}: {exc.message} (while rendering {name}) — check the template override") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found — check the templates folder") from None


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
