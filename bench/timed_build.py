"""`policygen build` with timers around the phases of the main process.

    .venv/bin/python bench/timed_build.py TIMES.json [build arguments...]

Runs ``policygen.cli.main(["build", ...])`` unchanged, after wrapping a few
functions (by module attribute, so the build's own lazy imports pick them up):
what the main process spends outside waiting for the pool is the serial part of
a build. Calls made in pool workers are summed separately. The timers add
microseconds per call.

Candidate fixes can be applied before building, as experiments (policygen's
files are not changed; see bench/README.md), by environment variables:

- BENCH_SHARED_FONT_CONFIG=1: each process lays out all its parts with one
  WeasyPrint FontConfiguration instead of a new one per document;
- BENCH_LONGEST_FIRST=1: parts are handed to the pool longest HTML first (the
  appendix part, the longest, is otherwise submitted last and runs alone at
  the end);
- BENCH_FORKSERVER=1: the pool's workers start from a fork server instead of
  being forked from the build process, so they do not carry its memory.
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


def _share_font_config(pdf: Any) -> None:
    """Experiment, landed: every process already lays out all its parts with one font session."""
    assert hasattr(pdf, "default_session")


def _forkserver(jobs_module: Any) -> None:
    """Experiment: workers from a fork server (a clean process) rather than forks of the build."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    init = jobs_module.Runner.__init__

    def __init__(self: Any, jobs: int, progress: Any = None, executor: Any = None) -> None:
        if executor is None and jobs > 1:
            init(self, jobs, progress, ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver")))
            self.owned = True
        else:
            init(self, jobs, progress, executor)

    jobs_module.Runner.__init__ = __init__


def _longest_first(booklet: Any) -> None:
    """Experiment, landed: the booklet build submits its parts longest HTML first."""


def main(argv: list[str]) -> int:
    out, args = argv[0], argv[1:]
    start = time.perf_counter()
    from importlib import import_module  # (policygen.renderer is also a function name on the package)

    booklet = import_module("policygen.builder.project")
    assemble = import_module("policygen.builder.assemble")
    futures = import_module("concurrent.futures._base")
    cli = import_module("policygen.cli")

    imported = time.perf_counter() - start
    if os.environ.get("BENCH_SHARED_FONT_CONFIG"):
        _share_font_config(import_module("policygen.renderer.pdf"))
    if os.environ.get("BENCH_LONGEST_FIRST"):
        _longest_first(booklet)
    if os.environ.get("BENCH_FORKSERVER"):
        _forkserver(import_module("policygen.builder.jobs"))
    plan = import_module("policygen.builder.plan")
    _wrap(plan, "load_checked", "load + validate")  # wrapped where it is called: plan and project import the names
    _wrap(plan, "start_runner", "start the pool (WeasyPrint imported before the fork)")
    _wrap(plan, "_check_glyphs", "glyph check")
    _wrap(booklet, "resolve_policy", "resolve")
    _wrap(booklet, "render_document_html", "policy HTML")
    jobs = import_module("policygen.builder.jobs")
    _wrap(jobs, "layout_part", "contents layout (main process)")
    booklet.layout_part = jobs.layout_part  # one wrapper, found by name when pickled for the pool
    _wrap(import_module("policygen.renderer.paged"), "number_pdf", "number each policy PDF")
    _wrap(booklet, "assemble", "assemble booklet (merge, stamp, save)")
    _wrap(assemble, "merge_fonts", "  of which one font per face (merge)")
    _wrap(futures.Future, "result", "waiting for the pool")
    _wrap(plan, "record_build", "record build (hash outputs)")
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
