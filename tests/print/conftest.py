"""Fixtures of the print tests: the PDFs several tests read, rendered once per session (per
pytest-xdist worker) instead of once per test (issue 26: six tests rendered the same staff PDF of
p-0042, two the stress plan's). A test that needs its own moment of rendering (the creation date,
the same bytes twice, another day) or its own options still renders its own."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, copy_repo

from print.stress import write_stress_plan


@dataclass(frozen=True)
class Printed:
    """One `ipcli render PLAN --format pdf -o FILE --today PINNED_TODAY`, run as a process."""

    repo: Path  # a copy of the examples' repository, committed (with the stress plan for p-0999)
    pdf: Path
    stderr: str


class Printer:
    """The staff PDF of an example plan (p-0999: the stress plan, written beside p-0042 as the
    tests' stress_repo does), rendered the first time a test asks for it, in that test's isolated
    environment (tests/conftest.py), and handed to every later test as it was."""

    def __init__(self, base: Path, template: Path) -> None:
        self._base, self._template = base, template
        self._done: dict[str, Printed] = {}

    def __call__(self, plan: str) -> Printed:
        if plan not in self._done:
            repo = copy_repo(self._template, self._base / plan / "plans-repo")
            if plan == "p-0999":
                write_stress_plan(repo, repo / "plans" / "nordvik" / "p-0042.yaml")
            pdf = repo / f"{plan}.pdf"
            args = ["render", plan, "--format", "pdf", "-o", str(pdf), "--today", PINNED_TODAY]
            done = subprocess.run(
                [sys.executable, "-m", "ipcli", *args],
                cwd=repo,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stderr
            self._done[plan] = Printed(repo, pdf, done.stderr)
        return self._done[plan]


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory, _examples_committed: Path) -> Printer:
    return Printer(tmp_path_factory.mktemp("printed"), _examples_committed)
