"""A content-addressed cache of rendered parts, and the no-op build check.

A part's key hashes everything that shapes it: its HTML (content, templates
and theme CSS), the output format, the version and code (sources and built-in
templates) of policygen and the versions of the rendering libraries. A rebuild re-renders only parts whose key changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import WriteError
from ..loader.source import Parsed
from ..renderer.fontmerge import KnownFonts
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
    from ..renderer.compact import signature

    # laid out with compact faces or not, a part's font programs differ
    return f"policygen={__version__};code={_code_digest()};{_lib_versions()};faces={signature()}"


def key_of(*parts: str | bytes) -> str:
    """Return the hex sha256 of the salt and ``parts``."""
    h = hashlib.sha256(salt().encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
    return h.hexdigest()


class Cache:
    """Entries under ``<root>/objects/<key>.<ext>``: each one file, a header line then the data.

    The header holds the data's size and sha256 and the entry's metadata, so an
    entry is written as one unit and verified when read: a partial or damaged
    entry is a cache miss, never an error.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.used: set[str] = set()

    def get(self, key: str, ext: str) -> tuple[bytes, dict[str, Any]] | None:
        """Return (data, metadata) of an entry, or None when it is missing, partial or damaged."""
        path = self.objects / f"{key}.{ext}"
        self.used.add(path.name)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        entry = _unpack(raw)
        if entry is None:
            path.unlink(missing_ok=True)  # damaged: rendered again and rewritten
            return None
        return entry

    def put(self, key: str, ext: str, data: bytes, meta: dict[str, Any] | None = None) -> None:
        """Store an entry as one file (header with checksum, then data); a cache that cannot be written is skipped."""
        path = self.objects / f"{key}.{ext}"
        try:
            write_atomic(path, _pack(data, meta or {}))
        except WriteError:
            return  # the cache only saves time; the output write reports a full disk
        self.used.add(path.name)

    def prune(self) -> None:
        """Delete cached objects this build did not use."""
        if not self.objects.is_dir():
            return
        for path in self.objects.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class KeptParses:
    """The loader's parsed policy files, as cache entries: a rebuild parses only the files that changed.

    Kept only for documents without problems, keyed by the text, the name it
    is shown under and policygen's own code (the cache salt). Entries are
    pickles, read back only from this build cache and checked like every entry.
    """

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def get(self, text: str, source: str) -> Parsed | None:
        hit = self.cache.get(key_of("parsed", source, text), "parsed")
        if hit is None:
            return None
        try:
            found = pickle.loads(hit[0])
        except Exception:  # an entry from another version of a library: parse again
            return None
        return found if isinstance(found, Parsed) else None

    def put(self, text: str, source: str, parsed: Parsed) -> None:
        try:
            data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # not kept: parsed again next time
        self.cache.put(key_of("parsed", source, text), "parsed", data)


class KeptFonts:
    """What each font dictionary of a laid-out part draws (``fontmerge.read_fonts``), kept beside the part.

    A rebuild's font merge then reads no font of the parts that did not change.
    Entries are pickles, read back only from this build cache and checked like every entry.
    """

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def get(self, part: str) -> KnownFonts | None:
        hit = self.cache.get(key_of("pdf-fonts", part), "fonts")
        if hit is None:
            return None
        try:
            found = pickle.loads(hit[0])
        except Exception:  # an entry from another version of a library: the merge reads the fonts
            return None
        return found if isinstance(found, dict) else None

    def put(self, part: str, fonts: KnownFonts) -> None:
        self.cache.put(key_of("pdf-fonts", part), "fonts", pickle.dumps(dict(fonts), protocol=pickle.HIGHEST_PROTOCOL))


class KeptSubsets:
    """The font merge's subsets, as cache entries (pruned like the parts when a build no longer uses them)."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def get(self, key: str) -> bytes | None:
        hit = self.cache.get(key_of("font-subset", key), "font")
        return hit[0] if hit else None

    def __setitem__(self, key: str, value: bytes) -> None:
        self.cache.put(key_of("font-subset", key), "font", value)


_MAGIC = b"policygen-cache 1\n"


def _pack(data: bytes, meta: dict[str, Any]) -> bytes:
    header = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "meta": meta}
    return _MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + data


def _unpack(raw: bytes) -> tuple[bytes, dict[str, Any]] | None:
    """Return (data, metadata) of a packed entry, or None unless it is whole and matches its checksum."""
    if not raw.startswith(_MAGIC):
        return None
    end = raw.find(b"\n", len(_MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(raw[len(_MAGIC) : end])
        data = raw[end + 1 :]
        if header["size"] != len(data) or header["sha256"] != hashlib.sha256(data).hexdigest():
            return None
        meta = header["meta"]
    except (ValueError, KeyError, TypeError):
        return None
    return (data, meta) if isinstance(meta, dict) else None


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


__all__ = ["Cache", "KeptFonts", "KeptParses", "KeptSubsets", "fingerprint", "input_files", "key_of", "record_build", "up_to_date", "write_if_changed"]
