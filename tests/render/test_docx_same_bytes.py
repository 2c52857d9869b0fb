"""Every kind of DOCX policygen writes is the same bytes in another process (another hash seed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import hashlib, json, sys, tempfile
from pathlib import Path
import policygen
from policygen.builder.appendix import build_appendix
from policygen.builder.booklet_docx import render_booklet_docx
from policygen.builder.policies import BuildOptions
from policygen.builder.project import booklet_info, info_language
from policygen.builder.role_view import build_role_view
from policygen.renderer import render
from policygen.renderer.docx.reference import reference_docx
from policygen.renderer.theme import GBT9704, theme_for
from policygen.resolver.labels import labels_for
from policygen.versioning.comparison import render_comparison
from policygen.versioning.diff import diff_policies
from policygen.versioning.tracked import tracked_docx

root = Path(sys.argv[1])
old = policygen.load(str(root / "tests/fixtures/versions/crm-regulations-1.0.yaml"))
new = policygen.load(str(root / "policies/crm-regulations.yaml"))
notice = policygen.load(str(root / "policies/customer-management-notice.yaml"))
out = {
    "policy": render(new, "docx"),
    "notice": render(notice, "docx"),
    "notice-embedded-fonts": render(notice, "docx", embed_fonts=True),
    "reference": reference_docx(GBT9704),
}
changes = diff_policies(old, new)
out["comparison"] = render_comparison(changes, "docx")
out["tracked"] = tracked_docx(changes)
project = policygen.load_project(str(root / "policygen.yaml"))
docs = [policygen.resolve(p) for p in (new, notice)]
info = booklet_info(project, docs)
language = info_language(docs)
out["booklet"] = render_booklet_docx(docs, info, build_appendix(docs), labels_for(language), theme_for("gbt9704", language), language=language)
with tempfile.TemporaryDirectory() as tmp:
    options = BuildOptions(formats=("docx",), out=Path(tmp))
    role = next(r.id for d in docs for r in d.roles)
    (written,) = build_role_view([new, notice], project, options, role)
    out["role-view"] = written.path.read_bytes()
print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in out.items()}))
'''


def _run(seed: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], capture_output=True, text=True, env=env,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout)


def test_every_docx_kind_is_the_same_bytes_in_two_processes() -> None:
    first, second = _run("1"), _run("2")
    assert set(first) == {"policy", "notice", "notice-embedded-fonts", "reference", "comparison", "tracked",
                          "booklet", "role-view"}
    assert first == second
