"""The roster: who must acknowledge, read from CSV or XLSX, every problem reported at once."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import Problem, ValidationError
from .table import cell, read_columns

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("工号", "id", "工號", "员工编号", "員工編號", "employeeid"),
    "name": ("姓名", "name"),
    "department": ("部门", "department", "部門", "dept"),
    "role": ("岗位", "role", "崗位", "职位", "職位", "position"),
}
REQUIRED = ("id", "name", "department")
ROLE_SEPARATORS = re.compile(r"[、,，;；]")


@dataclass(frozen=True)
class Employee:
    """One roster row: 工号, 姓名, 部门, the roles its 岗位 names, and where it came from."""

    id: str
    name: str
    department: str
    roles: tuple[str, ...] = ()  # role names as declared, in the order given
    role_keys: tuple[str, ...] = ()  # role ids and whitespace-free names the 岗位 matched
    row: int = 0

    @property
    def role_text(self) -> str:
        """Return the 岗位 as printed: the role names joined by 、."""
        return "、".join(self.roles)


@dataclass(frozen=True)
class Role:
    """A role declared by a policy: id and name."""

    id: str
    name: str


@dataclass
class RoleCatalog:
    """The roles an employee's 岗位 may name, by id or by name (whitespace ignored)."""

    roles: list[Role] = field(default_factory=list)
    owner: str = ""  # what declares them, for messages: 《title》 or the booklet

    def find(self, text: str) -> Role | None:
        """Return the role whose id or name is ``text``, or None."""
        key = _key(text)
        for role in self.roles:
            if text == role.id or key == _key(role.name):
                return role
        return None

    def suggestion(self, text: str) -> str:
        """Return what to do about an unknown role ``text``: a did-you-mean or the known roles."""
        if not self.roles:
            return f"{self.owner} declares no roles; leave 岗位 empty"
        names = [r.name for r in self.roles] + [r.id for r in self.roles]
        close = [n for n in names if _key(text) and (_key(text) in _key(n) or _key(n) in _key(text))]
        close += difflib.get_close_matches(text, names, n=1, cutoff=0.4)
        if close:
            return f"did you mean '{close[0]}'?"
        known = ", ".join(f"{r.id} ({r.name})" for r in self.roles[:12])
        return f"use a role id or name it declares: {known}"


@dataclass(frozen=True)
class Roster:
    """The employees of a roster, sorted by 部门 then 工号, and whether it has a 岗位 column."""

    source: str
    employees: list[Employee]
    has_roles: bool
    encoding: str | None = None
    columns: dict[str, int] = field(default_factory=dict)  # field → 1-based column, for messages

    def departments(self) -> list[tuple[str, list[Employee]]]:
        """Return (部门, employees) in roster order."""
        out: dict[str, list[Employee]] = {}
        for employee in self.employees:
            out.setdefault(employee.department, []).append(employee)
        return list(out.items())

    def by_id(self) -> dict[str, Employee]:
        """Return the employees by 工号."""
        return {e.id: e for e in self.employees}


def _key(text: str) -> str:
    return "".join(text.split())


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Return a sort key that orders E2 before E10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)


def sort_key(employee: Employee) -> tuple[str, tuple[tuple[int, int | str], ...]]:
    """Return the order of receipts and registers: 部门, then 工号."""
    return employee.department, natural_key(employee.id)


def read_roster(
    path: str | os.PathLike[str],
    *,
    roles: RoleCatalog | None = None,
    encoding: str | None = None,
) -> Roster:
    """Return the roster in ``path``; raise ValidationError listing every problem.

    ``roles`` are the roles a 岗位 may name (ids or names); without it 岗位 is not checked.
    """
    table, columns = read_columns(path, COLUMNS, REQUIRED, encoding=encoding)
    problems: list[Problem] = []
    src = table.source
    col = {k: v + 1 for k, v in columns.items()}
    seen: dict[str, int] = {}
    employees: list[Employee] = []
    for row, cells in table.rows:
        ident = cell(cells, columns["id"])
        name = cell(cells, columns["name"])
        department = cell(cells, columns["department"])
        role_cell = cell(cells, columns.get("role"))
        ok = True
        if not ident:
            problems.append(Problem(src, row, col["id"], "工号 is empty — fill in the employee's 工号, or delete the row"))
            ok = False
        elif ident in seen:
            problems.append(Problem(src, row, col["id"], f"duplicate 工号 '{ident}' (also on row {seen[ident]}) — "
                                                          "give each employee their own 工号, or delete the repeated row"))
            ok = False
        else:
            seen[ident] = row
        who = f" for 工号 '{ident}'" if ident else ""
        if not name:
            problems.append(Problem(src, row, col["name"], f"姓名 is empty{who} — fill in the employee's name"))
            ok = False
        if not department:
            problems.append(Problem(src, row, col["department"], f"部门 is empty{who} — fill in the department "
                                                                  "(registers are made per department)"))
            ok = False
        names, keys = [], []
        for token in _tokens(role_cell):
            role = roles.find(token) if roles is not None else None
            if roles is not None and role is None:
                problems.append(Problem(src, row, col["role"], f"岗位 '{token}' names no role of {roles.owner} — "
                                                                f"{roles.suggestion(token)}"))
                ok = False
            elif role is not None:
                names.append(role.name)
                keys += [role.id, _key(role.name)]
            else:
                names.append(token)
                keys.append(_key(token))
        if ok:
            employees.append(Employee(ident, name, department, tuple(dict.fromkeys(names)), tuple(dict.fromkeys(keys)), row))
    if problems:
        raise ValidationError(problems)
    if not employees:
        raise ValidationError([Problem(src, 2, 1, "the roster has a header but no employees — add one row per employee")])
    employees.sort(key=sort_key)
    return Roster(src, employees, "role" in columns, table.encoding, col)


def _tokens(text: str) -> Iterable[str]:
    return [t.strip() for t in ROLE_SEPARATORS.split(text) if t.strip()]
