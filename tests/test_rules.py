"""Every rule has a folder in tests/rules/CODE/ with a plan that breaks it (bad/) and one that
keeps it (good/). In bad/, a line marked `# expect: CODE` is where the finding must point."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ipcli.checks.lint import lint
from ipcli.config import Config
from ipcli.plan.codes import CODES
from ipcli.store.repo import Repo

RULES = Path(__file__).parent / "rules"
TODAY = dt.date(2025, 5, 10)
RULE_FAMILIES = ("references", "deadlines", "content", "privacy", "hygiene")


def _lint(folder: Path) -> list[tuple[str, int, str]]:
    files = sorted(folder.glob("*.yaml"))
    result = lint(Repo(folder, Config(), None), files, folder, TODAY)
    return [(f.path, f.line, f.code) for f in result.findings]


@pytest.mark.parametrize("code", sorted(p.name for p in RULES.iterdir()))
def test_bad_plan_breaks_the_rule_where_marked(code: str) -> None:
    folder = RULES / code / "bad"
    found = _lint(folder)
    assert any(c == code for _p, _l, c in found), found
    for plan in folder.glob("*.yaml"):
        for number, line in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1):
            m = re.search(r"# expect: (IP\d{3})", line)
            if m:
                assert (plan.name, number, m.group(1)) in found, found


@pytest.mark.parametrize("code", sorted(p.name for p in RULES.iterdir()))
def test_good_plan_keeps_the_rule(code: str) -> None:
    found = _lint(RULES / code / "good")
    assert not [f for f in found if f[2] == code]


def test_every_rule_has_cases() -> None:
    rule_codes = {c.code for c in CODES.values() if c.family in RULE_FAMILIES}
    # IP501 is tested in test_privacy.py with numbers generated at run time, never stored
    assert rule_codes - {"IP501"} == {p.name for p in RULES.iterdir()}
