"""The packaged plan schema, and validation that explains each failure in plan words.

A compiled validator (jsonschema-rs) decides valid / not valid on the hot path; only for the few
files that fail does python `jsonschema` (imported then) produce the detailed errors, because its
errors say which keyword failed and where.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_ID = "ipcli/plan/1"
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
    return Path(__file__).parent.joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@functools.cache
def plan_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text())
    return data


@functools.cache
def _fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(plan_schema(), validate_formats=True)


@functools.cache
def _detail_validator() -> Any:
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(plan_schema(), format_checker=cls.FORMAT_CHECKER)


def validate(data: Any) -> list[SchemaProblem]:
    """All schema problems of one plan's data (empty when valid)."""
    if _fast_validator().is_valid(data):
        return []
    problems: dict[SchemaProblem, None] = {}  # ordered set: one error per missing key
    for error in _detail_validator().iter_errors(data):
        problems.update(dict.fromkeys(_explain(error)))
    return list(problems)


_TYPE_WORDS = {
    "object": "a group of keys (key: value lines)",
    "array": "a list (lines starting with '- ')",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}
_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ID_LIKE = re.compile(r"\d{6}-?\d{4,5}")


def shown(value: Any, limit: int = 40) -> str:
    """A value as it may appear in a message: short, and never a full national id number."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())  # a value with line breaks must not break a one-line message
    text = _ID_LIKE.sub("******-****", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(path: tuple[str | int, ...]) -> str:
    for step in reversed(path):
        if isinstance(step, str):
            return step
    return "the plan"


_SINGULAR = {
    "participants": "participant",
    "consents": "consent",
    "themes": "theme",
    "goals": "goal",
    "subgoals": "sub-goal",
    "measures": "measure",
    "evaluations": "evaluation",
    "meetings": "meeting",
    "revisions": "revision",
    "wishes": "wish",
    "agreements": "agreement",
    "observations": "observation",
    "dilemmas": "dilemma",
    "subplans": "sub-plan",
}


def _context(path: tuple[str | int, ...], value: Any) -> str:
    """Where in the plan, in plan words: 'in goal g1', 'in person', 'in the plan'."""
    if not path:
        return "in the plan"
    last = path[-1]
    if isinstance(last, int) and len(path) >= 2 and isinstance(path[-2], str):
        noun = _SINGULAR.get(path[-2], path[-2])
        label = ""
        if isinstance(value, dict):
            for key in ("id", "theme", "date"):
                if isinstance(value.get(key), str):
                    label = " " + shown(value[key], 30)
                    break
        return f"in {noun}{label or f' {last + 1}'}"
    return f"in {last}"


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a group of keys"


def _explain(error: Any) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    name = _name(path)
    schema = error.schema

    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        out = []
        for key in value:
            if key in allowed:
                continue
            import difflib  # only for a message: 5 ms to import

            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else "allowed here: " + ", ".join(allowed)
            where = "" if not path else " " + _context(path, value)
            out.append(
                SchemaProblem((*path, key), "IP101", f'unknown key "{shown(key)}"{where}', hint, at_key=True)
            )
        return out
    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        hint = ""
        if missing == ["participation_note"]:
            hint = "say why the person takes part only partly or not at all, and how we keep inviting"
        where = " " + _context(path, value)
        if missing == ["participation_note"]:
            return [
                SchemaProblem(
                    ("participation",),
                    "IP102",
                    f'"participation_note" is missing: participation is "{value.get("participation")}"',
                    hint,
                    at_key=True,
                )
            ]
        return [SchemaProblem(path, "IP102", f'"{k}" is missing{where}', hint, at_key=True) for k in missing]
    if kind == "type":
        expected = error.validator_value
        expected_list: list[str] = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(t) or t for t in expected_list)
        hint = ""
        if "string" in expected_list and isinstance(value, int | float | bool):
            hint = f'put it in quotes: "{shown(value)}"'
        elif "boolean" in expected_list and isinstance(value, str) and value.lower() in _YES_NO:
            hint = f"write {_YES_NO[value.lower()]} instead of {shown(value)}"
        return [SchemaProblem(path, "IP103", f'"{name}" must be {words}, not {_kind_of(value)}', hint)]
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return [
            SchemaProblem(
                path, "IP104", f'"{shown(value)}" is not allowed for "{name}"', f"use one of: {options}"
            )
        ]
    if kind == "const":
        return [
            SchemaProblem(
                path,
                "IP104",
                f'"{name}" must be "{error.validator_value}"',
                f"write `{name}: {error.validator_value}`",
            )
        ]
    if kind == "format" and error.validator_value == "date":
        return [_bad_date(path, value)]
    if kind == "pattern":
        if error.validator_value == _DATE_PATTERN:
            return [_bad_date(path, value)]
        hint = schema.get("description", "")
        return [SchemaProblem(path, "IP106", f'"{shown(value)}" is not a valid {name}', hint)]
    if kind in ("minLength", "minProperties", "minItems"):
        return [SchemaProblem(path, "IP103", f'"{name}" is empty', "fill it in or remove the key")]
    if kind == "uniqueItems":
        return [SchemaProblem(path, "IP107", f'"{name}" lists the same id twice', "keep each id once")]
    if kind in ("minimum", "maximum"):
        return [
            SchemaProblem(
                path, "IP104", f'{shown(value)} is out of range for "{name}"', schema.get("description", "")
            )
        ]
    if kind == "oneOf":
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return [_bad_date(path, value)]
        return [
            SchemaProblem(
                path, "IP103", f'"{shown(value)}" is not valid for "{name}"', schema.get("description", "")
            )
        ]
    return [SchemaProblem(path, "IP109", f'"{name}": {error.message}')]


# the YAML 1.1 words for true and false, which plans read as text (YAML 1.2)
_YES_NO = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}


def _bad_date(path: tuple[str | int, ...], value: Any) -> SchemaProblem:
    return SchemaProblem(
        path, "IP105", f'"{shown(value)}" is not a real date', "write dates as YYYY-MM-DD, e.g. 2025-02-28"
    )
