"""Build documents on disk: load and check everything first, then render, then write.

Nothing is written until every input validated; every file is written
atomically, so a failed build leaves earlier outputs intact.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path

from ..errors import PathError, ValidationError
from ..loader.project_files import PROJECT_FILE, check_paths
from ..loader.source import ParseMemo
from ..model import Policy, Project
from ..renderer import Format
from ..resolver import IssueDefaults
from .cache import write_if_changed
from .faults import remove_leftovers
from .jobs import Progress, Rendered, Runner, render_policy
from .options import BuildOptions, Output


def output_name(policy: Policy, fmt: Format) -> str:
    """Return ``<id>-v<version>.<ext>``."""
    return f"{policy.id}-v{policy.version}.{fmt}"


def find_project(start: Path) -> Path | None:
    """Return the nearest policygen.yaml at or above ``start``, if any."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def options_from_project(project: Project, root: Path, base: BuildOptions) -> BuildOptions:
    """Return build options with the project's defaults filled in where not given."""
    return replace(
        base,
        organisation=base.organisation or project.organisation,
        project_theme=project.theme,
        templates_dir=base.templates_dir or (str(root / project.templates) if project.templates else None),
        reference_docx=base.reference_docx or (str(root / project.reference_docx) if project.reference_docx else None),
        issue_defaults=IssueDefaults(tuple(project.issuers), project.printed_by, root.resolve()),
        embed_fonts=base.embed_fonts or project.embed_fonts,
    )


def build_policies(
    policies: list[Policy],
    options: BuildOptions,
    *,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[Output]:
    """Render every policy in every format into ``options.out``; return what was written."""
    remove_leftovers(options.out)  # temporary files of builds that were killed
    if not options.library:  # the policies that attachments may name
        options = replace(options, library=tuple(policies))
    with Runner(options.jobs if len(policies) * len(options.formats) > 1 else 1, progress, executor) as runner:
        futures = [
            (policy, fmt, runner.submit(output_name(policy, fmt), render_policy, policy, fmt, options))
            for policy in policies
            for fmt in options.formats
        ]
        results: list[tuple[Policy, Format, Rendered]] = [(p, f, fut.result()) for p, f, fut in futures]
    outputs = []
    for policy, fmt, result in results:
        path = options.out / output_name(policy, fmt)
        write_if_changed(path, result.data)
        outputs.append(Output(path, fmt, len(result.data), result.pages, result.seconds))
    return outputs


def load_checked(
    paths: list[str], *, allow_outside: bool = False, memo: ParseMemo | None = None
) -> tuple[list[Policy], Project | None, Path | None]:
    """Return the validated policies of ``paths``; raise ValidationError listing every problem.

    A project's ``output`` and ``policies_dir`` outside its folder are errors unless ``allow_outside``;
    ``memo`` keeps parsed policy files between builds.
    """
    result = check_paths(paths, allow_outside=allow_outside, memo=memo)
    if result.errors:
        raise ValidationError(result.problems)
    if not result.files:
        raise PathError("no policy files found — give .yaml files or a project folder")
    policies = [result.policies[f] for f in result.files if f in result.policies]
    return policies, result.project, result.project_path


__all__ = ["BuildOptions", "Output", "build_policies", "find_project", "load_checked", "options_from_project", "output_name"]
