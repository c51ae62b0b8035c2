"""A plan as a list of printable blocks: what the PDF shows, in the reader's language.

The blocks are plain data (headings, labelled values, voiced statements, tables, lists), each
string already in words: plan text as written, labels and dates in the chosen language. The
Typst template (templates/plan.typ) only lays them out, so no plan text is ever markup there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ipcli.deadlines.engine import deadlines
from ipcli.language import i18n
from ipcli.language.i18n import N_
from ipcli.plan.model import Consent, Goal, Measure, Meeting, Participant, Plan, Subtopic, Theme, Wish
from ipcli.plan.profiles import Profile
from ipcli.store.versions import Version

Block = dict[str, Any]

# words used inside longer lines (f-strings), named here for the catalogue's extraction
_WORDS = (
    N_("made_on"),
    N_("version"),
    N_("uncommitted"),
    N_("unit"),
    N_("who_to_call"),
    N_("on_behalf_of"),
    N_("plan_id"),
    N_("next_meeting"),
)


@dataclass(frozen=True)
class PageFacts:
    """What a printed page says about itself: which version, made by whom, for which unit."""

    version: Version | None = None
    organisation: str | None = None
    unit: str | None = None


class Words:
    """Labels, dates and names for one plan in one language."""

    def __init__(self, plan: Plan, profile: Profile | None, lang: str, today: dt.date) -> None:
        self.plan, self.profile, self.lang, self.today = plan, profile, lang, today
        self.by_id: dict[str, Participant] = {p.id: p for p in plan.participants}

    def L(self, key: str) -> str:
        return i18n.label(key, self.lang)

    def of(self, prefix: str, value: str) -> str:
        """A closed vocabulary's word: of("status.", "active") -> "aktiv"."""
        return i18n.label(prefix + value, self.lang)

    def date(self, day: dt.date | None) -> str:
        return i18n.date(day, self.lang)

    def name(self, pid: str | None) -> str:
        p = self.by_id.get(pid) if pid else None
        return p.name if p else (pid or "")

    def names(self, ids: list[str]) -> str:
        return ", ".join(self.name(i) for i in ids)

    def theme(self, key: str) -> str:
        theme = self.profile.theme(key) if self.profile else None
        return theme.label(self.lang) if theme else key.replace("_", " ")

    def text(self, value: str) -> dict[str, Any]:
        """Plan text, marked with the plan's language when the page is in another one."""
        return {"text": value, "lang": self.plan.language}


def dates_by_place(plan: Plan, profile: Profile | None) -> dict[tuple[Any, ...], dt.date]:
    """The deadline engine's date for each goal and measure (a goal evaluated every 3 months has
    no date in the file, but it has one in the due list)."""
    if profile is None:
        return {}
    dates = {}
    for i in deadlines(plan, profile):
        if i.code in ("IP305", "IP306") and i.date:
            at = tuple(i.at)
            dates[at[:-1] if at and at[-1] in ("next_evaluation", "evaluate_every", "due") else at] = i.date
    return dates


def header(
    w: Words, version: Version | None, organisation: str | None, unit: str | None
) -> tuple[Block, str, str]:
    """The header block of page one, and the running header's two halves for the others. The
    unit's folder name is not shown (a folder is no unit's name), nor the commit (it is in the
    PDF's metadata): the version is told by its date."""
    left = [organisation] if organisation else []
    version_words = _version_words(w, version)
    right = [f"{w.L('plan_id')} {w.plan.id}", version_words, f"{w.L('made_on')} {w.date(w.today)}"]
    running_left = f"{w.plan.person.name} · {w.plan.id}"
    running_right = f"{version_words} · {w.date(w.today)}"
    return {"t": "header", "left": left or [w.L("plan")], "right": right}, running_left, running_right


def _version_words(w: Words, version: Version | None) -> str:
    if version is None or version.commit is None:
        return f"{w.L('version')}: {w.L('uncommitted')}"
    words = f"{w.L('version')} {w.date(version.date)}" if version.date else w.L("version")
    if version.changed:
        words += f", {w.L('uncommitted')}"
    return words


def _measure_rows(
    w: Words, measures: list[Measure], dates: dict[tuple[Any, ...], dt.date], staff: bool
) -> list[Any]:
    rows = []
    for m in measures:
        when = dates.get(tuple(m.at)) or m.due
        late = when is not None and when < w.today and m.status in ("planned", "ongoing")
        what: dict[str, Any] = {**w.text(f"{m.id}: {m.text}" if staff else m.text)}
        if m.how:
            what["note"] = m.how
        due: dict[str, Any] = {"text": w.date(when) if when else "", "lang": w.lang}
        if late:
            due["flag"] = w.L("late_flag")
        row = [what, w.name(m.responsible), due]
        if staff:
            row.append(w.of("measure.", m.status))
        rows.append(row)
    return rows


def _goal_blocks(w: Words, goal: Goal, dates: dict[tuple[Any, ...], dt.date]) -> list[Block]:
    blocks: list[Block] = [
        {"t": "h", "level": 4, "text": f"{w.L('goals')} {goal.id}: {goal.text}", "lang": w.plan.language}
    ]
    meta = [w.of("voice.", goal.said_by), w.of("goal.", goal.status)]
    nxt = dates.get(tuple(goal.at)) or goal.next_evaluation
    if nxt and goal.status in ("active", "proposed"):
        late = f" — {w.L('late_flag')}" if nxt < w.today else ""
        meta.append(f"{w.L('next_evaluation')}: {w.date(nxt)}{late}")
    blocks.append({"t": "p", "text": " · ".join(meta), "muted": True})
    if goal.subgoals:
        items = []
        for sg in goal.subgoals:
            item: dict[str, Any] = w.text(f"{sg.id}: {sg.text}")
            notes = [w.of("goal.", sg.status)] if sg.status else []
            when = dates.get(tuple(sg.at)) or sg.next_evaluation
            if when and sg.status in (None, "active"):
                notes.append(f"{w.L('next_evaluation')}: {w.date(when)}")
                if when < w.today:  # as a goal's or a measure's: said at the sub-goal
                    item["flag"] = w.L("late_flag")
            notes += [
                f"{w.date(e.date)} — {w.of('achievement.', e.achievement)}, {w.of('outcome.', e.outcome)}"
                for e in sg.evaluations
            ]
            if notes:
                item["note"] = " · ".join(notes)
            items.append(item)
        blocks += [_sublabel(w, "subgoals", 5), {"t": "list", "items": items}]
    if goal.method:
        blocks.append({"t": "p", "label": w.L("method"), **w.text(goal.method)})
    blocks += [_voice(w, o.text, o.said_by) for o in goal.observations]
    if goal.measures:
        blocks.append(
            {
                "t": "table",
                "header": [w.L("measures"), w.L("responsible"), w.L("due"), w.L("status")],
                "widths": [4.6, 2.4, 2.2, 1.7],
                "rows": _measure_rows(w, goal.measures, dates, staff=True),
            }
        )
    if goal.evaluations:
        blocks.append(_sublabel(w, "evaluations", 5))
        for e in goal.evaluations:
            line = f"{w.date(e.date)} — {w.of('achievement.', e.achievement)}, {w.of('outcome.', e.outcome)}"
            if e.by:
                line += f" ({w.names(e.by)})"
            blocks.append({"t": "list", "items": [line]})
            blocks += [_voice(w, text, who) for who, text in e.voices.items()]
    return blocks


def _sublabel(w: Words, key: str, level: int) -> Block:
    """A part's label (Situasjon, Ønsker, Delmål): a heading, the same weight everywhere, tagged
    as a heading for a screen reader."""
    return {"t": "h", "level": level, "text": w.L(key)}


def _voice(w: Words, text: str, who: str) -> Block:
    return {"t": "voice", "who": who, "label": w.of("voice.", who), **w.text(text)}


def signature_rows(w: Words) -> list[Any]:
    """People who sign: not organisations, and not the person when they declined to take part."""
    rows = []
    for p in w.plan.participants:
        if p.role == "self" and w.plan.participation == "declined":
            continue
        if p.end is not None and p.end < w.today:
            continue
        who = p.name
        if p.role == "agency":
            who = f"{w.L('on_behalf_of')} {p.name}: ________________"
        elif p.organisation:
            who = f"{p.name} ({p.organisation})"
        rows.append({"text": who, "note": w.of("role.", p.role), "lang": w.plan.language})
    return rows


Dates = dict[tuple[Any, ...], dt.date]
# One section of the staff document: the plan's words in, its blocks out (none when it has nothing).
Section = Callable[[Words, Dates], list[Block]]


def _staff_title(w: Words, _dates: Dates) -> list[Block]:
    b: list[Block] = [{"t": "h", "level": 1, "text": f"{w.L('plan')}: {w.plan.person.name}"}, *_marks(w)]
    if _declined(w):
        b.append({"t": "p", "label": w.L("declined_plan"), "text": w.L("declined_plan_note")})
    return b


def _person_rows(w: Words) -> list[list[Any]]:
    plan = w.plan
    part = w.of("participation.", plan.participation)
    rows: list[list[Any]] = [
        [w.L("status"), w.of("status.", plan.status)],
        [w.L("participation"), part + (f" — {plan.participation_note}" if plan.participation_note else "")],
    ]
    if plan.person.born:
        born = plan.person.born
        rows.append([w.L("born"), str(born) if isinstance(born, int) else w.date(born)])
    if plan.person.communication:
        rows.append([w.L("communication"), plan.person.communication, plan.language])
    coordinator = w.by_id.get(plan.coordinator) if plan.coordinator else None
    if coordinator:
        contact = ", ".join(x for x in (coordinator.organisation, coordinator.phone, coordinator.email) if x)
        rows.append([w.L("coordinator"), coordinator.name + (f" — {contact}" if contact else "")])
    return rows


def _date_rows(w: Words) -> list[list[Any]]:
    plan = w.plan
    rows: list[list[Any]] = [
        [w.L(key), w.date(getattr(plan, key))]
        for key in ("referred", "enrolled", "work_started", "next_revision")
        if getattr(plan, key)
    ]
    if plan.period_start:
        rows.append([w.L("period"), f"{w.date(plan.period_start)} – {w.date(plan.period_end)}"])
    return rows


def _basis_rows(w: Words) -> list[list[Any]]:
    basis_of = w.plan.basis
    if not basis_of:
        return []
    basis = str(basis_of.get("reference") or basis_of.get("kind") or "")
    if basis_of.get("date"):
        basis += f", {w.date(_as_date(basis_of['date']))}"
    if basis_of.get("purpose"):
        basis += f" — {basis_of['purpose']}"
    return [[w.L("basis"), basis, w.plan.language]]


def _staff_facts(w: Words, _dates: Dates) -> list[Block]:
    return [{"t": "kv", "rows": [*_person_rows(w), *_date_rows(w), *_basis_rows(w)]}]


def _participants(w: Words, _dates: Dates) -> list[Block]:
    plan = w.plan
    rows = [
        [
            {
                "text": p.name + (f", {p.title}" if p.title else ""),
                "note": w.of("role.", p.role),
                "lang": plan.language,
            },
            w.text(p.reason or ""),
            w.text(p.contributes or ""),
        ]
        for p in plan.participants
    ]
    return [
        {"t": "h", "level": 2, "text": w.L("participants")},
        {
            "t": "table",
            "header": [w.L("name"), w.L("reason"), w.L("contributes")],
            "widths": [3, 3, 3],
            "rows": rows,
        },
    ]


def _consent_line(w: Words, c: Consent) -> str:
    giver = w.of("role.", c.given_by)
    line = f"{w.of('consent.', c.kind)} ({w.L('given_by')} {giver}, {w.date(c.date)})"
    if c.covers:
        line += f", {w.L('covers')} {w.names(c.covers)}"
    if c.valid_until:
        line += f", {w.L('valid_until')} {w.date(c.valid_until)}"
    if c.withdrawn:
        line += f" — {w.L('withdrawn')} {w.date(c.withdrawn)}"
    return line


def _consents(w: Words, _dates: Dates) -> list[Block]:
    if not w.plan.consents:
        return []
    return [
        {"t": "h", "level": 2, "text": w.L("consents")},
        {"t": "list", "items": [_consent_line(w, c) for c in w.plan.consents]},
    ]


def _long_term_goal(w: Words, _dates: Dates) -> list[Block]:
    goal = w.plan.long_term_goal
    if not goal:
        return []
    return [{"t": "h", "level": 2, "text": w.L("long_term_goal")}, _voice(w, goal.text, goal.said_by)]


def _wish_blocks(w: Words, wishes: list[Wish]) -> list[Block]:
    b: list[Block] = []
    for wish in wishes:
        b.append(_voice(w, wish.text, wish.said_by))
        if wish.feasible is False:
            b.append({"t": "p", "label": w.L("cannot_now"), **w.text(wish.justification or "")})
    return b


def _subtopic_blocks(w: Words, sub: Subtopic, dates: Dates) -> list[Block]:
    b: list[Block] = [{"t": "h", "level": 4, **w.text(sub.topic)}]
    b += [_voice(w, text, who) for who, text in sub.situation.items()]
    if sub.needs:
        b.append(_sublabel(w, "needs", 5))
        b += [_voice(w, text, who) for who, text in sub.needs.items()]
    b += _wish_blocks(w, sub.wishes)
    for g in sub.goals:
        b += _goal_blocks(w, g, dates)
    return b


def _theme_blocks(w: Words, t: Theme, dates: Dates) -> list[Block]:
    b: list[Block] = [{"t": "h", "level": 3, "text": w.theme(t.key)}]
    for key, voices in (("situation", t.situation), ("resources", t.resources), ("needs", t.needs)):
        if voices:
            b.append(_sublabel(w, key, 4))
            b += [_voice(w, text, who) for who, text in voices.items()]
    if t.wishes:
        b.append(_sublabel(w, "wishes", 4))
        b += _wish_blocks(w, t.wishes)
    if t.agreements:
        b.append(_sublabel(w, "agreements", 4))
        b += [_voice(w, a.text, a.said_by) for a in t.agreements]
    if t.focus_agreement:
        b.append({"t": "p", "label": w.L("focus_agreement"), "text": w.of("focus.", t.focus_agreement)})
    for g in t.goals:
        b += _goal_blocks(w, g, dates)
    for sub in t.subtopics:
        b += _subtopic_blocks(w, sub, dates)
    return b


def _themes(w: Words, dates: Dates) -> list[Block]:
    if not w.plan.themes:
        return []
    b: list[Block] = [{"t": "h", "level": 2, "text": w.L("themes")}]
    for t in w.plan.themes:
        b += _theme_blocks(w, t, dates)
    return b


def _meeting_line(w: Words, m: Meeting) -> dict[str, str]:
    line = f"{w.date(m.date)} — {w.of('meeting.', m.kind)}"
    if m.attendees:
        line += f" ({w.names(m.attendees)})"
    return {"text": line + (f": {m.notes}" if m.notes else ""), "lang": w.plan.language}


def _meetings(w: Words, _dates: Dates) -> list[Block]:
    if not w.plan.meetings:
        return []
    return [
        {"t": "h", "level": 2, "text": w.L("meetings")},
        {"t": "list", "items": [_meeting_line(w, m) for m in w.plan.meetings]},
    ]


def _revisions(w: Words, _dates: Dates) -> list[Block]:
    plan = w.plan
    if not plan.revisions:
        return []
    items = [{"text": f"{w.date(r.date)}: {r.summary}", "lang": plan.language} for r in plan.revisions]
    return [{"t": "h", "level": 2, "text": w.L("revisions")}, {"t": "list", "items": items}]


def _dilemmas(w: Words, _dates: Dates) -> list[Block]:
    if not w.plan.dilemmas:
        return []
    return [
        {"t": "h", "level": 2, "text": w.L("dilemmas")},
        *(_voice(w, d.text, d.said_by) for d in w.plan.dilemmas),
    ]


def _staff_expectations(w: Words, _dates: Dates) -> list[Block]:
    return _expectations(w)


def _subplans(w: Words, _dates: Dates) -> list[Block]:
    if not w.plan.subplans:
        return []
    items = [
        " — ".join(str(v) for v in (s.get("title"), s.get("owner"), s.get("where")) if v)
        for s in w.plan.subplans
    ]
    return [
        {"t": "h", "level": 2, "text": w.L("subplans")},
        {"t": "list", "items": [w.text(i) for i in items]},
    ]


def _due_section(w: Words, _dates: Dates) -> list[Block]:
    due = _due_items(w) if w.profile is not None else []
    if not due:
        return []
    return [{"t": "h", "level": 2, "text": w.L("what_is_due")}, {"t": "list", "items": due}]


def _signatures(w: Words, _dates: Dates) -> list[Block]:
    return [
        {
            "t": "signatures",
            "title": w.L("signatures"),
            "intro": w.L("sign_intro"),
            "header": [w.L("name"), w.L("date"), w.L("signature")],
            "rows": signature_rows(w),
        }
    ]


# The staff document, in order: each section with the `--without` word that leaves it out
# (None: always shown).
STAFF_SECTIONS: tuple[tuple[str | None, Section], ...] = (
    (None, _staff_title),
    (None, _staff_facts),
    (None, _participants),
    ("consents", _consents),
    (None, _long_term_goal),
    (None, _themes),
    ("history", _meetings),
    ("history", _revisions),
    ("dilemmas", _dilemmas),
    (None, _staff_expectations),
    (None, _subplans),
    ("due", _due_section),
    ("signatures", _signatures),
)


def staff_blocks(w: Words, without: set[str]) -> list[Block]:
    """The staff document: every section of STAFF_SECTIONS not left out, in order."""
    dates = dates_by_place(w.plan, w.profile)
    return [
        block
        for leave_out, section in STAFF_SECTIONS
        if leave_out is None or leave_out not in without
        for block in section(w, dates)
    ]


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _expectations(w: Words) -> list[Block]:
    b: list[Block] = []
    for key in ("from_services", "from_citizen"):
        items = w.plan.expectations.get(key, [])
        if items:
            b += [
                {"t": "h", "level": 2, "text": w.L(key)},
                {"t": "list", "items": [w.text(x) for x in items]},
            ]
    return b


def _due_items(w: Words, within_days: int = 30) -> list[Any]:
    from ipcli.deadlines.words import due_lines

    items = []
    for line in sorted(due_lines(w.plan, w.profile, w.today, w.lang, within_days), key=lambda d: d.date):
        entry: dict[str, Any] = {"text": f"{w.date(line.date)}: {line.what}", "lang": w.lang}
        if line.overdue:
            entry["flag"] = w.L("late_flag")
        items.append(entry)
    return items


def citizen_blocks(w: Words, without: set[str]) -> list[Block]:
    plan = w.plan
    dates = dates_by_place(plan, w.profile)
    if _declined(w):
        b: list[Block] = [{"t": "h", "level": 1, "text": plan.person.name}]
        b += [{"t": "h", "level": 2, "text": w.L("my_declined")}, {"t": "p", "text": w.L("my_declined_note")}]
        return [*b, next_box(w, dates), *_rights(w)]
    b = [{"t": "h", "level": 1, "text": f"{w.L('my_plan')}: {plan.person.name}"}, *_marks(w)]
    b.append(next_box(w, dates))
    if plan.long_term_goal:
        b += [
            {"t": "h", "level": 2, "text": w.L("long_term_goal")},
            _voice(w, plan.long_term_goal.text, plan.long_term_goal.said_by),
        ]
    goals = [(t, g) for t, g in plan.goals() if g.status not in ("dropped",)]
    if goals:
        b.append({"t": "h", "level": 2, "text": w.L("my_goals")})
        items = []
        for t, g in goals:
            item: dict[str, Any] = {
                **w.text(g.text),
                "note": f"{w.theme(t.key)} · {w.of('voice.', g.said_by)}",
            }
            nxt = dates.get(tuple(g.at)) or g.next_evaluation
            if nxt and g.status in ("active", "proposed"):
                item["note"] += f" · {w.L('next_evaluation')}: {w.date(nxt)}"
                if nxt < w.today:
                    item["flag"] = w.L("passed")
            items.append(item)
        b.append({"t": "list", "items": items})
    open_measures = [m for _g, m in plan.measures() if m.status in ("planned", "ongoing")]
    if open_measures:
        b.append({"t": "h", "level": 2, "text": w.L("measures_for_me")})
        b.append(
            {
                "t": "table",
                "header": [w.L("measures"), w.L("responsible"), w.L("due")],
                "widths": [4.6, 2.6, 2.4],
                "rows": _measure_rows(w, open_measures, dates, staff=False),
            }
        )
    elif plan.status in ("draft", "referred", "active"):
        b += [
            {"t": "h", "level": 2, "text": w.L("measures_for_me")},
            {"t": "p", "text": w.L("no_measures_yet")},
        ]
    b += _expectations(w)
    return b + _rights(w)


def _declined(w: Words) -> bool:
    return w.profile is not None and w.profile.declined_plan(w.plan.participation)


def _marks(w: Words) -> list[Block]:
    """A draft says so on its first page."""
    if w.plan.status in ("draft", "referred"):
        return [{"t": "p", "text": w.L("draft_mark"), "strong": True}]
    return []


def _rights(w: Words) -> list[Block]:
    """Norway: the plan itself gives no right to particular services (seed 004)."""
    if w.profile is not None and w.profile.country == "no":
        return [{"t": "p", "text": w.L("no_rights"), "muted": True}]
    return []


def next_box(w: Words, dates: dict[tuple[Any, ...], dt.date]) -> Block:
    """What happens next: the next evaluation, the next revision, and who to call."""
    plan = w.plan
    items: list[Any] = []
    upcoming = sorted(
        d
        for g in (g for _t, g in plan.goals() if g.status == "active")
        for d in [dates.get(tuple(g.at)) or g.next_evaluation]
        if d is not None and d >= w.today
    )
    meetings = sorted((m for m in plan.meetings if m.date >= w.today), key=lambda m: m.date)
    if meetings:
        kind = w.of("meeting.", meetings[0].kind)
        items.append(f"{w.L('next_meeting')}: {w.date(meetings[0].date)} ({kind})")
    if upcoming:
        items.append(f"{w.L('next_evaluation')}: {w.date(upcoming[0])}")
    if plan.next_revision and plan.next_revision >= w.today:
        items.append(f"{w.L('next_revision')}: {w.date(plan.next_revision)}")
    coordinator = w.by_id.get(plan.coordinator) if plan.coordinator else None
    if coordinator:
        how = ", ".join(x for x in (coordinator.phone, coordinator.email) if x)
        items.append(f"{w.L('who_to_call')}: {coordinator.name}" + (f", {how}" if how else ""))
    return {"t": "box", "title": w.L("what_happens_next"), "items": items}


def document(
    plan: Plan,
    profile: Profile | None,
    lang: str,
    audience: str,
    today: dt.date,
    page: PageFacts | None = None,
    without: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Everything the PDF template needs, as JSON-ready data."""
    w = Words(plan, profile, lang, today)
    facts = page or PageFacts()
    version, organisation = facts.version, facts.organisation
    head, running_left, running_right = header(w, version, organisation, facts.unit)
    blocks = citizen_blocks(w, set(without)) if audience == "citizen" else staff_blocks(w, set(without))
    title = f"{w.L('my_plan' if audience == 'citizen' else 'plan')}: {plan.person.name} ({plan.id})"
    return {
        "title": title,
        "author": organisation or "",
        "lang": lang,
        "audience": audience,
        "running_left": running_left,
        "running_right": running_right,
        "footer_left": f"{plan.id} · {_version_words(w, version)}",
        # the commit of the version shown: in the PDF's metadata, not on its pages
        "keywords": [f"commit {version.commit}"] if version is not None and version.commit else [],
        "page_word": w.L("page"),
        "blocks": [head, *blocks],
    }
