"""What `ipcli log` shows, as data: a plan's entries (with what is not yet committed), or the
repository's entries over a period grouped by plan, and their JSON forms. The command only
reads its options and writes these out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ipcli.changes import changewords, history
from ipcli.changes.history import Entry
from ipcli.plan.limits import Limits


def with_pending(root: Path, rel: str, limits: Limits, entries: list[Entry], on_disk: bool) -> list[Entry]:
    """A plan's entries, newest first, after its uncommitted changes when the file is on disk."""
    pending = history.uncommitted(root, rel, limits) if on_disk else None
    return entries if pending is None else [pending, *entries]


def by_plan(entries: list[Entry]) -> dict[str, list[Entry]]:
    """The repository's entries per plan id (the file's name), each plan's in log order."""
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(Path(entry.path).stem, []).append(entry)
    return grouped


def plan_json(plan_id: str, entries: list[Entry], words: changewords.Words) -> dict[str, object]:
    return {"version": 1, "plan": plan_id, "entries": [changewords.entry_dict(e, words) for e in entries]}


def repo_json(
    since: dt.date, until: dt.date | None, plans: dict[str, list[Entry]], words: changewords.Words
) -> dict[str, object]:
    return {
        "version": 1,
        "since": str(since),
        "until": str(until) if until else None,
        "plans": {pid: [changewords.entry_dict(e, words) for e in es] for pid, es in sorted(plans.items())},
    }
