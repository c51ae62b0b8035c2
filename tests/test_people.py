"""People are named as people know them: `--by`, `--responsible` take a participant's id or
name, in any case, with or without accents (æ ø å stay letters of their own), with "did you
mean" on a near miss; ids keep æ ø å (`åse`, `søren`), in the schema and in what `new` makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

PLAN = Path("plans") / "nordvik" / "p-0042.yaml"

# two participants whose ids keep their Nordic letters (fictional people)
NORDIC = """  - id: åse
    role: relative
    name: Åse Berg
    title: søster
  - id: søren
    role: professional
    name: Søren Dahl
    title: ergoterapeut
"""


@pytest.fixture
def nordic_repo(plans_repo: Path) -> Path:
    """The example repository with åse and søren among p-0042's participants, committed."""
    plan = plans_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\nconsents:\n", NORDIC + "\nconsents:\n", 1), encoding="utf-8")
    git(plans_repo, "commit", "-qam", "Åse og Søren")
    return plans_repo


def _evaluate(cli: Cli, repo: Path, by: str, *more: str) -> tuple[int, str, str]:
    args = ["evaluate", "p-0042", "g2", "-a", "improving", "-o", "continue", "--by", by]
    result = cli([*args, "--today", PINNED_TODAY, *more], cwd=repo)
    return result.exit_code, result.stdout, result.stderr


def _evaluations_by(repo: Path) -> list[str]:
    """The `by:` of the newest evaluation written, as YAML text."""
    lines = (repo / PLAN).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip().startswith("by:")]


@pytest.mark.parametrize("by", ["Kari Hansen", "kari", "KARI", "kari hansen", "Kari  Hansen"])
def test_by_takes_an_id_or_a_name_in_any_case(cli: Cli, nordic_repo: Path, by: str) -> None:
    before = _evaluations_by(nordic_repo)
    code, _out, err = _evaluate(cli, nordic_repo, by)
    assert code == 0, err
    after = _evaluations_by(nordic_repo)
    assert after.count("by: [kari]") == before.count("by: [kari]") + 1, after
    assert lint_clean(cli, nordic_repo)


@pytest.mark.parametrize(
    ("by", "stored"),
    [
        ("åse", "by: [åse]"),
        ("søren", "by: [søren]"),
        ("ÅSE", "by: [åse]"),
        ("Søren Dahl,kari", "by: [søren, kari]"),
    ],
)
def test_by_takes_ids_with_nordic_letters(cli: Cli, nordic_repo: Path, by: str, stored: str) -> None:
    code, _out, err = _evaluate(cli, nordic_repo, by)
    assert code == 0, err
    assert stored in _evaluations_by(nordic_repo)
    assert lint_clean(cli, nordic_repo)


def lint_clean(cli: Cli, repo: Path) -> bool:
    """p-0042 has no error about its ids (the schema accepts åse and søren)."""
    result = cli(["lint", "p-0042", "--today", PINNED_TODAY, "--format", "json"], cwd=repo)
    errors = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    return not errors


@pytest.mark.parametrize(
    ("lang", "typed", "said", "offered"),
    [
        ("en", "ase", "did you mean", "åse (Åse Berg)"),
        ("nb", "ase", "mente du", "åse (Åse Berg)"),
        ("en", "soren", "did you mean", "søren (Søren Dahl)"),
        ("nb", "Kari Hansn", "mente du", "kari (Kari Hansen)"),
        ("da", "kary", "mente du", "kari (Kari Hansen)"),
    ],
)
def test_a_near_miss_gets_did_you_mean(
    cli: Cli, nordic_repo: Path, lang: str, typed: str, said: str, offered: str
) -> None:
    before = (nordic_repo / PLAN).read_bytes()
    code, _out, err = _evaluate(cli, nordic_repo, typed, "--lang", lang)
    assert code == 2
    assert said in err and offered in err, err
    assert "Traceback" not in err
    assert (nordic_repo / PLAN).read_bytes() == before  # nothing written


def test_nobody_like_it_lists_the_plans_own_participants(cli: Cli, nordic_repo: Path) -> None:
    code, _out, err = _evaluate(cli, nordic_repo, "zzzz")
    assert code == 2
    assert "zzzz is not a participant" in err and "participants:" in err and "kari" in err, err


def test_responsible_takes_a_name(cli: Cli, nordic_repo: Path) -> None:
    args = ["measure", "p-0042", "m9", "--add", "--goal", "g2", "--text", "Trening hjemme"]
    result = cli(
        [*args, "--responsible", "Søren Dahl", "--due", "2027-03-01", "--today", PINNED_TODAY],
        cwd=nordic_repo,
    )
    assert result.exit_code == 0, result.stderr
    assert "responsible: søren" in (nordic_repo / PLAN).read_text(encoding="utf-8")


def test_revise_by_takes_a_name(cli: Cli, nordic_repo: Path) -> None:
    result = cli(
        ["revise", "p-0042", "-s", "Årlig revisjon.", "--by", "Kari Hansen,åse", "--today", PINNED_TODAY],
        cwd=nordic_repo,
    )
    assert result.exit_code == 0, result.stderr
    assert "by: [kari, åse]" in (nordic_repo / PLAN).read_text(encoding="utf-8")


def test_new_keeps_the_nordic_letters_in_ids(cli: Cli, plans_repo: Path) -> None:
    result = cli(
        [
            "new", "p-0300", "--unit", "nordvik", "--person", "Åse Ødegård",
            "--coordinator", "Søren Ærø", "--today", PINNED_TODAY,
        ],
        cwd=plans_repo,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (plans_repo / "plans" / "nordvik" / "p-0300.yaml").read_text(encoding="utf-8")
    assert "id: åse" in text and "id: søren" in text and "coordinator: søren" in text
    lint = cli(["lint", "p-0300", "--today", PINNED_TODAY, "--format", "json"], cwd=plans_repo)
    assert lint.exit_code == 0, lint.stdout


def test_an_id_is_still_lowercase_letters(cli: Cli, plans_repo: Path) -> None:
    """Upper case stays refused (an id is one file-safe, anchor-safe word), with what an id is."""
    plan = plans_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("- id: per\n", "- id: Pér\n", 1), encoding="utf-8")
    result = cli(["lint", "p-0042", "--today", PINNED_TODAY, "--format", "json"], cwd=plans_repo)
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "IP106"]
    assert len(found) == 1 and "Pér" in found[0]["message"], result.stdout
    assert "æ, ø, å" in found[0]["hint"]


def test_coordinator_filter_ignores_marks_but_not_nordic_letters(cli: Cli, plans_repo: Path) -> None:
    """`--coordinator rene` finds René (a mark left out); `--coordinator ase` does not find Åse
    (å is a letter of its own), and says what did not match."""
    plan = plans_repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("Kari Hansen", "René Ødegård"), encoding="utf-8")
    found = cli(["plans", "--coordinator", "rene", "--format", "json"], cwd=plans_repo)
    assert found.exit_code == 0 and "p-0042" in found.stdout, found.stderr
    due = cli(
        ["due", "--today", PINNED_TODAY, "--coordinator", "Rene Ødegård", "--format", "json"], cwd=plans_repo
    )
    assert due.exit_code == 0 and "p-0042" in due.stdout, due.stderr
    other = cli(
        ["due", "--today", PINNED_TODAY, "--coordinator", "odegard", "--format", "json"], cwd=plans_repo
    )
    assert other.exit_code == 2 and "p-0042" not in other.stdout
