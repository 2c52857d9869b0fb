"""The one build: decide what to make (policies, booklet, a role view), run the jobs, write.

``policygen.build()`` and ``policygen build`` both come here. A project build
whose inputs and options are those of the last build, with its outputs
intact, renders nothing: the check reads the project file with the normal
loader and hashes every input file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ..errors import PathError, ValidationError
from ..loader import check_file
from ..loader.project_files import PROJECT_FILE
from ..model import Policy, Project
from ..renderer import FORMATS, Format
from .cache import Cache, KeptParses, fingerprint, input_files, record_build, up_to_date
from .jobs import Progress, Runner
from .policies import BuildOptions, Output, build_policies, find_project, load_checked, options_from_project
from .project import build_project, project_cache_root, start_runner
from .role_view import build_role_view


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the outputs, the policies built, the options used, and whether all was up to date."""

    outputs: tuple[Output, ...]
    policies: tuple[Policy, ...]
    options: BuildOptions
    up_to_date: bool
    seconds: float


def project_folder(paths: Sequence[str]) -> Path | None:
    """Return the project folder when ``paths`` is one folder holding a policygen.yaml."""
    if len(paths) == 1 and Path(paths[0]).is_dir() and (Path(paths[0]) / PROJECT_FILE).is_file():
        return Path(paths[0])
    return None


def _fingerprint(root: Path, project: Project, options: BuildOptions) -> str:
    files = input_files(root, root / PROJECT_FILE, project.policies_dir, project.templates, project.reference_docx)
    for extra in (options.templates_dir, options.reference_docx):
        if extra:
            path = Path(extra)
            files += [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
    shown = replace(options, jobs=0)  # the number of workers does not change a byte
    return fingerprint(files, repr((shown, str(root.resolve()))))


def cached_outputs(root: Path, options: BuildOptions) -> list[Output] | None:
    """Return the outputs of the last build of the project at ``root`` when nothing changed since, else None.

    ``options`` are complete (see :func:`project_options`). A project file
    with problems is never up to date: the full build reports them.
    """
    project, _ = check_file(root / PROJECT_FILE, Project)
    if project is None:
        return None
    found = up_to_date(project_cache_root(root, options), _fingerprint(root, project, options))
    if found is None:
        return None
    return [Output(path, _fmt(fmt), size, pages, 0.0, False) for path, fmt, size, pages in found]


def _fmt(value: str) -> Format:
    for fmt in FORMATS:
        if fmt == value:
            return fmt
    raise ValueError(value)


def _project_defaults(root: Path, project: Project, base: BuildOptions, out_given: bool, formats_given: bool) -> BuildOptions:
    """Return ``base`` with the project's defaults where the caller chose nothing."""
    options = options_from_project(project, root, base)
    if not formats_given:
        options = replace(options, formats=tuple(project.formats))
    return options if out_given else replace(options, out=root / project.output)


def _booklet_options(root: Path, project: Project, base: BuildOptions, out_given: bool, formats_given: bool) -> BuildOptions:
    options = _project_defaults(root, project, base, out_given, formats_given)
    return replace(options, cache_dir=project_cache_root(root, options))


def build(
    paths: Sequence[str],
    base: BuildOptions,
    *,
    out_given: bool = False,
    formats_given: bool = False,
    role: str | None = None,
    booklet: bool = True,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> BuildResult:
    """Build ``paths`` (policy files, or one project folder) and return what was made.

    One project folder builds every policy and the booklet (or, with
    ``booklet=False``, the policies only); ``role`` builds the role view
    only. ``base`` holds the caller's options; ``out_given`` and
    ``formats_given`` say whether its ``out`` and ``formats`` were chosen or
    are defaults the project may replace. Raises ValidationError with every
    problem before anything is written.
    """
    start = time.perf_counter()
    folder = project_folder(paths)
    runner: Runner | None = None
    cache: Cache | None = None
    if folder is not None and booklet and not role:  # the no-op check, before validating every policy
        project, _ = check_file(folder / PROJECT_FILE, Project)
        if project is not None:
            options = _booklet_options(folder, project, base, out_given, formats_given)
            fresh = cached_outputs(folder, options)
            if fresh is not None:
                return BuildResult(tuple(fresh), (), options, True, time.perf_counter() - start)
            # something to build: the workers start up while the policies are read and checked
            runner = start_runner(project, folder, options, progress=progress, executor=executor)
            cache = Cache(project_cache_root(folder, options))
    try:
        result = _build(paths, base, folder, runner, cache, out_given=out_given, formats_given=formats_given, role=role,
                        booklet=booklet, progress=progress, executor=executor, start=start)
    except BaseException:
        if runner is not None:
            runner.close(wait=False)  # a problem in the policies: no waiting for the workers' start-up
        raise
    if runner is not None:
        runner.close()
    return result


def _build(
    paths: Sequence[str],
    base: BuildOptions,
    folder: Path | None,
    runner: Runner | None,
    cache: Cache | None,
    *,
    out_given: bool,
    formats_given: bool,
    role: str | None,
    booklet: bool,
    progress: Progress | None,
    executor: Executor | None,
    start: float,
) -> BuildResult:
    # a project's build keeps its parsed policy files: a rebuild parses the files that changed
    memo = KeptParses(cache) if cache is not None else None
    policies, project, project_path = load_checked(list(paths), allow_outside=base.allow_outside, memo=memo)
    root = project_path.parent if project_path else None
    if project is None:
        found = find_project(Path(paths[0]).parent if Path(paths[0]).is_file() else Path(paths[0]))
        if found is not None:
            nearby, _ = check_file(found, Project)
            if nearby is not None:
                project, root = nearby, found.parent
    mode: Literal["role", "booklet", "policies"] = "role" if role else "booklet" if folder and project and booklet else "policies"
    options = base
    if mode == "booklet" and project is not None and root is not None:
        options = _booklet_options(root, project, base, out_given, formats_given)
    elif project is not None and root is not None:
        options = _project_defaults(root, project, base, out_given or folder is None, formats_given)
    booklet_mode = mode == "booklet" and project is not None and root is not None
    if "pdf" in options.formats and not booklet_mode:  # before any layout: no character may print as an empty box
        _check_glyphs(policies, options, project)
    if booklet_mode and project is not None and root is not None:
        drafts = [p for p in policies if project.booklet_drafts == "exclude" and p.status in ("draft", "review")]
        bound = [p for p in policies if p not in drafts]
        # the runner started early was made for this project folder's options; another root builds with its own
        same = root == folder
        checked = project
        # no character may print as an empty box: checked while the first parts are laid out, before anything is kept
        outputs = build_project(project, root, bound, options, progress=progress, executor=executor,
                                started=runner if same else None, cache=cache if same else None,
                                check=lambda: _check_glyphs(policies, options, checked) if "pdf" in options.formats else None)
        if drafts:  # left out of the booklet, still built on their own
            outputs += build_policies(drafts, options, progress=progress, executor=executor)
        record_build(project_cache_root(root, options), _fingerprint(root, project, options), [(o.path, o.fmt, o.pages) for o in outputs])
    elif mode == "role" and role is not None:
        outputs = build_role_view(policies, project, options, role)
    else:
        outputs = build_policies(policies, options, progress=progress, executor=executor)
    return BuildResult(tuple(outputs), tuple(policies), options, False, time.perf_counter() - start)


def _check_glyphs(policies: list[Policy], base: BuildOptions, project: Project | None) -> None:
    """Raise ValidationError when a character of the content has no glyph in any installed font."""
    import os

    from ..renderer.coverage import policy_glyph_problems
    from ..renderer.fonts import require_cjk_fonts
    from ..renderer.theme import theme_for
    from ..resolver import default_theme

    themes, shown = {}, {}
    for policy in policies:
        name = base.theme or policy.theme or (project.theme if project else None) or default_theme(policy.language)
        themes[policy.id] = theme_for(name, policy.language)
        if policy.language != "en":
            require_cjk_fonts(themes[policy.id])  # no CJK font at all: one message, not one per character
        if policy.source_path:
            rel = os.path.relpath(policy.source_path)
            shown[policy.id] = policy.source_path if rel.startswith("..") else rel
    problems = policy_glyph_problems(list(policies), themes, shown)
    if problems:
        raise ValidationError(problems)


def build_project_folder(
    path: str,
    base: BuildOptions,
    *,
    out_given: bool,
    formats_given: bool,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> BuildResult:
    """Build the project folder at ``path``: every policy and the booklet; raise PathError without a policygen.yaml."""
    if project_folder([path]) is None:
        raise PathError(f"{path}: no {PROJECT_FILE} — build single policies with render()")
    return build([path], base, out_given=out_given, formats_given=formats_given, progress=progress, executor=executor)


__all__ = ["BuildResult", "build", "build_project_folder", "cached_outputs", "project_folder"]
