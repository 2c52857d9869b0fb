"""Time PDF layout of one very long text in each place a drafter can put one.

    .venv/bin/python bench/long_text.py                       # 1,000 / 5,000 / 20,000 characters
    .venv/bin/python bench/long_text.py --sizes 1000 5000 --places title summary

Each row renders a small policy to PDF with one field made N characters long
(random CJK text drawn from one sentence, so glyph coverage stays the same) and
prints the seconds and the ratio to the same length as article text, the
baseline measured in the same run. Layout should grow linearly with N in every
place: a place whose ratio grows with N lays out super-linearly.

Also times validation of N references to unknown ids against N references to a
real id (``--refs``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policygen  # noqa: E402 - after the path set-up above

CHARS = "为规范公司客户关系管理提高客户满意度特制定本制度各部门员工应当按照要求办理相关手续"

BASE = """format: 1
id: long
kind: regulation
title: 长文本测试
language: zh-Hans
version: "1.0"
issued: 2024-10-01
effective: 2024-10-15
owner: 客户服务部
changelog:
  - version: "1.0"
    date: 2024-10-01
    summary: SUMMARY
roles:
  - id: desk
    name: 前台
    duties: [DUTY]
channels:
  - id: hotline
    type: phone
    name: 电话热线
    value: "12345678"
    hours: HOURS
chapters:
  - id: general
    title: CHAPTER
    articles:
      - id: purpose
        roles: [desk]
        text: TEXT
  - id: contacts
    title: 联系方式
    show: channels
  - id: duties
    title: 岗位职责
    show: roles
"""
PLACES = {
    "text": "TEXT",
    "title": "长文本测试",
    "chapter": "CHAPTER",
    "summary": "SUMMARY",
    "duty": "DUTY",
    "hours": "HOURS",
}
LIMITS = {"summary": 2000, "duty": 2000, "hours": 200}  # table cells: longer is refused at validation
DEFAULTS = {"TEXT": "为规范管理，特制定本制度。", "CHAPTER": "总则", "SUMMARY": "首次发布", "DUTY": "接待客户", "HOURS": "工作日"}


def source(place: str, length: int) -> str:
    """Return the policy with the text at ``place`` made ``length`` characters long."""
    rng = random.Random(length)
    long = "".join(rng.choice(CHARS) for _ in range(length))
    text = BASE.replace(PLACES[place], long, 1) if place == "title" else BASE
    for marker, default in DEFAULTS.items():
        text = text.replace(marker, long if PLACES[place] == marker else default)
    return text


def time_pdf(place: str, length: int, runs: int) -> float:
    policy = policygen.loads(source(place, length), name=f"{place}.yaml")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        policygen.render(policy, "pdf")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_refs(count: int, target: str) -> float:
    articles = "".join(f"      - id: a{i}\n        text: 见[[{target.format(i=i)}]]。\n" for i in range(count))
    text = BASE.split("chapters:")[0].replace("SUMMARY", "首次发布").replace("DUTY", "接待").replace("HOURS", "工作日")
    text += "chapters:\n  - id: general\n    title: 总则\n    articles:\n" + articles
    started = time.perf_counter()
    try:
        policygen.loads(text, name="refs.yaml")
    except policygen.ValidationError:
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000, 5000, 20000])
    parser.add_argument("--places", nargs="+", default=list(PLACES), choices=list(PLACES))
    parser.add_argument("-n", "--runs", type=int, default=1)
    parser.add_argument("--refs", type=int, nargs="*", default=[2000, 8000, 20000])
    args = parser.parse_args()
    print(f"{'place':10}" + "".join(f"{n:>16,}" for n in args.sizes) + "   (seconds; ratio to article text)")
    time_pdf("text", 10, 1)  # warm up: fonts and templates load once per process
    baseline = {n: time_pdf("text", n, args.runs) for n in args.sizes}
    for place in args.places:
        cells = []
        for n in args.sizes:
            if n > LIMITS.get(place, n):
                cells.append(f"refused (>{LIMITS[place]:,})")
                continue
            seconds = baseline[n] if place == "text" else time_pdf(place, n, args.runs)
            cells.append(f"{seconds:8.2f} (×{seconds / baseline[n]:.2f})")
        print(f"{place:10}" + "".join(f"{c:>16}" for c in cells), flush=True)
    if args.refs:
        print(f"\n{'references':10}" + "".join(f"{n:>16,}" for n in args.refs) + "   (seconds to validate)")
        for label, target in (("unknown", "nothing-{i}"), ("real id", "a0")):
            print(f"{label:10}" + "".join(f"{time_refs(n, target):16.2f}" for n in args.refs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
