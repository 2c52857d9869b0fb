"""Atomic writes: a failed build never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import WriteError


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``mode`` sets the permissions (default: readable as the umask allows, like a new file).
    The temporary file is ``.<name>.<pid>.<random>.tmp``, so that a later run can
    tell one left by a killed process. Raises :class:`WriteError` naming ``path``
    when the disk is full, read-only or not writable.
    """
    try:
        _write(path, data, mode)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(_shown(path), exc.strerror or str(exc)) from exc


def _shown(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _write(path: Path, data: bytes, mode: int | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    """Return the process umask without changing it (Linux); elsewhere read it by setting it back."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - not Linux
    os.umask(mask)
    return mask
