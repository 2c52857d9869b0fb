"""Find a project and its policy files; validate a set of paths together."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PathError, Problem
from . import check_file
from .project_paths import check_project_paths
from .source import ParseMemo, parse
from ..model import Policy, Project
from ..model.rules import iter_ids

PROJECT_FILE = "policygen.yaml"


@dataclass
class Checked:
    """The result of validating several files: models by path and every problem."""

    policies: dict[Path, Policy] = field(default_factory=dict)
    project: Project | None = None
    project_path: Path | None = None
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def policy_files(project: Project, root: Path) -> list[Path]:
    """Return the policy files of a project, in booklet order."""
    folder = root / project.policies_dir
    if not project.policies:
        return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    out = []
    for entry in project.policies:
        if entry.endswith((".yaml", ".yml")):
            out.append(root / entry)
        else:
            out.append(folder / f"{entry}.yaml")
    return out


def expand(paths: list[str]) -> tuple[list[Path], Path | None]:
    """Return the policy files named by files or folders, and the project file if any."""
    files: list[Path] = []
    project_file: Path | None = None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidate = path / PROJECT_FILE
            if candidate.is_file() and project_file is None:
                project_file = candidate
                continue
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.name != PROJECT_FILE))
        elif path.is_file():
            if path.name == PROJECT_FILE:
                project_file = path
            else:
                files.append(path)
        else:
            raise PathError(f"{raw}: no such file or folder — check the path")
    return files, project_file


def _shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def check_paths(paths: list[str], *, allow_outside: bool = False, memo: ParseMemo | None = None) -> Checked:
    """Return every problem of the given files and folders (a folder may be a project).

    A project's ``output``, ``policies_dir`` and listed files must lie inside its
    folder unless ``allow_outside``. ``memo`` keeps the policy files' parsed
    documents between calls.
    """
    files, project_file = expand(paths)
    result = Checked()
    if project_file is not None:
        result.project_path = project_file
        project, problems = check_file(project_file, Project)
        result.problems += problems
        result.project = project
        if project is not None:
            outside = check_project_paths(project, project_file, _shown(project_file), allow_outside=allow_outside)
            result.problems += outside
            if any(p.severity == "error" for p in outside):
                result.problems.sort()
                return result  # read nothing outside the project
        if project is not None:
            for path in policy_files(project, project_file.parent):
                if not path.is_file():
                    result.problems.append(
                        Problem(_shown(project_file), 1, 1, f"policy file {_shown(path)} does not exist — fix `policies:` or add the file")
                    )
                elif path not in files:
                    files.append(path)
    if result.project is not None and project_file is not None and result.project.policies:
        listed = {p.resolve() for p in policy_files(result.project, project_file.parent)}
        folder = project_file.parent / result.project.policies_dir
        for path in sorted(folder.glob("*.y*ml")):
            if path.suffix in (".yaml", ".yml") and path.resolve() not in listed:
                result.problems.append(
                    Problem(_shown(path), 1, 1, f"not listed in {_shown(project_file)} `policies:` — add its id there, or it is left out of the booklet", "warning")
                )
    seen_ids: dict[str, Path] = {}
    by_path: dict[Path, list[Problem]] = {}
    for path in files:
        result.files.append(path)
        policy, problems = check_file(path, Policy, memo=memo)
        by_path[path] = problems
        if policy is None:
            continue
        if policy.id in seen_ids:
            result.problems.append(
                Problem(_shown(path), 1, 1, f"policy id '{policy.id}' is also used by {_shown(seen_ids[policy.id])} — ids must be unique in a project")
            )
        else:
            seen_ids[policy.id] = path
            result.policies[path] = policy
    if result.project is not None:
        _check_across(result, by_path, memo)
    for problems in by_path.values():
        result.problems += problems
    result.problems += _build_rules(result, project_file)
    if result.project is not None:
        result.problems += _attachment_policy_problems(result.policies)
    result.problems.sort()
    return result


def project_ids(policies: list[Policy]) -> dict[str, set[str]]:
    """Return every policy's id with the ids a reference from another policy may name."""
    return {p.id: {ident for _, ident, kind in iter_ids(p) if kind in ("part", "chapter", "section", "article")}
            for p in policies}


def _check_across(result: Checked, by_path: dict[Path, list[Problem]], memo: ParseMemo | None = None) -> None:
    """Check again, against the whole project, each policy whose references were not checkable alone."""
    others = project_ids(list(result.policies.values()))
    for path in list(result.policies):
        if not any(p.severity == "note" for p in by_path[path]):
            continue
        checked, problems = check_file(path, Policy, others, memo)
        by_path[path] = problems
        if checked is None:
            del result.policies[path]
        else:
            result.policies[path] = checked


def _key_position(path: Path, key: str) -> tuple[int, int]:
    """Return (line, col) of a top-level ``key:`` in a YAML file, or (1, 1)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for n, line in enumerate(lines, 1):
        if line.startswith(f"{key}:"):
            return n, 1
    return 1, 1


def _build_rules(result: Checked, project_file: Path | None) -> list[Problem]:
    """Return what build would do silently or refuse: drafts in the booklet, notices without an issuer."""
    problems: list[Problem] = []
    project = result.project
    if project is None and project_file is None and result.files:
        found = _project_above(result.files[0])
        if found is not None:

            above, _ = check_file(found, Project)
            project = above if isinstance(above, Project) else None
    for path in result.files:
        facts = _facts(path, result.policies.get(path))
        if facts is None:
            continue
        if not facts.changelog and facts.status in RELEASABLE and facts.version:
            line, col = _key_position(path, "version")
            problems.append(Problem(_shown(path), line, col, f"version {facts.version} has no changelog entry, so this "
                                    f"{facts.status} policy cannot be released — add `changelog:` with "
                                    f"`- {{version: \"{facts.version}\", date: {facts.issued}, summary: …}}`"))
        if facts.kind == "notice" and not facts.issuer and (project is None or not project.organisation):
            line, col = _key_position(path, "kind")
            problems.append(Problem(_shown(path), line, col, f"notice '{facts.id}' has no issuing organisation for its "
                                    "masthead (红头) — set `organisation:` here or in policygen.yaml"))
        if result.project is not None and facts.status in ("draft", "review") and result.project.booklet_drafts == "warn":
            line, col = _key_position(path, "status")
            problems.append(Problem(_shown(path), line, col, f"'{facts.id}' is a {facts.status} and goes into the "
                                    "booklet — set `status: published` once it is signed off, or "
                                    "`booklet_drafts: exclude` (or `include`) in policygen.yaml", "warning"))
    return problems


RELEASABLE = ("approved", "published", "superseded", "withdrawn")


@dataclass(frozen=True)
class _Facts:
    """What the build and release rules need of a policy file, valid or not."""

    id: str
    kind: str
    status: str
    version: str
    issued: str
    changelog: bool
    issuer: bool


def _facts(path: Path, policy: Policy | None) -> _Facts | None:
    """Return the facts of a validated policy, or those its file states when other parts of it are broken."""
    if policy is not None:
        return _Facts(policy.id, policy.kind, policy.status, policy.version, policy.issued.isoformat(),
                      bool(policy.changelog), bool(policy.organisation or getattr(policy, "issuers", None)))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    data = parse(text, str(path)).data
    if not isinstance(data, dict):
        return None

    def word(key: str, default: str = "") -> str:
        value = data.get(key, default)
        return value if isinstance(value, str) else str(value) if isinstance(value, int | float) else default

    issued = data.get("issued")
    day = issued.isoformat() if isinstance(issued, dt.date) else str(issued or "YYYY-MM-DD")
    return _Facts(word("id"), word("kind", "regulation"), word("status", "draft"), word("version"), day,
                  bool(data.get("changelog")), bool(data.get("organisation") or data.get("issuers")))


def _project_above(path: Path) -> Path | None:
    for folder in path.resolve().parents:
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def _attachment_policy_problems(policies: dict[Path, Policy]) -> list[Problem]:
    """Return a problem for every `attachments: - policy:` that names no policy of the project."""
    ids = sorted(p.id for p in policies.values())
    out = []
    for path, policy in policies.items():
        for a, attachment in enumerate(policy.attachments):
            if attachment.policy and attachment.policy not in ids:
                key = ("attachments", a, "policy")
                line, col = policy.positions.of(key) if policy.positions is not None else (1, 1)
                close = difflib.get_close_matches(attachment.policy, ids, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "name a policy listed in the project"
                out.append(Problem(_shown(path), line, col, f"attachment '{attachment.title}': policy '{attachment.policy}' is not in the project — {hint}", key_path=key))
    return out
