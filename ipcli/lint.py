"""`ipcli lint` as a library call: load the plans, run the rules, return the findings."""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path

from ipcli.findings import Finding
from ipcli.load import LoadedPlan, load_file
from ipcli.repo import Repo
from ipcli.rules import Context, check, references


@dataclass(frozen=True, slots=True)
class LintResult:
    findings: list[Finding]
    files_checked: int


def load_all(repo: Repo, files: list[Path], cwd: Path) -> list[LoadedPlan]:
    """Load many plans. The garbage collector is paused: bulk loading only allocates."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [load_file(f, repo.shown(f, cwd), repo.config.limits) for f in files]
    finally:
        if enabled:
            gc.enable()


def lint(repo: Repo, files: list[Path], cwd: Path, today: dt.date) -> LintResult:
    """Every finding in the given plan files, sorted by file, line and column."""
    loaded = load_all(repo, files, cwd)
    ctx = Context(repo.config, today)
    findings: list[Finding] = []
    for lp in loaded:
        findings.extend(check(lp, ctx))
    findings.extend(references.across_plans(loaded))
    findings.sort(key=Finding.sort_key)
    return LintResult(findings, len(loaded))
