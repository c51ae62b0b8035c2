"""A name written with a combining accent (NFD: "A" and a ring) is the same name as one written
with the composed letter (NFC: "Å"): in --coordinator and in IP205 (one person, two plans)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli

NFC = "Åse Ødegård"
NFD = unicodedata.normalize("NFD", NFC)


def _rename(plan: Path, old: str, new: str) -> None:
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("written", "typed"), [(NFD, NFC), (NFC, NFD)], ids=["nfd-plan", "nfd-typed"])
def test_coordinator_matches_whatever_the_form(cli: Cli, plans_repo: Path, written: str, typed: str) -> None:
    assert written != typed
    _rename(plans_repo / "plans" / "nordvik" / "p-0042.yaml", "Kari Hansen", written)
    for wanted in (typed, typed.split()[0].lower(), typed.upper()):
        due = cli(
            ["due", "--today", PINNED_TODAY, "--coordinator", wanted, "--format", "json"], cwd=plans_repo
        )
        assert due.exit_code == 0, due.stderr
        assert "p-0042" in due.stdout
        listed = cli(["plans", "--coordinator", wanted, "--format", "json"], cwd=plans_repo)
        assert listed.exit_code == 0, listed.stderr
        assert "p-0042" in listed.stdout


def test_one_person_in_two_forms_is_one_person(cli: Cli, plans_repo: Path) -> None:
    nordvik = plans_repo / "plans" / "nordvik"
    _rename(nordvik / "p-0042.yaml", "Ola Nordmann", NFC)
    _rename(nordvik / "p-0051.yaml", "Eva Fjellheim", NFD)
    _rename(nordvik / "p-0051.yaml", "born: 1979", "born: 2004")
    result = cli(["lint", "--today", PINNED_TODAY, "--format", "json"], cwd=plans_repo)
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "IP205"]
    assert [f["path"] for f in found] == ["plans/nordvik/p-0051.yaml"], result.stdout
