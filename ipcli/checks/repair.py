"""The forgiving reading of a plan whose data breaks the plan format: the data with the broken
parts left out, so that every rule can still run on the rest.

A plan written by hand often has one slip (an unknown key, a date the calendar does not have, a
list item that lost its `- `). The strict reading refuses the whole plan for it, which hid every
other finding until the slip was fixed. Here the parsed data is copied and mended as little as it
takes to fit the schema: an unknown key is dropped; a value of the wrong kind is left out, and the
entry that cannot be without it too; the entries a list item that lost its `- ` was read as are
left out (the node tree has one item where the data has several, so every later position would
point at the wrong line). What was left out is remembered, in the file's own positions, so that
findings that are mere consequences of it can be left out too (see ipcli.checks.analysis).

Only files that fail the schema pay for this: the clean path never comes here.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from ipcli.plan.parse import Document
from ipcli.plan.schema import fast_validator, plan_schema

Path_ = tuple[str | int, ...]
# rounds of "validate, leave out what fails": each round removes at least one value, and a
# removal can only make an entry lack a required key (one more round, one level up)
ROUNDS = 25


@dataclass
class Repaired:
    """The mended data and what was left out of it."""

    data: dict[str, Any]
    # positions (in the file's own coordinates) of values left out because they were broken;
    # unknown keys are not among them: no rule reads them, so nothing depends on them
    gone: list[Path_]
    # positions of the unknown keys dropped: a misspelt key (`evalutions`) leaves its entry
    # looking as if it lacked what it holds, so findings in that entry may be consequences
    unknown: list[Path_]
    # how a path in the mended data is written in the file's own coordinates (list items that
    # were left out shift the ones after them)
    original: Callable[[Path_], Path_]


@functools.cache
def _validator() -> Any:
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(plan_schema(), format_checker=cls.FORMAT_CHECKER)


# C901: mccabe counts the two nested helpers (original, remove), which share the copy and its
# index map with the loop; the loop itself is a handful of branches over the schema's errors.
def repair(doc: Document) -> Repaired | None:  # noqa: C901
    """The data of `doc` mended to fit the schema, or None when that would leave no plan (the
    top level itself is wrong: a required key missing there, the data no group of keys)."""
    if not isinstance(doc.data, dict):
        return None
    data: dict[str, Any] = copy.deepcopy(doc.data)
    origins: dict[int, list[int]] = {}  # id of a list in `data` -> the original index of each item
    alive: list[Any] = []  # the lists in `origins`, kept so that their ids stay theirs
    gone: list[Path_] = []
    unknown: list[Path_] = []

    def original(path: Path_) -> Path_:
        out: list[str | int] = []
        node: Any = data
        for step in path:
            if isinstance(node, list) and isinstance(step, int):
                known = origins.get(id(node))
                out.append(known[step] if known is not None and step < len(known) else step)
                node = node[step] if step < len(node) else None
            else:
                out.append(step)
                node = node.get(step) if isinstance(node, dict) else None
        return tuple(out)

    def remove(path: Path_) -> None:
        parent = _get(data, path[:-1])
        last = path[-1]
        if isinstance(parent, dict) and last in parent:
            del parent[last]
        elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            known = origins.get(id(parent))
            if known is None:
                known = origins[id(parent)] = list(range(len(parent)))
                alive.append(parent)
            del parent[last]
            del known[last]

    lost = {p.line for p in doc.problems if p.code == "IP008"}
    if lost and not _align(doc.root, data, (), lost, gone):
        return None
    validator, fast = _validator(), fast_validator()
    for _ in range(ROUNDS):
        # the compiled validator says "valid" in a fraction of the time the detailed one takes
        errors = [] if fast.is_valid(data) else list(validator.iter_errors(data))
        if not errors:
            return Repaired(data, gone, unknown, original)
        targets: dict[Path_, None] = {}
        for error in errors:
            path = tuple(error.absolute_path)
            if error.validator == "additionalProperties":
                value = _get(data, path)
                if isinstance(value, dict):
                    for key in _unknown(value, error.schema):
                        targets[(*path, key)] = None  # not in `gone`: no rule reads it
                        unknown.append(original((*path, key)))
                continue
            if error.validator == "required" and _fill(_get(data, path), path, error.validator_value):
                gone.append(original(path))  # what holds it lost a value: its findings may be consequences
                continue
            if not path:  # the plan itself: nothing left to read
                return None
            targets[path] = None
            gone.append(original(path))
        # deepest first, and in a list the later items first: a removal moves nothing yet to come
        for path in sorted(targets, key=_deepest_first):
            remove(path)
    return None


# stand-ins for a required value that was left out (or was on a line a syntax error blanked)
# where nothing depends on it but the words it is shown with: the person's name (shown as "…"),
# the plan's language and format. Without them a single slip on the person's name would leave no
# plan to read. Never for what decides deadlines (status, profile, dates) or names the plan (id).
_STAND_INS: dict[Path_, dict[str, Any]] = {
    (): {"schema": "ipcli/plan/1", "language": "en", "person": {"name": "\u2026"}},
    ("person",): {"name": "\u2026"},
}


def _fill(value: Any, path: Path_, required: Any) -> bool:
    """Put stand-ins for the required keys `value` lacks, when each has one."""
    stand_ins = _STAND_INS.get(path)
    if stand_ins is None or not isinstance(value, dict) or not isinstance(required, list):
        return False
    missing = [k for k in required if k not in value]
    if not missing or not all(k in stand_ins for k in missing):
        return False
    for k in missing:
        value[k] = copy.deepcopy(stand_ins[k])
    return True


def _deepest_first(path: Path_) -> tuple[int, tuple[tuple[int, Any], ...]]:
    return (-len(path), tuple((0, s) if isinstance(s, str) else (1, -s) for s in path))


def _unknown(value: dict[str, Any], schema: Any) -> list[str]:
    known = schema.get("properties", {}) if isinstance(schema, dict) else {}
    patterns = schema.get("patternProperties", {}) if isinstance(schema, dict) else {}
    return [k for k in value if k not in known and not any(re.search(p, k) for p in patterns)]


def _get(data: Any, path: Path_) -> Any:
    node = data
    for step in path:
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
    return node


def _align(node: yaml.Node, value: Any, at: Path_, lost: set[int], gone: list[Path_]) -> bool:
    """Make every list hold one item per item of the file again, where a list item that lost its
    `- ` was read as several (one IP008 on each line where another begins): the first is the
    item as written up to there; the others are left out, as unreadable. False when the data and
    the node tree cannot be matched."""
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = getattr(key_node, "value", None)
            if not isinstance(key, str) or key in seen or key not in value:
                continue
            seen.add(key)
            if not _align(value_node, value[key], (*at, key), lost, gone):
                return False
        return True
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        if len(value) != len(node.value):
            kept: list[Any] = []
            n = 0
            for i, item in enumerate(node.value):
                parts = 1
                if isinstance(item, yaml.MappingNode):
                    parts += sum(1 for k, _v in item.value if k.start_mark.line + 1 in lost)
                if n + parts > len(value):
                    return False
                kept.append(value[n])
                if parts > 1:
                    gone.append((*at, i))
                n += parts
            if n != len(value):
                return False
            value[:] = kept
        return all(
            _align(item, v, (*at, i), lost, gone)
            for i, (item, v) in enumerate(zip(node.value, value, strict=True))
        )
    return True


def spans(doc: Document, gone: list[Path_]) -> list[tuple[int, int]]:
    """The lines (first, last; 1-based) of the entries that lost a value: a finding there may be
    a mere consequence of it (a measure whose broken date was left out has "no due date"). A
    value left out of a group of keys: that group's; a list item left out whole: the entry that
    holds the list (a goal whose only evaluation was left out looks never evaluated); at the top
    level the value itself, where the group would be the whole plan."""
    out = []
    for path in gone:
        if len(path) <= 2:
            at = path
        elif isinstance(path[-1], int):
            at = path[:-2]
        else:
            at = path[:-1]
        node = _node(doc.root, at)
        if node is not None:
            out.append((node.start_mark.line + 1, max(node.start_mark.line + 1, node.end_mark.line)))
    return out


def _node(root: yaml.Node, path: Path_) -> yaml.Node | None:
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
            if found is None:
                return None
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node
