"""Time `policygen diff` on two synthetic versions of a 2000-article policy.

    .venv/bin/python bench/diff_bench.py [--articles 2000] [--pdf]

Version 2 inserts 20 articles (so nearly every article is renumbered),
deletes 10, amends 100 (a phrase changed inside 80–150 characters of Chinese
text), moves 10 to another chapter and swaps 5 pairs. Reported: the diff
itself (resolve both + match + character diffs), the text summary, JSON, the
comparison table as HTML and DOCX (and PDF with --pdf), and the tracked DOCX.
Medians of 3 runs.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import policygen
from policygen.versioning.comparison import render_comparison
from policygen.versioning.diff import diff_policies
from policygen.versioning.tracked import tracked_docx

PHRASES = [
    "公司应当建立健全客户关系管理制度", "各部门应当按照职责分工做好客户服务工作", "客户信息应当及时录入客户管理系统",
    "对重要客户应当定期回访并记录回访结果", "客户投诉应当在规定时限内处理完毕", "服务人员应当使用文明礼貌用语",
    "不得泄露客户的个人信息和商业秘密", "客户满意度调查结果应当作为考核依据", "相关责任人应当对处理结果负责",
    "发现重大问题应当立即向部门负责人报告",
]


def text(rng: random.Random) -> str:
    out = ""
    while len(out) < rng.randint(80, 150):
        out += rng.choice(PHRASES) + rng.choice("，；")
    return out.rstrip("，；") + "。"


def versions(n: int, seed: int = 7) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    chapters = []
    for c in range(n // 40):
        arts = [{"id": f"a{c}-{k}", "title": f"条款{c}-{k}", "text": text(rng)} for k in range(40)]
        chapters.append({"id": f"c{c}", "title": f"第{c + 1}部分管理要求", "articles": arts})
    old = {
        "format": 1, "id": "bench", "kind": "regulation", "title": "客户关系管理规章制度（基准）", "version": "1.0",
        "status": "published", "issued": "2024-01-01", "effective": "2024-01-15", "owner": "客户服务部",
        "changelog": [{"version": "1.0", "date": "2024-01-01", "summary": "首次发布"}], "chapters": chapters,
    }
    new = copy.deepcopy(old)
    new.update(version="2.0", issued="2024-07-01", effective="2024-07-15")
    new["changelog"].append({"version": "2.0", "date": "2024-07-01", "summary": "全面修订"})
    chs = new["chapters"]
    for _k in range(100):  # amend
        a = chs[rng.randrange(len(chs))]["articles"][rng.randrange(40)]
        a["text"] = a["text"].replace(rng.choice(PHRASES), rng.choice(PHRASES), 1) + "并报分管领导备案。"
    for _k in range(10):  # move to another chapter
        src, dst = chs[rng.randrange(len(chs))], chs[rng.randrange(len(chs))]
        if len(src["articles"]) > 5:
            dst["articles"].insert(rng.randrange(len(dst["articles"])), src["articles"].pop(rng.randrange(len(src["articles"]))))
    for _k in range(5):  # swap neighbours
        arts = chs[rng.randrange(len(chs))]["articles"]
        i = rng.randrange(len(arts) - 1)
        arts[i], arts[i + 1] = arts[i + 1], arts[i]
    for _k in range(10):  # delete
        arts = chs[rng.randrange(len(chs))]["articles"]
        if len(arts) > 5:
            arts.pop(rng.randrange(len(arts)))
    chs[0]["articles"][0:0] = [{"id": f"new-{k}", "text": text(rng)} for k in range(20)]  # insert at the front
    return old, new


def timed(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--pdf", action="store_true", help="also time the comparison table as PDF")
    args = parser.parse_args()
    old_data, new_data = versions(args.articles)
    t_load, (old, new) = timed(lambda: (policygen.load_data(old_data), policygen.load_data(new_data)))
    t_diff, changes = timed(lambda: diff_policies(old, new))
    counts = {k: len(getattr(changes, k)) for k in ("added", "deleted", "amended", "moved", "renumbered")}
    rows = [
        ("load + validate both versions", t_load),
        ("diff (resolve both, match, char diffs)", t_diff),
        ("text summary", timed(changes.summary)[0]),
        ("JSON", timed(changes.to_json)[0]),
        ("修订对照表 HTML", timed(lambda: render_comparison(changes, "html"))[0]),
        ("修订对照表 DOCX", timed(lambda: render_comparison(changes, "docx"))[0]),
        ("tracked-changes DOCX", timed(lambda: tracked_docx(changes))[0]),
    ]
    if args.pdf:
        rows.append(("修订对照表 PDF", timed(lambda: render_comparison(changes, "pdf"), runs=1)[0]))
    print(f"{args.articles} articles per version; changes: {counts}")
    for name, seconds in rows:
        print(f"  {name:<40} {seconds * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
