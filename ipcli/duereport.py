"""`ipcli due` as a library call: every plan's deadlines within a window, as report rows grouped
by coordinator. Pure apart from reading the plan files; `today` is always a parameter."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ipcli.calendar import Interval
from ipcli.due import DueItem, deadlines
from ipcli.load import LoadedPlan, load_all
from ipcli.model import Participant, Plan
from ipcli.repo import Repo

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
    item: DueItem
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

    @property
    def date(self) -> dt.date:
        return self.item.date


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


def _plan_matches(plan: Plan, f: Filters) -> bool:
    if f.plans and plan.id not in f.plans:
        return False
    if f.profile and plan.profile != f.profile:
        return False
    if f.coordinator:
        c = plan.participant(plan.coordinator) if plan.coordinator else None
        wanted = f.coordinator.casefold()
        if c is None or not (_same(c.id, wanted) or _same(c.email, wanted) or wanted in c.name.casefold()):
            return False
    return True


def _mine(plan: Plan, item: DueItem, email: str) -> bool:
    c = plan.participant(plan.coordinator) if plan.coordinator else None
    r = plan.participant(item.responsible) if item.responsible else None
    return (c is not None and _same(c.email, email)) or (r is not None and _same(r.email, email))


def _name(p: Participant | None, pid: str | None, redact: bool) -> str | None:
    if pid is None:
        return None
    if p is None or redact:
        return pid
    return p.name


def due_report(
    repo: Repo,
    files: list[Path],
    cwd: Path,
    today: dt.date,
    within: Interval,
    filters: Filters,
    redact: bool = False,
) -> DueReport:
    """What is overdue or falls due by `today + within`, for every readable plan."""
    until = within.after(today)
    report = DueReport(today, until)
    for loaded in load_all(repo, files, cwd):
        plan = loaded.plan
        if plan is None:
            report.unreadable.append(loaded.shown)
            continue
        if not _plan_matches(plan, filters):
            continue
        report.plans += 1
        if plan.status == "closed":
            report.closed += 1
            continue
        if plan.participation == "declined":
            report.declined += 1  # deadlines still apply: the plan is written all the same
        profile = repo.config.profile_named(plan.profile)
        if profile is None:
            report.unreadable.append(loaded.shown)
            continue
        consent_until = max(until, profile.intervals["consent_warning"].after(today))
        for item in deadlines(plan, profile, today):
            limit = consent_until if item.code == "IP307" else until
            if item.date > limit or (filters.mine and not _mine(plan, item, filters.mine)):
                continue
            report.rows.append(_row(loaded, plan, item, today, redact))
    report.rows.sort(key=lambda r: (r.date, r.plan_id, r.item.code))
    return report


def _row(loaded: LoadedPlan, plan: Plan, item: DueItem, today: dt.date, redact: bool) -> DueRow:
    coordinator = plan.participant(plan.coordinator) if plan.coordinator else None
    responsible = plan.participant(item.responsible) if item.responsible else None
    line = loaded.finding(item.code, item.at, "").line
    return DueRow(
        item=item,
        plan_id=plan.id,
        person=initials(plan.person.name) if redact else plan.person.name,
        coordinator_id=plan.coordinator,
        coordinator=_name(coordinator, plan.coordinator, redact) or NO_COORDINATOR,
        coordinator_email=None if redact or coordinator is None else coordinator.email,
        responsible=_name(responsible, item.responsible, redact),
        file=loaded.shown,
        line=line,
        overdue=item.date < today,
        days_left=item.days_left(today),
    )
