"""Typed plan objects from the examples."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import EXAMPLES

from ipcli.plan.limits import Limits
from ipcli.plan.model import BadDate, build_plan
from ipcli.plan.parse import parse


def _load(rel: str):
    return build_plan(parse((EXAMPLES / rel).read_bytes(), Limits()).data)


def test_norwegian_plan_model() -> None:
    plan = _load("plans/nordvik/p-0042.yaml")
    assert plan.id == "p-0042"
    assert plan.coordinator == "kari"
    assert plan.participant("kari").email == "kari.hansen@example.org"
    assert plan.next_revision == dt.date(2026, 12, 10)
    goal_ids = [g.id for _t, g in plan.goals()]
    assert goal_ids == ["g1", "g2", "g3", "g4", "g5"]
    g1 = next(g for _t, g in plan.goals() if g.id == "g1")
    assert [m.id for m in g1.measures] == ["m1", "m2"]
    assert g1.evaluations[-1].achievement == "improving"
    assert g1.at == ("themes", 0, "goals", 0)


def test_danish_plan_has_all_seven_themes_and_voices() -> None:
    plan = _load("plans/solbakken/p-0107.yaml")
    assert [t.key for t in plan.themes] == [
        "collaboration",
        "practical_and_finances",
        "network_and_family",
        "interests_and_activities",
        "learning_and_education",
        "employment",
        "health_and_wellbeing",
    ]
    for theme in plan.themes:
        assert theme.situation, theme.key
        assert all(w.said_by for w in theme.wishes)


def test_declined_plan_keeps_a_coordinator() -> None:
    plan = _load("plans/solbakken/p-0113.yaml")
    assert plan.participation == "declined" and plan.participation_note
    assert plan.coordinator == "mia"


def test_a_date_the_calendar_lacks_names_its_path() -> None:
    with pytest.raises(BadDate) as e:
        build_plan(
            {
                "id": "p-1",
                "profile": "no-ip",
                "language": "nb",
                "status": "draft",
                "person": {"name": "X"},
                "next_revision": "0000-01-01",
            }
        )
    assert e.value.at == ("next_revision",)
