"""``policygen reference-doc``: write the reference .docx of a theme, to restyle in Word."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._common import EXIT_OK, UsageError


def cmd_reference_doc(args: argparse.Namespace) -> int:
    from ..renderer.docx.reference import reference_docx
    from ..renderer.output import write_atomic
    from ..renderer.theme import theme_for

    try:
        theme = theme_for(args.theme, args.language)
    except KeyError:
        raise UsageError(f"unknown theme '{args.theme}' — use gbt9704 or modern") from None
    out = Path(args.out)
    write_atomic(out, reference_docx(theme, args.language))
    print(f"wrote {out}")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser(
        "reference-doc",
        help="write the reference .docx (every style with a sample) to restyle in Word and use with --reference-doc",
    )
    p.add_argument("out", metavar="OUT.docx", help="where to write the reference document")
    p.add_argument("--theme", default="gbt9704", help="theme whose fonts, sizes and page set-up the styles take")
    p.add_argument("--language", choices=["zh-Hans", "zh-Hant", "en"], default="zh-Hans",
                   help="language of the documents it will style (East Asian language of the styles)")
    p.set_defaults(func=cmd_reference_doc)
