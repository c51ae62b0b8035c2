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
from ipcli.plan.model import (
    Consent,
    Evaluation,
    Goal,
    Measure,
    Meeting,
    Participant,
    Plan,
    Subtopic,
    Theme,
    Voiced,
    Wish,
)
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
    N_("case_number"),
    N_("my_goals"),
    N_("service_goals"),
)


@dataclass(frozen=True)
class Logo:
    """The organisation's logo ([render] logo): its bytes, the file name it is laid out from
    (logo.png, logo.svg …) and its media type, for a data: address in a page."""

    name: str
    data: bytes
    mime: str

    def data_uri(self) -> str:
        import base64

        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class PageFacts:
    """What a printed page says about itself: which version, made by whom, for which unit."""

    version: Version | None = None
    organisation: str | None = None
    unit: str | None = None
    logo: Logo | None = None
    case_label: str | None = None  # what the organisation calls a plan's case_number


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


def tel_href(phone: str) -> str | None:
    """A `tel:` address for a phone number as written (+47 400 00 001), or None."""
    import re

    digits = re.sub(r"[\s().-]", "", phone)
    if not re.fullmatch(r"\+?[0-9]{3,15}", digits):
        return None
    # the number's own groups, joined by RFC 3966's visual separator: ten digits in a row look
    # like a CPR number to the masker every page goes through (the link became tel:+******-****)
    return "tel:" + "-".join(re.findall(r"\+?[0-9]+", phone))


def mail_href(email: str) -> str:
    """A `mailto:` address (the schema allows no spaces in an e-mail address)."""
    return f"mailto:{email}"


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


def header(w: Words, facts: PageFacts) -> tuple[Block, str, str]:
    """The header block of page one, and the running header's two halves for the others. The
    unit's folder name is not shown (a folder is no unit's name), nor the commit (it is in the
    PDF's metadata): the version is told by its date."""
    organisation = facts.organisation
    left = [organisation] if organisation else []
    version_words = _version_words(w, facts.version)
    right = [f"{w.L('plan_id')} {w.plan.id}", version_words, f"{w.L('made_on')} {w.date(w.today)}"]
    running_left = f"{w.plan.person.name} · {w.plan.id}"
    if w.plan.case_number:
        # the archive's reference, in the organisation's own word for it (saksnummer, sagsnummer)
        case = f"{facts.case_label or w.L('case_number')}: {w.plan.case_number}"
        right.insert(0, case)
        running_left += f" · {case}"
    running_right = f"{version_words} · {w.date(w.today)}"
    block: Block = {"t": "header", "left": left or [w.L("plan")], "right": right}
    if facts.logo is not None:
        block["logo"] = facts.logo.name
        block["logo_alt"] = organisation or ""
    return block, running_left, running_right


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
        if m.how:  # how, how often: the plan's own words, in its language
            what.update(note=m.how, note_lang=w.plan.language)
        due: dict[str, Any] = {"text": w.date(when) if when else "", "lang": w.lang}
        if m.start:  # the when column: from the start, by the due day
            due["note"] = i18n.tr("from_date", w.lang, date=w.date(m.start))
        if late:
            due["flag"] = w.L("late_flag")
        row = [what, w.name(m.responsible), due]
        if staff:
            row.append(w.of("measure.", m.status))
        rows.append(row)
    return rows


def _subgoal_items(w: Words, goal: Goal, dates: dict[tuple[Any, ...], dt.date]) -> list[Any]:
    """A goal's sub-goals as list items: status, next evaluation (flagged when late), how often,
    and their evaluations."""
    items = []
    for sg in goal.subgoals:
        item: dict[str, Any] = w.text(f"{sg.id}: {sg.text}")
        notes = [w.of("goal.", sg.status)] if sg.status else []
        when = dates.get(tuple(sg.at)) or sg.next_evaluation
        if when and sg.status in (None, "active"):
            # late: said at the date, as a goal's is (before the evaluations, however long)
            late = f" — {w.L('late_flag')}" if when < w.today else ""
            notes.append(f"{w.L('next_evaluation')}: {w.date(when)}{late}")
        if sg.evaluate_every:
            notes.append(f"{w.L('evaluated')} {i18n.every(sg.evaluate_every, w.lang)}")
        notes += [_evaluation_line(w, e) for e in sg.evaluations]
        if notes:
            item["note"] = " · ".join(notes)
        items.append(item)
    return items


def _goal_blocks(w: Words, goal: Goal, dates: dict[tuple[Any, ...], dt.date]) -> list[Block]:
    blocks: list[Block] = [
        {"t": "h", "level": 4, "text": f"{w.L('goals')} {goal.id}: {goal.text}", "lang": w.plan.language}
    ]
    meta = [w.of("voice.", goal.said_by), w.of("goal.", goal.status)]
    if goal.kind:
        meta.append(w.of("goal_kind.", goal.kind))
    nxt = dates.get(tuple(goal.at)) or goal.next_evaluation
    if nxt and goal.status in ("active", "proposed"):
        late = f" — {w.L('late_flag')}" if nxt < w.today else ""
        meta.append(f"{w.L('next_evaluation')}: {w.date(nxt)}{late}")
    if goal.evaluate_every:
        meta.append(f"{w.L('evaluated')} {i18n.every(goal.evaluate_every, w.lang)}")
    served = goal.serves + [ref for m in goal.measures for ref in m.serves if ref not in goal.serves]
    if served:  # the handleplan's overall goals the goal and its measures carry out
        meta.append(f"{w.L('serves')}: {', '.join(served)}")
    blocks.append({"t": "p", "text": " · ".join(meta), "muted": True})
    if goal.subgoals:
        items = _subgoal_items(w, goal, dates)
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


def _evaluation_line(w: Words, e: Evaluation) -> str:
    """A sub-goal's evaluation on one line: date, how far, what next, who, and their words."""
    line = f"{w.date(e.date)} — {w.of('achievement.', e.achievement)}, {w.of('outcome.', e.outcome)}"
    if e.by:
        line += f" ({w.names(e.by)})"
    return line + "".join(f" — {w.of('voice.', who)}: {text}" for who, text in e.voices.items())


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
    rows += _decline_rows(w)
    if plan.person.born:
        born = plan.person.born
        child = f" ({w.L('child')})" if plan.person.child else ""
        rows.append([w.L("born"), (str(born) if isinstance(born, int) else w.date(born)) + child])
    if plan.person.communication:
        rows.append([w.L("communication"), plan.person.communication, plan.language])
    if plan.person.contact:
        rows.append([w.L("contact"), plan.person.contact, plan.language])
    representative = plan.representative()
    if representative:
        rows.append([w.L("represented_by"), f"{representative.name} ({w.of('role.', representative.role)})"])
    coordinator = w.by_id.get(plan.coordinator) if plan.coordinator else None
    if coordinator:
        contact = ", ".join(x for x in (coordinator.organisation, coordinator.phone, coordinator.email) if x)
        rows.append([w.L("coordinator"), coordinator.name + (f" — {contact}" if contact else "")])
    return rows


def _decline_rows(w: Words) -> list[list[Any]]:
    d = w.plan.decline
    if d is None:
        return []
    said = f"{w.date(d.date)} ({w.of('given_by.', d.by)})"
    said += "".join(f"; {w.L(k)}" for k in ("coordinator_offered", "coordinator_accepted") if getattr(d, k))
    rows: list[list[Any]] = [[w.L("decline"), said + (f" — {d.note}" if d.note else "")]]
    if d.offer_again:
        rows.append([w.L("offer_again"), w.date(d.offer_again)])
    return rows


def period_words(w: Words) -> str:
    """The plan period: from–to, or "from <day>" while it is open (never a dangling dash)."""
    start, end = w.plan.period_start, w.plan.period_end
    if start is None:
        return ""
    if end is None:
        return i18n.tr("from_date", w.lang, date=w.date(start))
    return f"{w.date(start)} – {w.date(end)}"


def basis_words(w: Words) -> str:
    """What the plan builds on: its kind, then its reference, the kind said once when the
    reference begins with it ("Handleplan efter servicelovens § 141, Aaby Kommune ...")."""
    from ipcli.language.fold import fold

    basis = w.plan.basis
    kind = w.of("basis.", str(basis.get("kind") or "other"))
    reference = str(basis.get("reference") or "")
    if not reference:
        return kind
    if fold(reference).startswith(fold(kind)):
        return reference
    return f"{kind}: {reference}"


def participant_notes(w: Words, p: Participant) -> list[str]:
    """The staff's line about a participant: role, how to reach them, and since/until when."""
    return [w.of("role.", p.role), *(x for x in (p.phone, p.email) if x), *_taking_part(w, p)]


def _date_rows(w: Words) -> list[list[Any]]:
    plan = w.plan
    rows: list[list[Any]] = [
        [w.L(key), w.date(getattr(plan, key))]
        for key in ("referred", "enrolled", "work_started", "next_revision")
        if getattr(plan, key)
    ]
    if plan.period_start:
        rows.append([w.L("period"), period_words(w)])
    if plan.coordinating_unit:
        rows.append([w.L("coordinating_unit"), plan.coordinating_unit, plan.language])
    return rows


def _basis_rows(w: Words) -> list[list[Any]]:
    basis_of = w.plan.basis
    if not basis_of:
        return []
    basis = basis_words(w)
    if basis_of.get("date"):
        basis += f", {w.date(_as_date(basis_of['date']))}"
    rows: list[list[Any]] = [[w.L("basis"), basis, w.plan.language]]
    for key in ("purpose", "expected_duration"):
        if basis_of.get(key):
            rows.append([w.L(key), str(basis_of[key]), w.plan.language])
    if basis_of.get("agreed"):
        rows.append([w.L("basis_agreed"), w.date(_as_date(basis_of["agreed"]))])
    overall = [g for g in basis_of.get("goals") or [] if isinstance(g, dict)]
    if overall:
        rows.append(
            [
                w.L("basis_goals"),
                "; ".join(f"{g.get('id')}: {g.get('text')}" for g in overall),
                w.plan.language,
            ]
        )
    return rows


def _staff_facts(w: Words, _dates: Dates) -> list[Block]:
    return [{"t": "kv", "rows": [*_person_rows(w), *_date_rows(w), *_basis_rows(w)]}]


def _participants(w: Words, _dates: Dates) -> list[Block]:
    plan = w.plan
    rows = [
        [
            {
                "text": ", ".join(x for x in (p.name, p.title, p.organisation) if x),
                "note": " · ".join(participant_notes(w, p)),
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
    giver = w.of("given_by.", c.given_by)
    line = f"{w.of('consent.', c.kind)} ({w.L('given_by')} {giver}, {w.date(c.date)})"
    if c.covers:
        line += f", {w.L('covers')} {w.names(c.covers)}"
    if c.sources:
        line += f", {w.L('sources')} {', '.join(c.sources)}"
    if c.valid_until:
        line += f", {w.L('valid_until')} {w.date(c.valid_until)}"
    if c.withdrawn:
        line += f" — {w.L('withdrawn')} {w.date(c.withdrawn)}"
    if c.document:
        line += f" [{c.document}]"
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
    blocks: list[Block] = []
    if goal:
        blocks += [{"t": "h", "level": 2, "text": w.L("long_term_goal")}, _voice(w, goal.text, goal.said_by)]
    if w.plan.involvement:  # the plan's methods for bringing in the person's wishes (seed 002)
        blocks += [
            {"t": "h", "level": 2, "text": w.L("involvement")},
            {"t": "p", **w.text(w.plan.involvement)},
        ]
    return blocks


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
    # the Danish template's order (seed 000): situation and routines, current agreements, wishes
    if t.agreements:
        b.append(_sublabel(w, "agreements", 4))
        b += [_voice(w, a.text, a.said_by) for a in t.agreements]
    if t.wishes:
        b.append(_sublabel(w, "wishes", 4))
        b += _wish_blocks(w, t.wishes)
    if t.focus_agreement and w.profile is not None and w.profile.focus_areas:  # Danish only (seed 000)
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
    b: list[Block] = [{"t": "h", "level": 2, "text": w.L("revisions")}]
    for r in plan.revisions:
        who = f" ({w.names(r.by)})" if r.by else ""
        line = {"text": f"{w.date(r.date)}{who}: {r.summary}", "lang": plan.language}
        b.append({"t": "list", "items": [line]})
        b += [_voice(w, text, voice) for voice, text in r.voices.items()]
    return b


def _dilemmas(w: Words, _dates: Dates) -> list[Block]:
    if not w.plan.dilemmas:
        return []
    return [
        {"t": "h", "level": 2, "text": w.L("dilemmas")},
        *(_voice(w, d.text, d.said_by) for d in w.plan.dilemmas),
    ]


def _notes(w: Words, _dates: Dates) -> list[Block]:
    """The plan's free notes: staff's, so in the staff version only."""
    if not w.plan.notes:
        return []
    return [{"t": "h", "level": 2, "text": w.L("notes")}, {"t": "p", **w.text(w.plan.notes)}]


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
    (None, _notes),
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


def without_staff_notes(plan: Plan) -> Plan:
    """The person's version leaves staff-internal parts out: dilemmas and staff's assessments.
    A view: only the objects that lose something are copied (shallow), the plan itself is not
    changed (a deep copy of the whole plan cost a sixth of `render --all`)."""
    from copy import copy

    def bare(d: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in d.items() if k != "staff"}

    def evaluation(e: Evaluation) -> Evaluation:
        e = copy(e)
        e.voices = bare(e.voices)
        return e

    def goal(g: Goal) -> Goal:
        g = copy(g)
        g.evaluations = [evaluation(e) for e in g.evaluations]
        return g

    def subtopic(sub: Subtopic) -> Subtopic:
        sub = copy(sub)
        sub.situation, sub.needs = bare(sub.situation), bare(sub.needs)
        sub.goals = [goal(g) for g in sub.goals]
        return sub

    def theme(t: Theme) -> Theme:
        t = copy(t)
        t.situation, t.resources, t.needs = bare(t.situation), bare(t.resources), bare(t.needs)
        t.goals = [goal(g) for g in t.goals]
        t.subtopics = [subtopic(sub) for sub in t.subtopics]
        return t

    view = copy(plan)
    view.dilemmas = []
    view.themes = [theme(t) for t in plan.themes]
    return view


# The person's copy, in the order the sources give it: what happens next first; in a
# person-led Norwegian plan who takes part and the consents come before the goals (the
# regulation's list: goals, resources and needs; who takes part; ... consent), and the person's
# own situation and wishes before what the services do. Markdown, HTML and PDF are all made
# from these blocks (render.py's _blocks templates, plan.typ): one description, three formats.


def citizen_blocks(w: Words, without: set[str], shows_staff: bool = False) -> list[Block]:
    """The person's own copy, as blocks every format lays out the same way."""
    if not shows_staff:
        w = Words(without_staff_notes(w.plan), w.profile, w.lang, w.today)
    plan = w.plan
    dates = dates_by_place(plan, w.profile)
    if _declined(w):
        # Norway: no plan is made, so the page says so and who to call; the note that the plan
        # gives no right to services is about a plan, and there is none (issue 29.13)
        b: list[Block] = [{"t": "h", "level": 1, "text": plan.person.name}]
        b += [{"t": "h", "level": 2, "text": w.L("my_declined")}, {"t": "p", "text": w.L("my_declined_note")}]
        b += _asked_again(w)
        box = next_box(w, dates, plan_work=False)
        return [*b, *([box] if box["items"] else []), *_my_coordinator(w)]
    b = [{"t": "h", "level": 1, "text": f"{w.L('my_plan')}: {plan.person.name}"}, *_marks(w)]
    if plan.participation == "declined":
        # Denmark: the plan is written all the same; the person is told so, and when they are asked again
        b += [
            {"t": "h", "level": 2, "text": w.L("my_not_taking_part")},
            {"t": "p", "text": w.L("my_not_taking_part_note")},
            *_asked_again(w),
        ]
    box = next_box(w, dates)
    b += [box] if box["items"] else []
    b += _my_participants(w)
    if "consents" not in without:
        b += _my_consents(w)
    b += _my_situation(w)
    if plan.long_term_goal:
        b += [
            {"t": "h", "level": 2, "text": w.L("long_term_goal")},
            _voice(w, plan.long_term_goal.text, plan.long_term_goal.said_by),
        ]
    goals = [(t, g) for t, g in plan.goals() if g.status != "dropped"]
    for heading, mine in (("my_goals", True), ("service_goals", False)):
        items = [_my_goal(w, t, g, dates) for t, g in goals if (g.said_by == "citizen") == mine]
        if items:
            b += [{"t": "h", "level": 2, "text": w.L(heading)}, {"t": "list", "items": items}]
    open_measures = [m for _g, m in plan.measures() if m.status in ("planned", "ongoing")]
    if open_measures:
        b.append({"t": "h", "level": 2, "text": w.L("measures_for_me")})
        b.append(
            {
                "t": "table",
                "class": "mine",  # the page's column widths for the person's measures
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
    return b + _my_coordinator(w) + _rights(w)


def _asked_again(w: Words) -> list[Block]:
    decline = w.plan.decline
    if decline is None or decline.offer_again is None:
        return []
    return [{"t": "p", "label": w.L("asked_again"), "text": w.date(decline.offer_again)}]


def _my_goal(w: Words, t: Theme, g: Goal, dates: Dates) -> dict[str, Any]:
    item: dict[str, Any] = {**w.text(g.text), "note": f"{w.theme(t.key)} · {w.of('voice.', g.said_by)}"}
    nxt = dates.get(tuple(g.at)) or g.next_evaluation
    if nxt and g.status in ("active", "proposed"):
        item["note"] += f" · {w.L('next_evaluation')}: {w.date(nxt)}"
        if nxt < w.today:
            item["flag"] = w.L("passed")
    return item


def _my_participants(w: Words) -> list[Block]:
    if not w.plan.participants:
        return []
    items = []
    for p in w.plan.participants:
        who = ", ".join(x for x in (p.name, p.title, p.organisation) if x)
        note = [w.of("role.", p.role), *_taking_part(w, p)]
        # the page's words and the plan's, each in its language (HTML marks the plan's with lang)
        parts = [{"text": x, "lang": w.lang} for x in note]
        if p.contributes:
            note.append(p.contributes)
            parts.append({"text": p.contributes, "lang": w.plan.language})
        items.append({"text": who, "note": " · ".join(note), "note_parts": parts, "lang": w.plan.language})
    return [{"t": "h", "level": 2, "text": w.L("participants")}, {"t": "list", "items": items}]


def _taking_part(w: Words, p: Participant) -> list[str]:
    """From when, until when; someone who has left is said to be a former participant."""
    out = []
    if p.end is not None and p.end < w.today:
        out.append(w.L("former_participant"))
    if p.start is not None:
        out.append(i18n.tr("from_date", w.lang, date=w.date(p.start)))
    if p.end is not None:
        out.append(i18n.tr("until_date", w.lang, date=w.date(p.end)))
    return out


def _my_consents(w: Words) -> list[Block]:
    if not w.plan.consents:
        return []
    return [
        {"t": "h", "level": 2, "text": w.L("my_consents")},
        {"t": "list", "items": [_consent_line(w, c) for c in w.plan.consents]},
    ]


def _my_situation(w: Words) -> list[Block]:
    """Per life area: the person's situation, what is agreed now, and the wishes (the Danish
    template's order: situation and routines, current agreements, wishes)."""
    b: list[Block] = []
    for t in w.plan.themes:
        part: list[Block] = []
        for key, voices in (("situation", t.situation), ("resources", t.resources), ("needs", t.needs)):
            if voices:
                part.append({"t": "p", "text": w.L(key), "strong": True})
                part += [_voice(w, text, who) for who, text in voices.items()]
        part += _agreements_and_wishes(w, t.agreements, t.wishes)
        for sub in t.subtopics:
            inner: list[Block] = [_voice(w, text, who) for who, text in sub.situation.items()]
            inner += [_voice(w, text, who) for who, text in sub.needs.items()]
            inner += _agreements_and_wishes(w, [], sub.wishes)
            if inner:
                part += [{"t": "h", "level": 4, **w.text(sub.topic)}, *inner]
        if part:
            b += [{"t": "h", "level": 3, "text": w.theme(t.key)}, *part]
    return [{"t": "h", "level": 2, "text": w.L("my_situation")}, *b] if b else []


def _agreements_and_wishes(w: Words, agreements: list[Voiced], wishes: list[Wish]) -> list[Block]:
    b: list[Block] = []
    if agreements:
        b.append({"t": "p", "text": w.L("agreements"), "strong": True})
        b += [_voice(w, a.text, a.said_by) for a in agreements]
    if wishes:
        b.append({"t": "p", "text": w.L("wishes"), "strong": True})
        b += _wish_blocks(w, wishes)
    return b


def _my_coordinator(w: Words) -> list[Block]:
    """Who to call, with a link for the phone and the e-mail where the format has links."""
    c = w.by_id.get(w.plan.coordinator) if w.plan.coordinator else None
    if c is None:
        return []
    items: list[Any] = [{"text": c.name, "lang": w.plan.language}]
    if c.organisation:
        items.append({"text": c.organisation, "lang": w.plan.language})
    if c.phone:
        items.append({"text": c.phone, "href": tel_href(c.phone)})
    if c.email:
        items.append({"text": c.email, "href": mail_href(c.email)})
    return [{"t": "h", "level": 2, "text": w.L("my_coordinator")}, {"t": "lines", "items": items}]


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


class Line(dict[str, Any]):
    """An item of the "what happens next" box: its text, and a flag when its day has passed.
    Printed as a whole it is its words, as the box's items were before they were data
    (an organisation's own template that prints `{{ item }}` keeps working)."""

    def __str__(self) -> str:
        return str(self["text"]) + (f" — {self['flag']}" if self.get("flag") else "")


def next_box(w: Words, dates: dict[tuple[Any, ...], dt.date], plan_work: bool = True) -> Block:
    """What happens next: the next meeting, evaluation and revision, and who to call. An
    evaluation whose day has passed is the next one (marked so), never a later date while the
    goals below say theirs have passed. Without plan work (a Norwegian decline) only who to call."""
    plan = w.plan
    items: list[Any] = []
    evaluations = sorted(
        d
        for g in (g for _t, g in plan.goals() if plan_work and g.status in ("active", "proposed"))
        for d in [dates.get(tuple(g.at)) or g.next_evaluation]
        if d is not None
    )
    meetings = sorted((m for m in plan.meetings if plan_work and m.date >= w.today), key=lambda m: m.date)
    if meetings:
        kind = w.of("meeting.", meetings[0].kind)
        items.append(Line(text=f"{w.L('next_meeting')}: {w.date(meetings[0].date)} ({kind})"))
    revision = plan.next_revision if plan_work else None
    first = evaluations[0] if evaluations else None
    for key, day in (("next_evaluation", first), ("next_revision", revision)):
        if day is not None:
            item = Line(text=f"{w.L(key)}: {w.date(day)}")
            if day < w.today:
                item["flag"] = w.L("passed")
            items.append(item)
    coordinator = w.by_id.get(plan.coordinator) if plan.coordinator else None
    if coordinator:
        how = ", ".join(x for x in (coordinator.phone, coordinator.email) if x)
        items.append(Line(text=f"{w.L('who_to_call')}: {coordinator.name}" + (f", {how}" if how else "")))
    return {"t": "box", "title": w.L("what_happens_next"), "items": items}


def document(
    plan: Plan,
    profile: Profile | None,
    lang: str,
    audience: str,
    today: dt.date,
    page: PageFacts | None = None,
    without: frozenset[str] = frozenset(),
    shows_staff: bool = False,
) -> dict[str, Any]:
    """Everything the PDF template needs, as JSON-ready data."""
    w = Words(plan, profile, lang, today)
    facts = page or PageFacts()
    version, organisation = facts.version, facts.organisation
    head, running_left, running_right = header(w, facts)
    if audience == "citizen":
        blocks = citizen_blocks(w, set(without), shows_staff)
    else:
        blocks = staff_blocks(w, set(without))
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
