"""A PDF written page by page to a file, so that memory does not grow with the page count.

The pages are copies of laid-out forms (Form XObjects taken from a PDF that
WeasyPrint wrote, imported once) with a few lines of text drawn on each. Page
objects and their small content streams go to the file as soon as they are
made; pages hang under intermediate /Pages nodes of ``CHUNK`` pages, and the
cross-reference entries wait in a temporary file until the end. Only the list
of intermediate nodes (one per ``CHUNK`` pages) is kept in memory.
"""

from __future__ import annotations

import decimal
import hashlib
import tempfile
import zlib
from typing import IO, Any

CHUNK = 128
_ROOT, _CATALOG, _INFO = 1, 2, 3


def pdf_string(text: str) -> bytes:
    """Return a PDF text string: literal for ASCII, UTF-16BE with BOM otherwise."""
    if text.isascii():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})".encode("ascii")
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"


class PageStream:
    """Write a PDF to ``out`` one page at a time; call :meth:`close` to finish it."""

    def __init__(self, out: IO[bytes], *, title: str, producer: str) -> None:
        self.out = out
        self.pos = 0
        self.digest = hashlib.sha256()
        self.next_number = 4
        self.flushed = _INFO  # next object number whose xref entry goes to the spool
        self.pending: dict[int, int] = {}
        self.special: dict[int, int] = {}
        self.spool = tempfile.TemporaryFile()  # closed in close()
        self.imported: dict[tuple[int, int], int] = {}
        self.nodes: list[tuple[int, int]] = []
        self.node = 0
        self.kids: list[int] = []
        self.pages = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self._object(_INFO, b"<< /Title " + pdf_string(title) + b" /Producer " + pdf_string(producer) + b" >>")

    # -- objects ---------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.pos += len(data)

    def _alloc(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def _object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        offset = self.pos
        if stream is None:
            self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        else:
            self._write(b"%d 0 obj\n" % number + body + b"\nstream\n" + stream + b"\nendstream\nendobj\n")
        if number < _INFO:
            self.special[number] = offset
            return
        self.pending[number] = offset
        while self.flushed in self.pending:
            self.spool.write(b"%010d 00000 n \n" % self.pending.pop(self.flushed))
            self.flushed += 1

    def add_object(self, obj: Any) -> int:
        """Write a pikepdf object (direct or indirect) and everything it refers to; return its number."""
        if getattr(obj, "is_indirect", False) and obj.objgen in self.imported:
            return self.imported[obj.objgen]
        number = self._alloc()
        if getattr(obj, "is_indirect", False):
            self.imported[obj.objgen] = number
        queue: list[tuple[int, Any]] = [(number, obj)]
        while queue:
            num, item = queue.pop(0)
            refs: list[tuple[int, Any]] = []
            body = self._serialise(item, refs, top=True)
            queue.extend(refs)
            if _is_stream(item):
                data = item.read_raw_bytes()
                if "/Filter" not in item.stream_dict:  # e.g. a page turned into a form: compress it
                    data = zlib.compress(data, 6)
                    body = body[:-2] + b" /Filter /FlateDecode>>"
                self._object(num, body[:-2] + b" /Length %d >>" % len(data), data)
            else:
                self._object(num, body)
        return number

    def _ref(self, obj: Any, refs: list[tuple[int, Any]]) -> bytes:
        key = obj.objgen
        if key not in self.imported:
            self.imported[key] = self._alloc()
            refs.append((self.imported[key], obj))
        return b"%d 0 R" % self.imported[key]

    def _serialise(self, obj: Any, refs: list[tuple[int, Any]], top: bool = False) -> bytes:
        import pikepdf

        if isinstance(obj, pikepdf.Object) and not top and obj.is_indirect:
            return self._ref(obj, refs)
        if isinstance(obj, pikepdf.Stream):
            items = obj.stream_dict.items()
            return b"<<" + b"".join(k.encode() + b" " + self._serialise(v, refs)
                                    for k, v in items if k not in ("/Length", "/Parent")) + b">>"
        if isinstance(obj, pikepdf.Dictionary):
            return b"<<" + b"".join(k.encode() + b" " + self._serialise(v, refs)
                                    for k, v in obj.items() if k != "/Parent") + b">>"
        if isinstance(obj, pikepdf.Array):
            return b"[" + b" ".join(self._serialise(v, refs) for v in obj) + b"]"
        if isinstance(obj, (pikepdf.Name, pikepdf.String)):
            return bytes(obj.unparse())
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, int):
            return b"%d" % obj
        if isinstance(obj, (float, decimal.Decimal)):
            return _number(float(obj))
        if obj is None:
            return b"null"
        if isinstance(obj, pikepdf.Object):
            return bytes(obj.unparse())
        raise TypeError(f"cannot write {type(obj).__name__} into a PDF")

    # -- pages -----------------------------------------------------------------

    def add_page(self, width: float, height: float, resources: int, content: bytes) -> None:
        """Add a page of ``width`` × ``height`` pt using the resources object ``resources``."""
        if not self.kids:
            self.node = self._alloc()
        page, stream = self._alloc(), self._alloc()
        self._object(page, b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R /Contents %d 0 R >>"
                     % (self.node, _number(width), _number(height), resources, stream))
        packed = zlib.compress(content, 6)
        self._object(stream, b"<< /Filter /FlateDecode /Length %d >>" % len(packed), packed)
        self.kids.append(page)
        self.pages += 1
        if len(self.kids) == CHUNK:
            self._close_node()

    def _close_node(self) -> None:
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        self._object(self.node, b"<< /Type /Pages /Parent %d 0 R /Kids [%s] /Count %d >>" % (_ROOT, kids, len(self.kids)))
        self.nodes.append((self.node, len(self.kids)))
        self.kids = []

    def close(self) -> None:
        """Write the page tree root, the catalog, the cross-reference table and the trailer."""
        if self.kids:
            self._close_node()
        kids = b" ".join(b"%d 0 R" % n for n, _ in self.nodes)
        self._object(_ROOT, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, self.pages))
        self._object(_CATALOG, b"<< /Type /Catalog /Pages %d 0 R >>" % _ROOT)
        if self.pending:  # pragma: no cover - every reserved number is written by now
            raise RuntimeError(f"objects {sorted(self.pending)[:5]} were never written")
        start = self.pos
        identifier = self.digest.hexdigest()[:32].encode("ascii")
        self._write(b"xref\n0 3\n0000000000 65535 f \n")
        for number in (_ROOT, _CATALOG):
            self._write(b"%010d 00000 n \n" % self.special[number])
        self._write(b"%d %d\n" % (_INFO, self.next_number - _INFO))
        self.spool.seek(0)
        while block := self.spool.read(1 << 20):
            self._write(block)
        self.spool.close()
        self._write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                    % (self.next_number, _CATALOG, _INFO, identifier, identifier, start))


def _is_stream(obj: Any) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Stream)


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")
