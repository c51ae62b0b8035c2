"""The indicators for reporting upwards: how many plans are *active individual plans* — a
coordinator appointed, plan work started, the plan in active use (something recorded within the
profile's stale interval), and evaluations on time — per coordinator, unit or profile.

Built from the same per-file results as `ipcli due` (so it is fast and cached): the deadline
items say what is missing. A municipality's indicator (seed 004) counts exactly these four.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipcli.repo import Repo
from ipcli.results import FileResult
from ipcli.scan import scan

GROUPINGS = ("coordinator", "unit", "profile")


@dataclass
class Group:
    name: str
    plans: int = 0  # not closed
    closed: int = 0
    declined: int = 0
    not_started: int = 0  # referred, or plan work not started
    coordinator: int = 0
    started: int = 0
    in_use: int = 0
    evaluated_on_time: int = 0
    active_ip: int = 0  # all four

    def share(self, count: int) -> float:
        return round(count / self.plans, 3) if self.plans else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "group": self.name,
            "plans": self.plans,
            "closed": self.closed,
            "declined": self.declined,
            "not_started": self.not_started,
            "coordinator_appointed": self.coordinator,
            "work_started": self.started,
            "in_active_use": self.in_use,
            "evaluated_on_time": self.evaluated_on_time,
            "active_ip": self.active_ip,
            "active_ip_share": self.share(self.active_ip),
        }


@dataclass
class Stats:
    today: dt.date
    by: str
    groups: list[Group] = field(default_factory=list)
    unreadable: int = 0

    def total(self) -> Group:
        total = Group("all")
        for g in self.groups:
            for key in (
                "plans",
                "closed",
                "declined",
                "not_started",
                "coordinator",
                "started",
                "in_use",
                "evaluated_on_time",
                "active_ip",
            ):
                setattr(total, key, getattr(total, key) + getattr(g, key))
        return total


def _group_name(by: str, result: FileResult) -> str:
    facts = result.facts
    assert facts is not None
    if by == "profile":
        return facts.profile
    if by == "unit":
        parts = result.path.split("/")
        return parts[1] if len(parts) > 2 and parts[0] == "plans" else "(no unit)"
    return facts.name_of(facts.coordinator) or "(no coordinator)"


def compute(
    repo: Repo, files: Sequence[str | Path], today: dt.date, by: str = "coordinator", use_cache: bool = True
) -> Stats:
    stats = Stats(today, by)
    groups: dict[str, Group] = {}
    day = today.toordinal()
    for result in scan(repo, files, use_cache):
        facts = result.facts
        if facts is None:
            stats.unreadable += 1
            continue
        group = groups.setdefault(_group_name(by, result), Group(_group_name(by, result)))
        if facts.status == "closed":
            group.closed += 1
            continue
        group.plans += 1
        if facts.participation == "declined":
            group.declined += 1
        codes_due = {item.code for item in result.due_by(day) if item.code not in ("IP301",)}
        pending_codes = {item[0] for item in result.items}
        overdue_eval = any(i.code == "IP306" and i.day and i.day < day for i in result.due_by(day))
        has_coordinator = facts.coordinator is not None and "IP308" not in codes_due
        started = facts.status not in ("referred",) and "IP301" not in pending_codes
        in_use = "IP311" not in codes_due and facts.status == "active"
        on_time = not overdue_eval
        group.not_started += not started
        group.coordinator += has_coordinator
        group.started += started
        group.in_use += in_use
        group.evaluated_on_time += on_time
        group.active_ip += has_coordinator and started and in_use and on_time
    stats.groups = sorted(groups.values(), key=lambda g: g.name.casefold())
    return stats
