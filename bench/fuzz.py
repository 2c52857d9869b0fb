"""Feed mutated policies to the loader and the resolver; count crashes and hangs.

    .venv/bin/python bench/fuzz.py                  # 20,000 mutations of policies/*.yaml, seed 1
    .venv/bin/python bench/fuzz.py -n 2000 --seed 7 --render   # also render HTML for those that load

A mutation is fine when it loads (and resolves), or is refused with
``policygen.ValidationError``. Anything else is a crash: another exception, or
the process dying (a segmentation fault in a C extension). An input that takes
longer than ``--hang`` seconds is a hang. Mutation ``i`` of seed ``s`` is always
the same text, so a finding is reproduced with ``--only i``.

The inputs run in a child process that records which input it is on; when the
child dies, the parent counts a crash for that input and starts a new child
after it. The hang limit counts the child's CPU time, so that a busy machine
does not turn slow inputs into hangs. The test suite runs a few hundred of the same mutations
(``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

NASTY = [
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufeff", "\ufffe", "\uffff",
    "\u2028", "\u2029", "\u200b", "\u200d", "\u3000", "\u00a0", "\t", "\r", "\n", "：", "，", "、", "－",
    "—", "•", "·", "“", "”", "＂", "「", "'", '"', "\\", "[", "]", "{", "}", "[[", "]]", "[[ghost]]",
    "[[general]]", "&a ", "*a", "!!python/object:os.system ", "!custom ", "%YAML 1.3\n", "%TAG ! x\n",
    "? ", ": ", "- ", "-", "#", "|", ">", "---\n", "...\n", "<<: *a\n", "&a [1, *a]", "\\U00110000",
    '"\\U00110000"', '"\\ud800"', '"\\x01"', '"\\e"', "0x" + "F" * 3600, "9" * 5000, "1e999", ".nan",
    "2024-02-30", "~", "null", "yes", "𪚥", "✅", "📞", "👍🏽", "ก", "क्षि", "\u0301", "\U000e0001",
]
NASTY_VALUES = [
    "~", "[]", "{}", "''", '""', "0", "-1", "99999999999999999999", "0x" + "F" * 3600, "1.5", "yes",
    "2024-02-30", "*undefined", '"\\ud800"', '"\\x01"', '"a\\u2028b"', "x" * 5000, "[[ghost]]",
    "[" + ", ".join(["x"] * 300) + "]", "{a: 1}", "|\n  text", "&a x", "!!binary aGVsbG8=",
]


def seeds() -> list[str]:
    """Return the texts of the shipped policies, the material of every mutation."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "policies").glob("*.yaml"))]


def mutate(texts: list[str], seed: int, index: int) -> str:
    """Return mutation ``index`` of ``seed``: one of the shipped policies, changed 1–4 times."""
    rng = random.Random(seed * 1_000_003 + index)
    text = rng.choice(texts)
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(_MUTATORS)(text, rng)
    return text


def _insert(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(NASTY) + text[at:]


def _delete(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[at + rng.randint(1, 40) :]


def _duplicate(text: str, rng: random.Random) -> str:
    at, to = rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)
    return text[:to] + text[at : at + rng.randint(1, 200)] + text[to:]


def _value(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if ": " in line]
    if not keyed:
        return text
    i = rng.choice(keyed)
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {rng.choice(NASTY_VALUES)}"
    return "\n".join(lines)


def _lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    choice = rng.random()
    if choice < 0.4:
        lines[i], lines[j] = lines[j], lines[i]
    elif choice < 0.7:
        lines[i] = " " * rng.randint(0, 9) + lines[i].lstrip(" ")
    else:
        lines.insert(i, lines[j])
    return "\n".join(lines)


def _deep(text: str, rng: random.Random) -> str:
    depth = rng.choice([10, 70, 300, 5000, 30_000])
    form = rng.choice(["- " * depth + "x", "[" * depth, "{a: " * depth, "".join(" " * k + "k:\n" for k in range(min(depth, 3000)))])
    return text + "\ncc:\n" + form + "\n"


def _many(text: str, rng: random.Random) -> str:
    count = rng.choice([100, 1000, 10_000])
    if rng.random() < 0.5:
        return text + "\ncc: [" + ", ".join(f"[[x{i}]]" for i in range(count)) + "]\n"
    return text.replace("text: ", "text: " + "[[ghost]]" * min(count, 2000), 1)


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


_MUTATORS = [_insert] * 6 + [_delete] * 2 + [_duplicate] * 2 + [_value] * 4 + [_lines] * 2 + [_deep, _many, _truncate]


class Hang(Exception):
    """An input ran longer than the hang limit."""


def check_one(text: str, *, render: bool = False) -> str | None:
    """Return None when ``text`` loads or is refused with located problems, else the crash signature."""
    import policygen
    from policygen import ValidationError

    try:
        policy = policygen.loads(text, name="fuzz.yaml")
        policygen.resolve(policy)
        if render:
            policygen.render(policy, "html")
    except ValidationError as exc:
        unlocated = [p for p in exc.problems if not p.line and not p.key_path]
        return f"unlocated problem: {unlocated[0].message[:80]}" if unlocated else None
    except Hang:
        raise
    except Exception as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
    return None


def _child(args: argparse.Namespace) -> int:
    texts = seeds()

    def alarm(signum: int, frame: Any) -> None:
        raise Hang

    signal.signal(signal.SIGPROF, alarm)
    progress, out = Path(args.progress), Path(args.out)
    for index in range(args.start, args.count):
        progress.write_text(str(index))
        text = mutate(texts, args.seed, index)
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_PROF, args.hang)  # CPU time: a busy machine does not make hangs
        try:
            found = check_one(text, render=args.render)
        except Hang:
            found = "hang"
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        if found:  # one JSON line per finding, so that a child that dies keeps what it found
            with out.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"index": index, "signature": found, "seconds": round(time.perf_counter() - started, 2)}) + "\n")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang", type=float, default=10.0, help="CPU seconds after which an input counts as a hang")
    parser.add_argument("--render", action="store_true", help="also render HTML for inputs that load")
    parser.add_argument("--only", type=int, help="run mutation N alone in this process and show the outcome")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--progress", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    if args.only is not None:
        text = mutate(seeds(), args.seed, args.only)
        sys.stdout.write(text[:2000] + ("…\n" if len(text) > 2000 else "\n"))
        print("outcome:", check_one(text, render=args.render) or "ok")
        return 0
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    findings: list[dict[str, Any]] = []
    started = time.perf_counter()
    start = 0
    with tempfile.TemporaryDirectory(prefix="policygen-fuzz-") as tmp:
        progress, out = Path(tmp, "progress"), Path(tmp, "out.json")
        while start < args.count:
            command = [sys.executable, __file__, "--child", "--start", str(start), "-n", str(args.count),
                       "--seed", str(args.seed), "--hang", str(args.hang), "--progress", str(progress), "--out", str(out)]
            if args.render:
                command.append("--render")
            result = subprocess.run(command, cwd=ROOT, check=False)
            if result.returncode == 0:
                break
            index = int(progress.read_text())
            findings.append({"index": index, "signature": f"process died ({_died(result.returncode)})"})
            start = index + 1
        if out.exists():
            findings += [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elapsed = time.perf_counter() - started
    crashes = [f for f in findings if f["signature"] != "hang"]
    hangs = [f for f in findings if f["signature"] == "hang"]
    print(f"seed {args.seed}: tried {args.count}, crashed {len(crashes)}, hangs {len(hangs)} "
          f"(>{args.hang:g} s) in {elapsed:.0f} s ({args.count / elapsed:.0f} inputs/s)")
    for signature, count in Counter(f["signature"] for f in findings).most_common():
        first = next(f["index"] for f in findings if f["signature"] == signature)
        print(f"  {count:6}  {signature}   (first: --only {first})")
    return 1 if findings else 0


def _died(code: int) -> str:
    if code < 0:
        return signal.Signals(-code).name
    return f"exit {code}"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
