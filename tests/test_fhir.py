"""FHIR export: every resource validates as FHIR R4 (R4B models of fhir.resources)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli

pytest.importorskip("fhir.resources")
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.goal import Goal

MODELS = {"CarePlan": CarePlan, "CareTeam": CareTeam, "Goal": Goal}


def _validate(doc: dict) -> list[str]:  # type: ignore[type-arg]
    Bundle.model_validate(doc)
    kinds = []
    for entry in doc["entry"]:
        resource = entry["resource"]
        MODELS[resource["resourceType"]].model_validate(resource)  # the Bundle does not check inside
        kinds.append(resource["resourceType"])
    return kinds


def test_every_example_exports_valid_fhir(cli: Cli, plans_repo: Path) -> None:
    result = cli(["export", "--all", "--fhir", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    kinds = _validate(doc)
    assert kinds.count("CarePlan") == 6 and kinds.count("CareTeam") == 6 and kinds.count("Goal") == 11


def test_mapping_and_pseudonymity(cli: Cli, plans_repo: Path) -> None:
    doc = json.loads(cli(["export", "p-0042", "--fhir"], cwd=plans_repo).stdout)
    resources = {e["resource"]["id"]: e["resource"] for e in doc["entry"]}
    plan = resources["p-0042"]
    assert plan["status"] == "active" and plan["intent"] == "plan"
    assert plan["subject"]["identifier"]["value"] == "p-0042"
    assert "Ola" not in json.dumps(plan["subject"]) and "Ola Nordmann" not in json.dumps(doc)
    g1 = resources["p-0042-g1"]
    assert g1["achievementStatus"]["coding"][0]["code"] == "improving"
    assert g1["target"][0]["dueDate"] == "2026-12-01"
    assert g1["expressedBy"] == plan["subject"]
    assert g1["category"][0]["text"] == "Daglige gjøremål"
    done = [a for a in plan["activity"] if a["detail"]["status"] == "completed"]
    assert any("Ergoterapeut" in a["detail"]["description"] for a in done)
    team = resources["p-0042-team"]
    assert {p["role"][0]["coding"][0]["code"] for p in team["participant"]} >= {
        "self",
        "coordinator",
        "agency",
    }


def test_an_invalid_resource_would_be_caught() -> None:
    goal = {
        "resourceType": "Goal",
        "id": "x",
        "lifecycleStatus": "active",
        "description": {"text": "t"},
        "subject": {"display": "s"},
        "dueDate": "2026-01-01",
    }  # dueDate belongs in target
    with pytest.raises(Exception, match="dueDate"):
        _validate(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"fullUrl": "urn:x", "resource": goal}],
            }
        )


# FHIR R4 value sets for the codes the export writes (fhir.resources checks structure, not codes)
VALUE_SETS = {
    ("CarePlan", "status"): {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Goal", "lifecycleStatus"): {
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    },
    ("CareTeam", "status"): {"proposed", "active", "suspended", "inactive", "entered-in-error"},
}
ACTIVITY = {
    "not-started",
    "scheduled",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "stopped",
    "unknown",
    "entered-in-error",
}
ACHIEVEMENT = {
    "in-progress",
    "improving",
    "worsening",
    "no-change",
    "achieved",
    "sustaining",
    "not-achieved",
    "no-progress",
    "not-attainable",
}


def test_every_code_is_in_its_fhir_value_set(cli: Cli, plans_repo: Path) -> None:
    doc = json.loads(cli(["export", "--all", "--fhir"], cwd=plans_repo).stdout)
    for entry in doc["entry"]:
        r = entry["resource"]
        for (kind, field), allowed in VALUE_SETS.items():
            if r["resourceType"] == kind:
                assert r[field] in allowed, (kind, field, r[field])
        for activity in r.get("activity", []):
            assert activity["detail"]["status"] in ACTIVITY
        if "achievementStatus" in r:
            assert r["achievementStatus"]["coding"][0]["code"] in ACHIEVEMENT


def test_export_needs_a_format(cli: Cli, plans_repo: Path) -> None:
    assert cli(["export", "p-0042"], cwd=plans_repo).exit_code == 2


def test_a_norwegian_decline_is_no_plan_in_force(cli: Cli, plans_repo: Path) -> None:
    """p-0051 said no to an individual plan (no-ip): the export says a proposed plan that was
    not carried out, not an active care plan."""
    doc = json.loads(cli(["export", "p-0051", "--fhir"], cwd=plans_repo).stdout)
    [careplan] = [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    assert (careplan["status"], careplan["intent"]) == ("revoked", "proposal")
    other = json.loads(cli(["export", "p-0042", "--fhir"], cwd=plans_repo).stdout)
    [active] = [e["resource"] for e in other["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    assert (active["status"], active["intent"]) == ("active", "plan")
    _validate(doc)
