"""`ipcli plans`: the list of plans — id, person, coordinator, status, unit, next deadline."""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CoordinatorOpt,
    LangOpt,
    MineOpt,
    NoCacheOpt,
    ProfileFilterOpt,
    QuietOpt,
    RedactOpt,
    RepoOpt,
    TodayOpt,
    err,
    guarded,
    note_sparse,
    parse_today,
)
from ipcli.errors import UserError
from ipcli.language.i18n import N_


class PlansFormat(StrEnum):
    table = "table"
    text = "text"
    json = "json"
    csv = "csv"


@guarded
def plans(
    mine: MineOpt = False,
    coordinator: CoordinatorOpt = None,
    profile: ProfileFilterOpt = None,
    output_format: Annotated[
        PlansFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=N_("help.plans.output_format"),
            show_default=False,
        ),
    ] = None,
    redact: RedactOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """List the plans: id, person, coordinator, status, unit and the next deadline. Plans that
    cannot be read are listed first, with the line to fix (exit 1).

    Example: ipcli plans --mine
    """
    from ipcli.language.i18n import tr, tr_n
    from ipcli.output import plans as writers
    from ipcli.reports.planlist import plan_list
    from ipcli.reports.selection import Selection, my_email
    from ipcli.store.repo import open_repo, plan_files

    the_day = parse_today(today)
    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    the_repo.prefetch(use_cache=not no_cache)
    selection = Selection(
        mine=my_email(the_repo.root) if mine else None, coordinator=coordinator, profile=profile
    )
    files = plan_files(the_repo, [], cwd)
    result = plan_list(the_repo, files, cwd, the_day, selection, redact, use_cache=not no_cache)
    if not files:
        raise UserError(
            tr("error.no_plan_files", root=the_repo.root, patterns=", ".join(the_repo.config.plans)),
            tr("error.no_plan_files.hint"),
        )
    if selection and not result.rows:
        what = _said(selection, mine)
        raise UserError(tr_n("plans.none_match.one", "plans.none_match.other", len(files), what=what))
    fmt = output_format or (PlansFormat.table if sys.stdout.isatty() else PlansFormat.text)
    writer: writers.PlansWriter = (
        writers.TableWriter(shutil.get_terminal_size().columns)
        if fmt is PlansFormat.table
        else writers.WRITERS[fmt.value]()
    )
    writer.write(result, sys.stdout)
    if not quiet:
        shown = len(result.rows) - result.unreadable
        line = tr_n("count.plans.one", "count.plans.other", shown)
        if selection:
            line = tr("plans.of", shown=line, total=len(files))
        if result.unreadable:
            line += "; " + tr("plans.could_not_read", n=result.unreadable)
        err(line)
        note_sparse(the_repo)
    raise typer.Exit(EXIT_FINDINGS if result.unreadable else EXIT_OK)


def _said(selection: object, mine: bool) -> str:
    from ipcli.reports.selection import Selection

    assert isinstance(selection, Selection)
    parts = []
    if mine:
        parts.append(f"--mine ({selection.mine})")
    if selection.coordinator:
        parts.append(f'--coordinator "{selection.coordinator}"')
    if selection.profile:
        parts.append(f'--profile "{selection.profile}"')
    return ", ".join(parts)
