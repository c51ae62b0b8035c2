"""Local words where people type: a refused value is shown with each allowed value glossed in
the reader's language, a local word for one of them gets "did you mean" with the exact fix, and
`--next` takes what the question for it takes ("3 måneder", "3 mnd", "om 3 uker"). The file
itself keeps one value per meaning (README, design notes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli

PLAN = Path("plans") / "nordvik" / "p-0042.yaml"


def _set_status(repo: Path, word: str) -> None:
    """The first `status: ongoing` of a measure in p-0042 becomes `word`."""
    plan = repo / PLAN
    text = plan.read_text(encoding="utf-8")
    assert "            status: ongoing\n" in text
    plan.write_text(
        text.replace("            status: ongoing\n", f"            status: {word}\n", 1), encoding="utf-8"
    )


def _ip104(cli: Cli, repo: Path, lang: str) -> dict[str, str]:
    result = cli(["lint", "p-0042", "--today", PINNED_TODAY, "--format", "json", "--lang", lang], cwd=repo)
    assert result.exit_code == 1, result.stdout
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "IP104"]
    assert len(found) == 1, result.stdout
    return dict(found[0])


@pytest.mark.parametrize(
    ("lang", "word", "hint"),
    [
        ("nb", "igang", "mente du ongoing (pågår)? skriv status: ongoing"),
        ("nb", "i gang", "mente du ongoing (pågår)? skriv status: ongoing"),
        ("nb", "pågår", "mente du ongoing (pågår)? skriv status: ongoing"),
        ("nb", "ferdig", "mente du done (gjennomført)? skriv status: done"),
        ("da", "igang", "mente du ongoing (i gang)? skriv status: ongoing"),
        ("da", "afsluttet", "mente du done (gennemført)? skriv status: done"),
        ("en", "Pågår", "did you mean ongoing? write status: ongoing"),
    ],
)
def test_a_local_word_gets_did_you_mean_with_the_fix(
    cli: Cli, plans_repo: Path, lang: str, word: str, hint: str
) -> None:
    _set_status(plans_repo, word)
    found = _ip104(cli, plans_repo, lang)
    assert found["hint"] == hint, found


@pytest.mark.parametrize(
    ("lang", "options"),
    [
        ("nb", "planned (planlagt), ongoing (pågår), done (gjennomført), cancelled (avbrutt)"),
        ("da", "planned (planlagt), ongoing (i gang), done (gennemført), cancelled (afbrudt)"),
        ("en", "planned, ongoing, done, cancelled"),
    ],
)
def test_the_values_are_glossed_in_the_readers_language(
    cli: Cli, plans_repo: Path, lang: str, options: str
) -> None:
    _set_status(plans_repo, "kanskje")
    found = _ip104(cli, plans_repo, lang)
    assert found["hint"].endswith(options), found


@pytest.mark.parametrize(
    ("lang", "word", "value"),
    [
        ("da", "fortsæt", "continue"),
        ("nb", "fortsett", "continue"),
        ("nn", "endre", "change"),
        ("nb", "avslutt", "end"),
    ],
)
def test_an_outcome_written_as_a_verb_gets_did_you_mean(
    cli: Cli, plans_repo: Path, lang: str, word: str, value: str
) -> None:
    """The outcomes' labels are phrases ("fortsætte som planlagt"): the verb alone is meant too."""
    plan = plans_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    assert "outcome: continue\n" in text
    plan.write_text(text.replace("outcome: continue\n", f"outcome: {word}\n", 1), encoding="utf-8")
    found = _ip104(cli, plans_repo, lang)
    assert found["hint"].endswith(f"outcome: {value}"), found


def test_a_plan_status_is_glossed_with_the_plans_words(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / PLAN
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: active\n", "status: aktiv\n", 1), encoding="utf-8"
    )
    found = _ip104(cli, plans_repo, "nb")
    assert found["hint"] == "mente du active (aktiv)? skriv status: active", found


def test_the_file_keeps_one_word_per_meaning(cli: Cli, plans_repo: Path) -> None:
    """A local word is explained, never accepted in the file: CI and exports read one value."""
    _set_status(plans_repo, "pågår")
    result = cli(["lint", "p-0042", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 1


def test_measure_status_option_takes_a_local_word(cli: Cli, plans_repo: Path) -> None:
    result = cli(["measure", "p-0042", "m2", "--status", "ferdig", "--lang", "nb"], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    assert "status: done" in (plans_repo / PLAN).read_text(encoding="utf-8")


def _next_evaluation_of_g2(repo: Path) -> str:
    lines = (repo / PLAN).read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.strip() == "- id: g2")
    return next(ln.strip() for ln in lines[at:] if ln.strip().startswith("next_evaluation:"))


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("3 måneder", "2027-02-23"),
        ("3 mnd", "2027-02-23"),
        ("om 3 uker", "2026-12-14"),
        ("in 6 weeks", "2027-01-04"),
        ("2027-01-15", "2027-01-15"),
    ],
)
def test_next_takes_what_the_question_takes(cli: Cli, plans_repo: Path, typed: str, day: str) -> None:
    args = ["evaluate", "p-0042", "g2", "-a", "improving", "-o", "continue", "--by", "kari", "--next", typed]
    result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    assert _next_evaluation_of_g2(plans_repo) == f"next_evaluation: {day}"


@pytest.mark.parametrize("typed", ["snart", "2026-13-01", "2026-01-01"])
def test_a_next_that_is_no_later_date_is_one_line(cli: Cli, plans_repo: Path, typed: str) -> None:
    before = (plans_repo / PLAN).read_bytes()
    args = ["evaluate", "p-0042", "g2", "-a", "improving", "-o", "continue", "--by", "kari", "--next", typed]
    result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 2
    assert result.stderr.count("\n") <= 2 and "--next" in result.stderr and "Traceback" not in result.stderr
    assert (plans_repo / PLAN).read_bytes() == before


def test_revise_next_revision_takes_a_length(cli: Cli, plans_repo: Path) -> None:
    args = ["revise", "p-0042", "-s", "Revisjon.", "--by", "kari", "--next-revision", "1 år"]
    result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    assert "next_revision: 2027-11-23" in (plans_repo / PLAN).read_text(encoding="utf-8")
