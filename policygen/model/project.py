"""Pydantic model of the project file ``policygen.yaml``; no I/O here."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .issue import Issuer
from .base import Strict
from .policy import Language, Text

Format = Literal["pdf", "docx", "html"]
ALL_FORMATS: tuple[Format, ...] = ("pdf", "docx", "html")


class Project(Strict):
    """The project file: organisation, booklet, policy order, theme and outputs."""

    format: Literal[1] = Field(description="Format version of the file; 1.")
    organisation: str = Field(min_length=1, description="Organisation name, shown on covers and notices.")
    title: str = Field(min_length=1, description="Booklet title, e.g. 客户管理规章制度汇编.")
    edition: str | None = Field(None, description="Edition of the booklet, e.g. 2024年版.")
    date: dt.date | None = Field(None, description="Booklet date, YYYY-MM-DD; defaults to the latest issue date.")
    language: Language = Field("zh-Hans", description="Default language of the booklet.")
    preface: list[Text] = Field(default_factory=list, description="Optional preface (编制说明) paragraphs.")
    policies_dir: str = Field("policies", description="Folder holding the policy files, inside the project folder (elsewhere only with --allow-outside).")
    policies: list[str] = Field(
        default_factory=list,
        description="Policy ids (or .yaml paths) in booklet order; empty means every file in policies_dir.",
    )
    issuers: list[Issuer] = Field(default_factory=list, description="Default issuers (发文机关) of notices; seals relative to this file.")
    printed_by: str | None = Field(None, description="Default printing office (印发机关) in the 版记.")
    theme: Literal["gbt9704", "modern"] | None = Field(None, description="Default theme: gbt9704 | modern (by language if unset).")
    templates: str | None = Field(None, description="Folder of template overrides, searched first.")
    reference_docx: str | None = Field(None, description="Reference .docx whose styles DOCX output uses.")
    embed_fonts: bool = Field(
        False, description="Embed subsets of the open stand-in fonts in DOCX output, for readers without Word's fonts."
    )
    formats: list[Format] = Field(default_factory=lambda: list(ALL_FORMATS), description="Output formats.")
    output: str = Field("build", description="Output folder, inside the project folder (elsewhere only with --allow-outside).")
    booklet_drafts: Literal["warn", "include", "exclude"] = Field(
        "warn",
        description="Draft and review policies in the booklet: warn (included, validate warns), include, or exclude.",
    )
