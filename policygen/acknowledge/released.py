"""What employees acknowledge: a released policy version, or the booklet of released policies.

Everything printed on a receipt comes from ``releases/<id>/<version>/``: the
source YAML as released and ``manifest.json``, whose sha256 is the release's
hash. The project file (when there is one) gives the organisation, theme and
the booklet's policies.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicygenError
from ..model import Project
from .labels import format_date
from .roster import Role, RoleCatalog

MANIFEST = "manifest.json"
BOOKLET = "booklet"


class SpecError(PolicygenError):
    """The POLICY[@VERSION] argument names nothing usable (a usage mistake)."""


_SPEC = re.compile(r"^(?P<id>[^@\s]+)(?:@(?P<version>\d+\.\d+(?:\.\d+)?))?$")


@dataclass(frozen=True)
class Workspace:
    """Where things are: the project root, its releases folder and project file (if any)."""

    root: Path
    releases: Path
    project: Project | None = None

    @property
    def organisation(self) -> str | None:
        return self.project.organisation if self.project else None


@dataclass(frozen=True)
class ReleasedPolicy:
    """One released version of a policy, as a receipt names it."""

    id: str
    title: str
    version: str
    doc_number: str | None
    issued: str
    effective: str
    organisation: str
    theme: str
    language: str
    roles: tuple[Role, ...]
    sha256: str
    path: str  # the release folder, relative to the project root: releases/<id>/<version>

    @property
    def issued_text(self) -> str:
        """Return the issue date as printed: 2024年10月1日."""
        return format_date(self.issued, self.language)

    @property
    def effective_text(self) -> str:
        """Return the effective date as printed."""
        return format_date(self.effective, self.language)


@dataclass(frozen=True)
class Subject:
    """What a receipt names: one released policy, or every policy of the booklet."""

    kind: str  # "policy" or "booklet"
    id: str
    title: str
    version: str
    policies: tuple[ReleasedPolicy, ...]
    organisation: str
    theme: str
    language: str
    sha256: str
    path: str
    listing: bytes = b""  # booklet only: the JSON whose sha256 is ``sha256``
    catalog: RoleCatalog = field(default_factory=RoleCatalog)

    @property
    def hash_prefix(self) -> str:
        """Return the first 12 hex digits of the hash, as printed."""
        return self.sha256[:12]

    def policies_for(self, role_keys: tuple[str, ...]) -> tuple[ReleasedPolicy, ...]:
        """Return the policies binding an employee with these roles: theirs plus those without roles."""
        if not role_keys or self.kind != BOOKLET:
            return self.policies
        wanted = set(role_keys)
        return tuple(p for p in self.policies
                     if not p.roles or any(r.id in wanted or "".join(r.name.split()) in wanted for r in p.roles))


def workspace(releases: str | os.PathLike[str] | None = None, start: Path | None = None) -> Workspace:
    """Return the workspace of the project at or above ``start`` (default: the working folder)."""
    from ..builder.policies import find_project
    from ..loader import load_project

    here = (start or Path.cwd()).resolve()
    project_file = find_project(here)
    project = load_project(project_file) if project_file else None
    root = project_file.parent if project_file else here
    return Workspace(root, Path(releases) if releases else root / "releases", project)


def version_key(version: str) -> tuple[int, ...]:
    """Return a sort key for MAJOR.MINOR[.PATCH]."""
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def released_versions(ws: Workspace, policy_id: str) -> list[str]:
    """Return the released versions of ``policy_id``, oldest first."""
    folder = ws.releases / policy_id
    if not folder.is_dir():
        return []
    found = [p.name for p in folder.iterdir() if (p / MANIFEST).is_file() and not p.name.startswith(".")]
    return sorted(found, key=version_key)


def released_ids(ws: Workspace) -> list[str]:
    """Return the ids of every policy with at least one release."""
    if not ws.releases.is_dir():
        return []
    return sorted(p.name for p in ws.releases.iterdir() if p.is_dir() and released_versions(ws, p.name))


def manifest_hash(ws: Workspace, policy_id: str, version: str) -> str:
    """Return the sha256 of a release's manifest.json."""
    return hashlib.sha256((ws.releases / policy_id / version / MANIFEST).read_bytes()).hexdigest()


def _source_file(ws: Workspace, policy_id: str) -> str:
    if ws.project is not None:
        from ..loader.project_files import policy_files

        for path in policy_files(ws.project, ws.root):
            if path.stem == policy_id:
                return _rel(path)
    return f"{ws.project.policies_dir if ws.project else 'policies'}/{policy_id}.yaml"


def _rel(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def load_release(ws: Workspace, policy_id: str, version: str | None = None) -> ReleasedPolicy:
    """Return a released version (default: the latest); raise PolicygenError naming what to run."""
    from ..loader import loads_policy
    from ..resolver import resolve_policy
    from ..versioning.release import load_released

    versions = released_versions(ws, policy_id)
    source = _source_file(ws, policy_id)
    if not versions:
        raise PolicygenError(f"{policy_id} has no release in {_rel(ws.releases)} — run "
                             f"`policygen release {source}` first (receipts name a released version and its hash)")
    if version is None:
        version = versions[-1]
    elif version not in versions:
        raise PolicygenError(f"{policy_id} {version} is not released (released: {', '.join(versions)}) — "
                             f"run `policygen release {source}` once {source} is at version {version}")
    raw, shown = load_released(ws.releases, policy_id, version)
    policy = loads_policy(raw.decode("utf-8-sig"), name=shown)
    project = ws.project
    doc = resolve_policy(policy, organisation=ws.organisation, fallback_theme=project.theme if project else None)
    folder = ws.releases / policy_id / version
    try:
        path = folder.resolve().relative_to(ws.root.resolve()).as_posix()
    except ValueError:
        path = folder.as_posix()
    return ReleasedPolicy(
        id=policy.id, title=policy.title, version=policy.version, doc_number=policy.doc_number,
        issued=policy.issued.isoformat(), effective=policy.effective.isoformat(), organisation=doc.organisation,
        theme=doc.theme, language=policy.language, roles=tuple(Role(r.id, r.name) for r in policy.roles),
        sha256=manifest_hash(ws, policy_id, version), path=path,
    )


def parse_spec(spec: str) -> tuple[str, str | None]:
    """Return (policy id, version or None) of ``POLICY[@VERSION]``; raise PolicygenError if malformed."""
    match = _SPEC.match(spec)
    if not match:
        raise SpecError(f"{spec}: write a policy id, optionally with @VERSION (e.g. crm-regulations@1.1), or booklet")
    return match["id"], match["version"]


def only_released(ws: Workspace) -> str:
    """Return the id of the project's one released policy; raise PolicygenError if there are none or several."""
    ids = released_ids(ws)
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise SpecError(f"nothing is released in {_rel(ws.releases)} — run `policygen release POLICY.yaml` first")
    raise SpecError(f"several policies are released ({', '.join(ids)}) — name the one to acknowledge")


def load_subject(ws: Workspace, spec: str | None) -> Subject:
    """Return what ``POLICY[@VERSION]`` (or ``booklet``, or nothing) names."""
    policy_id, version = parse_spec(spec) if spec else (only_released(ws), None)
    if policy_id == BOOKLET:
        return _booklet(ws, version)
    p = load_release(ws, policy_id, version)
    catalog = RoleCatalog(list(p.roles), f"《{p.title}》")
    return Subject("policy", p.id, p.title, p.version, (p,), p.organisation, p.theme, p.language,
                   p.sha256, p.path, catalog=catalog)


def _booklet(ws: Workspace, version: str | None) -> Subject:
    from ..loader.project_files import policy_files

    if ws.project is None:
        raise SpecError("booklet: no policygen.yaml here — run in a project folder")
    if version is not None:
        raise SpecError("booklet: the booklet has no version of its own — write `booklet`; "
                             "each policy's latest release is listed")
    ids = [p.stem for p in policy_files(ws.project, ws.root)]
    if not ids:
        raise SpecError("booklet: the project lists no policies — add them under `policies:` in policygen.yaml")
    missing = [i for i in ids if not released_versions(ws, i)]
    if missing:
        commands = "; ".join(f"policygen release {_source_file(ws, i)}" for i in missing[:5])
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise PolicygenError(f"booklet: {len(missing)} of its {len(ids)} policies are not released "
                             f"({', '.join(missing[:5])}{more}) — run {commands}{more}")
    policies = tuple(load_release(ws, i) for i in ids)
    listing = [{"policy": p.id, "version": p.version, "manifest_sha256": p.sha256, "release": p.path} for p in policies]
    data = (json.dumps({"booklet": ws.project.title, "edition": ws.project.edition, "policies": listing},
                       ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    roles: dict[str, Role] = {}
    for p in policies:
        for r in p.roles:
            roles.setdefault(r.id, r)
    catalog = RoleCatalog(list(roles.values()), f"the booklet ({ws.project.title})")
    first = policies[0]
    theme = ws.project.theme or first.theme
    return Subject(BOOKLET, BOOKLET, ws.project.title, ws.project.edition or "", policies, ws.project.organisation,
                   theme, ws.project.language, hashlib.sha256(data).hexdigest(), "releases", data, catalog)
