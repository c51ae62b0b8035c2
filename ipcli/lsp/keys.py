"""The plan's keys from its schema: what a group may hold, each key's name in the reader's
language and what it is for. Completion and hover both ask here (ipcli.lsp.complete for the
values, ipcli.lsp.features for hover), so a key is described one way."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _schema() -> dict[str, Any]:
    from ipcli.plan.schema import plan_schema

    return plan_schema()


def resolve(node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.rsplit("/", 1)[1]
        return _schema()["$defs"][name], name
    return node, None


def subschema(keys: list[str]) -> tuple[dict[str, Any] | None, str, str]:
    """The schema of the value at this path of keys, the object it belongs to, and the key."""
    node: dict[str, Any] = _schema()
    owner = "plan"
    for i, key in enumerate(keys):
        props = node.get("properties", {})
        if key not in props:
            return None, owner, key
        child, name = resolve(props[key])
        if i < len(keys) - 1:
            while child.get("type") == "array" and isinstance(child.get("items"), dict):
                child, name = resolve(child["items"])
            owner = name or key
        else:
            return child, owner, key
        node = child
    return None, owner, ""


def enum_of(node: dict[str, Any]) -> tuple[list[str], str]:
    node, name = resolve(node)
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        node, name = resolve(node["items"])
    if "enum" in node:
        return [str(v) for v in node["enum"]], name or ""
    return [], name or ""


def key_choices(doc: object, path: list[str], present: set[str], lang: str) -> list[tuple[str, str, str]]:
    """(key, label in the reader's language, what it is for) for the keys the group at `path`
    may still take, from the schema."""
    node: dict[str, Any] | None
    if not path:
        from ipcli.plan.schema import plan_schema

        node = plan_schema()
    else:
        node, _owner, _key = subschema(path)
        if node is None:
            return []
        node, _name = resolve(node)
        while node.get("type") == "array" and isinstance(node.get("items"), dict):
            node, _name = resolve(node["items"])
    props = node.get("properties", {}) if isinstance(node, dict) else {}
    out = []
    for key, sub in props.items():
        if key in present:
            continue
        out.append((key, key_label(key, lang), key_about(key, sub, lang)))
    return out


def key_label(key: str, lang: str) -> str:
    """A key's name in the reader's language (the rendered plan's label for it), or ""."""
    from ipcli.language.i18n import catalogue

    text = catalogue(lang if lang in ("nb", "nn", "da", "en") else "en").get(key)
    if text is None:
        return ""
    return text if isinstance(text, str) else text[0]


def key_about(key: str, sub: dict[str, Any], lang: str) -> str:
    """What a key is for: the schema's description in English, a label elsewhere (the schema
    file is English for every editor; the reader's language has the label)."""
    if lang != "en":
        return ""
    node, _name = resolve(sub)
    return str(sub.get("description") or node.get("description") or "")
