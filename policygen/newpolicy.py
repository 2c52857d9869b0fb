"""``policygen new``: start a policy file from a skeleton and list it in the project file."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import PathError, PolicygenError
from .model.policy import SLUG_PATTERN
from .renderer.output import write_atomic

Kind = Literal["notice", "regulation"]

_REGULATION = """\
# yaml-language-server: $schema={schema}
format: 1
id: {id}
kind: regulation
title: {title}
language: zh-Hans
version: "1.0"
status: draft
issued: {today}
effective: {today}
owner: 办公室                       # the department that owns and interprets it
changelog:
  - version: "1.0"
    date: {today}
    summary: 首次发布
chapters:
  - id: general
    title: 总则
    articles:
      - id: purpose
        text: 为规范……，根据……，制定本制度。
      - id: scope
        text: 本制度适用于公司全体员工。
  - id: supplementary
    title: 附则
    articles:
      - id: interpretation
        text: 本制度由办公室负责解释。
      - id: entry-into-force
        text: 本制度自发布之日起施行。
"""

_NOTICE = """\
# yaml-language-server: $schema={schema}
format: 1
id: {id}
kind: notice
title: {title}
language: zh-Hans
version: "1.0"
status: draft
issued: {today}
effective: {today}
owner: 办公室                       # the department that issues it
recipients:
  - 全体员工
changelog:
  - version: "1.0"
    date: {today}
    summary: 首次发布
chapters:
  - id: background
    title: 背景
    articles:
      - text: 为……，现就有关事项通知如下。
  - id: requirements
    title: 工作要求
    articles:
      - text: 各部门应当……。
      - text: 如有疑问，请与办公室联系。
"""

_TITLES = {"notice": "关于……的通知", "regulation": "……管理制度"}


def new_policy(project_file: Path, kind: Kind, ident: str, title: str | None = None,
               today: dt.date | None = None) -> tuple[Path, bool]:
    """Write a new policy file into the project's policies folder and list it in ``policygen.yaml``.

    Return (the new file, whether the project's policy list was changed). Refuse
    (PolicygenError) a bad id or an existing file; nothing is written then.
    """
    if not re.fullmatch(SLUG_PATTERN, ident):
        raise PolicygenError(f"'{ident}' is not a valid id — use lowercase a-z, 0-9 and '-', e.g. visitor-rules")
    if not project_file.is_file():
        raise PathError(f"{project_file}: no such project file — run `policygen init` first")
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    project_text = project_file.read_text(encoding="utf-8")
    data = yaml.load(project_text)
    if not isinstance(data, CommentedMap):
        raise PolicygenError(f"{project_file}: not a project file (expected a mapping) — fix it with `policygen validate`")
    root = project_file.parent
    folder = root / str(data.get("policies_dir", "policies"))
    target = folder / f"{ident}.yaml"
    if target.exists():
        raise PolicygenError(f"{target}: already exists — policygen new never overwrites a policy; choose another id")
    listed = data.get("policies")
    if isinstance(listed, list) and (ident in listed or f"{ident}.yaml" in listed):
        raise PolicygenError(f"{project_file}: '{ident}' is already listed under policies — choose another id")
    schema = Path(os.path.relpath(root / "schema" / "policy.schema.json", folder)).as_posix()
    day = (today or dt.date.today()).isoformat()
    template = _NOTICE if kind == "notice" else _REGULATION
    text = template.format(schema=schema, id=ident, title=title or _TITLES[kind], today=day)
    changed = False
    if isinstance(listed, CommentedSeq) and listed:
        listed.append(ident)
        dash = re.search(r"^policies:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ ]*)- ", project_text, re.M)
        offset = len(dash.group(1)) if dash else 0
        yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
        out = io.StringIO()
        yaml.dump(data, out)
        project_new = out.getvalue()
        changed = True
    write_atomic(target, text.encode("utf-8"))
    if changed:
        write_atomic(project_file, project_new.encode("utf-8"))
    return target, changed
