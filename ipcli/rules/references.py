"""References: ids are unique, every participant reference resolves, file name matches id,
and across plans: plan ids unique, one plan per person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ipcli.codes import severity_of
from ipcli.findings import Finding
from ipcli.results import Facts, FileResult

if TYPE_CHECKING:  # the loader is imported only where plans are read, not on a warm run
    from ipcli.load import LoadedPlan
    from ipcli.model import Plan


def check(loaded: LoadedPlan) -> Iterator[Finding]:
    plan = loaded.plan
    if plan is None:
        return
    if loaded.file.stem != plan.id:
        yield loaded.finding(
            "IP201",
            ("id",),
            f'the file is named "{loaded.file.name}" but the plan id is "{plan.id}"',
            f"rename the file to {plan.id}{loaded.file.suffix} or fix the id",
        )
    yield from _unique_ids(loaded, plan)
    yield from _participant_refs(loaded, plan)


def _unique_ids(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    groups: list[tuple[str, list[tuple[str, tuple[str | int, ...]]]]] = [
        ("participant", [(p.id, p.at) for p in plan.participants]),
        ("consent", [(c.id, c.at) for c in plan.consents]),
        (
            "goal",
            [(g.id, g.at) for _t, g in plan.goals()]
            + [(s.id, s.at) for _t, g in plan.goals() for s in g.subgoals],
        ),
        ("measure", [(m.id, m.at) for _g, m in plan.measures()]),
    ]
    for kind, entries in groups:
        seen: set[str] = set()
        for ident, at in entries:
            if ident in seen:
                yield loaded.finding(
                    "IP204",
                    (*at, "id"),
                    f'the {kind} id "{ident}" is used twice',
                    f"give each {kind} its own id",
                )
            seen.add(ident)


def participant_refs(plan: Plan) -> list[tuple[str, tuple[str | int, ...], str]]:
    """Every place the plan names a participant by id: (id, path, what names them)."""
    refs: list[tuple[str, tuple[str | int, ...], str]] = []
    if plan.coordinator is not None:
        refs.append((plan.coordinator, ("coordinator",), "the coordinator"))
    if plan.person.represented_by is not None:
        refs.append((plan.person.represented_by, ("person", "represented_by"), "represented_by"))
    for c in plan.consents:
        refs += [(pid, (*c.at, "covers", i), f"consent {c.id}") for i, pid in enumerate(c.covers)]
    for _t, goal in plan.goals():
        for m in goal.measures:
            if m.responsible is not None:
                refs.append((m.responsible, (*m.at, "responsible"), f"measure {m.id}"))
        for e in goal.evaluations:
            refs += [(pid, (*e.at, "by", i), f"an evaluation of {goal.id}") for i, pid in enumerate(e.by)]
        for sub in goal.subgoals:
            for e in sub.evaluations:
                refs += [(pid, (*e.at, "by", i), f"an evaluation of {sub.id}") for i, pid in enumerate(e.by)]
    for mt in plan.meetings:
        refs += [
            (pid, (*mt.at, "attendees", i), f"the meeting on {mt.date.isoformat()}")
            for i, pid in enumerate(mt.attendees)
        ]
    for r in plan.revisions:
        refs += [
            (pid, (*r.at, "by", i), f"the revision on {r.date.isoformat()}") for i, pid in enumerate(r.by)
        ]
    return refs


def _participant_refs(loaded: LoadedPlan, plan: Plan) -> Iterator[Finding]:
    known = {p.id for p in plan.participants}
    for pid, at, what in participant_refs(plan):
        if pid not in known:
            yield loaded.finding(
                "IP203",
                at,
                f'{what} names "{pid}", who is not a participant',
                "add them under participants, or use an existing id: "
                + (", ".join(sorted(known)) or "(none yet)"),
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
            _group(first_person, by_person, facts.person_key, (facts, shown))
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
                    f'the plan id "{plan_id}" is also used by {first}',
                    "give each plan its own id",
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
                    f"this person seems to have another plan too: {first_facts.id} ({first})",
                    "one person has one plan: merge them, or close one",
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
