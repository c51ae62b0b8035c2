"""What changed between two versions of a plan, compared by ids, not by lines.

Reordered lists, re-indented text and comment edits are not changes to the plan; a goal moved
to another theme is. Works on the plain data of the fast reader, so even versions that do not
match the schema can be compared as far as they go.

A change is data, not a sentence: `said(key, **values)` with ids, profile keys, ISO dates and,
beside an id, the plan's own words for it (`goal="g1", goal_text="..."`, `person="kari",
person_name="Kari Hansen"`). ipcli.changes.changewords writes it for a person in the run's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipcli.plan.findings import said


def _canonical(value: Any) -> Any:
    """The value with the order of every list left out: reordering is not a change to the plan."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=repr)
    return value


def _by_id(items: Any, key: str = "id") -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {str(i[key]): i for i in items if isinstance(i, dict) and key in i}


def _goals(data: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    out = {}
    for theme in data.get("themes") or []:
        if isinstance(theme, dict):
            for goal in theme.get("goals") or []:
                if isinstance(goal, dict) and "id" in goal:
                    out[str(goal["id"])] = (str(theme.get("theme")), goal)
    return out


def _measures(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {mid: m for _t, g in _goals(data).values() for mid, m in _by_id(g.get("measures")).items()}


def _dated(items: Any) -> list[dict[str, Any]]:
    return [i for i in items or [] if isinstance(i, dict)]


def _key(item: dict[str, Any]) -> str:
    return repr(sorted((k, repr(v)) for k, v in item.items()))


def _new_entries(old: Any, new: Any) -> list[dict[str, Any]]:
    """Entries of `new` that were not in `old` (order does not matter)."""
    seen = {_key(i) for i in _dated(old)}
    return [i for i in _dated(new) if _key(i) not in seen]


def _text(item: Any, key: str = "text") -> str:
    value = item.get(key) if isinstance(item, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _scalar(old: Any, new: Any, field: str, **subject: object) -> Iterator[str]:
    """A value set, removed or changed: `field` names it; `subject` is whose (a goal, a measure)."""
    if old != new:
        if old is None:
            yield said("history.set", field=field, **subject, new=new)
        elif new is None:
            yield said("history.removed", field=field, **subject, old=old)
        else:
            yield said("history.changed", field=field, **subject, old=old, new=new)


class _People:
    """Participants' names from both versions (a removed one is only in the old)."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.names = {
            pid: _text(p, "name")
            for data in (old, new)
            for pid, p in _by_id(data.get("participants")).items()
        }

    def __call__(self, pid: object, name: str = "person") -> dict[str, object]:
        return {name: pid, f"{name}_name": self.names.get(str(pid), "")}


def changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """The changes from `old` to `new` as said() data; [] when the plan means the same."""
    if old is None and new is None:
        return []
    if old is None:
        return [said("history.created", plan_status=(new or {}).get("status", "?"))]
    if new is None:
        return [said("history.deleted")]
    out: list[str] = []
    for key in (
        "status",
        "participation",
        "profile",
        "next_revision",
        "work_started",
        "enrolled",
        "referred",
    ):
        out += _scalar(old.get(key), new.get(key), key)
    out += _scalar((old.get("period") or {}).get("end"), (new.get("period") or {}).get("end"), "period_end")
    people = _People(old, new)
    if old.get("coordinator") != new.get("coordinator"):
        out.append(
            said(
                "history.coordinator",
                **people(old.get("coordinator"), "old"),
                **people(new.get("coordinator"), "new"),
            )
        )
    if (old.get("person") or {}).get("name") != (new.get("person") or {}).get("name"):
        out.append(said("history.person_name"))
    out += _participants(old, new, people)
    out += _consents(old, new, people)
    out += _themes(old, new)
    out += _goal_changes(old, new)
    out += _measure_changes(old, new, people)
    for m in _new_entries(old.get("meetings"), new.get("meetings")):
        out.append(said("history.meeting", date=m.get("date"), kind=m.get("kind")))
    for r in _new_entries(old.get("revisions"), new.get("revisions")):
        out.append(said("history.revision", date=r.get("date")))
    if not out and _canonical(old) != _canonical(new):
        keys = [k for k in sorted(set(old) | set(new)) if _canonical(old.get(k)) != _canonical(new.get(k))]
        out.append(said("history.details", parts=keys))
    return out


def _participants(old: dict[str, Any], new: dict[str, Any], people: _People) -> Iterator[str]:
    a, b = _by_id(old.get("participants")), _by_id(new.get("participants"))
    for pid in sorted(b.keys() - a.keys()):
        yield said("history.participant.added", **people(pid), role=b[pid].get("role"))
    for pid in sorted(a.keys() - b.keys()):
        yield said("history.participant.removed", **people(pid))
    for pid in sorted(a.keys() & b.keys()):
        if a[pid].get("to") != b[pid].get("to") and b[pid].get("to"):
            yield said("history.participant.leaves", **people(pid), date=b[pid].get("to"))
        elif a[pid].get("role") != b[pid].get("role"):
            yield said(
                "history.participant.role",
                **people(pid),
                old_role=a[pid].get("role"),
                new_role=b[pid].get("role"),
            )


def _consents(old: dict[str, Any], new: dict[str, Any], people: _People) -> Iterator[str]:
    a, b = _by_id(old.get("consents")), _by_id(new.get("consents"))

    def consent(cid: str, c: dict[str, Any]) -> dict[str, object]:
        return {"consent": cid, "consent_kind": c.get("kind") or ""}

    for cid in sorted(b.keys() - a.keys()):
        yield said("history.added", **consent(cid, b[cid]))
    for cid in sorted(a.keys() - b.keys()):
        yield said("history.removed.item", **consent(cid, a[cid]))
    for cid in sorted(a.keys() & b.keys()):
        if b[cid].get("withdrawn") and not a[cid].get("withdrawn"):
            yield said("history.consent.withdrawn", **consent(cid, b[cid]))
        yield from _scalar(
            a[cid].get("valid_until"), b[cid].get("valid_until"), "valid_until", **consent(cid, b[cid])
        )
        covers = [str(p) for p in b[cid].get("covers") or []]
        if sorted(str(p) for p in a[cid].get("covers") or []) != sorted(covers):
            yield said(
                "history.consent.covers",
                **consent(cid, b[cid]),
                people=covers,
                people_names=[people.names.get(p, "") for p in covers],
            )


def _themes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _by_id(old.get("themes"), "theme"), _by_id(new.get("themes"), "theme")
    for key in sorted(b.keys() - a.keys()):
        yield said("history.added", theme=key)
    for key in sorted(a.keys() - b.keys()):
        yield said("history.removed.item", theme=key)
    for key in sorted(a.keys() & b.keys()):
        yield from _scalar(
            a[key].get("focus_agreement"), b[key].get("focus_agreement"), "focus_agreement", theme=key
        )
        if a[key].get("situation") != b[key].get("situation"):
            yield said("history.theme.situation", theme=key)
        for w in _new_entries(a[key].get("wishes"), b[key].get("wishes")):
            yield said("history.theme.wish", theme=key, text=_text(w))


def _goal_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _goals(old), _goals(new)

    def goal(gid: str, g: dict[str, Any]) -> dict[str, object]:
        return {"goal": gid, "goal_text": _text(g)}

    for gid in sorted(b.keys() - a.keys()):
        yield said("history.goal.added", **goal(gid, b[gid][1]), in_theme=b[gid][0])
    for gid in sorted(a.keys() - b.keys()):
        yield said("history.removed.item", **goal(gid, a[gid][1]))
    for gid in sorted(a.keys() & b.keys()):
        (theme_a, ga), (theme_b, gb) = a[gid], b[gid]
        if theme_a != theme_b:
            yield said("history.goal.moved", **goal(gid, gb), old_theme=theme_a, new_theme=theme_b)
        yield from _scalar(ga.get("status"), gb.get("status"), "goal_status", **goal(gid, gb))
        if ga.get("text") != gb.get("text"):
            yield said("history.goal.text", **goal(gid, gb))
        for e in _new_entries(ga.get("evaluations"), gb.get("evaluations")):
            yield said(
                "history.evaluation",
                **goal(gid, gb),
                achievement=e.get("achievement"),
                outcome=e.get("outcome"),
            )
        yield from _scalar(
            ga.get("next_evaluation"), gb.get("next_evaluation"), "next_evaluation", **goal(gid, gb)
        )
        sa, sb = _by_id(ga.get("subgoals")), _by_id(gb.get("subgoals"))
        for sid in sorted(sb.keys() - sa.keys()):
            yield said("history.added", subgoal=sid, subgoal_text=_text(sb[sid]))
        for sid in sorted(sa.keys() & sb.keys()):
            yield from _scalar(
                sa[sid].get("status"),
                sb[sid].get("status"),
                "goal_status",
                subgoal=sid,
                subgoal_text=_text(sb[sid]),
            )


def _measure_changes(old: dict[str, Any], new: dict[str, Any], people: _People) -> Iterator[str]:
    a, b = _measures(old), _measures(new)

    def measure(mid: str, m: dict[str, Any]) -> dict[str, object]:
        return {"measure": mid, "measure_text": _text(m)}

    for mid in sorted(b.keys() - a.keys()):
        yield said("history.added", **measure(mid, b[mid]))
    for mid in sorted(a.keys() - b.keys()):
        yield said("history.removed.item", **measure(mid, a[mid]))
    for mid in sorted(a.keys() & b.keys()):
        m = measure(mid, b[mid])
        yield from _scalar(
            a[mid].get("status", "planned"), b[mid].get("status", "planned"), "measure_status", **m
        )
        yield from _scalar(a[mid].get("due"), b[mid].get("due"), "due", **m)
        old_r, new_r = a[mid].get("responsible"), b[mid].get("responsible")
        names = {"old_name": people.names.get(str(old_r), ""), "new_name": people.names.get(str(new_r), "")}
        yield from _scalar(old_r, new_r, "responsible", **m, **names)
