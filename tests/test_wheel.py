"""The wheel carries the templates: render from an installed wheel in a clean virtual environment."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    (found,) = out.glob("policygen-*.whl")
    return found


def test_wheel_contains_templates_and_reference_docx(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("base.html.j2", "regulation.html.j2", "notice.html.j2", "style.css.j2", "reference.docx", "booklet.html.j2"):
        assert f"policygen/templates/{template}" in names, template
    assert "policygen/py.typed" in names


def test_installed_wheel_renders_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # dependencies come from the test environment; policygen itself only from the wheel
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, str(wheel)], check=True)
    policy = (ROOT / "policies" / "crm-regulations.yaml").read_text(encoding="utf-8")
    (tmp_path / "p.yaml").write_text(policy, encoding="utf-8")
    script = textwrap.dedent(
        """
        import policygen
        from policygen.renderer.html import builtin_templates_dir
        assert "site-packages" in policygen.__file__, policygen.__file__
        assert "site-packages" in str(builtin_templates_dir()), builtin_templates_dir()
        html = policygen.render("p.yaml", "html").decode()
        assert "第十三条" in html
        pdf = policygen.render("p.yaml", "pdf")
        assert pdf.startswith(b"%PDF")
        docx = policygen.render("p.yaml", "docx")
        assert docx.startswith(b"PK")
        print("ok")
        """
    )
    result = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
