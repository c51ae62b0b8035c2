"""The run of `ipcli due`, without Typer: the Typer command (ipcli.cli.due) and the quick path
of a plain command line (ipcli.cli.quick) both end here, so they cannot differ."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from ipcli.cli.runtime import (
    EXIT_FINDINGS,
    EXIT_OK,
    checked_output,
    err,
    note_sparse,
    parse_today,
    use_color,
    verdict,
    write_checked,
)
from ipcli.errors import UserError
from ipcli.language.i18n import tr

if TYPE_CHECKING:
    from ipcli.reports.duereport import DueReport
    from ipcli.store.repo import Repo


class DueFormat(StrEnum):
    table = "table"
    text = "text"
    json = "json"
    csv = "csv"
    md = "md"
    ics = "ics"


class FailOn(StrEnum):
    overdue = "overdue"
    never = "never"


def _width(fmt: DueFormat) -> int | None:
    """A table fits the terminal; text is as wide as COLUMNS says, or has no limit (a pipe)."""
    if fmt is DueFormat.table:
        from ipcli.output.due import terminal_width

        return terminal_width()
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def due(
    stop: Callable[[int], BaseException],
    within: str = "30 days",
    mine: bool = False,
    coordinator: str | None = None,
    plan: list[str] | None = None,
    profile: str | None = None,
    output_format: DueFormat | None = None,
    redact: bool = False,
    fail_on: FailOn = FailOn.never,
    lang: str | None = None,
    output: Path | None = None,
    repo: Path | None = None,
    today: str | None = None,
    no_color: bool = False,
    no_cache: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> None:
    """The report; the run ends with `stop(exit code)` (typer.Exit, or runtime.Exit)."""
    from ipcli.language.calendar import parse_interval
    from ipcli.output import due as writers
    from ipcli.reports.duereport import Filters, due_report
    from ipcli.store.identity import git_user_email
    from ipcli.store.repo import open_repo, plan_files

    the_day = parse_today(today)
    try:
        window = parse_interval(within)
    except ValueError as e:
        raise UserError(f"--within: {e}") from None
    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    checked, written = checked_output(output, cwd, the_repo)  # before the work: a plan file, .git …
    the_repo.prefetch(use_cache=not no_cache)
    email = None
    if mine:
        email = git_user_email(the_repo.root)
        if email is None:
            raise UserError(tr("error.mine_no_email"), tr("error.mine_no_email.hint"))
    if profile is not None:
        _known_profile(the_repo, profile)
    files = plan_files(the_repo, [], cwd)
    if not files:
        raise UserError(
            tr("due.no_plans", root=the_repo.root, globs=", ".join(the_repo.config.plans)),
            tr("due.no_plans.hint"),
        )
    filters = Filters(mine=email, coordinator=coordinator, plans=tuple(plan or ()), profile=profile)
    report = due_report(the_repo, files, cwd, the_day, window, filters, redact, use_cache=not no_cache)
    if (coordinator or plan or profile or email) and not report.matched:
        raise UserError(*_no_match(report, coordinator, plan or [], profile, email))
    fmt = output_format or (DueFormat.table if checked is None and sys.stdout.isatty() else DueFormat.text)
    writer = writers.WRITERS[fmt.value](redact, checked is None and use_color(no_color), _width(fmt))
    # a plan that does not read is a finding whatever --fail-on says: its deadlines are unknown
    failing = bool(report.problems) or (fail_on is FailOn.overdue and report.overdue > 0)
    verdict(EXIT_FINDINGS if failing else EXIT_OK)  # before writing: see verdict
    writer.write(report, sys.stdout if checked is None else written)
    if checked is not None:
        write_checked(checked, written.getvalue(), the_repo)
    if not quiet:
        from ipcli.reports.duereport import summary_words

        summary = summary_words(report)
        if sys.stderr.isatty():  # a terminal: break the line between words, as the report does
            from ipcli.output.due import terminal_width
            from ipcli.output.layout import wrap

            summary = "\n".join(wrap(summary, terminal_width()))
        err(summary)
        if report.problems:
            err("ipcli: " + tr("due.fix_first"))
        note_sparse(the_repo)
    if verbose:
        err(f"repository: {the_repo.root}")
    failed = failing
    raise stop(EXIT_FINDINGS if failed else EXIT_OK)


def _known_profile(repo: Repo, profile: str) -> None:
    if repo.config.profile_named(profile) is not None:
        return
    import difflib

    from ipcli.plan.profiles import BUILTIN

    close = difflib.get_close_matches(profile, sorted(BUILTIN), n=1)
    raise UserError(
        tr("due.no_profile.close", profile=profile, close=close[0])
        if close
        else tr("due.no_profile", profile=profile),
        tr("due.no_profile.hint", profiles=", ".join(sorted(BUILTIN))),
    )


def _no_match(
    report: DueReport, coordinator: str | None, plans: list[str], profile: str | None, mine: str | None
) -> tuple[str, str]:
    """Which filter matched nothing, and what there is instead (an empty report is no all-clear)."""
    if mine and not (coordinator or plans or profile):
        return (tr("due.no_match.mine", email=mine), tr("due.no_match.mine.hint"))
    missing = [p for p in plans if p not in report.ids]
    if missing:
        return (tr("due.no_match.plan", plans=", ".join(missing)), tr("due.no_match.plan.hint"))
    from ipcli.language.fold import loose

    if coordinator and not any(loose(coordinator) in loose(c) for c in report.coordinators):
        names = sorted(report.coordinators, key=str.casefold)
        return (
            tr("due.no_match.coordinator", name=coordinator),
            tr("due.no_match.coordinator.hint", names=", ".join(names))
            if names
            else tr("due.no_match.coordinator.none"),
        )
    given = [
        f"--coordinator {coordinator}" if coordinator else "",
        " ".join(f"--plan {p}" for p in plans),
        f"--profile {profile}" if profile else "",
        "--mine" if mine else "",
    ]
    return (
        tr("due.no_match.all", given=tr("due.no_match.and").join(g for g in given if g)),
        tr("due.no_match.all.hint"),
    )
