"""References: ids are unique, every participant reference resolves, file name matches id,
and across plans: plan ids unique, one plan per person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ipcli.checks.results import Facts, FileResult
from ipcli.language.fold import fold
from ipcli.language.i18n import N_
from ipcli.plan.codes import severity_of
from ipcli.plan.findings import Finding, said

if TYPE_CHECKING:  # the loader is imported only where plans are read, not on a warm run
    from ipcli.checks.load import LoadedPlan
    from ipcli.plan.model import Plan


def check(loaded: LoadedPlan) -> Iterator[Finding]:
    plan = loaded.plan
    if plan is None:
        return
    if loaded.file.stem != plan.id:
        yield loaded.finding(
            "IP201",
            ("id",),
            said("lint.IP201", file=loaded.file.name, id=plan.id),
            said("lint.IP201.hint", name=plan.id + loaded.file.suffix),
        )
    yield from _unique_ids(loaded, plan)
    yield from _participant_refs(loaded, plan)


def _unique_ids(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    # (the message and its hint, the ids and their places) for each kind of id
    groups: list[tuple[tuple[str, str], list[tuple[str, tuple[str | int, ...]]]]] = [
        (
            (N_("lint.IP204.participant"), N_("lint.IP204.participant.hint")),
            [(p.id, p.at) for p in plan.participants],
        ),
        ((N_("lint.IP204.consent"), N_("lint.IP204.consent.hint")), [(c.id, c.at) for c in plan.consents]),
        (
            (N_("lint.IP204.goal"), N_("lint.IP204.goal.hint")),
            [(g.id, g.at) for _t, g in plan.goals()]
            + [(s.id, s.at) for _t, g in plan.goals() for s in g.subgoals],
        ),
        (
            (N_("lint.IP204.measure"), N_("lint.IP204.measure.hint")),
            [(m.id, m.at) for _g, m in plan.measures()],
        ),
    ]
    for (message, hint), entries in groups:
        seen: set[str] = set()
        for ident, at in entries:
            if ident in seen:
                yield loaded.finding(
                    "IP204",
                    (*at, "id"),
                    said(message, id=ident),
                    said(hint),
                )
            seen.add(ident)


# a reference: (the participant id, its path, the message key of what names them, that one's
# id or date)
Ref = tuple[str, tuple[str | int, ...], str, str]
_MEETING, _REVISION = N_("lint.IP203.meeting"), N_("lint.IP203.revision")


def participant_refs(plan: Plan) -> list[Ref]:
    """Every place the plan names a participant by id, with what names them."""
    refs: list[Ref] = []
    if plan.coordinator is not None:
        refs.append((plan.coordinator, ("coordinator",), N_("lint.IP203.coordinator"), ""))
    if plan.person.represented_by is not None:
        refs.append(
            (plan.person.represented_by, ("person", "represented_by"), N_("lint.IP203.represented_by"), "")
        )
    for c in plan.consents:
        refs += [
            (pid, (*c.at, "covers", i), N_("lint.IP203.consent"), c.id) for i, pid in enumerate(c.covers)
        ]
    for _t, goal in plan.goals():
        for m in goal.measures:
            if m.responsible is not None:
                refs.append((m.responsible, (*m.at, "responsible"), N_("lint.IP203.measure"), m.id))
        for e in goal.evaluations:
            refs += [
                (pid, (*e.at, "by", i), N_("lint.IP203.evaluation"), goal.id) for i, pid in enumerate(e.by)
            ]
        for sub in goal.subgoals:
            for e in sub.evaluations:
                refs += [
                    (pid, (*e.at, "by", i), N_("lint.IP203.evaluation"), sub.id) for i, pid in enumerate(e.by)
                ]
    for mt in plan.meetings:
        day = mt.date.isoformat()
        refs += [(pid, (*mt.at, "attendees", i), _MEETING, day) for i, pid in enumerate(mt.attendees)]
    for r in plan.revisions:
        day = r.date.isoformat()
        refs += [(pid, (*r.at, "by", i), _REVISION, day) for i, pid in enumerate(r.by)]
    return refs


def _participant_refs(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    known = {p.id for p in plan.participants}
    for pid, at, key, which in participant_refs(plan):
        if pid not in known:
            # `which` is an id, or a meeting's or revision's ISO date (English shows it so)
            dated = key in (_MEETING, _REVISION)
            yield loaded.finding(
                "IP203",
                at,
                said(key, pid=pid, date=which, iso=which) if dated else said(key, pid=pid, id=which),
                said("lint.IP203.hint", ids=sorted(known)) if known else said("lint.IP203.hint.none"),
            )


def across_plans(files: list[tuple[FileResult, str]]) -> dict[str, list[Finding]]:
    """IP202 two plans with one id; IP205 two plans for one person (same name and birth year).
    Findings per shown path."""
    # every plan is seen once; only the ids and people seen twice get a group (a few, if any)
    first_id: dict[str, tuple[Facts, str]] = {}
    first_person: dict[str, tuple[Facts, str]] = {}
    by_id: dict[str, list[tuple[Facts, str]]] = {}
    by_person: dict[str, list[tuple[Facts, str]]] = {}
    for result, shown in files:
        facts = result.facts
        if facts is None:
            continue
        _group(first_id, by_id, facts.id, (facts, shown))
        if facts.person_key is not None and facts.status != "closed":
            # compared as ipcli.language.fold compares names (a key stored by an older version may differ)
            _group(first_person, by_person, fold(facts.person_key), (facts, shown))
    out: dict[str, list[Finding]] = defaultdict(list)
    for plan_id, group in by_id.items():
        first = group[0][1]
        for facts, shown in group[1:]:
            out[shown].append(
                Finding(
                    shown,
                    *facts.id_at,
                    "IP202",
                    severity_of("IP202"),
                    said("lint.IP202", id=plan_id, file=first),
                    said("lint.IP202.hint"),
                )
            )
    for group in by_person.values():
        if len({facts.id for facts, _ in group}) < 2:
            continue
        first_facts, first = group[0]
        for facts, shown in group[1:]:
            out[shown].append(
                Finding(
                    shown,
                    *facts.person_at,
                    "IP205",
                    severity_of("IP205"),
                    said("lint.IP205", id=first_facts.id, file=first),
                    said("lint.IP205.hint"),
                )
            )
    return out


def _group(
    first: dict[str, tuple[Facts, str]],
    groups: dict[str, list[tuple[Facts, str]]],
    key: str,
    plan: tuple[Facts, str],
) -> None:
    """Remember the first plan with this key; from the second on, keep them all in a group."""
    if key in groups:
        groups[key].append(plan)
    elif key in first:
        groups[key] = [first[key], plan]
    else:
        first[key] = plan
