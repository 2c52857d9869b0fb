"""Release a policy: an archived, hashed copy of exactly what was published.

``release`` writes ``releases/<id>/<version>/`` with the PDF, DOCX and HTML
(``<id>-v<version>.<ext>``), the source YAML as released (``<id>.yaml``) and
``manifest.json``. The folder is assembled in a temporary folder next to it
and renamed into place in one step; nothing under ``releases/`` is ever
overwritten or deleted. Releasing the same source again changes nothing.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PolicygenError, ReleaseError, ValidationError
from ..loader import loads_policy
from ..loader.source import decode
from ..model import Policy
from ..builder.policies import BuildOptions, find_project, options_from_project
from ..loader import load_project
from .._version import __version__
from ..renderer import render

FORMATS = ("pdf", "docx", "html")
MANIFEST = "manifest.json"
REFUSED_STATUSES = ("draft", "review")
PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class ReleaseResult:
    """What ``release`` did: the folder, whether it was created now, and each file's sha256."""

    policy_id: str
    version: str
    directory: Path
    created: bool
    files: dict[str, str]

    def message(self) -> str:
        """Return a one-line report for the console."""
        if self.created:
            return f"released {self.policy_id} {self.version} into {self.directory} ({len(self.files)} files)"
        return f"{self.policy_id} {self.version} is already released in {self.directory} with this source — nothing to do"


def sha256(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def release_dir(releases_dir: str | os.PathLike[str], policy_id: str, version: str) -> Path:
    """Return ``releases/<id>/<version>``."""
    return Path(releases_dir) / policy_id / version


def source_name(policy_id: str) -> str:
    """Return the file name of the source YAML inside a release folder."""
    return f"{policy_id}.yaml"


def check_releasable(policy: Policy, where: str) -> None:
    """Raise ReleaseError when ``policy`` may not be released as it stands."""
    if policy.status in REFUSED_STATUSES:
        raise ReleaseError(
            f"{where}: status is '{policy.status}' — a {policy.status} cannot be released; "
            "set `status: approved` or `published` once it is signed off"
        )
    if policy.version not in [e.version for e in policy.changelog]:
        raise ReleaseError(
            f"{where}: version {policy.version} has no changelog entry — add "
            f"`- {{version: \"{policy.version}\", date: {policy.issued.isoformat()}, summary: …}}` under `changelog:`"
        )


def release(
    policy_path: str | os.PathLike[str],
    releases_dir: str | os.PathLike[str] = "releases",
    *,
    options: Any = None,
) -> ReleaseResult:
    """Return the result of releasing the policy file at ``policy_path`` into ``releases_dir``.

    Raises :class:`ReleaseError` for a draft or review, a version missing from
    the changelog, or a version already released from a different source.
    ``options`` are :class:`policygen.builder.policies.BuildOptions`; by default they come
    from the nearest ``policygen.yaml``.
    """
    raw, text, shown = _read(policy_path)
    policy = loads_policy(text, name=shown)
    check_releasable(policy, shown)
    target = release_dir(releases_dir, policy.id, policy.version)
    source_hash = sha256(raw)
    existing = _existing(target)
    if existing is not None:
        if existing.get("source", {}).get("sha256") == source_hash:
            files = {name: entry["sha256"] for name, entry in existing.get("files", {}).items()}
            files[MANIFEST] = sha256((target / MANIFEST).read_bytes())
            return ReleaseResult(policy.id, policy.version, target, False, dict(sorted(files.items())))
        raise ReleaseError(
            f"{shown}: {policy.id} {policy.version} is already released in {target} with different content "
            f"— run `policygen bump {shown} --patch --summary \"…\"` (or --minor/--major) to make a new version"
        )

    options = options if options is not None else _project_options(Path(policy_path))
    files = _render_all(policy, raw, source_hash, options)
    _publish(files, target)
    return ReleaseResult(policy.id, policy.version, target, True, {n: sha256(d) for n, d in sorted(files.items())})


def _read(path: str | os.PathLike[str]) -> tuple[bytes, str, str]:
    """Return (bytes, text, display name) of a policy file, read once."""
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise PolicygenError(f"{shown}: no such file — check the path") from None
    except IsADirectoryError:
        raise PolicygenError(f"{shown}: is a folder — give a .yaml file") from None
    text, problems = decode(raw, shown)
    if text is None:
        raise ValidationError(problems)
    return raw, text, shown


def _existing(target: Path) -> dict[str, Any] | None:
    if not target.exists():
        return None
    manifest = target / MANIFEST
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        raise ReleaseError(
            f"{target} exists but has no readable {MANIFEST} — it was not made by `policygen release`; "
            "move it away by hand (policygen never deletes anything under releases/)"
        ) from None
    return data if isinstance(data, dict) else {}


def _project_options(policy_path: Path) -> Any:
    project_file = find_project(policy_path.resolve().parent)
    if project_file is None:
        return BuildOptions()
    return options_from_project(load_project(project_file), project_file.parent, BuildOptions())


def manifest_bytes(policy: Policy, source_hash: str, files: dict[str, bytes]) -> bytes:
    """Return ``manifest.json``: hashes and sizes of ``files``, source hash, versions, release date."""
    data = {
        "policy": policy.id,
        "title": policy.title,
        "version": policy.version,
        "status": policy.status,
        "release_date": policy.issued.isoformat(),
        "effective": policy.effective.isoformat(),
        "policygen_version": __version__,
        "source": {"file": source_name(policy.id), "sha256": source_hash},
        "files": {name: {"sha256": sha256(d), "size": len(d)} for name, d in sorted(files.items())},
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _render_all(policy: Policy, raw: bytes, source_hash: str, options: Any) -> dict[str, bytes]:
    """Return every file of the release by name (manifest included)."""
    kwargs = {
        "organisation": options.organisation,
        "theme": options.theme,
        "templates_dir": options.templates_dir,
        "reference_docx": options.reference_docx,
    }
    base = f"{policy.id}-v{policy.version}"
    files: dict[str, bytes] = {source_name(policy.id): raw}
    files[f"{base}.html"] = render(policy, "html", **kwargs)
    files[f"{base}.docx"] = render(policy, "docx", **kwargs)
    # The PDF carries the source and a manifest of the other files (it cannot hash itself).
    embedded = manifest_bytes(policy, source_hash, files)
    attachments = {source_name(policy.id): raw, MANIFEST: embedded}
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A without closing it (a ResourceWarning)
        warnings.simplefilter("ignore", ResourceWarning)
        files[f"{base}.pdf"] = render(policy, "pdf", pdf_variant=options.pdf_variant or PDF_VARIANT,
                                      attachments=attachments, **kwargs)
        gc.collect()
    files[MANIFEST] = manifest_bytes(policy, source_hash, {k: v for k, v in files.items() if k != MANIFEST})
    return files


def _publish(files: dict[str, bytes], target: Path) -> None:
    """Write ``files`` into a temporary folder beside ``target``, then rename it to ``target``."""
    from ..builder.faults import remove_leftovers

    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent)  # staging folders of releases that were killed
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent))
    try:
        for name, data in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(staging, 0o755)
        if target.exists():  # someone released it meanwhile: never replace
            raise ReleaseError(f"{target} appeared while releasing — run `policygen release` again")
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # our own staging folder, never a release
        raise
    _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_released(releases_dir: str | os.PathLike[str], policy_id: str, version: str) -> tuple[bytes, str]:
    """Return (source bytes, display name) of a released version; raise PolicygenError if absent."""
    folder = release_dir(releases_dir, policy_id, version)
    candidates = [folder / source_name(policy_id)]
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            name = json.loads(manifest.read_text("utf-8"))["source"]["file"]
            candidates.insert(0, folder / name)
        except (ValueError, KeyError, TypeError):
            pass
    for path in candidates:
        if path.is_file():
            return path.read_bytes(), str(path)
    known = sorted(p.name for p in (Path(releases_dir) / policy_id).glob("*") if p.is_dir() and not p.name.startswith("."))
    hint = f"released versions: {', '.join(known)}" if known else f"nothing of {policy_id} is released in {releases_dir}"
    raise PolicygenError(f"{policy_id}@{version}: no such release in {releases_dir} — {hint}")
