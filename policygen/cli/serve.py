"""``policygen serve``: a live preview of the project in the browser."""

from __future__ import annotations

import argparse
import sys
import webbrowser
from pathlib import Path
from typing import Any

from ..builder.policies import find_project
from ..preview import serve
from ._common import EXIT_OK, UsageError


def cmd_serve(args: argparse.Namespace) -> int:
    start = Path(args.path)
    project_file = find_project(start)
    if project_file is None:
        raise UsageError(f"{args.path}: no policygen.yaml here or above — run `policygen init` first")

    def ready(url: str) -> None:
        print(f"preview of {project_file.parent} at {url} — Ctrl-C stops it", file=sys.stderr, flush=True)
        if args.open:
            webbrowser.open(url)

    try:
        serve(project_file.parent, host=args.host, port=args.port, ready=ready)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc} — choose another --port") from None
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="preview the project in a browser, reloading on every save")
    p.add_argument("path", nargs="?", default=".", metavar="PATH", help="the project folder (default: .)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--open", action="store_true", help="open the preview in the default browser")
    p.set_defaults(func=cmd_serve)
