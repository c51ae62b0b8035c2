"""Deadlines as lint findings: the engine's items that are due by today, and records of what
happened that are dated after today."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ipcli.checks.results import FileResult, describe
from ipcli.deadlines.words import names_people
from ipcli.language import i18n
from ipcli.language.dateforms import long_date
from ipcli.language.i18n import N_, tr, tr_n
from ipcli.plan.codes import SEVERITY
from ipcli.plan.findings import Finding, said

if TYPE_CHECKING:
    from pathlib import Path

    from ipcli.checks.load import LoadedPlan
    from ipcli.config import Config
    from ipcli.plan.model import Path_, Plan


def due_findings(
    result: FileResult, shown: str, today: dt.date, redact: bool = False, lang: str | None = None
) -> list[Finding]:
    """In `lang` (default: the run's language). Redacted: the action and ids only, without the
    goal's or measure's own words."""
    today_n = today.toordinal()
    make = tuple.__new__  # a Finding without NamedTuple's Python-level __new__ (thousands per run)
    out = []
    lang = lang or i18n.current()
    names = result.facts.participants if result.facts is not None else None
    memo = _memo(today_n, lang, redact)  # the same message recurs across plans: made once
    for code, day, what, text, _, line, col in [i for i in result.items if i[1] <= today_n]:
        key = (day, what, text)
        message = memo.get(key)
        if message is None:
            message = f"{_when(day, today_n, lang)}: {describe(what, text, redact, names, lang)}"
            if not names_people(what):
                if len(memo) > 100_000:  # a language server runs for days: keep it bounded
                    memo.clear()
                memo[key] = message
        # the identity: the item's key and values (ids, dates), not the day count nor any words
        out.append(make(Finding, (shown, line, col, code, SEVERITY[code], message, "", what)))
    return out


@functools.lru_cache(maxsize=8)
def _memo(today: int, lang: str, redact: bool) -> dict[tuple[object, ...], str]:
    """Messages of deadline findings made so far in this run, for one day, language and mode."""
    return {}


def future_findings(
    result: FileResult, root: Path, shown: str, config: Config, today: dt.date
) -> list[Finding]:
    """IP312: an evaluation, revision or consent dated after today; a meeting, which may be
    planned, more than a year after. From the stored result when today is after every record
    but the latest (FileResult.future); else the file is read again for all of them (rare: a
    plan with several records dated after today)."""
    today_n = today.toordinal()
    if result.future_until < today_n:
        return [
            Finding(shown, line, col, "IP312", SEVERITY["IP312"], message, hint)
            for until, line, col, message, hint in result.future
            if until >= today_n
        ]
    from ipcli.checks.load import load_file

    return future_in(load_file(root / result.path, shown, config.limits), today)


def future_in(loaded: LoadedPlan, today: dt.date) -> list[Finding]:
    """IP312 in a loaded plan (a file read again, or an editor's text)."""
    if loaded.plan is None:
        return []
    today_n = today.toordinal()
    return [future_finding(loaded, record) for record in happened(loaded.plan) if record[0] >= today_n]


def future_finding(loaded: LoadedPlan, record: tuple[int, dt.date, Path_, str, str]) -> Finding:
    """IP312 for one record of what happened (see analysis.happened), as if dated after today."""
    until, date, at, key, ident = record
    planned = date.toordinal() - 1 != until  # a meeting, recorded ahead when agreed
    hint = said("lint.IP312.year") if planned else said("lint.IP312.hint")
    # English keeps the ISO date it has always shown; the other languages their own form
    return loaded.finding("IP312", at, said(key, id=ident, date=date, iso=date.isoformat()), hint)


@functools.lru_cache(maxsize=4096)  # a few hundred distinct days across a caseload
def _when(day: int, today: int, lang: str) -> str:
    """How late an item is: day is its date's ordinal, 0 when the plan gives no date."""
    if not day:
        return tr("lint.due.now", lang)
    late = today - day
    if late == 0:
        return tr("lint.due.today", lang)
    date = long_date(dt.date.fromordinal(day), lang)
    return tr_n("lint.due.overdue.one", "lint.due.overdue.other", late, lang, date=date)


# meetings are also recorded ahead, when agreed: one is wrong only this far ahead
_PLANNED_AHEAD = 366
# IP312's message for each kind of record (a sentence each, for the translators)
_MEETINGS = {
    "plan_meeting": N_("lint.IP312.plan_meeting"),
    "staff_meeting": N_("lint.IP312.staff_meeting"),
    "cooperation": N_("lint.IP312.cooperation"),
    "municipality": N_("lint.IP312.municipality"),
    "revision": N_("lint.IP312.revision_meeting"),
}


def happened(plan: Plan) -> Iterator[tuple[int, dt.date, Path_, str, str]]:
    """Dated records of what has happened, for IP312: (the last day on which the date is still
    in the future, as an ordinal; the date; where; the message key; the record's id)."""
    for _theme, goal in plan.goals():
        for e in goal.evaluations:
            yield e.date.toordinal() - 1, e.date, (*e.at, "date"), N_("lint.IP312.goal"), goal.id
        for sub in goal.subgoals:  # sub-goals are evaluated like goals (seed 002)
            for e in sub.evaluations:
                yield e.date.toordinal() - 1, e.date, (*e.at, "date"), N_("lint.IP312.subgoal"), sub.id
    for r in plan.revisions:
        yield r.date.toordinal() - 1, r.date, (*r.at, "date"), N_("lint.IP312.revision"), ""
    for c in plan.consents:
        yield c.date.toordinal() - 1, c.date, (*c.at, "date"), N_("lint.IP312.consent"), c.id
    for m in plan.meetings:
        key = _MEETINGS.get(m.kind, N_("lint.IP312.meeting"))
        yield m.date.toordinal() - _PLANNED_AHEAD - 1, m.date, (*m.at, "date"), key, ""
