"""Formats for the list of plans (`ipcli plans`): table, text, json, csv. One class per format.

The table fits the terminal's width: the plan id, status and date are never shortened; the
person's, the coordinator's and the unit's names are, with "…", the longest first."""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol, TextIO

from ipcli import __version__
from ipcli.language import i18n
from ipcli.language.i18n import tr
from ipcli.reports.planlist import PlanList, PlanRow

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text: str | None) -> str:
    """Plan text on one line, with no control characters a terminal would act on."""
    return _CONTROL.sub(" ", text or "")


class PlansWriter(Protocol):
    def write(self, plans: PlanList, out: TextIO) -> None: ...


def _day(day: dt.date) -> str:
    """A date in a column: 2026-10-15 in English (as before), 15.10.2026 in nb, nn and da."""
    lang = i18n.current()
    return day.isoformat() if lang == "en" else i18n.date(day, lang, "short")


def deadline(row: PlanRow) -> str:
    if row.next is None or row.next_date is None:
        return ""
    if row.next.day == 0:
        return tr("plans.now")
    return tr("plans.overdue", date=_day(row.next_date)) if row.overdue else _day(row.next_date)


def status(row: PlanRow, short: bool = False) -> str:
    """The plan's status in the reader's language (a status the schema does not know, as it is);
    `short` for the table's column, which is never cut."""
    if row.problem is not None:
        return tr("plans.unreadable")
    if row.declined_plan and row.status != "closed":  # NO: no plan is made, whatever the file says
        return tr("status.declined_plan.short") if short else tr("status.declined_plan")
    key = "status." + row.status  # the words are in the catalogue (ipcli/language/vocabulary.py)
    text = tr(key)
    return row.status if text == key else text


def head() -> tuple[str, ...]:
    return (
        tr("plans.head.plan"),
        tr("plans.head.person"),
        tr("plans.head.coordinator"),
        tr("plans.head.status"),
        tr("plans.head.unit"),
        tr("plans.head.next"),
    )


_SHRINKABLE = (1, 2, 4)  # person, coordinator, unit
_MIN = 6


def _cells(row: PlanRow) -> list[str]:
    if row.problem is not None:
        return [
            row.id,
            plain(row.person) or "?",
            plain(row.coordinator) or "?",
            status(row),
            plain(row.unit),
            "",
        ]
    return [
        row.id,
        plain(row.person),
        plain(row.coordinator),
        status(row, True),
        plain(row.unit),
        deadline(row),
    ]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"


def fit(widths: list[int], room: int) -> list[int | None]:
    """Column widths that fit `room` characters (two spaces between columns), taking from the
    widest shrinkable column first, never below a few characters; when that is not enough, the
    unit's column is left out (None) rather than every name cut to nothing."""
    for columns in (list(range(len(widths))), [i for i in range(len(widths)) if i != 4]):
        fitted = {i: widths[i] for i in columns}
        while sum(fitted.values()) + 2 * (len(fitted) - 1) > room:
            i = max((k for k in _SHRINKABLE if k in fitted), key=lambda k: fitted[k])
            if fitted[i] <= _MIN:
                break
            fitted[i] -= 1
        if sum(fitted.values()) + 2 * (len(fitted) - 1) <= room:
            break
    return [fitted.get(i) for i in range(len(widths))]


class TableWriter:
    def __init__(self, width: int = 80) -> None:
        self.width = width

    def write(self, plans: PlanList, out: TextIO) -> None:
        heading = head()
        table = [list(heading)] + [_cells(r) for r in plans.rows]
        widths = fit([max(len(r[i]) for r in table) for i in range(len(heading))], self.width)
        for cells in table:
            shown = [_cut(c, w).ljust(w) for c, w in zip(cells, widths, strict=True) if w is not None]
            out.write("  ".join(shown).rstrip() + "\n")
        for r in plans.rows:
            if r.problem is not None:
                details = tr("plans.run_lint", file=r.file)
                out.write(f"\n{plain(r.problem)}\n  {details}\n")


class TextWriter:
    """One line per plan, for scripts and mail: every field, nothing shortened."""

    def write(self, plans: PlanList, out: TextIO) -> None:
        for r in plans.rows:
            if r.problem is not None:
                out.write(f"{r.id}  {status(r)}  {plain(r.problem)}\n")
                continue
            parts = [
                r.id,
                status(r),
                plain(r.unit) or "-",
                plain(r.person),
                tr("plans.coordinator", name=plain(r.coordinator) or tr("plans.none")),
            ]
            if r.next is not None:
                parts.append(tr("plans.next", when=deadline(r), what=plain(r.what())))
            out.write("  ".join(parts) + "\n")


def row_dict(r: PlanRow) -> dict[str, object]:
    nxt = None
    if r.next is not None and r.next_date is not None:
        nxt = {
            "date": r.next_date.isoformat(),
            "days_left": r.days,
            "overdue": r.overdue,
            "code": r.next.code,
            "what": r.what(),
            "line": r.next.line,
        }
    return {
        "id": r.id,
        "person": r.person or None,
        "coordinator": r.coordinator,
        "status": r.status,
        "declined_plan": r.declined_plan,
        "unit": r.unit,
        "next_deadline": nxt,
        "file": r.file,
        "problem": r.problem,
    }


class JsonWriter:
    """{"version": 1, "tool", "today", "plans": [{id, person, coordinator, status, unit,
    next_deadline: {date, days_left, overdue, code, what, line} | null, file, problem}]}."""

    def write(self, plans: PlanList, out: TextIO) -> None:
        from ipcli.output.findings import dump_json

        doc = {
            "version": 1,
            "tool": f"ipcli {__version__}",
            "today": plans.today.isoformat(),
            "plans": [row_dict(r) for r in plans.rows],
        }
        dump_json(doc, "plans", out)


class CsvWriter:
    COLUMNS = (
        "plan",
        "person",
        "coordinator",
        "status",
        "unit",
        "next_deadline",
        "next_what",
        "file",
        "problem",
    )

    def write(self, plans: PlanList, out: TextIO) -> None:
        from ipcli.output.csvfile import CsvRows

        w = CsvRows(out)  # neutralises formulas in every text cell
        w.row(self.COLUMNS)
        for r in plans.rows:
            cells = [
                r.id,
                r.person,
                r.coordinator or "",
                r.status,
                r.unit or "",
                r.next_date.isoformat() if r.next_date else "",
                r.what(),
                r.file,
                r.problem or "",
            ]
            w.row(cells)


WRITERS: dict[str, type[TextWriter] | type[JsonWriter] | type[CsvWriter]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "csv": CsvWriter,
}
