"""Content: what a plan must say — the person's voice, justified wishes, reasons, responsibility,
consent, focus-area decisions, themes from the profile; the person's participation and who
represents them; the decline; each country's own concepts (the § 141 basis, focus areas)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ipcli.findings import Finding
from ipcli.load import LoadedPlan
from ipcli.model import Evaluation, Participant, Plan, Wish
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
    declined_plan = profile is not None and profile.declined_plan(plan.participation)
    if (profile is None or profile.is_on("IP410")) and not declined_plan:
        yield from _period(loaded, plan)
    if (profile is None or profile.is_on("IP412")) and not declined_plan:
        yield from _plan_consent(loaded, plan)
    yield from _representation(loaded, plan)
    if plan.participation != "declined":
        yield from _participation(loaded, plan)
    if profile is None:
        return
    if profile.is_on("IP499") and declined_plan:
        yield from _decline(loaded, plan)
    if profile.is_on("IP498"):
        yield from _foreign_concepts(loaded, plan)
    if profile.is_on("IP497") and plan.status not in ("referred", "closed"):
        yield from _handleplan(loaded, plan)
    if profile.is_on("IP496") and plan.status not in ("referred", "closed"):
        yield from _collect_consent(loaded, plan)


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
    wishes: list[Wish] = [w for t in plan.themes for w in t.wishes]
    wishes += [w for t in plan.themes for sub in t.subtopics for w in sub.wishes]
    if wishes:
        for wish in wishes:
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


# who may speak for the person, by the representative's role (seed 002)
REPRESENTING_ROLES = ("relative", "guardian", "custody_holder")
# the giver values that mean the custody holder ("parent" in files written before 0.x)
_CUSTODY = ("custody_holder", "parent")


def _representation(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP492: who represents the person fits, and consents are given by who may give them."""
    rep = plan.representative()
    roles = {p.role for p in plan.participants if p.end is None}
    if rep is not None and rep.role not in REPRESENTING_ROLES:
        yield loaded.finding(
            "IP492",
            ("person", "represented_by"),
            f'"{rep.id}" ({rep.name}) represents the person but has the role {rep.role}',
            "a relative, a guardian or (for a child) the custody holder represents the person",
        )
    if plan.person.child and (rep is None or rep.role != "custody_holder"):
        yield loaded.finding(
            "IP492",
            ("person", "child"),
            "the plan is for a child but names no custody holder who represents them",
            "add a participant with role custody_holder and name them in person.represented_by",
        )
    child = plan.person.child or (rep is not None and rep.role == "custody_holder")
    for c in plan.consents:
        if child and c.kind in ("plan", "collect_information") and c.given_by == "self":
            yield loaded.finding(
                "IP492",
                (*c.at, "given_by"),
                f"consent {c.id} for a child is given by the child",
                "the custody holder gives it: given_by: custody_holder",
            )
        if c.given_by == "guardian" and "guardian" not in roles:
            yield loaded.finding(
                "IP492",
                (*c.at, "given_by"),
                f"consent {c.id} is given by a guardian, but no guardian takes part in the plan",
                "add the guardian under participants (role: guardian)",
            )
        if c.given_by in _CUSTODY and "custody_holder" not in roles:
            yield loaded.finding(
                "IP492",
                (*c.at, "given_by"),
                f"consent {c.id} is given by the custody holder, but no custody holder takes part",
                "add them under participants (role: custody_holder)",
            )
    if rep is not None and rep.role == "relative":
        consented = any(
            c.kind == "share_information" and c.withdrawn is None and rep.id in c.covers
            for c in plan.consents
        )
        if not consented:
            yield loaded.finding(
                "IP492",
                ("person", "represented_by"),
                f'the relative "{rep.id}" ({rep.name}) represents the person without a consent',
                "a relative represents the person after consent: a share_information consent covering them",
            )


def _own_view_voices(plan: Plan) -> tuple[str, ...]:
    """The voices that count as the person's own view: theirs, or their representative's."""
    rep = plan.representative()
    return ("citizen",) if rep is None else ("citizen", rep.role)


def _participation(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP495 who took part, IP494 the person among them, IP493 the person's own view."""
    if plan.status in ("referred", "closed"):
        return
    own = {p.id for p in plan.participants if p.role == "self"}
    rep = plan.representative()
    if rep is not None:
        own.add(rep.id)
    views = _own_view_voices(plan)
    events: list[tuple[str, tuple[str | int, ...], list[str], dict[str, str] | None, str]] = []
    for m in plan.meetings:
        if m.kind in ("plan_meeting", "revision"):
            events.append(
                (
                    f"the {m.kind.replace('_', ' ')} on {m.date.isoformat()}",
                    m.at,
                    m.attendees,
                    None,
                    "attendees",
                )
            )
    for _t, goal in plan.goals():
        evals: list[tuple[str, Evaluation]] = [(f"goal {goal.id}", e) for e in goal.evaluations]
        evals += [(f"sub-goal {s.id}", e) for s in goal.subgoals for e in s.evaluations]
        for what, e in evals:
            events.append((f"the evaluation of {what} on {e.date.isoformat()}", e.at, e.by, e.voices, "by"))
    for r in plan.revisions:
        events.append((f"the revision on {r.date.isoformat()}", r.at, r.by, r.voices, "by"))
    for what, at, who, voices, key in events:
        if not who:
            yield loaded.finding(
                "IP495", at, f"{what} does not record who took part", f"add `{key}:` with participant ids"
            )
        elif own and not own & set(who):
            yield loaded.finding(
                "IP494",
                (*at, key),
                f"{what} was held without the person" + (" or who represents them" if rep else ""),
                "invite the person (or their representative); if they chose not to come, say so in the notes",
            )
        if voices is not None and not any(v in voices for v in views):
            yield loaded.finding(
                "IP493",
                at,
                f"{what} does not record the person's own view",
                f"add `{views[-1]}:` with what "
                + ("the person says" if len(views) == 1 else "the person or their representative says"),
            )


def _decline(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP499: a Norwegian decline says who declined, when, and that a coordinator was offered."""
    if plan.decline is None:
        yield loaded.finding(
            "IP499",
            ("participation",),
            "the person declined the plan, but the decline is not recorded",
            "add decline: {by: self, date: YYYY-MM-DD, coordinator_offered: true}",
        )
    elif plan.decline.coordinator_offered is not True:
        yield loaded.finding(
            "IP499",
            ("decline",),
            "the decline does not record that a coordinator was offered",
            "offer a coordinator all the same, and add coordinator_offered: true",
            at_key=True,
        )


def _foreign_concepts(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP498: Danish concepts (focus-area agreement, § 141 handleplan) in a Norwegian plan."""
    for theme in plan.themes:
        if theme.focus_agreement is not None:
            yield loaded.finding(
                "IP498",
                (*theme.at, "focus_agreement"),
                f'theme "{theme.key}" has a focus-area agreement, a Danish concept',
                "remove focus_agreement, or use the dk-sel141 profile",
                at_key=True,
            )
    if plan.basis.get("kind") == "sel-141":
        yield loaded.finding(
            "IP498",
            ("basis", "kind"),
            "the basis is a Danish § 141 handleplan",
            "a Norwegian plan builds on decisions: kind: decision",
        )


def _handleplan(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP497: the Danish provider plan names the § 141 handleplan it builds on."""
    if plan.basis.get("kind") != "sel-141":
        yield loaded.finding(
            "IP497",
            ("basis",) if plan.basis else ("status",),
            "the plan does not name the § 141 handleplan it builds on",
            "add basis: {kind: sel-141, reference: …, date: YYYY-MM-DD}",
            at_key=bool(plan.basis),
        )
        return
    missing = [k for k in ("reference", "date") if not plan.basis.get(k)]
    if missing:
        yield loaded.finding(
            "IP497",
            ("basis",),
            "the § 141 handleplan has no " + " and no ".join(missing),
            "add " + " and ".join(f"{k}:" for k in missing) + " under basis",
            at_key=True,
        )


def _collect_consent(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP496: consent to collect information at enrolment (DK)."""
    if not any(c.kind == "collect_information" and c.withdrawn is None for c in plan.consents):
        yield loaded.finding(
            "IP496",
            ("enrolled",) if plan.enrolled else ("status",),
            "no consent to collect information at enrolment is recorded",
            "add a consent with kind: collect_information, given by the person, the guardian or "
            "the custody holder",
        )
