"""policygen: company regulations written as YAML, rendered to PDF, DOCX and HTML.

The public API::

    import policygen
    policy = policygen.load("policies/crm-regulations.yaml")   # or YAML text, or a dict
    doc = policygen.resolve(policy)                            # numbered, references resolved
    pdf = policygen.render(policy, "pdf")                      # bytes, no disk needed

Every user mistake raises :class:`policygen.ValidationError` whose ``problems``
carry ``file:line:col`` (or a key path for dicts).
"""

from __future__ import annotations

from typing import Any

from .errors import PathError, PolicygenError, Problem, ReleaseError, RenderError, SourceError, ValidationError
from .loader import load_policy, load_project
from .model import Policy, Project
from .resolver import ResolvedDocument, resolve_policy

__version__ = "0.1.0"


def load(source: Any, *, name: str | None = None) -> Policy:
    """Return the validated policy read from a path, YAML text or a dict.

    Raises :class:`ValidationError` listing every problem with its location.
    """
    return load_policy(source, name=name)


def resolve(policy: Policy | Any, *, organisation: str | None = None, theme: str | None = None) -> ResolvedDocument:
    """Return the resolved document (numbering, references, labels) of a policy.

    ``policy`` may be a :class:`Policy` or anything :func:`load` accepts.
    """
    if not isinstance(policy, Policy):
        policy = load(policy)
    return resolve_policy(policy, organisation=organisation, theme=theme)


def render(policy: Policy | Any, fmt: str, **options: Any) -> bytes:
    """Return ``policy`` rendered as ``"pdf"``, ``"docx"`` or ``"html"`` bytes, without touching the disk.

    ``policy`` may be a :class:`Policy`, a :class:`ResolvedDocument` or anything
    :func:`load` accepts. Options: ``organisation``, ``theme`` (gbt9704 | modern),
    ``templates_dir``, ``reference_docx``, ``pdf_variant`` (e.g. "pdf/a-3b"),
    ``attachments`` (name → bytes, embedded in the PDF).
    """
    from .renderer import render as _render

    if not isinstance(policy, Policy | ResolvedDocument):
        policy = load(policy)
    return _render(policy, fmt, **options)


def build(
    path: str = ".", *, formats: tuple[str, ...] | None = None, out: str | None = None, jobs: int = 2, allow_outside: bool = False
) -> list[Any]:
    """Build a project folder (booklet and each policy) and return the outputs written.

    Raises :class:`ValidationError` with every problem before anything is written,
    including an ``output`` or ``policies_dir`` outside the project folder unless
    ``allow_outside``.
    """
    from pathlib import Path

    from .builder.project import build_project
    from .builder.policies import BuildOptions, load_checked, options_from_project

    policies, project, project_path = load_checked([path], allow_outside=allow_outside)
    if project is None or project_path is None:
        raise PolicygenError(f"{path}: no policygen.yaml — build single policies with render()")
    root = project_path.parent
    base = BuildOptions(formats=formats or tuple(project.formats), out=Path(out) if out else root / project.output, jobs=jobs)
    return build_project(project, root, policies, options_from_project(project, root, base))


__all__ = [
    "PathError",
    "PolicygenError",
    "Policy",
    "Problem",
    "Project",
    "ReleaseError",
    "RenderError",
    "ResolvedDocument",
    "SourceError",
    "ValidationError",
    "__version__",
    "build",
    "load",
    "load_project",
    "render",
    "resolve",
]
