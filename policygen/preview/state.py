"""What the preview shows: the last good model of every policy, and the problems of the files now."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..builder.policies import BuildOptions, find_project, options_from_project
from ..errors import Problem
from ..loader.project_files import check_paths
from ..model import Policy, Project
from ..renderer import Format, render


@dataclass(frozen=True)
class Snapshot:
    """One state of the preview: a version number, the policies shown, and the problems of the sources."""

    version: int
    policies: dict[str, Policy]
    order: list[str]
    project: Project | None
    problems: list[Problem]
    changed: frozenset[str] = field(default_factory=frozenset)


class Preview:
    """The project as last validated; renders on request and remembers the last good version of each policy."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.Condition()
        self._html: dict[str, tuple[Policy, str]] = {}
        self._by_path: dict[Path, Policy] = {}
        self.snapshot = Snapshot(0, {}, [], None, [])
        self.refresh()

    def refresh(self) -> Snapshot:
        """Validate the sources again and return the new snapshot (kept policies where a file is broken)."""
        result = check_paths([str(self.root)])
        previous = self.snapshot
        by_path = {path: result.policies.get(path) or self._by_path.get(path) for path in result.files}
        self._by_path = {path: policy for path, policy in by_path.items() if policy is not None}
        policies = {policy.id: policy for policy in self._by_path.values()}
        order = [policy.id for policy in self._by_path.values()]
        changed = frozenset(ident for ident, policy in policies.items() if previous.policies.get(ident) != policy)
        project = result.project if result.project is not None else previous.project
        problems = sorted(result.problems, key=lambda p: (p.source, p.line, p.col))
        with self._lock:
            self.snapshot = Snapshot(previous.version + 1, policies, order, project, problems, changed)
            self._lock.notify_all()
        return self.snapshot

    def wait(self, version: int, timeout: float) -> Snapshot:
        """Return the snapshot once it is newer than ``version``, or the current one after ``timeout`` seconds."""
        with self._lock:
            self._lock.wait_for(lambda: self.snapshot.version > version, timeout=timeout)
            return self.snapshot

    def options(self) -> BuildOptions:
        """Return the render options of the project (organisation, theme, templates, reference document)."""
        snapshot = self.snapshot
        project_file = find_project(self.root)
        if snapshot.project is None or project_file is None:
            return BuildOptions()
        return options_from_project(snapshot.project, project_file.parent, BuildOptions())

    def render(self, ident: str, fmt: Format) -> bytes | None:
        """Return the policy ``ident`` (last good version) rendered as ``fmt``; None if unknown."""
        policy = self.snapshot.policies.get(ident)
        if policy is None:
            return None
        if fmt == "html":
            cached = self._html.get(ident)
            if cached is not None and cached[0] == policy:
                return cached[1].encode("utf-8")
        o = self.options()
        data = render(policy, fmt, organisation=o.organisation, theme=o.theme, project_theme=o.project_theme,
                      templates_dir=o.templates_dir, reference_docx=o.reference_docx)
        if fmt == "html":
            self._html[ident] = (policy, data.decode("utf-8"))
        return data

    def source_line(self, problem: Problem) -> str | None:
        """Return the source line a problem points at, if the file can be read."""
        if not problem.line:
            return None
        for base in (Path.cwd(), self.root):
            path = base / problem.source
            if path.is_file():
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                return lines[problem.line - 1] if problem.line <= len(lines) else None
        return None
