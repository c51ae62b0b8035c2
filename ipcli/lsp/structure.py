"""What a plan editor does beyond a YAML server (issue 31 item 6): folding by theme and goal,
semantic tokens that set the person's own words apart from staff's, links from a consent's
document and the plan's other plans, rename of a participant or an id everywhere in the plan,
plans found by person or id across the repository, code lenses on overdue evaluations, and the
plan's keys completed and explained from the schema in the reader's language.

Pure functions of the open plan (and the repository's index); positions in code points, turned
into the client's units by the caller's codec. Each walks the plan once: linear in its size.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ipcli.language.fold import loose
from ipcli.language.i18n import N_
from ipcli.lsp.document import OpenPlan, Span

# whose words: the semantic token types, one per voice (the schema's $defs/voice), in this order
VOICES = ("citizen", "staff", "relative", "guardian", "custody_holder")
TOKEN_TYPES = list(VOICES)


# --- folding -------------------------------------------------------------------------------


def folding(doc: OpenPlan) -> list[tuple[int, int]]:
    """(first line, last line) of every group that spans lines: a theme, a goal, a list."""
    document = doc.loaded.document
    if document is None:
        return []
    out: list[tuple[int, int]] = []
    stack: list[yaml.Node] = [document.root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(value, yaml.MappingNode | yaml.SequenceNode):
                    _fold(doc, key.start_mark.line, value.end_mark, out)
                    stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.MappingNode | yaml.SequenceNode):
                    _fold(doc, item.start_mark.line, item.end_mark, out)
                    stack.append(item)
    return sorted(set(out))


def _fold(doc: OpenPlan, first: int, end: Any, out: list[tuple[int, int]]) -> None:
    last = end.line - 1 if end.column == 0 else end.line
    while last > first and last < len(doc.lines) and not doc.lines[last].strip():
        last -= 1  # a group ends before the blank lines after it
    if last > first:
        out.append((first, last))


# --- semantic tokens -----------------------------------------------------------------------


def voice_tokens(doc: OpenPlan) -> list[tuple[int, int, int, int]]:
    """(line, column, length, voice) for every line of every statement whose speaker the plan
    names: a voices mapping (citizen: …, staff: …) or a text with its said_by."""
    if doc.nodes is None:
        return []
    data = doc.loaded.data
    out = []
    for span in doc.nodes.spans:
        if span.is_key or not span.path:
            continue
        voice = _voice_of(data, span)
        if voice is None:
            continue
        kind = VOICES.index(voice)
        for line in range(span.line, span.end_line + 1):
            text = doc.lines[line] if line < len(doc.lines) else ""
            start = span.col if line == span.line else len(text) - len(text.lstrip())
            end = span.end_col if line == span.end_line else len(text.rstrip())
            if end > start:
                out.append((line, start, end - start, kind))
    return out


def _voice_of(data: Any, span: Span) -> str | None:
    last = span.path[-1]
    if last in VOICES and len(span.path) >= 2:
        return str(last)
    if last == "text":
        owner = _at(data, span.path[:-1])
        said = owner.get("said_by") if isinstance(owner, dict) else None
        return said if said in VOICES else None
    return None


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def encode_tokens(tokens: list[tuple[int, int, int, int]]) -> list[int]:
    """The protocol's relative encoding: line delta, start delta, length, type, modifiers."""
    out: list[int] = []
    prev_line = prev_col = 0
    for line, col, length, kind in sorted(tokens):
        delta_col = col - prev_col if line == prev_line else col
        out += [line - prev_line, delta_col, length, kind, 0]
        prev_line, prev_col = line, col
    return out


# --- document links ------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"']+")
# where the plan names a document or another plan
_LINK_KEYS = frozenset({"document", "where", "reference"})


def links(doc: OpenPlan, root: Path, plan_files: dict[str, Path]) -> list[tuple[Span, str]]:
    """(the value, where it leads) for a consent's document, a basis's reference and another
    plan's place: a web address, a file in the repository, or another plan by its id."""
    if doc.nodes is None:
        return []
    out = []
    for span in doc.nodes.spans:
        if span.is_key or not span.path or span.path[-1] not in _LINK_KEYS:
            continue
        value = span.value.strip()
        url = _URL.fullmatch(value)
        if url:
            out.append((span, value))
            continue
        if value in plan_files:  # another plan, by its id (p-0107)
            out.append((span, plan_files[value].as_uri()))
            continue
        if "/" in value or value.endswith((".pdf", ".docx", ".odt", ".yaml")):
            for base in (doc.file.parent, root):
                target = (base / value).resolve()
                if target.is_file() and (target == root or root in target.parents):
                    out.append((span, target.as_uri()))
                    break
    return out


# --- rename --------------------------------------------------------------------------------

_ID_OWNERS = frozenset({"goals", "subgoals", "measures", "consents"})


def rename_target(doc: OpenPlan, line: int, col: int) -> tuple[str, str, list[Span]] | None:
    """What a rename at this place renames: ("participant" or "id", the old name, every place
    it is written), or None when the cursor is on nothing a rename can change."""
    from ipcli.lsp.features import participant_at, participant_places

    if doc.nodes is None:
        return None
    span = doc.nodes.at(line, col)
    if span is None or span.is_key:
        return None
    pid = participant_at(doc, span)
    path = span.path
    if pid is None and len(path) == 3 and path[0] == "participants" and path[2] == "id":
        pid = span.value
    if pid is not None:
        definition, uses = participant_places(doc, pid)
        places = ([definition] if definition is not None else []) + uses
        return "participant", pid, places
    if len(path) >= 3 and path[-1] == "id" and path[-3] in _ID_OWNERS:
        return "id", span.value, [span]
    return None


_BAD_NAME = {"participant": N_("lsp.rename.bad_participant"), "id": N_("lsp.rename.bad_id")}


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    from ipcli.plan.schema import plan_schema

    defs = plan_schema()["$defs"]
    return {
        "participant": re.compile(defs["participant_ref"]["pattern"]),
        "id": re.compile(defs["local_id"]["pattern"]),
    }


def rename_problem(doc: OpenPlan, kind: str, old: str, new: str) -> str | None:
    """Why `new` cannot replace `old` (in the plan's language), or None when it can."""
    from ipcli.language.i18n import tr

    if not _patterns()[kind].search(new):
        return tr(_BAD_NAME[kind], doc.language, name=new)
    taken = _taken(doc, kind)
    if new != old and new in taken:
        return tr("lsp.rename.taken", doc.language, name=new)
    return None


def _taken(doc: OpenPlan, kind: str) -> set[str]:
    if doc.nodes is None:
        return set()
    out = set()
    for span in doc.nodes.spans:
        p = span.path
        if span.is_key or not p or p[-1] != "id":
            continue
        listed = len(p) == 3 and p[0] == "participants"
        local = len(p) >= 3 and p[-3] in _ID_OWNERS
        if (kind == "participant" and listed) or (kind == "id" and local):
            out.add(span.value)
    return out


def replacement(doc: OpenPlan, span: Span, new: str) -> str:
    """`new` written as the old value was: in the same quotes, if it had any."""
    text = doc.lines[span.line][span.col : span.end_col] if span.line == span.end_line else ""
    quote = text[:1] if text[:1] in ("'", '"') and text[-1:] == text[:1] else ""
    return f"{quote}{new}{quote}"


# --- workspace symbols ---------------------------------------------------------------------


def plans_matching(
    facts: dict[str, Any], query: str, limit: int = 200
) -> Iterator[tuple[str, str, str, tuple[int, int]]]:
    """(path, plan id, person, where the person's name is) of the plans whose id or person's
    name holds every word of the query (case and accents aside but æ ø å)."""
    words = loose(query).split()
    found = 0
    for rel in sorted(facts):
        f = facts[rel]
        if f is None:
            continue
        hay = loose(f"{f.id} {f.person}")
        if all(w in hay for w in words):
            yield rel, f.id, f.person, f.person_at
            found += 1
            if found >= limit:
                return


# --- code lenses ---------------------------------------------------------------------------


def overdue_evaluations(doc: OpenPlan, today: dt.date) -> list[tuple[int, str, int]]:
    """(line, goal id, days overdue) for each goal whose next evaluation has passed."""
    from ipcli.lsp.templates import goal_at

    out = []
    seen: set[str] = set()
    for item in doc.result.items:
        code, ordinal, line = item[0], item[1], item[5]
        if code != "IP306" or not ordinal or ordinal >= today.toordinal():
            continue
        goal = goal_at(doc, line - 1)
        if goal is None or goal in seen:
            continue
        seen.add(goal)
        out.append((line - 1, goal, today.toordinal() - ordinal))
    return sorted(out)
