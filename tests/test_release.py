"""`policygen release`: an archive of what was published that is never overwritten."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from policygen import __version__, cli
from policygen.builder.policies import BuildOptions
from policygen.errors import ReleaseError, RenderError
from policygen.versioning.bump import bump
from policygen.versioning.release import release

ROOT = Path(__file__).resolve().parent.parent
CRM = ROOT / "policies/crm-regulations.yaml"


def tree_digest(folder: Path) -> str:
    """Return one hash over every path, file content and mode under ``folder``."""
    digest = hashlib.sha256()
    if not folder.exists():
        return "absent"
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(oct(path.stat().st_mode).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "policies").mkdir()
    shutil.copy(CRM, tmp_path / "policies/crm-regulations.yaml")
    return tmp_path


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """Release the shipped crm-regulations 1.1 once for the tests that only read the result."""
    root = tmp_path_factory.mktemp("released")
    (root / "policies").mkdir()
    shutil.copy(CRM, root / "policies/crm-regulations.yaml")
    result = release(root / "policies/crm-regulations.yaml", root / "releases")
    return root, result


def test_release_writes_documents_source_and_manifest(released: tuple[Path, Any]) -> None:
    root, result = released
    folder = root / "releases/crm-regulations/1.1"
    assert result.created and result.directory == folder
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["crm-regulations-v1.1.docx", "crm-regulations-v1.1.html", "crm-regulations-v1.1.pdf",
                     "crm-regulations.yaml", "manifest.json"]
    assert (folder / "crm-regulations.yaml").read_bytes() == CRM.read_bytes()
    text = (folder / "manifest.json").read_text("utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert manifest["release_date"] == "2024-10-01"  # the policy's issue date, not the clock
    assert manifest["policygen_version"] == __version__
    assert manifest["source"] == {"file": "crm-regulations.yaml", "sha256": hashlib.sha256(CRM.read_bytes()).hexdigest()}
    for name in names[:-1]:
        data = (folder / name).read_bytes()
        assert manifest["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert result.files == {n: manifest["files"][n]["sha256"] for n in names[:-1]} | {
        "manifest.json": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no staging left


def test_release_pdf_carries_its_source_and_manifest(released: tuple[Path, Any]) -> None:
    root, _ = released
    pdf = PdfReader(io.BytesIO((root / "releases/crm-regulations/1.1/crm-regulations-v1.1.pdf").read_bytes()))
    attachments = {name: data[0] for name, data in pdf.attachments.items()}
    assert attachments["crm-regulations.yaml"] == CRM.read_bytes()
    embedded = json.loads(attachments["manifest.json"])
    assert embedded["source"]["sha256"] == hashlib.sha256(CRM.read_bytes()).hexdigest()
    assert set(embedded["files"]) == {"crm-regulations-v1.1.docx", "crm-regulations-v1.1.html", "crm-regulations.yaml"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_release_pdf_is_the_policy(released: tuple[Path, Any]) -> None:
    root, _ = released
    pdf = root / "releases/crm-regulations/1.1/crm-regulations-v1.1.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "客户关系管理规章制度" in text and "第十三条" in text


def test_releasing_twice_is_a_no_op(project: Path) -> None:
    policy = project / "policies/crm-regulations.yaml"
    first = release(policy, project / "releases")
    digest = tree_digest(project / "releases")
    second = release(policy, project / "releases")
    assert first.created and not second.created
    assert "already released" in second.message() and "nothing to do" in second.message()
    assert second.files == first.files
    assert tree_digest(project / "releases") == digest


def test_changed_source_without_bump_is_refused_and_nothing_changes(project: Path) -> None:
    policy = project / "policies/crm-regulations.yaml"
    release(policy, project / "releases")
    digest = tree_digest(project / "releases")
    old_release = tree_digest(project / "releases/crm-regulations/1.1")
    policy.write_text(policy.read_text("utf-8").replace("不断改进服务质量", "持续改进服务质量"), "utf-8")
    with pytest.raises(ReleaseError, match=r"already released in .* with different content — run `policygen bump"):
        release(policy, project / "releases")
    assert tree_digest(project / "releases") == digest
    # after a bump (and setting the status and dates) the new version is released beside the old one
    bump(policy, "patch", "文字修改", date=dt.date(2024, 12, 1))
    policy.write_text(policy.read_text("utf-8").replace("status: draft", "status: published")
                      .replace("issued: 2024-10-01", "issued: 2024-12-01")
                      .replace("effective: 2024-10-15", "effective: 2024-12-15"), "utf-8")
    new = release(policy, project / "releases")
    assert new.created and new.directory.name == "1.1.1"
    assert json.loads((new.directory / "manifest.json").read_text("utf-8"))["release_date"] == "2024-12-01"
    assert tree_digest(project / "releases/crm-regulations/1.1") == old_release
    assert sorted(p.name for p in (project / "releases/crm-regulations").iterdir()) == ["1.1", "1.1.1"]


@pytest.mark.parametrize("status", ["draft", "review"])
def test_drafts_and_reviews_are_refused(project: Path, status: str) -> None:
    policy = project / "policies/crm-regulations.yaml"
    policy.write_text(policy.read_text("utf-8").replace("status: published", f"status: {status}"), "utf-8")
    with pytest.raises(ReleaseError, match=f"status is '{status}'"):
        release(policy, project / "releases")
    assert tree_digest(project / "releases") == "absent"


def test_a_version_missing_from_the_changelog_is_refused(project: Path) -> None:
    policy = project / "policies/minimal.yaml"
    shutil.copy(ROOT / "tests/fixtures/minimal/policies/minimal.yaml", policy)
    policy.write_text(policy.read_text("utf-8").replace("owner:", "status: approved\nowner:"), "utf-8")
    with pytest.raises(ReleaseError, match=r"version 1\.0 has no changelog entry"):
        release(policy, project / "releases")
    assert tree_digest(project / "releases") == "absent"


def test_a_folder_not_made_by_release_is_never_touched(project: Path) -> None:
    stray = project / "releases/crm-regulations/1.1"
    stray.mkdir(parents=True)
    (stray / "notes.txt").write_text("hand-made", "utf-8")
    digest = tree_digest(project / "releases")
    with pytest.raises(ReleaseError, match=r"has no readable manifest\.json"):
        release(project / "policies/crm-regulations.yaml", project / "releases")
    assert tree_digest(project / "releases") == digest


def test_a_failed_render_leaves_no_trace(project: Path) -> None:
    with pytest.raises(RenderError):
        release(project / "policies/crm-regulations.yaml", project / "releases", options=BuildOptions(theme="nope"))
    assert list((project / "releases").rglob("*")) in ([], [project / "releases/crm-regulations"])


@pytest.fixture()
def main() -> Any:
    return cli.main


def test_cli_release_exit_codes(main: Any, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = str(project / "policies/crm-regulations.yaml")
    releases = str(project / "releases")
    policy_path = Path(policy)
    policy_path.write_text(policy_path.read_text("utf-8").replace("status: published", "status: draft"), "utf-8")
    assert main(["release", policy, "--releases", releases]) == 1
    assert "error: " in capsys.readouterr().err
    policy_path.write_text(policy_path.read_text("utf-8").replace("status: draft", "status: published"), "utf-8")
    assert main(["release", policy, "--releases", releases]) == 0
    assert "released crm-regulations 1.1 into" in capsys.readouterr().out
    assert main(["release", policy, "--releases", releases]) == 0
    assert "nothing to do" in capsys.readouterr().out
