"""``policygen build --watch``: rebuilds on save, prints only what changed and the problems, stops on Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import policygen
from interrupt import restore_sigint
from policygen.cli import main


def _reader(stream: object, lines: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


def _wait_for(lines: queue.Queue[str], text: str, timeout: float = 60) -> list[str]:
    seen: list[str] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} not printed within {timeout} s; got {seen}")


def test_build_watch_rebuilds_what_changed(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "demo")]) == 0
    root = tmp_path / "demo"
    env = dict(os.environ, PYTHONPATH=str(Path(policygen.__file__).resolve().parents[1]), COLUMNS="200")
    proc = subprocess.Popen([sys.executable, "-m", "policygen", "build", "--watch", "-f", "html"], cwd=root,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=restore_sigint)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    try:
        first = _wait_for(lines, "watching")
        assert any("booklet.html" in line for line in first)
        source = root / "policies" / "crm-regulations.yaml"
        text = source.read_text(encoding="utf-8")
        time.sleep(0.5)
        source.write_text(text.replace("为规范公司客户关系管理", "为全面规范公司客户关系管理", 1), encoding="utf-8")
        after = _wait_for(lines, "updated ")
        printed = "".join(after)
        assert "changed: crm-regulations.yaml" in printed
        assert "crm-regulations-v1.1.html" in printed
        assert "customer-management-notice" not in printed  # unchanged outputs are not listed
        assert "全面规范" in (root / "build" / "crm-regulations-v1.1.html").read_text(encoding="utf-8")

        source.write_text(text.replace("status: published", "status: publishd", 1), encoding="utf-8")
        broken = "".join(_wait_for(lines, "nothing was written"))
        row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("status: "))
        assert f"policies/crm-regulations.yaml:{row}:9: error:" in broken
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    assert code == 0
