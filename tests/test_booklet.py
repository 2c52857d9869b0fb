"""The booklet (汇编) of the shipped project, built once per session and read back.

The session fixture copies the project into a temporary folder and runs
``policygen build`` there (cold), then again (no-op), then ``--role 业务部``;
a second fixture copies the built project, edits one article and rebuilds it
through ``policygen.builder.project.build_project`` to see what was re-rendered.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

import policygen
from policygen.builder.project import CACHE_DIR, build_project
from policygen.builder.appendix import build_appendix
from policygen.builder.role_view import select_role
from policygen.builder.policies import BuildOptions, Output, load_checked, options_from_project
from pdftools import fonts, page_text, pages_text, squeeze

ROOT = Path(__file__).resolve().parent.parent
EDITED = "crm-regulations-outline"
EDIT = ("通过发放礼品、生日祝福、会员卡等方式", "通过发放礼品、节日祝福、会员卡等方式")
ROLE = "业务部"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "policygen", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=600
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    assert result.returncode == 0, result.stderr
    return result


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Return {relative name: (sha256, mtime_ns)} of every file under ``folder``."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "policies", target / "policies")
    shutil.copy(ROOT / "policygen.yaml", target / "policygen.yaml")
    return target


@dataclass
class Built:
    root: Path
    out: Path
    docs: list[policygen.ResolvedDocument]
    cold: subprocess.CompletedProcess[str]
    cold_files: dict[str, tuple[str, int]]
    cold_cache: dict[str, tuple[str, int]]
    noop: subprocess.CompletedProcess[str]
    noop_files: dict[str, tuple[str, int]]
    noop_cache: dict[str, tuple[str, int]]
    role_dir: Path

    @property
    def pdf(self) -> Path:
        return self.out / "booklet.pdf"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_project(tmp_path_factory.mktemp("booklet") / "project")
    cold = run("build", cwd=root)
    out = root / "build"
    cold_files, cold_cache = snapshot(out), snapshot(root / CACHE_DIR / "objects")
    noop = run("build", cwd=root)
    noop_files, noop_cache = snapshot(out), snapshot(root / CACHE_DIR / "objects")
    role_dir = root / "role"
    run("build", "--role", ROLE, "--out", str(role_dir), "-q", cwd=root)
    policies, project, _ = load_checked([str(root)])
    assert project is not None
    docs = [policygen.resolve(p, organisation=project.organisation, theme=project.theme) for p in policies]
    return Built(root, out, docs, cold, cold_files, cold_cache, noop, noop_files, noop_cache, role_dir)


@dataclass
class Edited:
    root: Path
    outputs: list[Output]
    before: dict[str, tuple[str, int]]
    after: dict[str, tuple[str, int]]
    cache_before: dict[str, tuple[str, int]]
    cache_after: dict[str, tuple[str, int]]


@pytest.fixture(scope="session")
def edited(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Edited:
    """The built project copied (outputs and cache too), one article changed, rebuilt through the API."""
    root = tmp_path_factory.mktemp("edited") / "project"
    shutil.copytree(built.root, root)
    source = root / "policies" / f"{EDITED}.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count(EDIT[0]) == 1
    source.write_text(text.replace(*EDIT), encoding="utf-8")
    before, cache_before = snapshot(root / "build"), snapshot(root / CACHE_DIR / "objects")
    policies, project, project_path = load_checked([str(root)])
    assert project is not None and project_path is not None
    options = options_from_project(project, root, BuildOptions(formats=tuple(project.formats), out=root / project.output, jobs=2))
    outputs = build_project(project, root, policies, options)
    return Edited(root, outputs, before, snapshot(root / "build"), cache_before, snapshot(root / CACHE_DIR / "objects"))


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages)


# --- the cold build ------------------------------------------------------------------


def test_builds_booklet_and_every_policy(built: Built) -> None:
    names = set(built.cold_files)
    assert {"booklet.pdf", "booklet.docx", "booklet.html"} <= names
    for doc in built.docs:
        for ext in ("pdf", "docx", "html"):
            assert f"{doc.id}-v{doc.version}.{ext}" in names
    assert len(names) == 3 + 3 * len(built.docs) == 81
    meta = PdfReader(built.pdf).metadata
    assert meta is not None and meta.title == "客户管理规章制度汇编" and meta.author == "示例科技有限公司"
    assert "2024年版" in meta.get("/Keywords", "")


def test_page_numbers_are_continuous(built: Built) -> None:
    footers = [squeeze(t) for t in pages_text(built.pdf, area="footer")]
    assert len(footers) == _pages(built.pdf) > 100
    assert footers[0] == "", "the cover carries no page number"
    for number, footer in enumerate(footers[1:], 2):
        assert footer == f"—{number}—", f"page {number} shows {footer!r}"


def _toc(built: Built) -> tuple[int, list[tuple[str, int]]]:
    """Return (first contents page, [(entry title, printed page)]) read from the booklet's text."""
    bodies = [squeeze(t) for t in pages_text(built.pdf, area="body")]
    first = next(i for i, text in enumerate(bodies, 1) if text.startswith("目录") or "目录" + squeeze(built.docs[0].title) in text)
    labels = built.docs[0].labels
    titles = [d.title for d in built.docs] + [f"{labels['appendix']}{n}{labels[k]}" for n, k in zip("一二三", ("role_index", "channel_directory", "revision_history"), strict=True)]
    text = "".join(bodies[first - 1 : first + 2])
    entries, position = [], text.index("目录") + 2
    for title in titles:
        match = re.compile(re.escape(squeeze(title)) + r"\.*(\d+)").search(text, position)  # a dot leader between
        assert match, f"{title} not in the contents after position {position}"
        entries.append((title, int(match.group(1))))
        position = match.end()
    return first, entries


def test_toc_points_at_the_page_where_each_policy_starts(built: Built) -> None:
    first, entries = _toc(built)
    starts = [page for _, page in entries]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # each policy occupies exactly the pages of its own PDF
    for doc, (title, page), (_, following) in zip(built.docs, entries, entries[1:], strict=False):
        own = built.out / f"{doc.id}-v{doc.version}.pdf"
        assert following - page == _pages(own), f"{title}: {following - page} pages in the booklet, {_pages(own)} alone"
    for doc, (title, page) in zip(built.docs, entries, strict=False):
        text = squeeze(page_text(built.pdf, page))
        # a notice's first page shows its 发文字号 (its dates are in the 落款 and the 版记)
        mark = doc.doc_number if doc.kind == "notice" and doc.doc_number else doc.issued
        assert squeeze(doc.title) in text and squeeze(mark) in text, f"page {page} does not start {title}"
        assert text.endswith(f"—{page}—")
    # the page before the first policy is the end of the contents; appendices start where printed
    assert squeeze(entries[-1][0]) in squeeze(page_text(built.pdf, starts[0] - 1))
    for title, page in entries[len(built.docs):]:
        assert squeeze(page_text(built.pdf, page)).count(squeeze(title)) >= 1, title
    assert first < starts[0]


def test_toc_entries_are_links_to_the_policy_pages(built: Built) -> None:
    first, entries = _toc(built)
    with pikepdf.open(built.pdf) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        names = {}
        flat = list(pdf.Root.Names.Dests.Names)
        for i in range(0, len(flat), 2):
            names[str(flat[i])] = index[flat[i + 1][0].objgen] + 1
        links = []
        for page_no in range(first, entries[0][1]):
            for annot in pdf.pages[page_no - 1].get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    links.append(names[str(annot.Dest)])
    # WeasyPrint writes one annotation per box of an entry (title, the leader's boxes, number): all alike
    targets = [page for i, page in enumerate(links) if i == 0 or links[i - 1] != page]
    assert targets == [page for _, page in entries]
    assert len(links) <= 6 * len(entries)


def test_outline_has_every_policy_and_chapter(built: Built) -> None:
    _, entries = _toc(built)
    printed = dict(zip([d.id for d in built.docs], [page for _, page in entries], strict=False))
    labels = built.docs[0].labels
    with pikepdf.open(built.pdf) as pdf, pdf.open_outline() as outline:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def page_of(item: Any) -> int:
            return index[item.destination[0].objgen] + 1

        top = list(outline.root)
        titles = [item.title for item in top]
        assert titles[:3] == ["客户管理规章制度汇编", labels["preface"], labels["contents"]]
        assert titles[3:-1] == [d.title for d in built.docs]
        assert titles[-1] == labels["appendix"]
        for doc, item in zip(built.docs, top[3:-1], strict=True):
            assert page_of(item) == printed[doc.id], doc.id
            children = [child.title for child in item.children]
            if doc.kind == "notice":  # a notice's 修订记录 is an attachment
                tail = [a.title for a in doc.attachments]
            else:
                tail = [doc.labels["changelog"]] if doc.changelog else []
            assert children == [c.heading for c in doc.chapters] + tail, doc.id
            for chapter, child in zip(doc.chapters, item.children, strict=False):
                assert squeeze(chapter.heading) in squeeze(page_text(built.pdf, page_of(child))), chapter.heading
        assert [squeeze(c.title) for c in top[-1].children] == [squeeze(t) for t, _ in entries[len(built.docs):]]
        assert [page_of(c) for c in top[-1].children] == [p for _, p in entries[len(built.docs):]]


def test_booklet_fonts_are_embedded(built: Built) -> None:
    from pdftools import fonts

    rows = fonts(built.pdf)
    assert rows and all(r.embedded and r.subset and r.unicode for r in rows)
    # one subset per face, not one per part: the parts' subsets are merged when assembling
    faces = [r.name.split("+", 1)[1] for r in rows]
    assert len(faces) == len(set(faces)), faces


# --- appendices ----------------------------------------------------------------------


def _role_bindings(docs: list[policygen.ResolvedDocument]) -> list[tuple[str, str, str, str]]:
    """Return (role name, policy id, policy title, article label) for every article naming a role."""
    out = []
    for doc in docs:
        names = {r.id: r.name for r in doc.roles}
        for article in doc.iter_articles():
            for role in article.roles:
                out.append((names.get(role, role), doc.id, doc.title, article.ref_label or article.label))
    return out


def test_role_index_lists_every_article_naming_a_role(built: Built) -> None:
    bindings = _role_bindings(built.docs)
    assert len(bindings) >= 50 and len({b[1] for b in bindings}) >= 10
    appendix = build_appendix(built.docs)
    rows = {(entry.name, row.policy_id, row.label) for entry in appendix.roles for row in entry.rows}
    for name, policy_id, _, label in bindings:
        assert label, f"{policy_id}: an article without a printable label"
        assert (name, policy_id, label) in rows, (name, policy_id, label)


class _RoleTables(HTMLParser):
    """Reads the role index of the booklet HTML: {role name: [(policy, article, duties)]}."""

    def __init__(self) -> None:
        super().__init__()
        self.roles: dict[str, list[list[str]]] = {}
        self.section: str | None = None
        self.current: str | None = None
        self.cell: list[str] | None = None
        self.row: list[str] = []
        self.heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.section = a.get("id")
        elif self.section == "appendix-roles":
            if tag == "h3":
                self.heading = True
            elif tag == "tr":
                self.row = []
            elif tag == "td":
                self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row and self.current:
            self.roles[self.current].append(self.row)
            self.row = []
        elif tag == "h3":
            self.heading = False
        elif tag == "section":
            self.section = None

    def handle_data(self, data: str) -> None:
        if self.heading:
            self.current = data.strip()
            self.roles.setdefault(self.current, [])
        elif self.cell is not None:
            self.cell.append(data)


def test_role_index_in_the_booklet_html_and_pdf(built: Built) -> None:
    reader = _RoleTables()
    reader.feed((built.out / "booklet.html").read_text(encoding="utf-8"))
    for name, _, title, label in _role_bindings(built.docs):
        assert [title, label] in [row[:2] for row in reader.roles.get(name, [])], (name, title, label)
    # the PDF's appendix pages name every role and every notice article label
    _, entries = _toc(built)
    first, last = entries[len(built.docs)][1], entries[len(built.docs) + 1][1] - 1
    appendix = squeeze("".join(pages_text(built.pdf, first=first, last=last)))
    for name, _, _, label in _role_bindings(built.docs):
        assert squeeze(name) in appendix and squeeze(label) in appendix, (name, label)


def test_channel_directory_and_revision_history(built: Built) -> None:
    html = (built.out / "booklet.html").read_text(encoding="utf-8")
    for doc in built.docs:
        for channel in doc.channels:
            assert channel.value in html
    revisions = html.split('id="appendix-revisions"', 1)[1]
    for doc in built.docs:
        assert f'<td class="c-policy">{doc.title}</td>' in revisions
        assert doc.issued in revisions and doc.effective in revisions


# --- HTML and DOCX booklets ----------------------------------------------------------


def test_booklet_html_contains_every_policy(built: Built) -> None:
    html = (built.out / "booklet.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    for doc in built.docs:
        assert f'<h1 class="doc-title">{doc.title}</h1>' in html
        assert f'href="#{doc.id}"' in html and f'id="{doc.id}"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate anchors in the booklet HTML"
    assert not re.search(r"""(?:src|href)=["'](?:https?:|file:)""", html)


def test_booklet_html_sets_a_traditional_policy_in_its_own_theme(built: Built, tmp_path: Path) -> None:
    """The zh-Hant policy of the zh-Hans booklet keeps its language and its theme's faces, as in the PDF."""
    import weasyprint

    from policygen.renderer.pdf import default_session

    html = (built.out / "booklet.html").read_text(encoding="utf-8")
    divs = re.findall(r'<div class="policy [^"]*"[^>]*>', html)
    assert len(divs) == len(built.docs)
    hant = [doc for doc in built.docs if doc.language == "zh-Hant"]
    assert hant, "the shipped project has a Traditional-Chinese policy"
    scoped = [d for d in divs if 'lang="zh-TW"' in d]
    assert len(scoped) == len(hant) and all("pg-scope-1" in d for d in scoped)
    assert sum("lang=" in d for d in divs) == len(hant)  # the others follow the booklet
    assert re.search(r'\.pg-scope-1 \.doc-title[^{]*\{ font-family: "Noto Serif CJK TC"', html)
    # laid out alone (head + that policy), the policy's text is set in the Traditional faces only
    # (its running title is page furniture, set by the booklet's @page rules: left out here)
    start = html.index(scoped[0])
    end = html.index('<div class="policy ', start + 1)
    policy = re.sub(r'<div class="running"[^>]*></div>', "", html[start:end])
    alone = html[: html.index("<body")] + "<body>" + policy + "</div></body></html>"
    pdf = tmp_path / "hant.pdf"
    pdf.write_bytes(weasyprint.HTML(string=alone).render(font_config=default_session().config).write_pdf())
    names = {row.name.split("+", 1)[1] for row in fonts(pdf)}
    assert {"Noto-Serif-CJK-TC-Bold", "AR-PL-KaitiM-Big5"} <= names, names
    assert not names & {"FandolFang", "AR-PL-KaitiM-GB"}, names


def test_booklet_docx_has_a_toc_field_refreshed_on_open(built: Built) -> None:
    document = docx.Document(str(built.out / "booklet.docx"))
    body = document.element.body
    instructions = "".join(t.text or "" for t in body.iter(qn("w:instrText")))
    assert re.search(r"\bTOC\b", instructions), instructions[:200]
    assert body.findall(f".//{qn('w:fldChar')}")
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) in ("true", "1", None)
    texts = {p.text for p in document.paragraphs}
    for doc in built.docs:
        assert doc.title in texts
    assert document.core_properties.title == "客户管理规章制度汇编"


# --- rebuilds ------------------------------------------------------------------------


def test_second_build_renders_nothing(built: Built) -> None:
    assert "up to date" in built.noop.stderr + built.noop.stdout
    assert "rendering" not in built.noop.stderr
    assert built.noop_files == built.cold_files, "outputs changed or were rewritten"
    assert built.noop_cache == built.cold_cache, "cache objects changed"


def test_changing_one_policy_rerenders_only_it_and_the_booklet(built: Built, edited: Edited) -> None:
    doc = next(d for d in built.docs if d.id == EDITED)
    pdf, docx_name = f"{doc.id}-v{doc.version}.pdf", f"{doc.id}-v{doc.version}.docx"
    rendered = {o.path.name for o in edited.outputs if o.rendered and not o.path.name.startswith("booklet.")}
    assert rendered == {pdf, docx_name}
    assert next(o for o in edited.outputs if o.path.name == "booklet.docx").rendered
    # the cache gained one PDF part (its page count in its header), what its fonts draw, its numbered copy,
    # the DOCX and the booklet DOCX
    new = sorted(set(edited.cache_after) - set(edited.cache_before))
    assert sorted(Path(n).suffix for n in new) == [".docx", ".docx", ".fonts", ".pdf", ".pdf"], new
    # files on disk: only the edited policy and the booklets changed; the rest were not even rewritten
    changed = {name for name in edited.after if edited.after[name] != edited.before.get(name)}
    assert changed == {pdf, docx_name, f"{doc.id}-v{doc.version}.html", "booklet.pdf", "booklet.docx", "booklet.html"}
    assert EDIT[1] in squeeze("".join(pages_text(edited.root / "build" / "booklet.pdf", area="body")))
    assert EDIT[1] in squeeze("".join(pages_text(edited.root / "build" / pdf)))


def test_changing_a_duty_lays_out_one_appendix_part_again(built: Built, tmp_path: Path) -> None:
    """The role index is laid out in parts: an edited duty re-lays out its policy and one of them."""
    from policygen.builder.appendix import split_appendix

    slices = split_appendix(build_appendix(built.docs))
    assert len(slices) > 1, "the shipped role index is long enough to be cut"
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    files = {p: p.read_text(encoding="utf-8") for p in sorted((root / "policies").glob("*.yaml"))}
    # an article binding a role whose opening words appear once in its policy's file
    doc, source, old = next(
        (d, path, a.paragraphs[0].text.plain[:12])
        for d in built.docs for a in d.iter_articles() if a.roles and not a.deleted
        for path, text in files.items() if f"id: {d.id}\n" in text and text.count(a.paragraphs[0].text.plain[:12]) == 1
    )
    source.write_text(files[source].replace(old, old[:-1] + "。"), encoding="utf-8")
    laid_out: list[str] = []
    policygen.build(root, formats=["pdf"], progress=lambda label, done, total: laid_out.append(label))
    assert sorted(laid_out) == sorted([doc.id, next(n for n in laid_out if n.startswith("appendix"))]), laid_out
    # the booklet still lists the three appendices where they start
    first, entries = _toc(Built(root, root / "build", built.docs, *[None] * 7))  # type: ignore[arg-type]
    assert first > 0 and len(entries) == len(built.docs) + 3


def test_appendix_is_split_at_role_boundaries() -> None:
    from policygen.builder.appendix import Appendix, RoleEntry, RoleRow, split_appendix

    def role(name: str, rows: int) -> RoleEntry:
        return RoleEntry(name, name, [RoleRow("p", "P", f"第{i}条", "x") for i in range(rows)])

    whole = Appendix([role("a", 30), role("b", 25), role("c", 10), role("d", 70), role("e", 5)], ["ch"], ["rev"])  # type: ignore[list-item]
    parts = split_appendix(whole, rows_per_part=60)
    assert [[r.name for r in p.roles] for p in parts] == [["a", "b"], ["c"], ["d"], ["e"]]
    assert [p.roles_heading for p in parts] == [True, False, False, False]
    assert [(p.channels, p.revisions, p.tail) for p in parts] == [([], [], False)] * 3 + [(["ch"], ["rev"], True)]
    assert split_appendix(Appendix([], [], []))[0].tail  # an empty index is still one part with the tail


# --- the per-role view -----------------------------------------------------------------


def test_role_view_has_the_articles_binding_the_role(built: Built) -> None:
    name, sections = select_role(built.docs, ROLE)
    assert name == ROLE and sections
    files = sorted(p.name for p in built.role_dir.iterdir())
    assert len(files) == 3 and all(f.startswith("role-") for f in files)
    stem = Path(files[0]).stem
    assert files == [f"{stem}.docx", f"{stem}.html", f"{stem}.pdf"]
    html = (built.role_dir / f"{stem}.html").read_text(encoding="utf-8")
    body = squeeze("".join(pages_text(built.role_dir / f"{stem}.pdf", area="body")))
    paragraphs = "\n".join(p.text for p in docx.Document(str(built.role_dir / f"{stem}.docx")).paragraphs)
    articles = 0
    for section in sections:
        assert section.doc.title in html and squeeze(section.doc.title) in body and section.doc.title in paragraphs
        for article in section.articles:
            articles += 1
            label = article.ref_label or article.label
            first = article.paragraphs[0].text.plain
            assert f'<span class="article-label">{label}</span>' in html
            assert squeeze(label + (article.title or "") + first) in body, label
            assert label in paragraphs and first[:20] in paragraphs
    assert articles >= 1
    # and nothing else: an article of the same policy that binds another role is left out
    others = [a for s in sections for a in s.doc.iter_articles() if a not in s.articles]
    assert others
    for article in others:
        assert squeeze(article.paragraphs[0].text.plain) not in body



def test_booklet_docx_contents_show_page_numbers_where_libreoffice_is_installed(built: Built) -> None:
    """The main command installs LibreOffice and python3-uno; then the TOC field's result is filled."""
    from policygen.builder.toc_update import available

    if not available():
        pytest.skip("LibreOffice with python3-uno is not installed (./dev.sh build installs it)")
    body = docx.Document(str(built.out / "booklet.docx")).element.body
    entries: list[str] = []
    depth = 0  # fields open since the TOC field began (page references nest inside it)
    for p in body.iter(qn("w:p")):
        if depth == 0 and not re.search(r"\bTOC\b", "".join(t.text or "" for t in p.iter(qn("w:instrText")))):
            continue
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        if text:
            entries.append(text)
        for mark in p.iter(qn("w:fldChar")):
            depth += {"begin": 1, "end": -1}.get(mark.get(qn("w:fldCharType")), 0)
        if depth <= 0:
            break
    titles = [doc.title for doc in built.docs]
    listed = [e for e in entries if any(e.startswith(t) for t in titles)]
    assert len(listed) == len(titles), entries[:10]
    assert all(re.search(r"\d+$", e) for e in entries), [e for e in entries if not re.search(r"\d+$", e)][:5]


def test_a_booklet_assembled_from_the_cache_is_the_cold_one_with_or_without_its_font_facts(built: Built, tmp_path: Path) -> None:
    """The merge takes what each part's fonts draw from the cache (read by the worker): the same bytes as reading them."""
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    facts = sorted((root / CACHE_DIR / "objects").glob("*.fonts"))
    assert len(facts) >= len(built.docs)  # one per laid-out part
    (root / "build" / "booklet.pdf").unlink()
    run("build", "--format", "pdf", "-q", cwd=root)
    assert (root / "build" / "booklet.pdf").read_bytes() == built.pdf.read_bytes()
    for path in (root / CACHE_DIR / "objects").glob("*.fonts"):  # the merge reads every font itself
        path.unlink()
    (root / "build" / "booklet.pdf").unlink()
    run("build", "--format", "pdf", "-q", cwd=root)
    assert (root / "build" / "booklet.pdf").read_bytes() == built.pdf.read_bytes()


# --- laying the parts out on a Dask cluster --------------------------------------------


def test_booklet_laid_out_on_a_dask_cluster_is_byte_identical(built: Built, tmp_path: Path) -> None:
    """`--executor dask://…` on a LocalCluster of 2 worker processes gives the local build's booklet."""
    distributed = pytest.importorskip("distributed")
    root = copy_project(tmp_path / "project")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        result = run("build", "--format", "pdf", "--executor", f"dask://{address}", cwd=root)
    assert "booklet.pdf" in result.stderr  # the summary table
    assert (root / "build" / "booklet.pdf").read_bytes() == built.pdf.read_bytes()
    for doc in built.docs:
        name = f"{doc.id}-v{doc.version}.pdf"
        assert (root / "build" / name).read_bytes() == (built.out / name).read_bytes(), name


def test_executor_address_mistakes_are_usage_errors(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    for address, words in (("tcp://127.0.0.1:8786", "use dask://HOST:PORT"), ("dask://127.0.0.1", "names no port")):
        result = subprocess.run([sys.executable, "-m", "policygen", "build", "--executor", address], cwd=root,
                                capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
