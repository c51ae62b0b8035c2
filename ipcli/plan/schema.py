"""The packaged plan schema, and validation that explains each failure in plan words.

A compiled validator (jsonschema-rs) decides valid / not valid on the hot path; only for the few
files that fail does python `jsonschema` (imported then) produce the detailed errors, because its
errors say which keyword failed and where.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipcli.language.calendar import DASHES, typed_day
from ipcli.language.i18n import N_
from ipcli.language.nationalid import mask
from ipcli.plan.findings import said

SCHEMA_RESOURCE = "schemas/plan.schema.json"


@dataclass(frozen=True)
class SchemaProblem:
    """A schema failure at a path in the data; at_key points at the key rather than its value."""

    path: tuple[str | int, ...]
    code: str
    message: str
    hint: str = ""
    at_key: bool = False


def schema_text() -> str:
    """The packaged schema: a file beside this module in the wheel as in the source tree (read
    as a path: importlib.resources would add 3 ms to every run that reads a plan)."""
    import ipcli  # the package's root: this module may sit in a subpackage

    return Path(ipcli.__file__).parent.joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@functools.cache
def plan_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text())
    return data


@functools.cache
def fast_validator() -> Any:
    """jsonschema-rs's validator of the plan schema (the one both the check and the repair use).
    Made with Ctrl-C held back until it is made: jsonschema-rs imports Python's `decimal` from
    Rust, and a Ctrl-C that lands inside that import was a Rust panic printed on the terminal
    ("thread panicked at … failed to import the stdlib decimal module") before "interrupted".
    Held back, the Ctrl-C arrives a moment later as Python's own KeyboardInterrupt."""
    import decimal  # noqa: F401  imported here, in Python, so Rust finds it imported already

    with _ctrl_c_held():
        import jsonschema_rs

        return jsonschema_rs.Draft202012Validator(plan_schema(), validate_formats=True)


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """A Ctrl-C during the block is noted, not raised, and given again once the block is done:
    Python then raises KeyboardInterrupt after it, never inside a Rust extension's call back into
    Python. (Blocking the signal would not do: the kernel gives it to any thread that does not
    block it, and Python raises it in the main thread all the same.) Python runs signal handlers
    in the main thread only, so in any other thread there is nothing to hold."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is None:
        yield  # (None: a handler set outside Python, which could not be put back)
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            signal.raise_signal(signal.SIGINT)  # to the handler there was: it stops as it would have


@functools.cache
def _detail_validator() -> Any:
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(plan_schema(), format_checker=cls.FORMAT_CHECKER)


def validate(data: Any) -> list[SchemaProblem]:
    """All schema problems of one plan's data (empty when valid)."""
    if fast_validator().is_valid(data):
        return []
    problems: dict[SchemaProblem, None] = {}  # ordered set: one error per missing key
    for error in _detail_validator().iter_errors(data):
        found = _explain(error)
        if error.validator == "additionalProperties":  # a key unknown here may belong elsewhere
            found = [_misplaced(p, data) or p for p in found]
        problems.update(dict.fromkeys(found))
    return list(problems)


# the words for the schema's types and for what was found instead: catalogue keys (ipcli.plan.findings,
# "_term" values), shown in the run's language
_TYPE_WORDS = {
    "object": N_("schema.type.object"),
    "array": N_("schema.type.array"),
    "string": N_("schema.type.string"),
    "integer": N_("schema.type.integer"),
    "number": N_("schema.type.number"),
    "boolean": N_("schema.type.boolean"),
    "null": N_("schema.type.null"),
}
_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def shown(value: Any, limit: int = 40) -> str:
    """A value as it may appear in a message: short, and never a full national id number."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())  # a value with line breaks must not break a one-line message
    text = mask(text)  # before shortening: a number cut short would no longer be recognised
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(path: tuple[str | int, ...]) -> str:
    for step in reversed(path):
        if isinstance(step, str):
            return step
    return ""  # the plan itself (its top level is a group of keys, checked before the schema)


# an item of a list, in plan words: the word for one of its entries
_SINGULAR = {
    "participants": N_("schema.item.participant"),
    "consents": N_("schema.item.consent"),
    "themes": N_("schema.item.theme"),
    "goals": N_("schema.item.goal"),
    "subgoals": N_("schema.item.subgoal"),
    "measures": N_("schema.item.measure"),
    "evaluations": N_("schema.item.evaluation"),
    "meetings": N_("schema.item.meeting"),
    "revisions": N_("schema.item.revision"),
    "wishes": N_("schema.item.wish"),
    "agreements": N_("schema.item.agreement"),
    "observations": N_("schema.item.observation"),
    "dilemmas": N_("schema.item.dilemma"),
    "subplans": N_("schema.item.subplan"),
}


# the messages _placed() makes: one per kind of place
N_("schema.unknown_key.in_item"), N_("schema.unknown_key.in_nth"), N_("schema.unknown_key.in_field")
N_("schema.missing.in_item"), N_("schema.missing.in_nth"), N_("schema.missing.in_field")
N_("schema.missing.in_plan"), N_("schema.unknown_key.in_theme"), N_("schema.missing.in_theme")


def _theme_label(key: object) -> dict[str, str] | None:
    """A theme's label in each language, from the built-in profile that has the theme (their
    keys differ): said() shows it in the reader's language. None for a theme of a repository's
    own (ipcli.toml): a finding of the file alone cannot depend on a repository's settings."""
    from ipcli.plan.profiles import BUILTIN

    for profile in BUILTIN.values():
        theme = profile.theme(key) if isinstance(key, str) else None
        if theme is not None:
            return dict(theme.labels)
    return None


def _placed(key: str, path: tuple[str | int, ...], value: Any, /, **values: object) -> str:
    """The message `key` with where in the plan it is, in plan words: `key.in_item` (in goal
    g1), `key.in_nth` (in participant 2), `key.in_field` (in person) or `key.in_plan`."""
    if not path:
        where = key + ".in_plan"
        return said(where, **values)
    last = path[-1]
    if isinstance(last, int) and len(path) >= 2 and isinstance(path[-2], str):
        noun = _SINGULAR.get(path[-2], path[-2])
        label = _theme_label(value.get("theme")) if path[-2] == "themes" and isinstance(value, dict) else None
        if label is not None:  # a theme by its label in the reader's language, not by its key
            where = key + ".in_theme"
            return said(where, **values, label=label)
        if isinstance(value, dict):
            for field in ("id", "theme", "date"):
                if isinstance(value.get(field), str):
                    where = key + ".in_item"
                    return said(where, **values, item_term=noun, label=shown(value[field], 30))
        where = key + ".in_nth"
        return said(where, **values, item_term=noun, n=last + 1)
    where = key + ".in_field"
    return said(where, **values, field=last)


def _kind_of(value: Any) -> str:
    if value is None:
        return N_("schema.kind.empty")
    if isinstance(value, bool):
        return N_("schema.kind.boolean")
    if isinstance(value, int | float):
        return N_("schema.kind.number")
    if isinstance(value, str):
        return N_("schema.kind.text")
    if isinstance(value, list):
        return N_("schema.kind.list")
    return N_("schema.kind.group")


# The schema's descriptions that a hint repeats (a pattern, a range, one of two forms), as keys:
# the schema file stays English for editors, the hint is in the run's language. A description
# without a key here is shown as written (tests/test_schema.py checks that each has one).
ABOUT = {
    "The rule profile and theme set: built-in `no-ip` (Norwegian IP) or `dk-sel141` (Danish "
    "provider plan), or one defined in ipcli.toml.": N_("schema.about.profile"),
    "Year of birth (2003) or date of birth (2003-05-17). Never a national id number.": N_(
        "schema.about.born"
    ),
    "A plan id: lowercase letters, digits and hyphens, e.g. p-0042.": N_("schema.about.plan_id"),
    "An id inside the plan: starts with a letter; letters, digits, '.', '_' or '-' (g1, g1.1, m3, c2).": N_(
        "schema.about.local_id"
    ),
    "A participant's id: starts with a lowercase letter; lowercase letters (also æ, ø, å), digits, "
    "'.', '_' or '-' (kari, åse, søren).": N_("schema.about.participant_ref"),
    "A length of time: '14 days', '6 weeks', '3 months', '1 year'.": N_("schema.about.interval"),
    "Work e-mail; lets `ip due --mine` match git's user.email.": N_("schema.about.email"),
    "A theme key from the profile's theme list (e.g. daily_living, health_and_wellbeing).": N_(
        "schema.about.theme"
    ),
    "The date the consent was withdrawn, or null.": N_("schema.about.withdrawn"),
    "The plan's case or archive reference (saksnummer, sagsnummer), e.g. 2026/1234: one line, at "
    "most 60 characters.": N_("schema.about.case_number"),
}


def _about(schema: Any) -> str:
    text = schema.get("description", "") if isinstance(schema, dict) else ""
    return ABOUT.get(text, text)


def _explain(error: Any) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    name = _name(path)
    schema = error.schema

    if kind == "additionalProperties":
        return _unknown_keys(path, value, schema)
    if kind == "required":
        return _missing(error, path, value)
    if kind == "type":
        return _wrong_type(error, path, value, name)
    if kind == "enum":
        # each value glossed with its label in the reader's language, and a local word for one
        # of them named ("igang": did you mean ongoing (pågår)?); the file itself keeps one
        # value per meaning (README, design notes: "One word per meaning in the file")
        from ipcli.plan.localwords import group_of, label_key, meant

        options = [str(o) for o in error.validator_value]
        group = group_of(path)
        keys = [(label_key(group, o) if group else None) or "" for o in options]
        word = meant(value, group, options) if group and isinstance(value, str) else None
        if word is not None:
            glossed = [f"{word}:{keys[options.index(word)]}"]
            hint = said("schema.hint.local_word", name=name, fix=word, fix_glossed=glossed)
        else:
            glossed = [f"{o}:{k}" for o, k in zip(options, keys, strict=True)]
            hint = said("schema.hint.one_of_glossed", options_glossed=glossed)
        return [SchemaProblem(path, "IP104", said("schema.not_allowed", value=shown(value), name=name), hint)]
    if kind == "const":
        return [
            SchemaProblem(
                path,
                "IP104",
                said("schema.must_be", name=name, value=error.validator_value),
                said("schema.hint.write", name=name, value=error.validator_value),
            )
        ]
    if kind == "format" and error.validator_value == "date":
        return [bad_date(path, value)]
    if kind == "pattern":
        if error.validator_value == _DATE_PATTERN:
            return [bad_date(path, value)]
        return [
            SchemaProblem(
                path, "IP106", said("schema.not_valid_as", value=shown(value), name=name), _about(schema)
            )
        ]
    if kind in ("minLength", "minProperties", "minItems"):
        return [SchemaProblem(path, "IP103", said("schema.empty", name=name), said("schema.empty.hint"))]
    if kind == "uniqueItems":
        return [
            SchemaProblem(
                path, "IP107", said("schema.same_id_twice", name=name), said("schema.same_id_twice.hint")
            )
        ]
    if kind in ("minimum", "maximum"):
        return [
            SchemaProblem(
                path, "IP104", said("schema.out_of_range", value=shown(value), name=name), _about(schema)
            )
        ]
    if kind == "oneOf":
        if isinstance(value, str) and (re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or typed_day(value)):
            return [bad_date(path, value)]
        return [
            SchemaProblem(
                path, "IP103", said("schema.not_valid_for", value=shown(value), name=name), _about(schema)
            )
        ]
    # a keyword the plan schema does not use today: jsonschema's own (English) words
    return [SchemaProblem(path, "IP109", said("schema.other", name=name, detail=error.message))]


def _unknown_keys(path: tuple[Any, ...], value: Any, schema: Any) -> list[SchemaProblem]:
    """IP101: keys the schema does not know here, each with the closest one it does."""
    allowed = sorted(schema.get("properties", {}))
    out = []
    for key in value:
        if key in allowed:
            continue
        import difflib  # only for a message: 5 ms to import

        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = (
            said("schema.did_you_mean", key=close[0]) if close else said("schema.allowed_here", keys=allowed)
        )
        message = _placed("schema.unknown_key", path, value, key=shown(key)) if path else None
        message = message or said("schema.unknown_key", key=shown(key))
        out.append(SchemaProblem((*path, key), "IP101", message, hint, at_key=True))
    return out


def _missing(error: Any, path: tuple[Any, ...], value: Any) -> list[SchemaProblem]:
    """IP102: required keys that are not there."""
    missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
    if missing == ["participation_note"]:
        return [
            SchemaProblem(
                ("participation",),
                "IP102",
                said("schema.participation_note", participation=value.get("participation")),
                said("schema.participation_note.hint"),
                at_key=True,
            )
        ]
    return [
        SchemaProblem(path, "IP102", _placed("schema.missing", path, value, key=k), at_key=True)
        for k in missing
    ]


def _wrong_type(error: Any, path: tuple[Any, ...], value: Any, name: str) -> list[SchemaProblem]:
    """IP103: a value of the wrong kind, with how to write it when that is clear."""
    expected = error.validator_value
    expected_list: list[str] = expected if isinstance(expected, list) else [expected]
    terms = [_TYPE_WORDS.get(t) or t for t in expected_list]
    if len(terms) == 1:
        message = said("schema.wrong_type", name=name, expected_term=terms[0], found_term=_kind_of(value))
    else:
        message = said(
            "schema.wrong_type.either",
            name=name,
            expected_term=terms[0],
            other_term=terms[1],
            found_term=_kind_of(value),
        )
    hint = ""
    if "string" in expected_list and isinstance(value, int | float | bool):
        hint = said("schema.hint.quote", value=shown(value))
    elif "boolean" in expected_list and isinstance(value, str) and value.lower() in _YES_NO:
        hint = said("schema.hint.true_false", word=_YES_NO[value.lower()], value=shown(value))
    return [SchemaProblem(path, "IP103", message, hint)]


# the YAML 1.1 words for true and false, which plans read as text (YAML 1.2)
_YES_NO = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}


def bad_date(path: tuple[str | int, ...], value: Any) -> SchemaProblem:
    """IP105: a value that should be a date and is not a real one; a date written another way
    (1.2.2027, 2027–02–01) is named as the date it is, with the form to write instead."""
    day = typed_day(value)
    if day is not None:
        return _typed_date(path, str(value), day)
    return SchemaProblem(
        path, "IP105", said("schema.bad_date", value=shown(value)), said("schema.bad_date.hint")
    )


def _typed_date(path: tuple[str | int, ...], value: str, day: dt.date) -> SchemaProblem:
    """IP105 for a date written the way people write it by hand (day first), or with a dash
    from a word processor: the message says which, the hint the date as the plan writes it
    (the language server offers it as a quick fix: ipcli.lsp.actions)."""
    if any(c in DASHES for c in value):
        message = said("schema.date_dash", value=shown(value))
    elif value.strip()[:4].isdigit():
        message = said("schema.date_form", value=shown(value))
    else:
        message = said("schema.date_day_first", value=shown(value))
    # "iso", not "date": a value named date would be shown the language's way (01.02.2027)
    return SchemaProblem(path, "IP105", message, said("schema.date_write", iso=day.isoformat()))


# --- a key at the wrong indentation --------------------------------------------------------------
#
# A key indented too little leaves the group it belongs to and lands in the group around it
# (`staff:` two spaces left of `citizen:` lands in the theme); one indented too far lands in the
# group before it. Either way the schema finds an unknown key: the message says it is the
# indentation, and where the key probably belongs (the group beside or above whose schema has it).


def _misplaced(problem: SchemaProblem, data: Any) -> SchemaProblem | None:
    """IP101 for a key unknown where it stands that the group just before it, or a group it
    stands in, knows: said as indentation, with where it probably belongs. None otherwise."""
    *where, key = problem.path
    path = tuple(where)
    group = _data_at(data, path)
    if not isinstance(key, str) or not isinstance(group, dict) or key not in group:
        return None
    return _too_little(problem.path, group, key) or _too_far(problem.path, data, key)


def _too_little(at: tuple[str | int, ...], group: dict[str, Any], key: str) -> SchemaProblem | None:
    """The group (or the last item of the list) just before the key has it: the key was meant
    to be indented as far as that group's keys (`staff:` under `situation:`)."""
    path = at[:-1]
    keys = list(group)
    if keys.index(key) == 0:
        return None
    before = keys[keys.index(key) - 1]
    inner, schema = group[before], _schema_at((*path, before))
    hint = N_("schema.indent_as")
    if isinstance(inner, list) and inner and isinstance(inner[-1], dict):
        inner, schema, hint = inner[-1], _resolved(schema.get("items")), N_("schema.indent_as_in_item")
    if not isinstance(inner, dict) or not inner or key in inner or key not in _properties(schema):
        return None
    label = _label_of(path, group)
    message = (
        said("schema.indented_too_little.in_theme", key=key, parent=before, label=label)
        if label is not None
        else said("schema.indented_too_little", key=key, parent=before)
    )
    like = next(iter(inner))
    return SchemaProblem(at, "IP101", message, said(hint, key=key, like=like, parent=before), at_key=True)


def _too_far(at: tuple[str | int, ...], data: Any, key: str) -> SchemaProblem | None:
    """A group the key stands in (the nearest first) has it and lacks it: the key was meant to
    stand beside the group it is in (`goals:` indented under `situation:`)."""
    path = at[:-1]
    for n in range(len(path) - 1, -1, -1):
        up, beside = path[:n], path[n]
        outer = _data_at(data, up)
        if not isinstance(beside, str) or not isinstance(outer, dict) or key in outer:
            continue
        if key in _properties(_schema_at(up)):
            label = _label_of(up, outer)
            message = (
                said("schema.indented_too_far.in_theme", key=key, beside=beside, label=label)
                if label is not None
                else said("schema.indented_too_far", key=key, beside=beside)
            )
            hint = said("schema.outdent_as", key=key, like=beside)
            return SchemaProblem(at, "IP101", message, hint, at_key=True)
    return None


def _label_of(path: tuple[str | int, ...], group: dict[str, Any]) -> dict[str, str] | None:
    """The theme's label when the group is a theme, else None."""
    if len(path) >= 2 and path[-2] == "themes":
        return _theme_label(group.get("theme"))
    return None


def _data_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        found = (isinstance(step, int) and isinstance(data, list) and 0 <= step < len(data)) or (
            isinstance(step, str) and isinstance(data, dict) and step in data
        )
        if not found:
            return None
        data = data[step]
    return data


def _schema_at(path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema of the value at a path in a plan (an empty one where the schema says none)."""
    node = _resolved(plan_schema())
    for step in path:
        node = _resolved(node.get("items") if isinstance(step, int) else _properties(node).get(step))
    return node


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties")
    return props if isinstance(props, dict) else {}


def _resolved(node: Any) -> dict[str, Any]:
    """A schema with its `$ref` followed, or the branch of a oneOf/anyOf that is a group or a
    list (a value that may also be empty or a text)."""
    for _ in range(8):  # the plan schema's references are one or two deep
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node = plan_schema().get("$defs", {}).get(ref[len("#/$defs/") :])
            continue
        if "properties" not in node and "items" not in node:
            branches = [b for k in ("oneOf", "anyOf") for b in node.get(k) or ()]
            shaped = [r for r in map(_resolved, branches) if "properties" in r or "items" in r]
            if shaped:
                return shaped[0]
        return node
    return {}
