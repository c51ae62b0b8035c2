"""Every folder in tests/cases/ is a broken plans folder with the exact lint output it must give.

Run `pytest tests/test_cases.py --update-goldens` after a deliberate change, and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli

CASES = Path(__file__).parent / "cases"


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case: str, cli: Cli, update_goldens: bool) -> None:
    folder = CASES / case
    result = cli(["lint", "plans", "--today", "2025-05-10"], cwd=folder)
    expected = folder / "expected.txt"
    if update_goldens:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == expected.read_text(encoding="utf-8")
    assert "Traceback" not in result.stdout + result.stderr


def test_there_are_enough_cases() -> None:
    assert len([p for p in CASES.iterdir() if p.is_dir()]) >= 15
