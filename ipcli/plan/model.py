"""Typed plan objects, built from schema-valid data. Each object knows its path in the file.

The words are the domain's (see docs in the README): Plan, Participant, Consent, Theme, Goal,
Measure, Evaluation. `at` is the object's path in the YAML data, turned into a line and column
only when something needs to point at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ipcli.language.calendar import FIRST_DAY as _FIRST_DAY
from ipcli.language.calendar import LAST_DAY as _LAST_DAY

Path_ = tuple[str | int, ...]


class BadDate(ValueError):
    """A date string the schema's pattern let through but the calendar does not have, or one
    outside the years ipcli computes with (`outside`: 9999-12-31)."""

    def __init__(self, at: Path_, value: str, outside: bool = False) -> None:
        super().__init__(value)
        self.at = at
        self.value = value
        self.outside = outside

    def outside_words(self) -> tuple[str, str]:
        """The finding's message and hint for a date outside the bounds, as data (said())."""
        from ipcli.language.calendar import FIRST_DAY, LAST_DAY
        from ipcli.language.i18n import N_
        from ipcli.plan.findings import said

        return (
            said(N_("date.outside"), value=self.value[:40], first=FIRST_DAY.year, last=LAST_DAY.year),
            said(N_("date.outside.hint")),
        )


def _date(value: Any, at: Path_, bad: list[BadDate] | None = None) -> dt.date | None:
    """The date, or None when there is none. A date the calendar does not have, or one outside
    the years every date computation can hold (ipcli.language.calendar's bounds, 1900-2199: a deadline
    years after 9999-12-31 is no date), raises BadDate, or, when `bad` is given, is added to
    it and read as no date."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        if bad is None:
            raise BadDate(at, str(value)) from None
        bad.append(BadDate(at, str(value)))
        return None
    if _FIRST_DAY <= day <= _LAST_DAY:
        return day
    if bad is None:
        raise BadDate(at, str(value), outside=True)
    bad.append(BadDate(at, str(value), outside=True))
    return None


# The plan's classes are records made once per read: `repr=False, eq=False` has dataclasses
# generate one method each instead of three (this module loads on every run that reads a plan).


@dataclass(repr=False, eq=False)
class Voiced:
    text: str
    said_by: str
    at: Path_ = ()


@dataclass(repr=False, eq=False)
class Participant:
    id: str
    role: str
    name: str
    at: Path_
    title: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    reason: str | None = None
    contributes: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(repr=False, eq=False)
class Consent:
    id: str
    kind: str
    given_by: str
    date: dt.date
    at: Path_
    covers: list[str] = field(default_factory=list)
    valid_until: dt.date | None = None
    withdrawn: dt.date | None = None
    document: str | None = None
    sources: list[str] = field(default_factory=list)  # collect_information: from whom


@dataclass(repr=False, eq=False)
class Evaluation:
    date: dt.date
    achievement: str
    outcome: str
    at: Path_
    by: list[str] = field(default_factory=list)
    voices: dict[str, str] = field(default_factory=dict)


@dataclass(repr=False, eq=False)
class Measure:
    id: str
    text: str
    at: Path_
    how: str | None = None
    responsible: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    status: str = "planned"
    serves: list[str] = field(default_factory=list)  # DK: the handleplan's overall goals


@dataclass(repr=False, eq=False)
class Subgoal:
    id: str
    text: str
    at: Path_
    status: str | None = None
    next_evaluation: dt.date | None = None
    evaluate_every: str | None = None
    evaluations: list[Evaluation] = field(default_factory=list)


@dataclass(repr=False, eq=False)
class Goal:
    id: str
    text: str
    said_by: str
    at: Path_
    kind: str | None = None
    status: str = "active"
    method: str | None = None
    next_evaluation: dt.date | None = None
    evaluate_every: str | None = None
    serves: list[str] = field(default_factory=list)  # DK: the handleplan's overall goals
    subgoals: list[Subgoal] = field(default_factory=list)
    observations: list[Voiced] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)


@dataclass(repr=False, eq=False)
class Wish:
    text: str
    said_by: str
    at: Path_
    feasible: bool | None = None
    justification: str | None = None


@dataclass(repr=False, eq=False)
class Subtopic:
    """DK underemne: a part of a theme with its own situation, needs, wishes and goals."""

    topic: str
    at: Path_
    situation: dict[str, str] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)
    wishes: list[Wish] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


@dataclass(repr=False, eq=False)
class Theme:
    key: str
    at: Path_
    situation: dict[str, str] = field(default_factory=dict)
    resources: dict[str, str] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)
    wishes: list[Wish] = field(default_factory=list)
    agreements: list[Voiced] = field(default_factory=list)
    focus_agreement: str | None = None
    goals: list[Goal] = field(default_factory=list)
    subtopics: list[Subtopic] = field(default_factory=list)

    def all_goals(self) -> Iterator[Goal]:
        """The theme's goals, then those of its sub-topics."""
        yield from self.goals
        for sub in self.subtopics:
            yield from sub.goals


@dataclass(repr=False, eq=False)
class Meeting:
    date: dt.date
    kind: str
    at: Path_
    attendees: list[str] = field(default_factory=list)
    notes: str | None = None


@dataclass(repr=False, eq=False)
class Revision:
    date: dt.date
    summary: str
    at: Path_
    by: list[str] = field(default_factory=list)
    voices: dict[str, str] = field(default_factory=dict)


@dataclass(repr=False, eq=False)
class Decline:
    """The person said no: in Norway to the plan itself, in Denmark to taking part."""

    by: str
    date: dt.date
    coordinator_offered: bool | None = None
    coordinator_accepted: bool | None = None
    offer_again: dt.date | None = None
    note: str | None = None


@dataclass(repr=False, eq=False)
class Person:
    name: str
    born: int | dt.date | None = None
    communication: str | None = None
    contact: str | None = None
    represented_by: str | None = None
    child: bool = False


@dataclass(repr=False, eq=False)
class Plan:
    id: str
    profile: str
    language: str
    status: str
    person: Person
    participation: str = "full"
    participation_note: str | None = None
    decline: Decline | None = None
    case_number: str | None = None  # the organisation's case/archive reference (saksnummer)
    referred: dt.date | None = None
    coordinating_unit: str | None = None
    involvement: str | None = None
    enrolled: dt.date | None = None
    work_started: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    next_revision: dt.date | None = None
    basis: dict[str, Any] = field(default_factory=dict)
    coordinator: str | None = None
    participants: list[Participant] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    long_term_goal: Voiced | None = None
    themes: list[Theme] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    dilemmas: list[Voiced] = field(default_factory=list)
    expectations: dict[str, list[str]] = field(default_factory=dict)
    subplans: list[dict[str, str]] = field(default_factory=list)
    notes: str | None = None

    def participant(self, pid: str) -> Participant | None:
        return next((p for p in self.participants if p.id == pid), None)

    def goals(self) -> Iterator[tuple[Theme, Goal]]:
        for theme in self.themes:
            for goal in theme.all_goals():
                yield theme, goal

    def representative(self) -> Participant | None:
        """Who represents the person, when someone does."""
        rep = self.person.represented_by
        return self.participant(rep) if rep else None

    def measures(self) -> Iterator[tuple[Goal, Measure]]:
        for _theme, goal in self.goals():
            for measure in goal.measures:
                yield goal, measure

    def withdrawn_plan_consent(self) -> Consent | None:
        """The consent to make the plan, when one was given and every one is withdrawn: the
        person no longer wants the plan (NO: the plan rests on the person's wish, seed 001)."""
        given = [c for c in self.consents if c.kind == "plan"]
        if not given or any(c.withdrawn is None for c in given):
            return None
        return max(given, key=lambda c: c.withdrawn or dt.date.min)

    @property
    def declined(self) -> bool:
        """The person said no: participation declined, or the consent to the plan withdrawn."""
        return self.participation == "declined" or self.withdrawn_plan_consent() is not None


_VOICES = ("citizen", "staff", "relative", "guardian", "custody_holder")


def _voiced(d: dict[str, Any], at: Path_) -> Voiced:
    return Voiced(d["text"], d["said_by"], at)


def build_plan(data: dict[str, Any], bad: list[BadDate] | None = None) -> Plan:
    """A Plan from schema-valid data. Raises BadDate for a date the calendar does not have; with
    `bad`, such dates are collected there instead and left out (an entry that cannot be without
    its date — a consent, meeting, revision or evaluation — is left out whole)."""

    def day(value: Any, at: Path_) -> dt.date | None:
        return _date(value, at, bad)

    def dated(value: Any, at: Path_) -> dt.date | None:
        """A date an entry needs: dt.date.min for none (strict), None for a bad one (lenient)."""
        found = len(bad) if bad is not None else 0
        d = _date(value, at, bad)
        if bad is not None and len(bad) > found:
            return None
        return d or dt.date.min

    person_d = data["person"]
    born = person_d.get("born")
    person = Person(
        name=person_d["name"],
        born=born if isinstance(born, int) else day(born, ("person", "born")),
        communication=person_d.get("communication"),
        contact=person_d.get("contact"),
        represented_by=person_d.get("represented_by"),
        child=bool(person_d.get("child", False)),
    )
    period = data.get("period") or {}
    plan = Plan(
        id=data["id"],
        profile=data["profile"],
        language=data["language"],
        status=data["status"],
        person=person,
        participation=data.get("participation", "full"),
        participation_note=data.get("participation_note"),
        case_number=data.get("case_number"),
        referred=day(data.get("referred"), ("referred",)),
        coordinating_unit=data.get("coordinating_unit"),
        involvement=data.get("involvement"),
        enrolled=day(data.get("enrolled"), ("enrolled",)),
        work_started=day(data.get("work_started"), ("work_started",)),
        period_start=day(period.get("start"), ("period", "start")),
        period_end=day(period.get("end"), ("period", "end")),
        next_revision=day(data.get("next_revision"), ("next_revision",)),
        basis=dict(data.get("basis") or {}),
        coordinator=data.get("coordinator"),
        expectations={k: list(v) for k, v in (data.get("expectations") or {}).items()},
        subplans=[dict(s) for s in data.get("subplans") or []],
        notes=data.get("notes"),
    )
    decline = data.get("decline")
    if decline:
        plan.decline = Decline(
            decline["by"],
            day(decline["date"], ("decline", "date")) or dt.date.min,
            decline.get("coordinator_offered"),
            decline.get("coordinator_accepted"),
            day(decline.get("offer_again"), ("decline", "offer_again")),
            decline.get("note"),
        )
    for key in ("date", "agreed"):  # checked only: the basis stays as written
        day(plan.basis.get(key), ("basis", key))
    for i, p in enumerate(data.get("participants") or []):
        at: Path_ = ("participants", i)
        plan.participants.append(
            Participant(
                p["id"],
                p["role"],
                p["name"],
                at,
                p.get("title"),
                p.get("organisation"),
                p.get("email"),
                p.get("phone"),
                p.get("reason"),
                p.get("contributes"),
                day(p.get("from"), (*at, "from")),
                day(p.get("to"), (*at, "to")),
            )
        )
    for i, c in enumerate(data.get("consents") or []):
        at = ("consents", i)
        given = dated(c["date"], (*at, "date"))
        if given is None:
            continue
        plan.consents.append(
            Consent(
                c["id"],
                c["kind"],
                c["given_by"],
                given,
                at,
                list(c.get("covers") or []),
                day(c.get("valid_until"), (*at, "valid_until")),
                day(c.get("withdrawn"), (*at, "withdrawn")),
                c.get("document"),
                list(c.get("sources") or []),
            )
        )
    if data.get("long_term_goal"):
        plan.long_term_goal = _voiced(data["long_term_goal"], ("long_term_goal",))
    for i, t in enumerate(data.get("themes") or []):
        plan.themes.append(_theme(t, ("themes", i), day, dated))
    for i, m in enumerate(data.get("meetings") or []):
        at = ("meetings", i)
        held = dated(m["date"], (*at, "date"))
        if held is None:
            continue
        plan.meetings.append(
            Meeting(
                held,
                m["kind"],
                at,
                list(m.get("attendees") or []),
                m.get("notes"),
            )
        )
    for i, r in enumerate(data.get("revisions") or []):
        at = ("revisions", i)
        revised = dated(r["date"], (*at, "date"))
        if revised is not None:
            plan.revisions.append(
                Revision(
                    revised,
                    r["summary"],
                    at,
                    list(r.get("by") or []),
                    {v: r[v] for v in _VOICES if v in r},
                )
            )
    plan.dilemmas = [_voiced(d, ("dilemmas", i)) for i, d in enumerate(data.get("dilemmas") or [])]
    return plan


_Day = Callable[[Any, Path_], "dt.date | None"]


def _theme(t: dict[str, Any], at: Path_, day: _Day, dated: _Day) -> Theme:
    theme = Theme(
        key=t["theme"],
        at=at,
        situation=dict(t.get("situation") or {}),
        resources=dict(t.get("resources") or {}),
        needs=dict(t.get("needs") or {}),
        focus_agreement=t.get("focus_agreement"),
    )
    theme.wishes = [
        Wish(w["text"], w["said_by"], (*at, "wishes", i), w.get("feasible"), w.get("justification"))
        for i, w in enumerate(t.get("wishes") or [])
    ]
    theme.agreements = [_voiced(a, (*at, "agreements", i)) for i, a in enumerate(t.get("agreements") or [])]
    theme.goals = [_goal(g, (*at, "goals", i), day, dated) for i, g in enumerate(t.get("goals") or [])]
    for i, s in enumerate(t.get("subtopics") or []):
        sat: Path_ = (*at, "subtopics", i)
        theme.subtopics.append(
            Subtopic(
                s["topic"],
                sat,
                dict(s.get("situation") or {}),
                dict(s.get("needs") or {}),
                [
                    Wish(
                        w["text"],
                        w["said_by"],
                        (*sat, "wishes", j),
                        w.get("feasible"),
                        w.get("justification"),
                    )
                    for j, w in enumerate(s.get("wishes") or [])
                ],
                [_goal(g, (*sat, "goals", j), day, dated) for j, g in enumerate(s.get("goals") or [])],
            )
        )
    return theme


def _goal(g: dict[str, Any], at: Path_, day: _Day, dated: _Day) -> Goal:
    goal = Goal(
        id=g["id"],
        text=g["text"],
        said_by=g["said_by"],
        at=at,
        kind=g.get("kind"),
        status=g.get("status", "active"),
        method=g.get("method"),
        next_evaluation=day(g.get("next_evaluation"), (*at, "next_evaluation")),
        evaluate_every=g.get("evaluate_every"),
        serves=list(g.get("serves") or []),
    )
    for i, s in enumerate(g.get("subgoals") or []):
        sat: Path_ = (*at, "subgoals", i)
        goal.subgoals.append(
            Subgoal(
                s["id"],
                s["text"],
                sat,
                s.get("status"),
                day(s.get("next_evaluation"), (*sat, "next_evaluation")),
                s.get("evaluate_every"),
                _evaluations(s, sat, dated),
            )
        )
    goal.observations = [
        _voiced(o, (*at, "observations", i)) for i, o in enumerate(g.get("observations") or [])
    ]
    for i, m in enumerate(g.get("measures") or []):
        mat: Path_ = (*at, "measures", i)
        goal.measures.append(
            Measure(
                m["id"],
                m["text"],
                mat,
                m.get("how"),
                m.get("responsible"),
                day(m.get("start"), (*mat, "start")),
                day(m.get("due"), (*mat, "due")),
                m.get("status", "planned"),
                list(m.get("serves") or []),
            )
        )
    goal.evaluations = _evaluations(g, at, dated)
    return goal


def _evaluations(owner: dict[str, Any], at: Path_, dated: _Day) -> list[Evaluation]:
    out = []
    for i, e in enumerate(owner.get("evaluations") or []):
        eat: Path_ = (*at, "evaluations", i)
        done = dated(e["date"], (*eat, "date"))
        if done is None:
            continue
        out.append(
            Evaluation(
                done,
                e["achievement"],
                e["outcome"],
                eat,
                list(e.get("by") or []),
                {v: e[v] for v in _VOICES if v in e},
            )
        )
    return out
