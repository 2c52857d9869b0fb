"""In-process measurements, each run in its own process by bench/run.py.

    .venv/bin/python bench/tasks.py TASK PROJECT_DIR WORK_DIR [N]

Tasks print one JSON object on stdout:

- ``html``:    N × (load + validate + resolve + per-policy HTML) through the API
- ``docx``:    N × render_docx of each policy, and N × the booklet .docx (documents resolved once)
- ``export``:  write the same content as pandoc markdown and as a docxtpl template + context
- ``docxtpl``: N × DocxTemplate(template).render(context) + save
- ``weasy``:   the whole booklet as one HTML (booklet.html.j2), laid out and written by
               WeasyPrint in this one process (N=1)
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _load(project_dir: Path) -> tuple[list[Any], Any, list[Any]]:
    from policygen.builder.policies import load_checked
    from policygen.resolver import resolve_policy

    policies, project, _ = load_checked([str(project_dir)])
    assert project is not None
    docs = [resolve_policy(p, organisation=project.organisation, theme=project.theme) for p in policies]
    return policies, project, docs


def _stats(times: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(times), "runs": times, "n": len(times)}


# ---- load + validate + resolve + HTML ------------------------------------------------


def task_html(project_dir: Path, work: Path, n: int) -> dict[str, Any]:
    from policygen.renderer.html import render_document_html

    times, load_times = [], []
    chars = 0
    for _ in range(n):
        t0 = time.perf_counter()
        _, _, docs = _load(project_dir)
        t1 = time.perf_counter()
        htmls = [render_document_html(d) for d in docs]
        t2 = time.perf_counter()
        times.append(t2 - t0)
        load_times.append(t1 - t0)
        chars = sum(len(h) for h in htmls)
    return {"total": _stats(times), "load_validate_resolve": _stats(load_times), "html_chars": chars,
            "articles": sum(len(d.iter_articles()) for d in docs)}


# ---- DOCX through policygen ----------------------------------------------------------


def task_docx(project_dir: Path, work: Path, n: int) -> dict[str, Any]:
    from policygen.builder.project import booklet_info, info_language
    from policygen.builder.appendix import build_appendix
    from policygen.builder.booklet_docx import render_booklet_docx
    from policygen.renderer.docx import render_docx
    from policygen.renderer.theme import theme_for
    from policygen.resolver.labels import labels_for

    _, project, docs = _load(project_dir)
    per_policy, booklet = [], []
    sizes = 0
    for _ in range(n):
        t = time.perf_counter()
        out = [render_docx(d, theme_for(d.theme, d.language)) for d in docs]
        per_policy.append(time.perf_counter() - t)
        sizes = sum(len(b) for b in out)
    labels = labels_for(project.language)
    theme_obj = theme_for(project.theme or "gbt9704", project.language)
    for _ in range(n):
        t = time.perf_counter()
        info = booklet_info(project, docs)
        appendix = build_appendix(docs)
        data = render_booklet_docx(docs, info, appendix, labels, theme_obj, language=info_language(docs))
        booklet.append(time.perf_counter() - t)
    (work / "policygen-booklet.docx").write_bytes(data)
    from policygen.renderer.docx import DocxWriter

    body = []
    for _ in range(n):  # the peers' content exactly: every policy in one file, no cover, contents or appendix
        t = time.perf_counter()
        writer = DocxWriter(theme_obj, None, language=project.language)
        for d in docs:
            writer.add_document(d)
        body_data = writer.to_bytes()
        body.append(time.perf_counter() - t)
    return {"per_policy": _stats(per_policy), "per_policy_bytes": sizes, "booklet": _stats(booklet), "booklet_bytes": len(data),
            "one_file": _stats(body), "one_file_bytes": len(body_data)}


# ---- the same content for pandoc and docxtpl -----------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|~^$"})


def _md(text: str) -> str:
    text = text.translate(_MD_SPECIAL)
    # "1." or "（1）" at the start of a line must not become a list
    if text[:1].isdigit():
        i = 0
        while i < len(text) and text[i].isdigit():
            i += 1
        if text[i : i + 1] in (".", ")"):
            text = text[:i] + "\\" + text[i:]
    return text


def _flat_items(items: list[Any], depth: int = 0) -> list[tuple[int, str]]:
    out = []
    for it in items:
        out.append((depth, f"{it.label}{it.text.plain}"))
        out.extend(_flat_items(it.items, depth + 1))
    return out


def content(docs: list[Any]) -> list[dict[str, Any]]:
    """Return plain data of every document: what pandoc and docxtpl both get."""
    out = []
    for d in docs:
        meta = "　".join(filter(None, [d.doc_number, f"{d.labels['version']} {d.version}", f"{d.labels['issued']}：{d.issued}", f"{d.labels['effective']}：{d.effective}"]))
        chapters = []
        bodies = [(c.heading, c.iter_articles(), c.show == "channels") for c in d.chapters] or [("", d.articles, False)]
        for heading, articles, show_channels in bodies:
            arts = []
            for a in articles:
                paras = []
                for k, p in enumerate(a.paragraphs):
                    paras.append({"text": p.text.plain, "entries": [t for _, t in _flat_items(p.items)], "first": k == 0})
                arts.append({"head": a.heading, "paras": paras})
            chans = [f"{c.name}：{c.value}" + (f"（{c.hours}）" if c.hours else "") for c in d.channels] if show_channels else []
            chapters.append({"heading": heading, "articles": arts, "channels": chans})
        out.append({"title": d.title, "meta": meta, "chapters": chapters})
    return out


def to_markdown(data: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for d in data:
        lines += [f"# {_md(d['title'])}", "", _md(d["meta"]), ""]
        for ch in d["chapters"]:
            if ch["heading"]:
                lines += [f"## {_md(ch['heading'])}", ""]
            for a in ch["articles"]:
                for p in a["paras"]:
                    lead = f"**{_md(a['head'])}**　" if p["first"] else ""
                    lines += [lead + _md(p["text"]), ""]
                    for it in p["entries"]:
                        lines += [_md(it), ""]
            for c in ch["channels"]:
                lines += [_md(c), ""]
    return "\n".join(lines)


def make_template(reference: Path, path: Path) -> None:
    """Write a docxtpl template: the reference document's styles, a Jinja loop as body."""
    import docx

    doc = docx.Document(str(reference))
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)

    def para(text: str, style: str = "Normal", bold_first: str | None = None) -> None:
        p = doc.add_paragraph(style=style)
        if bold_first:
            p.add_run(bold_first).bold = True
        if text:
            p.add_run(text)

    para("{%p for d in docs %}")
    para("{{ d.title }}", "Title")
    para("{{ d.meta }}", "Meta")
    para("{%p for ch in d.chapters %}")
    para("{{ ch.heading }}", "Heading 1")
    para("{%p for a in ch.articles %}")
    para("{%p for p in a.paras %}")
    para("{{ p.text }}", "Article", bold_first="{% if p.first %}{{ a.head }}　{% endif %}")
    para("{%p for it in p.entries %}")
    para("{{ it }}", "Item 1")
    para("{%p endfor %}")
    para("{%p endfor %}")
    para("{%p endfor %}")
    para("{%p for c in ch.channels %}")
    para("{{ c }}", "Body Text")
    para("{%p endfor %}")
    para("{%p endfor %}")
    para("{%p endfor %}")
    doc.save(str(path))


def task_export(project_dir: Path, work: Path, n: int) -> dict[str, Any]:
    from policygen.renderer.docx import default_reference

    _, _, docs = _load(project_dir)
    data = content(docs)
    (work / "content.md").write_text(to_markdown(data), encoding="utf-8")
    (work / "content.json").write_text(json.dumps({"docs": data}, ensure_ascii=False), encoding="utf-8")
    reference = default_reference()
    make_template(reference, work / "template.docx")
    return {"markdown": str(work / "content.md"), "template": str(work / "template.docx"), "reference": str(reference),
            "articles": sum(len(ch["articles"]) for d in data for ch in d["chapters"])}


def task_docxtpl(project_dir: Path, work: Path, n: int) -> dict[str, Any]:
    from docxtpl import DocxTemplate

    ctx = json.loads((work / "content.json").read_text(encoding="utf-8"))
    times = []
    size = 0
    for _ in range(n):
        t = time.perf_counter()
        tpl = DocxTemplate(str(work / "template.docx"))
        tpl.render(ctx, autoescape=True)
        buf = io.BytesIO()
        tpl.save(buf)
        times.append(time.perf_counter() - t)
        size = len(buf.getvalue())
    (work / "docxtpl.docx").write_bytes(buf.getvalue())
    return {"total": _stats(times), "bytes": size}


# ---- one-process WeasyPrint on the whole booklet ---------------------------------------


def booklet_html(project_dir: Path, work: Path) -> str:
    """Return the booklet as one HTML: the booklet.html that ``build --format html`` writes."""
    import policygen

    out = work / "booklet-html"
    policygen.build(project_dir, formats=["html"], out=out, cache_dir=work / "booklet-html-cache", jobs=1)
    return (out / "booklet.html").read_text(encoding="utf-8")


def task_weasy(project_dir: Path, work: Path, n: int) -> dict[str, Any]:
    import weasyprint

    from policygen.renderer.pdf import default_session

    t0 = time.perf_counter()
    html = booklet_html(project_dir, work)
    t1 = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=str(project_dir)).render(font_config=default_session().config)
    t2 = time.perf_counter()
    pdf = document.write_pdf()
    t3 = time.perf_counter()
    (work / "weasyprint-one-process.pdf").write_bytes(pdf)
    return {"html": t1 - t0, "layout": t2 - t1, "write": t3 - t2, "pdf": t3 - t1, "pages": len(document.pages), "bytes": len(pdf)}


def task_part(project_dir: Path, work: Path, n: int) -> dict[str, Any]:
    """Lay out the middle policy alone, as a pool worker does, in a warm process: where a part's time goes."""
    import cProfile
    import pstats

    from policygen.renderer.html import render_document_html
    from policygen.renderer.pdf import layout as html_to_document
    from policygen.renderer.pdf import write_document

    _, _, docs = _load(project_dir)
    html = render_document_html(docs[len(docs) // 2])
    t = time.perf_counter()
    write_document(html_to_document(html), identifier=html)  # first part of a worker: fonts, Pango, caches
    first = time.perf_counter() - t
    t0 = time.perf_counter()
    document = html_to_document(html)
    t1 = time.perf_counter()
    write_document(document, identifier=html)  # timed without the profiler
    t2 = time.perf_counter()
    profile = cProfile.Profile()  # then the same write profiled, on a second layout, for the shares
    again = html_to_document(html)
    profile.enable()
    write_document(again, identifier=html)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    profiled = sum(v[2] for v in stats.values())  # total internal time under the profiler
    fonts = sum(v[3] for k, v in stats.items() if k[2] == "build_fonts_dictionary")
    paint = sum(v[3] for k, v in stats.items() if k[2] == "paint" and "document.py" in k[0])
    share = (t2 - t1) / profiled if profiled else 1.0  # scale profiled times back to unprofiled ones
    return {"pages": document.pages, "first": first, "layout": t1 - t0, "write": t2 - t1,
            "fonts": fonts * share, "paint": paint * share}


TASKS = {"part": task_part, "html": task_html, "docx": task_docx, "export": task_export, "docxtpl": task_docxtpl, "weasy": task_weasy}


def main(argv: list[str]) -> int:
    task, project_dir, work = argv[0], Path(argv[1]), Path(argv[2])
    n = int(argv[3]) if len(argv) > 3 else 1
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(TASKS[task](project_dir, work, n)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
