"""The policygen benchmark: one command, one table (see bench/README.md).

    ./dev.sh bench                  # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --policies 10 --articles 20 -n 1   # a quick smoke run

Generates a synthetic project (50 policies × 40 articles) in a temporary folder,
measures validate, the HTML pipeline, DOCX against pandoc and docxtpl, the cold
booklet PDF against one-process WeasyPrint, a rebuild after one edit, a no-op
rebuild and peak memory, prints seconds, ratios and each target of issue 4 as
met / not met, and writes bench/out/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import scale  # noqa: E402

PY = sys.executable
TASKS = str(BENCH / "tasks.py")
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---- running and measuring a process tree ------------------------------------------


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(pid: int) -> dict[int, tuple[int, int]]:
    """Return {pid: (resident bytes, proportional set size bytes)} of ``pid`` and its descendants.

    PSS splits pages shared between processes (the pool workers are forked from
    the build process) among them, so PSS values add up without double counting.
    """
    kids = _children_map()
    out: dict[int, tuple[int, int]] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                rss = int(fh.read().split()[1]) * PAGE
            pss = rss
            try:
                with open(f"/proc/{p}/smaps_rollup", "rb") as fh:
                    for line in fh:
                        if line.startswith(b"Pss:"):
                            pss = int(line.split()[1]) * 1024
                            break
            except OSError:
                pass
            out[p] = (rss, pss)
        except OSError:
            pass
        todo.extend(kids.get(p, []))
    return out


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, sample: bool = True) -> dict[str, Any]:
    """Run ``cmd``; return wall and CPU seconds, peak memory and output.

    ``max_rss_mb`` comes from wait4(): the largest resident set of the process or
    of any descendant it waited for (the pool workers), as /usr/bin/time -v
    reports it. Sampled every 0.2 s: ``tree_peak_mb`` is the peak of the summed
    PSS of the live process tree (what the whole build holds at once),
    ``main_peak_mb`` and ``child_peak_mb`` the peak RSS of the process itself and
    of its largest descendant.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        peak = [0, 0, 0]  # tree PSS sum, main RSS, largest child RSS
        done = threading.Event()

        def sampler() -> None:
            while not done.wait(0.2):
                tree = _tree(proc.pid)
                peak[0] = max(peak[0], sum(pss for _, pss in tree.values()))
                peak[1] = max(peak[1], tree.get(proc.pid, (0, 0))[0])
                peak[2] = max([peak[2], *(rss for p, (rss, _) in tree.items() if p != proc.pid)])

        thread = threading.Thread(target=sampler, daemon=True)
        if sample:
            thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        if sample:
            thread.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = {
            "seconds": seconds,
            "max_rss_mb": usage.ru_maxrss / 1024,
            "tree_peak_mb": peak[0] / 2**20 if sample else None,
            "main_peak_mb": peak[1] / 2**20 if sample else None,
            "child_peak_mb": peak[2] / 2**20 if sample else None,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "rc": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }
    if result["rc"] != 0:
        raise SystemExit(f"benchmark step failed ({' '.join(cmd)}):\n{result['stdout'][-2000:]}\n{result['stderr'][-4000:]}")
    return result


def repeat(n: int, cmd: list[str], cwd: Path, env: dict[str, str], check: Any = None) -> dict[str, Any]:
    runs = []
    for _ in range(n):
        r = measure(cmd, cwd, env)
        if check:
            check(r)
        runs.append(r)
    times = [r["seconds"] for r in runs]
    return {"median": statistics.median(times), "runs": times, "n": n,
            "max_rss_mb": max(r["max_rss_mb"] for r in runs), "last": runs[-1]}


def task(name: str, project: Path, work: Path, env: dict[str, str], n: int = 1) -> tuple[dict[str, Any], dict[str, Any]]:
    r = measure([PY, TASKS, name, str(project), str(work), str(n)], work, env)
    return json.loads(r["stdout"].strip().splitlines()[-1]), r


# ---- the policygen build summary ---------------------------------------------------------

ROW = re.compile(r"^(\S+\.(?:pdf|docx|html))\s+│\s*(\d*)\s*│\s*([\d.]+ [KM]B)\s*│\s*([\d.]+) s( \(cached\))?", re.M)


def summary(stderr: str) -> dict[str, Any]:
    """Return what the build's closing table says: booklet pages and time, parts rendered/cached."""
    rows = ROW.findall(stderr)
    info: dict[str, Any] = {"outputs": len(rows), "rendered": 0, "cached": 0}
    for path, pages, size, secs, cached in rows:
        if Path(path).stem == "booklet":
            info.update(booklet_pages=int(pages or 0), booklet_size=size, booklet_seconds=float(secs))
        else:
            info["cached" if cached else "rendered"] += 1
    m = re.search(r"built (\d+) file\(s\) in ([\d.]+) s", stderr)
    if m:
        info["reported_seconds"] = float(m.group(2))
    return info


def edit_one_policy(project: Path, policy_id: str, mark: str) -> Path:
    """Change the text of the first article of one policy."""
    path = project / "policies" / f"{policy_id}.yaml"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"^(\s+text: )", lambda m: m.group(1) + mark, text, count=1, flags=re.M)
    assert count == 1, f"no article text found in {path}"
    path.write_text(new, encoding="utf-8")
    return path


# ---- report ------------------------------------------------------------------------------


# Candidate fixes, tried without touching policygen: (environment, extra build arguments)
FIXED_TABLES_CSS = """{% include "builtin/style.css.j2" %}
/* bench experiment: fixed table layout for the appendix tables */
table.role-index, table.channel-directory, table.revision-history { table-layout: fixed; }
table.role-index th.c-policy { width: 20%; } table.role-index th.c-article { width: 11%; }
"""
EXPERIMENTS = {
    "fontconfig": ({"BENCH_SHARED_FONT_CONFIG": "1"}, False),
    "longest-first": ({"BENCH_LONGEST_FIRST": "1"}, False),
    "fixed-tables": ({}, True),
    "forkserver": ({"BENCH_FORKSERVER": "1"}, False),
    "all": ({"BENCH_SHARED_FONT_CONFIG": "1", "BENCH_LONGEST_FIRST": "1"}, True),
}


def snapshot(dest: Path) -> Path:
    """Copy policygen's package and templates (laid out as in the wheel) under ``dest``; return ``dest``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "policygen", dest / "policygen", ignore=ignore)
    shutil.copytree(ROOT / "templates", dest / "policygen" / "templates", ignore=ignore)
    (dest / "policygen" / "templates" / "__init__.py").touch()
    return dest


def sources_digest() -> str:
    """Return a hash of policygen's code and templates (to notice edits made while the benchmark runs)."""
    import hashlib

    h = hashlib.sha256()
    for folder in (ROOT / "policygen", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".css", ".docx", ".json"):
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def fmt_s(x: float | None) -> str:
    return "" if x is None else (f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms")


def status(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("policygen", "weasyprint", "python-docx", "docxtpl", "pikepdf", "pydantic", "ruamel.yaml"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    try:
        out["pandoc"] = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0].split()[-1]
    except OSError:
        out["pandoc"] = "missing"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="policygen benchmark")
    ap.add_argument("-n", type=int, default=3, help="runs of each cheap measurement (median reported; default 3)")
    ap.add_argument("--policies", type=int, default=50)
    ap.add_argument("--articles", type=int, default=40, help="articles per policy")
    ap.add_argument("--rebuilds", type=int, default=1, help="runs of the one-edit rebuild (default 1)")
    ap.add_argument("--experiment", action="append", default=[], choices=sorted(EXPERIMENTS),
                    help="also run a cold build with candidate fixes applied (repeatable; bench/README.md)")
    ap.add_argument("--skip-scale", action="store_true",
                    help="leave out the shipped project's size, warm rendering, the DOCX contents and the Dask cluster")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project and outputs")
    ap.add_argument("--json", type=Path, default=BENCH / "out" / "results.json")
    args = ap.parse_args(argv)
    n = args.n

    if not shutil.which("pandoc"):
        raise SystemExit("pandoc is not installed — apt-get install pandoc (./dev.sh bench does it)")
    policygen_cli = Path(PY).parent / "policygen"
    cli = [str(policygen_cli)] if policygen_cli.exists() else [PY, "-m", "policygen"]
    sources_start = sources_digest()
    tmp = Path(tempfile.mkdtemp(prefix="policygen-bench-"))
    project, work = tmp / "project", tmp / "work"
    work.mkdir(parents=True)
    # Measure a snapshot of policygen taken now: edits made to the checkout while the
    # benchmark runs (the cache key hashes policygen's code) cannot then mix versions.
    src = snapshot(tmp / "src")
    env = dict(os.environ, COLUMNS="200", PYTHONWARNINGS="ignore",
               PYTHONPATH=os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])))
    probe = "import importlib, policygen; h = importlib.import_module('policygen.renderer.html'); print(policygen.__file__); print(h.builtin_templates_dir())"
    check = subprocess.run([PY, "-c", probe],
                           env=env, capture_output=True, text=True, cwd=tmp)
    if check.returncode != 0 or not all(line.startswith(str(src)) for line in check.stdout.split()):
        shutil.rmtree(tmp, ignore_errors=True)
        raise SystemExit(f"the policygen snapshot in {src} is not the one imported:\n{check.stdout}{check.stderr}")
    load_start = os.getloadavg()
    started = time.perf_counter()
    R: dict[str, Any] = {"date": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(), "sources": sources_start[:16],
                         "loadavg_start": load_start, "versions": versions(), "n": n}

    def say(msg: str) -> None:
        print(f"  {msg}", file=sys.stderr, flush=True)

    try:
        # 1. the synthetic project
        t = time.perf_counter()
        R["project"] = generate.generate(project, policies=args.policies, articles=args.articles)
        R["project"]["generate_seconds"] = time.perf_counter() - t
        say(f"generated {R['project']['policies']} policies, {R['project']['articles']} articles, "
            f"{R['project']['cjk_chars']} CJK characters in {project}")
        middle = f"policy-{args.policies // 2:02d}"

        # 2. validate (CLI)
        def valid(r: dict[str, Any]) -> None:
            if not re.search(r" 0 error\(s\), 0 warning\(s\)", r["stdout"] + r["stderr"]):
                raise SystemExit("the generated project is not valid:\n" + r["stdout"][-3000:])

        R["validate"] = repeat(n, [*cli, "validate", "."], project, env, valid)
        say(f"validate: {fmt_s(R['validate']['median'])}")
        R["cli_startup"] = repeat(n, [*cli, "--version"], project, env)

        # 3. load + validate + resolve + HTML (API, in one process)
        R["html"], _ = task("html", project, work, env, n)
        say(f"load+validate+resolve+HTML: {fmt_s(R['html']['total']['median'])}")

        # 4. DOCX: policygen, pandoc, docxtpl on the same content
        R["docx"], _ = task("docx", project, work, env, n)
        R["export"], _ = task("export", project, work, env)
        R["docxtpl"], _ = task("docxtpl", project, work, env, n)
        R["pandoc"] = repeat(n, ["pandoc", str(work / "content.md"), "-f", "markdown", "-t", "docx",
                                 f"--reference-doc={R['export']['reference']}", "-o", str(work / "pandoc.docx")], work, env)
        say(f"docx: policygen booklet {fmt_s(R['docx']['booklet']['median'])}, {args.policies} files {fmt_s(R['docx']['per_policy']['median'])}, "
            f"docxtpl {fmt_s(R['docxtpl']['total']['median'])}, pandoc {fmt_s(R['pandoc']['median'])}")

        # 5. one part laid out alone: where a part's time goes
        R["part"], _ = task("part", project, work, env)

        # 6. booklet PDF, cold (empty cache, empty output folder)
        shutil.rmtree(project / ".policygen-cache", ignore_errors=True)
        shutil.rmtree(project / "build", ignore_errors=True)
        build = [*cli, "build", "--format", "pdf"]
        timed = [PY, str(BENCH / "timed_build.py"), str(work / "phases.json"), "--format", "pdf"]
        cold = measure(timed, project, env)
        R["cold"] = {k: v for k, v in cold.items() if k not in ("stdout", "stderr")} | {"summary": summary(cold["stderr"])}
        R["cold"]["phases"] = json.loads((work / "phases.json").read_text())
        say(f"booklet PDF cold: {fmt_s(cold['seconds'])}, {R['cold']['summary'].get('booklet_pages')} pages, "
            f"max RSS {cold['max_rss_mb']:.0f} MB (tree {cold['tree_peak_mb']:.0f} MB)")
        R["sizes"] = {"bench": {"booklet": scale.pdf_facts(project / "build" / "booklet.pdf")}}

        R["experiments"] = {}
        for name in args.experiment:  # candidate fixes, same cold conditions
            extra_env, tables = EXPERIMENTS[name]
            extra_args: list[str] = []
            if tables:
                folder = work / "templates-fixed-tables"
                folder.mkdir(exist_ok=True)
                (folder / "style.css.j2").write_text(FIXED_TABLES_CSS, encoding="utf-8")
                extra_args = ["--templates", str(folder)]
            shutil.rmtree(project / ".policygen-cache", ignore_errors=True)
            shutil.rmtree(project / "build", ignore_errors=True)
            x = measure(timed + extra_args, project, dict(env, **extra_env))
            R["experiments"][name] = {k: v for k, v in x.items() if k not in ("stdout", "stderr")} | {
                "summary": summary(x["stderr"]), "phases": json.loads((work / "phases.json").read_text())}
            say(f"experiment {name}: cold {fmt_s(x['seconds'])}, CPU {fmt_s(x['cpu_seconds'])}, max RSS {x['max_rss_mb']:.0f} MB")
        if args.experiment:  # leave a cache of the shipped templates for the rebuild
            shutil.rmtree(project / ".policygen-cache", ignore_errors=True)
            shutil.rmtree(project / "build", ignore_errors=True)
            measure(build, project, env)

        # 7. the same content as one HTML, laid out by WeasyPrint in one process
        R["weasy"], wp = task("weasy", project, work, env)
        R["weasy"].update(seconds=wp["seconds"], max_rss_mb=wp["max_rss_mb"], cpu_seconds=wp["cpu_seconds"])
        say(f"one-process WeasyPrint: {fmt_s(wp['seconds'])} ({fmt_s(R['weasy']['pdf'])} layout+write), {R['weasy']['pages']} pages")
        R["sizes"]["bench"]["one_pass"] = scale.pdf_facts(work / "weasyprint-one-process.pdf")

        # 8. rebuild after one edit, then no-op
        runs = []
        for i in range(args.rebuilds):
            edit_one_policy(project, middle, f"（第{i + 1}次修订）")
            r = measure(timed, project, env)
            runs.append({"seconds": r["seconds"], "max_rss_mb": r["max_rss_mb"], "cpu_seconds": r["cpu_seconds"],
                         "summary": summary(r["stderr"]), "phases": json.loads((work / "phases.json").read_text())})
        R["rebuild"] = {"median": statistics.median(x["seconds"] for x in runs), "n": len(runs), "runs": runs, "edited": middle}
        say(f"rebuild after editing {middle}: {fmt_s(R['rebuild']['median'])}, re-rendered {runs[-1]['summary']['rendered']} part(s)")

        noop_runs = []

        def noop_check(r: dict[str, Any]) -> None:
            noop_runs.append("up to date" in r["stderr"] or summary(r["stderr"]))

        R["noop"] = repeat(n, build, project, env, noop_check)
        R["noop"]["up_to_date"] = [x is True for x in noop_runs]
        R["noop"]["not_up_to_date"] = [x for x in noop_runs if x is not True]
        R["noop"]["reported"] = re.findall(r"nothing rendered \(([\d.]+) s\)", R["noop"].pop("last")["stderr"])
        if not all(R["noop"]["up_to_date"]):
            say("WARNING: a no-op rebuild was not up to date: " + json.dumps(R["noop"]["not_up_to_date"]))
        if not args.skip_scale:
            try:
                measure_scale(R, project, tmp, work, cli, env, say)
            except (SystemExit, Exception) as exc:  # keep the rest of the table
                R["scale_error"] = str(exc)[-2000:]
                say(f"WARNING: a size/warm/DOCX/cluster measurement failed: {R['scale_error']}")
        R["validate"].pop("last")
        R["cli_startup"].pop("last")
        R["pandoc"].pop("last")
    finally:
        R["loadavg_end"] = os.getloadavg()
        R["sources_changed_during_run"] = sources_digest() != sources_start
        R["total_seconds"] = time.perf_counter() - started
        if args.keep:
            R["kept"] = str(tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    report(R)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(R, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nresults: {args.json}" + (f"; project kept in {tmp}" if args.keep else ""))
    return 0


def measure_scale(R: dict[str, Any], project: Path, tmp: Path, work: Path, cli: list[str], env: dict[str, str], say: Any) -> None:
    """The shipped project's booklet against one pass, warm API renders, the DOCX contents, a Dask LocalCluster."""
    shipped = tmp / "shipped"
    shipped.mkdir()
    shutil.copytree(ROOT / "policies", shipped / "policies")
    shutil.copy(ROOT / "policygen.yaml", shipped / "policygen.yaml")
    measure([*cli, "build", "--format", "pdf"], shipped, env)
    R["sizes"]["shipped"] = {"booklet": scale.pdf_facts(shipped / "build" / "booklet.pdf")}
    (work / "shipped").mkdir()
    task("weasy", shipped, work / "shipped", env)
    R["sizes"]["shipped"]["one_pass"] = scale.pdf_facts(work / "shipped" / "weasyprint-one-process.pdf")
    say("sizes: " + json.dumps({k: (v["booklet"]["bytes"], v["one_pass"]["bytes"]) for k, v in R["sizes"].items()}))
    for name, folder in (("warm", shipped), ("docxtoc", shipped), ("cluster", project)):
        r = measure([PY, str(BENCH / "scale.py"), name, str(folder), str(work / name)], work, env)
        R[name] = json.loads(r["stdout"].strip().splitlines()[-1])
        say(f"{name}: " + json.dumps({k: v for k, v in R[name].items() if k != "runs"})[:300])


def report(R: dict[str, Any]) -> None:
    cold = R["cold"]["seconds"]
    wp = R["weasy"]
    pg_docx = R["docx"]["booklet"]["median"]
    pg_docx50 = R["docx"]["per_policy"]["median"]
    tpl = R["docxtpl"]["total"]["median"]
    pandoc = R["pandoc"]["median"]
    html = R["html"]["total"]["median"]
    rebuild = R["rebuild"]["median"]
    noop = R["noop"]["median"]
    rss = R["cold"]["max_rss_mb"]
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, n: Any, secs: str, ratio: str = "", target: str = "") -> None:
        rows.append((name, str(n), secs, ratio, target))

    p = R["project"]
    print(f"\npolicygen benchmark — {p['policies']} policies × {p['articles'] // max(p['policies'], 1)} articles = {p['articles']} articles, "
          f"{p['cjk_chars']} CJK characters; {R['cores']} cores; load average {R['loadavg_start'][0]:.1f} → {R['loadavg_end'][0]:.1f}")
    if max(R["loadavg_start"][0], R["loadavg_end"][0]) > (R["cores"] or 1):
        print("WARNING: the machine was busy with other work (load average above the core count): times are inflated")
    if R["sources_changed_during_run"]:
        print("note: policygen's code or templates changed in the checkout while the benchmark ran; "
              "the figures are those of the snapshot taken at the start")
    print()
    row("validate (policygen validate, CLI)", R["validate"]["n"], fmt_s(R["validate"]["median"]))
    row("  CLI start-up alone (policygen --version)", R["cli_startup"]["n"], fmt_s(R["cli_startup"]["median"]))
    arts, pols = R["project"]["articles"], R["project"]["policies"]
    row(f"load+validate+resolve+HTML, {arts} articles (API)", R["html"]["total"]["n"], fmt_s(html), f"{html / cold:.1%} of PDF cold",
        f"≤ 5 % of PDF: {status(html <= 0.05 * cold)}")
    row("  of which load+validate+resolve", R["html"]["load_validate_resolve"]["n"], fmt_s(R["html"]["load_validate_resolve"]["median"]))
    row("DOCX policygen: booklet .docx (1 file)", R["docx"]["booklet"]["n"], fmt_s(pg_docx),
        f"{pg_docx / tpl:.2f}× docxtpl, {pg_docx / pandoc:.2f}× pandoc",
        f"≤ docxtpl: {status(pg_docx <= tpl)}; ≤ 0.5× pandoc: {status(pg_docx <= 0.5 * pandoc)}")
    one = R["docx"]["one_file"]["median"]
    row("DOCX policygen: all policies in 1 file, no appendix", R["docx"]["one_file"]["n"], fmt_s(one),
        f"{one / tpl:.2f}× docxtpl, {one / pandoc:.2f}× pandoc",
        f"≤ docxtpl: {status(one <= tpl)}; ≤ 0.5× pandoc: {status(one <= 0.5 * pandoc)}")
    row(f"DOCX policygen: each policy ({pols} files)", R["docx"]["per_policy"]["n"], fmt_s(pg_docx50),
        f"{pg_docx50 / tpl:.2f}× docxtpl, {pg_docx50 / pandoc:.2f}× pandoc",
        f"≤ docxtpl: {status(pg_docx50 <= tpl)}; ≤ 0.5× pandoc: {status(pg_docx50 <= 0.5 * pandoc)}")
    row("DOCX docxtpl (Jinja loop in a .docx)", R["docxtpl"]["total"]["n"], fmt_s(tpl))
    row("DOCX pandoc (markdown → docx, reference doc)", R["pandoc"]["n"], fmt_s(pandoc))
    s = R["cold"]["summary"]
    row(f"booklet PDF cold (build --format pdf; {s.get('booklet_pages', '?')} pp + {s['rendered']} policy PDFs)", 1, fmt_s(cold),
        f"{cold / wp['seconds']:.2f}× one-process WP", f"≤ 0.6× WP: {status(cold <= 0.6 * wp['seconds'])}")
    ph = R["cold"]["phases"]["phases"]
    wait = ph.get("waiting for the pool", 0.0)
    serial = cold - wait
    row("  CPU time of the build's process tree", 1, fmt_s(R["cold"]["cpu_seconds"]),
        f"{R['cold']['cpu_seconds'] / wp['cpu_seconds']:.2f}× WP's CPU time")
    row("  main process waiting for the pool (parts)", 1, fmt_s(wait), f"{wait / cold:.0%} of cold")
    row("  serial: main process outside the pool", 1, fmt_s(serial), f"{serial / cold:.0%} of cold")
    parent = ph.get("assemble booklet (merge, stamp, save)", 0.0)  # "of which" lines stay under their phase
    for name, secs in sorted(ph.items(), key=lambda kv: -(parent - 1e-9 if kv[0].startswith("  of which") else kv[1])):
        if name != "waiting for the pool" and secs >= 0.05:
            row(f"    {name}", R["cold"]["phases"]["calls"].get(name, ""), fmt_s(secs))
    row("    start-up + imports (in process)", 1, fmt_s(R["cold"]["phases"]["imports"]))
    row(f"one-process WeasyPrint, whole booklet ({wp['pages']} pp)", 1, fmt_s(wp["seconds"]),
        f"layout {fmt_s(wp['layout'])} + write {fmt_s(wp['write'])}; CPU {fmt_s(wp['cpu_seconds'])}")
    row("  cold vs WeasyPrint layout+write only", "", "", f"{cold / wp['pdf']:.2f}×")
    part = R["part"]
    row(f"one part alone ({part['pages']} pp, warm process)", 1, fmt_s(part["layout"] + part["write"]),
        f"layout {fmt_s(part['layout'])} + write {fmt_s(part['write'])} (fonts {fmt_s(part['fonts'])})")
    for name, x in R.get("experiments", {}).items():
        row(f"experiment {name}: booklet PDF cold", 1, fmt_s(x["seconds"]),
            f"{x['seconds'] / wp['seconds']:.2f}× WP, {x['seconds'] / cold:.2f}× cold; CPU {fmt_s(x['cpu_seconds'])}; "
            f"max RSS {x['max_rss_mb']:.0f} MB", f"≤ 0.6× WP: {status(x['seconds'] <= 0.6 * wp['seconds'])}")
    rb = R["rebuild"]["runs"][-1]["summary"]
    row(f"rebuild after one edit ({rb['rendered']} part re-rendered)", R["rebuild"]["n"], fmt_s(rebuild), f"{rebuild / cold:.3f}× cold",
        f"≤ 0.15× cold: {status(rebuild <= 0.15 * cold)}")
    fresh = all(R["noop"]["up_to_date"])
    row("no-op rebuild (CLI wall time)", R["noop"]["n"], fmt_s(noop),
        f"in-process {', '.join(R['noop']['reported'])} s" if fresh else "NOT up to date: it rendered",
        f"< 1 s: {status(noop < 1 and fresh)}")
    c = R["cold"]
    row("peak memory, cold build (largest process)", 1, f"{rss:.0f} MB",
        f"main {c['main_peak_mb']:.0f} MB, worker {c['child_peak_mb']:.0f} MB; tree PSS {c['tree_peak_mb']:.0f} MB",
        f"≤ 300 MB: {status(rss <= 300)}")
    row("peak memory, one-process WeasyPrint", 1, f"{wp['max_rss_mb']:.0f} MB")
    scale.rows(R, row, fmt_s, status)
    if R.get("scale_error"):
        row("(some size/warm/DOCX/cluster rows failed: see scale_error in the JSON)", "", "")

    headers = ("measure", "N", "time", "ratio", "target")
    widths = [max(_w(r[i]) for r in [headers, *rows]) for i in range(5)]
    print(_pad(headers, widths))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(_pad(r, widths))
    print(f"\ntotal benchmark time {R['total_seconds']:.0f} s")


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - _w(c)) for c, w in zip(cells, widths, strict=False)).rstrip()


if __name__ == "__main__":
    sys.exit(main())
