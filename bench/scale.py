"""Size, warm rendering, the DOCX contents and a Dask cluster: measurements for bench/run.py.

    .venv/bin/python bench/scale.py TASK PROJECT_DIR WORK_DIR

Tasks print one JSON object on stdout; each runs in its own process:

- ``warm``:    the shipped policies (``policies/*.yaml``) rendered to PDF through the
               API in one process after a first render, each one alternating with a
               render using the installed faces (no compact faces); then the same 26
               renders on 4 threads and on a pool of 2 warm processes
- ``docxtoc``: the booklet DOCX built twice (contents left for Word, then filled by
               LibreOffice); the time of the filling step and whether every entry
               shows a page number
- ``cluster``: the project's PDF build cold on a Dask LocalCluster of 2 worker
               processes (1 thread each) and cold on the local pool of 2 processes

``pdf_facts(path)`` (used by run.py) reads a PDF's size and its embedded faces.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def pdf_facts(path: Path) -> dict[str, Any]:
    """Return the size of a PDF, its pdffonts rows and how many distinct faces they name."""
    import pikepdf

    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=False).stdout.splitlines()[2:]
    names = [line.split()[0] for line in out if line.strip()]
    faces = {n.split("+", 1)[-1] for n in names}
    programs: dict[str, int] = {}  # face → stored bytes of its font programs
    with pikepdf.open(path) as pdf:
        seen: set[tuple[int, int]] = set()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = obj.get("/FontFile3") or obj.get("/FontFile2")
                if program is not None and program.objgen not in seen:
                    seen.add(program.objgen)
                    face = str(obj.FontName).split("+", 1)[-1]
                    programs[face] = programs.get(face, 0) + len(program.read_raw_bytes())
    return {"bytes": path.stat().st_size, "font_dicts": len(names), "faces": len(faces), "programs": programs}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ---- warm API rendering -------------------------------------------------------------


def _render(path: str) -> float:
    import policygen

    t = time.perf_counter()
    policygen.render(policygen.load(path), "pdf")
    return time.perf_counter() - t


def task_warm(project_dir: Path, work: Path) -> dict[str, Any]:
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    import policygen
    from policygen.builder.jobs import count_pdf_pages

    paths = sorted(str(p) for p in (ROOT / "policies").glob("*.yaml"))
    policies = [policygen.load(p) for p in paths]
    t = time.perf_counter()
    policygen.render(policies[0], "pdf")
    first = time.perf_counter() - t
    # the same renders with the installed faces instead of compact ones, alternating with them:
    # a cache folder that cannot be made leaves nowhere to keep compact faces (renderer/compact.py)
    blocked = work / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    policygen.render(policies[0], "pdf", cache_dir=str(blocked / "cache"))
    times, pages, installed = [], [], []
    for policy in policies:
        t = time.perf_counter()
        data = policygen.render(policy, "pdf")
        times.append(time.perf_counter() - t)
        pages.append(count_pdf_pages(data))
        t = time.perf_counter()
        policygen.render(policy, "pdf", cache_dir=str(blocked / "cache"))
        installed.append(time.perf_counter() - t)
    serial = sum(times)
    with ThreadPoolExecutor(max_workers=4) as threads:
        t = time.perf_counter()
        list(threads.map(lambda p: policygen.render(p, "pdf"), policies))
        threaded = time.perf_counter() - t
    with ProcessPoolExecutor(max_workers=2) as procs:
        list(procs.map(_render, paths[:2]))  # one first render per worker
        t = time.perf_counter()
        list(procs.map(_render, paths))
        pooled = time.perf_counter() - t
    return {"policies": len(paths), "pages_min": min(pages), "pages_max": max(pages), "first": first,
            "median": statistics.median(times), "p95": _p95(times), "runs": times, "serial": serial,
            "installed_median": statistics.median(installed), "installed_p95": _p95(installed),
            "threads4": threaded, "processes2": pooled}


# ---- the booklet DOCX's contents ----------------------------------------------------------


def toc_entries(path: Path) -> tuple[int, int]:
    """Return (entries, entries ending in a page number) of the TOC field result of a .docx."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    entries = numbered = 0
    depth = 0  # fields open since the TOC field began (page references nest inside it)
    for p in body.iter(qn("w:p")):
        instr = "".join(t.text or "" for t in p.iter(qn("w:instrText")))
        if depth == 0 and not re.search(r"\bTOC\b", instr):
            continue
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        if text:
            entries += 1
            numbered += bool(re.search(r"\d+$", text))
        for mark in p.iter(qn("w:fldChar")):
            depth += {"begin": 1, "end": -1}.get(mark.get(qn("w:fldCharType")), 0)
        if depth <= 0:
            break
    return entries, numbered


def task_docxtoc(project_dir: Path, work: Path) -> dict[str, Any]:
    from policygen.builder.options import BuildOptions
    from policygen.builder.plan import build
    from policygen.builder.toc_update import available

    out: dict[str, Any] = {"libreoffice": available()}
    for mode in ("word", "libreoffice"):
        shutil.rmtree(project_dir / ".policygen-cache", ignore_errors=True)
        target = work / f"docx-{mode}"
        shutil.rmtree(target, ignore_errors=True)
        t = time.perf_counter()
        result = build([str(project_dir)], BuildOptions(formats=("docx",), out=target, docx_toc=mode), out_given=True, formats_given=True)
        seconds = time.perf_counter() - t
        booklet = next(o for o in result.outputs if o.path.name == "booklet.docx")
        entries, numbered = toc_entries(booklet.path)
        out[mode] = {"build": seconds, "booklet_seconds": booklet.seconds, "entries": entries, "numbered": numbered}
    out["step"] = out["libreoffice"] and out["libreoffice"]["booklet_seconds"] - out["word"]["booklet_seconds"]
    out["filled"] = bool(out["libreoffice"]["entries"]) and out["libreoffice"]["numbered"] == out["libreoffice"]["entries"]
    return out


# ---- a Dask LocalCluster against the local pool ------------------------------------------


def task_cluster(project_dir: Path, work: Path) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from policygen.builder.options import BuildOptions
    from policygen.builder.plan import build

    def cold(executor: Any) -> tuple[float, int, bytes]:
        shutil.rmtree(project_dir / ".policygen-cache", ignore_errors=True)
        shutil.rmtree(project_dir / "build", ignore_errors=True)
        laid_out: list[str] = []  # every part the pool laid out (policies, front matter, appendix parts, contents)
        t = time.perf_counter()
        result = build([str(project_dir)], BuildOptions(formats=("pdf",), jobs=2), formats_given=True, executor=executor,
                       progress=lambda label, done, total: laid_out.append(label))
        seconds = time.perf_counter() - t
        booklet = next(o for o in result.outputs if o.path.name == "booklet.pdf")
        return seconds, len(laid_out), booklet.path.read_bytes()

    t = time.perf_counter()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster, set_as_default=False) as client:
        startup = time.perf_counter() - t
        executor = client.get_executor(pure=False)
        on_cluster, parts, cluster_pdf = cold(executor)
    local, _, local_pdf = cold(None)
    return {"cluster": on_cluster, "local": local, "startup": startup, "parts": parts,
            "per_part": (on_cluster - local) / parts, "identical": cluster_pdf == local_pdf}


TASKS = {"warm": task_warm, "docxtoc": task_docxtoc, "cluster": task_cluster}


def main(argv: list[str]) -> int:
    task, project_dir, work = argv[0], Path(argv[1]), Path(argv[2])
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    print(json.dumps(TASKS[task](project_dir, work)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# ---- rows of run.py's table -------------------------------------------------------------


def rows(R: dict[str, Any], row: Any, fmt_s: Any, status: Any) -> None:
    """Add this module's rows to run.py's table (``row(name, n, time, ratio, target)``)."""
    for label, key in (("shipped project", "shipped"), ("bench project", "bench")):
        s = R.get("sizes", {}).get(key)
        if not s:
            continue
        ratio = s["booklet"]["bytes"] / s["one_pass"]["bytes"]
        row(f"booklet size, {label} ({s['booklet']['faces']} faces in {s['booklet']['font_dicts']} font dicts)", 1,
            f"{s['booklet']['bytes'] / 2**20:.2f} MB",
            f"{ratio:.2f}× one-pass WP ({s['one_pass']['bytes'] / 2**20:.2f} MB, {s['one_pass']['faces']} faces)",
            f"≤ 1.1× one-pass: {status(ratio <= 1.1)}")
        extra = {f: b for f, b in s["booklet"].get("programs", {}).items() if f not in s["one_pass"].get("programs", {})}
        if extra:  # faces only the build uses (a policy in its own theme): not in the one-pass HTML
            same = (s["booklet"]["bytes"] - sum(extra.values())) / s["one_pass"]["bytes"]
            row(f"  without the {len(extra)} faces the one-pass PDF lacks ({', '.join(sorted(extra))})", 1,
                f"{sum(extra.values()) / 2**20:.2f} MB", f"{same:.2f}× one-pass WP", f"≤ 1.1× one-pass: {status(same <= 1.1)}")
    w = R.get("warm")
    if w:
        row(f"warm API render, {w['policies']} shipped policies ({w['pages_min']}–{w['pages_max']} pp)", w["policies"],
            fmt_s(w["median"]), f"p95 {fmt_s(w['p95'])}; first in process {fmt_s(w['first'])}", f"median ≤ 0.2 s: {status(w['median'] <= 0.2)}")
        row(f"  the {w['policies']} renders: serial / 4 threads / 2 warm processes", 1, fmt_s(w["serial"]),
            f"threads {fmt_s(w['threads4'])} ({w['serial'] / w['threads4']:.2f}×), processes {fmt_s(w['processes2'])} "
            f"({w['serial'] / w['processes2']:.2f}×)")
        if "installed_median" in w:
            row("  the same renders with the installed faces (no compact faces), alternating", w["policies"],
                fmt_s(w["installed_median"]), f"p95 {fmt_s(w['installed_p95'])}; compact faces "
                f"{w['median'] / w['installed_median']:.2f}× of it")
    d = R.get("docxtoc")
    if d:
        lo = d["libreoffice"]
        if lo:
            row(f"booklet DOCX contents filled ({lo['numbered']}/{lo['entries']} entries with a page number)", 1,
                fmt_s(d["step"]), f"booklet.docx {fmt_s(lo['booklet_seconds'])} (LibreOffice), "
                f"{fmt_s(d['word']['booklet_seconds'])} (left for Word)", f"filled: {status(d['filled'])}")
        else:
            row("booklet DOCX contents filled", 1, "", "LibreOffice/python3-uno not installed", "filled: NOT MET")
    c = R.get("cluster")
    if c:
        row(f"booklet PDF cold on a Dask LocalCluster (2 × 1 thread), {c['parts']} parts", 1, fmt_s(c["cluster"]),
            f"local pool {fmt_s(c['local'])}: {c['cluster'] / c['local']:.2f}×, {fmt_s(c['per_part'])} per part; "
            f"cluster start {fmt_s(c['startup'])}", f"byte-identical booklet: {status(c['identical'])}")
