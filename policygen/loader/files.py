"""Check the files a policy or project names (seals, attached files) exist and are what they claim."""

from __future__ import annotations

from pathlib import Path

from ..model import Policy, Project
from ..model.rules import Finding

SEAL_KINDS = ("png", "svg")
ATTACHMENT_KINDS = ("pdf", "png", "jpeg", "svg")


def sniff(path: Path) -> str | None:
    """Return 'pdf', 'png', 'jpeg' or 'svg' from a file's first bytes, or None."""
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "svg"
    return None


def _check_one(base: Path, name: str, kinds: tuple[str, ...], what: str, path: tuple[str | int, ...]) -> Finding | None:
    target = base / name
    if not target.is_file():
        return Finding(path, f"{what} file '{name}' does not exist (looked in {base}) — give a path relative to this file")
    kind = sniff(target)
    if kind not in kinds:
        shown = " or ".join(k.upper() for k in kinds)
        return Finding(path, f"{what} file '{name}' is not a {shown} file — give a {shown}")
    return None


def check_files(obj: Policy | Project, base: Path) -> list[Finding]:
    """Return a finding for every seal or attached file under ``base`` that is missing or of the wrong kind."""
    out: list[Finding] = []
    for i, issuer in enumerate(obj.issuers):
        if issuer.seal:
            found = _check_one(base, issuer.seal, SEAL_KINDS, "seal", ("issuers", i, "seal"))
            if found:
                out.append(found)
    if isinstance(obj, Policy):
        for a, attachment in enumerate(obj.attachments):
            if attachment.file:
                found = _check_one(base, attachment.file, ATTACHMENT_KINDS, "attachment", ("attachments", a, "file"))
                if found:
                    out.append(found)
    return out
