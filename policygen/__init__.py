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

from .errors import PolicygenError, Problem, ReleaseError, RenderError, SourceError, ValidationError
from .load import load_policy, load_project
from .model import Policy, Project
from .resolve import ResolvedDocument, resolve_policy

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


def __getattr__(name: str) -> Any:
    # Rendering pulls in WeasyPrint; import it only when asked for.
    if name in ("render", "build", "build_project"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)


__all__ = [
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
    "load",
    "load_project",
    "resolve",
]
