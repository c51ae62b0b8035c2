"""`ipcli due` as a library call: every plan's deadlines within a window, as report rows grouped
by coordinator. Pure apart from reading the plan files; `today` is always a parameter."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ipcli.checks.results import Facts, FileResult, Item, Unread, unknown_facts
from ipcli.checks.scan import scan
from ipcli.language.calendar import Interval
from ipcli.language.fold import same
from ipcli.language.i18n import N_
from ipcli.language.text import initials
from ipcli.plan.findings import words
from ipcli.reports.selection import coordinates, is_mine
from ipcli.store.repo import Repo

# names of groups (the writers put them in words: due.no_coordinator, due.unreadable_group)
NO_COORDINATOR = "(no coordinator)"
UNREADABLE = "Plans that could not be read"  # the group of plans whose coordinator is unknown
NOT_A_PLAN = N_("due.problem.not_a_plan")  # a file's problem when the reader names none

# DueRow.flag: how a row differs from a plain deadline (the writers put it in words)
DRAFT = "draft"  # a deadline of a plan still in draft
CANNOT_READ = "cannot_read"  # the file does not read as a plan: none of its deadlines is known
MUST_FIX = "must_fix"  # the plan reads, but this value cannot be used: its deadline is unknown


class Filters(NamedTuple):
    """Which plans and items to show. All given filters must match."""

    mine: str | None = None  # an e-mail address: plans I coordinate, items I am responsible for
    coordinator: str | None = None  # a coordinator's id, e-mail or (part of the) name
    plans: tuple[str, ...] = ()
    profile: str | None = None


class DueRow(NamedTuple):
    """One line of the report (a tuple: a large caseload has tens of thousands). The first
    fields are the report's order: date, plan, rule, line."""

    days_left: int
    plan_id: str
    code: str
    line: int
    item: Item
    person: str
    coordinator_id: str | None
    coordinator: str  # the coordinator's name (or id when redacted)
    coordinator_email: str | None
    responsible: str | None  # the responsible participant's name (or id when redacted)
    file: str
    overdue: bool
    date: dt.date  # the item's date, or today for what is due at once
    names: dict[str, tuple[str, str | None]]  # the plan's participants, to name them in words
    flag: str = ""  # "", DRAFT, or for a problem in the file CANNOT_READ or MUST_FIX

    @property
    def problem(self) -> bool:
        """A finding in the file (item.what is its message, item.text its hint)."""
        return self.flag in (CANNOT_READ, MUST_FIX)

    @property
    def message(self) -> str:
        """A problem's message, as lint writes it."""
        return str(self.item.what[0])


_ORDER = operator.itemgetter(0, 1, 2, 3)  # days_left, plan, rule, line: in C, no tuple of dates


@dataclass
class DueReport:
    """The rows are kept per coordinator, each group in report order; the whole list in that
    order is made only for the formats that need it (one sort of tens of thousands of rows fewer
    for the usual, grouped view)."""

    today: dt.date
    until: dt.date
    by_coordinator: dict[str, list[DueRow]] = field(default_factory=dict)
    plans: int = 0
    closed: int = 0
    declined: int = 0  # DK: the person declined to take part; the plan is written all the same
    declined_plan: int = 0  # NO: the person declined the plan itself; no plan, no plan deadlines
    drafts: int = 0
    unreadable: list[str] = field(default_factory=list)  # files that do not read as a plan
    unusable: list[str] = field(default_factory=list)  # plans with a value that cannot be used
    # what did not read, per group: shown first, before the deadlines
    problems: dict[str, list[DueRow]] = field(default_factory=dict)
    matched: int = 0  # plans the filters matched, counted or not
    # for saying what a filter did not match: the plan ids and coordinators there are
    ids: set[str] = field(default_factory=set)
    coordinators: set[str] = field(default_factory=set)

    @functools.cached_property
    def rows(self) -> list[DueRow]:
        """Every row in report order: the problems in the files first, then date, plan, rule,
        line."""
        deadlines = sorted((r for rows in self.by_coordinator.values() for r in rows), key=_ORDER)
        return [r for _name, rows in self._problem_groups() for r in rows] + deadlines

    def _problem_groups(self) -> list[tuple[str, list[DueRow]]]:
        return [(name, self.problems[name]) for name in self._order(self.problems)]

    @staticmethod
    def _order(names: Any) -> list[str]:
        """Plans that could not be read first, then by name; plans without a coordinator last."""
        return sorted(names, key=lambda n: (n != UNREADABLE, n == NO_COORDINATOR, n.casefold()))

    @property
    def problem_count(self) -> int:
        return sum(len(rows) for rows in self.problems.values())

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.by_coordinator.values())

    @property
    def overdue(self) -> int:
        return sum(1 for rows in self.by_coordinator.values() for r in rows if r.overdue)

    def groups(self) -> list[tuple[str, list[DueRow]]]:
        """Rows per coordinator (by name; plans that could not be read first, plans without a
        coordinator last), each with its problems first, then in report order."""
        if not self.problems:  # the usual case
            order = sorted(self.by_coordinator, key=lambda name: (name == NO_COORDINATOR, name.casefold()))
            return [(name, self.by_coordinator[name]) for name in order]
        # the groups with something to fix come first, so it is seen before the deadlines
        names = self._order(self.problems) + self._order(set(self.by_coordinator) - set(self.problems))
        return [(n, self.problems.get(n, []) + self.by_coordinator.get(n, [])) for n in names]


def _plan_matches(facts: Facts, f: Filters) -> bool:
    if f.plans and facts.id not in f.plans:
        return False
    if f.profile and facts.profile != f.profile:
        return False
    # the one definition of "this coordinator" (ipcli.reports.selection), as `plans` and `lint` use
    return not (f.coordinator and not coordinates(facts, f.coordinator))


def _mine(facts: Facts, item: Item, email: str) -> bool:
    return same(facts.email_of(facts.coordinator), email) or same(facts.email_of(item.responsible), email)


def due_report(
    repo: Repo,
    files: Sequence[str | Path],
    cwd: Path,
    today: dt.date,
    within: Interval,
    filters: Filters,
    redact: bool = False,
    use_cache: bool = True,
) -> DueReport:
    """What is overdue or falls due by `today + within`, for every plan; what in a plan file
    keeps it from being read, or one of its dates from being used, comes first."""
    until = within.after(today)
    limit = until.toordinal()
    report = DueReport(today, until)
    name = repo.namer(cwd)
    filtering = bool(filters.plans or filters.profile or filters.coordinator)
    mine = filters.mine
    horizons = _Horizons(repo, today, limit)
    groups = report.by_coordinator
    today_n = today.toordinal()
    for file, result in zip(files, scan(repo, files, use_cache), strict=True):
        facts = result.facts
        items = result.items
        if filtering:
            _remember(report, facts or (result.unread.facts if result.unread else None), filters)
        if facts is None:  # not a plan for lint: report what is wrong, and what can still be read
            readable = _unread_plan(report, result, filters, name(file), today, redact)
            if readable is None:
                continue
            facts, items = readable
        else:
            if filtering and not _plan_matches(facts, filters):
                continue
            if mine and not is_mine(facts, items, mine):
                continue  # counted like --coordinator: a plan I coordinate or hold a task in
            report.matched += 1
        horizon, decline_means_no_plan = horizons.of(facts.profile)
        if _count(report, facts, decline_means_no_plan):
            continue  # closed: no deadlines
        if horizon is None:  # an unknown profile: no deadline can be worked out
            unknown = [(*facts.id_at, "IP409", f'unknown profile "{facts.profile}"', "")]
            report.unusable.append(name(file))
            _add(report.problems, _problem_rows(Unread(unknown, facts, []), today, name(file), redact, True))
            continue
        rows = _rows(items, horizon, limit, today_n, name(file), facts, redact, mine)
        if rows:
            _add(groups, rows)
    for rows in report.by_coordinator.values():
        rows.sort(key=_ORDER)
    return report


class _Horizons:
    """Per profile name, worked out once: how far ahead its items are wanted (None: an unknown
    profile, no deadline can be worked out) and whether a decline means no plan (NO)."""

    def __init__(self, repo: Repo, today: dt.date, limit: int) -> None:
        self.repo, self.today, self.limit = repo, today, limit
        self.known: dict[str, tuple[int | None, bool]] = {}

    def of(self, profile_name: str) -> tuple[int | None, bool]:
        if profile_name not in self.known:
            profile = self.repo.config.profile_named(profile_name)
            # consents are shown earlier than other items: the profile says how much
            horizon = (
                None
                if profile is None
                else max(self.limit, profile.intervals["consent_warning"].after(self.today).toordinal())
            )
            self.known[profile_name] = (horizon, profile is not None and profile.decline_means_no_plan)
        return self.known[profile_name]


def _unread_plan(
    report: DueReport, result: FileResult, filters: Filters, shown: str, today: dt.date, redact: bool
) -> tuple[Facts, list[Any]] | None:
    """A file that is not a plan for lint: its problems go to the report first; what could still
    be read of it (facts and items) when it read as far as the plan's status, else None."""
    unread = result.unread
    if unread is None:
        unread = Unread([], unknown_facts(result.path), [])
    facts, items = unread.facts, unread.items
    if not _may_match(facts, items, filters):
        return None
    report.matched += 1
    readable = bool(facts.status)  # the data read as far as the plan's status
    (report.unusable if readable else report.unreadable).append(shown)
    _add(report.problems, _problem_rows(unread, today, shown, redact, readable))
    return (facts, items) if readable else None


def _count(report: DueReport, facts: Facts, decline_means_no_plan: bool) -> bool:
    """Count a plan in the report's totals; True when it is closed (and has no deadlines)."""
    report.plans += 1
    if facts.status == "draft":
        report.drafts += 1
    if facts.status == "closed":
        report.closed += 1
        return True
    if facts.participation == "declined":
        if decline_means_no_plan:
            report.declined_plan += 1
        else:
            report.declined += 1
    return False


def summary_words(report: DueReport) -> str:
    """The line after the report: how many plans (and drafts), items and overdue ones, and the
    plans that could not be read or used, closed, or declined."""
    from ipcli.language.i18n import tr, tr_n

    drafts = tr_n("due.summary.drafts.one", "due.summary.drafts.other", report.drafts)
    parts = [
        tr_n("count.plans.one", "count.plans.other", report.plans)
        + (f" ({drafts})" if report.drafts else ""),
        tr_n("count.items.one", "count.items.other", report.count),
        tr("due.summary.overdue", n=report.overdue),
    ]
    if report.unreadable:
        n = len(report.unreadable)
        parts.append(tr_n("due.summary.unreadable.one", "due.summary.unreadable.other", n))
    if report.unusable:
        n = len(report.unusable)
        parts.append(tr_n("due.summary.unusable.one", "due.summary.unusable.other", n))
    if report.closed:
        parts.append(tr("due.summary.closed", n=report.closed))
    if report.declined_plan:
        parts.append(tr("due.summary.declined_plan", n=report.declined_plan))
    if report.declined:
        parts.append(tr("due.summary.declined", n=report.declined))
    return "; ".join(parts)


def _add(groups: dict[str, list[DueRow]], rows: list[DueRow]) -> None:
    """Rows of one plan to their coordinator's group."""
    if not rows:
        return
    group = rows[0].coordinator
    if group in groups:
        groups[group] += rows
    else:
        groups[group] = rows


def _remember(report: DueReport, facts: Facts | None, f: Filters) -> None:
    """The plan ids and coordinators there are, to say what a filter did not match."""
    if facts is None:
        return
    if f.plans:
        report.ids.add(facts.id)
    if f.coordinator and facts.coordinator:
        report.coordinators.add(facts.name_of(facts.coordinator) or facts.coordinator)


def _may_match(facts: Facts, items: list[tuple[Any, ...]], f: Filters) -> bool:
    """Filters on a plan that did not read cleanly: what could not be read does not exclude it
    (a problem hidden by a filter would be one nobody sees)."""
    if f.plans and facts.id not in f.plans:
        return False
    if f.profile and facts.profile and facts.profile != f.profile:
        return False
    known = facts.coordinator is not None and facts.coordinator in facts.participants
    if f.coordinator and known and not _plan_matches(facts, Filters(coordinator=f.coordinator)):
        return False
    return not (f.mine and known and not is_mine(facts, items, f.mine))


def _problem_rows(unread: Unread, today: dt.date, shown: str, redact: bool, readable: bool) -> list[DueRow]:
    """One row per finding that keeps the file from reading cleanly, under its coordinator when
    that could be read, else under UNREADABLE. Redacted, the rule's title replaces the message
    (a message may quote the plan)."""
    facts = unread.facts
    cid = facts.coordinator
    known = cid is not None and cid in facts.participants
    coordinator = UNREADABLE
    if known:
        coordinator = (cid if redact else facts.name_of(cid)) or NO_COORDINATOR
    email = None if redact or not known else facts.email_of(cid)
    person = initials(facts.person) if redact and facts.person else facts.person
    problems = unread.problems or [(1, 1, "IP002", NOT_A_PLAN, "")]
    flag = MUST_FIX if readable else CANNOT_READ
    rows = []
    for line, col, code, message, hint in problems:
        if redact:
            from ipcli.plan.codes import CODES

            message, hint = CODES[code].title_words(), ""
        else:  # stored as a key and values: the words of this run's language
            message, hint = words(message), words(hint)
        item = Item(code, 0, (message,), hint or None, None, line, col)  # the message as written
        rows.append(
            DueRow(
                0,
                facts.id,
                code,
                line,
                item,
                person,
                cid,
                coordinator,
                email,
                None,
                shown,
                False,
                today,
                facts.participants,
                flag,
            )
        )
    return rows


def _rows(
    items: list[tuple[Any, ...]],
    horizon: int,
    limit: int,
    today_n: int,
    shown: str,
    facts: Facts,
    redact: bool,
    mine: str | None,
) -> list[DueRow]:
    """The report rows of one plan's stored items: those due by `limit`, and consents (IP307)
    by `horizon`. One loop, no call per row: a large caseload has tens of thousands."""
    make = tuple.__new__  # NamedTuples from plain tuples, without their Python-level __new__
    due = [make(Item, i) for i in items if not i[1] or i[1] <= horizon]
    if not due:
        return []
    # what is the same for all the plan's rows is worked out once
    person = initials(facts.person) if redact else facts.person
    plan_id, coordinator_id, names = facts.id, facts.coordinator, facts.participants
    coordinator = (coordinator_id if redact else facts.name_of(coordinator_id)) or NO_COORDINATOR
    email = None if redact else facts.email_of(coordinator_id)
    flag = DRAFT if facts.status == "draft" else ""
    rows = []
    for item in due:
        code, day, _, _, resp, line, _ = item
        if day > limit and code != "IP307":  # day 0 (due at once) is never > limit
            continue
        if mine and not _mine(facts, item, mine):
            continue
        if not redact and resp is not None and resp in names:
            resp = names[resp][0]
        at = day or today_n
        rows.append(
            make(
                DueRow,
                (
                    at - today_n,
                    plan_id,
                    code,
                    line,
                    item,
                    person,
                    coordinator_id,
                    coordinator,
                    email,
                    resp,
                    shown,
                    day < today_n,
                    _date(at),
                    names,
                    flag,
                ),
            )
        )
    return rows


@functools.lru_cache(maxsize=4096)  # tens of thousands of rows fall on a few hundred days
def _date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)
