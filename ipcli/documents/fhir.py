"""A plan as a FHIR R4 Bundle: CarePlan, Goal and CareTeam (mapping in docs/fhir.md).

The person is pseudonymous by default: the subject is an identifier (the plan id), never a name
or a national id number. Professionals and services appear by name, as they do in the plan.
"""

from __future__ import annotations

from typing import Any

from ipcli.language.i18n import label
from ipcli.plan.model import Goal, Plan
from ipcli.plan.profiles import Profile

SYSTEM = "urn:ipcli"
_CAREPLAN_STATUS = {
    "referred": "draft",
    "draft": "draft",
    "active": "active",
    "paused": "on-hold",
    "closed": "completed",
}
# a Norwegian decline: the plan was offered and the person said no, so none is in force (a
# proposal not carried out), whatever status the file was left with
_DECLINED = {"status": "revoked", "intent": "proposal"}
_GOAL_STATUS = {"proposed": "proposed", "active": "active", "achieved": "completed", "dropped": "cancelled"}
_ACTIVITY_STATUS = {
    "planned": "scheduled",
    "ongoing": "in-progress",
    "done": "completed",
    "cancelled": "cancelled",
}


def _subject(plan: Plan) -> dict[str, Any]:
    return {
        "identifier": {"system": f"{SYSTEM}:plan", "value": plan.id},
        "display": f"the person of plan {plan.id}",
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _goal(plan: Plan, theme_key: str, theme_label: str, goal: Goal) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": f"{plan.id}-{goal.id}".replace(".", "-"),
        "lifecycleStatus": _GOAL_STATUS.get(goal.status, "active"),
        "category": [{"coding": [{"system": f"{SYSTEM}:theme", "code": theme_key}], "text": theme_label}],
        "description": {"text": goal.text},
        "subject": _subject(plan),
    }
    if goal.evaluations:
        latest = max(goal.evaluations, key=lambda e: e.date)
        resource["achievementStatus"] = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
                    "code": latest.achievement,
                }
            ]
        }
        resource["statusDate"] = latest.date.isoformat()
    if goal.next_evaluation:
        resource["target"] = [{"dueDate": goal.next_evaluation.isoformat()}]
    if goal.said_by == "citizen":
        resource["expressedBy"] = _subject(plan)
    if goal.subgoals:
        resource["note"] = [{"text": f"{s.id}: {s.text}"} for s in goal.subgoals]
    return resource


def bundle(plan: Plan, profile: Profile | None, lang: str = "en") -> dict[str, Any]:
    """One plan as a FHIR R4 Bundle of type collection."""
    by_id = {p.id: p for p in plan.participants}
    team_id = f"{plan.id}-team"
    goals = []
    goal_refs: dict[str, str] = {}
    for theme, goal in plan.goals():
        t = profile.theme(theme.key) if profile else None
        resource = _goal(plan, theme.key, t.label(lang) if t else theme.key, goal)
        goals.append(resource)
        goal_refs[goal.id] = f"Goal/{resource['id']}"
    activities = []
    for goal, measure in plan.measures():
        detail: dict[str, Any] = {
            "status": _ACTIVITY_STATUS.get(measure.status, "unknown"),
            "description": measure.text + (f" ({measure.how})" if measure.how else ""),
            "goal": [{"reference": goal_refs[goal.id]}],
        }
        period = {k: v for k, v in (("start", _iso(measure.start)), ("end", _iso(measure.due))) if v}
        if period:
            detail["scheduledPeriod"] = period
        who = by_id.get(measure.responsible) if measure.responsible else None
        if who is not None:
            detail["performer"] = [_subject(plan) if who.role == "self" else {"display": who.name}]
        activities.append({"detail": detail})
    careplan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": plan.id,
        "identifier": [{"system": f"{SYSTEM}:plan", "value": plan.id}],
        "status": _CAREPLAN_STATUS[plan.status],
        "intent": "plan",
        **(_DECLINED if profile is not None and profile.no_plan(plan) else {}),
        "title": label("plan", lang),
        "subject": _subject(plan),
        "careTeam": [{"reference": f"CareTeam/{team_id}"}],
        "goal": [{"reference": ref} for ref in goal_refs.values()],
        "activity": activities,
    }
    if plan.period_start:
        careplan["period"] = {
            k: v for k, v in (("start", _iso(plan.period_start)), ("end", _iso(plan.period_end))) if v
        }
    if plan.work_started:
        careplan["created"] = plan.work_started.isoformat()
    notes = []
    if plan.long_term_goal:
        notes.append({"text": f"{label('long_term_goal', lang)}: {plan.long_term_goal.text}"})
    if plan.participation != "full":
        notes.append(
            {"text": f"{label('participation', lang)}: {label('participation.' + plan.participation, lang)}"}
        )
    if notes:
        careplan["note"] = notes
    team: dict[str, Any] = {
        "resourceType": "CareTeam",
        "id": team_id,
        "status": "active" if plan.status != "closed" else "inactive",
        "subject": _subject(plan),
        "participant": [
            {
                "role": [
                    {
                        "coding": [{"system": f"{SYSTEM}:role", "code": p.role}],
                        "text": label("role." + p.role, lang),
                    }
                ],
                "member": _subject(plan) if p.role == "self" else {"display": p.name},
                **(
                    {"period": {k: v for k, v in (("start", _iso(p.start)), ("end", _iso(p.end))) if v}}
                    if p.start or p.end
                    else {}
                ),
            }
            for p in plan.participants
        ],
    }
    if plan.coordinator and plan.coordinator in by_id:
        team["managingOrganization"] = [
            {"display": by_id[plan.coordinator].organisation or by_id[plan.coordinator].name}
        ]
    resources = [careplan, team, *goals]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"{SYSTEM}:{r['resourceType']}/{r['id']}", "resource": r} for r in resources],
    }
