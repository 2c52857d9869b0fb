"""A content-addressed cache of rendered parts, and the no-op build check.

A part's key hashes everything that shapes it: its HTML (content, templates
and theme CSS), the output format, the version and code (sources and built-in
templates) of policygen and the versions of the rendering libraries. A rebuild re-renders only parts whose key changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from .._version import __version__
from ..renderer.html import builtin_templates_dir
from ..renderer.output import write_atomic


def _lib_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("weasyprint", "python-docx", "pikepdf", "jinja2"):
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:  # pragma: no cover
            out.append(f"{name}=?")
    return ";".join(out)


def _code_digest() -> str:
    """Return a hash of policygen's own code and built-in templates.

    The version number alone misses edits between releases (editable installs,
    patched templates): the no-op check then called stale outputs up to date and
    a DOCX part cached under ``repr(doc)`` outlived a change of the writer.
    """
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    files = sorted(package.rglob("*.py")) + sorted(p for p in builtin_templates_dir().iterdir() if p.is_file())
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@functools.cache
def salt() -> str:
    """Return what every key starts from: policygen's version and code, the rendering libraries' versions."""
    return f"policygen={__version__};code={_code_digest()};{_lib_versions()}"


def key_of(*parts: str | bytes) -> str:
    """Return the hex sha256 of the salt and ``parts``."""
    h = hashlib.sha256(salt().encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
    return h.hexdigest()


class Cache:
    """Files under ``<root>/objects/<key>.<ext>`` with a JSON side file for metadata."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.used: set[str] = set()

    def get(self, key: str, ext: str) -> tuple[bytes, dict[str, Any]] | None:
        path = self.objects / f"{key}.{ext}"
        self.used.add(path.name)
        try:
            data = path.read_bytes()
            meta_path = self.objects / f"{key}.{ext}.json"
            meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
            self.used.add(meta_path.name)
            return data, meta
        except FileNotFoundError:
            return None

    def put(self, key: str, ext: str, data: bytes, meta: dict[str, Any] | None = None) -> None:
        path = self.objects / f"{key}.{ext}"
        write_atomic(path, data)
        self.used.add(path.name)
        if meta is not None:
            write_atomic(self.objects / f"{key}.{ext}.json", json.dumps(meta).encode())
            self.used.add(f"{key}.{ext}.json")

    def prune(self) -> None:
        """Delete cached objects this build did not use."""
        if not self.objects.is_dir():
            return
        for path in self.objects.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def fingerprint(files: list[Path], extra: str) -> str:
    """Return a hash of the bytes of ``files`` (sorted) and ``extra``."""
    h = hashlib.sha256(salt().encode())
    h.update(extra.encode())
    for path in sorted(set(files)):
        h.update(str(path).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()


def input_files(root: Path, project_file: Path, policies_dir: str, templates: str | None, reference: str | None) -> list[Path]:
    """Return every file whose bytes can change a project build."""
    files = [project_file]
    folder = root / policies_dir
    if folder.is_dir():
        files += [p for p in folder.rglob("*") if p.is_file()]
    for extra in (templates, reference):
        if extra:
            path = root / extra
            files += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return files


def record_build(cache_root: Path, print_: str, outputs: list[tuple[Path, str, int | None]]) -> None:
    """Remember a successful build: its input fingerprint and each output's (path, format, pages) and hash."""
    entries = [
        {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "fmt": fmt, "pages": pages}
        for path, fmt, pages in outputs
    ]
    record = {"fingerprint": print_, "outputs": entries}
    write_atomic(cache_root / "last-build.json", json.dumps(record, indent=1, sort_keys=True).encode())


def up_to_date(cache_root: Path, print_: str) -> list[tuple[Path, str, int, int | None]] | None:
    """Return (path, format, size, pages) of the last build's outputs if its inputs equal ``print_`` and outputs are intact."""
    try:
        record = json.loads((cache_root / "last-build.json").read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("fingerprint") != print_:
        return None
    found = []
    entries = record.get("outputs")
    if not isinstance(entries, list):
        return None
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            return None
        path = Path(entry["path"])
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            return None
        found.append((path, str(entry.get("fmt")), len(data), entry.get("pages")))
    return found


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly it; return True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


__all__ = ["Cache", "fingerprint", "input_files", "key_of", "record_build", "up_to_date", "write_if_changed"]
