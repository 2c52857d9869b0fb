"""Import the statute corpus and the seeds, render the YAML back and compare it with the input, article by article.

    .venv/bin/python bench/import_corpus.py [--corpus ../shared/corpus] [--seeds ../shared/seeds] [--md table.md]

For every corpus file it also imports DOCX versions: ``pandoc FILE -o FILE.docx``
(a text file one paragraph per line) and, for the Markdown statutes, a DOCX whose
第X条 labels come from Word's automatic numbering (``lvlText="第%1条"``,
``chineseCounting``). Columns: articles found / articles in the source (lines
that start with a 第N条 label, counted independently of the importer); labels
and texts identical after rendering the imported YAML (whitespace ignored);
references converted; characters reported as left out; seconds.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import policygen
from policygen.importer.api import import_file
from policygen.importer.errors import ImportError_
from policygen.importer.labels import parse_heading

_SOURCE_LABEL = re.compile(
    r"^\s*(?:#+\s*)?(第[ 〇零一二三四五六七八九十百千两\d]+(?:-\d+)?\s*[条條](?:之[一二三四五六七八九十]+)?)"
)
_CHAPTER = re.compile(r"^\s*(?:#+\s*)?第[ 〇零一二三四五六七八九十百千\d]+\s*[编編章节節]")


def source_articles(text: str) -> list[tuple[str, str]]:
    """Return (label, body) per article of a source text, split at lines that start with a 第N条 label."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        match = _SOURCE_LABEL.match(line)
        if match and parse_heading(line.strip().lstrip("# ")) is not None:
            out.append((match.group(1), [line[match.end():]]))
        elif _CHAPTER.match(line) or line.startswith("#") or "<!--" in line:
            if out:
                out.append(("", []))  # a heading ends the article before it
        elif out and out[-1][0]:
            out[-1][1].append(line)
    return [(label, "".join(body)) for label, body in out if label]


_POINT = re.compile(r"^\s*(\d{1,2})[.．、]")
_PART = re.compile(r"^\s*[一二三四五六七八九十]+、")


def source_points(text: str) -> list[tuple[str, str]]:
    """Return (label, body) per point (1. 2. …) under the 一、 parts of a notice-like source."""
    out: list[tuple[str, list[str]]] = []
    started = False
    for line in text.splitlines():
        if _PART.match(line):
            started = True
            out.append(("", []))
            continue
        match = _POINT.match(line)
        if started and match:
            out.append((match.group(1) + ".", [line[match.end():]]))
        elif out and out[-1][0] and line.strip() and not re.match(r"^\s*[（(]", line):
            out[-1][1].append(line)
    return [(label, "".join(body)) for label, body in out if label]


def rendered_articles(policy: policygen.Policy) -> list[tuple[str, str]]:
    """Return (label, body) per article as the imported YAML renders: title, paragraphs, item labels."""
    doc = policygen.resolve(policy)
    out = []
    articles = []
    for chapter in doc.chapters:
        for section in chapter.sections:
            articles.extend(section.articles)
        articles.extend(chapter.articles)
    articles.extend(doc.articles)
    for article in articles:
        parts = [article.title or ""]
        for para in article.paragraphs:
            parts.append(para.text.plain)
            stack = list(para.items)
            while stack:
                item = stack.pop(0)
                parts.append(item.label + item.text.plain)
                stack[0:0] = item.items
        out.append((article.label, "".join(parts)))
    return out


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000【】]", "", text)


def _label_key(label: str) -> str:
    return _norm(label)


def _number(label: str) -> tuple[int, int] | None:
    """Return (number, 之N) of an article label, so 第 9-1 條 and 第九條之一 compare equal."""
    if re.fullmatch(r"\d+\.", label):  # a notice's point
        return int(label[:-1]), 0
    heading = parse_heading(label)
    return (heading.number, heading.insert) if heading else None


def measure(path: Path, source_text: str) -> dict[str, object]:
    start = time.perf_counter()
    try:
        result = import_file(path)
    except ImportError_ as exc:
        return {"file": path.name, "error": exc.message, "time": time.perf_counter() - start}
    elapsed = time.perf_counter() - start
    src = source_points(source_text) if result.policy.kind == "notice" else source_articles(source_text)
    got = rendered_articles(result.policy)
    labels_same = sum(1 for (a, _), (b, _) in zip(src, got, strict=False) if _label_key(a) == _label_key(b))
    numbers_same = sum(1 for (a, _), (b, _) in zip(src, got, strict=False) if _number(a) == _number(b) is not None)
    texts_same = sum(1 for (_, a), (_, b) in zip(src, got, strict=False) if _norm(a) == _norm(b))
    return {"file": path.name, "found": len(got), "source": len(src), "labels": labels_same,
            "numbers": numbers_same, "texts": texts_same,
            "refs": result.draft.references, "left_out": result.report.omitted_chars, "time": elapsed}


def _pandoc(src: Path, out: Path) -> bool:
    if shutil.which("pandoc") is None:
        return False
    if src.suffix == ".txt":  # one paragraph per line, as a user's Word file of the statute has
        md = out.with_suffix(".md")
        md.write_text("\n\n".join(line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()),
                      encoding="utf-8")
        src = md
    subprocess.run(["pandoc", str(src), "-o", str(out)], check=True)
    return True


def _numbered(src: Path, out: Path) -> None:
    from tests.importer.helpers import numbered_docx

    text = src.read_text(encoding="utf-8")
    title = next(line.lstrip("# ").strip() for line in text.splitlines() if line.strip())
    chapters: list[tuple[str, list[str]]] = []
    for line in text.split("<!-- INFO END -->")[-1].splitlines():
        if _CHAPTER.match(line):
            chapters.append((line.lstrip("# ").strip(), []))
            continue
        match = _SOURCE_LABEL.match(line)
        if match and chapters:
            chapters[-1][1].append(line[match.end():].strip())
        elif line.strip() and chapters and chapters[-1][1]:
            chapters[-1][1][-1] += "\n" + line.strip()
    # numbered_docx writes one paragraph per article; further paragraphs (款) follow unnumbered
    out.write_bytes(numbered_docx(title, chapters))


def measure_pdfs(policies: Path) -> list[str]:
    """Return table rows for the shipped policies rendered to PDF and imported back (text PDF input)."""
    rows = ["| policy PDF | articles found / in source | titles identical | texts identical | chars left out | time (s) |",
            "|" + " --- |" * 6]
    with tempfile.TemporaryDirectory() as tmp:
        for yaml_path in sorted(policies.glob("*.yaml")):
            source = policygen.load(str(yaml_path))
            pdf = Path(tmp) / f"{yaml_path.stem}.pdf"
            pdf.write_bytes(policygen.render(source, "pdf"))
            start = time.perf_counter()
            try:
                result = import_file(pdf)
            except ImportError_ as exc:
                rows.append(f"| {pdf.name} | error: {exc.message} | | | | |")
                continue
            elapsed = time.perf_counter() - start
            want, got = rendered_articles(source), rendered_articles(result.policy)
            titles = sum(1 for a, b in zip(source.iter_articles(), result.policy.iter_articles(), strict=False) if a.title == b.title)
            texts = sum(1 for (_, a), (_, b) in zip(want, got, strict=False) if _norm(a) == _norm(b))
            rows.append(f"| {pdf.name} | {len(got)} / {len(want)} | {titles} | {texts} | "
                        f"{result.report.omitted_chars} | {elapsed:.2f} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="../shared/corpus")
    parser.add_argument("--seeds", default="../shared/seeds")
    parser.add_argument("--md", help="also write the table as Markdown to this file")
    parser.add_argument("--pdf", metavar="POLICIES", help="also render these policies to PDF and import them back")
    args = parser.parse_args()
    corpus, seeds = Path(args.corpus), Path(args.seeds)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for src in sorted(corpus.glob("*/*.md")) + sorted(corpus.glob("*/*.txt")):
            text = src.read_text(encoding="utf-8")
            rows.append(measure(src, text))
            docx_path = work / (src.stem + ".pandoc.docx")
            if _pandoc(src, docx_path):
                rows.append(measure(docx_path, text))
            if src.suffix == ".md":
                numbered = work / (src.stem + ".autonumber.docx")
                _numbered(src, numbered)
                rows.append(measure(numbered, text))
        for src in sorted(seeds.glob("*.txt")):
            rows.append(measure(src, src.read_text(encoding="utf-8")))
    head = ("| file | articles found / in source | labels identical | same number | texts identical "
            "| references converted | chars left out | time (s) |")
    lines = [head, "|" + " --- |" * 8]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['file']} | error: {row['error']} | | | | | | {row['time']:.2f} |")
        else:
            lines.append(f"| {row['file']} | {row['found']} / {row['source']} | {row['labels']} | {row['numbers']} | "
                         f"{row['texts']} | "
                         f"{row['refs']} | {row['left_out']} | {row['time']:.2f} |")
    if args.pdf:
        lines += ["", *measure_pdfs(Path(args.pdf))]
    table = "\n".join(lines)
    print(table)
    if args.md:
        Path(args.md).write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
