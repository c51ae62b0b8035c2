"""Record what happened in a plan: an evaluation of a goal, a whole-plan revision, a measure's new
status. Each function changes an opened plan (ipcli.edit) and returns a message in plan words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ipcli.calendar import parse_interval
from ipcli.errors import UserError
from ipcli.schema import plan_schema

_defs = plan_schema()["$defs"]

# the closed vocabularies come from the schema, the single truth for what a plan may say
ACHIEVEMENTS: tuple[str, ...] = tuple(_defs["evaluation"]["properties"]["achievement"]["enum"])
OUTCOMES: tuple[str, ...] = tuple(_defs["evaluation"]["properties"]["outcome"]["enum"])
MEASURE_STATUSES: tuple[str, ...] = tuple(_defs["measure"]["properties"]["status"]["enum"])
SAID_BY: tuple[str, ...] = tuple(_defs["voice"]["enum"])


def _flow(items: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _participants(data: Any) -> set[str]:
    return {p.get("id") for p in data.get("participants") or []}


def _check_ids(data: Any, ids: list[str], what: str) -> None:
    known = _participants(data)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UserError(
            f"{what}: {', '.join(unknown)} is not a participant of the plan",
            "participants: " + ", ".join(sorted(k for k in known if k)),
        )


def _last_holder(node: Any) -> tuple[Any, Any] | None:
    """The (mapping or sequence, key or index) at the very end of a node: where ruamel keeps the
    blank lines and comments that follow it in the file."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and node:
        key = list(node.keys())[-1]
        deeper = _last_holder(node[key])
        return deeper or (node, key)
    if isinstance(node, CommentedSeq) and node:
        deeper = _last_holder(node[-1])
        return deeper or (node, len(node) - 1)
    return None


def _append(container: Any, value: Any, key: str | None = None) -> None:
    """Append to a sequence (or add a key at the end of a mapping), moving the blank lines and
    comments that followed the old end to the new end, so that they stay where they were."""
    before = _last_holder(container)
    token = None
    if before is not None:
        holder, where = before
        entry = holder.ca.items.get(where)
        if entry is not None and len(entry) > 2 and entry[2] is not None:
            token = _split_trailing(entry)
    if key is None:
        container.append(value)
    else:
        container[key] = value
    if token is not None:
        after = _last_holder(container)
        if after is not None:
            holder, where = after
            entry = holder.ca.items.setdefault(where, [None, None, None, None])
            while len(entry) < 4:
                entry.append(None)
            entry[2] = token


def _split_trailing(entry: list[Any]) -> Any:
    """Take the blank lines and full-line comments that follow a node out of ruamel's comment
    slot, leaving an end-of-line comment (`key: value  # note`) on its own line."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    token = entry[2]
    value: str = token.value
    if not value.lstrip(" ").startswith("#"):
        entry[2] = None
        return token  # only blank lines and comments on lines of their own: all of it moves
    eol, newline, rest = value.partition("\n")
    token.value = eol + newline
    return CommentToken(rest, CommentMark(0), None) if rest else None


def find_goal(data: Any, goal_id: str) -> Any:
    for theme in data.get("themes") or []:
        for goal in theme.get("goals") or []:
            if goal.get("id") == goal_id:
                return goal
    ids = [g.get("id") for t in data.get("themes") or [] for g in t.get("goals") or []]
    raise UserError(f'the plan has no goal "{goal_id}"', "goals: " + (", ".join(ids) or "none yet"))


def add_evaluation(
    data: Any,
    goal_id: str,
    *,
    day: dt.date,
    achievement: str,
    outcome: str,
    by: list[str],
    citizen: str | None = None,
    staff: str | None = None,
    next_day: dt.date | None = None,
) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    goal = find_goal(data, goal_id)
    if achievement not in ACHIEVEMENTS:
        raise UserError(f'"{achievement}" is not an achievement', "use one of: " + ", ".join(ACHIEVEMENTS))
    if outcome not in OUTCOMES:
        raise UserError(f'"{outcome}" is not an outcome', "use one of: " + ", ".join(OUTCOMES))
    _check_ids(data, by, "--by")
    if next_day is None:
        if goal.get("evaluate_every"):
            next_day = parse_interval(str(goal["evaluate_every"])).after(day)
        elif goal.get("next_evaluation") is not None and outcome != "end":  # ended: none needed
            raise UserError(
                f"goal {goal_id} has a next_evaluation date and no evaluate_every",
                "give the next evaluation date with --next YYYY-MM-DD",
            )
    evaluation = CommentedMap()
    evaluation["date"] = day
    if by:
        evaluation["by"] = _flow(by)
    evaluation["achievement"] = achievement
    evaluation["outcome"] = outcome
    if citizen:
        evaluation["citizen"] = citizen
    if staff:
        evaluation["staff"] = staff
    if goal.get("evaluations") is None:
        _append(goal, CommentedSeq(), key="evaluations")
    _append(goal["evaluations"], evaluation)
    if next_day is not None:
        if "next_evaluation" in goal:
            goal["next_evaluation"] = next_day
        else:  # where the schema's order puts it: before measures and evaluations
            keys = list(goal.keys())
            later = [keys.index(k) for k in ("measures", "evaluations") if k in keys]
            goal.insert(min(later) if later else len(keys), "next_evaluation", next_day)
    return f"{data.get('id')}: evaluation of {goal_id} ({achievement}, {outcome})"


def add_revision(
    data: Any,
    *,
    day: dt.date,
    summary: str,
    by: list[str],
    next_day: dt.date | None,
    default_interval: str = "12 months",
) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    _check_ids(data, by, "--by")
    revision = CommentedMap()
    revision["date"] = day
    if by:
        revision["by"] = _flow(by)
    revision["summary"] = summary
    if data.get("revisions") is None:
        _append(data, CommentedSeq(), key="revisions")
    _append(data["revisions"], revision)
    if next_day is None and data.get("next_revision") is not None:
        next_day = parse_interval(default_interval).after(day)
    if next_day is not None:
        if "next_revision" in data:
            data["next_revision"] = next_day
        else:
            position = list(data.keys()).index("basis") if "basis" in data else len(data)
            data.insert(position, "next_revision", next_day)
    return f"{data.get('id')}: whole-plan revision {day.isoformat()}"


def set_measure_status(data: Any, measure_id: str, status: str) -> str:
    if status not in MEASURE_STATUSES:
        raise UserError(f'"{status}" is not a measure status', "use one of: " + ", ".join(MEASURE_STATUSES))
    for theme in data.get("themes") or []:
        for goal in theme.get("goals") or []:
            for measure in goal.get("measures") or []:
                if measure.get("id") == measure_id:
                    old = measure.get("status", "planned")
                    measure["status"] = status
                    return f"{data.get('id')}: measure {measure_id} {old} → {status}"
    raise UserError(f'the plan has no measure "{measure_id}"')


def add_goal(
    data: Any,
    theme_key: str,
    *,
    text: str,
    said_by: str,
    goal_id: str | None = None,
    evaluate_every: str | None = None,
    next_day: dt.date | None = None,
) -> str:
    """Add a goal to a theme (the theme is added when the plan does not have it yet)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if said_by not in SAID_BY:
        raise UserError(f'"{said_by}" is not a voice', "use one of: " + ", ".join(SAID_BY))
    if evaluate_every is not None:
        try:
            evaluate_every = str(parse_interval(evaluate_every))
        except ValueError as e:
            raise UserError(f"--evaluate-every: {e}") from None
    existing = {g.get("id") for t in data.get("themes") or [] for g in t.get("goals") or []}
    if goal_id is None:
        goal_id = next(f"g{n}" for n in range(1, 10_000) if f"g{n}" not in existing)
    elif goal_id in existing:
        raise UserError(f'the plan already has a goal "{goal_id}"')
    if data.get("themes") is None:
        _append(data, CommentedSeq(), key="themes")
    theme = next((t for t in data["themes"] if t.get("theme") == theme_key), None)
    if theme is None:
        theme = CommentedMap()
        theme["theme"] = theme_key
        theme["focus_agreement"] = "agreed"
        _append(data["themes"], theme)
    goal = CommentedMap()
    goal["id"] = goal_id
    goal["text"] = text
    goal["said_by"] = said_by
    goal["status"] = "active"
    if next_day is not None:
        goal["next_evaluation"] = next_day
    if evaluate_every is not None:
        goal["evaluate_every"] = evaluate_every
    if theme.get("goals") is None:
        _append(theme, CommentedSeq(), key="goals")
    _append(theme["goals"], goal)
    return f"{data.get('id')}: goal {goal_id} added to {theme_key}"
