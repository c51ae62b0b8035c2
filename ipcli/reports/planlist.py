"""`ipcli plans` as a library call: one row per plan — id, person, coordinator, status, unit and
the next deadline — from the same cached per-file results as `ipcli due`. A plan that cannot be
read is a row of its own, never left out. `today` is always a parameter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ipcli.checks.results import Item, Names
from ipcli.checks.scan import scan
from ipcli.language.text import initials
from ipcli.plan.findings import words
from ipcli.reports.selection import Selection, matches, unit_of
from ipcli.store.repo import Repo


@dataclass(frozen=True)
class PlanRow:
    id: str
    person: str
    coordinator: str | None  # the name (the participant id when redacted)
    status: str  # the plan's status, or "unreadable"
    unit: str | None
    file: str  # as shown to the user
    next: Item | None = None  # the earliest deadline (closed plans have none)
    next_date: dt.date | None = None  # its date (today for what is due at once)
    days: int = 0  # days from today to it (negative: overdue)
    problem: str | None = None  # why the plan could not be read: file:line:col: message
    declined_plan: bool = False  # NO: the person said no to the plan (no plan is made)
    names: Names | None = None  # participant id -> name, to say the deadline with names

    def what(self) -> str:
        """The next deadline in words, people by name (by id when redacted)."""
        return "" if self.next is None else self.next.describe(names=self.names)

    @property
    def overdue(self) -> bool:
        return self.next is not None and (self.next.day == 0 or self.days < 0)


@dataclass
class PlanList:
    today: dt.date
    rows: list[PlanRow]
    total: int  # plan files looked at, before the selection

    @property
    def unreadable(self) -> int:
        return sum(1 for r in self.rows if r.problem is not None)


def plan_list(
    repo: Repo,
    files: Sequence[str | Path],
    cwd: Path,
    today: dt.date,
    selection: Selection | None = None,
    redact: bool = False,
    use_cache: bool = True,
) -> PlanList:
    """Every plan the selection matches, by id; unreadable plans first (they need fixing)."""
    selection = selection or Selection()
    name = repo.namer(cwd)
    today_n = today.toordinal()
    rows: list[PlanRow] = []
    for file, result in zip(files, scan(repo, files, use_cache), strict=True):
        facts = result.facts
        shown = name(file)
        if facts is None:
            # the plan as far as it read (the same id, person and coordinator as in `due`), and
            # the first thing that keeps it from reading cleanly
            unread = result.unread
            known = unread.facts if unread is not None else None
            plan_id = known.id if known is not None else Path(result.path).stem
            if selection.plans and plan_id not in selection.plans:
                continue
            errors = list(unread.problems) if unread is not None and unread.problems else []
            errors = errors or [f for f in result.findings if f[2] < "IP1"] or result.findings
            first = errors[0] if errors else (1, 1, "", "it does not read as a plan", "")
            person = known.person if known is not None else ""
            coordinator = None
            if known is not None and known.coordinator is not None:
                coordinator = known.coordinator if redact else known.name_of(known.coordinator)
            rows.append(
                PlanRow(
                    plan_id,
                    initials(person) if redact and person else person,
                    coordinator,
                    "unreadable",
                    unit_of(result.path),
                    shown,
                    problem=f"{shown}:{first[0]}:{first[1]}: {words(first[3])}",
                )
            )
            continue
        if selection and not matches(facts, result.items, selection):
            continue
        nxt = None
        if facts.status != "closed" and result.items:
            nxt = min(
                (tuple.__new__(Item, i) for i in result.items), key=lambda i: (i.day or today_n, i.line)
            )
        coordinator = facts.coordinator if redact else facts.name_of(facts.coordinator)
        profile = repo.config.profile_named(facts.profile)
        declined = facts.participation == "declined" and profile is not None and profile.decline_means_no_plan
        rows.append(
            PlanRow(
                facts.id,
                initials(facts.person) if redact else facts.person,
                coordinator,
                facts.status,
                unit_of(result.path),
                shown,
                nxt,
                None if nxt is None else dt.date.fromordinal(nxt.day or today_n),
                0 if nxt is None else (nxt.day or today_n) - today_n,
                declined_plan=declined,
                names=None if redact else facts.participants,
            )
        )
    rows.sort(key=lambda r: (r.problem is None, r.id))
    return PlanList(today, rows, len(files))
