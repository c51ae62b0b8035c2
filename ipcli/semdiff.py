"""What changed between two versions of a plan, in plan words, compared by ids, not by lines.

Reordered lists, re-indented text and comment edits are not changes to the plan; a goal moved
to another theme is. Works on the plain data of the fast reader, so even versions that do not
match the schema can be compared as far as they go.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipcli.results import short


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


def _scalar(old: Any, new: Any, what: str) -> Iterator[str]:
    if old != new:
        if old is None:
            yield f"{what} set to {new}"
        elif new is None:
            yield f"{what} removed (was {old})"
        else:
            yield f"{what}: {old} → {new}"


def changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """The changes from `old` to `new` in plan words; [] when the plan means the same."""
    if old is None and new is None:
        return []
    if old is None:
        return [f"plan created ({(new or {}).get('status', '?')})"]
    if new is None:
        return ["plan deleted"]
    out: list[str] = []
    for key, what in (
        ("status", "status"),
        ("participation", "participation"),
        ("profile", "profile"),
        ("next_revision", "next revision"),
        ("work_started", "plan work started"),
        ("enrolled", "enrolment date"),
        ("referred", "referral date"),
    ):
        out += _scalar(old.get(key), new.get(key), what)
    out += _scalar(
        (old.get("period") or {}).get("end"), (new.get("period") or {}).get("end"), "plan period ends"
    )
    if old.get("coordinator") != new.get("coordinator"):
        out.append(f"coordinator changed from {old.get('coordinator')} to {new.get('coordinator')}")
    if (old.get("person") or {}).get("name") != (new.get("person") or {}).get("name"):
        out.append("the person's name changed")
    out += _participants(old, new)
    out += _consents(old, new)
    out += _themes(old, new)
    out += _goal_changes(old, new)
    out += _measure_changes(old, new)
    for m in _new_entries(old.get("meetings"), new.get("meetings")):
        out.append(f"meeting on {m.get('date')} ({m.get('kind')}) recorded")
    for r in _new_entries(old.get("revisions"), new.get("revisions")):
        out.append(f"whole-plan revision recorded ({r.get('date')})")
    if not out and _canonical(old) != _canonical(new):
        keys = [k for k in sorted(set(old) | set(new)) if _canonical(old.get(k)) != _canonical(new.get(k))]
        out.append(f"wording or details changed ({', '.join(keys)})")
    return out


def _participants(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _by_id(old.get("participants")), _by_id(new.get("participants"))
    for pid in b.keys() - a.keys():
        yield f"participant {pid} added ({b[pid].get('role')})"
    for pid in a.keys() - b.keys():
        yield f"participant {pid} removed"
    for pid in a.keys() & b.keys():
        if a[pid].get("to") != b[pid].get("to") and b[pid].get("to"):
            yield f"participant {pid} leaves the plan work {b[pid].get('to')}"
        elif a[pid].get("role") != b[pid].get("role"):
            yield f"participant {pid}: role {a[pid].get('role')} → {b[pid].get('role')}"


def _consents(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _by_id(old.get("consents")), _by_id(new.get("consents"))
    for cid in b.keys() - a.keys():
        yield f"consent {cid} added ({b[cid].get('kind')})"
    for cid in a.keys() - b.keys():
        yield f"consent {cid} removed"
    for cid in a.keys() & b.keys():
        if b[cid].get("withdrawn") and not a[cid].get("withdrawn"):
            yield f"consent {cid} withdrawn"
        yield from _scalar(
            a[cid].get("valid_until"), b[cid].get("valid_until"), f"consent {cid}: valid until"
        )
        if sorted(a[cid].get("covers") or []) != sorted(b[cid].get("covers") or []):
            yield f"consent {cid}: now covers {', '.join(b[cid].get('covers') or []) or 'no one'}"


def _themes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _by_id(old.get("themes"), "theme"), _by_id(new.get("themes"), "theme")
    for key in b.keys() - a.keys():
        yield f"theme {key} added"
    for key in a.keys() - b.keys():
        yield f"theme {key} removed"
    for key in a.keys() & b.keys():
        yield from _scalar(
            a[key].get("focus_agreement"), b[key].get("focus_agreement"), f"theme {key}: focus area"
        )
        if a[key].get("situation") != b[key].get("situation"):
            yield f"theme {key}: situation updated"
        for w in _new_entries(a[key].get("wishes"), b[key].get("wishes")):
            yield f'theme {key}: wish recorded "{short(str(w.get("text")), 40)}"'


def _goal_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _goals(old), _goals(new)
    for gid in b.keys() - a.keys():
        yield f"goal {gid} added ({b[gid][0]})"
    for gid in a.keys() - b.keys():
        yield f"goal {gid} removed"
    for gid in a.keys() & b.keys():
        (theme_a, ga), (theme_b, gb) = a[gid], b[gid]
        if theme_a != theme_b:
            yield f"goal {gid} moved from {theme_a} to {theme_b}"
        yield from _scalar(ga.get("status"), gb.get("status"), f"goal {gid}")
        if ga.get("text") != gb.get("text"):
            yield f"goal {gid}: text changed"
        for e in _new_entries(ga.get("evaluations"), gb.get("evaluations")):
            yield f"evaluation of {gid} recorded ({e.get('achievement')}, {e.get('outcome')})"
        yield from _scalar(
            ga.get("next_evaluation"), gb.get("next_evaluation"), f"goal {gid}: next evaluation"
        )
        sa, sb = _by_id(ga.get("subgoals")), _by_id(gb.get("subgoals"))
        for sid in sb.keys() - sa.keys():
            yield f"sub-goal {sid} added"
        for sid in sa.keys() & sb.keys():
            yield from _scalar(sa[sid].get("status"), sb[sid].get("status"), f"sub-goal {sid}")


def _measure_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = _measures(old), _measures(new)
    for mid in b.keys() - a.keys():
        yield f"measure {mid} added"
    for mid in a.keys() - b.keys():
        yield f"measure {mid} removed"
    for mid in a.keys() & b.keys():
        yield from _scalar(a[mid].get("status", "planned"), b[mid].get("status", "planned"), f"measure {mid}")
        yield from _scalar(a[mid].get("due"), b[mid].get("due"), f"measure {mid}: due")
        yield from _scalar(
            a[mid].get("responsible"), b[mid].get("responsible"), f"measure {mid}: responsible"
        )
