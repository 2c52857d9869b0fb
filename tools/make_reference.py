"""Write the shipped reference document: ``python -m tools.make_reference templates/reference.docx``.

A development tool: the document is the DOCX writer's own output for the
GB/T 9704 theme (see ``policygen.renderer.docx.reference``); users write the
same with ``policygen reference-doc OUT.docx``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from policygen.renderer.docx.reference import reference_docx
from policygen.renderer.docx.writer import REFERENCE_LANGUAGE, REFERENCE_THEME


def main(argv: list[str] | None = None) -> int:
    """Write the reference document to the path given on the command line."""
    parser = argparse.ArgumentParser(prog="python -m tools.make_reference", description=__doc__)
    parser.add_argument("out", type=Path, help="where to write the .docx (templates/reference.docx)")
    args = parser.parse_args(argv)
    args.out.write_bytes(reference_docx(REFERENCE_THEME, REFERENCE_LANGUAGE))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
