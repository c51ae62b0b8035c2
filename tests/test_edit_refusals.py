"""Edits of a plan whose text the reader mends or shares (a lost `- `, an alias):
refused in one line of plan words, exit 2, the file as it was — never a crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli

PLAN = Path("plans") / "nordvik" / "p-0042.yaml"
EVALUATE = ["-a", "improving", "-o", "continue", "--by", "kari", "--today", PINNED_TODAY]


def _change(repo: Path, *pairs: tuple[str, str]) -> bytes:
    plan = repo / PLAN
    text = plan.read_text(encoding="utf-8")
    for old, new in pairs:
        if old.startswith("("):  # a pattern
            text, n = re.subn(old, new, text, count=1)
            assert n == 1
        else:
            assert old in text
            text = text.replace(old, new, 1)
    plan.write_text(text, encoding="utf-8")
    return plan.read_bytes()


ALIASED_EVALUATIONS = (
    (
        "        evaluations:\n          - date: 2026-05-20",
        "        evaluations: &ev\n          - date: 2026-05-20",
    ),
    (
        "        next_evaluation: 2026-11-30\n        measures:",
        "        next_evaluation: 2026-11-30\n        evaluations: *ev\n        measures:",
    ),
)
ALIASED_MEASURES = (
    (
        "        next_evaluation: 2026-10-15\n        measures:",
        "        next_evaluation: 2026-10-15\n        measures: &ms",
    ),
    (r"(next_evaluation: 2027-01-15\n        measures:)(\n          .*)+?(\n\nmeetings)", r"\1 *ms\3"),
)


@pytest.mark.parametrize(
    ("pairs", "args", "said"),
    [
        pytest.param(  # a sub-goal that lost its `- `: read as two items, laid out as one
            (("          - id: g1.2", "            id: g1.2"),),
            ["evaluate", "p-0042", "g1.2", *EVALUATE, "--next", "2027-01-01"],
            'p-0042.yaml:130:13: "id" starts again',
            id="lost-dash-subgoal",
        ),
        pytest.param(  # a theme that lost its `- `
            (("  - theme: health", "    theme: health"),),
            ["evaluate", "p-0042", "g2", *EVALUATE],
            'p-0042.yaml:171:5: "theme" starts again',
            id="lost-dash-theme",
        ),
        pytest.param(
            ALIASED_EVALUATIONS,
            ["evaluate", "p-0042", "g3", *EVALUATE, "--next", "2027-01-01"],
            'p-0042.yaml:208:22: "evaluations" is written as *ev',
            id="alias-evaluations",
        ),
        pytest.param(
            ALIASED_MEASURES,
            [
                "measure",
                "p-0042",
                "--goal",
                "g5",
                "--add",
                "--text",
                "Ny jobb",
                "--responsible",
                "kari",
                "--due",
                "2027-01-01",
                "--today",
                PINNED_TODAY,
            ],
            'p-0042.yaml:261:19: "measures" is written as *ms',
            id="alias-measures",
        ),
    ],
)
def test_an_edit_the_text_cannot_take_is_refused_in_one_line(
    cli: Cli, plans_repo: Path, pairs: tuple[tuple[str, str], ...], args: list[str], said: str
) -> None:
    before = _change(plans_repo, *pairs)
    result = cli(args, cwd=plans_repo)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "internal error" not in lines[0], result.stderr
    assert (plans_repo / PLAN).read_bytes() == before


def test_a_refusal_is_in_the_users_language(cli: Cli, plans_repo: Path) -> None:
    before = _change(plans_repo, *ALIASED_EVALUATIONS)
    args = ["evaluate", "p-0042", "g3", *EVALUATE, "--next", "2027-01-01", "--lang", "nb"]
    result = cli(args, cwd=plans_repo)
    assert result.exit_code == 2
    assert "«evaluations» er skrevet som *ev" in result.stderr and "planen ble ikke endret" in result.stderr
    assert (plans_repo / PLAN).read_bytes() == before
