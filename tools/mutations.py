"""Break the code on purpose, one requirement at a time, and show that the test docs/domain.md
names for it fails (issue 29: "a test behind every claim").

    .venv/bin/python tools/mutations.py            # every mutation (a few minutes)
    .venv/bin/python tools/mutations.py 4 28       # only those of rows 4 and 28

Each mutation is a row of docs/domain.md, a file, a piece of its text, what replaces it, and the
test to run. The project is copied to a temporary folder (the working tree is never touched), the
text is replaced there (it must occur exactly once), and the test runs against the copy. A
mutation the test does not notice ("survived") makes the script exit 1. Slow, so it is not part
of the suite; tests/test_domain_table.py runs one mutation and checks every row's test exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
S = "tests/test_sources.py::"


class Mutation(NamedTuple):
    row: int  # the row of docs/domain.md
    file: str
    old: str
    new: str
    test: str  # the test docs/domain.md names for the row


MUTATIONS = (
    Mutation(  # goals in sub-topics stop counting
        4,
        "ipcli/plan/model.py",
        "        yield from self.goals\n"
        "        for sub in self.subtopics:\n            yield from sub.goals\n",
        "        yield from self.goals\n",
        S + "test_goals_in_sub_topics_count_everywhere",
    ),
    Mutation(  # IP497's main case: a Danish plan naming no handleplan
        18,
        "ipcli/checks/rules/content.py",
        '    if plan.basis.get("kind") != "sel-141":\n        yield loaded.finding(\n'
        '            "IP497",\n            ("basis",) if plan.basis else ("status",),\n'
        '            said("lint.IP497"),\n            said("lint.IP497.hint"),\n'
        "            at_key=bool(plan.basis),\n        )\n        return\n",
        '    if plan.basis.get("kind") != "sel-141":\n        return\n',
        S + "test_a_danish_plan_naming_no_handleplan_is_reported",
    ),
    Mutation(  # the no-rights note left out of the person's HTML version
        20,
        "ipcli/documents/printdoc.py",  # the person's copy in every format comes from its blocks
        '        return [{"t": "p", "text": w.L("no_rights"), "muted": True}]',
        "        return []",
        S + "test_the_persons_html_version_says_the_plan_gives_no_rights",
    ),
    Mutation(  # the focus area rendered in every country (Markdown)
        7,
        "templates/plan.md.j2",
        "{% if focus_areas and t.focus_agreement %}",
        "{% if t.focus_agreement %}",
        S + "test_the_focus_area_is_rendered_only_in_dk[md]",
    ),
    Mutation(  # the focus area rendered in every country (HTML)
        7,
        "templates/_staff.html.j2",
        "{% if focus_areas and t.focus_agreement %}",
        "{% if t.focus_agreement %}",
        S + "test_the_focus_area_is_rendered_only_in_dk[html]",
    ),
    Mutation(  # `parent` no longer read as the custody holder
        28,
        "ipcli/checks/rules/content.py",
        '_CUSTODY = ("custody_holder", "parent")',
        '_CUSTODY = ("custody_holder",)',
        S + "test_parent_in_an_older_file_reads_as_the_custody_holder",
    ),
    Mutation(  # a withdrawn consent to collect information still counts
        22,
        "ipcli/checks/rules/content.py",
        'if not any(c.kind == "collect_information" and c.withdrawn is None for c in plan.consents):',
        'if not any(c.kind == "collect_information" for c in plan.consents):',
        S + "test_a_consent_to_collect_names_former_partners_and_a_withdrawn_one_counts_for_nothing",
    ),
    Mutation(  # IP308 no longer counts the Danish contact person
        41,
        "ipcli/deadlines/engine.py",
        "active = [p.id for p in plan.participants if p.role in lead and p.end is None]",
        'active = [p.id for p in plan.participants if p.role == "coordinator" and p.end is None]',
        S + "test_ip308_counts_the_danish_contact_person_with_a_coordinator",
    ),
    Mutation(  # an empty active plan passes
        50,
        "ipcli/checks/rules/content.py",
        "        yield from _empty(loaded, plan)\n",
        "        pass\n",
        S + "test_an_empty_active_plan_is_reported",
    ),
    Mutation(  # a withdrawn consent to the plan changes nothing
        51,
        "ipcli/plan/model.py",
        'return self.participation == "declined" or self.withdrawn_plan_consent() is not None',
        'return self.participation == "declined"',
        S + "test_a_withdrawn_plan_consent_ends_the_plan_work",
    ),
    Mutation(  # a declined Norwegian plan may keep goals and a consent to the plan
        35,
        "ipcli/checks/rules/content.py",
        "        yield from _half_a_plan(loaded, plan)\n",
        "        pass\n",
        S + "test_a_declined_norwegian_plan_holding_goals_and_a_plan_consent_is_reported",
    ),
    Mutation(  # a physiotherapist named coordinator "cannot hold the main responsibility"
        40,
        "ipcli/deadlines/engine.py",
        '    if person is not None and person.role in ("professional", "agency"):',
        "    if False:",
        S + "test_a_professional_named_coordinator_is_told_to_take_the_role",
    ),
    Mutation(  # `ipcli plans` back to raw ids
        55,
        "ipcli/reports/planlist.py",
        "names=None if redact else facts.participants,",
        "names=None,",
        S + "test_plans_says_the_next_deadline_with_names[nb]",
    ),
    Mutation(  # `ipcli revise` drops the voices
        32,
        "ipcli/edits/record.py",
        "    revision.update(_voices(voices or {}))\n",
        "",
        S + "test_revise_records_the_voices_as_the_file_does",
    ),
    Mutation(  # no staff meeting asked before the handleplansmøde
        49,
        "ipcli/checks/rules/content.py",
        '    if not any(m.kind == "staff_meeting" and m.date <= first.date for m in plan.meetings):',
        "    if False:",
        S + "test_dk_staff_meeting_before_the_first_plan_meeting",
    ),
    Mutation(  # a goal may name an overall goal the handleplan does not have
        52,
        "ipcli/checks/rules/content.py",
        "                if ref not in overall:",
        "                if False:",
        S + "test_the_handleplan_agreement_and_overall_goals_are_recorded_and_referred_to",
    ),
    Mutation(  # IP401 no longer asks for the person's own goals
        1,
        "ipcli/checks/rules/content.py",
        "    if goals and not any(g.said_by in views for g in goals):",
        "    if False:",
        S + "test_ip401_looks_at_sub_topics_and_own_goals_and_takes_the_representatives_words",
    ),
    Mutation(  # the plan's statement of methods not rendered
        11,
        "templates/plan.md.j2",
        "{% if plan.involvement %}",
        "{% if false %}",
        S + "test_involvement_and_the_coordinating_unit_are_rendered",
    ),
    Mutation(  # no denominator for the share of recipients with a plan
        54,
        "ipcli/cli/stats.py",
        "    _recipients(rows, by.value, the_repo.config.stats_recipients, recipients)\n",
        "",
        S + "test_stats_share_of_recipients_with_a_plan",
    ),
    Mutation(  # a Norwegian decline counted among the plans
        38,
        "ipcli/reports/stats.py",
        "                continue  # NO: the person declined the plan itself, so there is no plan to count",
        "                pass",
        "tests/test_stats.py::test_indicator_parts_by_coordinator",
    ),
)

_COPIED = ("ipcli", "tests", "examples", "schemas", "pyproject.toml", "docs", "README.md", "CHANGELOG.md")
_SKIP = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "node_modules", ".mypy_cache", ".ruff_cache", "*.vsix"
)


def run(mutation: Mutation, python: str = sys.executable, baseline: bool = True) -> tuple[bool, str]:
    """Run the test on an unchanged copy (it must pass: a test failing for another reason proves
    nothing), then apply the mutation there and run it again: (killed, the test's last lines)."""
    with tempfile.TemporaryDirectory(prefix="ipcli-mutant-") as tmp:
        copy = Path(tmp) / "ipcli-copy"
        copy.mkdir()
        for name in _COPIED:  # what the tests read: the package, the tests, the examples
            source = ROOT / name
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, copy / name, symlinks=True, ignore=_SKIP)
            else:
                shutil.copy2(source, copy / name, follow_symlinks=False)
        target = copy / mutation.file
        text = target.read_text(encoding="utf-8")
        if text.count(mutation.old) != 1:
            raise SystemExit(f"row {mutation.row}: the text to change is not in {mutation.file} exactly once")
        code, tail = _test(copy, mutation.test, python) if baseline else (0, "")
        if code != 0:
            raise SystemExit(f"row {mutation.row}: the test fails before any mutation:\n{tail}")
        target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
        code, tail = _test(copy, mutation.test, python)
        if code not in (0, 1):
            raise SystemExit(f"row {mutation.row}: the test did not run ({code}):\n{tail}")
        return code == 1, tail


def _test(copy: Path, test: str, python: str) -> tuple[int, str]:
    # the copy's package comes first on the path (the venv's editable install points elsewhere)
    env = {**os.environ, "PYTHONPATH": str(copy), "IPCLI_NO_CACHE": "1"}
    done = subprocess.run(
        [python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:xdist", test],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, "\n".join((done.stdout + done.stderr).strip().splitlines()[-3:])


def main(argv: list[str]) -> int:
    rows = {int(a) for a in argv}
    chosen = [m for m in MUTATIONS if not rows or m.row in rows]
    survived = 0
    for m in chosen:
        killed, tail = run(m)
        survived += not killed
        verdict = "killed" if killed else "SURVIVED"
        print(f"row {m.row:>2}  {verdict:<8}  {m.file}  {m.test}", flush=True)
        if not killed:
            print("    " + tail.replace("\n", "\n    "))
    print(f"{len(chosen) - survived} of {len(chosen)} mutations killed by their row's test")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
