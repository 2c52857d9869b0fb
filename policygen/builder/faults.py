"""What a killed or failed run leaves behind, and making sure it is not left for long.

* Worker processes watch their parent and exit when it is gone, so ``kill -9``
  of a build leaves no worker rendering for nobody.
* Temporary files and folders carry the process id of the run that made them
  (``.<name>.<pid>.<random>.tmp`` beside outputs, ``policygen-<kind>-<pid>-<random>``
  in the temporary folder); the next run removes those whose process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WATCH_INTERVAL = 0.25  # seconds between a worker's checks that its parent lives
LEGACY_AGE = 6 * 3600  # leftovers named without a process id are removed when older than this

_TMP_FILE = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")  # write_atomic and release staging
_TMP_LEGACY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
_RUN_DIR = re.compile(r"^policygen-[a-z]+-(\d+)-")
_RUN_LEGACY = re.compile(r"^policygen-uno-[A-Za-z0-9_]{8}$")


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        if os.getppid() != parent:  # re-parented: the process that started this worker is gone
            os._exit(70)


def worker_init() -> None:
    """Start, in a pool worker, a watchdog that ends the worker when its parent dies.

    Polling ``getppid`` rather than ``PR_SET_PDEATHSIG``: the death signal follows
    the *thread* that started the worker, and pools may start workers from a
    short-lived thread; polling also works for the spawn and forkserver methods.
    """
    thread = threading.Thread(target=_watch_parent, args=(os.getppid(),), name="policygen-parent-watch", daemon=True)
    thread.start()


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """Return a process pool whose workers exit when this process dies."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=worker_init)


def alive(pid: int) -> bool:
    """Return True when a process with this id exists (or may: it belongs to someone else)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_tempdir(kind: str) -> tempfile.TemporaryDirectory[str]:
    """Return a temporary folder named for this run, so a later run can remove it if this one dies."""
    return tempfile.TemporaryDirectory(prefix=f"policygen-{kind}-{os.getpid()}-")


def _stale(name: str, path: Path, own: re.Pattern[str], legacy: re.Pattern[str], now: float) -> bool:
    m = own.match(name)
    if m:
        return int(m.group(1)) != os.getpid() and not alive(int(m.group(1)))
    if legacy.match(name):
        try:
            return now - path.lstat().st_mtime > LEGACY_AGE
        except OSError:
            return False
    return False


def remove_leftovers(*folders: Path) -> list[Path]:
    """Remove temporary files and staging folders of dead runs in ``folders``; return what was removed."""
    removed: list[Path] = []
    now = time.time()
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            if _stale(path.name, path, _TMP_FILE, _TMP_LEGACY, now) and _remove(path):
                removed.append(path)
    return removed


def remove_dead_run_dirs(temp: Path | None = None) -> list[Path]:
    """Remove ``policygen-*`` folders of dead runs from the temporary folder; return what was removed."""
    root = Path(temp or tempfile.gettempdir())
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for path in entries:
        if (
            path.name.startswith("policygen-") and path.is_dir() and not path.is_symlink()
            and _stale(path.name, path, _RUN_DIR, _RUN_LEGACY, now) and _remove(path)
        ):
            removed.append(path)
    return removed


Snapshot = dict[Path, tuple[int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Return (inode, mtime) of every visible file under ``folder``, to tell later which were rewritten."""
    out: Snapshot = {}
    if folder.is_dir():
        for path in folder.rglob("*"):
            if not path.name.startswith(".") and path.is_file():
                st = path.stat()
                out[path] = (st.st_ino, st.st_mtime_ns)
    return out


def changes(before: Snapshot, folder: Path) -> tuple[list[Path], list[Path]]:
    """Return (files written since ``before``, files of ``before`` left as they were)."""
    after = snapshot(folder)
    written = sorted(p for p, stamp in after.items() if before.get(p) != stamp)
    kept = sorted(p for p, stamp in before.items() if after.get(p) == stamp)
    return written, kept


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        return False
    return True


__all__ = ["alive", "changes", "process_pool", "remove_dead_run_dirs", "remove_leftovers", "run_tempdir", "snapshot", "worker_init"]
