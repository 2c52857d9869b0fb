"""Who has acknowledged the current version of a policy, who only an older one, and who none."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..errors import Problem
from .released import ReleasedPolicy, Workspace, manifest_hash, released_versions, version_key
from .roster import Employee, Roster
from .signed import SignedList

CURRENT, OLDER, MISSING = "current", "older", "not signed"
_HEX = re.compile(r"^(?:sha256:)?([0-9a-f]{12,64})$")


@dataclass(frozen=True)
class EmployeeStatus:
    """An employee's state: current, older (with the version signed) or not signed."""

    employee: Employee
    state: str
    version: str | None = None
    date: str | None = None


@dataclass
class Department:
    """The employees of one department and their states."""

    name: str
    people: list[EmployeeStatus] = field(default_factory=list)

    def count(self, state: str) -> int:
        """Return how many employees of the department are in ``state``."""
        return sum(1 for p in self.people if p.state == state)


@dataclass
class StatusReport:
    """The status of a policy's acknowledgements over a roster; ``problems`` name odd signed rows."""

    policy: ReleasedPolicy
    versions: dict[str, str]  # every released version → manifest sha256
    departments: list[Department]
    problems: list[Problem]

    def total(self, state: str) -> int:
        """Return how many employees are in ``state``."""
        return sum(d.count(state) for d in self.departments)

    @property
    def complete(self) -> bool:
        """Return True when every employee has signed the current version."""
        return all(p.state == CURRENT for d in self.departments for p in d.people)

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain data (the --json output)."""
        return {
            "policy": self.policy.id, "title": self.policy.title, "current_version": self.policy.version,
            "current_sha256": self.policy.sha256,
            "totals": {"employees": sum(len(d.people) for d in self.departments), "current": self.total(CURRENT),
                       "older": self.total(OLDER), "not_signed": self.total(MISSING)},
            "departments": [{
                "department": d.name, "current": d.count(CURRENT), "older": d.count(OLDER), "not_signed": d.count(MISSING),
                "employees": [{"id": p.employee.id, "name": p.employee.name, "status": p.state.replace(" ", "_"),
                               "version": p.version, "date": p.date} for p in d.people],
            } for d in self.departments],
            "problems": [{"file": p.source, "row": p.line, "column": p.col, "message": p.message} for p in self.problems],
            "complete": self.complete,
        }

    def to_json(self) -> str:
        """Return the report as indented JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        """Return the report for the console: per department, then totals."""
        p = self.policy
        lines = [f"《{p.title}》 ({p.id}) current version {p.version} ({p.sha256[:12]})"]
        for d in self.departments:
            lines.append(f"{d.name}: {d.count(CURRENT)} current, {d.count(OLDER)} older, {d.count(MISSING)} not signed")
            older = [s for s in d.people if s.state == OLDER]
            missing = [s for s in d.people if s.state == MISSING]
            for s in older:
                when = f" on {s.date}" if s.date else ""
                lines.append(f"  older       {s.employee.id} {s.employee.name} — signed {s.version}{when}")
            for s in missing:
                lines.append(f"  not signed  {s.employee.id} {s.employee.name}")
        employees = sum(len(d.people) for d in self.departments)
        lines.append(f"total: {self.total(CURRENT)} of {employees} signed the current version, "
                     f"{self.total(OLDER)} only an older one, {self.total(MISSING)} not signed")
        return "\n".join(lines) + "\n"


def release_hashes(ws: Workspace, policy_id: str) -> dict[str, str]:
    """Return {version: manifest sha256} of every release of ``policy_id``."""
    return {v: manifest_hash(ws, policy_id, v) for v in released_versions(ws, policy_id)}


def match_version(value: str, versions: dict[str, str]) -> str | None:
    """Return the released version a signed row names by version (1.1, v1.1) or hash (≥ 12 hex digits)."""
    text = value.strip().lower()
    if text.startswith("v") and text[1:2].isdigit():
        text = text[1:]
    if text in versions:
        return text
    match = _HEX.match(text)
    if match:
        found = [v for v, digest in versions.items() if digest.startswith(match[1])]
        if len(found) == 1:
            return found[0]
    return None


def compute_status(ws: Workspace, policy: ReleasedPolicy, roster: Roster, signed: SignedList) -> StatusReport:
    """Return each employee's state for ``policy`` (its latest release is current) from the signed list."""
    versions = release_hashes(ws, policy.id)
    current = policy.version
    known = roster.by_id()
    best: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    col = signed.columns
    for sig in signed.signatures:
        if not sig.id:
            problems.append(Problem(signed.source, sig.row, col["id"], "工号 is empty — this row counts for nobody",
                                    "warning"))
            continue
        if sig.id not in known:
            problems.append(Problem(signed.source, sig.row, col["id"], f"工号 '{sig.id}' is not in the roster "
                                    f"{roster.source} — check the 工号, or add the employee to the roster", "warning"))
            continue
        version = match_version(sig.version, versions)
        if version is None:
            problems.append(Problem(signed.source, sig.row, col["version"], f"'{sig.version}' (工号 {sig.id}) is not a "
                                    f"released version or hash of {policy.id} (released: {', '.join(versions)}) — "
                                    "this signature is not counted", "warning"))
            continue
        previous = best.get(sig.id)
        if previous is None or version_key(version) > version_key(previous[0]):
            best[sig.id] = (version, sig.date)
    departments: dict[str, Department] = {}
    for employee in roster.employees:
        dept = departments.setdefault(employee.department, Department(employee.department))
        got = best.get(employee.id)
        if got is None:
            dept.people.append(EmployeeStatus(employee, MISSING))
        elif got[0] == current:
            dept.people.append(EmployeeStatus(employee, CURRENT, got[0], got[1] or None))
        else:
            dept.people.append(EmployeeStatus(employee, OLDER, got[0], got[1] or None))
    return StatusReport(policy, versions, list(departments.values()), sorted(problems))
