"""`policygen build` and `policygen doctor` as real processes, and the `policygen.build()` API."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pikepdf
import pytest
from pypdf import PdfReader

import policygen
from pdftools import pages_text, squeeze

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
NOTICE = ROOT / "policies/customer-management-notice.yaml"
OUTLINE = ROOT / "policies/crm-regulations-outline.yaml"
INVALID = FIXTURES / "invalid/unknown-key.yaml"
EXPECTED = [f"{stem}-v1.0.{ext}" for stem in ("crm-regulations-outline", "customer-management-notice") for ext in ("docx", "html", "pdf")]


def start(*args: str, cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "policygen", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=300)
    assert "Traceback" not in stderr, stderr
    assert "Traceback" not in stdout, stdout
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return finish(start(*args, cwd=cwd))


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Return {name: (sha256, mtime_ns)} of every file in ``folder``, hidden ones included."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build two shipped policies twice, in two processes side by side, into two folders."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    args = [str(NOTICE), str(OUTLINE), "--format", "pdf,docx,html", "-q", "--out"]
    processes = [start("build", *args, str(first)), start("build", *args, str(second))]
    for result in map(finish, processes):
        assert result.returncode == 0, result.stderr
    return first, second


def test_writes_id_and_version_for_each_format(two_builds: tuple[Path, Path]) -> None:
    first, _ = two_builds
    assert sorted(p.name for p in first.iterdir()) == EXPECTED
    pdf = first / "customer-management-notice-v1.0.pdf"
    assert PdfReader(pdf).metadata.title.startswith("关于规范客户管理工作的通知")  # type: ignore[union-attr]
    assert "关于规范客户管理工作的通知" in squeeze(pages_text(pdf)[0])
    assert docx.Document(str(first / "customer-management-notice-v1.0.docx")).core_properties.title == "关于规范客户管理工作的通知"
    assert '<html lang="zh-CN">' in (first / "crm-regulations-outline-v1.0.html").read_text(encoding="utf-8")


def test_building_twice_gives_identical_bytes(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    for name in EXPECTED:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_rebuilding_in_place_keeps_bytes(two_builds: tuple[Path, Path]) -> None:
    first, _ = two_builds
    before = snapshot(first)
    result = run("build", str(NOTICE), "--format", "html,docx", "--out", str(first))
    assert result.returncode == 0, result.stderr
    after = snapshot(first)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert "built 2 file(s)" in result.stderr


def test_invalid_policy_stops_everything(two_builds: tuple[Path, Path], tmp_path: Path) -> None:
    """One valid and one invalid policy: nothing is written, earlier outputs stay byte-identical."""
    first, _ = two_builds
    before = snapshot(first)
    result = run("build", str(NOTICE), str(INVALID), "--format", "pdf,docx,html", "--out", str(first))
    assert result.returncode == 1
    assert re.search(r"^(\S*/)?invalid/unknown-key\.yaml:11:5: error: unknown key 'titel'", result.stderr, re.M), result.stderr
    assert snapshot(first) == before, "outputs were touched"
    fresh = tmp_path / "fresh"
    result = run("build", str(NOTICE), str(INVALID), "--format", "pdf", "--out", str(fresh))
    assert result.returncode == 1
    assert not fresh.exists()


def test_render_failure_leaves_earlier_outputs(two_builds: tuple[Path, Path], tmp_path: Path) -> None:
    """A template error found while rendering (after validation) also writes nothing."""
    first, _ = two_builds
    (tmp_path / "regulation_body.html.j2").write_text(
        '{% extends "builtin/regulation_body.html.j2" %}{% block title %}{{ doc.nope }}{% endblock %}', encoding="utf-8"
    )
    before = snapshot(first)
    result = run("build", str(NOTICE), str(OUTLINE), "--format", "html,pdf", "--templates", str(tmp_path), "--out", str(first))
    assert result.returncode == 1
    assert re.search(r"^error: .*regulation_body\.html\.j2:1: .*'nope'", result.stderr, re.M), result.stderr
    assert snapshot(first) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "no/such/policy.yaml", "--out", "{tmp}"], "no such file"),
        (["build", str(NOTICE), "--format", "pdf,odt", "--out", "{tmp}"], "unknown format 'odt'"),
        (["build", str(NOTICE), "--format", "", "--out", "{tmp}"], "unknown format"),
        (["build", str(NOTICE), "--pdf-variant", "pdf/x", "--out", "{tmp}"], "invalid choice"),
        (["build", str(NOTICE), "--no-such-option"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(*[a.replace("{tmp}", str(out)) for a in args])
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_pdf_a_variant_from_the_command_line(tmp_path: Path) -> None:
    result = run("build", str(OUTLINE), "--format", "pdf", "--pdf-variant", "pdf/a-3b", "-q", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "crm-regulations-outline-v1.0.pdf"
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    with pikepdf.open(pdf) as document, document.open_metadata() as xmp:
        assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("3", "B")


def test_doctor_reports_fonts_and_hb_subset() -> None:
    result = run("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    gbt = out.split("theme gbt9704 (zh-Hans):", 1)[1].split("theme ", 1)[0]
    for role, word in (("body", "仿宋"), ("title", "方正小标宋简体"), ("heading", "黑体"), ("subheading", "楷体")):
        line = re.search(rf"^  {role} +{word} +→ (.+)$", gbt, re.M)
        assert line, f"no line for {role}"
        assert "MISSING" not in line.group(1)
        assert re.match(r"[\w ]+ \(/.+\)$", line.group(1)), line.group(1)
    assert re.search(r"^hb-subset \(libharfbuzz-subset0\): present$", out, re.M)
    assert "fonts.conf: " in out
    compact = re.search(r"^compact faces: (\d+) large faces .*\((.+)\)$", out, re.M)
    assert compact and int(compact.group(1)) >= 2 and "NotoSerifCJK" in compact.group(2), out


def _without_cjk_fonts(tmp_path: Path) -> dict[str, str]:
    """Return an environment whose fontconfig knows only DejaVu: a machine without CJK fonts."""
    import os

    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def test_no_cjk_font_stops_the_build(tmp_path: Path) -> None:
    env = _without_cjk_fonts(tmp_path)
    out = tmp_path / "out"
    for theme in ("gbt9704", "modern"):
        result = subprocess.run(
            [sys.executable, "-m", "policygen", "build", str(NOTICE), "--format", "pdf,html", "--theme", theme, "--out", str(out)],
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        )
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert re.search(r"^error: no CJK font found for .+ — install open CJK fonts: `apt-get install fonts-noto-cjk", result.stderr, re.M), result.stderr
        assert not out.exists(), "a PDF with missing glyphs (or anything else) was written"
    doctor = subprocess.run([sys.executable, "-m", "policygen", "doctor"], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    assert doctor.returncode == 1
    assert re.search(r"^  body +仿宋 +→ MISSING", doctor.stdout, re.M)
    assert "apt-get install fonts-noto-cjk" in doctor.stderr


def test_english_document_needs_no_cjk_font(tmp_path: Path) -> None:
    env = _without_cjk_fonts(tmp_path)
    out = tmp_path / "out"
    english = FIXTURES / "en" / "en.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "policygen", "build", str(english), "--format", "pdf", "--theme", "modern", "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (pdf,) = out.glob("*.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True, env=env).stdout
    assert "DejaVu" in fonts and "CJK" not in fonts


# --- the API ------------------------------------------------------------------------


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def test_build_api_writes_the_project(minimal_project: Path) -> None:
    outputs = policygen.build(str(minimal_project), formats=("pdf", "docx", "html"), jobs=1)
    names = sorted(o.path.name for o in outputs)
    assert names == sorted(["booklet.pdf", "booklet.docx", "booklet.html", "minimal-v1.0.pdf", "minimal-v1.0.docx", "minimal-v1.0.html"])
    for output in outputs:
        assert output.path.parent == minimal_project / "build"
        assert output.path.stat().st_size == output.size > 0
    project = policygen.load_project(minimal_project / "policygen.yaml")
    policy = policygen.load(minimal_project / "policies/minimal.yaml")
    # the project build and the render API agree byte for byte
    pdf = policygen.render(policy, "pdf", organisation=project.organisation)
    assert (minimal_project / "build/minimal-v1.0.pdf").read_bytes() == pdf
    booklet = next(o for o in outputs if o.path.name == "booklet.pdf")
    assert booklet.pages == len(PdfReader(booklet.path).pages) >= 4


def test_build_api_uses_the_project_templates(minimal_project: Path) -> None:
    (minimal_project / "tpl").mkdir()
    (minimal_project / "tpl/regulation_body.html.j2").write_text(
        '{% extends "builtin/regulation_body.html.j2" %}{% block title %}<h1 class="house">{{ doc.title }}</h1>{% endblock %}',
        encoding="utf-8",
    )
    project_file = minimal_project / "policygen.yaml"
    project_file.write_text(project_file.read_text(encoding="utf-8") + "templates: tpl\n", encoding="utf-8")
    policygen.build(str(minimal_project), formats=("html",), out=str(minimal_project / "site"), jobs=1)
    assert '<h1 class="house">最小制度</h1>' in (minimal_project / "site/minimal-v1.0.html").read_text(encoding="utf-8")
    assert '<h1 class="house">最小制度</h1>' in (minimal_project / "site/booklet.html").read_text(encoding="utf-8")


def test_build_api_reports_every_problem_before_writing(minimal_project: Path) -> None:
    shutil.copy(INVALID, minimal_project / "policies/broken.yaml")
    shutil.copy(FIXTURES / "invalid/missing-field.yaml", minimal_project / "policies/missing.yaml")
    with pytest.raises(policygen.ValidationError) as caught:
        policygen.build(str(minimal_project), formats=("html",), jobs=1)
    files = {Path(p.source).name for p in caught.value.problems}
    assert {"broken.yaml", "missing.yaml"} <= files
    assert not (minimal_project / "build").exists()


def test_build_api_without_project(tmp_path: Path) -> None:
    shutil.copy(NOTICE, tmp_path / "notice.yaml")
    with pytest.raises(policygen.PolicygenError, match=r"no policygen\.yaml"):
        policygen.build(str(tmp_path), formats=("html",))


def test_a_rebuild_parses_only_the_policy_files_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import policygen.loader.source as source

    root = tmp_path / "project"
    shutil.copytree(ROOT / "policies", root / "policies")
    names = sorted(p.stem for p in (root / "policies").glob("*.yaml"))[:3]
    for extra in (root / "policies").glob("*.yaml"):
        if extra.stem not in names:
            extra.unlink()
    (root / "policygen.yaml").write_text(
        f"format: 1\norganisation: 示例科技有限公司\ntitle: 汇编\nformats: [html]\npolicies: [{', '.join(names)}]\n", encoding="utf-8"
    )
    parsed: list[str] = []
    real = source.parse
    monkeypatch.setattr(source, "parse", lambda text, name: parsed.append(name) or real(text, name))
    first = policygen.build(root, jobs=1)
    assert len([n for n in parsed if n.endswith(".yaml") and "policygen.yaml" not in n]) >= 3
    # one policy edited: only its file is parsed again, and the build sees the edit
    edited = root / "policies" / f"{names[1]}.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: 修订后的", 1), encoding="utf-8")
    parsed.clear()
    second = policygen.build(root, jobs=1)
    policy_files = [n for n in parsed if "policygen.yaml" not in n]
    assert policy_files and all(names[1] in n for n in policy_files), policy_files
    html = next(o.path for o in second if o.path.name.startswith(names[1]))
    assert "修订后的" in html.read_text(encoding="utf-8")
    assert {o.path.name for o in first} == {o.path.name for o in second}
    # a file with a problem is never kept: it is read (and reported) every time
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: [", 1), encoding="utf-8")
    for _ in range(2):
        parsed.clear()
        with pytest.raises(policygen.ValidationError):
            policygen.build(root, jobs=1)
        assert any(names[1] in n for n in parsed)
