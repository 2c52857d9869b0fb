"""Turn Pydantic validation errors into located, actionable problems."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from ..errors import Problem
from ..model import issue as issue_models
from ..model import policy as policy_models
from ..model.project import Project
from .source import Path, Positions


def _all_fields() -> dict[str, set[str]]:
    models: list[type[BaseModel]] = [
        policy_models.Policy,
        policy_models.Chapter,
        policy_models.Section,
        policy_models.Article,
        policy_models.Paragraph,
        policy_models.Item,
        policy_models.Role,
        policy_models.Channel,
        policy_models.ChangelogEntry,
        issue_models.Issuer,
        issue_models.Attachment,
        issue_models.AttachmentTable,
        Project,
    ]
    return {m.__name__: set(m.model_fields) for m in models}


FIELDS = _all_fields()

# Which model sits under a key, to suggest the right field names.
_CHILD_MODEL = {
    "chapters": "Chapter",
    "sections": "Section",
    "articles": "Article",
    "paragraphs": "Paragraph",
    "items": "Item",
    "roles": "Role",
    "channels": "Channel",
    "changelog": "ChangelogEntry",
    "issuers": "Issuer",
    "attachments": "Attachment",
    "table": "AttachmentTable",
}


def model_at(path: Path, root: str) -> str:
    """Return the name of the model that validates the mapping at ``path``."""
    name = root
    for part in path:
        if isinstance(part, str) and part in _CHILD_MODEL:
            name = _CHILD_MODEL[part]
    return name


def suggest(word: str, choices: set[str] | list[str]) -> str:
    """Return " Did you mean 'x'?" for the closest choice, or ''."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" — did you mean '{match[0]}'?" if match else ""


def data_path(loc: tuple[Any, ...], data: Any) -> Path:
    """Return the part of a Pydantic ``loc`` that exists in ``data``."""
    path: list[str | int] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and isinstance(part, str) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict | list):
            if isinstance(part, str) and part in FIELDS.get("Policy", set()) | _field_names():
                # a missing key: stop here, the parent is the place to fix
                break
            continue  # a union/validator tag such as 'function-before[...]'
        else:
            break
    return tuple(path)


def _field_names() -> set[str]:
    out: set[str] = set()
    for names in FIELDS.values():
        out |= names
    return out


def problems_from(
    exc: PydanticValidationError, data: Any, positions: Positions | None, source: str, root: str
) -> list[Problem]:
    """Return one located problem per Pydantic error."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = data_path(loc, data)
        kind = err["type"]
        message = _message(err, loc, path, root)
        is_key = kind == "extra_forbidden"
        if positions is not None:
            line, col = positions.of(path, key=is_key)
            out.append(Problem(source, line, col, message, key_path=path))
        else:
            shown = path + ((loc[-1],) if kind == "missing" else ())
            out.append(Problem(source, 0, 0, message, key_path=shown or ("<root>",)))
    return out


def _message(err: Any, loc: tuple[Any, ...], path: Path, root: str) -> str:
    kind = err["type"]
    field = next((p for p in reversed(loc) if isinstance(p, str) and p in _field_names()), None)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = model_at(path[:-1], root)
        hint = suggest(key, FIELDS.get(model, _field_names())) or " — remove it or see the format reference"
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        missing = str(loc[-1])
        return f"missing required key '{missing}' — add `{missing}:` here"
    if kind == "literal_error":
        if field == "format":
            return f"unsupported format {_show(value)} — this version of policygen reads `format: 1`"
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        close = difflib.get_close_matches(_show(value), choices, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? Use one of {expected}" if close else f"use one of {expected}"
        return f"{field}: {_show(value)} is not allowed — {hint}"
    if kind == "string_pattern_mismatch":
        if field == "version" or "version" in loc:
            return f"version {_show(value)} is not MAJOR.MINOR[.PATCH] — write it in quotes, e.g. \"1.0\""
        return (
            f"{field}: {_show(value)} is not a valid id — use lowercase letters a-z, digits and '-', "
            "e.g. 'customer-service'"
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{field}: {_show(value)} is not a valid date — write a real day as YYYY-MM-DD"
    if kind in ("string_type", "str_type") and isinstance(value, list):
        return f"{field}: expected text, got a list — write the text after the key; quote it if it starts with '['"
    if kind in ("string_type", "str_type") and isinstance(value, dict):
        return f"{field}: expected text, got a mapping — write the text after the key; quote it if it holds ': ' or starts with '{{'"
    if kind in ("string_type", "str_type"):
        return f"{field}: expected text, got {_describe(value)} — quote it or write plain text"
    if kind == "list_type":
        return f"{field}: expected a list, got {_describe(value)} — write one entry per `- ` line"
    if kind in ("model_type", "dict_type", "model_attributes_type") and field in ("items", "paragraphs"):
        return f"{field}: expected text or a mapping with `text:`, got {_describe(value)} — quote it"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{field or 'entry'}: expected a mapping of keys, got {_describe(value)}"
    if kind in ("too_short", "string_too_short"):
        return f"{field}: must not be empty — give at least one entry"
    if kind == "string_too_long":
        return f"{field}: too long — {err['msg'].lower()}"
    return f"{field or 'value'}: {err['msg']}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return f"the number {_show(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _show(value)


def _show(value: Any, limit: int = 60) -> str:
    """Return a short printable form of a value: never the whole of a huge number or text."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
