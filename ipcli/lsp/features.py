"""Protocol answers from an analysed plan: diagnostics, hover, inlay hints, document symbols,
definition and references. Pure functions of the open plan, the index and today."""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol, TypeVar

from lsprotocol import types as t
from pygls.workspace import PositionCodec

from ipcli.checks.results import Item, describe
from ipcli.language.nationalid import mask
from ipcli.lsp.document import OpenPlan, Path_, Span
from ipcli.plan.codes import CODES
from ipcli.plan.findings import Severity
from ipcli.plan.positions import extent, follow

_SEVERITY = {
    Severity.ERROR: t.DiagnosticSeverity.Error,
    Severity.WARNING: t.DiagnosticSeverity.Warning,
    Severity.INFO: t.DiagnosticSeverity.Information,
}
# where a plan names a participant by id (the keys; references.participant_refs has the places)
PARTICIPANT_KEYS = frozenset({"coordinator", "responsible", "by", "covers", "attendees"})
_IGNORE_CODE = re.compile(r"ip:\s*ignore\[([^\]]*)\]")
_CODE = re.compile(r"IP\d{3}", re.IGNORECASE)


def _plain(doc: OpenPlan, line: int, col: int) -> bool:
    """Whether every unit counts the same up to this place: an ASCII line within its length
    (pygls's codec counts each character of the line in Python, for every place asked)."""
    return 0 <= line < len(doc.lines) and col <= len(doc.lines[line]) and doc.lines[line].isascii()


def client_position(codec: PositionCodec, doc: OpenPlan, line: int, col: int) -> t.Position:
    """A place in code points as the client counts it (the encoding pygls negotiated), counted
    by the encoder (pygls's codec counts each character in Python: the outline of a long plan
    asks for thousands of places)."""
    if 0 <= line < len(doc.lines) and col <= len(doc.lines[line]):
        text = doc.lines[line]
        if text.isascii() or codec.encoding == t.PositionEncodingKind.Utf32:
            return t.Position(line, col)
        head = text[:col]
        if codec.encoding == t.PositionEncodingKind.Utf8:
            return t.Position(line, len(head.encode("utf-8", "surrogatepass")))
        if codec.encoding in (t.PositionEncodingKind.Utf16, None):
            return t.Position(line, len(head.encode("utf-16-le", "surrogatepass")) // 2)
    return codec.position_to_client_units(doc.lines, t.Position(line, col))


def client_range(
    codec: PositionCodec, doc: OpenPlan, line: int, col: int, end_line: int, end_col: int
) -> t.Range:
    """A range in code points as the client counts it."""
    return t.Range(client_position(codec, doc, line, col), client_position(codec, doc, end_line, end_col))


def cursor(codec: PositionCodec, doc: OpenPlan, pos: t.Position) -> tuple[int, int]:
    """The client's place as a line and a column in code points."""
    if _plain(doc, pos.line, pos.character):
        return pos.line, pos.character
    # a copy: pygls moves a place past the line's end to its last character in what it is given
    at = codec.position_from_client_units(doc.lines, t.Position(pos.line, pos.character))
    return at.line, at.character


def diagnostics(doc: OpenPlan, codec: PositionCodec) -> list[t.Diagnostic]:
    out = []
    for f in doc.findings:
        # masked when the finding became words; masked here again, as everything this module
        # shows is (hover, hints, outline): the editor's panels are output too
        message = mask(f"{f.message}\n{f.hint}" if f.hint else f.message)
        out.append(
            t.Diagnostic(
                range=client_range(codec, doc, *doc.range_of(f)),
                message=message,
                severity=_SEVERITY[f.severity],
                code=f.code,
                source="ipcli",
                data={"hint": mask(f.hint)},
            )
        )
    return out


def when(day: dt.date, today: dt.date, lang: str = "en") -> str:
    """A date counted from today, in the catalogue's words: 'today', 'in 3 days', '3 days ago'."""
    from ipcli.language.i18n import tr, tr_n

    days = (day - today).days
    if days == 0:
        return tr("due.when.today", lang)
    if days > 0:
        return tr_n("due.when.in.one", "due.when.in.other", days, lang)
    return tr_n("lsp.when.ago.one", "lsp.when.ago.other", -days, lang)


def due_words(day: dt.date, today: dt.date, lang: str = "en") -> str:
    """A deadline counted from today, in the catalogue's words: 'in 12 days', '3 days overdue'."""
    from ipcli.language.i18n import tr, tr_n

    days = (day - today).days
    if days == 0:
        return tr("due.when.today", lang)
    if days > 0:
        return tr_n("due.when.in.one", "due.when.in.other", days, lang)
    return tr_n("due.when.overdue.one", "due.when.overdue.other", -days, lang)


def _items_on(doc: OpenPlan, line: int) -> list[Item]:
    return [Item(*i) for i in doc.result.items if i[5] - 1 == line]


def _rule_text(code: str, lang: str) -> str:
    """A rule explained in the plan's language."""
    from ipcli.language.i18n import tr

    c = CODES.get(code.upper())
    if c is None:
        return tr("lsp.no_rule", lang, code=code)
    source = "\n\n" + tr("lsp.source", lang, source=c.source_words(lang)) if c.source else ""
    severity = tr(f"severity.{c.severity.value}", lang)
    head = f"**{c.code}** ({c.family_words(lang)}, {severity}): {c.title_words(lang)}"
    return f"{head}\n\n{c.explanation_words(lang)}{source}\n\n`ipcli rules {c.code}`"


def hover(doc: OpenPlan, line: int, col: int, today: dt.date) -> str | None:
    """Markdown for what is under the cursor, or None."""
    parts: list[str] = []
    text = doc.lines[line] if 0 <= line < len(doc.lines) else ""
    comment = text.find("#")
    m = _IGNORE_CODE.search(text)
    if m and comment >= 0 and col >= comment:
        codes = [c.upper() for c in _CODE.findall(m.group(1))]
        near = [
            c for c in _CODE.finditer(m.group(1)) if m.start(1) + c.start() <= col <= m.start(1) + c.end()
        ]
        shown = [near[0].group(0).upper()] if near else codes
        parts += [_rule_text(c, doc.language) for c in shown]
        if not parts:
            from ipcli.language.i18n import tr

            parts.append(tr("lsp.ignore_comment", doc.language))
        return "\n\n---\n\n".join(parts)
    span = doc.nodes.at(line, col) if doc.nodes is not None else None
    if span is not None and not span.is_key:
        parts += _span_hover(doc, span, today)
    elif span is not None:
        parts += _key_hover(doc, span)
    for f in doc.findings:
        r = doc.range_of(f)
        if (r[0], r[1]) <= (line, col) <= (r[2], r[3]):
            parts.append(_rule_text(f.code, doc.language))
    return mask("\n\n---\n\n".join(dict.fromkeys(parts))) if parts else None


def _key_hover(doc: OpenPlan, span: Span) -> list[str]:
    """A key: its name in the plan's language and, in English, what the schema says it is for."""
    from ipcli.lsp.keys import key_about, key_label, subschema

    keys = [str(k) for k in span.path if isinstance(k, str)]
    node, _owner, key = subschema(keys)
    if node is None:
        return []
    name = key_label(key, doc.language)
    about = key_about(key, node, doc.language)
    head = f"**{key}**" + (f" — {name}" if name and name.lower() != key.replace("_", " ") else "")
    return [head + (f"\n\n{about}" if about else "")]


def _span_hover(doc: OpenPlan, span: Span, today: dt.date) -> list[str]:
    out: list[str] = []
    day = _as_date(span.value)
    if day is not None:
        items = _items_on(doc, span.line)
        for item in items:
            if item.day:
                due = dt.date.fromordinal(item.day)
                what = describe(item.what, item.text, names=_names(doc), lang=doc.language)
                out.append(f"**{what}**: {due_words(due, today, doc.language)} ({due.isoformat()})")
        if not items:
            from ipcli.language.i18n import date as long_date

            out.append(f"{long_date(day, doc.language)}: {when(day, today, doc.language)}")
    pid = participant_at(doc, span)
    if pid is not None:
        out.append(_participant_text(doc, pid, today))
    return out


def _names(doc: OpenPlan) -> dict[str, tuple[str, str | None]] | None:
    facts = doc.result.facts
    return facts.participants if facts is not None else None


def _as_date(value: str) -> dt.date | None:
    if len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def participant_at(doc: OpenPlan, span: Span) -> str | None:
    """The participant id this scalar is (a reference, or the id in the participant's entry)."""
    if span.is_key or not span.path:
        return None
    path = span.path
    if len(path) == 3 and path[0] == "participants" and path[2] == "id":
        return span.value
    keys = [p for p in path if isinstance(p, str)]
    if keys and keys[-1] in PARTICIPANT_KEYS and path[0] != "participants":
        return span.value
    return None


def _participant_text(doc: OpenPlan, pid: str, today: dt.date) -> str:
    from ipcli.language.i18n import date, label, tr

    lang = doc.language
    plan = doc.plan
    if plan is None:
        return tr("lsp.participant", lang, id=pid)
    p = plan.participant(pid)
    if p is None:
        known = ", ".join(x.id for x in plan.participants) or tr("lsp.participants.none", lang)
        return tr("lsp.participant.unknown", lang, id=pid, known=known)
    role = label(f"role.{p.role}", lang) if p.role else ""
    what = ", ".join(x for x in (role, p.title, p.organisation) if x)
    lines = [f"**{p.name}** ({pid}): {what}"]
    if p.reason:
        lines.append(f"{label('reason', lang)}: {p.reason}")
    covering = [c for c in plan.consents if pid in c.covers]
    if p.role not in ("self", "coordinator") and not covering:
        lines.append(tr("lsp.participant.no_consent", lang))
    for c in covering:
        if c.withdrawn:
            state = tr("lsp.consent.withdrawn", lang, date=date(c.withdrawn, lang))
        elif c.valid_until:
            left = due_words(c.valid_until, today, lang)
            state = tr("lsp.consent.valid_until", lang, date=date(c.valid_until, lang), left=left)
        else:
            state = tr("lsp.consent.no_end", lang)
        kind = label(f"consent.{c.kind}", lang)
        lines.append(tr("lsp.consent", lang, id=c.id, kind=kind, state=state))
    return "\n\n".join(lines)


def inlay_hints(doc: OpenPlan, first: int, last: int, today: dt.date) -> list[tuple[int, int, str]]:
    """(line, column, label) after each deadline date in the lines asked for."""
    out: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for item in sorted((Item(*i) for i in doc.result.items), key=lambda i: (i.line, i.day)):
        line = item.line - 1
        if not item.day or not first <= line <= last or line in seen:
            continue
        seen.add(line)
        due = dt.date.fromordinal(item.day)
        words = due_words(due, today, doc.language)
        span = doc.nodes.at(line, item.col - 1) if doc.nodes is not None else None
        if span is None or not _as_date(span.value):
            words = f"{describe(item.what, None, names=_names(doc), lang=doc.language)}: {words}"
        label = mask(words)
        out.append((line, doc.line_end(line), " " + label))
    return out


def symbols(doc: OpenPlan, codec: PositionCodec) -> list[t.DocumentSymbol]:
    """The outline: participants, consents, themes with their goals and measures, meetings."""
    plan = doc.plan
    if plan is None or doc.nodes is None:
        return []

    def sym(
        name: str, detail: str, at: Path_, kind: t.SymbolKind, children: list[t.DocumentSymbol] | None = None
    ) -> t.DocumentSymbol:
        r = _extent(doc, at)
        rng = client_range(codec, doc, *r)
        return t.DocumentSymbol(
            name=mask(name) or "?",
            kind=kind,
            range=rng,
            selection_range=rng,
            detail=mask(detail),
            children=children,
        )

    from ipcli.language.i18n import label, tr, tr_n

    lang = doc.language
    out: list[t.DocumentSymbol] = []
    if plan.participants:
        out.append(
            sym(
                "participants",
                f"{len(plan.participants)}",
                ("participants",),
                t.SymbolKind.Namespace,
                [
                    sym(p.id, f"{p.name} ({label(f'role.{p.role}', lang)})", p.at, t.SymbolKind.Constant)
                    for p in plan.participants
                ],
            )
        )
    if plan.consents:
        out.append(
            sym(
                "consents",
                f"{len(plan.consents)}",
                ("consents",),
                t.SymbolKind.Namespace,
                [sym(c.id, label(f"consent.{c.kind}", lang), c.at, t.SymbolKind.Key) for c in plan.consents],
            )
        )
    for theme in plan.themes:
        goals = [
            sym(
                g.id,
                g.text,
                g.at,
                t.SymbolKind.Class,
                [sym(m.id, m.text, m.at, t.SymbolKind.Method) for m in g.measures],
            )
            for g in theme.goals
        ]
        out.append(sym(theme.key, tr("lsp.outline.theme", lang), theme.at, t.SymbolKind.Module, goals))

    def earlier_entry(words: str, what: str) -> t.DocumentSymbol:
        return sym(f"… {words}", "", (what,), t.SymbolKind.Namespace)  # it leads to the list

    meetings, earlier = _latest(plan.meetings)
    if earlier:
        words = tr_n("lsp.outline.earlier_meetings.one", "lsp.outline.earlier_meetings.other", earlier, lang)
        out.append(earlier_entry(words, "meetings"))
    for mt in meetings:
        name = f"{mt.date.isoformat()} {label(f'meeting.{mt.kind}', lang)}"
        out.append(sym(name, tr("lsp.outline.meeting", lang), mt.at, t.SymbolKind.Event))
    revisions, earlier = _latest(plan.revisions)
    if earlier:
        n = earlier
        words = tr_n("lsp.outline.earlier_revisions.one", "lsp.outline.earlier_revisions.other", n, lang)
        out.append(earlier_entry(words, "revisions"))
    for r in revisions:
        revision = tr("lsp.outline.revision", lang)
        out.append(sym(f"{r.date.isoformat()} {revision}", r.summary, r.at, t.SymbolKind.Event))
    return out


class _HasDate(Protocol):
    @property
    def date(self) -> dt.date: ...


_Dated = TypeVar("_Dated", bound=_HasDate)


# The outline names this many of a plan's meetings (and revisions): the latest. A record kept for
# decades may hold thousands, which no outline makes easier to find (the search for symbols and
# the text itself do), and each costs the server and the editor alike; the rest are one entry
# ("… 2300 earlier meetings") that leads to the list. No plan of an ordinary size reaches it.
OUTLINE_LATEST = 100


def _latest(items: list[_Dated]) -> tuple[list[_Dated], int]:
    """The latest OUTLINE_LATEST of these by date, in the file's order, and how many are left out."""
    if len(items) <= OUTLINE_LATEST:
        return items, 0
    keep = {id(i) for i in sorted(items, key=lambda i: i.date)[-OUTLINE_LATEST:]}
    return [i for i in items if id(i) in keep], len(items) - OUTLINE_LATEST


def _extent(doc: OpenPlan, at: Path_) -> tuple[int, int, int, int]:
    """From the first to the last scalar under this path (its key included), as
    ipcli.plan.positions.extent gives it, from the extents measured once for the whole plan:
    the outline asks for every goal, measure and meeting, and a walk each would make it
    grow with the square of the plan."""
    assert doc.loaded.document is not None
    if doc.nodes is None:
        return extent(doc.loaded.document.root, at) or (0, 0, 0, 0)
    node, key, found = follow(doc.loaded.document.root, at)
    if not found:
        return (0, 0, 0, 0)
    got = doc.nodes.extent(node)
    if key is not None:
        k = (key.start_mark.line, key.start_mark.column, key.end_mark.line, key.end_mark.column)
        got = k if got is None else (*min(k[:2], got[:2]), *max(k[2:], got[2:]))
    return got or (0, 0, 0, 0)


def participant_places(doc: OpenPlan, pid: str) -> tuple[Span | None, list[Span]]:
    """The participant's own entry (its id) and every place the plan names them."""
    if doc.nodes is None:
        return None, []
    definition = None
    uses = []
    for span in doc.nodes.spans:
        if span.is_key or span.value != pid:
            continue
        path = span.path
        if len(path) == 3 and path[0] == "participants" and path[2] == "id":
            definition = span
        elif participant_at(doc, span) is not None:
            uses.append(span)
    return definition, uses
