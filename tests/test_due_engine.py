"""The deadline engine on built plans: boundary dates, profiles, and growth over time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.deadlines.engine import deadlines
from ipcli.plan.model import build_plan
from ipcli.plan.profiles import DK_SEL141, NO_IP


def plan(**extra: Any):
    data: dict[str, Any] = {
        "schema": "ipcli/plan/1",
        "id": "p-1",
        "profile": "no-ip",
        "language": "nb",
        "status": "active",
        "person": {"name": "X Y"},
        "coordinator": "k",
        "participants": [{"id": "k", "role": "coordinator", "name": "K"}],
    }
    data.update(extra)
    return build_plan(data)


def codes(items) -> set[str]:
    return {i.code for i in items}


def test_work_start_one_month_after_enrolment_at_month_end() -> None:
    p = plan(status="draft", enrolled="2024-01-31", profile="dk-sel141")
    [item] = [i for i in deadlines(p, DK_SEL141) if i.code == "IP301"]
    assert item.date == dt.date(2024, 2, 29)


def test_the_start_rule_is_danish_and_can_be_switched_on_in_norway() -> None:
    from types import MappingProxyType

    from ipcli.plan.findings import Severity

    p = plan(status="draft", referred="2024-01-31")
    assert "IP301" not in codes(deadlines(p, NO_IP))  # seed 002 is Danish; no NO source sets it
    switched_on = NO_IP._replace(rules=MappingProxyType({**NO_IP.rules, "IP301": Severity.INFO}))
    assert "IP301" in codes(deadlines(p, switched_on))


def test_measure_due_today_is_due_not_yet_overdue() -> None:
    p = plan(
        themes=[
            {
                "theme": "health",
                "goals": [
                    {
                        "id": "g1",
                        "text": "t",
                        "said_by": "citizen",
                        "measures": [{"id": "m1", "text": "x", "due": "2025-05-10", "status": "ongoing"}],
                    }
                ],
            }
        ]
    )
    [item] = [i for i in deadlines(p, NO_IP) if i.code == "IP305"]
    assert item.days_left(dt.date(2025, 5, 10)) == 0
    assert item.days_left(dt.date(2025, 5, 11)) == -1


def test_evaluation_by_interval_after_the_last_evaluation() -> None:
    p = plan(
        work_started="2025-01-01",
        themes=[
            {
                "theme": "health",
                "goals": [
                    {
                        "id": "g1",
                        "text": "t",
                        "said_by": "citizen",
                        "evaluate_every": "3 months",
                        "evaluations": [
                            {"date": "2025-02-28", "achievement": "improving", "outcome": "continue"}
                        ],
                    }
                ],
            }
        ],
    )
    [item] = [i for i in deadlines(p, NO_IP) if i.code == "IP306"]
    assert item.date == dt.date(2025, 5, 28)


def test_consent_superseded_by_a_newer_one_is_not_due() -> None:
    parts = [
        {"id": "k", "role": "coordinator", "name": "K"},
        {"id": "per", "role": "professional", "name": "P", "reason": "r"},
    ]
    old = {
        "id": "c1",
        "kind": "share_information",
        "given_by": "self",
        "date": "2024-01-01",
        "covers": ["per"],
        "valid_until": "2025-01-01",
    }
    new = {**old, "id": "c2", "date": "2024-12-01", "valid_until": "2026-01-01"}
    assert "IP307" in codes(deadlines(plan(participants=parts, consents=[old]), NO_IP))
    due = [i for i in deadlines(plan(participants=parts, consents=[old, new]), NO_IP) if i.code == "IP307"]
    assert [i.date for i in due] == [dt.date(2026, 1, 1)]


def test_consent_for_a_participant_who_left_is_not_relied_on() -> None:
    parts = [
        {"id": "k", "role": "coordinator", "name": "K"},
        {"id": "per", "role": "professional", "name": "P", "reason": "r", "to": "2024-06-01"},
    ]
    c = {
        "id": "c1",
        "kind": "share_information",
        "given_by": "self",
        "date": "2024-01-01",
        "covers": ["per"],
        "valid_until": "2025-01-01",
    }
    assert "IP307" not in codes(deadlines(plan(participants=parts, consents=[c]), NO_IP))


def test_coordinator_missing_left_or_twice() -> None:

    assert "IP308" in codes(deadlines(plan(coordinator=None), NO_IP))
    left = [{"id": "k", "role": "coordinator", "name": "K", "to": "2025-04-01"}]
    [item] = [i for i in deadlines(plan(participants=left), NO_IP) if i.code == "IP308"]
    assert item.date == dt.date(2025, 4, 1)  # dated: it shows as coming up before it happens
    two = [{"id": "k", "role": "coordinator", "name": "K"}, {"id": "m", "role": "coordinator", "name": "M"}]
    assert "IP308" in codes(deadlines(plan(participants=two), NO_IP))
    assert "IP308" not in codes(deadlines(plan(), NO_IP))


def test_closed_plans_have_no_deadlines_danish_declined_plans_keep_them() -> None:

    assert deadlines(plan(status="closed", next_revision="2025-01-01"), NO_IP) == []
    declined = plan(participation="declined", participation_note="n", next_revision="2025-01-01")
    # DK: the plan is written all the same (seeds 000, 002), so its deadlines run
    assert "IP304" in codes(deadlines(declined, DK_SEL141))


def test_a_norwegian_decline_stops_the_plan_deadlines() -> None:
    declined = plan(
        participation="declined",
        participation_note="n",
        next_revision="2025-01-01",
        period={"start": "2024-01-01", "end": "2025-01-01"},
        decline={
            "by": "self",
            "date": "2024-12-01",
            "coordinator_offered": True,
            "offer_again": "2025-06-01",
        },
    )
    # NO: no plan is made when the person declines (seeds 001, 004); only the offer remains
    assert codes(deadlines(declined, NO_IP)) == {"IP399"}
    assert deadlines(declined, NO_IP)[0].date == dt.date(2025, 6, 1)
    # without a coordinator: one is offered, not required
    no_coordinator = plan(participation="declined", participation_note="n", coordinator=None)
    assert deadlines(no_coordinator, NO_IP) == []


def test_yearly_rules_are_danish() -> None:
    p = plan(work_started="2024-01-01", revisions=[{"date": "2024-02-01", "summary": "s"}])

    assert "IP303" in codes(deadlines(p, DK_SEL141))
    assert "IP303" not in codes(deadlines(p, NO_IP))


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    st.integers(0, 800),
    st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), max_size=4),
)
def test_overdue_items_only_grow_as_today_moves_on(start: dt.date, step: int, dues: list[dt.date]) -> None:
    goals = [
        {
            "id": f"g{i}",
            "text": "t",
            "said_by": "citizen",
            "next_evaluation": d.isoformat(),
            "measures": [
                {"id": f"m{i}", "text": "x", "due": d.isoformat(), "status": "ongoing", "responsible": "k"}
            ],
        }
        for i, d in enumerate(dues)
    ]
    p = plan(
        work_started="2020-01-01",
        next_revision=start.isoformat(),
        themes=[{"theme": "health", "goals": goals}],
    )

    def overdue(today: dt.date) -> set[tuple[str, str]]:
        return {(i.code, str(i.at)) for i in deadlines(p, DK_SEL141) if i.date is None or i.date <= today}

    later = start + dt.timedelta(days=step)
    assert overdue(start) <= overdue(later)


def test_sub_goals_are_evaluated_like_goals() -> None:
    # seed 002: evaluation checks whether goals *and sub-goals* were followed
    goal = {
        "id": "g1",
        "text": "t",
        "said_by": "citizen",
        "subgoals": [
            {"id": "g1.1", "text": "s", "next_evaluation": "2025-03-01"},
            {"id": "g1.2", "text": "u", "status": "achieved", "next_evaluation": "2025-03-01"},
            {
                "id": "g1.3",
                "text": "v",
                "evaluate_every": "3 months",
                "evaluations": [{"date": "2025-02-01", "achievement": "improving", "outcome": "continue"}],
            },
        ],
    }
    items = [
        i for i in deadlines(plan(themes=[{"theme": "health", "goals": [goal]}]), NO_IP) if i.code == "IP306"
    ]
    assert [(i.what, i.date) for i in items] == [
        (("due.evaluate_subgoal", "goal", "g1.1"), dt.date(2025, 3, 1)),
        (("due.evaluate_subgoal", "goal", "g1.3"), dt.date(2025, 5, 1)),
    ]


def test_one_main_responsible_counts_the_danish_contact_person() -> None:
    two = plan(
        profile="dk-sel141",
        coordinator="k",
        participants=[
            {"id": "k", "role": "contact_person", "name": "K"},
            {"id": "c", "role": "coordinator", "name": "C"},
        ],
    )
    assert "IP308" in codes(deadlines(two, DK_SEL141))
    relative = plan(coordinator="m", participants=[{"id": "m", "role": "relative", "name": "M"}])
    assert "IP308" in codes(deadlines(relative, NO_IP))
