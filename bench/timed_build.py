"""`policygen build` with timers around the phases of the main process.

    .venv/bin/python bench/timed_build.py TIMES.json [build arguments...]

Runs ``policygen.cli.main(["build", ...])`` unchanged, after wrapping a few
functions (by module attribute, so the build's own lazy imports pick them up):
what the main process spends outside waiting for the pool is the serial part of
a build. Calls made in pool workers are summed separately. The timers add
microseconds per call.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections import defaultdict
from typing import Any

MAIN = os.getpid()
TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def _wrap(module: Any, name: str, label: str) -> None:
    original = getattr(module, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != MAIN:  # a pool worker: not the serial part
            return original(*args, **kwargs)
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - start
            CALLS[label] += 1

    setattr(module, name, timed)


def main(argv: list[str]) -> int:
    out, args = argv[0], argv[1:]
    start = time.perf_counter()
    from importlib import import_module  # (policygen.render is also a function name on the package)

    booklet = import_module("policygen.booklet")
    assemble = import_module("policygen.booklet.assemble")
    cache = import_module("policygen.booklet.cache")
    build = import_module("policygen.build")
    html = import_module("policygen.render.html")
    stamp = import_module("policygen.render.stamp")
    futures = import_module("concurrent.futures._base")
    cli = import_module("policygen.cli")

    imported = time.perf_counter() - start
    _wrap(build, "load_checked", "load + validate")
    _wrap(booklet, "resolve_policy", "resolve")
    _wrap(html, "render_document_html", "policy HTML")
    _wrap(booklet, "_layout_part", "contents layout (main process)")
    _wrap(stamp, "number_pdf", "number each policy PDF")
    _wrap(assemble, "assemble", "assemble booklet (merge, stamp, save)")
    _wrap(futures.Future, "result", "waiting for the pool")
    _wrap(cache, "record_build", "record build (hash outputs)")
    _wrap(booklet, "write_if_changed", "write outputs")
    _wrap(booklet, "_appendix_offsets", "appendix offsets")
    try:
        rc = cli.main(["build", *args])
    except SystemExit as exc:  # pragma: no cover
        rc = int(exc.code or 0)
    total = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"imports": imported, "total_in_process": total, "phases": dict(TIMES), "calls": dict(CALLS)}, fh)
    return rc or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
