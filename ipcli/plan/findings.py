"""The one result type of checking: a Finding says what is wrong, where, and how to fix it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, NamedTuple

from ipcli.language import i18n
from ipcli.language.nationalid import mask


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(NamedTuple):
    """One problem in one file. Lines and columns are 1-based, as editors show them.
    (A tuple: a large repository yields tens of thousands.)"""

    path: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str
    hint: str = ""
    # what identifies the finding apart from where it is and the words: its message key and
    # values, never in a language and never with a day count (CI fingerprints are made of it).
    # A deadline's is its item's key and values as they are (a tuple): put into words (its repr)
    # only by the formats that use it, not for each of tens of thousands of findings
    ident: str | tuple[Any, ...] = ""

    def to_dict(self) -> dict[str, Any]:
        d = self._asdict()
        del d["ident"]  # internal: the JSON document's fields stay as they are
        d["severity"] = str(self.severity)
        return d


def fails(findings: list[Finding]) -> bool:
    """Errors and warnings fail a check; info findings only inform."""
    return any(f.severity is not Severity.INFO for f in findings)


# --- messages as data: a key and its values, made into words at the edge -----------------------
#
# Rules, the loader and the schema check write a finding's message and hint as `said(key, **values)`:
# one string holding a catalogue key and named values, so the cache stores no language and a
# cached result serves every language. `words()` turns it into a sentence in the run's language.
# A value named `date` or ending in `_date` is an ISO date shown the language's way; a list or
# tuple is joined with commas; a mapping holds the value in each language ({"nb": "Helse", ...}:
# a theme's label in the profile), shown in the reader's; a value whose name ends in `_term` is
# itself a catalogue key (`role_term="role.guardian"`, `item_term="schema.item.goal"`), shown in
# the same language (a value that is no key shows as it is). A value ending in `_count` is a whole
# number and one ending in `_decimal` a number with the decimals it was given (at least one),
# both written the language's way (200,000 / 200 000; 1.5 / 1,5). A value ending in `_glossed`
# is a list of "value:key" items, each shown as the value with its label in the reader's
# language ("ongoing (pågår)"; the value alone in English, whose words the values are, and
# where the label says the same). Text that is not a
# said() message (plan text) passes unchanged.

_SEP = "\x1f"  # between the key and each name=value
_ITEM = "\x1e"  # between the items of a list value
_LANGS = "\x1d"  # starts a value given in each language: lang, text, lang, text, ... (by _ITEM)


def said(key: str, /, **values: object) -> str:
    """A message as data: `said("schema.required", key="name")`."""
    if not values:
        return key
    parts = [key]
    for name, value in values.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, Mapping):
            shown = _ITEM.join(_plain(str(v)) for pair in value.items() for v in pair)
            parts.append(f"{name}={_LANGS}{shown}")
        elif isinstance(value, (list, tuple, set, frozenset)):
            shown = _ITEM.join(_plain(str(v)) for v in value)
            parts.append(f"{name}={_ITEM}{shown}")
        else:
            parts.append(f"{name}={_plain(str(value))}")
    return _SEP.join(parts)


def _plain(text: str) -> str:
    # plan text inside a value cannot end the value early (it is shown as the visible symbol)
    return text.replace(_SEP, "\u241f").replace(_ITEM, "\u241e").replace(_LANGS, "\u241d")


# the values that quote the plan: left out under --redact (a person's name becomes initials)
_PLAN_TEXT = frozenset({"value", "text", "word", "label", "tag", "detail", "problem"})


def words(message: str, lang: str | None = None, redact: bool = False) -> str:
    """A said() message as a sentence in `lang` (default: the run's language). A key that is not
    in the catalogue, and text that was never a key, come back as they are. With `redact`, the
    values that quote the plan are left out and a person (a value named `person`) is initials.
    Made once per message, language and mode: a large repository's findings repeat the same
    few thousand messages (the words depend on nothing else)."""
    if not message:
        return message
    language = lang or i18n.current()
    found = MADE.get((message, language, redact))
    if found is None:
        if len(MADE) > 200_000:  # a language server runs for days: keep it bounded
            MADE.clear()
        # the one place a finding becomes words: a national id number a value quotes is masked
        found = MADE[(message, language, redact)] = mask(_words(message, language, redact))
    return found


MADE: dict[tuple[str, str, bool], str] = {}


def _words(message: str, language: str, redact: bool) -> str:
    if _SEP not in message:
        return i18n.tr(message, language)
    key, *pairs = message.split(_SEP)
    values: dict[str, object] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if redact and (name in _PLAN_TEXT or name == "person"):
            from ipcli.language.text import initials

            values[name] = (
                initials(value) if name == "person" else i18n.tr("history.redacted_message", language)
            )
        elif name.endswith("_glossed") and value.startswith(_ITEM):
            values[name] = ", ".join(_glossed(item, language) for item in value[1:].split(_ITEM))
        elif value.startswith(_ITEM):
            values[name] = ", ".join(value[1:].split(_ITEM)) if len(value) > 1 else ""
        elif value.startswith(_LANGS):
            items = value[1:].split(_ITEM)
            each = dict(zip(items[::2], items[1::2], strict=False))
            values[name] = each.get(language) or each.get("en") or ""
        elif name.endswith("_term"):
            values[name] = i18n.tr(value, language) if value else value
        elif name == "date" or name.endswith("_date"):
            try:
                values[name] = i18n.date(dt.date.fromisoformat(value), language)
            except ValueError:
                values[name] = value
        elif name.endswith(("_count", "_decimal")):
            # a decimal keeps the places it was given (at least one): 5.000001 MB is not 5.0 MB
            places = max(1, len(value.partition(".")[2])) if name.endswith("_decimal") else 0
            values[name] = _number(value, language, "0." + "0" * places if places else "#,##0")
        else:
            values[name] = value
    text = i18n.catalogue(language).get(key, key)  # not tr(): a value may be named "key"
    try:
        return (text if isinstance(text, str) else text[0]).format(**values)
    except (KeyError, IndexError, ValueError):
        return message.replace(_SEP, " ")  # a catalogue text naming a value the code does not give


def _glossed(item: str, language: str) -> str:
    """ "ongoing:measure.ongoing" -> "ongoing (pågår)"; the value alone in English, and when the
    label is missing or says the same."""
    value, _, key = item.rpartition(":")
    if not value:
        return item
    if language == "en":  # the values are English words: "continue", not "continue (continue as planned)"
        return value
    text = i18n.catalogue(language).get(key) if key else None
    label = text if isinstance(text, str) else text[0] if text else ""
    same = label.casefold().replace("-", " ") == value.casefold().replace("_", " ").replace("-", " ")
    return value if not label or same else f"{value} ({label})"


def identity(message: str) -> str:
    """What identifies a said() message apart from its place: the key and the values that do not
    quote the plan (a quote's edit, or a person's name, is the same finding) nor name a line
    (lines move when other lines are added). No language, no day count: CI fingerprints."""
    key, *pairs = message.split(_SEP)
    kept = [
        pair
        for pair in pairs
        if (name := pair.partition("=")[0]) not in _PLAN_TEXT
        and name not in ("person", "line", "col")
        and not name.endswith(("_line", "_col"))
    ]
    return _SEP.join([key, *kept])


def unsaid(message: str) -> tuple[str, dict[str, str | list[str]]]:
    """A said() message as its key and values (a list value as a list), for a reporter that
    writes the values itself (plan words: a name, a goal's text)."""
    key, *pairs = message.split(_SEP)
    values: dict[str, str | list[str]] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        values[name] = (
            (value[1:].split(_ITEM) if len(value) > 1 else []) if value.startswith(_ITEM) else value
        )
    return key, values


def _number(value: str, lang: str, pattern: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    from babel.numbers import format_decimal  # only for the few messages that hold a number

    return format_decimal(number, format=pattern, locale=i18n.locale_of(lang))
