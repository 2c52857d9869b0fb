"""Load policy and project files from a path, a string or a dict.

Every function returns a validated model or raises
:class:`policygen.errors.ValidationError` carrying every problem of the source,
each with ``file:line:col`` (or the key path, for dicts).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from ..errors import PolicygenError, Problem, ValidationError
from ..model import Policy, Project
from ..model.rules import check_policy
from .messages import problems_from
from .source import Positions, decode, parse

M = TypeVar("M", bound=BaseModel)
Source = str | os.PathLike[str] | dict[str, Any]


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_source(path: str | os.PathLike[str]) -> tuple[str | None, list[Problem], str]:
    """Return (text, problems, display name) of a file."""
    p = Path(path)
    name = _display(p)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise PolicygenError(f"{name}: no such file — check the path") from None
    except IsADirectoryError:
        raise PolicygenError(f"{name}: is a folder — give a .yaml file") from None
    except OSError as exc:
        raise PolicygenError(f"{name}: cannot be read ({exc.strerror}) — check the path") from None
    text, problems = decode(raw, name)
    return text, problems, name


def _validate(model: type[M], data: Any, positions: Positions | None, source: str) -> tuple[M | None, list[Problem]]:
    if not isinstance(data, dict):
        what = type(data).__name__ if data is not None else "nothing"
        line, col = positions.of(()) if positions else (0, 0)
        return None, [Problem(source, line, col, f"expected a mapping of keys at the top level, got {what} — start with `format: 1`", key_path=("<root>",))]
    try:
        return model.model_validate(data), []
    except PydanticValidationError as exc:
        return None, problems_from(exc, data, positions, source, model.__name__)


def _located(findings: list[Any], positions: Positions | None, source: str) -> list[Problem]:
    out = []
    for f in findings:
        if positions is not None:
            line, col = positions.of(f.path) if f.ref is None else positions.of_ref(f.path, f.ref)
            out.append(Problem(source, line, col, f.message, f.severity, f.path))
        else:
            out.append(Problem(source, 0, 0, f.message, f.severity, f.path or ("<root>",)))
    return out


Others = dict[str, set[str]]


def check_text(text: str, source: str, model: type[M], others: Others | None = None) -> tuple[M | None, list[Problem]]:
    """Return the model read from YAML ``text`` (or None) and every problem found.

    ``others`` maps the project's other policies to their ids, so that
    references to them are checked (see :func:`policygen.model.rules.check_policy`).
    """
    parsed = parse(text, source)
    if parsed.problems and parsed.data is None:
        return None, parsed.problems
    obj, problems = _validate(model, parsed.data, parsed.positions, source)
    problems = parsed.problems + problems
    if isinstance(obj, Policy):
        problems += _located(check_policy(obj, others), parsed.positions, source)
    problems.sort()
    if any(p.severity == "error" for p in problems):
        return None, problems
    return obj, problems


def check_data(
    data: dict[str, Any], source: str, model: type[M], others: Others | None = None
) -> tuple[M | None, list[Problem]]:
    """Return the model validated from a dict (or None) and every problem found."""
    obj, problems = _validate(model, data, None, source)
    if isinstance(obj, Policy):
        problems += _located(check_policy(obj, others), None, source)
    problems.sort(key=lambda p: str(p))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return obj, problems


def check(
    source: Source, model: type[M], *, name: str | None = None, others: Others | None = None
) -> tuple[M | None, list[Problem]]:
    """Return (model or None, problems) for a path, YAML text or dict."""
    if isinstance(source, dict):
        return check_data(source, name or "<dict>", model, others)
    if isinstance(source, str) and _looks_like_yaml(source):
        return check_text(source, name or "<string>", model, others)
    text, problems, shown = read_source(source)
    if text is None:
        return None, problems
    obj, more = check_text(text, name or shown, model, others)
    if isinstance(obj, Policy):
        obj._source_path = str(Path(source).resolve())
    return obj, more


def _looks_like_yaml(value: str) -> bool:
    return "\n" in value or ":" in value.split("/")[0] and not value.endswith((".yaml", ".yml"))


def load_policy(source: Source, *, name: str | None = None) -> Policy:
    """Return the validated policy from a path, YAML text or dict; raise ValidationError."""
    obj, problems = check(source, Policy, name=name)
    if obj is None:
        raise ValidationError(problems)
    obj._warnings = [p for p in problems if p.severity == "warning"]
    return obj


def load_project(source: Source, *, name: str | None = None) -> Project:
    """Return the validated project file from a path, YAML text or dict."""
    obj, problems = check(source, Project, name=name)
    if obj is None:
        raise ValidationError(problems)
    return obj


__all__ = ["check", "load_policy", "load_project", "read_source"]
