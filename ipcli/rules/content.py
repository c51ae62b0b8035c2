"""Content: what a plan must say — the person's voice, justified wishes, reasons, responsibility,
consent, focus-area decisions, themes from the profile."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ipcli.findings import Finding
from ipcli.load import LoadedPlan
from ipcli.model import Participant, Plan
from ipcli.profiles import BUILTIN, Profile

OPEN_MEASURE = ("planned", "ongoing")
EXTERNAL_ROLES = ("professional", "agency")
NEEDS_CONSENT_ROLES = ("relative", "professional", "agency")


def check(loaded: LoadedPlan, profile: Profile | None) -> Iterator[Finding]:
    plan = loaded.plan
    assert plan is not None
    if profile is None:
        yield loaded.finding(
            "IP409",
            ("profile",),
            f'unknown profile "{plan.profile}"',
            "use one of: " + ", ".join(sorted(BUILTIN)),
        )
    else:
        yield from _themes(loaded, plan, profile)
    yield from _voice(loaded, plan)
    yield from _wishes(loaded, plan)
    yield from _reasons(loaded, plan)
    yield from _measures(loaded, plan)
    yield from _goal_evaluations(loaded, plan)
    yield from _consent(loaded, plan)
    if profile is None or profile.is_on("IP410"):
        yield from _period(loaded, plan)
    if profile is None or profile.is_on("IP412"):
        yield from _plan_consent(loaded, plan)


def _themes(loaded: LoadedPlan, plan: Plan, profile: Profile) -> Iterator[Finding]:
    keys = [t.key for t in profile.themes]
    for theme in plan.themes:
        if profile.theme(theme.key) is None:
            close = difflib.get_close_matches(theme.key, keys, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else "themes: " + ", ".join(keys)
            yield loaded.finding(
                "IP408", (*theme.at, "theme"), f'"{theme.key}" is not a theme of profile {profile.name}', hint
            )
        if profile.is_on("IP407") and theme.focus_agreement is None:
            yield loaded.finding(
                "IP407",
                (*theme.at, "theme"),
                f'theme "{theme.key}" has no focus-area decision',
                "add focus_agreement: agreed, not_needed or later",
            )


def _voice(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    if plan.participation == "declined":
        return
    for theme in plan.themes:
        if theme.situation and "citizen" not in theme.situation:
            yield loaded.finding(
                "IP401",
                (*theme.at, "situation"),
                f'theme "{theme.key}" describes the situation without the person\'s own words',
                "add `citizen:` with what the person says, in their words",
                at_key=True,
            )


def _wishes(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    for theme in plan.themes:
        for wish in theme.wishes:
            if wish.feasible is False and not wish.justification:
                yield loaded.finding(
                    "IP402",
                    wish.at,
                    "a wish that cannot be met now has no justification",
                    "add `justification:` with the reason and what is done",
                )


def _organisation(p: Participant | None) -> str:
    return " ".join((p.organisation or "").casefold().split()) if p else ""


def _external(plan: Plan, p: Participant) -> bool:
    """Outside the coordinator's organisation (or no organisation known)."""
    own = _organisation(plan.participant(plan.coordinator) if plan.coordinator else None)
    return not own or _organisation(p) != own


def _reasons(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    for p in plan.participants:
        if p.role in EXTERNAL_ROLES and not p.reason and _external(plan, p):
            yield loaded.finding(
                "IP403",
                (*p.at, "id"),
                f'participant "{p.id}" ({p.name}) has no reason for taking part',
                "add `reason:` — why this party takes part in the plan",
            )


def _measures(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    for _goal, m in plan.measures():
        if m.status not in OPEN_MEASURE:
            continue
        if m.responsible is None:
            yield loaded.finding(
                "IP404",
                (*m.at, "id"),
                f"measure {m.id} has no responsible participant",
                "add `responsible:` with a participant id",
            )
        if m.due is None:
            yield loaded.finding(
                "IP405",
                (*m.at, "id"),
                f"measure {m.id} has no due date",
                "add `due:` with the date it is done or reviewed by",
            )


def _goal_evaluations(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP413: an active goal that `ipcli due` would never bring up for evaluation."""
    if plan.status in ("paused", "closed"):
        return
    for _theme, goal in plan.goals():
        if goal.status != "active" or goal.evaluate_every:
            continue
        last = max((e.date for e in goal.evaluations), default=None)
        if goal.next_evaluation is None:
            yield loaded.finding(
                "IP413",
                (*goal.at, "id"),
                f"goal {goal.id} has no next evaluation date, so it is never due for evaluation",
                "add next_evaluation: YYYY-MM-DD, or evaluate_every: 3 months",
            )
        elif last is not None and last >= goal.next_evaluation:
            yield loaded.finding(
                "IP413",
                (*goal.at, "next_evaluation"),
                f"goal {goal.id} was evaluated on {last.isoformat()} and has no later evaluation date",
                "set next_evaluation to the next date, or add evaluate_every: 3 months",
            )


def _consent(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    covered = {
        pid
        for c in plan.consents
        if c.kind == "share_information" and c.withdrawn is None
        for pid in c.covers
    }
    for p in plan.participants:
        if p.role in NEEDS_CONSENT_ROLES and p.end is None and p.id not in covered and _external(plan, p):
            yield loaded.finding(
                "IP406",
                (*p.at, "id"),
                f'no consent covers sharing information with participant "{p.id}" ({p.name})',
                "add their id to the `covers` of a share_information consent",
            )


def _period(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    if plan.status != "active":
        return
    if plan.period_start is None:
        yield loaded.finding(
            "IP410", ("status",), "the plan states no period", "add period: {start: …, end: …}"
        )
    if plan.next_revision is None:
        yield loaded.finding(
            "IP410", ("status",), "the plan states no revision date", "add next_revision: YYYY-MM-DD"
        )


def _plan_consent(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    if (
        plan.status in ("active", "paused")
        and plan.participation != "declined"
        and not any(c.kind == "plan" and c.withdrawn is None for c in plan.consents)
    ):
        yield loaded.finding(
            "IP412", ("status",), "no consent to make the plan is recorded", "add a consent with kind: plan"
        )
