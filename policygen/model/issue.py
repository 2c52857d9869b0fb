"""Pydantic models of what an issued document (公文) carries beyond its body.

发文机关 (issuers) with their 发文机关标志 and 印章, and 附件 (attachments).
No I/O here: file names are checked by the loader.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from .base import Slug, Strict


class Issuer(Strict):
    """An issuing organ (发文机关); the first is the host, several mean 联合行文."""

    name: str = Field(min_length=1, description="The issuer's name as signed (发文机关署名).")
    masthead: str | None = Field(None, description="The red masthead (发文机关标志), e.g. 示例科技有限公司文件; default: name.")
    seal: str | None = Field(None, description="Seal (印章) image, PNG with transparency or SVG, relative to this file.")


class AttachmentTable(Strict):
    """A table given in the YAML: column headings and rows of cells."""

    columns: list[str] = Field(min_length=1, description="Column headings.")
    rows: list[list[str]] = Field(default_factory=list, description="Rows, each a list of cell texts.")

    @model_validator(mode="before")
    @classmethod
    def _cells_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("rows"), list):
            value = dict(value)
            value["rows"] = [
                [str(c) if isinstance(c, int | float) and not isinstance(c, bool) else c for c in row]
                if isinstance(row, list) else row
                for row in value["rows"]
            ]
        return value


class Attachment(Strict):
    """An attachment (附件): a title and exactly one of table, policy or file."""

    title: str = Field(min_length=1, description="The attachment's title, as listed in 附件说明.")
    table: AttachmentTable | None = Field(None, description="A table typed in the YAML.")
    policy: Slug | None = Field(None, description="Id of another policy of the project, rendered in place.")
    file: str | None = Field(None, description="A PDF or image (PNG, JPEG, SVG), relative to this file, appended as is.")

    @property
    def sources(self) -> list[str]:
        """Return the names of the sources given (table, policy, file)."""
        return [k for k in ("table", "policy", "file") if getattr(self, k) is not None]
