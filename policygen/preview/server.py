"""The preview's HTTP server (standard library) and the file watcher that refreshes it."""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from ..errors import PolicygenError, ValidationError
from ..renderer import Format
from .page import chrome, event_data, index_page, split_page, with_chrome
from .state import Preview

_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_FORMATS: dict[str, Format] = {"pdf": "pdf", "docx": "docx", "html": "html"}
_POLICY = re.compile(r"^/policy/(?P<id>[a-z0-9-]+)(?:\.(?P<fmt>pdf|docx|html))?$")
_SPLIT = re.compile(r"^/split/(?P<id>[a-z0-9-]+)$")
SOURCE_SUFFIXES = (".yaml", ".yml", ".j2", ".css", ".docx", ".png", ".svg", ".jpg", ".jpeg", ".pdf")


class SourceFilter(watchfiles.DefaultFilter):
    """Watch policy, project and template files; ignore the output folder and the cache."""

    def __init__(self, ignored: list[Path]) -> None:
        super().__init__()
        self.ignored = [str(p.resolve()) for p in ignored]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if any(path == p or path.startswith(p + "/") for p in self.ignored):
            return False
        return path.endswith(SOURCE_SUFFIXES) and super().__call__(change, path)


def _handler(preview: Preview, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "policygen-preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _text(self, status: int, text: str) -> None:
            self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            path = unquote(url.path)
            try:
                if path == "/":
                    snapshot = preview.snapshot
                    self._send(200, index_page(preview, snapshot).encode("utf-8"), _CONTENT_TYPES["html"])
                elif path == "/events":
                    since = parse_qs(url.query).get("since", ["0"])[0]
                    self._events(int(since) if since.isdigit() else 0)
                elif path == "/booklet.pdf":
                    self._booklet()
                elif m := _SPLIT.match(path):
                    self._send(200, split_page(m["id"]).encode("utf-8"), _CONTENT_TYPES["html"])
                elif m := _POLICY.match(path):
                    self._policy(m["id"], _FORMATS[m["fmt"] or "html"])
                else:
                    self._text(404, f"not found: {path}")
            except (BrokenPipeError, ConnectionResetError):
                pass
            except ValidationError as exc:
                self._text(422, "\n".join(str(p) for p in exc.problems))
            except PolicygenError as exc:
                self._text(500, f"error: {exc}")

        def _policy(self, ident: str, fmt: Format) -> None:
            snapshot = preview.snapshot
            data = preview.render(ident, fmt)
            if data is None:
                self._text(404, f"no policy '{ident}' in this project")
                return
            if fmt == "html":
                page = with_chrome(data.decode("utf-8"), chrome(preview, snapshot, ident))
                self._send(200, page.encode("utf-8"), _CONTENT_TYPES["html"])
            else:
                policy = snapshot.policies[ident]
                name = f"{ident}-v{policy.version}.{fmt}"
                self._send(200, data, _CONTENT_TYPES[fmt], {"Content-Disposition": f'inline; filename="{name}"'})

        def _booklet(self) -> None:
            from .. import build

            with tempfile.TemporaryDirectory(prefix="policygen-preview-") as tmp:
                outputs = build(str(preview.root), formats=("pdf",), out=tmp)
                booklet = next((o.path for o in outputs if Path(o.path).name == "booklet.pdf"), None)
                if booklet is None:
                    self._text(404, "this project has no booklet")
                    return
                self._send(200, Path(booklet).read_bytes(), _CONTENT_TYPES["pdf"])

        def _events(self, since: int) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            version = since
            while not stopping.is_set():
                snapshot = preview.wait(version, timeout=10.0)
                if snapshot.version > version:
                    version = snapshot.version
                    self.wfile.write(f"data: {event_data(preview, snapshot)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()

    return Handler


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000,
          ready: Callable[[str], None] | None = None, ignored: list[Path] | None = None) -> None:
    """Serve the preview of the project at ``root`` until interrupted (KeyboardInterrupt stops it cleanly)."""
    preview = Preview(root)
    stopping = threading.Event()
    server = ThreadingHTTPServer((host, port), _handler(preview, stopping))
    server.daemon_threads = True
    skip = [root / "build", root / ".policygen-cache", *(ignored or [])]

    def watch() -> None:
        for _changes in watchfiles.watch(root, watch_filter=SourceFilter(skip), debounce=50, step=20,
                                         stop_event=stopping, raise_interrupt=False):
            preview.refresh()

    watcher = threading.Thread(target=watch, name="policygen-preview-watch", daemon=True)
    watcher.start()
    if ready is not None:
        ready(f"http://{host}:{server.server_address[1]}/")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stopping.set()
        server.server_close()
        watcher.join(timeout=2)
