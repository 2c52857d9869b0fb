"""``policygen bump``: start a new version of a policy by editing its YAML in place.

The file is edited with ruamel.yaml's round-trip mode, so comments, key
order, quoting and flow/block styles stay as the author wrote them: the
version is raised, a changelog entry is appended and the status goes back to
``draft``. The indentation style is detected by checking which setting
reproduces the file unchanged. The result is validated before anything is
written, and written atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from ..errors import PolicygenError, ReleaseError
from ..loader import loads_policy
from ..renderer.output import write_atomic
from ..model.policy import VERSION_PATTERN

Part = Literal["major", "minor", "patch"]

# (mapping, sequence, offset) indentations tried, most common first
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (4, 2, 0), (3, 5, 3))


@dataclass(frozen=True)
class BumpResult:
    """What ``bump`` did (or would do, with ``dry_run``): versions, texts and their unified diff."""

    path: Path
    old_version: str
    new_version: str
    before: str
    after: str
    written: bool

    @property
    def diff(self) -> str:
        """Return the unified diff of the file, as ``--dry-run`` prints it."""
        name = self.path.as_posix()
        old, new = (name, name) if self.path.is_absolute() else (f"a/{name}", f"b/{name}")
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                            fromfile=old, tofile=new))


def next_version(version: str, part: Part) -> str:
    """Return ``version`` raised by one ``major``, ``minor`` or ``patch`` step (1.1 → 2.0 / 1.2 / 1.1.1)."""
    match = re.match(VERSION_PATTERN, version)
    if not match:
        raise PolicygenError(f"version {version!r} is not MAJOR.MINOR[.PATCH] — fix it before bumping")
    major, minor, patch = int(match[1]), int(match[2]), int(match[3] or 0)
    if part == "major":
        return f"{major + 1}.0"
    if part == "minor":
        return f"{major}.{minor + 1}"
    return f"{major}.{minor}.{patch + 1}"


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap long (Chinese) lines
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _detect(text: str) -> tuple[YAML, Any]:
    """Return the YAML instance whose dump reproduces ``text`` exactly (or the closest), and the data."""
    best: tuple[float, YAML, Any] | None = None
    for indent in _INDENTS:
        yaml = _yaml(indent)
        data = yaml.load(text)
        dumped = _dump(yaml, data)
        if dumped == text:
            return yaml, data
        score = difflib.SequenceMatcher(None, text, dumped, autojunk=False).ratio()
        if best is None or score > best[0]:
            best = (score, yaml, data)
    assert best is not None
    return best[1], best[2]


def _quoted_like(original: Any, value: str) -> Any:
    if isinstance(original, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    return DoubleQuotedScalarString(value)  # a bare 1.10 would read as a number


def _move_trailing_comment(previous: CommentedMap, entry: CommentedMap, entry_indent: int) -> None:
    """Move the comments after the old last entry that belong to what follows the list.

    ruamel attaches the blank lines and comments between the end of a list and
    the next key to the list's last value; after appending, they would sit
    between the old entry and the new one. Comment lines indented like the
    entry's keys stay with it; from the first blank or less-indented line on,
    they move after the new entry.
    """
    last_key = list(previous.keys())[-1]
    slot = previous.ca.items.get(last_key)
    if not slot or len(slot) < 3 or slot[2] is None:
        return
    token = slot[2]
    value: str = token.value
    first_eol = value.find("\n")
    if first_eol < 0:
        return
    head, rest = value[: first_eol + 1], value[first_eol + 1 :]
    lines = rest.splitlines(keepends=True)
    keep = 0
    for line in lines:
        stripped = line.lstrip(" ")
        if stripped.startswith("#") and len(line) - len(stripped) >= entry_indent:
            keep += 1
        else:
            break
    moved = "".join(lines[keep:])
    if not moved:
        return
    token.value = head + "".join(lines[:keep])
    new_last = list(entry.keys())[-1]
    entry.ca.items[new_last] = [None, None, CommentToken("\n" + moved, CommentMark(0), None), None]


def bump_text(text: str, part: Part, summary: str, date: dt.date) -> tuple[str, str, str]:
    """Return (old version, new version, new text) of a policy's YAML text after a bump."""
    crlf = "\r\n" in text
    source = text.replace("\r\n", "\n") if crlf else text
    yaml, data = _detect(source)
    if not isinstance(data, CommentedMap) or "version" not in data:
        raise PolicygenError("the file has no top-level `version:` — is it a policy file?")
    old = str(data["version"])
    new = next_version(old, part)
    data["version"] = _quoted_like(data["version"], new)
    if "status" in data:
        data["status"] = "draft"
    else:
        data.insert(list(data.keys()).index("version") + 1, "status", "draft")

    changelog = data.get("changelog")
    if changelog is None:
        changelog = CommentedSeq()
        keys = list(data.keys())
        anchor = next((k for k in ("cc", "recipients", "organisation", "approved_by", "owner") if k in data), keys[-1])
        data.insert(keys.index(anchor) + 1, "changelog", changelog)
    if any(str(e.get("version")) == new for e in changelog if isinstance(e, dict)):
        raise ReleaseError(f"version {new} is already in the changelog — choose another part to bump")
    previous = changelog[-1] if len(changelog) and isinstance(changelog[-1], CommentedMap) else None
    order = [k for k in (previous or {}) if k in ("version", "date", "summary")]
    order += [k for k in ("version", "date", "summary") if k not in order]
    values = {"version": DoubleQuotedScalarString(new), "date": date, "summary": summary}
    entry = CommentedMap((k, values[k]) for k in order)
    if previous is not None and previous.fa.flow_style():
        entry.fa.set_flow_style()
    changelog.append(entry)
    if previous is not None and not previous.fa.flow_style():
        _move_trailing_comment(previous, entry, yaml.sequence_indent or 2)
    out = _dump(yaml, data)
    return old, new, out.replace("\n", "\r\n") if crlf else out


def bump(
    path: str | os.PathLike[str],
    part: Part,
    summary: str,
    *,
    date: dt.date | None = None,
    dry_run: bool = False,
) -> BumpResult:
    """Return the result of bumping the policy at ``path``; write it unless ``dry_run``.

    Raises :class:`policygen.ValidationError` when the file (before or after)
    is not a valid policy, so nothing invalid is ever written.
    """
    if not summary.strip():
        raise PolicygenError("the changelog summary is empty — say what changes in this version with --summary")
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise PolicygenError(f"{path}: no such file — check the path") from None
    shown = str(path)
    before = raw.decode("utf-8-sig")
    loads_policy(before, name=shown)  # refuse to edit a file that does not validate
    old, new, after = bump_text(before, part, summary.strip(), date or dt.date.today())
    loads_policy(after, name=shown)
    if not dry_run:
        _write_preserving_mode(file, after.encode("utf-8") if not raw.startswith(b"\xef\xbb\xbf")
                               else b"\xef\xbb\xbf" + after.encode("utf-8"))
    return BumpResult(file, old, new, before, after, not dry_run)


def _write_preserving_mode(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically (temp file + rename), keeping its permissions."""
    write_atomic(path, data, mode=path.stat().st_mode & 0o7777)


__all__ = ["BumpResult", "bump", "bump_text", "next_version"]
