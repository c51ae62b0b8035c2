"""The deadline engine: plan + profile -> every dated obligation (pure functions).

One engine serves `ipcli due` (what falls due by today + a window) and lint's deadline rules (what
is due by today). The engine itself does not know today: it only reads dates in the plan, so its
result can be cached per file and filtered by any date. Every row of the deadline table in the
domain notes is one function here; each yields DueItems in plan words with the path of what it is
about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ipcli.language.calendar import parse_interval
from ipcli.language.i18n import N_
from ipcli.plan.model import Consent, Goal, Path_, Plan, Subgoal
from ipcli.plan.profiles import Profile

OPEN_MEASURE = frozenset({"planned", "ongoing"})
LIVE = frozenset({"referred", "draft", "active", "paused"})  # all but closed
RUNNING = frozenset({"active", "paused"})
# measures and goal evaluations: a draft's too, or goals recorded in a draft are never seen
WRITTEN = frozenset({"active", "draft"})


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something that must happen by `date` (in the past: overdue)."""

    code: str
    date: dt.date | None  # None: due at once, with no date in the plan to count from
    # the action as a message key and its values, (key, name, value, ...): ids, ISO dates,
    # words of closed lists; ipcli.deadlines.words writes it in the reader's language
    what: tuple[object, ...]
    at: Path_
    responsible: str | None = None  # a participant id
    text: str | None = None  # the goal's or measure's own words, left out when redacting

    def days_left(self, today: dt.date) -> int:
        return 0 if self.date is None else (self.date - today).days


def _start_of_work(plan: Plan) -> dt.date | None:
    return plan.work_started or plan.period_start or plan.enrolled or plan.referred


def work_start(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP301: plan work starts within a month of enrolment (DK; in NO only where a service
    switches it on, counted from the referral)."""
    base = plan.enrolled or plan.referred
    if plan.status in ("referred", "draft", "active") and plan.work_started is None and base:
        which = N_("due.work_start.enrolled") if plan.enrolled else N_("due.work_start.referred")
        yield DueItem(
            "IP301",
            profile.intervals["work_start"].after(base),
            (which, "date", base.isoformat()),
            ("enrolled",) if plan.enrolled else ("referred",),
            plan.coordinator,
        )


def ready_by_first_meeting(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP302: the plan is ready (active) by the first plan meeting."""
    if plan.status not in ("referred", "draft"):
        return
    firsts = sorted((m for m in plan.meetings if m.kind == "plan_meeting"), key=lambda m: m.date)
    if firsts:
        m = firsts[0]
        yield DueItem("IP302", m.date, (N_("due.ready_first_meeting"),), m.at, plan.coordinator)


def yearly_revision(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP303: the whole plan is revised at least every `revision` interval."""
    if plan.status not in RUNNING:
        return
    last = max((r for r in plan.revisions), key=lambda r: r.date, default=None)
    base = last.date if last else _start_of_work(plan)
    if base is None:
        return
    yield DueItem(
        "IP303",
        profile.intervals["revision"].after(base),
        (N_("due.revision.last") if last else N_("due.revision.started"), "date", base.isoformat()),
        last.at if last else ("revisions",),
        plan.coordinator,
    )


def stated_revision(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP304: the plan's own next_revision date."""
    if plan.status in RUNNING and plan.next_revision is not None:
        if any(r.date >= plan.next_revision for r in plan.revisions):
            return  # revised on or after the stated date
        yield DueItem(
            "IP304",
            plan.next_revision,
            (N_("due.stated_revision"),),
            ("next_revision",),
            plan.coordinator,
        )


def measures(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP305: measures past their due date and not done (in drafts too)."""
    if plan.status not in WRITTEN:
        return
    for goal, m in plan.measures():
        if m.status in OPEN_MEASURE and m.due is not None and goal.status in ("active", "proposed"):
            yield DueItem(
                "IP305",
                m.due,
                (N_("due.measure"), "measure", m.id, "status", m.status),
                (*m.at, "due"),
                m.responsible,
                m.text,
            )


def _next_evaluation(plan: Plan, goal: Goal | Subgoal) -> tuple[dt.date | None, Path_]:
    last = max((e.date for e in goal.evaluations), default=None)
    if goal.next_evaluation and (last is None or last < goal.next_evaluation):
        return goal.next_evaluation, (*goal.at, "next_evaluation")
    if goal.evaluate_every:
        base = last or _start_of_work(plan)
        if base is not None:
            return parse_interval(goal.evaluate_every).after(base), (*goal.at, "evaluate_every")
    return None, goal.at


def goal_evaluations(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP306: goal and sub-goal evaluations, by next_evaluation or evaluate_every after the last
    one (seed 002: whether goals and sub-goals were followed), in drafts too."""
    if plan.status not in WRITTEN:
        return
    for _theme, goal in plan.goals():
        if goal.status != "active":
            continue
        when, at = _next_evaluation(plan, goal)
        if when is not None:
            yield DueItem(
                "IP306", when, (N_("due.evaluate_goal"), "goal", goal.id), at, plan.coordinator, goal.text
            )
        for sub in goal.subgoals:
            if sub.status in (None, "active"):
                when, at = _next_evaluation(plan, sub)
                if when is not None:
                    yield DueItem(
                        "IP306",
                        when,
                        (N_("due.evaluate_subgoal"), "goal", sub.id),
                        at,
                        plan.coordinator,
                        sub.text,
                    )


def _in_plan(plan: Plan, pid: str, on: dt.date) -> bool:
    """Is the participant still in the plan on that date?"""
    p = plan.participant(pid)
    return p is not None and (p.end is None or p.end >= on)


def _superseded(c: Consent, plan: Plan) -> bool:
    for other in plan.consents:
        if other is c or other.kind != c.kind or other.withdrawn is not None:
            continue
        later = other.valid_until is None or (c.valid_until and other.valid_until > c.valid_until)
        if other.date >= c.date and later and set(c.covers) <= set(other.covers):
            return True
    return False


def consents(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP307: consents that run out while participants they cover are still in the plan."""
    if plan.status not in LIVE:
        return
    for c in plan.consents:
        if c.valid_until is None or c.withdrawn is not None or _superseded(c, plan):
            continue
        if c.kind == "share_information":
            relied = [pid for pid in c.covers if _in_plan(plan, pid, c.valid_until)]
            if not relied:
                continue
            who: tuple[object, ...] = ("people", tuple(relied))
        else:
            who = ()
        yield DueItem(
            "IP307",
            c.valid_until,
            (N_("due.consent"), "kind", c.kind, *who, "date", c.valid_until.isoformat()),
            (*c.at, "valid_until"),
            plan.coordinator,
        )


def coordinator(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP308: exactly one service provider with the main responsibility, at once (even when
    participation is declined; in Norway a declined plan's coordinator is offered, not required)."""
    if plan.status not in LIVE:
        return
    since = plan.referred or plan.enrolled  # None: at once
    lead = profile.lead_roles
    if plan.coordinator is None:
        if not profile.no_plan(plan):
            yield DueItem("IP308", since, (N_("due.coordinator.none"),), ())
        return
    person = plan.participant(plan.coordinator)
    if person is not None and person.role in ("professional", "agency"):
        # a service provider, named coordinator without the coordinator's role (seed 003: a
        # tjenesteyter holds the main responsibility; the plan says who by the role)
        key = N_("due.coordinator.role.dk") if profile.country == "dk" else N_("due.coordinator.role")
        yield DueItem("IP308", since, (key, "person", person.id, "role", person.role), ("coordinator",))
    elif person is not None and person.role not in lead:
        yield DueItem(
            "IP308",
            since,
            (N_("due.coordinator.not_provider"), "person", person.id),
            ("coordinator",),
        )
    if person is not None and person.end is not None:
        yield DueItem(
            "IP308",
            person.end,
            (N_("due.coordinator.leaves"), "person", person.id, "date", person.end.isoformat()),
            ("coordinator",),
        )
    # a coordinator with an end date is handing over; two without one is one too many (DK: a
    # contact person and a coordinator count alike)
    active = [p.id for p in plan.participants if p.role in lead and p.end is None]
    if len(active) > 1:
        yield DueItem("IP308", since, (N_("due.coordinator.many"), "people", tuple(active)), ("coordinator",))


def period_end(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP309: the plan period ends while the plan is active."""
    if plan.status in RUNNING and plan.period_end is not None:
        yield DueItem(
            "IP309",
            plan.period_end,
            (N_("due.period_end"), "date", plan.period_end.isoformat()),
            ("period", "end"),
            plan.coordinator,
        )


def municipality_meeting(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP310: the yearly meeting with the handlekommune (the acting municipality, which has the
    case and follows it up) about the current services in the plan."""
    if plan.status not in RUNNING:
        return
    # a meeting already scheduled counts: the next one is due a year after it
    held = [m for m in plan.meetings if m.kind == "municipality"]
    last = max(held, key=lambda m: m.date, default=None)
    base = last.date if last else (plan.enrolled or _start_of_work(plan))
    if base is None:
        return
    yield DueItem(
        "IP310",
        profile.intervals["municipality_meeting"].after(base),
        (N_("due.municipality.last") if last else N_("due.municipality.none"), "date", base.isoformat()),
        last.at if last else ("meetings",),
        plan.coordinator,
    )


def stale(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP311: no evaluation, revision or meeting for a long time."""
    if plan.status != "active":
        return
    dates = [e.date for _t, g in plan.goals() for e in g.evaluations]
    dates += [r.date for r in plan.revisions] + [m.date for m in plan.meetings]
    last = max(dates, default=_start_of_work(plan))
    if last is not None:
        yield DueItem(
            "IP311",
            profile.intervals["stale"].after(last),
            (N_("due.stale"), "date", last.isoformat()),
            ("status",),
            plan.coordinator,
        )


def offer_again(plan: Plan, profile: Profile) -> Iterator[DueItem]:
    """IP399: the service's own date to offer the plan (or invite the person) again."""
    decline = plan.decline
    if plan.status in LIVE and plan.participation == "declined" and decline and decline.offer_again:
        key = N_("due.offer_again") if profile.decline_means_no_plan else N_("due.invite_again")
        yield DueItem(
            "IP399",
            decline.offer_again,
            (key, "date", decline.date.isoformat()),
            ("decline", "offer_again"),
            plan.coordinator,
        )


ENGINE: tuple[Callable[[Plan, Profile], Iterator[DueItem]], ...] = (
    work_start,
    ready_by_first_meeting,
    yearly_revision,
    stated_revision,
    measures,
    goal_evaluations,
    consents,
    coordinator,
    period_end,
    municipality_meeting,
    stale,
    offer_again,
)
# NO: a plan the person declined is not made; only the coordinator and the offer remain.
DECLINED_ENGINE = (coordinator, offer_again)


def deadlines(plan: Plan, profile: Profile) -> list[DueItem]:
    """Every dated obligation of the plan under the profile's switched-on rules, by date."""
    engine = DECLINED_ENGINE if profile.no_plan(plan) else ENGINE
    items = [item for rule in engine for item in rule(plan, profile) if profile.is_on(item.code)]
    # the whole-plan revision (IP303) and the plan's own revision date (IP304) on one day are one
    # thing to do: every report (due, lint, the rendered plan, the calendar) shows it once
    revisions = {i.date for i in items if i.code == "IP303"}
    if revisions:
        items = [i for i in items if not (i.code == "IP304" and i.date in revisions)]
    items.sort(key=lambda i: (i.date or dt.date.min, i.code, str(i.at)))
    return items
