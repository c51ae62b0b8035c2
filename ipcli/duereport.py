"""`ipcli due` as a library call: every plan's deadlines within a window, as report rows grouped
by coordinator. Pure apart from reading the plan files; `today` is always a parameter."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ipcli.calendar import Interval
from ipcli.redact import initials
from ipcli.repo import Repo
from ipcli.results import Facts, Item
from ipcli.scan import scan
from ipcli.selection import is_mine

NO_COORDINATOR = "(no coordinator)"


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
    unreadable: list[str] = field(default_factory=list)

    @functools.cached_property
    def rows(self) -> list[DueRow]:
        """Every row in report order: date, plan, rule, line."""
        return sorted((r for rows in self.by_coordinator.values() for r in rows), key=_ORDER)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.by_coordinator.values())

    @property
    def overdue(self) -> int:
        return sum(1 for rows in self.by_coordinator.values() for r in rows if r.overdue)

    def groups(self) -> list[tuple[str, list[DueRow]]]:
        """Rows per coordinator (by name; plans without one last), each in report order."""
        order = sorted(self.by_coordinator, key=lambda name: (name == NO_COORDINATOR, name.casefold()))
        return [(name, self.by_coordinator[name]) for name in order]


def git_user_email(root: Path) -> str | None:
    """git's user.email for this repository (what `--mine` matches), or None."""
    try:
        out = subprocess.run(
            ["git", "config", "user.email"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def _plan_matches(facts: Facts, f: Filters) -> bool:
    if f.plans and facts.id not in f.plans:
        return False
    if f.profile and facts.profile != f.profile:
        return False
    if f.coordinator:
        cid = facts.coordinator
        if cid is None or cid not in facts.participants:
            return False
        name, email = facts.participants[cid]
        wanted = f.coordinator.casefold()
        if not (_same(cid, wanted) or _same(email, wanted) or wanted in name.casefold()):
            return False
    return True


def _mine(facts: Facts, item: Item, email: str) -> bool:
    return _same(facts.email_of(facts.coordinator), email) or _same(facts.email_of(item.responsible), email)


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
    """What is overdue or falls due by `today + within`, for every readable plan."""
    until = within.after(today)
    limit = until.toordinal()
    report = DueReport(today, until)
    name = repo.namer(cwd)
    filtering = bool(filters.plans or filters.profile or filters.coordinator)
    mine = filters.mine
    profiles: dict[str, int | None] = {}  # profile name -> how far ahead its items are wanted
    declines: dict[str, bool] = {}  # profile name -> a decline means no plan (NO)
    groups = report.by_coordinator
    today_n = today.toordinal()
    for file, result in zip(files, scan(repo, files, use_cache), strict=True):
        facts = result.facts
        if facts is None:
            report.unreadable.append(name(file))
            continue
        if filtering and not _plan_matches(facts, filters):
            continue
        if mine and not is_mine(facts, result.items, mine):
            continue  # counted like --coordinator: a plan I coordinate or hold a task in
        report.plans += 1
        if facts.status == "closed":
            report.closed += 1
            continue
        if facts.profile not in profiles:
            profile = repo.config.profile_named(facts.profile)
            declines[facts.profile] = profile is not None and profile.decline_means_no_plan
            # consents are shown earlier than other items: the profile says how much
            profiles[facts.profile] = (
                None
                if profile is None
                else max(limit, profile.intervals["consent_warning"].after(today).toordinal())
            )
        if facts.participation == "declined":
            if declines[facts.profile]:
                report.declined_plan += 1
            else:
                report.declined += 1
        horizon = profiles[facts.profile]
        if horizon is None:
            report.unreadable.append(name(file))
            continue
        rows = _rows(result.items, horizon, limit, today_n, name(file), facts, redact, mine)
        if rows:
            group = rows[0].coordinator
            if group in groups:
                groups[group] += rows
            else:
                groups[group] = rows
    for rows in report.by_coordinator.values():
        rows.sort(key=_ORDER)
    return report


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
                ),
            )
        )
    return rows


@functools.lru_cache(maxsize=4096)  # tens of thousands of rows fall on a few hundred days
def _date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)
