"""Load policy and project files from a path, from YAML text or from a mapping.

Each input has its own function, so a path is never parsed as YAML and YAML
text is never opened as a file. Every function returns a validated model or
raises :class:`policygen.errors.ValidationError` carrying every problem of the
source, each with ``file:line:col`` (or the key path, for mappings).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from ..errors import PathError, Problem, Severity, ValidationError
from ..model import Policy, Project
from ..model.limits import check_limits
from ..model.rules import Finding, check_policy
from .files import check_files
from .messages import problems_from
from .precheck import unfit_in_data
from .salvage import salvage_findings
from .source import ParseMemo, Positions, decode, parse_kept

M = TypeVar("M", bound=BaseModel)
PathLike = str | os.PathLike[str]
Others = dict[str, set[str]]  # the project's other policies and their ids, for [[policy-id#id]]
YAML_SUFFIXES = (".yaml", ".yml")


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _as_path(path: object, func: str) -> Path:
    """Return ``path`` as a Path; raise TypeError for anything but str and PathLike."""
    if isinstance(path, bytes | bytearray | memoryview):
        raise TypeError(
            f"{func}() takes a path (str or os.PathLike), not bytes — "
            "for YAML content call policygen.loads(data.decode('utf-8'))"
        )
    if isinstance(path, Mapping):
        raise TypeError(f"{func}() takes a path (str or os.PathLike), not a mapping — call policygen.load_data(mapping)")
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{func}() takes a path (str or os.PathLike), not {type(path).__name__}")
    return Path(path)


def read_source(path: PathLike) -> tuple[str | None, list[Problem], str]:
    """Return (text, problems, display name) of a policy or project file.

    Raises :class:`PathError` when ``path`` does not name a readable ``.yaml``
    or ``.yml`` file; nothing else is opened.
    """
    p = _as_path(path, "load")
    name = _display(p)
    try:
        is_dir, missing = p.is_dir(), False
    except FileNotFoundError:  # pragma: no cover - is_dir() reports a missing path as False
        is_dir, missing = False, True
    except OSError as exc:
        raise PathError(f"{name}: cannot be read ({exc.strerror}) — check the path") from None
    if p.suffix.lower() not in YAML_SUFFIXES and not is_dir:  # nothing else is ever opened
        raise PathError(f"{name}: not a .yaml or .yml file — give the path of a policy file (YAML text goes to policygen.loads())")
    if missing or not p.exists():
        raise PathError(f"{name}: no such file — check the path")
    if is_dir:
        raise PathError(f"{name}: is a folder — give a .yaml file")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PathError(f"{name}: cannot be read ({exc.strerror}) — check the path") from None
    text, problems = decode(raw, name)
    return text, problems, name


def _validate(
    model: type[M], data: Any, positions: Positions | None, source: str, others: Others | None = None
) -> tuple[M | None, list[Problem]]:
    if not isinstance(data, dict):
        what = type(data).__name__ if data is not None else "nothing"
        line, col = positions.of(()) if positions else (0, 0)
        return None, [Problem(source, line, col, f"expected a mapping of keys at the top level, got {what} — start with `format: 1`", key_path=("<root>",))]
    try:
        obj = model.model_validate(data)
    except PydanticValidationError as exc:
        problems = problems_from(exc, data, positions, source, model.__name__)
        if model is Policy:  # the rules across fields still run on the well-formed parts
            problems += _located(salvage_findings(data, exc.errors(include_url=False)), positions, source)
        return None, problems
    if isinstance(obj, Policy):
        return obj, _located(check_policy(obj, others) + check_limits(obj), positions, source)
    return obj, []


def _located(findings: list[Finding], positions: Positions | None, source: str) -> list[Problem]:
    out = []
    for f in findings:
        if positions is not None:
            line, col = positions.of(f.path) if f.ref is None else positions.of_ref(f.path, f.ref)
            out.append(Problem(source, line, col, f.message, _severity(f.severity), f.path))
        else:
            out.append(Problem(source, 0, 0, f.message, _severity(f.severity), f.path or ("<root>",)))
    return out


def _severity(value: str) -> Severity:
    return "warning" if value == "warning" else "note" if value == "note" else "error"


def _result(obj: M | None, problems: list[Problem]) -> tuple[M | None, list[Problem]]:
    if any(p.severity == "error" for p in problems):
        return None, problems
    return obj, problems


def check_text(
    text: str, source: str, model: type[M], others: Others | None = None, *, base: Path | None = None,
    memo: ParseMemo | None = None,
) -> tuple[M | None, list[Problem]]:
    """Return the model read from YAML ``text`` (or None) and every problem found, sorted.

    ``others`` maps the project's other policies to their ids, so that references
    to them are checked (see :func:`policygen.model.rules.check_policy`). Files the
    text names (seals, attached files) are looked up under ``base`` (the file's
    folder; the working directory for text without a file). ``memo`` keeps
    parsed documents between calls (see :class:`ParseMemo`).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected YAML text (str), not {type(text).__name__}")
    parsed = parse_kept(text, source, memo)
    if parsed.problems and parsed.data is None:
        return None, parsed.problems
    obj, problems = _validate(model, parsed.data, parsed.positions, source, others)
    if isinstance(obj, Policy):
        obj._positions = parsed.positions
    if isinstance(obj, Policy | Project):
        problems += _located(check_files(obj, base or Path.cwd()), parsed.positions, source)
    return _result(obj, sorted(parsed.problems + problems))


def check_data(data: Mapping[str, Any], source: str, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Return the model validated from a mapping (or None) and every problem found, sorted by key path."""
    unfit = unfit_in_data(data, source)
    if unfit:  # characters no document can hold: refused before the model sees them
        return None, unfit
    obj, problems = _validate(model, dict(data), None, source)
    return _result(obj, sorted(problems, key=str))


def check_file(
    path: PathLike, model: type[M], others: Others | None = None, memo: ParseMemo | None = None
) -> tuple[M | None, list[Problem]]:
    """Return (model or None, problems) of the file at ``path``; raise PathError when it cannot be read."""
    text, problems, shown = read_source(path)
    if text is None:
        return None, problems
    obj, more = check_text(text, shown, model, others, base=Path(path).resolve().parent, memo=memo)
    if isinstance(obj, Policy):
        obj._source_path = str(Path(path).resolve())
    return obj, more


def _raise_or_policy(obj: Policy | None, problems: list[Problem]) -> Policy:
    if obj is None:
        raise ValidationError(problems)
    obj._warnings = [p for p in problems if p.severity == "warning"]
    return obj


def load_policy(path: PathLike) -> Policy:
    """Return the validated policy of the file at ``path``; raise ValidationError or PathError."""
    return _raise_or_policy(*check_file(_as_path(path, "load"), Policy))


def loads_policy(text: str, *, name: str = "<string>") -> Policy:
    """Return the validated policy parsed from YAML ``text``; ``name`` is shown in problems."""
    if isinstance(text, bytes | bytearray | memoryview):
        raise TypeError("loads() takes YAML text (str), not bytes — decode it first: policygen.loads(data.decode('utf-8'))")
    if not isinstance(text, str):
        raise TypeError(f"loads() takes YAML text (str), not {type(text).__name__} — for a path call policygen.load(path)")
    return _raise_or_policy(*check_text(text, name, Policy))


def load_policy_data(data: Mapping[str, Any], *, name: str = "<dict>") -> Policy:
    """Return the validated policy from a mapping (as parsed from JSON); problems carry key paths."""
    if not isinstance(data, Mapping):
        raise TypeError(f"load_data() takes a mapping, not {type(data).__name__} — for a path call policygen.load(), for YAML text policygen.loads()")
    return _raise_or_policy(*check_data(data, name, Policy))


def load_project(path: PathLike) -> Project:
    """Return the validated project file (``policygen.yaml``) at ``path``."""
    obj, problems = check_file(_as_path(path, "load_project"), Project)
    if obj is None:
        raise ValidationError(problems)
    return obj


__all__ = [
    "check_data",
    "check_file",
    "check_text",
    "load_policy",
    "load_policy_data",
    "load_project",
    "loads_policy",
    "read_source",
]
