"""``policygen build --watch``: build, then rebuild on every save, printing only what changed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import watchfiles

from ..errors import PolicygenError, ValidationError
from ..preview.server import SourceFilter
from ._common import print_problems


def watch_build(args: argparse.Namespace, build_once: Callable[[argparse.Namespace], int],
                stop: Callable[[], bool] | None = None) -> int:
    """Run ``build_once``, then again after each change to a source under the build's paths; return on Ctrl-C."""
    roots = [Path(p) for p in (args.paths or ["."])]
    folders = sorted({(p if p.is_dir() else p.parent).resolve() for p in roots})
    out = Path(args.out).resolve() if args.out else None
    ignored = [f / "build" for f in folders] + [f / ".policygen-cache" for f in folders] + ([out] if out else [])

    def once() -> None:
        try:
            build_once(args)
        except ValidationError as exc:
            print_problems(exc.problems)
            print(f"{len(exc.errors)} error(s) — fix and save; nothing was written", file=sys.stderr, flush=True)
        except PolicygenError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)

    once()
    print(f"watching {', '.join(str(f) for f in folders)} — Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        for changes in watchfiles.watch(*folders, watch_filter=SourceFilter(ignored), debounce=100, step=50,
                                        raise_interrupt=False, stop_event=None):
            names = sorted({Path(path).name for _, path in changes})
            print(f"changed: {', '.join(names)}", file=sys.stderr, flush=True)
            once()
            if stop is not None and stop():
                break
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=sys.stderr)
    return 0
