"""``policygen serve`` driven by a real headless Chromium: index, a policy, live reload, the problem overlay."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import policygen
from interrupt import restore_sigint
from policygen.cli import main

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (./dev.sh test installs them)")
webdriver = pytest.importorskip("selenium.webdriver")


def _until(check: Callable[[], bool], timeout: float) -> float:
    """Return the seconds until ``check()`` held; fail after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "demo")]) == 0
    return tmp_path / "demo"


@pytest.fixture()
def server(project: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    env = dict(os.environ, PYTHONPATH=str(Path(policygen.__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "policygen", "serve", "--port", "0"], cwd=project, env=env,
                            stderr=subprocess.PIPE, text=True, preexec_fn=restore_sigint)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert " at http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


@pytest.fixture()
def browser() -> Iterator[object]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER or ""), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_preview_reloads_on_save_and_shows_problems(project: Path, server: tuple[str, subprocess.Popen[str]],
                                                    browser: object) -> None:
    from selenium.webdriver.common.by import By

    url, proc = server
    before = sorted(str(p.relative_to(project)) for p in project.rglob("*") if ".policygen-cache" not in p.parts)
    driver = browser
    driver.get(url)  # type: ignore[attr-defined]
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.pg-policy")]  # type: ignore[attr-defined]
    expected = [policygen.load(project / "policies" / f"{name}.yaml").title
                for name in ("customer-management-notice", "crm-regulations")]
    assert titles == expected

    driver.get(url + "policy/crm-regulations")  # type: ignore[attr-defined]
    body = lambda: driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]  # noqa: E731
    assert "第一条" in body() and "客户关系管理规章制度" in body()
    overlay = lambda: driver.find_element(By.ID, "pg-overlay")  # type: ignore[attr-defined]  # noqa: E731
    assert not overlay().is_displayed()
    time.sleep(0.3)  # the page's event stream is open

    source = project / "policies" / "crm-regulations.yaml"
    good = source.read_text(encoding="utf-8")
    edited = good.replace("为规范公司客户关系管理", "为全面规范公司客户关系管理", 1)
    assert edited != good
    source.write_text(edited, encoding="utf-8")
    latency = _until(lambda: "为全面规范公司客户关系管理" in body(), 2.0)
    print(f"reload latency {latency:.2f} s")

    lines = edited.splitlines()
    row = next(n for n, text in enumerate(lines, 1) if text.startswith("status: "))
    source.write_text(edited.replace("status: published", "status: publishd", 1), encoding="utf-8")
    _until(lambda: overlay().is_displayed(), 2.0)
    assert f"policies/crm-regulations.yaml:{row}:9" in overlay().text
    assert "status: publishd" in overlay().text and "^" in overlay().text
    assert "为全面规范公司客户关系管理" in body()  # the last good render stays under the overlay

    source.write_text(edited, encoding="utf-8")
    _until(lambda: not overlay().is_displayed(), 2.0)

    after = sorted(str(p.relative_to(project)) for p in project.rglob("*") if ".policygen-cache" not in p.parts)
    assert after == before  # nothing written into the project but the cache
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=5) == 0


def test_preview_serves_pdf_and_docx(project: Path, server: tuple[str, subprocess.Popen[str]]) -> None:
    from urllib.request import urlopen

    url, _ = server
    with urlopen(url + "policy/customer-management-notice.pdf", timeout=60) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
    with urlopen(url + "policy/customer-management-notice.docx", timeout=60) as response:
        assert response.read(2) == b"PK"
