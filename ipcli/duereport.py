"""`ipcli due` as a library call: every plan's deadlines within a window, as report rows grouped
by coordinator. Pure apart from reading the plan files; `today` is always a parameter."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ipcli.calendar import Interval
from ipcli.repo import Repo
from ipcli.results import Facts, Item
from ipcli.scan import scan

NO_COORDINATOR = "(no coordinator)"


@dataclass(frozen=True, slots=True)
class Filters:
    """Which plans and items to show. All given filters must match."""

    mine: str | None = None  # an e-mail address: plans I coordinate, items I am responsible for
    coordinator: str | None = None  # a coordinator's id, e-mail or (part of the) name
    plans: tuple[str, ...] = ()
    profile: str | None = None


@dataclass(frozen=True, slots=True)
class DueRow:
    item: Item
    plan_id: str
    person: str
    coordinator_id: str | None
    coordinator: str  # the coordinator's name (or id when redacted)
    coordinator_email: str | None
    responsible: str | None  # the responsible participant's name (or id when redacted)
    file: str
    line: int
    overdue: bool
    days_left: int
    date: dt.date  # the item's date, or today for what is due at once


@dataclass(slots=True)
class DueReport:
    today: dt.date
    until: dt.date
    rows: list[DueRow] = field(default_factory=list)
    plans: int = 0
    closed: int = 0
    declined: int = 0
    unreadable: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    def groups(self) -> list[tuple[str, list[DueRow]]]:
        """Rows per coordinator (by name; plans without one last), each sorted by date."""
        by: dict[str, list[DueRow]] = {}
        for row in self.rows:
            by.setdefault(row.coordinator, []).append(row)
        order = sorted(by, key=lambda name: (name == NO_COORDINATOR, name.casefold()))
        return [(name, sorted(by[name], key=lambda r: (r.date, r.plan_id))) for name in order]


def initials(name: str) -> str:
    return "".join(part[0].upper() + "." for part in name.split() if part[:1].isalpha()) or "?"


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
    files: list[Path],
    cwd: Path,
    today: dt.date,
    within: Interval,
    filters: Filters,
    redact: bool = False,
    use_cache: bool = True,
) -> DueReport:
    """What is overdue or falls due by `today + within`, for every readable plan."""
    until = within.after(today)
    report = DueReport(today, until)
    for file, result in zip(files, scan(repo, files, use_cache), strict=True):
        shown = repo.shown(file, cwd)
        facts = result.facts
        if facts is None:
            report.unreadable.append(shown)
            continue
        if not _plan_matches(facts, filters):
            continue
        report.plans += 1
        if facts.status == "closed":
            report.closed += 1
            continue
        if facts.participation == "declined":
            report.declined += 1  # deadlines still apply: the plan is written all the same
        profile = repo.config.profile_named(facts.profile)
        if profile is None:
            report.unreadable.append(shown)
            continue
        consent_until = max(until, profile.intervals["consent_warning"].after(today))
        for item in result.items:
            if not item.is_due(consent_until if item.code == "IP307" else until):
                continue
            if filters.mine and not _mine(facts, item, filters.mine):
                continue
            report.rows.append(_row(shown, facts, item, today, redact))
    report.rows.sort(key=lambda r: (r.date, r.plan_id, r.item.code))
    return report


def _row(shown: str, facts: Facts, item: Item, today: dt.date, redact: bool) -> DueRow:
    def name(pid: str | None) -> str | None:
        return pid if redact else facts.name_of(pid)

    return DueRow(
        item=item,
        plan_id=facts.id,
        person=initials(facts.person) if redact else facts.person,
        coordinator_id=facts.coordinator,
        coordinator=name(facts.coordinator) or NO_COORDINATOR,
        coordinator_email=None if redact else facts.email_of(facts.coordinator),
        responsible=name(item.responsible),
        file=shown,
        line=item.line,
        overdue=item.date is None or item.date < today,
        days_left=item.days_left(today),
        date=item.date or today,
    )
