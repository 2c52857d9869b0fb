"""``policygen doctor``: which font serves each role, whether hb-subset is present."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import Any
from ..renderer.compact import large_faces
from ..renderer.fonts import INSTALL_HINT, WORD_ALIASES, has_hb_subset, theme_fonts
from ..renderer.theme import GBT9704, GBT9704_HANT, MODERN


def cmd_doctor(args: argparse.Namespace) -> int:
    ok = True
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    print(f"fonts.conf: {system}, plus {len(WORD_ALIASES)} Word font aliases added to each render's own font configuration")
    for label, theme in (("gbt9704 (zh-Hans)", GBT9704), ("gbt9704 (zh-Hant)", GBT9704_HANT), ("modern", MODERN)):
        print(f"theme {label}:")
        for choice in theme_fonts(theme):
            if choice.family:
                print(f"  {choice.role:<11} {choice.word_name:<8} → {choice.family} ({choice.file})")
            else:
                ok = False
                print(f"  {choice.role:<11} {choice.word_name:<8} → MISSING (wanted {', '.join(theme.fonts[choice.role].families)})")
    hb = has_hb_subset()
    print(f"hb-subset (libharfbuzz-subset0): {'present' if hb else 'MISSING — PDF font subsetting falls back to fontTools: slow and not reproducible; apt-get install libharfbuzz-subset0'}")
    large = large_faces({f for theme in (GBT9704, GBT9704_HANT, MODERN) for f in theme.families})
    names = sorted({f"{os.path.basename(file)}#{index}" for file, index in large})
    print(f"compact faces: {len(names)} large faces laid out as compact copies kept in the cache folder's faces/"
          + (f" ({', '.join(names)})" if names else " (none: no face over 30,000 glyphs, or no hb-subset)"))
    for tool in ("soffice", "pandoc", "pdftotext"):
        print(f"{tool}: {shutil.which(tool) or 'not found (optional)'}")
    if not ok:
        print(f"some fonts are missing — {INSTALL_HINT}", file=sys.stderr)
    return 0 if ok and hb else 1


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="report which font serves each role and whether hb-subset is present")
    p.set_defaults(func=cmd_doctor)


