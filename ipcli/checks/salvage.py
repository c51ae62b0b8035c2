"""What can still be read of a plan file that does not read cleanly, so that the weekly report
and the statistics can say so instead of leaving the plan out.

A plan with a finding in the file or the plan format (broken YAML, a merge conflict, an
impossible date, an unknown key) is no plan for lint and the edit commands. Here it is read as far
as it goes: every deadline whose dates can be used, the dates that cannot, and who coordinates it
— from the parsed data, or, when even the YAML does not read, from the plain lines of the file.
Nothing here raises for bad input.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ipcli.checks.load import LoadedPlan
from ipcli.checks.results import Facts, RawFinding, unknown_facts
from ipcli.plan.codes import CODES
from ipcli.plan.findings import Finding, Severity, said

# the kinds of finding that make a file no plan, or one of its values unusable
_FAMILIES = frozenset({"file", "schema"})
# what a lenient build of broken data may raise: each means "this much could not be read"
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def problems_of(findings: list[Finding]) -> list[RawFinding]:
    """The findings that keep a file from reading cleanly as a plan."""
    return [
        (f.line, f.col, f.code, f.message, f.hint)
        for f in findings
        if f.severity is Severity.ERROR and CODES[f.code].family in _FAMILIES
    ]


def bad_date_findings(loaded: LoadedPlan) -> list[RawFinding]:
    """One finding (IP105) for each date the forgiving reading (ipcli.checks.load.forgive) left
    out because the calendar does not have it."""
    out = []
    for b in loaded.bad_dates:
        if b.outside:
            f = loaded.finding("IP105", b.at, *b.outside_words())
        else:
            f = loaded.finding(
                "IP105", b.at, said("schema.bad_date", value=_short(b.value)), said("schema.bad_date.hint")
            )
        out.append((f.line, f.col, f.code, f.message, f.hint))
    return out


def merge(first: list[RawFinding], more: list[RawFinding]) -> list[RawFinding]:
    """Both lists without repeats, in the order of the file."""
    seen = {(line, col, code) for line, col, code, _m, _h in first}
    return sorted(first + [p for p in more if (p[0], p[1], p[2]) not in seen])


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def who_from_data(data: Any, file: str) -> Facts:
    """Plan id, person and coordinator from data that is not a valid plan, as far as they read."""
    d = data if isinstance(data, dict) else {}
    person = d.get("person")
    name = person.get("name") if isinstance(person, dict) else None
    participants: dict[str, tuple[str, str | None]] = {}
    for p in d.get("participants") or [] if isinstance(d.get("participants"), list) else []:
        if isinstance(p, dict) and isinstance(p.get("id"), str):
            email = p.get("email")
            participants[p["id"]] = (str(p.get("name") or p["id"]), email if isinstance(email, str) else None)
    coordinator = d.get("coordinator")
    return unknown_facts(
        file,
        d.get("id") if isinstance(d.get("id"), str) else None,
        name if isinstance(name, str) else None,
        coordinator if isinstance(coordinator, str) else None,
        participants,
        d.get("profile") if isinstance(d.get("profile"), str) else None,
    )


_TOP = re.compile(r"^(id|coordinator|profile):[ \t]*[\[{'\"]?([^'\"#\s\[\]{},]+)", re.M)
_PERSON_NAME = re.compile(
    r"^person:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*$", re.M
)


def who_from_text(raw: bytes, file: str) -> Facts:
    """The same from the plain lines of a file that does not parse (a merge conflict, broken
    YAML): top-level `id:`, `coordinator:` and `profile:`, the person's name, and the
    coordinator's entry among the participants. The first value wins."""
    text = raw.decode("utf-8", errors="replace")
    top: dict[str, str] = {}
    for key, value in _TOP.findall(text):
        top.setdefault(key, value)
    m = _PERSON_NAME.search(text)
    cid = top.get("coordinator")
    participants = {}
    if cid is not None:
        entry = re.search(
            rf"^([ \t]*)- id:[ \t]*['\"]?{re.escape(cid)}['\"]?[ \t]*\n((?:\1[ \t]+.*\n)*)", text, re.M
        )
        if entry is not None:
            fields = dict(
                re.findall(r"^[ \t]+(name|email):[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*$", entry[2], re.M)
            )
            participants[cid] = (fields.get("name", cid), fields.get("email"))
    return unknown_facts(file, top.get("id"), m[1] if m else None, cid, participants, top.get("profile"))


def who_from_file(path: Path, file: str, max_bytes: int, root: Path | None) -> Facts:
    """From the file's plain lines; never a file outside `root` (a link out of the repository)
    and never one over the size limit."""
    from ipcli.store.repo import is_inside

    try:
        if root is None or not is_inside(path, root) or path.stat().st_size > max_bytes:
            return unknown_facts(file)
        return who_from_text(path.read_bytes(), file)
    except OSError:
        return unknown_facts(file)
