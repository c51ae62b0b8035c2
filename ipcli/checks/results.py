"""What one plan file yields, as plain data: findings, located deadline items and the plan's facts.

The result depends only on the file's path and bytes and on the repository's settings, never on
today or on where the user stands, so it can be cached by git blob id and computed in parallel.
Lint and the due report are both built from it. This module is light on purpose: a warm run
reads results from the cache without importing the YAML reader, the schema or the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from sys import intern
from typing import Any, NamedTuple

# (line, col, code, message, hint): a finding before the repository's policy and without a path
RawFinding = tuple[int, int, str, str, str]
# participant id -> (name, e-mail)
Names = dict[str, tuple[str, str | None]]


class Item(NamedTuple):
    """A deadline item with its place in the file. A tuple: thousands are read per warm run.
    `day` is the date's ordinal (0: due at once, there being no date in the plan)."""

    code: str
    day: int
    what: tuple[Any, ...]  # a message key and its values (ipcli.deadlines.words writes them)
    text: str | None
    responsible: str | None
    line: int
    col: int

    def describe(self, redact: bool = False, names: Names | None = None, lang: str | None = None) -> str:
        return describe(self.what, self.text, redact, names, lang)


def describe(
    what: tuple[Any, ...],
    text: str | None,
    redact: bool = False,
    names: Names | None = None,
    lang: str | None = None,
) -> str:
    """An item as reports name it, in the reader's language: the action in plan words, with the
    goal's or measure's own words unless redacted (shortened: the plan holds them whole)."""
    from ipcli.deadlines.words import what as words

    return words(what, text, names, redact, lang)


class Facts(NamedTuple):
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
    person_key: str | None  # name and birth year, to find two plans for one person

    def name_of(self, pid: str | None) -> str | None:
        return None if pid is None else self.participants.get(pid, (pid, None))[0]

    def email_of(self, pid: str | None) -> str | None:
        return None if pid is None else self.participants.get(pid, (pid, None))[1]


class Unread(NamedTuple):
    """What the weekly report and the statistics still read of a file that is no plan for lint:
    the findings that keep it from reading cleanly, the plan's facts as far as they read (from
    the data, or from the file's plain lines), and the deadlines whose dates can be used."""

    problems: list[RawFinding]
    facts: Facts
    items: list[tuple[Any, ...]]


@dataclass
class FileResult:
    path: str  # relative to the repository root, with /
    findings: list[RawFinding] = field(default_factory=list)
    # deadline items as plain tuples (Item fields): a large repository has hundreds of thousands,
    # and most are not due; Item objects are made only for those that are (due_by)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    ignores: dict[int, tuple[frozenset[str], str]] = field(default_factory=dict)
    facts: Facts | None = None
    # git blob id of the bytes analysed (not part of the plain form: it is the cache key)
    blob: str | None = None
    # IP312, a record of what happened dated after today: the plan's latest record as a finding,
    # (until, line, col, message, hint), `until` being the last day (an ordinal) on which its date
    # is still in the future; and future_until, that day for the record after it (0: none). A
    # run whose today is after future_until needs only the latest record (the usual case: none
    # or one record dated ahead); lint reads the rare file where today is not again, for all.
    future: list[tuple[int, int, int, str, str]] = field(default_factory=list)
    future_until: int = 0
    unread: Unread | None = None  # only when facts is None: the file did not read as a plan

    def due_by(self, day: int) -> list[Item]:
        """The deadline items due on or before this date ordinal (those without a date too)."""
        make = tuple.__new__  # an Item from its stored tuple, without NamedTuple's Python __new__
        return [make(Item, i) for i in self.items if not i[1] or i[1] <= day]

    # plain tuples for the cache (marshal handles only built-in types)
    def to_plain(self) -> tuple[Any, ...]:
        # interned strings are written once and referenced after: the same words ("evaluate goal
        # g1", codes, participant ids) recur in every plan, so the cache is smaller and loads faster
        items = [
            (intern(c), day, _interned(what), text and intern(text), resp and intern(resp), line, col)
            for c, day, what, text, resp, line, col in self.items
        ]
        ignores = {line: (tuple(sorted(codes)), reason) for line, (codes, reason) in self.ignores.items()}
        facts = None if self.facts is None else _plain_facts(self.facts)
        # the messages of content findings recur across plans too ("no goal in the person's words")
        findings = [(line, col, intern(c), intern(m), intern(h)) for line, col, c, m, h in self.findings]
        unread = None
        if self.unread is not None:
            u = self.unread
            unread = (u.problems, _plain_facts(u.facts), u.items)
        return (self.path, findings, items, ignores, facts, self.future, self.future_until, unread)

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> FileResult:
        path, findings, items, ignores, facts, future, future_until, unread = plain
        if not isinstance(findings, list) or not isinstance(items, list):
            raise TypeError("not a cache entry of this version")
        # marshal gives back tuples and lists as they were stored: use them as they are
        return cls(
            path,
            findings,
            items,
            {line: (frozenset(codes), reason) for line, (codes, reason) in ignores.items()}
            if ignores
            else {},
            tuple.__new__(Facts, facts) if facts is not None else None,
            future=future,
            future_until=future_until,
            unread=None if unread is None else Unread(unread[0], tuple.__new__(Facts, unread[1]), unread[2]),
        )


def masked(result: FileResult) -> FileResult:
    """The result with every national id number in its plan text masked (ipcli.language.nationalid.mask):
    the words findings quote, the items' values and texts, the plan's facts (names, the person).
    Every report is made from results, so none of them (lint in any format, due, plans, stats,
    the language server's diagnostics) can show one, and the cache holds none. Changed in place."""
    from ipcli.language.nationalid import mask, mask_data, may_hold

    # every string of the result in one text, joined by a character that is no digit and no
    # separator (so no run of digits reaches from one string into the next): when that holds no run,
    # no string does, and there is nothing to mask (most plans: one search, not some 90 of them)
    strings: list[str] = []
    _strings((result.findings, result.future, result.items, result.facts, result.unread), strings)
    if not may_hold("\x00".join(strings)):
        return result

    def finding(row: tuple[Any, ...]) -> tuple[Any, ...]:
        *place, message, hint = row
        return (*place, mask(message), mask(hint))

    def item(row: tuple[Any, ...]) -> tuple[Any, ...]:
        code, day, what, text, resp, line, col = row
        return (code, day, mask_data(what), text and mask(text), resp and mask(resp), line, col)

    def facts(f: Facts) -> Facts:
        fields: dict[str, Any] = {k: mask(v) for k, v in f._asdict().items() if isinstance(v, str)}
        fields["participants"] = {mask(p): (mask(n), e and mask(e)) for p, (n, e) in f.participants.items()}
        return f._replace(**fields)

    result.findings = [finding(f) for f in result.findings]
    result.future = [finding(f) for f in result.future]
    result.items = [item(i) for i in result.items]
    if result.facts is not None:
        result.facts = facts(result.facts)
    if result.unread is not None:
        u = result.unread
        result.unread = Unread([finding(p) for p in u.problems], facts(u.facts), [item(i) for i in u.items])
    return result


def _strings(value: Any, out: list[str]) -> None:
    """Every string in nested tuples, lists and dicts (keys too), appended to `out`."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, (tuple, list)):
        for v in value:
            if v.__class__ is str:
                out.append(v)
            elif v is not None and v.__class__ is not int:
                _strings(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(k, out)
            _strings(v, out)


def checked_all(plains: list[Any], paths: list[str]) -> list[FileResult] | None:
    """FileResults from many cache entries at once (plains[i] is the entry for paths[i]) when
    every one has exactly the shape this build writes, else None: the caller then checks them one
    by one (`checked`) and analyses again only those that fail. The same checks as `checked`,
    made column by column over all the entries together, so the loops run in C (map, set, zip)
    instead of once per row in Python: a warm run at 10,000 plans checks ~120,000 rows."""
    if not plains:
        return []
    try:
        if not _all_ok(plains, paths):
            return None
    except (TypeError, ValueError):  # not a sequence, or unhashable where words belong
        return None
    return [FileResult.from_plain(plain) for plain in plains]


def _all_ok(plains: list[Any], paths: list[str]) -> bool:
    if _types(plains) != {tuple} or set(map(len, plains)) != {8}:
        return False
    p, findings, items, ignores, facts, future, future_until, unread = zip(*plains, strict=True)
    if list(p) != paths:
        return False
    if not (_types(findings) == _types(items) == _types(future) == {list} and _types(ignores) == {dict}):
        return False
    if _types(future_until) != {int}:
        return False
    if not (_rows_ok(list(chain.from_iterable(findings)), _FINDING) and _bulk_items_ok(items)):
        return False
    if not _rows_ok(list(chain.from_iterable(future)), _FUTURE):
        return False
    if not _bulk_facts_ok([f for f in facts if f is not None]):
        return False
    for i in range(len(plains)):  # the rare parts: ignore comments, files that are no plan
        if (ignores[i] or unread[i] is not None) and checked(plains[i], paths[i]) is None:
            return False
    return True


_S: set[type] = {str}
_I: set[type] = {int}
_SN: set[type] = {str, type(None)}
_FINDING = (_I, _I, _S, _S, _S)  # line, col, code, message, hint
_FUTURE = (_I, _I, _I, _S, _S)  # until, line, col, message, hint
_T: set[type] = {tuple}
_D: set[type] = {dict}
_ITEM = (_S, _I, _T, _SN, _SN, _I, _I)  # code, day, what, text, resp, line, col
_FACTS = (_S, _S, _S, _S, _S, _SN, _SN, _D, _T, _T, _SN)


def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _rows_ok(rows: list[Any], columns: tuple[set[type], ...]) -> bool:
    """Rows that are tuples of exactly these columns, each column's values of these types only
    (compared exactly: no bool passes for an int)."""
    if not rows:
        return True
    if _types(rows) != {tuple} or set(map(len, rows)) != {len(columns)}:
        return False
    columns_found = zip(*rows, strict=True)
    return all(_types(column) <= allowed for column, allowed in zip(columns_found, columns, strict=True))


def _bulk_items_ok(per_file: tuple[Any, ...]) -> bool:
    rows = list(chain.from_iterable(per_file))
    if not _rows_ok(rows, _ITEM):
        return False
    distinct = set(map(itemgetter(2), rows))  # message keys and values: the same few recur
    if not distinct:
        return True
    if 0 in set(map(len, distinct)) or _types(map(itemgetter(0), distinct)) != {str}:
        return False
    kinds = _types(chain.from_iterable(distinct))
    if not kinds <= {str, tuple}:
        return False
    if tuple in kinds:  # lists of words (participant ids)
        nested = [v for what in distinct for v in what if type(v) is tuple]
        return _types(chain.from_iterable(nested)) <= {str}
    return True


def _bulk_facts_ok(facts: list[Any]) -> bool:
    if not _rows_ok(facts, _FACTS):
        return False
    if not facts:
        return True
    columns = list(zip(*facts, strict=True))
    people, places = columns[7], columns[8] + columns[9]  # the participants; id_at, person_at
    if not _types(chain.from_iterable(people)) <= {str}:
        return False
    names = list(chain.from_iterable(map(dict.values, people)))
    return _rows_ok(names, (_S, _SN)) and _rows_ok(list(places), (_I, _I))


def checked(plain: Any, path: str) -> FileResult | None:
    """A FileResult from a cache entry if it has exactly the shape this build writes for this
    file, else None (the caller analyses the file again). Types are compared exactly (no bool or
    subclass passes for an int): an entry is data to verify, not to trust. Written for speed
    (unpacking checks a row's length in C): every row of every entry is checked on every warm
    run, tens of thousands of them; checking columns with set(map(type, ...)) was no faster."""
    S, Int = str, int  # short names keep the row checks readable
    try:
        if type(plain) is not tuple:
            return None
        p, findings, items, ignores, facts, future, future_until, unread = plain
        if p != path or type(ignores) is not dict:
            return None
        if type(future_until) is not Int or not _future_ok(future):
            return None
        if not (_findings_ok(findings) and _items_ok(items)):
            return None
        for line, (codes, reason) in ignores.items():
            if not (type(line) is Int and type(codes) is tuple and type(reason) is S):
                return None
            for code in codes:
                if type(code) is not S:
                    return None
        if facts is not None and not _facts_ok(facts):
            return None
        if unread is not None:  # (problems, facts, items) of a file that is no plan for lint
            if type(unread) is not tuple or len(unread) != 3:
                return None
            if not (_findings_ok(unread[0]) and _facts_ok(unread[1]) and _items_ok(unread[2])):
                return None
    except (TypeError, ValueError):  # not a sequence, or not of the length unpacked
        return None
    return FileResult.from_plain(plain)


_WORDS = {str}


def _what_ok(what: tuple[Any, ...]) -> bool:
    """A message key and its values: words, and lists of words (participant ids)."""
    kinds = set(map(type, what))
    return (
        bool(what)
        and type(what[0]) is str
        and kinds <= {str, tuple}
        and all(type(x) is str for v in what if type(v) is tuple for x in v)
    )


def _findings_ok(findings: Any) -> bool:
    return type(findings) is list and _rows_ok(findings, _FINDING)


def _future_ok(future: Any) -> bool:
    return type(future) is list and _rows_ok(future, _FUTURE)


def _items_ok(items: Any) -> bool:
    S, N, Int = str, None, int
    if type(items) is not list:
        return False
    for code, day, what, text, resp, line, col in items:
        if not (
            type(code) is S
            and type(day) is Int
            and type(what) is tuple
            and (set(map(type, what)) == _WORDS or _what_ok(what))
            and (text is N or type(text) is S)
            and (resp is N or type(resp) is S)
            and type(line) is Int
            and type(col) is Int
        ):
            return False
    return True


def _facts_ok(facts: Any) -> bool:
    S, N, Int = str, None, int
    if type(facts) is not tuple:
        return False
    ident, status, participation, profile, person, born, coord, people, id_at, person_at, key = facts
    if not (
        type(ident) is S
        and type(status) is S
        and type(participation) is S
        and type(profile) is S
        and type(person) is S
        and (born is N or type(born) is S)
        and (coord is N or type(coord) is S)
        and (key is N or type(key) is S)
        and type(people) is dict
        and type(id_at) is tuple
        and type(person_at) is tuple
    ):
        return False
    for pid, (name, email) in people.items():
        if not (type(pid) is S and type(name) is S and (email is N or type(email) is S)):
            return False
    return all(type(line) is Int and type(col) is Int for line, col in (id_at, person_at))


_SAME: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _interned(what: tuple[Any, ...]) -> tuple[Any, ...]:
    """A message key and its values with the words interned, and the tuple itself shared: the
    same few thousand ("due.evaluate_goal", "goal", "g1") recur in every plan, and marshal writes
    a shared object once and refers to it after (the cache file is a fifth smaller and loads
    40 % faster at 10,000 plans)."""
    found = _SAME.get(what)
    if found is None:
        if len(_SAME) > 200_000:  # a language server runs for days: keep it bounded
            _SAME.clear()
        found = _SAME[what] = tuple(intern(v) if isinstance(v, str) else v for v in what)
    return found


def _plain_facts(f: Facts) -> tuple[Any, ...]:
    # names and e-mails recur too (staff, coordinators; the person as participant "self")
    return (
        f.id,
        intern(f.status),
        intern(f.participation),
        intern(f.profile),
        intern(f.person),
        f.born and intern(f.born),
        f.coordinator and intern(f.coordinator),
        {
            intern(pid): (intern(name), email and intern(email))
            for pid, (name, email) in f.participants.items()
        },
        f.id_at,
        f.person_at,
        f.person_key,
    )


def unknown_facts(
    file: str,
    plan_id: str | None = None,
    person: str | None = None,
    coordinator: str | None = None,
    participants: dict[str, tuple[str, str | None]] | None = None,
    profile: str | None = None,
) -> Facts:
    """Facts of a plan that did not read: what is not known is empty (status and profile "")."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Facts(
        id=plan_id or stem,
        status="",
        participation="",
        profile=profile or "",
        person=person or "",
        born=None,
        coordinator=coordinator,
        participants=participants or {},
        id_at=(1, 1),
        person_at=(1, 1),
        person_key=None,
    )
