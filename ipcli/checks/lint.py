"""`ipcli lint` as a library call: scan the plans, apply the rules and policy, return findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcli.checks.rules import findings_for, references
from ipcli.checks.rules.deadlines import future_findings
from ipcli.checks.scan import scan
from ipcli.plan.findings import Finding
from ipcli.store.repo import Repo


class LintResult(NamedTuple):
    findings: list[Finding]
    files_checked: int
    checked: tuple[str, ...] = ()  # the files as shown, sorted (a JUnit test case each)


def lint(
    repo: Repo,
    files: Sequence[str | Path],
    cwd: Path,
    today: dt.date,
    use_cache: bool = True,
    redact: bool = False,
) -> LintResult:
    """Every finding in the given plan files as of `today`, sorted by file, line and column."""
    results = scan(repo, files, use_cache)
    name = repo.namer(cwd)
    shown = [name(f) for f in files]
    across = references.across_plans(list(zip(results, shown, strict=True)))
    today_n = today.toordinal()
    for result, path in zip(results, shown, strict=True):
        if result.future and result.future[0][0] >= today_n:  # rare: a record dated after today
            later = future_findings(result, repo.root, path, repo.config, today)
            across[path] = across.get(path, []) + later
    per_file = sorted(
        (name, findings_for(result, name, repo.config, today, across.get(name), redact))
        for result, name in zip(results, shown, strict=True)
    )
    findings: list[Finding] = []
    for _name, found in per_file:  # sorting small lists per file is much cheaper than one big one
        found.sort(key=_position)
        findings.extend(found)
    return LintResult(findings, len(results), tuple(sorted(shown)))


def _position(f: Finding) -> tuple[int, int, str]:
    return (f.line, f.col, f.code)
