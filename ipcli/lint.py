"""`ipcli lint` as a library call: load the plans, run the rules, return the findings."""

from __future__ import annotations

import gc
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ipcli.findings import Finding
from ipcli.load import LoadedPlan, load_file
from ipcli.repo import Repo
from ipcli.rules import references


@dataclass(frozen=True, slots=True)
class LintResult:
    findings: list[Finding]
    files_checked: int

    @property
    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})


def load_all(repo: Repo, files: list[Path], cwd: Path) -> list[LoadedPlan]:
    """Load many plans. The garbage collector is paused: bulk loading only allocates."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [load_file(f, repo.shown(f, cwd), repo.config.limits) for f in files]
    finally:
        if enabled:
            gc.enable()


def lint(repo: Repo, files: list[Path], cwd: Path) -> LintResult:
    loaded = load_all(repo, files, cwd)
    findings: list[Finding] = []
    for lp in loaded:
        findings.extend(lp.findings)
        findings.extend(references.check(lp))
    findings.extend(_duplicate_plan_ids(loaded))
    findings.sort(key=Finding.sort_key)
    return LintResult(findings, len(loaded))


def _duplicate_plan_ids(loaded: list[LoadedPlan]) -> list[Finding]:
    by_id: dict[str, list[LoadedPlan]] = defaultdict(list)
    for lp in loaded:
        if lp.plan is not None:
            by_id[lp.plan.id].append(lp)
    out = []
    for plan_id, group in by_id.items():
        for lp in group[1:]:
            out.append(
                lp.finding(
                    "IP202",
                    ("id",),
                    f'the plan id "{plan_id}" is also used by {group[0].shown}',
                    "give each plan its own id",
                )
            )
    return out
