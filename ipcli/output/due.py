"""Formats for the due report: text, table, json, csv, md, ics. One class per format."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Protocol, TextIO

from ipcli import __version__
from ipcli.deadlines.words import Memo
from ipcli.language import i18n
from ipcli.language.dateforms import long_date, short_date
from ipcli.language.i18n import N_, tr, tr_n
from ipcli.language.nationalid import mask
from ipcli.language.safe import write_masked
from ipcli.output.layout import Entry, Layout, sizes
from ipcli.reports.duereport import (
    CANNOT_READ,
    DRAFT,
    MUST_FIX,
    NO_COORDINATOR,
    UNREADABLE,
    DueReport,
    DueRow,
)


class DueWriter(Protocol):
    def write(self, report: DueReport, out: TextIO) -> None: ...


# the words for a row's flag (see DueRow.flag): message keys
_PROBLEM_WHEN = {CANNOT_READ: N_("due.problem.cannot_read"), MUST_FIX: N_("due.problem.must_fix")}
PROBLEM_AFTER = {
    CANNOT_READ: N_("due.problem.cannot_read.after"),
    MUST_FIX: N_("due.problem.must_fix.after"),
}


def when(row: DueRow) -> str:
    if row.flag in _PROBLEM_WHEN:
        return tr(_PROBLEM_WHEN[row.flag])
    return _when(row.days_left, bool(row.item.day), i18n.current())


_row_when = when  # for TextWriter, where `when` names a local


@functools.cache  # a report has tens of thousands of rows but only a few hundred distinct days
def _when(n: int, dated: bool, lang: str) -> str:
    if not dated:
        return tr("due.when.now", lang)
    if n == 0:
        return tr("due.when.today", lang)
    if n < 0:
        return tr_n("due.when.overdue.one", "due.when.overdue.other", -n, lang)
    return tr_n("due.when.in.one", "due.when.in.other", n, lang)


def _day(day: dt.date) -> str:
    """A date in a column: 2026-12-15 in English, 15.12.2026 in nb, nn and da."""
    return short_date(day, i18n.current())


def _what(row: DueRow, redact: bool) -> str:
    if row.problem:  # the finding's message, and what it means for the report
        return f"{row.message} — {tr(PROBLEM_AFTER[row.flag])}"
    what = row.item.describe(redact, row.names)
    return tr("due.draft_mark", what=what) if row.flag == DRAFT else what


def group_name(name: str) -> str:
    if name == NO_COORDINATOR:
        return tr("due.no_coordinator")
    return tr("due.unreadable_group") if name == UNREADABLE else name


def where(row: DueRow) -> str:
    """file:line, and the column for a problem in the file (as lint shows it)."""
    return f"{row.file}:{row.line}:{row.item.col}" if row.problem else f"{row.file}:{row.line}"


def _heading(name: str, rows: list[DueRow], email: str | None) -> str:
    problems = sum(1 for r in rows if r.problem)
    deadlines = len(rows) - problems
    overdue = sum(1 for r in rows if r.overdue)
    name = group_name(name)
    who = f"{name} <{email}>" if email else name
    if not problems:
        return tr_n("due.heading.one", "due.heading.other", len(rows), who=who, overdue=overdue)
    parts = []
    if deadlines:
        items = tr_n("count.items.one", "count.items.other", deadlines)
        parts.append(f"{items}, {tr('due.summary.overdue', n=overdue)}")
    parts.append(tr_n("due.file_problems.one", "due.file_problems.other", problems))
    return f"{who}: {', '.join(parts)}"


def columns() -> list[str]:
    """The table columns' headings: Date, When, Plan, Person, What, Responsible, Where."""
    return [
        tr("due.column.date"),
        tr("due.column.when"),
        tr("due.column.plan"),
        tr("due.column.person"),
        tr("due.column.what"),
        tr("due.column.responsible"),
        tr("due.column.where"),
    ]


def cells(r: DueRow, redact: bool) -> list[str]:
    """The columns of a row for tables: Date, When, Plan, Person, What, Responsible, Where."""
    return [
        _day(r.date),
        when(r),
        r.plan_id,
        r.person,
        _what(r, redact),
        r.responsible or "",
        where(r),
    ]


def title(report: DueReport) -> str:
    lang = i18n.current()
    return tr("due.title", today=long_date(report.today, lang), until=long_date(report.until, lang))


def _what_with_responsible(r: DueRow, redact: bool) -> str:
    what = _what(r, redact)
    # in the coordinator's own list, only others' responsibility needs saying
    if r.responsible and r.item.responsible != r.coordinator_id:
        return f"{what} — {tr('due.responsible', name=r.responsible)}"
    return what


def entry(r: DueRow, redact: bool) -> Entry:
    """A row in the reader's words, for the terminal layout."""
    full = where(r)
    return Entry(
        _day(r.date),
        when(r),
        r.plan_id,
        r.person,
        _what_with_responsible(r, redact),
        full,
        full.rsplit("/", 1)[-1],
        r.overdue or r.problem,
    )


def nothing_due(report: DueReport | None = None) -> str:
    return tr("due.nothing_else") if report is not None and report.problems else tr("due.nothing")


def drafts_note(report: DueReport) -> str:
    return tr_n("due.drafts_note.one", "due.drafts_note.other", report.drafts)


class TextWriter:
    """Plain lines, written as they come (no table is built in memory). With a width, the
    terminal layout without colour (COLUMNS set for a pipe); without one, one line per item."""

    def __init__(self, redact: bool = False, width: int | None = None) -> None:
        self.redact = redact
        self.width = width

    def write(self, report: DueReport, out: TextIO) -> None:
        if self.width:
            LayoutWriter(self.redact, False, self.width).write(report, out)
            return
        out.write(title(report) + "\n")
        heads: dict[int, str] = {}  # the padded date columns: a few hundred days for all the rows
        whos: dict[str, tuple[str, str]] = {}  # plan id -> (person, padded columns)
        redact = self.redact
        lang = i18n.current()
        responsible = tr("due.responsible", name="\0").split("\0")  # the words around the name
        pad = max(17, len(_when(-999, True, lang)) + 1)  # as wide as "999 days overdue", and a space
        describe = Memo(redact, lang)
        made = describe.made  # looked up here first: one call fewer per row
        files: dict[str, str] = {}  # a file's path, masked (a folder may be named anything)
        for name, rows in report.groups():
            out.write("\n" + _heading(name, rows, rows[0].coordinator_email) + "\n")
            lines = []  # one write per coordinator
            for row in rows:
                (
                    days_left,
                    plan_id,
                    _,
                    line,
                    item,
                    person,
                    coordinator_id,
                    _,
                    _,
                    resp,
                    file,
                    _,
                    day,
                    names,
                    flag,
                ) = row
                if flag:  # a draft's deadline, or a problem in the file: rare, so words made here
                    lines.append(
                        mask(
                            f"  {short_date(day, lang)}  {_row_when(row):<{pad}} {plan_id:<8} {person:<18} "
                            f"{_what_with_responsible(row, redact)}  ({where(row)})\n"
                        )
                    )
                    continue
                _code, dated, words_of, text, owner, _line, _col = item
                head = heads.get(dated)
                if head is None:
                    when = _when(days_left, bool(dated), lang)
                    head = heads[dated] = f"  {short_date(day, lang)}  {when:<{pad}} "
                who = whos.get(plan_id)
                if who is None or who[0] != person:  # two files may claim one plan id
                    who = whos[plan_id] = (person, f"{plan_id:<8} {person:<18} ")
                what = made.get((words_of, text)) or describe(words_of, text, names)
                shown = files.get(file)
                if shown is None:
                    shown = files[file] = mask(file)
                # in the coordinator's own list, only others' responsibility needs saying
                if resp and owner != coordinator_id:
                    lines.append(
                        f"{head}{who[1]}{what} — {responsible[0]}{resp}{responsible[1]}  ({shown}:{line})\n"
                    )
                else:
                    lines.append(f"{head}{who[1]}{what}  ({shown}:{line})\n")
            # every value in these lines was masked when its plan was analysed (checks.results.masked),
            # the paths and the rare rows made above just now: no second mask (safe.write_masked)
            write_masked(out, "".join(lines))
        if not report.by_coordinator:
            out.write("\n" + nothing_due(report) + "\n")
        if report.drafts:
            out.write("\n" + drafts_note(report) + "\n")


class LayoutWriter:
    """The report for a terminal `width` columns wide: one line per item when it is wide, two
    lines per item when it is narrow (see ipcli.output.layout); overdue items red with colour."""

    def __init__(self, redact: bool = False, color: bool = True, width: int | None = None) -> None:
        self.redact = redact
        self.color = color
        self.width = width or terminal_width()

    def write(self, report: DueReport, out: TextIO) -> None:
        layout = Layout(self.width, self.color)
        groups = [(name, rows, [entry(r, self.redact) for r in rows]) for name, rows in report.groups()]
        widths = sizes([e for _n, _r, entries in groups for e in entries])
        lines = layout.title(title(report))
        for name, rows, entries in groups:
            lines += layout.heading(_heading(name, rows, rows[0].coordinator_email))
            lines += layout.entries(entries, widths)
        if not report.by_coordinator:
            lines += layout.note(nothing_due(report))
        if report.drafts:
            lines += layout.note(drafts_note(report))
        out.write("".join(line + "\n" for line in lines))


def terminal_width() -> int:
    """The terminal's width: COLUMNS when it is a positive number, else the terminal's own, else
    80 (a pipe; COLUMNS=0 counts as not set)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns or 80


def row_dict(r: DueRow, redact: bool) -> dict[str, object]:
    if r.problem:
        return {
            "date": r.date.isoformat(),
            "days_left": 0,
            "overdue": False,
            "code": r.item.code,
            "plan": r.plan_id,
            "person": r.person,
            "what": r.message,
            "key": None,
            "values": {},
            "text": None,
            "responsible": {"id": None, "name": None},
            "coordinator": {"id": r.coordinator_id, "name": r.coordinator, "email": r.coordinator_email},
            "file": r.file,
            "line": r.line,
            "draft": False,
            "problem": {"kind": r.flag, "col": r.item.col, "message": r.message, "hint": r.item.text},
        }
    return {
        "date": r.date.isoformat(),
        "days_left": r.days_left,
        "overdue": r.overdue,
        "code": r.item.code,
        "plan": r.plan_id,
        "person": r.person,
        "what": _what(r, redact),  # in the chosen language; "key" and "values" stay the same
        "key": r.item.what[0],
        "values": {str(r.item.what[i]): r.item.what[i + 1] for i in range(1, len(r.item.what) - 1, 2)},
        "text": None if redact else r.item.text,
        "responsible": {"id": r.item.responsible, "name": r.responsible},
        "coordinator": {"id": r.coordinator_id, "name": r.coordinator, "email": r.coordinator_email},
        "file": r.file,
        "line": r.line,
        "draft": r.flag == DRAFT,
        "problem": None,
    }


class JsonWriter:
    """{"version": 1, "today", "until", "plans", "closed", "declined", "declined_plan", "drafts",
    "unreadable" (files that do not read as a plan), "unusable" (plans with a value that cannot be
    used), "problems", "overdue", "items"}; the problems in the files are the first items, with
    "problem" set."""

    def __init__(self, redact: bool = False) -> None:
        self.redact = redact

    def write(self, report: DueReport, out: TextIO) -> None:
        doc = {
            "version": 1,
            "tool": f"ipcli {__version__}",
            "today": report.today.isoformat(),
            "until": report.until.isoformat(),
            "plans": report.plans,
            "closed": report.closed,
            "declined": report.declined,
            "declined_plan": report.declined_plan,
            "drafts": report.drafts,
            "unreadable": report.unreadable,
            "unusable": report.unusable,
            "problems": report.problem_count,
            "overdue": report.overdue,
            "items": [row_dict(r, self.redact) for r in report.rows],
        }
        from ipcli.output.findings import dump_json

        dump_json(doc, "items", out)


class CsvWriter:
    COLUMNS = (
        "date",
        "days_left",
        "status",
        "code",
        "plan",
        "person",
        "what",
        "responsible",
        "coordinator",
        "file",
        "line",
    )

    def __init__(self, redact: bool = False) -> None:
        self.redact = redact

    def write(self, report: DueReport, out: TextIO) -> None:
        from ipcli.output.csvfile import CsvRows

        w = CsvRows(out)  # neutralises formulas in every text cell
        w.row(self.COLUMNS)
        for r in report.rows:
            w.row(
                [
                    r.date.isoformat(),
                    r.days_left,
                    r.flag if r.problem else "overdue" if r.overdue else "due",  # a machine's word: stable
                    r.item.code,
                    r.plan_id,
                    r.person,
                    _what(r, self.redact),
                    r.responsible or "",
                    group_name(r.coordinator),
                    where(r),
                    r.line,
                ]
            )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def md_escape(text: str) -> str:
    """Plan text as literal Markdown: no links, images, HTML or broken table cells."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


class MarkdownWriter:
    def __init__(self, redact: bool = False) -> None:
        self.redact = redact

    def write(self, report: DueReport, out: TextIO) -> None:
        out.write(f"# {md_escape(title(report))}\n")
        for name, rows in report.groups():
            out.write(f"\n## {md_escape(_heading(name, rows, rows[0].coordinator_email))}\n\n")
            out.write("| " + " | ".join(columns()) + " |\n")
            out.write("|---|---|---|---|---|---|---|\n")
            for r in rows:
                out.write("| " + " | ".join(md_escape(c) for c in cells(r, self.redact)) + " |\n")
        if not report.by_coordinator:
            out.write("\n" + nothing_due(report) + "\n")
        if report.drafts:
            out.write("\n" + md_escape(drafts_note(report)) + "\n")


def ics_text(value: str) -> str:
    """RFC 5545 TEXT: escape backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out)


class IcsWriter:
    """One all-day event per item. Calendars are often synced to outside services, so events
    carry plan ids and rule words only: no names and no plan text."""

    def write(self, report: DueReport, out: TextIO) -> None:
        import hashlib

        stamp = report.today.strftime("%Y%m%dT000000Z")
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//ipcli//ipcli {__version__}//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + ics_text(tr("due.ics.calendar")),
        ]
        for r in report.rows:
            if r.problem:  # an event for today, in rule words only: a message may quote the plan
                lines += _problem_event(r, stamp)
                continue
            key = f"{r.plan_id}|{r.item.code}|{r.item.what}"
            uid = hashlib.sha1(key.encode()).hexdigest()
            end = r.date + dt.timedelta(days=1)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid}@ipcli",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{r.date.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
                # ids, not names: redacted words (participants by id, no plan text)
                "SUMMARY:" + ics_text(f"{r.plan_id}: {r.item.describe(True)}"),
                "DESCRIPTION:"
                + ics_text(
                    (tr("due.ics.overdue") + " " if r.overdue else "")
                    + tr(
                        "due.ics.description",
                        code=r.item.code,
                        who=r.item.responsible or r.coordinator_id or "-",
                        where=f"{r.file}:{r.line}",
                    )
                ),
                "CATEGORIES:ipcli," + r.item.code,
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        out.write("".join(ics_fold(line) + "\r\n" for line in lines))


def _problem_event(r: DueRow, stamp: str) -> list[str]:
    import hashlib

    from ipcli.plan.codes import CODES

    uid = hashlib.sha1(f"{r.plan_id}|{r.item.code}|{r.line}|problem".encode()).hexdigest()
    end = r.date + dt.timedelta(days=1)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@ipcli",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{r.date.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
        "SUMMARY:" + ics_text(tr("due.ics.problem", plan=r.plan_id, when=when(r))),
        "DESCRIPTION:"
        + ics_text(
            tr(
                "due.ics.problem.description",
                title=CODES[r.item.code].title_words(),
                code=r.item.code,
                after=tr(PROBLEM_AFTER[r.flag]),
                where=where(r),
            )
        ),
        "CATEGORIES:ipcli," + r.item.code,
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


# format name -> factory(redact, color, width); the one place a format is chosen. The width is
# the terminal's for a table, COLUMNS (or None: no limit) for text.
WRITERS: dict[str, Callable[[bool, bool, int | None], DueWriter]] = {
    "table": lambda redact, color, width: LayoutWriter(redact, color, width),
    "text": lambda redact, color, width: TextWriter(redact, width),
    "json": lambda redact, color, width: JsonWriter(redact),
    "csv": lambda redact, color, width: CsvWriter(redact),
    "md": lambda redact, color, width: MarkdownWriter(redact),
    "ics": lambda redact, color, width: IcsWriter(),
}
