"""Completion: what may be written where the cursor is. The place is read from the text (a plan
being typed often does not parse); the words come from the plan's schema, its profile and the
last version of the plan that did parse."""

from __future__ import annotations

import datetime as dt
import re

from lsprotocol import types as t
from pygls.workspace import PositionCodec

from ipcli.config import Config
from ipcli.language.calendar import add_months
from ipcli.language.i18n import N_
from ipcli.lsp.document import OpenPlan
from ipcli.lsp.features import PARTICIPANT_KEYS
from ipcli.lsp.keys import enum_of, resolve, subschema

_KEY_LINE = re.compile(r"^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*):(?:\s+(.*))?$")
_ITEM_LINE = re.compile(r"^(\s*)-\s*([^\s:\[\]{},]*)$")
_WORD_END = re.compile(r"[^\s\[\],{}:]*$")
# enum words and the catalogue's group of labels for them, by (object, key)
_LABELS = {
    ("plan", "status"): "status",
    ("plan", "participation"): "participation",
    ("participant", "role"): "role",
    ("consent", "kind"): "consent",
    ("theme", "focus_agreement"): "focus",
    ("goal", "status"): "goal",
    ("measure", "status"): "measure",
    ("evaluation", "achievement"): "achievement",
    ("evaluation", "outcome"): "outcome",
    ("meeting", "kind"): "meeting",
}
_ID_PREFIX = {"goals": "g", "measures": "m", "consents": "c"}
_NEXT_ID = {
    "goals": N_("lsp.complete.next_goal"),
    "measures": N_("lsp.complete.next_measure"),
    "consents": N_("lsp.complete.next_consent"),
}


def complete(
    doc: OpenPlan,
    text: str,
    position: t.Position,
    codec: PositionCodec,
    config: Config,
    today: dt.date,
    lang: str,
) -> t.CompletionList | None:
    lines = text.splitlines() or [""]
    if position.line >= len(lines):
        lines += [""] * (position.line - len(lines) + 1)
    line_text = lines[position.line]
    # a copy of the place: pygls moves one past the line's end in what it is given
    col = codec.position_from_client_units([line_text], t.Position(0, position.character)).character
    before = line_text[:col]
    if "#" in before:
        return None
    place = _place(lines, position.line, before)
    if place is None:
        return _keys(doc, lines, position, before, codec, lang)
    keys, in_list = place
    word = _WORD_END.search(before)
    start = col - (len(word.group(0)) if word else 0)
    first = codec.position_to_client_units([line_text], t.Position(0, start)).character
    rng = t.Range(t.Position(position.line, first), position)
    items = _choices(doc, keys, in_list, lines, config, today, lang)
    return t.CompletionList(
        is_incomplete=False,
        items=[
            t.CompletionItem(
                label=label,
                kind=kind,
                detail=detail or None,
                documentation=t.MarkupContent(t.MarkupKind.Markdown, docs) if docs else None,
                text_edit=t.TextEdit(rng, label),
                sort_text=f"{i:04d}",
            )
            for i, (label, detail, docs, kind) in enumerate(items)
        ],
    )


def _indent_of_key(line: str) -> tuple[int, str, str] | None:
    m = _KEY_LINE.match(line)
    if m is None:
        return None
    return len(m.group(1)) + len(m.group(2)), m.group(3), (m.group(4) or "")


def _ancestors(lines: list[str], row: int, col: int) -> list[str]:
    """The keys of the groups around a place at this indentation, outermost first."""
    out: list[str] = []
    for r in range(row - 1, -1, -1):
        found = _indent_of_key(lines[r])
        if found is None:
            continue
        at, key, value = found
        if at < col and (not value.strip() or value.strip().startswith("#")):
            out.append(key)
            col = at
            if col == 0:
                break
    return out[::-1]


def _place(lines: list[str], row: int, before: str) -> tuple[list[str], bool] | None:
    """The path of keys to the value being typed, and whether it is an item of a list."""
    m = _KEY_LINE.match(before)
    if m is not None and m.group(4) is not None:
        at = len(m.group(1)) + len(m.group(2))
        value = m.group(4)
        return [*_ancestors(lines, row, at), m.group(3)], value.lstrip().startswith("[")
    item = _ITEM_LINE.match(before)
    if item is not None:
        dash = len(item.group(1))
        # the list's key: the nearest line above that opens a group at or left of the dash
        keys = _ancestors(lines, row, dash + 1)
        return (keys, True) if keys else None
    return None


def _choices(
    doc: OpenPlan, keys: list[str], in_list: bool, lines: list[str], config: Config, today: dt.date, lang: str
) -> list[tuple[str, str, str, t.CompletionItemKind]]:
    from ipcli.language.i18n import label, tr, tr_n

    if not keys:
        return []
    key = keys[-1]
    if key in PARTICIPANT_KEYS and keys[0] != "participants":
        return [
            (pid, detail, "", t.CompletionItemKind.Reference)
            for pid, detail in doc_participants(doc, lines, lang)
        ]
    if key == "theme":
        profile = config.profile_named(_profile_name(doc, lines, config))
        if profile is None:
            return []
        return [(th.key, th.label(lang), "", t.CompletionItemKind.EnumMember) for th in profile.themes]
    if key == "id" and len(keys) >= 2 and keys[-2] in _ID_PREFIX:
        prefix = _ID_PREFIX[keys[-2]]
        used = {int(n) for n in re.findall(rf"\bid:\s*{prefix}(\d+)\b", "\n".join(lines))}
        free = next(n for n in range(1, len(used) + 2) if n not in used)
        return [(f"{prefix}{free}", tr(_NEXT_ID[keys[-2]], lang), "", t.CompletionItemKind.Value)]
    schema, owner, _key = subschema(keys)
    if schema is None:
        return []
    words, name = enum_of(schema)
    if words:
        group = "voice" if name == "voice" else _LABELS.get((owner, key))
        # the schema's descriptions are English: shown to an English reader only, the label is the rest's
        described = resolve(schema)[0].get("description", "") or schema.get("description", "")
        described = described if lang == "en" else ""
        return [
            (w, label(f"{group}.{w}", lang) if group else "", str(described), t.CompletionItemKind.EnumMember)
            for w in words
        ]
    if name == "date" or resolve(schema)[0].get("format") == "date":
        return [
            (today.isoformat(), tr("due.when.today", lang), "", t.CompletionItemKind.Value),
            *(
                (
                    add_months(today, n).isoformat(),
                    tr_n("lsp.complete.months.one", "lsp.complete.months.other", n, lang),
                    "",
                    t.CompletionItemKind.Value,
                )
                for n in (1, 3, 6, 12)
            ),
        ]
    if schema.get("type") == "boolean":
        return [(w, "", "", t.CompletionItemKind.Value) for w in ("true", "false")]
    return []


def _profile_name(doc: OpenPlan, lines: list[str], config: Config) -> str:
    data = doc.loaded.data
    if isinstance(data, dict) and isinstance(data.get("profile"), str):
        return str(data["profile"])
    for line in lines:
        m = re.match(r"profile:\s*([\w-]+)", line)
        if m:
            return m.group(1)
    return config.profile


def doc_participants(doc: OpenPlan, lines: list[str], lang: str = "en") -> list[tuple[str, str]]:
    """The participants' ids, with name and role (in `lang`): from the plan when it reads, else
    from the text of its participants list."""
    from ipcli.language.i18n import label

    data = doc.loaded.data
    people = data.get("participants") if isinstance(data, dict) else None
    if isinstance(people, list):
        out = []
        for p in people:
            if isinstance(p, dict) and isinstance(p.get("id"), str):
                role = p.get("role")
                role_words = label(f"role.{role}", lang) if isinstance(role, str) and role else ""
                out.append((p["id"], f"{p.get('name', '')} ({role_words})"))
        return out
    found: list[tuple[str, str]] = []
    inside = False
    for line in lines:
        if re.match(r"participants:\s*$", line):
            inside = True
            continue
        if inside and re.match(r"\S", line):
            break
        m = re.match(r"\s*-\s+id:\s*([\w.-]+)", line) if inside else None
        if m:
            found.append((m.group(1), ""))
    return found


_KEY_START = re.compile(r"^(\s*)((?:-\s+)*)([A-Za-z_]*)$")


def _keys(
    doc: OpenPlan, lines: list[str], position: t.Position, before: str, codec: PositionCodec, lang: str
) -> t.CompletionList | None:
    """The keys the group at the cursor may still take, from the schema, with their names in the
    reader's language: a plan editor needs no YAML server beside it to know what to write."""
    from ipcli.lsp.keys import key_choices

    m = _KEY_START.match(before)
    if m is None:
        return None
    at = len(m.group(1)) + len(m.group(2))
    row = position.line
    path = _ancestors(lines, row, at) if at else []
    present = _siblings(lines, row, at, bool(m.group(2)))
    line_text = lines[row]
    start = codec.position_to_client_units([line_text], t.Position(0, at)).character
    rng = t.Range(t.Position(row, start), position)
    choices = key_choices(doc, path, present, lang)
    return (
        t.CompletionList(
            is_incomplete=False,
            items=[
                t.CompletionItem(
                    label=key,
                    kind=t.CompletionItemKind.Property,
                    detail=label or None,
                    documentation=t.MarkupContent(t.MarkupKind.Markdown, about) if about else None,
                    text_edit=t.TextEdit(rng, f"{key}: "),
                    sort_text=f"{i:04d}",
                )
                for i, (key, label, about) in enumerate(choices)
            ],
        )
        if choices
        else None
    )


def _siblings(lines: list[str], row: int, at: int, new_item: bool) -> set[str]:
    """The keys already written in the group the cursor is in (none for a new list item)."""
    if new_item:
        return set()
    found = set()
    for step in (-1, 1):
        r = row + step
        while 0 <= r < len(lines):
            text = lines[r]
            if not text.strip() or text.lstrip().startswith("#"):
                r += step
                continue
            key = _indent_of_key(text)
            indent = len(text) - len(text.lstrip(" -"))
            if indent < at or (step == -1 and text.lstrip().startswith("-") and indent == at):
                if key is not None and key[0] == at:
                    found.add(key[1])  # the item's first key, on its dash line
                break
            if key is not None and key[0] == at:
                found.add(key[1])
            r += step
    return found
