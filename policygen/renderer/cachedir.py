"""Where the renderer may keep files between calls, and only there.

The caller names the folder (``cache_dir=``). Without one, the per-user cache
folder (``$XDG_CACHE_HOME/policygen`` or ``~/.cache/policygen``) is used when
it can be created and written, else a per-user folder in the system's
temporary folder, else nothing: results then live in memory for the process.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from .output import write_atomic


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


@functools.lru_cache(maxsize=1)
def _default() -> Path | None:
    candidates = []
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        candidates.append(Path(xdg) / "policygen")
    home = os.environ.get("HOME") or os.path.expanduser("~")
    if home and home != "~":
        candidates.append(Path(home) / ".cache" / "policygen")
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    shared = Path(tempfile.gettempdir()) / f"policygen-{uid}"
    for folder in candidates:
        if _writable(folder):
            return folder
    if _writable(shared) and shared.stat().st_uid == uid:  # not a folder another user planted
        return shared
    return None


def cache_folder(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the folder to keep cached files in, or None for memory only.

    An explicit folder is created when missing; when it cannot be written,
    nothing is cached on disk.
    """
    if explicit is not None:
        folder = Path(explicit)
        return folder if _writable(folder) else None
    return _default()


def read_cached(folder: Path | None, name: str) -> bytes | None:
    """Return the bytes of ``name`` in ``folder``, or None."""
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write_cached(folder: Path | None, name: str, data: bytes) -> None:
    """Keep ``data`` as ``name`` in ``folder`` when there is one; a failed write is not an error."""
    if folder is None:
        return
    try:
        write_atomic(folder / name, data)
    except OSError:
        pass


__all__ = ["cache_folder", "read_cached", "write_cached"]
