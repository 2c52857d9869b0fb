"""What a build is asked to do and what it made: plain, frozen values."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Policy
from ..renderer import FORMATS, Format
from ..resolver import IssueDefaults


@dataclass(frozen=True)
class Output:
    """One file a build wrote (or found up to date)."""

    path: Path
    fmt: Format
    size: int
    pages: int | None
    seconds: float
    rendered: bool = True


@dataclass(frozen=True)
class BuildOptions:
    """Options shared by every document of a build."""

    formats: tuple[Format, ...] = FORMATS
    out: Path = Path("build")
    organisation: str | None = None
    theme: str | None = None  # overrides every policy's theme
    project_theme: str | None = None  # used where a policy names no theme
    templates_dir: str | None = None
    reference_docx: str | None = None
    pdf_variant: str | None = None
    embed_fonts: bool = False  # DOCX: embed the stand-in fonts used (see renderer/docx/embed.py)
    jobs: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    docx_toc: str = "libreoffice"  # fill the booklet's TOC through LibreOffice where installed; "word": leave it to Word
    cache_dir: Path | None = None  # rendered parts and page-number glyphs; a project's default: <root>/.policygen-cache
    issue_defaults: IssueDefaults | None = None  # the project's issuers and printing office
    library: tuple[Policy, ...] = field(default=(), repr=False, compare=False)  # policies attachments may name
    allow_outside: bool = False  # a project's output and policies_dir may lie outside its folder


__all__ = ["BuildOptions", "Output"]
