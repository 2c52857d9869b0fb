"""签收: receipts and registers proving that employees were given a released policy, and who has not signed.

``acknowledge`` writes, for a released policy version (or the booklet of
released policies) and a roster, one 签收回执 page per employee and a
签收登记表 per department; ``acknowledge_status`` compares a signed list with
the roster. Both read only ``releases/`` and the files given.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .register import write_registers
from .released import (
    BOOKLET,
    Subject,
    Workspace,
    load_release,
    load_subject,
    only_released,
    parse_spec,
    workspace,
)
from .roster import Employee, Roster, read_roster
from .signed import SignedList, read_signed
from .status import StatusReport, compute_status

__all__ = [
    "AcknowledgeResult", "Employee", "Roster", "SignedList", "StatusReport", "Subject", "Workspace",
    "acknowledge", "acknowledge_status", "output_folder", "read_roster", "read_signed", "workspace",
]


@dataclass(frozen=True)
class AcknowledgeResult:
    """What ``acknowledge`` wrote: the folder, the combined receipts PDF and every other file."""

    subject: Subject
    roster: Roster
    folder: Path
    receipts: Path
    receipt_pages: int
    files: list[Path] = field(default_factory=list)


def output_folder(ws: Workspace, subject: Subject, out: str | os.PathLike[str] | None) -> Path:
    """Return ``<out>/acknowledge/<id>-v<version>`` (``booklet`` for the booklet)."""
    base = Path(out) if out else ws.root / (ws.project.output if ws.project else "build")
    name = BOOKLET if subject.kind == BOOKLET else f"{subject.id}-v{subject.version}"
    return base / "acknowledge" / name


def acknowledge(
    spec: str | None,
    roster_path: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    split: bool = False,
    encoding: str | None = None,
    releases: str | os.PathLike[str] | None = None,
    ws: Workspace | None = None,
    progress: Callable[[int], None] | None = None,
) -> AcknowledgeResult:
    """Return what was written for ``spec`` (``POLICY[@VERSION]``, ``booklet`` or None) and the roster.

    Raises ValidationError (roster problems, characters no font has) or PolicygenError.
    """
    from ..renderer.fonts import require_cjk_fonts
    from ..renderer.output import write_atomic
    from .receipt import check_glyphs, theme_of, write_receipts, write_split

    ws = ws or workspace(releases)
    subject = load_subject(ws, spec)
    roster = read_roster(roster_path, roles=subject.catalog, encoding=encoding)
    theme = theme_of(subject)
    require_cjk_fonts(theme)
    check_glyphs(roster, theme)
    folder = output_folder(ws, subject, out)
    templates = _templates_dir(ws)
    receipts = folder / "receipts.pdf"
    pages = write_receipts(subject, roster, receipts, templates_dir=templates, progress=progress)
    files = [receipts]
    if split:
        files += write_split(subject, roster, folder / "receipts", templates_dir=templates)
    files += write_registers(subject, roster, folder, templates_dir=templates)
    if subject.listing:
        listing = folder / "booklet-releases.json"  # its sha256 is the hash the booklet receipts print
        write_atomic(listing, subject.listing)
        files.append(listing)
    return AcknowledgeResult(subject, roster, folder, receipts, pages, files)


def _templates_dir(ws: Workspace) -> str | None:
    if ws.project is not None and ws.project.templates:
        return str(ws.root / ws.project.templates)
    return None


def acknowledge_status(
    spec: str | None,
    roster_path: str | os.PathLike[str],
    signed_path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    releases: str | os.PathLike[str] | None = None,
    ws: Workspace | None = None,
) -> StatusReport:
    """Return who signed the current version of the policy ``spec`` names (latest release unless @VERSION)."""
    from .released import SpecError

    ws = ws or workspace(releases)
    policy_id, version = parse_spec(spec) if spec else (only_released(ws), None)
    if policy_id == BOOKLET:
        raise SpecError("status works per policy — name one of the booklet's policies")
    policy = load_release(ws, policy_id, version)
    roster = read_roster(roster_path, encoding=encoding)
    signed = read_signed(signed_path, encoding=encoding)
    return compute_status(ws, policy, roster, signed)
