"""A deadline item in words: the engine stores a message key and its values (ids, ISO dates,
a consent's kind); this writes it for a person in the language in use, in plan words: people by
name (initials when redacted), consents by what they cover, dates as the language writes them,
a goal or measure by its own words (its id when redacted).

A stored item's `what` is a flat tuple: (key, name, value, name, value, ...).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ipcli.language import i18n
from ipcli.language.dateforms import long_date
from ipcli.language.text import initials

if TYPE_CHECKING:
    from ipcli.plan.model import Plan
    from ipcli.plan.profiles import Profile

# participant id -> (name, e-mail), as in the plan's facts
Names = Mapping[str, tuple[str, str | None]]
_NO_NAMES: Names = {}


def what(
    item: tuple[object, ...],
    text: str | None,
    names: Names | None = None,
    redact: bool = False,
    lang: str | None = None,
) -> str:
    """The item's words, e.g. 'forny samtykket til å dele opplysninger med Per Hansen, ...'."""
    lang = lang or i18n.current()
    if not names_people(item):
        return _plain(item, text, redact, lang)  # the usual case: no people in it, so cached
    return _words(item, text, names or _NO_NAMES, redact, lang)


def names_people(item: tuple[object, ...]) -> bool:
    """Whether the item's words name people (then they depend on the plan's participants)."""
    return "person" in item or "people" in item


class Memo:
    """Items in words for one report (one language, redacted or not): a report of 10,000 plans
    has ~40,000 items but only a few thousand distinct ones, so the words of an item that names
    no people are made once and looked up after (by its key and values, and the plan's text)."""

    def __init__(self, redact: bool = False, lang: str | None = None) -> None:
        self.redact = redact
        self.lang = lang or i18n.current()
        self.made: dict[tuple[object, ...], str] = {}

    def __call__(self, item: tuple[object, ...], text: str | None, names: Names | None) -> str:
        key = (item, text)
        found = self.made.get(key)
        if found is None:
            if names_people(item):
                return _words(item, text, names or _NO_NAMES, self.redact, self.lang)
            found = self.made[key] = _words(item, text, _NO_NAMES, self.redact, self.lang)
        return found


@functools.lru_cache(maxsize=16384)
def _plain(item: tuple[object, ...], text: str | None, redact: bool, lang: str) -> str:
    return _words(item, text, _NO_NAMES, redact, lang)


def _words(item: tuple[object, ...], text: str | None, names: Names, redact: bool, lang: str) -> str:
    key = str(item[0])
    values: dict[str, object] = {}
    for i in range(1, len(item) - 1, 2):
        name, value = str(item[i]), item[i + 1]
        values[name] = _value(name, value, text, names, redact, lang)
    if "kind" in values:  # a consent, by what it covers
        kind = values.pop("kind")
        covers = i18n.tr(f"consent.{kind}", lang)
        people = values.pop("people", "")
        values["consent"] = (
            i18n.tr("due.consent.with", lang, what=covers, people=people) if people else covers
        )
    return i18n.tr(key, lang, **values)


def _value(name: str, value: object, text: str | None, names: Names, redact: bool, lang: str) -> str:
    if name == "date":
        return long_date(dt.date.fromisoformat(str(value)), lang)
    if name == "person":
        return person(str(value), names, redact)
    if name == "people":
        return ", ".join(person(str(p), names, redact) for p in value)  # type: ignore[attr-defined]
    if name == "status":
        return i18n.label(f"measure.{value}", lang)
    if name == "role":
        return i18n.label(f"role.{value}", lang)
    if name in ("goal", "measure"):
        return quoted(text, lang) if text and not redact else str(value)
    return str(value)


def person(pid: str, names: Names, redact: bool) -> str:
    """A participant by name, or by initials when redacted (the id when the plan has no name)."""
    known = names.get(pid)
    if known is None:
        return pid
    return initials(known[0]) if redact else known[0]


def quoted(text: str, lang: str) -> str:
    """The plan's own words, shortened, in the language's quotation marks."""
    from ipcli.language.text import short

    return i18n.tr("quote", lang, text=short(text))


@dataclass(frozen=True)
class DueLine:
    date: dt.date
    what: str
    overdue: bool
    where: str = ""  # for a problem in the file: file:line:col


def due_lines(
    plan: Plan, profile: Profile | None, today: dt.date, lang: str, within_days: int = 30
) -> list[DueLine]:
    """What is due, in the plan's words and `lang`: people by name, consents by what they cover."""
    if profile is None:
        return []
    until = today + dt.timedelta(days=within_days)
    names = {p.id: (p.name, p.email) for p in plan.participants}
    # imported here: the words of a deadline item are on every warm lint and due, which read
    # their items from the cache and never import the engine (nor the plan model under it)
    from ipcli.deadlines.engine import deadlines

    items = [i for i in deadlines(plan, profile) if i.date is None or i.date <= until]
    return [
        DueLine(
            i.date or today,
            what(i.what, i.text, names, False, lang),
            (i.date or today) < today or i.date is None,
        )
        for i in items
    ]
