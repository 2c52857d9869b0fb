"""What every model shares: the strict base class and the slug type."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, max_length=80, description="Slug: lowercase a-z, 0-9 and '-'."),
]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


__all__ = ["SLUG_PATTERN", "Slug", "Strict"]
