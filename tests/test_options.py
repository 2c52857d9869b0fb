"""Theme precedence, output permissions, YAML tags and folded text, repeated API builds."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import policygen
from policygen.errors import ValidationError

ROOT = Path(__file__).resolve().parents[1]

POLICY = """\
format: 1
id: demo
kind: regulation
title: 示例制度
version: "1.0"
issued: 2024-01-01
effective: 2024-01-01
owner: 客服部
theme: gbt9704
articles:
  - id: a1
    text: >
      第一行
      第二行
"""


def test_cli_theme_overrides_the_policy_theme_and_project_theme_does_not() -> None:
    policy = policygen.loads(POLICY)
    assert policygen.resolve(policy).theme == "gbt9704"
    assert policygen.resolve(policy, theme="modern").theme == "modern"
    from policygen.resolver import resolve_policy

    assert resolve_policy(policy, fallback_theme="modern").theme == "gbt9704"
    untyped = policygen.loads(POLICY.replace("theme: gbt9704\n", ""))
    assert resolve_policy(untyped, fallback_theme="modern").theme == "modern"


def test_unknown_theme_is_a_located_error() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads(POLICY.replace("theme: gbt9704", "theme: fancy"), name="p.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (9, 8)
    assert "'fancy' is not allowed" in problem.message and "gbt9704" in problem.message


def test_python_tags_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads(POLICY.replace("owner: 客服部", "owner: !!python/object:os.system 客服部"), name="p.yaml")
    assert any("unknown tag" in p.message and p.line == 8 for p in info.value.problems)


def test_folded_text_has_no_fold_marks() -> None:
    text = policygen.loads(POLICY).articles[0].text
    assert text == "第一行 第二行"
    assert "\a" not in text
    assert policygen.render(policygen.loads(POLICY), "docx").startswith(b"PK")


def test_outputs_are_readable_by_others_and_build_can_be_called_twice(tmp_path: Path) -> None:
    from policygen.scaffold import init_project

    init_project(tmp_path / "p")
    first = policygen.build(str(tmp_path / "p"), formats=("html",), jobs=1)
    second = policygen.build(str(tmp_path / "p"), formats=("html",), jobs=1)
    assert [o.path for o in first] == [o.path for o in second]
    mode = stat.S_IMODE(os.stat(first[0].path).st_mode)
    assert mode & stat.S_IROTH, oct(mode)


def test_unlisted_policy_file_is_a_warning(tmp_path: Path) -> None:
    from policygen.loader.project_files import check_paths
    from policygen.scaffold import init_project

    init_project(tmp_path / "p")
    (tmp_path / "p" / "policies" / "extra.yaml").write_text(POLICY.replace("id: demo", "id: extra"), encoding="utf-8")
    result = check_paths([str(tmp_path / "p")])
    assert not result.errors
    assert any("not listed" in p.message and p.severity == "warning" for p in result.problems)
