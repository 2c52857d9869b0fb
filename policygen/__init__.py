"""policygen: company regulations written as YAML, rendered to PDF, DOCX and HTML.

The public API::

    import policygen
    policy = policygen.load("policies/crm-regulations.yaml")   # loads(text), load_data(mapping)
    doc = policygen.resolve(policy)                            # numbered, references resolved
    pdf = policygen.render(policy, "pdf")                      # bytes, no disk needed

Every user mistake raises :class:`policygen.ValidationError` whose ``problems``
carry ``file:line:col`` (or a key path for dicts).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

from .errors import (
    PathError,
    PolicygenError,
    Problem,
    ReleaseError,
    RenderError,
    SourceError,
    TemplateError,
    ValidationError,
)
from .loader import load_policy, load_policy_data, load_project, loads_policy
from ._version import __version__
from .builder.options import Output
from .model import Policy, Project
from .renderer import Format
from .renderer import render as render_policy
from .resolver import ResolvedDocument, resolve_policy
from .builder.plan import build_project_folder
from .builder.policies import BuildOptions



def load(path: str | os.PathLike[str]) -> Policy:
    """Return the validated policy of the ``.yaml`` file at ``path``.

    ``path`` is always a path, never YAML text (use :func:`loads`). Raises
    :class:`PathError` when the file does not exist or is not a ``.yaml`` or
    ``.yml`` file, :class:`ValidationError` listing every problem with its
    ``file:line:col``.
    """
    return load_policy(path)


def loads(text: str, *, name: str = "<string>") -> Policy:
    """Return the validated policy parsed from YAML ``text``; ``name`` is the file name shown in problems.

    ``text`` is never opened as a file. Raises :class:`ValidationError`.
    """
    return loads_policy(text, name=name)


def load_data(data: Mapping[str, Any], *, name: str = "<dict>") -> Policy:
    """Return the validated policy from a mapping (as parsed from JSON, a form or a database).

    Problems carry the key path (``articles[0].text``) instead of a line.
    """
    return load_policy_data(data, name=name)


def _policy(value: object, func: str) -> Policy | ResolvedDocument:
    """Return ``value`` as a policy: a Policy as it is, a path through load(), a mapping through load_data()."""
    if isinstance(value, Policy | ResolvedDocument):
        return value
    if isinstance(value, Mapping):
        return load_data(value)
    if isinstance(value, str | os.PathLike):
        return load(value)  # always a path: YAML text goes through loads() first
    raise TypeError(
        f"{func}() takes a Policy, a path or a mapping, not {type(value).__name__} — "
        "for YAML text call policygen.loads(text) first"
    )


def resolve(policy: Policy | ResolvedDocument | str | os.PathLike[str] | Mapping[str, Any], *, organisation: str | None = None, theme: str | None = None) -> ResolvedDocument:
    """Return the resolved document (numbering, references, labels) of a policy.

    ``policy`` is a :class:`Policy`, or a path (read with :func:`load`) or a
    mapping (validated with :func:`load_data`); YAML text goes through :func:`loads` first.
    """
    checked = _policy(policy, "resolve")
    if isinstance(checked, ResolvedDocument):
        return checked
    return resolve_policy(checked, organisation=organisation, theme=theme)


def render(
    policy: Policy | ResolvedDocument | str | os.PathLike[str] | Mapping[str, Any],
    fmt: Format,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    templates_dir: str | os.PathLike[str] | None = None,
    reference_docx: str | os.PathLike[str] | None = None,
    pdf_variant: str | None = None,
    attachments: Mapping[str, bytes] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> bytes:
    """Return ``policy`` rendered as ``"pdf"``, ``"docx"`` or ``"html"`` bytes.

    ``policy`` is what :func:`resolve` takes, or a :class:`ResolvedDocument`.

    Nothing of the caller's process changes: no environment variable, no
    logger level, no working directory. The only file written is the
    page-number glyph cache, in ``cache_dir`` (default: the per-user cache
    folder when writable, else a temporary folder, else nothing — memory only).
    WeasyPrint's messages about the templates or CSS raise :class:`RenderError`
    naming the template.
    """
    return render_policy(
        _policy(policy, "render"),
        fmt,
        organisation=organisation,
        theme=theme,
        templates_dir=os.fspath(templates_dir) if templates_dir is not None else None,
        reference_docx=os.fspath(reference_docx) if reference_docx is not None else None,
        pdf_variant=pdf_variant,
        attachments=dict(attachments) if attachments else None,
        cache_dir=os.fspath(cache_dir) if cache_dir is not None else None,
    )


def build(
    path: str | os.PathLike[str] = ".",
    *,
    formats: Sequence[Format] | None = None,
    out: str | os.PathLike[str] | None = None,
    jobs: int = 2,
    executor: Executor | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    allow_outside: bool = False,
) -> list[Output]:
    """Build a project folder (each policy and the booklet) and return the outputs.

    Validates everything first (raising :class:`ValidationError` with every
    problem before anything is written). Parts render on ``executor`` (any
    :class:`concurrent.futures.Executor`; by default a process pool of
    ``jobs`` workers) and are cached in ``cache_dir`` (default
    ``<project>/.policygen-cache``); when nothing changed since the last
    build, nothing is rendered and every output has ``rendered == False``.
    ``progress(label, done, total)`` is called as each part finishes. A project
    whose ``output`` or ``policies_dir`` lies outside its folder is refused
    unless ``allow_outside``.
    """
    from pathlib import Path


    base = BuildOptions(
        formats=tuple(formats) if formats else BuildOptions().formats,
        out=Path(out) if out is not None else Path("build"),
        jobs=jobs,
        cache_dir=Path(cache_dir) if cache_dir is not None else None,
        allow_outside=allow_outside,
    )
    result = build_project_folder(
        os.fspath(path), base, out_given=out is not None, formats_given=bool(formats), progress=progress, executor=executor
    )
    return list(result.outputs)


__all__ = [
    "Output",
    "PathError",
    "Policy",
    "PolicygenError",
    "Problem",
    "Project",
    "ReleaseError",
    "RenderError",
    "ResolvedDocument",
    "SourceError",
    "TemplateError",
    "ValidationError",
    "__version__",
    "build",
    "load",
    "load_data",
    "load_project",
    "loads",
    "render",
    "resolve",
]
