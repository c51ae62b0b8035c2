"""Analyse one plan file: load it and run every per-file rule, giving a FileResult."""

from __future__ import annotations

from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from ipcli.checks.load import LoadedPlan, load_file
from ipcli.checks.results import Facts, FileResult, Item, RawFinding, Unread, masked
from ipcli.config import Config
from ipcli.deadlines.engine import DueItem, deadlines
from ipcli.language.fold import fold, nfc
from ipcli.plan.model import Plan


def analyse_file(file: Path, rel: str, config: Config, root: Path | None = None) -> FileResult:
    """Load one plan and run every per-file rule. Never raises for bad input. With `root`, a
    file that is a link out of that folder is not read (a finding says so)."""
    return analyse_loaded(load_file(file, rel, config.limits, root), config, root)


def analyse_loaded(loaded: LoadedPlan, config: Config, root: Path | None = None) -> FileResult:
    """Run every per-file rule on a loaded plan (from a file, or an editor's unsaved text). A
    file that does not read is read as far as it goes for the weekly report; its plain lines only
    when it lies inside `root`."""
    from ipcli.checks import salvage
    from ipcli.checks.rules import content, hygiene, privacy, references

    result = FileResult(loaded.shown, blob=loaded.blob)
    found = list(loaded.findings)
    if loaded.document is not None:
        result.ignores = loaded.document.ignores
        found += hygiene.check(loaded)
        found += privacy.check(loaded)
    plan = loaded.plan
    problems = salvage.problems_of(loaded.findings) if loaded.findings else []
    if plan is not None and not problems:
        profile = config.profile_named(plan.profile)
        found += references.check(loaded)
        found += content.check(loaded, profile)
        if profile is not None:
            result.items = [tuple(_locate(loaded, item)) for item in deadlines(plan, profile)]
        result.facts = _facts(loaded, plan)
        from ipcli.checks.rules.deadlines import happened

        records = sorted(happened(plan), key=itemgetter(0), reverse=True)
        if records:  # the latest as a finding; the one after it only as a day (see FileResult)
            from ipcli.checks.rules.deadlines import future_finding

            latest = future_finding(loaded, records[0])
            result.future = [(records[0][0], latest.line, latest.col, latest.message, latest.hint)]
            result.future_until = records[1][0] if len(records) > 1 else 0
    else:
        # no plan for lint, due or render: but every rule that can use what was read still runs
        # on the forgiving reading (ipcli.checks.repair), so one run shows every finding
        result.unread = _unread(loaded, config, root, problems)
        result.items = result.unread.items  # lint's deadline findings; due reads unread.items
        reading = plan or loaded.lenient  # a plan with a file finding (IP004) reads all the same
        if reading is not None:
            view = replace(loaded, plan=reading)
            profile = config.profile_named(reading.profile)
            try:
                more = [*references.check(view), *content.check(view, profile)]
            except salvage.UNREADABLE:  # a value of a kind the rules do not expect: they add nothing
                more = []
            found += [f for f in more if not consequence(loaded, f.code, f.line)]
    result.findings = [(f.line, f.col, f.code, f.message, f.hint) for f in found]
    return masked(result)  # where plan text enters every report: no national id number past here


# what a rule finds missing in a whole section of the plan: when a value of that section was
# left out as broken, the finding may say no more than that (IP412 "no consent" when the consent
# was there with a date that is no date)
_NEEDS: dict[str, frozenset[str]] = {
    code: frozenset(sections.split())
    for code, sections in {
        "IP203": "participants",
        "IP301": "enrolled work_started referred",
        "IP302": "enrolled work_started referred participants consents themes meetings",
        "IP303": "revisions meetings period next_revision",
        "IP304": "next_revision revisions",
        "IP307": "consents",
        "IP308": "participants coordinator",
        "IP309": "period status",
        "IP310": "meetings",
        "IP311": "revisions meetings",
        "IP399": "decline",
        "IP401": "long_term_goal themes",
        "IP403": "participants",
        "IP404": "participants",
        "IP406": "participants consents",
        "IP408": "profile",
        "IP409": "profile",
        "IP410": "period next_revision status",
        "IP412": "consents",
        "IP414": "themes",
        "IP415": "meetings",
        "IP492": "consents person participants",
        "IP496": "consents",
        "IP497": "subplans",
        "IP499": "decline",
    }.items()
}


def consequence(loaded: LoadedPlan, code: str, line: int) -> bool:
    """Whether a rule's finding on the forgiving reading may be a mere consequence of what was
    left out: it is about a section that lost a value, or lies in an entry that did."""
    if not loaded.lost_sections.isdisjoint(_NEEDS.get(code, ())):
        return True
    return any(first <= line <= last for first, last in loaded.lost_lines)


def _unread(loaded: LoadedPlan, config: Config, root: Path | None, problems: list[RawFinding]) -> Unread:
    """A file that is no plan for lint, read as far as it goes for the weekly report."""
    from ipcli.checks import salvage

    rel = loaded.shown
    if loaded.document is None:  # not even YAML: the plain lines may still name the coordinator
        who = salvage.who_from_file(loaded.file, rel, config.limits.max_file_bytes, root)
        return Unread(problems, who, [])
    plan, bad_dates = loaded.plan or loaded.lenient, salvage.bad_date_findings(loaded)
    problems = salvage.merge(problems, bad_dates)
    if plan is None:
        return Unread(problems, salvage.who_from_data(loaded.data, rel), [])
    items: list[tuple[Any, ...]] = []
    profile = config.profile_named(plan.profile) if isinstance(plan.profile, str) else None
    try:
        facts = _facts(loaded, plan)
        if profile is not None:
            located = [_locate(loaded, item) for item in deadlines(plan, profile)]
            items = [tuple(i) for i in located if not consequence(loaded, i.code, i.line)]
    except salvage.UNREADABLE:  # a value of the wrong kind the schema already reported
        return Unread(problems, salvage.who_from_data(loaded.data, rel), [])
    return Unread(problems, facts, items)


def _locate(loaded: LoadedPlan, item: DueItem) -> Item:
    place = loaded.finding(item.code, item.at, "")
    day = item.date.toordinal() if item.date else 0
    return Item(item.code, day, item.what, item.text, item.responsible, place.line, place.col)


def _facts(loaded: LoadedPlan, plan: Plan) -> Facts:
    born = plan.person.born
    year = None if born is None else (born if isinstance(born, int) else born.year)
    id_at = loaded.finding("IP202", ("id",), "")
    person_at = loaded.finding("IP205", ("person", "name"), "")
    return Facts(
        id=plan.id,
        status=plan.status,
        # a withdrawn consent to the plan is a decline for every report (stats, due, plans)
        participation="declined" if plan.declined else plan.participation,
        profile=plan.profile,
        person=plan.person.name,
        born=None if born is None else str(born if isinstance(born, int) else born.year),
        coordinator=plan.coordinator,
        participants={p.id: (nfc(p.name), p.email) for p in plan.participants},
        id_at=(id_at.line, id_at.col),
        person_at=(person_at.line, person_at.col),
        person_key=None if born is None else " ".join(fold(plan.person.name).split()) + f"|{year}",
    )
