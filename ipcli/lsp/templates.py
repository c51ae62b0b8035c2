"""Code actions that insert a template with the same edit code the CLI uses (`ipcli evaluate`,
`ipcli measure --add`): an evaluation or a measure for the goal under the cursor, spliced into
the editor's text, for the writer to complete."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ipcli.errors import UserError
from ipcli.language.calendar import add_months
from ipcli.lsp.document import OpenPlan
from ipcli.plan.positions import extent, node_at


def goal_at(doc: OpenPlan, line: int) -> str | None:
    """The id of the goal whose lines hold this line (0-based), if the plan reads."""
    plan = doc.plan
    document = doc.loaded.document
    if plan is None or document is None:
        return None
    found = None
    for _theme, goal in plan.goals():
        goal_id = node_at(document.root, (*goal.at, "id"))
        if goal_id is not None and goal_id.start_mark.line <= line:
            lines = extent(document.root, goal.at)
            if lines is not None and line <= lines[2] + 1:
                found = goal.id
    return found


def _editable(doc: OpenPlan) -> Any:
    from ipcli.edits.edit import Editable
    from ipcli.edits.splice import Splicer

    data = doc.loaded.data
    return Editable(doc.file, doc.rel, doc.text.encode("utf-8"), data, Splicer(doc.text, data, doc.rel))


def evaluation(doc: OpenPlan, goal_id: str, today: dt.date) -> str | None:
    """The plan's text with an evaluation of the goal recorded today (to complete), or None."""
    from ipcli.edits.record import add_evaluation, find_goal

    ed = _editable(doc)
    _path, goal = find_goal(ed.data, goal_id)
    plan = doc.plan
    by = [plan.coordinator] if plan is not None and plan.coordinator else []
    next_day = None if goal.get("evaluate_every") else add_months(today, 6)
    try:
        add_evaluation(
            ed, goal_id, day=today, achievement="in-progress", outcome="continue", by=by, next_day=next_day
        )
        return str(ed.splice.result())
    except UserError:
        return None


def measure(doc: OpenPlan, goal_id: str, today: dt.date) -> str | None:
    """The plan's text with a new measure under the goal (to complete), or None."""
    from ipcli.edits.record import add_measure
    from ipcli.language.i18n import tr

    ed = _editable(doc)
    plan = doc.plan
    try:
        add_measure(
            ed,
            goal_id,
            # the measure's text until the writer says what will be done, in the plan's language
            text=tr("lsp.measure.text", doc.language),
            responsible=plan.coordinator if plan is not None else None,
            start=today,
            due=add_months(today, 3),
        )
        return str(ed.splice.result())
    except UserError:
        return None


def changed_lines(old: list[str], new: list[str]) -> tuple[int, int, list[str]]:
    """The lines to replace: from the first that differs to the last (old's end, exclusive),
    and the new lines in their place. An edit that touches only what changed."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]
