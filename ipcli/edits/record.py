"""Record what happened in a plan: an evaluation of a goal, a whole-plan revision, a measure's new
status, a new goal or measure. Each function collects its changes on an opened plan (ipcli.edits.edit),
reading the plan as it was read, and returns a message in plan words."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ipcli.errors import UserError
from ipcli.language.calendar import parse_interval
from ipcli.language.i18n import tr
from ipcli.plan.answers import closed_word
from ipcli.plan.findings import said
from ipcli.plan.schema import plan_schema

if TYPE_CHECKING:
    from ipcli.edits.edit import Editable
    from ipcli.edits.splice import Path_

_defs = plan_schema()["$defs"]

# the closed vocabularies come from the schema, the single truth for what a plan may say
ACHIEVEMENTS: tuple[str, ...] = tuple(_defs["evaluation"]["properties"]["achievement"]["enum"])
OUTCOMES: tuple[str, ...] = tuple(_defs["evaluation"]["properties"]["outcome"]["enum"])
MEASURE_STATUSES: tuple[str, ...] = tuple(_defs["measure"]["properties"]["status"]["enum"])
SAID_BY: tuple[str, ...] = tuple(_defs["voice"]["enum"])


def _text(item: Any) -> str:
    """A goal's or measure's own words, for the message in plan words."""
    text = item.get("text") if isinstance(item, dict) else None
    return text.strip() if isinstance(text, str) else ""


def _not_one(answer: str, words: tuple[str, ...], kind: str) -> UserError:
    """A word that is not in a closed vocabulary, said as a question says it."""
    try:
        closed_word(answer, words, kind)
    except UserError as e:
        return e
    return UserError(answer)  # not reached: the callers checked that it is none of the words


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The (index, mapping) items of a list; anything else in the plan is left alone."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _participants(data: dict[str, Any]) -> set[str]:
    return {str(p.get("id")) for _, p in _dicts(data.get("participants"))}


def _check_ids(data: dict[str, Any], ids: list[str], what: str) -> None:
    known = _participants(data)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UserError(
            f"{what}: " + tr("ask.not_a_participant", ids=", ".join(unknown)),
            tr("ask.participants", ids=", ".join(sorted(k for k in known if k))),
        )


def _goals(data: dict[str, Any]) -> list[tuple[Path_, dict[str, Any]]]:
    """Every goal and sub-goal with its path: a theme's goals, then its sub-topics' (seed 000),
    each followed by its sub-goals, which are evaluated like goals (seed 002)."""
    out: list[tuple[Path_, dict[str, Any]]] = []
    for t, theme in _dicts(data.get("themes")):
        owners: list[tuple[Path_, Any]] = [(("themes", t), theme)]
        owners += [(("themes", t, "subtopics", s), sub) for s, sub in _dicts(theme.get("subtopics"))]
        for at, owner in owners:
            for g, goal in _dicts(owner.get("goals")):
                out.append(((*at, "goals", g), goal))
                out += [((*at, "goals", g, "subgoals", i), sub) for i, sub in _dicts(goal.get("subgoals"))]
    return out


def find_goal(data: dict[str, Any], goal_id: str) -> tuple[Path_, dict[str, Any]]:
    for path, goal in _goals(data):
        if goal.get("id") == goal_id:
            return path, goal
    ids = [str(g.get("id")) for _, g in _goals(data)]
    raise UserError(
        tr("error.no_goal", goal=goal_id), tr("error.goals", ids=", ".join(ids) or tr("error.none_yet"))
    )


def _add_to_list(ed: Editable, path: Path_, key: str, item: Any, before: tuple[str, ...] = ()) -> None:
    """Append `item` to the list under `key` of the mapping at `path`, making the list if needed."""
    here: Any = ed.splice.intended
    for step in path:
        here = here[step]
    if isinstance(here.get(key), list) and here[key]:
        ed.splice.append((*path, key), item)
    elif here.get(key) in (None, [], {}):
        ed.splice.add_key(path, key, [item], before=before)
    else:
        raise UserError(tr("error.not_a_list", name=key))


def _set_date(ed: Editable, path: Path_, key: str, value: str, before: tuple[str, ...]) -> None:
    here: Any = ed.splice.intended
    for step in path:
        here = here[step]
    if key in here:
        ed.splice.set((*path, key), value)
    else:
        ed.splice.add_key(path, key, value, before=before)


def add_evaluation(
    ed: Editable,
    goal_id: str,
    *,
    day: dt.date,
    achievement: str,
    outcome: str,
    by: list[str],
    citizen: str | None = None,
    staff: str | None = None,
    next_day: dt.date | None = None,
    voices: dict[str, str] | None = None,
) -> str:
    data = ed.data
    path, goal = find_goal(data, goal_id)
    if achievement not in ACHIEVEMENTS:
        raise _not_one(achievement, ACHIEVEMENTS, "achievement")
    if outcome not in OUTCOMES:
        raise _not_one(outcome, OUTCOMES, "outcome")
    _check_ids(data, by, "--by")
    if next_day is None:
        if goal.get("evaluate_every"):
            try:
                next_day = parse_interval(str(goal["evaluate_every"])).after(day)
            except ValueError:
                raise UserError(tr("error.bad_evaluate_every", goal=goal_id), tr("error.give_next")) from None
        elif goal.get("next_evaluation") is not None and outcome != "end":  # ended: none needed
            raise UserError(tr("error.next_without_every", goal=goal_id), tr("error.give_next"))
    evaluation: dict[str, Any] = {"date": day.isoformat()}
    if by:
        evaluation["by"] = list(by)
    evaluation["achievement"] = achievement
    evaluation["outcome"] = outcome
    evaluation.update(_voices({**(voices or {}), "citizen": citizen or "", "staff": staff or ""}))
    if next_day is not None:  # where the schema's order puts it: before measures and evaluations
        _set_date(ed, path, "next_evaluation", next_day.isoformat(), ("measures", "evaluations"))
    _add_to_list(ed, path, "evaluations", evaluation)
    return said(
        "commit.evaluation",
        plan=data.get("id"),
        goal=goal_id,
        goal_text=_text(goal),
        achievement=achievement,
        outcome=outcome,
    )


def add_revision(
    ed: Editable,
    *,
    day: dt.date,
    summary: str,
    by: list[str],
    next_day: dt.date | None,
    default_interval: str = "12 months",
    voices: dict[str, str] | None = None,
) -> str:
    data = ed.data
    _check_ids(data, by, "--by")
    revision: dict[str, Any] = {"date": day.isoformat()}
    if by:
        revision["by"] = list(by)
    revision["summary"] = summary
    revision.update(_voices(voices or {}))
    if next_day is None and data.get("next_revision") is not None:
        next_day = parse_interval(default_interval).after(day)
    if next_day is not None:
        _set_date(ed, (), "next_revision", next_day.isoformat(), ("basis",))
    later = ("dilemmas", "expectations", "subplans")
    _add_to_list(ed, (), "revisions", revision, before=later)
    if next_day is not None:  # the plan's next revision moved: said, never done silently
        return said("commit.revision_next", plan=data.get("id"), date=day, next_date=next_day)
    return said("commit.revision", plan=data.get("id"), date=day)


# the voices an evaluation or a revision holds, in the schema's order (as a file writes them)
VOICES = ("citizen", "staff", "relative", "guardian", "custody_holder")


def _voices(given: dict[str, str]) -> dict[str, str]:
    """The voices given (empty ones left out), in the schema's order."""
    return {v: given[v] for v in VOICES if given.get(v)}


def _measures(data: dict[str, Any]) -> list[tuple[Path_, dict[str, Any]]]:
    return [
        ((*path, "measures", m), measure)
        for path, goal in _goals(data)
        for m, measure in _dicts(goal.get("measures"))
    ]


def set_measure_status(ed: Editable, measure_id: str, status: str) -> str:
    if status not in MEASURE_STATUSES:
        raise _not_one(status, MEASURE_STATUSES, "measure")
    for path, measure in _measures(ed.data):
        if measure.get("id") == measure_id:
            old = measure.get("status", "planned")
            _set_date(ed, path, "status", status, ("evaluations",))
            return said(
                "commit.measure_status",
                plan=ed.data.get("id"),
                measure=measure_id,
                measure_text=_text(measure),
                field="measure_status",
                old=old,
                new=status,
            )
    raise UserError(tr("error.no_measure", measure=measure_id))


def add_measure(
    ed: Editable,
    goal_id: str,
    *,
    text: str,
    responsible: str | None = None,
    how: str | None = None,
    start: dt.date | None = None,
    due: dt.date | None = None,
    status: str = "planned",
    measure_id: str | None = None,
) -> str:
    """Add a measure to a goal: what will be done, by whom, by when."""
    data = ed.data
    path, goal = find_goal(data, goal_id)
    if status not in MEASURE_STATUSES:
        raise _not_one(status, MEASURE_STATUSES, "measure")
    if responsible is not None:
        _check_ids(data, [responsible], "--responsible")
    existing = {m.get("id") for _, m in _measures(data)}
    if measure_id is None:
        measure_id = next(f"m{n}" for n in range(1, 100_000) if f"m{n}" not in existing)
    elif measure_id in existing:
        raise UserError(tr("error.measure_taken", measure=measure_id))
    measure: dict[str, Any] = {"id": measure_id, "text": text}
    if how:
        measure["how"] = how
    if responsible:
        measure["responsible"] = responsible
    if start is not None:
        measure["start"] = start.isoformat()
    if due is not None:
        measure["due"] = due.isoformat()
    measure["status"] = status
    _add_to_list(ed, path, "measures", measure, before=("evaluations",))
    return said(
        "commit.measure_added",
        plan=data.get("id"),
        measure=measure_id,
        measure_text=text,
        goal=goal_id,
        goal_text=_text(goal),
    )


def add_goal(
    ed: Editable,
    theme_key: str,
    *,
    text: str,
    said_by: str,
    goal_id: str | None = None,
    evaluate_every: str | None = None,
    next_day: dt.date | None = None,
) -> str:
    """Add a goal to a theme (the theme is added when the plan does not have it yet)."""
    data = ed.data
    if said_by not in SAID_BY:
        raise _not_one(said_by, SAID_BY, "voice")
    if evaluate_every is not None:
        try:
            evaluate_every = str(parse_interval(evaluate_every))
        except ValueError as e:
            raise UserError(f"--evaluate-every: {e}") from None
    existing = {g.get("id") for _, g in _goals(data)}
    if goal_id is None:
        goal_id = next(f"g{n}" for n in range(1, 100_000) if f"g{n}" not in existing)
    elif goal_id in existing:
        raise UserError(tr("error.goal_taken", goal=goal_id))
    goal: dict[str, Any] = {"id": goal_id, "text": text, "said_by": said_by, "status": "active"}
    if next_day is not None:
        goal["next_evaluation"] = next_day.isoformat()
    if evaluate_every is not None:
        goal["evaluate_every"] = evaluate_every
    if data.get("themes") is not None and not isinstance(data.get("themes"), list):
        raise UserError(tr("error.not_a_list", name="themes"))
    theme = next(((i, t) for i, t in _dicts(data.get("themes")) if t.get("theme") == theme_key), None)
    if theme is None:
        new_theme = {"theme": theme_key, "focus_agreement": "agreed", "goals": [goal]}
        _add_to_list(ed, (), "themes", new_theme, before=("meetings", "revisions", "dilemmas"))
    else:
        _add_to_list(ed, ("themes", theme[0]), "goals", goal)
    return said("commit.goal_added", plan=data.get("id"), goal=goal_id, goal_text=text, in_theme=theme_key)
