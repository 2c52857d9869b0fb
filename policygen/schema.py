"""JSON Schemas of the policy and project files, for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .model import Policy, Project

SCHEMA_FILES = {"policy": "policy.schema.json", "project": "project.schema.json"}


def _loosen(node: Any) -> Any:
    """Allow the short forms the loader accepts: a string for an item or paragraph."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref in ("#/$defs/Item", "#/$defs/Paragraph") and len(node) == 1:
            return {"anyOf": [{"type": "string", "minLength": 1}, {"$ref": ref}]}
        return {k: _loosen(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_loosen(v) for v in node]
    return node


def build_schema(which: str) -> dict[str, Any]:
    """Return the JSON Schema of ``policy`` or ``project`` files."""
    models: dict[str, type[BaseModel]] = {"policy": Policy, "project": Project}
    model = models[which]
    schema = _loosen(model.model_json_schema())
    if which == "policy":
        value = schema["$defs"]["Channel"]["properties"]["value"]
        schema["$defs"]["Channel"]["properties"]["value"] = {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
            "description": value.get("description", ""),
            "title": value.get("title", "Value"),
        }
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"policygen/{SCHEMA_FILES[which]}",
    }
    out.update(schema)
    return out


def schema_text(which: str) -> str:
    """Return the schema as the JSON text shipped in ``schema/``."""
    return json.dumps(build_schema(which), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
