"""The run of `ipcli lint`, without Typer: the Typer command (ipcli.cli.lint) and the quick path
of a plain command line (ipcli.cli.quick) both end here, so they cannot differ."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from ipcli.cli.runtime import EXIT_FINDINGS, EXIT_OK, err, note_sparse, parse_today, use_color, verdict


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    gitlab = "gitlab"


def lint(
    stop: Callable[[int], BaseException],
    paths: list[Path] | None = None,
    output_format: LintFormat | None = None,
    lang: str | None = None,
    repo: Path | None = None,
    today: str | None = None,
    no_color: bool = False,
    no_cache: bool = False,
    redact: bool | None = None,
    mine: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> None:
    """Check the plans; the run ends with `stop(exit code)` (typer.Exit, or runtime.Exit)."""
    from ipcli.checks.lint import lint as run_lint
    from ipcli.output.findings import REPORTERS, summary
    from ipcli.plan.findings import fails
    from ipcli.store.repo import open_repo, plan_files

    the_day = parse_today(today)
    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd, near=paths[0] if paths else None)
    the_repo.prefetch(use_cache=not no_cache)
    files = plan_files(the_repo, list(paths or []), cwd)
    if mine:
        from ipcli.reports.selection import Selection, my_email, select_files

        files = select_files(the_repo, files, Selection(mine=my_email(the_repo.root)), not no_cache)
    if not files:
        if not quiet:
            from ipcli.language.i18n import tr

            err(tr("error.no_plan_files", root=the_repo.root, patterns=", ".join(the_repo.config.plans)))
        raise stop(EXIT_OK)
    if verbose:
        from ipcli.language.i18n import tr, tr_n

        counted = tr_n("count.plan_files.one", "count.plan_files.other", len(files))
        err(tr("lint.verbose", root=the_repo.root, files=counted))
    hide = bool(os.environ.get("CI")) if redact is None else redact
    from ipcli.cli.progress import progress_shown

    with progress_shown(quiet):  # a cold run over thousands of plans takes seconds
        result = run_lint(the_repo, files, cwd, the_day, use_cache=not no_cache, redact=hide)
    if output_format is None:
        output_format = LintFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else LintFormat.text
    reporter = REPORTERS[output_format.value](use_color(no_color))
    code = EXIT_FINDINGS if fails(result.findings) else EXIT_OK
    verdict(code)  # before writing: see verdict
    reporter.report(result.findings, result.files_checked, sys.stdout, result.checked)
    if not quiet:
        err(summary(result.findings, result.files_checked))
        note_sparse(the_repo, paths)
    raise stop(code)
