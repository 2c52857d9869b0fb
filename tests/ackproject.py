"""A small project with released policies, for the acknowledge tests and the benchmark."""

from __future__ import annotations

from pathlib import Path

PROJECT = """\
format: 1
organisation: 示例科技有限公司
title: 客户服务制度汇编
edition: 2024年版
language: zh-Hans
policies: [service-rules, conduct-notice, front-desk-rules]
formats: [pdf]
output: build
"""

SERVICE = """\
format: 1
id: service-rules
kind: regulation
title: 客户服务管理规定
language: zh-Hans
version: "{version}"
status: published
issued: {issued}
effective: {effective}
doc_number: 客服〔2024〕3号
owner: 客户服务部
changelog:
  - {{version: "1.0", date: 2024-03-01, summary: 首次发布}}
{extra_changelog}roles:
  - id: front-desk
    name: 前台接待人员
  - id: cs-rep
    name: 客户服务代表
chapters:
  - id: general
    title: 总则
    articles:
      - id: purpose
        text: 为规范客户服务工作，提高客户满意度，特制定本规定。{extra_text}
      - id: desk
        text: 前台接待人员负责接待来访客户。
        roles: [front-desk]
      - id: rep
        text: 客户服务代表负责处理客户咨询与投诉。
        roles: [cs-rep]
"""

NOTICE = """\
format: 1
id: conduct-notice
kind: notice
title: 关于规范员工行为的通知
language: zh-Hans
version: "1.0"
status: published
issued: 2024-05-01
effective: 2024-05-01
owner: 综合管理部
changelog:
  - {version: "1.0", date: 2024-05-01, summary: 首次发布}
articles:
  - id: a1
    text: 全体员工应遵守公司各项规章制度。
"""

FRONT_DESK = """\
format: 1
id: front-desk-rules
kind: regulation
title: 前台接待工作细则
language: zh-Hans
version: "2.0"
status: published
issued: 2024-06-01
effective: 2024-06-15
owner: 客户服务部
changelog:
  - {version: "2.0", date: 2024-06-01, summary: 重订}
roles:
  - id: front-desk
    name: 前台接待人员
articles:
  - id: a1
    text: 前台接待人员应文明礼貌。
    roles: [front-desk]
"""


def service_yaml(version: str) -> str:
    """Return the service-rules policy at version 1.0 or 1.1."""
    if version == "1.0":
        return SERVICE.format(version="1.0", issued="2024-03-01", effective="2024-03-15", extra_changelog="", extra_text="")
    return SERVICE.format(version="1.1", issued="2024-10-01", effective="2024-10-15",
                          extra_changelog='  - {version: "1.1", date: 2024-10-01, summary: 增加客户信息保密要求}\n',
                          extra_text="客户信息应予保密。")


def make_project(root: Path, *, booklet: bool = True) -> Path:
    """Write a project at ``root`` and release service-rules 1.0 and 1.1 (and, for the booklet, the others)."""
    from policygen.versioning.release import release

    (root / "policies").mkdir(parents=True)
    (root / "policygen.yaml").write_text(PROJECT if booklet else PROJECT.replace(
        "policies: [service-rules, conduct-notice, front-desk-rules]", "policies: [service-rules]"), "utf-8")
    service = root / "policies/service-rules.yaml"
    service.write_text(service_yaml("1.0"), "utf-8")
    release(service, root / "releases")
    service.write_text(service_yaml("1.1"), "utf-8")
    release(service, root / "releases")
    if booklet:
        for name, text in (("conduct-notice", NOTICE), ("front-desk-rules", FRONT_DESK)):
            path = root / f"policies/{name}.yaml"
            path.write_text(text, "utf-8")
            release(path, root / "releases")
    return root
