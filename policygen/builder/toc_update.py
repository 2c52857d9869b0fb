"""Fill the booklet DOCX's table of contents with real page numbers through LibreOffice (UNO).

Word refreshes a TOC field on opening (``w:updateFields``); LibreOffice's
command-line converter does not. Where LibreOffice and its Python bridge
(Debian ``python3-uno``) are installed, the booklet DOCX is opened in a
headless LibreOffice, its indexes are updated by LibreOffice's own layout, and
the result is saved back as DOCX — so the contents are right without Word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..renderer.fonts import fonts_conf_text

UNO_PYTHON = "/usr/bin/python3"

_SCRIPT = r'''
import os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

src, dst, profile, pipe, parent = sys.argv[1:6]
office = None

def watch_parent():
    # the build that started this helper was killed: stop LibreOffice and leave
    while os.getppid() == int(parent):
        time.sleep(0.5)
    if office is not None:
        office.kill()
    os._exit(1)

import threading
threading.Thread(target=watch_parent, daemon=True).start()
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                           "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                           "--accept=pipe,name=%s;urp;" % pipe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(300):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.1)
    if ctx is None:
        sys.exit("LibreOffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.refresh()
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=30)
    except Exception:
        office.kill()
'''


def available() -> bool:
    """Return True when LibreOffice and its Python bridge can be used."""
    if not shutil.which("soffice") or not os.path.exists(UNO_PYTHON):
        return False
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


def update_toc(data: bytes, *, timeout: float = 600) -> bytes | None:
    """Return ``data`` with its indexes updated by LibreOffice, or None when that is not possible."""
    if not available():
        return None
    from .faults import remove_dead_run_dirs, run_tempdir

    remove_dead_run_dirs()
    with run_tempdir("uno") as tmp:
        src, dst = Path(tmp) / "in.docx", Path(tmp) / "out.docx"
        script = Path(tmp) / "update.py"
        src.write_bytes(data)
        script.write_text(_SCRIPT, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        # LibreOffice is a process of its own: it gets the Word font aliases through its environment
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(fonts_conf_text(os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
        try:
            subprocess.run(
                [UNO_PYTHON, str(script), str(src), str(dst), str(Path(tmp) / "profile"), f"policygen{os.getpid()}", str(os.getpid())],
                capture_output=True, check=False, timeout=timeout, env=env,
            )
        except subprocess.TimeoutExpired:
            return None
        if not dst.is_file():
            return None
        return _normalise(dst.read_bytes())


def _normalise(data: bytes) -> bytes:
    """Return LibreOffice's DOCX with Word's refresh flag kept and fixed zip dates."""
    from ..renderer.docx import with_update_fields

    return with_update_fields(data)
