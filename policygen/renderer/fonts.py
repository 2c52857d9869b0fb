"""Find the open fonts that stand in for Word's Chinese fonts; write a fonts.conf.

Fonts are found through fontconfig (``fc-list``). The project ``fonts.conf``
adds ``<alias>`` entries so that 仿宋, 黑体, 楷体, 宋体 and 方正小标宋简体
resolve to the open fonts. WeasyPrint gets the aliases added to its own font
configuration object (:mod:`policygen.renderer.pdf`); LibreOffice, a separate
process, gets a ``fonts.conf`` through its environment.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass

from ..errors import RenderError
from .theme import Theme

# Word font name → open families, most faithful first.
WORD_ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋": ("FandolFang", "Noto Serif CJK SC"),
    "仿宋_GB2312": ("FandolFang", "Noto Serif CJK SC"),
    "FangSong": ("FandolFang", "Noto Serif CJK SC"),
    "宋体": ("Noto Serif CJK SC", "FandolSong"),
    "SimSun": ("Noto Serif CJK SC", "FandolSong"),
    "黑体": ("Noto Sans CJK SC", "FandolHei"),
    "SimHei": ("Noto Sans CJK SC", "FandolHei"),
    "楷体": ("AR PL KaitiM GB", "FandolKai", "Noto Serif CJK SC"),
    "楷体_GB2312": ("AR PL KaitiM GB", "FandolKai", "Noto Serif CJK SC"),
    "KaiTi": ("AR PL KaitiM GB", "FandolKai", "Noto Serif CJK SC"),
    "方正小标宋简体": ("Noto Serif CJK SC", "FandolSong"),
    "方正小标宋_GBK": ("Noto Serif CJK SC", "FandolSong"),
    "标楷体": ("AR PL KaitiM Big5", "Noto Serif CJK TC"),
    "標楷體": ("AR PL KaitiM Big5", "Noto Serif CJK TC"),
    "新細明體": ("Noto Serif CJK TC",),
    "微軟正黑體": ("Noto Sans CJK TC",),
}

CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "FandolFang", "FandolSong", "AR PL KaitiM GB")
INSTALL_HINT = (
    "install open CJK fonts: `apt-get install fonts-noto-cjk fonts-arphic-gkai00mp` "
    "(or run `./dev.sh setup`, which also extracts FandolFang)"
)


@dataclass(frozen=True)
class FontChoice:
    """The font that serves a role: its family and file, or None when missing."""

    role: str
    word_name: str
    family: str | None
    file: str | None


@functools.lru_cache(maxsize=1)
def installed_families() -> dict[str, str]:
    """Return {family: file} of every font fontconfig knows."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style}\t%{file}\n"], capture_output=True, text=True, check=False
    ).stdout
    families: dict[str, str] = {}
    upright: dict[str, str] = {}
    for line in sorted(out.splitlines()):
        if line.count("\t") != 2:
            continue
        names, style, file = line.split("\t")
        for name in names.split(","):
            families.setdefault(name.strip(), file)
            if {"Regular", "Book"} & {s.strip() for s in style.split(",")}:
                upright.setdefault(name.strip(), file)
    families.update(upright)  # name the upright face where there is one
    return families


@dataclass(frozen=True, order=True)
class InstalledFace:
    """One face fontconfig knows: its family names, file, index in the file and PostScript name."""

    families: tuple[str, ...]
    file: str
    index: int
    postscript: str


@functools.lru_cache(maxsize=1)
def installed_faces() -> tuple[InstalledFace, ...]:
    """Return every face fontconfig knows, sorted."""
    if not shutil.which("fc-list"):
        return ()
    out = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{index}\t%{file}\t%{postscriptname}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    faces = set()
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[1].isdigit():
            names = tuple(name.strip() for name in parts[0].split(","))
            faces.add(InstalledFace(names, parts[2], int(parts[1]), parts[3]))
    return tuple(sorted(faces))


def first_installed(families: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Return (family, file) of the first installed family of ``families``."""
    known = installed_families()
    for family in families:
        if family in known:
            return family, known[family]
    return None, None


def theme_fonts(theme: Theme) -> list[FontChoice]:
    """Return the font that serves each role of ``theme``."""
    out = []
    for role, spec in theme.fonts.items():
        family, file = first_installed(spec.families)
        out.append(FontChoice(role, spec.word, family, file))
    return out


def require_cjk_fonts(theme: Theme) -> None:
    """Raise RenderError when a role of the theme has no CJK-capable font installed."""
    missing = [c for c in theme_fonts(theme) if c.family is None and any("CJK" in f or "Fandol" in f or "AR PL" in f for f in theme.fonts[c.role].families)]
    if missing:
        roles = ", ".join(f"{c.role} ({c.word_name})" for c in missing)
        raise RenderError(f"no CJK font found for {roles} — {INSTALL_HINT}")


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def needs_cjk(language: str, text: str) -> bool:
    """Return True when a document in ``language`` with ``text`` needs CJK fonts."""
    text = re.sub(r"<head>.*?</head>|<style.*?</style>", "", text, flags=re.S)  # only what is drawn
    return language != "en" or bool(_CJK.search(text))


def has_hb_subset() -> bool:
    """Return True when HarfBuzz's subsetter (libharfbuzz-subset0) is available."""
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is not None


def fonts_conf_text(base: str = "/etc/fonts/fonts.conf") -> str:
    """Return a fonts.conf that includes ``base`` (the system's) and adds the Word aliases."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        f'  <include ignore_missing="yes">{base}</include>',
    ]
    for word, families in WORD_ALIASES.items():
        prefer = "".join(f"<family>{f}</family>" for f in families)
        lines.append(f'  <alias binding="same"><family>{word}</family><prefer>{prefer}</prefer></alias>')
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def aliases_conf_text() -> str:
    """Return a fontconfig document holding only the Word aliases, to add to a loaded configuration."""
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">', "<fontconfig>"]
    for word, families in WORD_ALIASES.items():
        prefer = "".join(f"<family>{f}</family>" for f in families)
        lines.append(f'  <alias binding="same"><family>{word}</family><prefer>{prefer}</prefer></alias>')
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"
