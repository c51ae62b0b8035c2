"""What one plan file yields, as plain data: findings, located deadline items and the plan's facts.

The result depends only on the file's path and bytes and on the repository's settings, never on
today or on where the user stands, so it can be cached by git blob id and computed in parallel.
Lint and the due report are both built from it. This module is light on purpose: a warm run
reads results from the cache without importing the YAML reader, the schema or the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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
        return self.what if redact or not self.text else f'{self.what} "{short(self.text)}"'


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
