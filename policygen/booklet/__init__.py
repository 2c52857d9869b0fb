"""The regulations booklet (汇编): every policy of a project in one document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..build import BuildOptions, Output, build_policies
from ..model import Policy, Project


def build_project(project: Project, root: Path, policies: list[Policy], options: BuildOptions, *, console: Any = None) -> list[Output]:
    """Build every policy's documents and the booklet; return what was written."""
    return build_policies(policies, options)
