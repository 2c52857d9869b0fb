"""``policygen diff``: compare two versions — summary, JSON, 修订对照表, tracked changes."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..builder.policies import BuildOptions, find_project, options_from_project
from ..errors import PolicygenError
from ..loader import load_policy, load_project, loads_policy
from ..model import Policy
from ..renderer.output import write_atomic
from ..versioning.comparison import render_comparison
from ..versioning.diff import diff_policies
from ..versioning.release import load_released
from ._common import UsageError

DIFF_FORMATS = ("text", "json", "html", "pdf", "docx")
_RELEASED = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)@(?P<version>\d+\.\d+(?:\.\d+)?)$")


def load_side(spec: str, releases_dir: str = "releases") -> Policy:
    """Return the policy named by a diff side: a file, ``<id>@<version>`` or ``git:<rev>:<path>``."""
    if spec.startswith("git:"):
        rev, sep, path = spec[4:].partition(":")
        if not sep or not rev or not path:
            raise UsageError(f"{spec}: write git:<rev>:<path>, e.g. git:HEAD~1:policies/crm-regulations.yaml")
        return loads_policy(_git_show(rev, path, spec), name=spec)
    match = _RELEASED.match(spec)
    if match and not Path(spec).exists():
        raw, shown = load_released(releases_dir, match["id"], match["version"])
        return loads_policy(raw.decode("utf-8-sig"), name=shown)
    if not Path(spec).is_file():
        raise UsageError(f"{spec}: no such file — give a policy file, <id>@<version> from {releases_dir}/ or git:<rev>:<path>")
    return load_policy(spec)


def _git_show(rev: str, path: str, spec: str) -> str:
    try:
        done = subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, check=False)
    except FileNotFoundError:
        raise PolicygenError(f"{spec}: git is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PolicygenError(f"{spec}: git show failed — {detail[-1] if detail else 'unknown error'}")
    text = done.stdout.decode("utf-8-sig")
    return text if "\n" in text else text + "\n"


def _options(args: argparse.Namespace) -> BuildOptions:
    """Return the build options of the project around the working folder, overridden by ``args``."""
    given = BuildOptions(theme=args.theme, templates_dir=args.templates, reference_docx=args.reference_doc)
    project_file = find_project(Path.cwd())
    if project_file is None:
        return given
    return options_from_project(load_project(project_file), project_file.parent, given)


def cmd_diff(args: argparse.Namespace) -> int:
    old = load_side(args.old, args.releases)
    new = load_side(args.new, args.releases)
    if old.id != new.id:
        print(f"warning: comparing two different policies ({old.id} and {new.id})", file=sys.stderr)
    options = _options(args)
    for given in (options.reference_docx, options.templates_dir):
        if given and not Path(given).exists():
            raise UsageError(f"{given}: no such file or folder")
    changes = diff_policies(
        old, new, organisation=options.organisation, theme=options.theme, fallback_theme=options.project_theme
    )
    fmt = args.format
    if fmt in ("text", "json"):
        text = changes.summary() if fmt == "text" else changes.to_json()
        if args.out:
            _write(Path(args.out), text.encode("utf-8"))
        else:
            sys.stdout.write(text)
    else:
        if not args.out and sys.stdout.isatty() and fmt != "html":
            raise UsageError(f"--format {fmt} writes binary data — give --out FILE")
        data = render_comparison(
            changes, fmt, templates_dir=options.templates_dir, reference_docx=options.reference_docx
        )
        if args.out:
            _write(Path(args.out), data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    if args.tracked:
        from ..versioning.tracked import tracked_docx

        _write(Path(args.tracked), tracked_docx(changes, reference=options.reference_docx))
    return 0


def _write(path: Path, data: bytes) -> None:
    write_atomic(path, data)
    os.chmod(path, 0o644)
    print(f"wrote {path}", file=sys.stderr)


def register(sub: Any) -> None:
    p = sub.add_parser("diff", help="compare two versions of a policy: summary, JSON, 修订对照表 or tracked changes")
    p.add_argument("old", metavar="OLD", help="old version: a file, <id>@<version> (from releases/) or git:<rev>:<path>")
    p.add_argument("new", metavar="NEW", help="new version, in the same forms")
    p.add_argument("-f", "--format", choices=DIFF_FORMATS, default="text",
                   help="text summary (default), json, or the comparison table as html, pdf or docx")
    p.add_argument("-o", "--out", metavar="FILE", help="write the output to FILE instead of standard output")
    p.add_argument("--tracked", metavar="FILE.docx", help="also write the new version as a DOCX with tracked changes")
    p.add_argument("--releases", metavar="DIR", default="releases", help="releases folder for <id>@<version>")
    p.add_argument("--theme", help="theme of every output (overrides the policies' and the project's)")
    p.add_argument("--templates", metavar="DIR", help="template override folder for the html and pdf table")
    p.add_argument("--reference-doc", metavar="DOCX",
                   help="reference .docx whose styles the docx table and the tracked-changes DOCX use")
    p.set_defaults(func=cmd_diff)

