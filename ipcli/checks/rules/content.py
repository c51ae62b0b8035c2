"""Content: what a plan must say — the person's voice, justified wishes, reasons, responsibility,
consent, focus-area decisions, themes from the profile; the person's participation and who
represents them; the decline; each country's own concepts (the § 141 basis, focus areas)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from ipcli.checks.load import LoadedPlan
from ipcli.language.i18n import LANGS, N_
from ipcli.plan.findings import Finding, said
from ipcli.plan.model import Evaluation, Participant, Plan, Theme, Wish
from ipcli.plan.profiles import BUILTIN, Profile

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
            said("lint.IP409", profile=plan.profile),
            said("lint.IP409.hint", profiles=sorted(BUILTIN)),
        )
    else:
        yield from _themes(loaded, plan, profile)
    yield from _voice(loaded, plan, profile)
    yield from _wishes(loaded, plan)
    yield from _reasons(loaded, plan)
    yield from _measures(loaded, plan)
    yield from _goal_evaluations(loaded, plan)
    yield from _consent(loaded, plan)
    declined_plan = profile is not None and profile.no_plan(plan)
    if (profile is None or profile.is_on("IP414")) and not declined_plan:
        yield from _empty(loaded, plan)
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
        yield from _half_a_plan(loaded, plan)
    if profile.is_on("IP498"):
        yield from _foreign_concepts(loaded, plan, profile)
    if profile.is_on("IP497") and plan.status not in ("referred", "closed"):
        yield from _handleplan(loaded, plan)
    if profile.is_on("IP496") and plan.status not in ("referred", "closed"):
        yield from _collect_consent(loaded, plan)
    if profile.is_on("IP415") and plan.status != "closed":
        yield from _draft_before_meeting(loaded, plan)


def _draft_before_meeting(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP415 (DK): the contact person's draft is discussed at a staff meeting before the first
    handleplansmøde (seed 002: "Udkastet drøftes på personale møde ... inden selve
    handleplansmødet")."""
    firsts = sorted((m for m in plan.meetings if m.kind == "plan_meeting"), key=lambda m: m.date)
    if not firsts:
        return
    first = firsts[0]
    if not any(m.kind == "staff_meeting" and m.date <= first.date for m in plan.meetings):
        yield loaded.finding(
            "IP415",
            (*first.at, "date"),
            said("lint.IP415", date=first.date, iso=first.date.isoformat()),
            said("lint.IP415.hint"),
        )


def _themes(loaded: LoadedPlan, plan: Plan, profile: Profile) -> Iterator[Finding]:
    keys = [t.key for t in profile.themes]
    for theme in plan.themes:
        if profile.theme(theme.key) is None:
            close = difflib.get_close_matches(theme.key, keys, n=1, cutoff=0.6)
            hint = said("lint.IP408.close", close=close[0]) if close else said("lint.IP408.hint", themes=keys)
            yield loaded.finding(
                "IP408", (*theme.at, "theme"), said("lint.IP408", theme=theme.key, profile=profile.name), hint
            )
        if profile.is_on("IP407") and theme.focus_agreement is None:
            yield loaded.finding(
                "IP407",
                (*theme.at, "theme"),
                said("lint.IP407", theme=theme.key, theme_words=_label(theme, profile)),
                said("lint.IP407.hint"),
            )


def _label(theme: Theme, profile: Profile | None) -> dict[str, str]:
    """A theme as a person reads it: its label in each language (its key if the profile has none)."""
    known = profile.theme(theme.key) if profile is not None else None
    return {lang: known.label(lang) if known else theme.key for lang in LANGS}


def _voice(loaded: LoadedPlan, plan: Plan, profile: Profile | None) -> Iterator[Finding]:
    """IP401: the person's own words (or their representative's, seed 002) in each theme's and
    sub-topic's situation (seed 000), and a plan that starts from the person's own goals (seed
    001: "ta utgangspunkt i brukerens egne mål og behov")."""
    if plan.participation == "declined":
        return
    views = _own_view_voices(plan)
    hint = said("lint.IP401.hint") if len(views) == 1 else said("lint.IP401.hint.rep", field=views[-1])
    for theme in plan.themes:
        if theme.situation and not any(v in theme.situation for v in views):
            yield loaded.finding(
                "IP401",
                (*theme.at, "situation"),
                said("lint.IP401", theme=theme.key, theme_words=_label(theme, profile)),
                hint,
                at_key=True,
            )
        for sub in theme.subtopics:
            if sub.situation and not any(v in sub.situation for v in views):
                yield loaded.finding(
                    "IP401",
                    (*sub.at, "situation"),
                    said("lint.IP401.subtopic", topic=sub.topic, theme_words=_label(theme, profile)),
                    hint,
                    at_key=True,
                )
    goals = [goal for _t, goal in plan.goals()]
    if goals and not any(g.said_by in views for g in goals):
        yield loaded.finding(
            "IP401",
            (*goals[0].at, "said_by"),
            said("lint.IP401.goals", goals_count=len(goals)),
            said("lint.IP401.goals.hint"),
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
                    said("lint.IP402"),
                    said("lint.IP402.hint"),
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
                said("lint.IP403", id=p.id, person=p.name),
                said("lint.IP403.hint"),
            )


def _measures(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    for _goal, m in plan.measures():
        if m.status not in OPEN_MEASURE:
            continue
        if m.responsible is None:
            yield loaded.finding(
                "IP404",
                (*m.at, "id"),
                said("lint.IP404", id=m.id),
                said("lint.IP404.hint"),
            )
        if m.due is None:
            yield loaded.finding(
                "IP405",
                (*m.at, "id"),
                said("lint.IP405", id=m.id),
                said("lint.IP405.hint"),
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
                said("lint.IP413", id=goal.id),
                said("lint.IP413.hint"),
            )
        elif last is not None and last >= goal.next_evaluation:
            yield loaded.finding(
                "IP413",
                (*goal.at, "next_evaluation"),
                said("lint.IP413.past", id=goal.id, date=last, iso=last.isoformat()),
                said("lint.IP413.past.hint"),
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
                said("lint.IP406", id=p.id, person=p.name),
                said("lint.IP406.hint"),
            )


def _period(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    if plan.status != "active":
        return
    if plan.period_start is None:
        yield loaded.finding("IP410", ("status",), said("lint.IP410.period"), said("lint.IP410.period.hint"))
    if plan.next_revision is None:
        yield loaded.finding(
            "IP410", ("status",), said("lint.IP410.revision"), said("lint.IP410.revision.hint")
        )


def _plan_consent(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    if (
        plan.status in ("active", "paused")
        and plan.participation != "declined"
        and not any(c.kind == "plan" and c.withdrawn is None for c in plan.consents)
    ):
        yield loaded.finding("IP412", ("status",), said("lint.IP412"), said("lint.IP412.hint"))


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
            said("lint.IP492.role", id=rep.id, person=rep.name, role=rep.role, role_term="role." + rep.role),
            said("lint.IP492.role.hint"),
        )
    if plan.person.child and (rep is None or rep.role != "custody_holder"):
        yield loaded.finding(
            "IP492",
            ("person", "child"),
            said("lint.IP492.child"),
            said("lint.IP492.child.hint"),
        )
    child = plan.person.child or (rep is not None and rep.role == "custody_holder")
    for c in plan.consents:
        if child and c.kind in ("plan", "collect_information") and c.given_by == "self":
            yield loaded.finding(
                "IP492",
                (*c.at, "given_by"),
                said("lint.IP492.by_child", id=c.id),
                said("lint.IP492.by_child.hint"),
            )
        if c.given_by == "guardian" and "guardian" not in roles:
            yield loaded.finding(
                "IP492",
                (*c.at, "given_by"),
                said("lint.IP492.guardian", id=c.id),
                said("lint.IP492.guardian.hint"),
            )
        if c.given_by in _CUSTODY and "custody_holder" not in roles:
            yield loaded.finding(
                "IP492",
                (*c.at, "given_by"),
                said("lint.IP492.custody", id=c.id),
                said("lint.IP492.custody.hint"),
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
                said("lint.IP492.relative", id=rep.id, person=rep.name),
                said("lint.IP492.relative.hint"),
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
    # (the kind of event, its place, who took part, the voices recorded, the key naming them,
    # the values of its messages)
    events: list[
        tuple[str, tuple[str | int, ...], list[str], dict[str, str] | None, str, dict[str, object]]
    ] = []
    for m in plan.meetings:
        if m.kind in ("plan_meeting", "revision"):
            events.append((m.kind, m.at, m.attendees, None, "attendees", _on(m.date)))
    for _t, goal in plan.goals():
        evals: list[tuple[str, str, Evaluation]] = [("goal", goal.id, e) for e in goal.evaluations]
        evals += [("subgoal", s.id, e) for s in goal.subgoals for e in s.evaluations]
        for kind, ident, e in evals:
            events.append((kind, e.at, e.by, e.voices, "by", {"id": ident, **_on(e.date)}))
    for r in plan.revisions:
        events.append(("revision", r.at, r.by, r.voices, "by", _on(r.date)))
    for kind, at, who, voices, key, values in events:
        if not who:
            hint = said("lint.IP495.hint", field=key)
            yield loaded.finding("IP495", at, said(_NOBODY[kind], **values), hint)
        elif own and not own & set(who):
            yield loaded.finding(
                "IP494",
                (*at, key),
                said((_WITHOUT_REP if rep else _WITHOUT)[kind], **values),
                said("lint.IP494.hint"),
            )
        if voices is not None and not any(v in voices for v in views):
            hint = (
                said("lint.IP493.hint", field=views[-1])
                if len(views) == 1
                else said("lint.IP493.hint.rep", field=views[-1])
            )
            yield loaded.finding("IP493", at, said(_NO_VIEW[kind], **values), hint)


def _on(day: dt.date) -> dict[str, object]:
    """An event's date: in the language's own form, and as English has always shown it."""
    return {"date": day, "iso": day.isoformat()}


# a sentence for each kind of event (plan meeting, revision, a goal's or sub-goal's evaluation)
_NOBODY = {
    "plan_meeting": N_("lint.IP495.plan_meeting"),
    "revision": N_("lint.IP495.revision"),
    "goal": N_("lint.IP495.goal"),
    "subgoal": N_("lint.IP495.subgoal"),
}
_WITHOUT = {
    "plan_meeting": N_("lint.IP494.plan_meeting"),
    "revision": N_("lint.IP494.revision"),
    "goal": N_("lint.IP494.goal"),
    "subgoal": N_("lint.IP494.subgoal"),
}
_WITHOUT_REP = {
    "plan_meeting": N_("lint.IP494.plan_meeting.rep"),
    "revision": N_("lint.IP494.revision.rep"),
    "goal": N_("lint.IP494.goal.rep"),
    "subgoal": N_("lint.IP494.subgoal.rep"),
}
_NO_VIEW = {
    "plan_meeting": N_("lint.IP493.plan_meeting"),
    "revision": N_("lint.IP493.revision"),
    "goal": N_("lint.IP493.goal"),
    "subgoal": N_("lint.IP493.subgoal"),
}


def _empty(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP414: an active plan with no goals (so no measures): the plan is goals and sub-goals,
    methods, actions and evaluation (seed 002), "en oversikt over tiltak og mål" (seed 001)."""
    if plan.status != "active" or any(True for _ in plan.goals()):
        return
    if plan.themes:
        yield loaded.finding(
            "IP414", ("themes",), said("lint.IP414.goals"), said("lint.IP414.hint"), at_key=True
        )
    else:
        yield loaded.finding("IP414", ("status",), said("lint.IP414"), said("lint.IP414.hint"))


def _half_a_plan(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP499: a Norwegian decline is no plan: no goals or measures, no consent to the plan in force."""
    if plan.participation != "declined":
        return  # a withdrawn consent not yet recorded as a decline: _decline says what to do
    goals = sum(1 for _ in plan.goals())
    if goals:
        first = next(plan.goals())[1]
        yield loaded.finding(
            "IP499",
            (*first.at, "id"),
            said("lint.IP499.goals", goals_count=goals),
            said("lint.IP499.goals.hint"),
        )
    for c in plan.consents:
        if c.kind == "plan" and c.withdrawn is None:
            yield loaded.finding(
                "IP499",
                (*c.at, "id"),
                said("lint.IP499.consent", id=c.id),
                said("lint.IP499.consent.hint", id=c.id),
            )


def _decline(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP499: a Norwegian decline says who declined, when, and that a coordinator was offered;
    a withdrawn consent to the plan ends the plan work and is recorded as a decline."""
    withdrawn = plan.withdrawn_plan_consent()
    if plan.participation != "declined" and withdrawn is not None and withdrawn.withdrawn is not None:
        day = withdrawn.withdrawn
        yield loaded.finding(
            "IP499",
            (*withdrawn.at, "withdrawn"),
            said("lint.IP499.withdrawn", id=withdrawn.id, date=day, iso=day.isoformat()),
            said("lint.IP499.withdrawn.hint", iso=day.isoformat()),
        )
        return
    if plan.decline is None:
        yield loaded.finding(
            "IP499",
            ("participation",),
            said("lint.IP499"),
            said("lint.IP499.hint"),
        )
    elif plan.decline.coordinator_offered is not True:
        yield loaded.finding(
            "IP499",
            ("decline",),
            said("lint.IP499.offered"),
            said("lint.IP499.offered.hint"),
            at_key=True,
        )


def _foreign_concepts(loaded: LoadedPlan, plan: Plan, profile: Profile) -> Iterator[Finding]:
    """IP498: Danish concepts (focus-area agreement, § 141 handleplan) in a Norwegian plan."""
    for theme in plan.themes:
        if theme.focus_agreement is not None:
            yield loaded.finding(
                "IP498",
                (*theme.at, "focus_agreement"),
                said("lint.IP498.focus", theme=theme.key, theme_words=_label(theme, profile)),
                said("lint.IP498.focus.hint"),
                at_key=True,
            )
    if plan.basis.get("kind") == "sel-141":
        yield loaded.finding(
            "IP498",
            ("basis", "kind"),
            said("lint.IP498.basis"),
            said("lint.IP498.basis.hint"),
        )


def _handleplan(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP497: the Danish provider plan names the § 141 handleplan it builds on."""
    if plan.basis.get("kind") != "sel-141":
        yield loaded.finding(
            "IP497",
            ("basis",) if plan.basis else ("status",),
            said("lint.IP497"),
            said("lint.IP497.hint"),
            at_key=bool(plan.basis),
        )
        return
    missing = tuple(k for k in ("reference", "date") if not plan.basis.get(k))
    if missing:
        message, hint = _BASIS_MISSING[missing]
        yield loaded.finding("IP497", ("basis",), said(message), said(hint), at_key=True)
    yield from _serves(loaded, plan)


def _serves(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP497: a goal or measure carries out an overall goal the handleplan states (seed 002: the
    plan says "hvordan de overordnede målsætninger i den kommunale handleplan udmøntes")."""
    overall = [g.get("id") for g in plan.basis.get("goals") or [] if isinstance(g, dict)]
    for _theme, goal in plan.goals():
        entries: list[tuple[str, tuple[str | int, ...], list[str]]] = [(goal.id, goal.at, goal.serves)]
        entries += [(m.id, m.at, m.serves) for m in goal.measures]
        for ident, at, serves in entries:
            for i, ref in enumerate(serves):
                if ref not in overall:
                    hint = (
                        said("lint.IP497.serves.hint", ids=overall)
                        if overall
                        else said("lint.IP497.serves.none")
                    )
                    yield loaded.finding(
                        "IP497", (*at, "serves", i), said("lint.IP497.serves", id=ident, ref=ref), hint
                    )


# what the § 141 handleplan lacks: its message and hint
_BASIS_MISSING = {
    ("reference",): (N_("lint.IP497.reference"), N_("lint.IP497.reference.hint")),
    ("date",): (N_("lint.IP497.date"), N_("lint.IP497.date.hint")),
    ("reference", "date"): (N_("lint.IP497.both"), N_("lint.IP497.both.hint")),
}


def _collect_consent(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    """IP496: consent to collect information at enrolment (DK)."""
    if not any(c.kind == "collect_information" and c.withdrawn is None for c in plan.consents):
        yield loaded.finding(
            "IP496",
            ("enrolled",) if plan.enrolled else ("status",),
            said("lint.IP496"),
            said("lint.IP496.hint"),
        )
