"""What one plan file yields, as plain data: findings, located deadline items and the plan's facts.

The result depends only on the file's path and bytes and on the repository's settings, never on
today or on where the user stands, so it can be cached by git blob id and computed in parallel.
Lint and the due report are both built from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipcli.config import Config
from ipcli.due import DueItem, deadlines
from ipcli.load import LoadedPlan, load_file
from ipcli.model import Plan

# (line, col, code, message, hint): a finding before the repository's policy and without a path
RawFinding = tuple[int, int, str, str, str]


@dataclass(frozen=True, slots=True)
class Item:
    """A deadline item with its place in the file."""

    code: str
    date: dt.date | None
    what: str
    text: str | None
    responsible: str | None
    line: int
    col: int

    def days_left(self, today: dt.date) -> int:
        return 0 if self.date is None else (self.date - today).days

    def is_due(self, by: dt.date) -> bool:
        return self.date is None or self.date <= by

    def describe(self, redact: bool = False) -> str:
        return DueItem(self.code, self.date, self.what, (), self.responsible, self.text).describe(redact)


@dataclass(frozen=True, slots=True)
class Facts:
    """What reports need to know of a plan, without its text."""

    id: str
    status: str
    participation: str
    profile: str
    person: str
    born: str | None
    coordinator: str | None
    participants: dict[str, tuple[str, str | None]]  # id -> (name, email)
    id_at: tuple[int, int]
    person_at: tuple[int, int]

    def name_of(self, pid: str | None) -> str | None:
        return None if pid is None else self.participants.get(pid, (pid, None))[0]

    def email_of(self, pid: str | None) -> str | None:
        return None if pid is None else self.participants.get(pid, (pid, None))[1]


@dataclass(slots=True)
class FileResult:
    path: str  # relative to the repository root, with /
    findings: list[RawFinding] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    ignores: dict[int, tuple[frozenset[str], str]] = field(default_factory=dict)
    facts: Facts | None = None

    # plain tuples for the cache (marshal handles only built-in types)
    def to_plain(self) -> tuple[Any, ...]:
        items = [
            (i.code, i.date.toordinal() if i.date else 0, i.what, i.text, i.responsible, i.line, i.col)
            for i in self.items
        ]
        ignores = {line: (tuple(sorted(codes)), reason) for line, (codes, reason) in self.ignores.items()}
        facts = None
        if self.facts is not None:
            f = self.facts
            facts = (
                f.id,
                f.status,
                f.participation,
                f.profile,
                f.person,
                f.born,
                f.coordinator,
                f.participants,
                f.id_at,
                f.person_at,
            )
        return (self.path, self.findings, items, ignores, facts)

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> FileResult:
        path, findings, items, ignores, facts = plain
        return cls(
            path,
            [tuple(f) for f in findings],
            [
                Item(c, dt.date.fromordinal(d) if d else None, w, t, r, ln, col)
                for c, d, w, t, r, ln, col in items
            ],
            {line: (frozenset(codes), reason) for line, (codes, reason) in ignores.items()},
            Facts(*facts) if facts is not None else None,
        )


def analyse_file(file: Path, rel: str, config: Config) -> FileResult:
    """Load one plan and run every per-file rule. Never raises for bad input."""
    from ipcli.rules import content, hygiene, privacy, references

    loaded = load_file(file, rel, config.limits)
    result = FileResult(rel)
    found = list(loaded.findings)
    if loaded.document is not None:
        result.ignores = loaded.document.ignores
        found += hygiene.check(loaded)
        found += privacy.check(loaded)
    plan = loaded.plan
    if plan is not None:
        profile = config.profile_named(plan.profile)
        found += references.check(loaded)
        found += content.check(loaded, profile)
        if profile is not None:
            result.items = [_locate(loaded, item) for item in deadlines(plan, profile)]
        result.facts = _facts(loaded, plan)
    result.findings = [(f.line, f.col, f.code, f.message, f.hint) for f in found]
    return result


def _locate(loaded: LoadedPlan, item: DueItem) -> Item:
    place = loaded.finding(item.code, item.at, "")
    return Item(item.code, item.date, item.what, item.text, item.responsible, place.line, place.col)


def _facts(loaded: LoadedPlan, plan: Plan) -> Facts:
    born = plan.person.born
    id_at = loaded.finding("IP202", ("id",), "")
    person_at = loaded.finding("IP205", ("person", "name"), "")
    return Facts(
        id=plan.id,
        status=plan.status,
        participation=plan.participation,
        profile=plan.profile,
        person=plan.person.name,
        born=None if born is None else str(born if isinstance(born, int) else born.year),
        coordinator=plan.coordinator,
        participants={p.id: (p.name, p.email) for p in plan.participants},
        id_at=(id_at.line, id_at.col),
        person_at=(person_at.line, person_at.col),
    )
