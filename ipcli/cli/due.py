"""`ipcli due`: the weekly report of what is overdue or falls due soon, per coordinator."""

from __future__ import annotations

from typing import Annotated

import typer

from ipcli.cli.common import (
    CoordinatorOpt,
    LangOpt,
    NoCacheOpt,
    NoColorOpt,
    OutputOpt,
    ProfileFilterOpt,
    QuietOpt,
    RepoOpt,
    TodayOpt,
    VerboseOpt,
    guarded,
)
from ipcli.cli.duerun import DueFormat, FailOn
from ipcli.language.i18n import N_


@guarded
def due(
    within: Annotated[str, typer.Option("--within", "-w", help=N_("help.due.within"))] = "30 days",
    mine: Annotated[
        bool,
        typer.Option(
            "--mine",
            help=N_("help.due.mine"),
        ),
    ] = False,
    coordinator: CoordinatorOpt = None,
    plan: Annotated[
        list[str] | None,
        typer.Option("--plan", "-p", help=N_("help.due.plan"), show_default=False),
    ] = None,
    profile: ProfileFilterOpt = None,
    output_format: Annotated[
        DueFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=N_("help.due.output_format"),
            show_default=False,
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option("--redact", help=N_("help.due.redact")),
    ] = False,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help=N_("help.due.fail_on"),
        ),
    ] = FailOn.never,
    lang: LangOpt = None,
    output: OutputOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    no_color: NoColorOpt = False,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """What is overdue, and what falls due within --within, grouped by coordinator.

    Every deadline rule counts: plan work started, plan ready for the first meeting, yearly
    revision, the plan's own revision date, measures, goal evaluations, consents, coordinator,
    plan period, the yearly municipality meeting, stale plans. Closed plans have no deadlines.
    Calendar files (--format ics) hold plan ids and actions only: no names, no plan text.

    On a terminal the report fits its width. Below 120 columns each item takes two lines:

    \b
      2026-11-20  3 days overdue    p-0107  Anne Sørensen            p-0107.yaml:176
          evaluate the goal "Komme i strikkeklubben igen hver torsdag."

    From 120 columns, one line per item with the whole path. Lines break only between words.
    Piped, one line per item (COLUMNS=80 sets a width for a pipe too).

    A plan file that cannot be read, or a date in it that cannot be used, comes first, under its
    coordinator (else under "Plans that could not be read"), in every format, and makes due
    exit 1; every other deadline of the plan is still shown:

    \b
      2026-11-23  must be fixed     p-0042  Ola Nordmann          p-0042.yaml:145:18
          "2026-13-01" is not a real date — what depends on it is not shown until it
          is fixed
      2026-11-23  cannot be read    p-0113  Karl Mikkelsen        p-0113.yaml:32:1
          unresolved merge conflict — none of this plan's deadlines can be shown
          until it is fixed

    A filter that matches no plan exits 2 and says what did not match. Drafts' deadlines are
    marked "draft:".

    Example: ipcli due --repo examples --today 2026-11-23
    """
    from ipcli.cli.duerun import due as run

    run(
        typer.Exit,
        within=within,
        mine=mine,
        coordinator=coordinator,
        plan=plan,
        profile=profile,
        output_format=output_format,
        redact=redact,
        fail_on=fail_on,
        lang=lang,
        output=output,
        repo=repo,
        today=today,
        no_color=no_color,
        no_cache=no_cache,
        quiet=quiet,
        verbose=verbose,
    )
