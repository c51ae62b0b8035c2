"""The indicators for reporting upwards: how many plans are *active individual plans* — a
coordinator appointed, plan work started, the plan in active use (something recorded within the
profile's stale interval), and evaluations on time — per coordinator, unit or profile; and,
from git's history, how many evaluations in the period were recorded on time.

Built from the same per-file results as `ipcli due` (so it is fast and cached): the deadline
items say what is missing. A municipality's indicator (seed 004) counts exactly these four, and
counts declines apart: a Norwegian decline is no plan at all, so it is counted as declined and not
among the plans; a Danish one is a plan written without the person, counted in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipcli.checks.results import FileResult
from ipcli.checks.scan import scan
from ipcli.language.calendar import add_months
from ipcli.plan.findings import words
from ipcli.store.repo import Repo

_COUNTS = (
    "plans",
    "closed",
    "declined",
    "not_started",
    "coordinator",
    "started",
    "in_use",
    "evaluated_on_time",
    "active_ip",
    "evaluations_on_time",
    "evaluations_late",
)


@dataclass
class Group:
    name: str
    plans: int = 0  # not closed, and not a Norwegian decline (no plan is made then)
    closed: int = 0
    declined: int = 0  # NO: declined the plan (not in plans); DK: declined taking part (in plans)
    not_started: int = 0  # referred, or plan work not started
    coordinator: int = 0
    started: int = 0
    in_use: int = 0
    evaluated_on_time: int = 0
    active_ip: int = 0  # all four
    evaluations_on_time: int = 0  # recorded in the period, from git's history
    evaluations_late: int = 0

    def share(self, count: int) -> float:
        return round(count / self.plans, 3) if self.plans else 0.0

    def to_dict(self) -> dict[str, object]:
        done = self.evaluations_on_time + self.evaluations_late
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
            "evaluations_on_time": self.evaluations_on_time,
            "evaluations_late": self.evaluations_late,
            "evaluations_on_time_share": round(self.evaluations_on_time / done, 3) if done else None,
        }


@dataclass
class Stats:
    today: dt.date
    by: str
    since: dt.date
    groups: list[Group] = field(default_factory=list)
    unreadable: int = 0
    # the plans left out, and why: (file, line, col, code, message) of the first problem in each
    not_counted: list[tuple[str, int, int, str, str]] = field(default_factory=list)
    history_starts: dt.date | None = None  # a shallow clone: evaluations counted from this day

    def total(self) -> Group:
        total = Group("all")
        for g in self.groups:
            for key in _COUNTS:
                setattr(total, key, getattr(total, key) + getattr(g, key))
        return total


def _group_name(by: str, result: FileResult, redact: bool = False) -> str:
    facts = result.facts
    assert facts is not None
    if by == "profile":
        return facts.profile
    if by == "unit":
        parts = result.path.split("/")
        return parts[1] if len(parts) > 2 and parts[0] == "plans" else "(no unit)"
    if redact:  # the coordinator's participant id, not the name
        return facts.coordinator or "(no coordinator)"
    return facts.name_of(facts.coordinator) or "(no coordinator)"


def _no_plan_on_decline(repo: Repo, profile_name: str) -> bool:
    profile = repo.config.profile_named(profile_name)
    return profile is not None and profile.decline_means_no_plan


def _why(result: FileResult, redact: bool) -> tuple[str, int, int, str, str]:
    problems = result.unread.problems if result.unread is not None else []
    if not problems:
        return (result.path, 1, 1, "IP002", words("due.problem.not_a_plan"))
    line, col, code, message, _hint = problems[0]
    if redact:  # a message may quote the plan
        from ipcli.plan.codes import CODES

        message = CODES[code].title  # words() below: a catalogue key or English
    return (result.path, line, col, code, words(message))


def compute(
    repo: Repo,
    files: Sequence[str | Path],
    today: dt.date,
    by: str = "coordinator",
    use_cache: bool = True,
    since: dt.date | None = None,
    redact: bool = False,
) -> Stats:
    """The indicators as of `today`; evaluations on time are counted from `since` (default: a
    year back) in git's history, when there is one."""
    stats = Stats(today, by, since or add_months(today, -12))
    timeliness: dict[str, tuple[int, int]] = {}
    if repo.git_listing() is not None:
        from ipcli.changes.history import evaluation_timeliness, history_start

        timeliness = evaluation_timeliness(
            repo.root, repo.config.plans, repo.config.limits, stats.since, today
        )
        stats.history_starts = history_start(repo.root)
    groups: dict[str, Group] = {}
    no_plan_on_decline: dict[str, bool] = {}
    day = today.toordinal()
    for result in scan(repo, files, use_cache):
        facts = result.facts
        if facts is None:  # a file that does not read cleanly: its counts would be guesses
            stats.unreadable += 1
            stats.not_counted.append(_why(result, redact))
            continue
        name = _group_name(by, result, redact)
        group = groups.setdefault(name, Group(name))
        on_time, late = timeliness.get(result.path, (0, 0))
        group.evaluations_on_time += on_time
        group.evaluations_late += late
        if facts.status == "closed":
            group.closed += 1
            continue
        if facts.participation == "declined":
            group.declined += 1
            if no_plan_on_decline.setdefault(facts.profile, _no_plan_on_decline(repo, facts.profile)):
                continue  # NO: the person declined the plan itself, so there is no plan to count
        group.plans += 1
        due = result.due_by(day)
        codes_due = {item.code for item in due}
        has_coordinator = facts.coordinator is not None and "IP308" not in codes_due
        started = facts.status != "referred" and not any(item[0] == "IP301" for item in result.items)
        in_use = facts.status == "active" and "IP311" not in codes_due
        on_time_now = not any(i.code == "IP306" and i.day and i.day < day for i in due)
        group.not_started += not started
        group.coordinator += has_coordinator
        group.started += started
        group.in_use += in_use
        group.evaluated_on_time += on_time_now
        group.active_ip += has_coordinator and started and in_use and on_time_now
    stats.groups = sorted(groups.values(), key=lambda g: g.name.casefold())
    return stats
