"""A change to a plan (ipcli.changes.semdiff's data) written for a person, in the run's language and in
plan words: a goal or measure by its own words, a participant by name (initials when redacted),
a theme by its label in the profile, a consent by what it covers, a meeting kind, a status or an
evaluation by its name, dates the language's way. Used by `log`, `diff` and `--commit`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ipcli.language import i18n
from ipcli.language.dateforms import long_date
from ipcli.language.i18n import N_
from ipcli.plan.findings import unsaid

# the things a change is about, each named by a phrase with its own words in it
_SUBJECTS = {
    "goal": N_("history.the_goal"),
    "subgoal": N_("history.the_subgoal"),
    "measure": N_("history.the_measure"),
    "consent": N_("history.the_consent"),
    "theme": N_("history.the_theme"),
    "person": N_("history.the_participant"),
}
_FIELDS = {
    "status": N_("history.field.status"),
    "participation": N_("history.field.participation"),
    "profile": N_("history.field.profile"),
    "next_revision": N_("history.field.next_revision"),
    "work_started": N_("history.field.work_started"),
    "enrolled": N_("history.field.enrolled"),
    "referred": N_("history.field.referred"),
    "period_end": N_("history.field.period_end"),
    "valid_until": N_("history.field.valid_until"),
    "focus_agreement": N_("history.field.focus_agreement"),
    "next_evaluation": N_("history.field.next_evaluation"),
    "due": N_("history.field.due"),
    "responsible": N_("history.field.responsible"),
}
# a field's values are labels from the catalogue: (prefix of the label's key)
_LABELLED = {
    "status": "status.",
    "goal_status": "goal.",
    "measure_status": "measure.",
    "participation": "participation.",
    "focus_agreement": "focus.",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class Words:
    """How one run writes changes: its language, redaction, and the profile's theme labels."""

    def __init__(
        self,
        theme_label: Callable[[str, str], str] | None = None,
        redact: bool = False,
        lang: str | None = None,
    ) -> None:
        self.lang = lang or i18n.current()
        self.redact = redact
        self._theme_label = theme_label

    def tr(self, key: str, **values: object) -> str:
        return i18n.tr(key, self.lang, **values)

    def theme(self, key: str) -> str:
        if self._theme_label is not None:
            return self._theme_label(key, self.lang)
        return key.replace("_", " ")

    def name(self, pid: str, name: str) -> str:
        """A participant by name (initials when redacted), by id when the plan names no one."""
        from ipcli.language.text import initials

        if not name or pid in ("", "None"):
            return pid
        return initials(name) if self.redact else name

    def own_words(self, ident: str, text: str) -> str:
        """A goal or measure by its own words, shortened and quoted (its id when redacted)."""
        from ipcli.language.text import short

        if self.redact or not text:
            return ident
        return self.tr("quote", text=short(text))

    def date(self, value: str) -> str:
        if _DATE.match(value):
            try:
                return long_date(dt.date.fromisoformat(value), self.lang)
            except ValueError:
                return value
        return value

    def label(self, prefix: str, value: str) -> str:
        if value in ("", "None"):
            return "?"
        return i18n.label(prefix + value, self.lang)


def sentence(change: str, words: Words) -> str:
    """One change in words."""
    key, values = unsaid(change)
    if key in ("history.set", "history.removed", "history.changed"):
        return _scalar(key, values, words)
    shown: dict[str, Any] = {}
    for name, value in values.items():
        shown[name] = _value(name, value, values, words)
    subject = _subject(values, words)
    if subject is not None:
        shown["subject"] = subject
    for name in _SUBJECTS:  # each thing by its phrase, for a message about two (a measure's goal)
        if name in values:
            shown[f"{name}_words"] = _subject({name: values[name], **_own(values, name)}, words)
    if key == "history.theme.wish" and not shown.get("text"):
        key = N_("history.theme.wish.plain")
    try:
        return words.tr(key, **shown)
    except (KeyError, IndexError, ValueError):
        return key


def _own(values: dict[str, str | list[str]], name: str) -> dict[str, str | list[str]]:
    return {k: v for k, v in values.items() if k.startswith(f"{name}_")}


def _str(value: str | list[str] | None) -> str:
    return value if isinstance(value, str) else ", ".join(value or [])


def _subject(values: dict[str, str | list[str]], words: Words) -> str | None:
    """The phrase for what the change is about: 'the goal "…"', 'the theme Health'."""
    for name, key in _SUBJECTS.items():
        if name not in values:
            continue
        ident = _str(values[name])
        if name in ("goal", "subgoal", "measure"):
            shown = words.own_words(ident, _str(values.get(f"{name}_text")))
        elif name == "consent":
            kind = _str(values.get("consent_kind"))
            shown = words.tr(f"consent.{kind}") if kind else ident
            if shown == f"consent.{kind}":
                shown = ident
        elif name == "theme":
            shown = words.theme(ident)
        else:
            shown = words.name(ident, _str(values.get(f"{name}_name")))
        return words.tr(key, what=shown)
    return None


def _value(name: str, value: str | list[str], values: dict[str, str | list[str]], words: Words) -> str:
    if name == "date" or name.endswith("_date"):
        return words.date(_str(value))
    if name in ("old", "new") and f"{name}_name" in values:  # a participant, as the coordinator
        return words.name(_str(value), _str(values[f"{name}_name"]))
    if name in ("in_theme", "old_theme", "new_theme"):
        return words.theme(_str(value))
    if name in ("role", "old_role", "new_role"):
        return words.label("role.", _str(value))
    if name == "kind":
        return words.label("meeting.", _str(value))
    if name in ("achievement", "outcome", "plan_status"):
        return words.label({"plan_status": "status"}.get(name, name) + ".", _str(value))
    if name == "people":
        names = values.get("people_names") or []
        ids = value if isinstance(value, list) else [value]
        shown = [words.name(p, names[i] if i < len(names) else "") for i, p in enumerate(ids)]
        return ", ".join(shown) if shown else words.tr("history.no_one")
    if name == "parts":
        return ", ".join(
            i18n.label(p, words.lang).lower() for p in (value if isinstance(value, list) else [value])
        )
    if name == "text":
        return words.own_words("", _str(value))
    return _str(value)


def _scalar(key: str, values: dict[str, str | list[str]], words: Words) -> str:
    """A value set, removed or changed: '{what}: {old} → {new}'."""
    field = _str(values.get("field"))
    subject = _subject(values, words)
    field_words = "" if field.endswith("status") and subject else words.tr(_FIELDS.get(field, field))
    if field_words.startswith("history."):
        field_words = field.replace("_", " ")
    if subject and field_words:
        what = words.tr("history.what", subject=subject, field=field_words)
    else:
        what = subject or field_words

    def shown(side: str) -> str:
        raw = _str(values.get(side))
        if field in _LABELLED:
            return words.label(_LABELLED[field], raw)
        if field == "responsible":
            return words.name(raw, _str(values.get(f"{side}_name")))
        return words.date(raw)

    return words.tr(key, what=what, old=shown("old"), new=shown("new"))


def theme_labels(config: Any) -> Callable[[str, str], str]:
    """A theme's label in the repository's profiles (its own first, then the built-in ones)."""
    from ipcli.plan.profiles import BUILTIN

    names = [config.profile, *(n for n in BUILTIN if n != config.profile)]

    def label(key: str, lang: str) -> str:
        for name in names:
            profile = config.profile_named(name)
            theme = profile.theme(key) if profile else None
            if theme is not None:
                return str(theme.label(lang))
        return key.replace("_", " ")

    return label


def problem(text: str | None, words: Words) -> str:
    """Why a version did not read (`history.at_line`: a line and the reader's own message)."""
    if not text:
        return ""
    from ipcli.plan.findings import words as said_words

    key, values = unsaid(text)
    if key != "history.at_line":
        return said_words(text, words.lang)
    inner = said_words(_restore(_str(values.get("problem"))), words.lang)
    return words.tr(key, line=_str(values.get("line")), problem=inner)


def unreadable(entry: Any, words: Words) -> str:
    """A log entry whose new version did not read: what and where."""
    key = N_("history.does_not_read") if entry.commit == "uncommitted" else N_("history.did_not_read")
    return words.tr(key, problem=problem(entry.unreadable, words))


def _restore(value: str) -> str:
    """A said() message kept as a value of another one (its separators were made visible)."""
    return value.replace("\u241f", "\x1f").replace("\u241e", "\x1e")


_PLAN_TEXT = ("text", "goal_text", "subgoal_text", "measure_text")


def data(change: str, redact: bool) -> dict[str, object]:
    """A change for a machine: its key and values (no plan text and initials when redacted)."""
    from ipcli.language.text import initials

    key, values = unsaid(change)
    shown: dict[str, object] = {}
    for name, value in values.items():
        if redact and name in _PLAN_TEXT:
            continue
        if redact and name.endswith("_name") and isinstance(value, str):
            value = initials(value) if value else value
        if redact and name == "people_names" and isinstance(value, list):
            value = [initials(v) if v else v for v in value]
        shown[name] = value
    return {"key": key, "values": shown}


def entry_dict(entry: Any, words: Words) -> dict[str, object]:
    """A log entry for `--format json`: its changes in words and as keys and values."""
    out: dict[str, object] = entry.to_dict()
    out["changes"] = [sentence(c, words) for c in entry.changes]
    out["change_keys"] = [data(c, words.redact) for c in entry.changes]
    out["unreadable"] = unreadable(entry, words) if entry.unreadable else None
    return out


def record_message(message: str) -> str:
    """What an edit did (said() data from ipcli.edits.record), in the run's language, for the person
    who ran it."""
    return _record_words(message, i18n.current())


def commit_message(message: str, plan: Any) -> str:
    """What an edit did, as the commit's message: in the repository's language (ipcli.toml's
    language, else --lang, else the plan's own; see i18n.repository_language)."""
    language = plan.get("language") if isinstance(plan, dict) else None
    return _record_words(message, i18n.repository_language(language))


def _record_words(message: str, lang: str) -> str:
    key, values = unsaid(message)
    if not key.startswith("commit."):
        return message  # already words
    words = Words(_builtin_theme_label, lang=lang)
    if key == "commit.measure_status":
        change = _scalar("history.changed", values, words)
        return words.tr(key, plan=_str(values.get("plan")), change=change)
    return sentence(message, words)


def _builtin_theme_label(key: str, lang: str) -> str:
    """A theme's label in the built-in profiles (an edit has no repository settings at hand)."""
    from ipcli.plan.profiles import BUILTIN

    for profile in BUILTIN.values():
        theme = profile.theme(key)
        if theme is not None:
            return str(theme.label(lang))
    return key.replace("_", " ")
