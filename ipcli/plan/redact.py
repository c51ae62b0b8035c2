"""Redaction of a plan's data, for output that people without a need to know may see.

Names become initials; e-mail addresses, phone numbers and the year of birth are left out; every
free text is replaced by a marker. What stays is the plan's structure: ids, dates, kinds and
statuses. Which strings are free text is read from the schema, not listed here: a string whose
schema has no enum, pattern, format or constant is free text — so a field added to the schema
later is redacted without anyone remembering to add it. A value the schema does not describe
(a plan with unknown keys) is redacted too.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ipcli.language.text import initials

if TYPE_CHECKING:
    from ipcli.plan.model import Plan

REDACTED = "[redacted]"
_LEFT_OUT = frozenset({"email", "phone", "born"})
_NAMES = frozenset({"name"})


@functools.cache
def _schema() -> dict[str, Any]:
    import json

    from ipcli.plan.schema import schema_text

    return json.loads(schema_text())  # type: ignore[no-any-return]


def _resolve(node: Any) -> dict[str, Any]:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/$defs/"):
            return {}
        node = _schema()["$defs"].get(ref.removeprefix("#/$defs/"), {})
    return node if isinstance(node, dict) else {}


def _alternatives(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node] + [_resolve(alt) for key in ("oneOf", "anyOf") for alt in node.get(key, [])]


def _structured(node: dict[str, Any]) -> bool:
    """A string under this schema is a code, id or date, not free text."""
    for alt in _alternatives(node):
        if alt.get("type") == "string" and not any(k in alt for k in ("enum", "pattern", "format", "const")):
            return False
    return any(any(k in alt for k in ("enum", "pattern", "format", "const")) for alt in _alternatives(node))


def _property(node: dict[str, Any], key: str) -> dict[str, Any] | None:
    for alt in _alternatives(node):
        props = alt.get("properties", {})
        if key in props:
            return _resolve(props[key])
    return None


def _items(node: dict[str, Any]) -> dict[str, Any] | None:
    for alt in _alternatives(node):
        if "items" in alt:
            return _resolve(alt["items"])
    return None


def is_free_text(path: tuple[str | int, ...]) -> bool:
    """Whether the string at this path of a plan is free text (not a code, id or date)."""
    schema: dict[str, Any] | None = _resolve(_schema())
    for step in path:
        if schema is None:
            return True
        schema = _items(schema) if isinstance(step, int) else _property(schema, step)
    return schema is None or not _structured(schema)


def redact_data(data: Any) -> Any:
    """A redacted copy of a plan document (the dict a plan file reads as)."""
    return _redact(data, _resolve(_schema()), None)


def _redact(value: Any, schema: dict[str, Any] | None, key: str | None) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in _LEFT_OUT:
                continue
            if k in _NAMES and isinstance(v, str):
                out[k] = initials(v)
                continue
            out[k] = _redact(v, _property(schema, str(k)) if schema is not None else None, str(k))
        return out
    if isinstance(value, list):
        inner = _items(schema) if schema is not None else None
        return [_redact(v, inner, key) for v in value]
    if isinstance(value, str):
        return value if schema is not None and _structured(schema) else REDACTED
    return value


def redacted_plan(data: Any) -> Plan:
    """The plan built from its redacted data, national id numbers masked (for render and export)."""
    from ipcli.language.nationalid import mask_data
    from ipcli.plan.model import build_plan

    return build_plan(mask_data(redact_data(data)))


def shown_plan(data: Any, plan: Plan, redact: bool = False) -> Plan:
    """The plan as a render or an export may show it: from its data with every national id
    number masked (a person's own copy too: ids do not belong in a plan, IP501), redacted when
    asked. The plan itself when there is nothing to mask (the usual case: built once)."""
    if redact:
        return redacted_plan(data)
    from ipcli.language.nationalid import mask_data

    masked = mask_data(data)
    if masked is data:
        return plan
    from ipcli.plan.model import build_plan

    return build_plan(masked)
