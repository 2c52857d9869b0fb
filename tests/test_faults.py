"""Faults during builds: a killed build, a damaged cache, leftovers, a full or read-only disk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from policygen.builder import faults
from policygen.builder.cache import Cache

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["crm-regulations-outline", "customer-management-notice", "crm-provisions", "crm-regulations-2"]


def make_project(folder: Path) -> Path:
    (folder / "policies").mkdir(parents=True)
    for name in SHIPPED:
        shutil.copy(ROOT / "policies" / f"{name}.yaml", folder / "policies" / f"{name}.yaml")
    (folder / "policygen.yaml").write_text(
        "format: 1\norganisation: 示例科技有限公司\ntitle: 客户管理规章制度汇编\nformats: [pdf, html]\n"
        f"policies: [{', '.join(SHIPPED)}]\n",
        encoding="utf-8",
    )
    return folder


def build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "policygen", "build", "-q", *extra], cwd=project, capture_output=True, text=True, timeout=600, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def outputs(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "build").iterdir())}


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    project = make_project(tmp_path_factory.mktemp("clean") / "project")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return outputs(project)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its entry waits to be collected


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_kill_9_leaves_no_worker_and_the_next_build_matches_a_clean_one(tmp_path: Path, clean_build: dict[str, bytes]) -> None:
    project = make_project(tmp_path / "project")
    process = subprocess.Popen([sys.executable, "-m", "policygen", "build", "-q", "-j", "2"], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the build finished before its workers could be seen"
    time.sleep(1.0)  # mid-layout
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(5)
    assert [pid for pid in workers if _running(pid)] == []
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert outputs(project) == clean_build
    assert not [p for p in (project / "build").iterdir() if p.name.endswith(".tmp")]


def test_a_damaged_cache_is_a_miss(tmp_path: Path, clean_build: dict[str, bytes]) -> None:
    project = make_project(tmp_path / "project")
    assert build(project).returncode == 0
    objects = sorted((project / ".policygen-cache" / "objects").iterdir())
    assert len(objects) >= 4
    for i, path in enumerate(objects):
        data = path.read_bytes()
        if i % 3 == 0:
            path.write_bytes(data[: len(data) // 2])  # cut short
        elif i % 3 == 1:
            path.write_bytes(data[:-10] + b"0123456789")  # damaged
        else:
            path.unlink()
    shutil.rmtree(project / "build")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert outputs(project) == clean_build


def test_cache_entries_are_one_unit_and_verified(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("k", "pdf", b"%PDF-1.7 data", {"pages": 3})
    assert cache.get("k", "pdf") == (b"%PDF-1.7 data", {"pages": 3})
    assert [p.name for p in (tmp_path / "objects").iterdir()] == ["k.pdf"]
    path = tmp_path / "objects" / "k.pdf"
    path.write_bytes(path.read_bytes()[:-1])
    assert cache.get("k", "pdf") is None
    assert not path.exists()
    path.write_bytes(b"%PDF-1.7 written by an older version")
    assert cache.get("k", "pdf") is None


def _dead_pid() -> int:
    pid = 4_000_000
    while faults.alive(pid):
        pid -= 1
    return pid


def test_leftovers_of_dead_runs_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = tmp_path / "build"
    out.mkdir()
    dead, live = _dead_pid(), os.getppid()
    stale_file = out / f".minimal-v1.0.pdf.{dead}.abcd1234.tmp"
    live_file = out / f".minimal-v1.0.pdf.{live}.abcd1234.tmp"
    stale_dir = temp / f"policygen-uno-{dead}-x1y2z3"
    live_dir = temp / f"policygen-uno-{live}-x1y2z3"
    other = temp / "someone-else"
    for path in (stale_file, live_file):
        path.write_bytes(b"x")
    for path in (stale_dir, live_dir, other):
        (path / "profile").mkdir(parents=True)
    assert faults.remove_leftovers(out) == [stale_file]
    assert faults.remove_dead_run_dirs() == [stale_dir]
    assert live_file.exists() and live_dir.exists() and other.exists()


def test_a_killed_release_leaves_no_staging_folder_behind(tmp_path: Path) -> None:
    from policygen.versioning.release import _publish

    target = tmp_path / "releases" / "minimal" / "1.0"
    target.parent.mkdir(parents=True)
    staging = target.parent / f".1.0.{_dead_pid()}.k2j3h4g5.tmp"
    staging.mkdir()
    _publish({"manifest.json": b"{}"}, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["1.0"]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small tmpfs needs root")
@pytest.mark.parametrize(("options", "reason", "failed", "updated"), [
    ("size=40k", "No space left on device", "minimal-v1.0.pdf", "minimal-v1.0.html (1)"),
    ("ro,size=1m", "Read-only file system", "minimal-v1.0.html", "none"),
])
def test_a_full_or_read_only_disk_is_one_line_and_a_summary(tmp_path: Path, options: str, reason: str, failed: str, updated: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", project)
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], check=True)
    try:
        result = build(project, "--no-booklet", "-f", "html,pdf", "-o", str(mount / "build"))
    finally:
        subprocess.run(["umount", str(mount)], check=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: cannot write {mount}/build/{failed}: {reason}",
        f"updated before the failure: {updated}",
        "not updated (older files, possibly out of date): none",
    ]


def test_an_unwritable_output_folder_without_root(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", project)
    out = project / "build"
    assert build(project, "--no-booklet", "-f", "html").returncode == 0
    old = (out / "minimal-v1.0.html").read_bytes()
    (project / "policies" / "minimal.yaml").write_text(
        (project / "policies" / "minimal.yaml").read_text(encoding="utf-8").replace("最小制度", "最小制度二"), encoding="utf-8"
    )
    blocker = project / "blocked"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    result = build(project, "--no-booklet", "-f", "html", "-o", str(blocker / "build"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "error: cannot write blocked/build/minimal-v1.0.html: Not a directory"
    assert (out / "minimal-v1.0.html").read_bytes() == old


def test_a_broken_policy_stops_the_build_before_any_layout_and_the_early_workers_go(tmp_path: Path) -> None:
    # the pool starts while the policies are read (its workers load WeasyPrint meanwhile);
    # a problem in a policy ends the build with the located error, and the workers exit on their own
    import multiprocessing

    import policygen
    from policygen import ValidationError

    project = make_project(tmp_path / "project")
    broken = project / "policies" / f"{SHIPPED[0]}.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        policygen.build(project, formats=["pdf"], jobs=2)
    assert f"{SHIPPED[0]}.yaml" in str(caught.value)
    assert not (project / "build").exists(), "nothing may be written when a policy is broken"
    deadline = time.monotonic() + 60
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not multiprocessing.active_children(), "the pool's workers stayed behind"
