"""`ipcli lint` as a library call: load the plans, run the rules, return the findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ipcli.findings import Finding
from ipcli.load import load_all
from ipcli.repo import Repo
from ipcli.rules import Context, check, references


@dataclass(frozen=True, slots=True)
class LintResult:
    findings: list[Finding]
    files_checked: int


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
