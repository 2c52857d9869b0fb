"""No silent tofu: before laying out a PDF, check that some font draws every character.

A character is drawn when a font of the theme's stack has it (fontconfig's
charset of the font, the coverage Pango itself consults) or, failing that, when
any installed font has it (fontconfig's fallback, which Pango follows). A character no installed
font has would print as an empty box; it is reported at its first
``file:line:col`` with the package that would provide a font for it.
"""

from __future__ import annotations

import bisect
import re
import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import Problem
from .theme import Theme

# After the theme's own families: fonts for the CJK extensions no Noto CJK face covers.
FALLBACK_FAMILIES = ("HanaMinA", "HanaMinB", "BabelStone Han")

MAX_REPORTED = 40  # characters named one by one; more are counted

_PACKAGES: list[tuple[int, int, str]] = [
    (0x3400, 0x9FFF, "fonts-noto-cjk (Noto Serif/Sans CJK)"),
    (0xF900, 0xFAFF, "fonts-noto-cjk (Noto Serif/Sans CJK)"),
    (0x20000, 0x2EBEF, "fonts-hanazono (HanaMinB: CJK Extensions B–F)"),
    (0x30000, 0x323AF, "fonts-babelstone-han (BabelStone Han: part of CJK Extensions G and H)"),
    (0x1F000, 0x1FAFF, "fonts-noto-color-emoji (Noto Color Emoji)"),
    (0x2600, 0x27BF, "fonts-noto-color-emoji (Noto Color Emoji)"),
    (0x0E00, 0x0E7F, "fonts-thai-tlwg (Thai)"),
]


def _skip(ch: str) -> bool:
    """Return True for characters that need no glyph of their own (spaces, joiners, selectors)."""
    cp = ord(ch)
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


@functools.lru_cache(maxsize=1)
def _faces() -> dict[str, str]:
    """Return {family: fontconfig's charset text} of every installed font; :func:`_ranges` reads one when asked."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(["fc-list", "--format", "%{family}\t%{index}\t%{charset}\n"], capture_output=True, text=True, check=False).stdout
    faces: dict[str, str] = {}
    for line in sorted(out.splitlines()):
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        for name in parts[0].split(","):
            faces.setdefault(name.strip(), parts[2])
    return faces


_RANGE = re.compile(r"([0-9a-fA-F]+)(?:-([0-9a-fA-F]+))?")


@functools.lru_cache(maxsize=256)
def _ranges(family: str) -> tuple[tuple[int, int], ...]:
    """Return the sorted code point ranges of an installed family (parsed once per process, for the families checked)."""
    return tuple(sorted((int(low, 16), int(high or low, 16)) for low, high in _RANGE.findall(_faces().get(family, ""))))


def _has(ranges: tuple[tuple[int, int], ...], cp: int) -> bool:
    i = bisect.bisect_right(ranges, (cp, 0x10FFFF + 1)) - 1
    return i >= 0 and ranges[i][0] <= cp <= ranges[i][1]


def stack_families(theme: Theme) -> list[str]:
    """Return the installed families a theme's CSS stacks name, fallbacks last."""
    faces = _faces()
    names: list[str] = []
    for spec in theme.fonts.values():
        for family in (spec.latin, *spec.families, "Noto Serif CJK SC", "Noto Sans CJK SC", *FALLBACK_FAMILIES):
            if family and family in faces and family not in names:
                names.append(family)
    return names


@functools.lru_cache(maxsize=8192)
def _installed_cover(cp: int) -> tuple[str, ...]:
    """Return the families of installed fonts that have ``cp`` (fontconfig's fallback reaches them)."""
    if not shutil.which("fc-list"):
        return ("?",)  # cannot tell: assume drawn
    out = subprocess.run(["fc-list", f":charset={cp:x}", "family"], capture_output=True, text=True, check=False).stdout
    return tuple(sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()}))


def undrawn(chars: Iterable[str], theme: Theme) -> list[str]:
    """Return, sorted, the characters of ``chars`` that no installed font draws."""
    faces = _faces()
    if not faces:
        return []  # no fontconfig here: nothing can be judged
    left = {ord(ch) for ch in set(chars) if not _skip(ch)}
    for family in stack_families(theme):  # the theme's own fonts, then the fallbacks
        ranges = _ranges(family)
        left = {cp for cp in left if not _has(ranges, cp)}
        if not left:
            return []
    return sorted(chr(cp) for cp in left if not _installed_cover(cp))


def package_for(ch: str) -> str:
    """Return the Debian package that would provide a font for ``ch``, as advice."""
    cp = ord(ch)
    for low, high, package in _PACKAGES:
        if low <= cp <= high:
            return package
    script = unicodedata.name(ch, "").split(" ")[0].title()
    return f"fonts-noto-core or fonts-noto-extra (Noto Sans {script})" if script else "a font that has it"


def glyph_problems(
    texts: list[tuple[str, str]],
    sources: dict[str, str],
    theme_of: dict[str, Theme],
    where: Mapping[str, Callable[[str], tuple[tuple[int, int], tuple[str | int, ...]]]] | None = None,
) -> list[Problem]:
    """Return one located problem per character no installed font draws.

    ``texts`` pairs a source name with the text drawn from it; ``sources`` maps
    a source name to its file text (to find the first ``line:col``, written
    as the character or as a YAML escape such as ``\\U000F0001``);
    ``theme_of`` maps a source name to the theme its documents use; ``where``
    may map a source name to a function giving, for a character, the position
    and key path of the value holding it (used when the file text does not show it).
    """
    from ..loader.precheck import LineIndex

    # one coverage pass per theme over all its texts (50 policies share one or two themes)
    themes = {id(theme_of[name]): theme_of[name] for name, _ in texts}
    pooled = {key: "".join({ch for name, text in texts if id(theme_of[name]) == key for ch in text}) for key in themes}
    missing = {key: set(undrawn(pooled[key], theme)) for key, theme in themes.items()}
    reported: set[str] = set()
    out: list[Problem] = []
    for name, text in texts:
        left = missing[id(theme_of[name])]
        for ch in sorted(left.intersection(text)) if left else ():
            if ch in reported:
                continue
            reported.add(ch)
            if len(reported) > MAX_REPORTED:
                continue
            source = sources.get(name, "")
            at = _find(source, ch)
            path: tuple[str | int, ...] = ()
            line, col = LineIndex(source).at(at) if at >= 0 else (0, 0)
            if not line and where and name in where:
                (line, col), path = where[name](ch)
            label = "" if "IDEOGRAPH" in unicodedata.name(ch, "") else unicodedata.name(ch, "").lower()
            what = f"character '{ch}' (U+{ord(ch):04X}{', ' + label if label else ''})"
            out.append(
                Problem(
                    name, line, col,
                    f"{what} has no glyph in any installed font and would print as an empty box — "
                    f"install {package_for(ch)}, or remove the character",
                    key_path=() if line else (path or ("<text>",)),
                )
            )
    if len(reported) > MAX_REPORTED:
        first = texts[0][0] if texts else "<text>"
        out.append(Problem(first, 0, 0, f"and {len(reported) - MAX_REPORTED} more characters no installed font draws", key_path=("<text>",)))
    return out


def _find(source: str, ch: str) -> int:
    """Return where ``ch`` first appears in YAML text, as itself or as an escape (``\\u00e9``, ``\\U0001F600``); -1 if nowhere."""
    at = source.find(ch)
    if at >= 0:
        return at
    cp = ord(ch)
    forms = [rf"\\U0*{cp:x}(?![0-9a-f])"]
    if cp <= 0xFFFF:
        forms.append(rf"\\u{cp:04x}")
    else:  # a surrogate pair, as JSON writes it
        hi, lo = 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF)
        forms.append(rf"\\u{hi:04x}\\u{lo:04x}")
    if cp <= 0xFF:
        forms.append(rf"\\x{cp:02x}")
    match = re.search("|".join(forms), source, re.IGNORECASE)
    return match.start() if match else -1


def policy_glyph_problems(policies: list[object], theme_of: dict[str, Theme], shown: dict[str, str]) -> list[Problem]:
    """Return the glyph problems of validated policies, located in their files.

    ``theme_of`` and ``shown`` map each policy id to its theme and to the file
    name problems show. A character the file writes as an escape is found; one
    that cannot be found in the text is placed at the value holding it.
    """
    texts: list[tuple[str, str]] = []
    sources: dict[str, str] = {}
    themes: dict[str, Theme] = {}
    where: dict[str, Callable[[str], tuple[tuple[int, int], tuple[str | int, ...]]]] = {}
    for policy in policies:
        pid = str(getattr(policy, "id", ""))
        name = shown.get(pid, pid)
        path = getattr(policy, "source_path", None)
        try:
            sources[name] = Path(path).read_text(encoding="utf-8-sig") if path else ""
        except OSError:
            sources[name] = ""
        dump = policy.model_dump(mode="json") if hasattr(policy, "model_dump") else {}
        strings = list(_strings(dump))
        texts.append((name, "".join(text for _, text in strings)))
        themes[name] = theme_of[pid]
        where[name] = functools.partial(_value_holding, strings, getattr(policy, "_positions", None))
    return glyph_problems(texts, sources, themes, where)


def _value_holding(
    strings: list[tuple[tuple[str | int, ...], str]], positions: Any, ch: str
) -> tuple[tuple[int, int], tuple[str | int, ...]]:
    path = next((p for p, text in strings if ch in text), ())
    if positions is not None and path:
        return positions.of(path), path
    return (0, 0), path


def _strings(value: object, path: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


__all__ = ["FALLBACK_FAMILIES", "glyph_problems", "package_for", "policy_glyph_problems", "stack_families", "undrawn"]
