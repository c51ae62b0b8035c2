"""`ipcli stats`: the 'active individual plan' indicator and its parts, per group."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcli.cli.common import (
    LangOpt,
    MineOpt,
    NoCacheOpt,
    OutputOpt,
    RedactOpt,
    RepoOpt,
    TodayOpt,
    checked_output,
    err,
    guarded,
    note_sparse,
    parse_today,
    write_checked,
)
from ipcli.language.i18n import N_


class By(StrEnum):
    coordinator = "coordinator"
    unit = "unit"
    profile = "profile"


class StatsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


COLUMNS = (
    "group",
    "plans",
    "active_ip",
    "active_ip_share",
    "coordinator_appointed",
    "work_started",
    "in_active_use",
    "evaluated_on_time",
    "declined",
    "not_started",
    "closed",
    "evaluations_on_time",
    "evaluations_late",
    "evaluations_on_time_share",
)


@guarded
def stats(
    by: Annotated[By, typer.Option("--by", help=N_("help.stats.by"))] = By.coordinator,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", "-f", help=N_("help.stats.output_format"))
    ] = StatsFormat.table,
    redact: RedactOpt = False,
    mine: MineOpt = False,
    lang: LangOpt = None,
    output: OutputOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
    recipients: Annotated[
        int | None,
        typer.Option("--recipients", min=1, help=N_("help.stats.recipients"), show_default=False),
    ] = None,
) -> None:
    """The indicator of active individual plans: coordinator appointed, plan work started, in active
    use (something recorded within the stale interval) and evaluated on time — per group, with
    counts of declined, not-started and closed plans. Counts only: no names of persons (with
    --redact, coordinators are shown by participant id, not by name).

    Example: ipcli stats --by unit --format html > indicators.html
    """
    from ipcli.reports.stats import compute
    from ipcli.store.repo import configured_plans, open_repo

    the_repo = open_repo(repo, Path.cwd())
    checked, written = checked_output(output, Path.cwd(), the_repo)  # before the work
    the_repo.prefetch(use_cache=not no_cache)
    files = configured_plans(the_repo)
    if mine:
        from ipcli.reports.selection import Selection, my_email, select_files

        files = select_files(the_repo, files, Selection(mine=my_email(the_repo.root)), not no_cache)
    from ipcli.cli.progress import progress_shown

    with progress_shown():  # cold, over thousands of plans, this takes seconds
        result = compute(the_repo, files, parse_today(today), by.value, not no_cache, redact=redact)
    rows = [g.to_dict() for g in result.groups] + [result.total().to_dict()]
    _recipients(rows, by.value, the_repo.config.stats_recipients, recipients)
    cut = None
    if result.history_starts is not None:  # a shallow clone: say so in every format
        from ipcli.language import i18n
        from ipcli.language.dateforms import long_date

        cut = i18n.tr("stats.shallow", date=long_date(result.history_starts, i18n.current()))
        err("ipcli: " + cut)
    note_sparse(the_repo)
    out = sys.stdout if checked is None else written
    if output_format is StatsFormat.json:
        json.dump(
            {
                "version": 1,
                "today": result.today.isoformat(),
                "by": by.value,
                "since": result.since.isoformat(),
                "groups": rows[:-1],
                "total": rows[-1],
                "unreadable": result.unreadable,
                "not_counted": [
                    {"file": f, "line": line, "col": col, "code": code, "message": message}
                    for f, line, col, code, message in result.not_counted
                ],
                "history_starts": result.history_starts.isoformat() if result.history_starts else None,
            },
            out,
            ensure_ascii=False,
            indent=1,
        )
        out.write("\n")
    elif output_format is StatsFormat.csv:
        from ipcli.output.csvfile import CsvRows

        writer = CsvRows(out)  # a coordinator's name or a unit folder is text: never a formula
        writer.row((*COLUMNS, "note"))
        for row in rows:
            writer.row([*(row[c] for c in COLUMNS), ""])
        for why in result.not_counted:  # a row each, so a spreadsheet shows what is missing
            writer.row([NOT_COUNTED, *([""] * (len(COLUMNS) - 1)), _why(why)])
        if cut:  # a shallow clone: the evaluations are counted from where its history starts
            writer.row([HISTORY, *([""] * (len(COLUMNS) - 1)), cut])
    elif output_format is StatsFormat.html:
        from ipcli.output.stats import html

        out.write(html(rows, result.today, by.value, [_why(w) for w in result.not_counted], note=cut))
    else:
        from ipcli.output.stats import recipients_lines, text

        out.write(text(rows, result.today, by.value))
        out.write(recipients_lines(rows))
        if cut:
            out.write(f"\n{cut}\n")
        if result.not_counted:
            out.write(f"\n{_not_counted_line(len(result.not_counted))}:\n")
            out.write("".join(f"  {_why(w)}\n" for w in result.not_counted))
    if checked is not None:
        write_checked(checked, written.getvalue(), the_repo)


def _recipients(rows: list[dict[str, object]], by: str, known: Mapping[str, int], total: int | None) -> None:
    """The share of service recipients who have a plan (seed 004: "andel med individuell plan"):
    the plans counted over the recipients given, per unit from ipcli.toml's [stats] recipients,
    in all from --recipients, else ipcli.toml's whole number, else the units' sum."""
    units = {k: n for k, n in known.items() if k}
    for row in rows[:-1]:
        n = units.get(str(row["group"])) if by == "unit" else None
        row["recipients"], row["plan_share"] = n, _share(row["plans"], n)
    whole = total or known.get("") or (sum(units.values()) if units and by == "unit" else None)
    rows[-1]["recipients"], rows[-1]["plan_share"] = whole, _share(rows[-1]["plans"], whole)


def _share(plans: object, recipients: int | None) -> float | None:
    return round(int(str(plans)) / recipients, 3) if recipients else None


NOT_COUNTED = "(not counted)"
HISTORY = "(history)"


def _not_counted_line(n: int) -> str:
    from ipcli.language.i18n import tr_n

    return tr_n("stats.not_counted.one", "stats.not_counted.other", n)


def _why(why: tuple[str, int, int, str, str]) -> str:
    file, line, col, code, message = why
    return f"{file}:{line}:{col}: {code} {message}"
