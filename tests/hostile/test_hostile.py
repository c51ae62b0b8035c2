"""Every hostile input through every command that reads plans, as the installed CLI runs it (a
subprocess each): exit 0, 1 or 2 as expected, a clear message and no traceback, within the
bounds of time and peak memory in corpus.py, and nothing in the repository written unless the
command is an edit that succeeded.

Set IPCLI_HOSTILE_TABLE=FILE to also write the table of inputs with the slowest time and the
largest peak memory each took (docs and the closing note quote it).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, git
from hostile.corpus import CASES, CLEAN, FINDINGS, MAX_PEAK_MB, MAX_SECONDS, PLAN_ID, ROOT, UNUSABLE, Case

PLAN = f"plans/{PLAN_ID}.yaml"
T = ("--today", PINNED_TODAY)

# command key -> arguments (OUT is replaced by a folder outside the repository)
COMMANDS: dict[str, list[str]] = {
    "lint": ["lint", PLAN, *T],
    "lint-all": ["lint", *T],
    "lint-github": ["lint", "--format", "github", *T],
    "lint-redact-json": ["lint", "--redact", "--format", "json", *T],
    "due": ["due", *T],
    "due-csv": ["due", "--format", "csv", *T],
    "due-ics": ["due", "--format", "ics", *T],
    "due-json": ["due", "--format", "json", "--redact", *T],
    "render-md": ["render", PLAN, *T],
    "render-html": ["render", PLAN, "--format", "html", "-o", "OUT/plan.html", *T],
    "site": ["render", "--all", "--out", "OUT/site", *T],
    "export": ["export", PLAN, "--fhir", *T],
    "stats": ["stats", *T],
    "show": ["show", PLAN, "--at", "HEAD"],
    "log": ["log", PLAN, *T],
    "diff": ["diff", PLAN],
    "goal": ["goal", PLAN, "health_and_wellbeing", "--text", "Nyt mål", "--said-by", "staff", *T],
    "evaluate": ["evaluate", PLAN, "g1", "--achievement", "improving", "--outcome", "continue", *T],
    "revise": ["revise", PLAN, "--summary", "Revideret.", "--by", "mia", *T],
    "measure": ["measure", PLAN, "m1", "--status", "done", *T],
}
EDITS = {"goal", "evaluate", "revise", "measure"}
LINTS = {"lint", "lint-all", "lint-github", "lint-redact-json"}
NEEDS_THE_PLAN = {"render-md", "render-html", "export", "show", "diff", *EDITS}
NAMES_THE_PLAN = {*NEEDS_THE_PLAN, "log"}


@dataclass
class Run:
    key: str
    code: int
    seconds: float
    peak_mb: float
    out: str
    err: str


# Each command runs in a fresh interpreter that reports its own peak memory at the end: the
# operating system's figure for a child (wait4) includes the memory of the test process that
# forked it, and this one holds 50 MB inputs.
LAUNCHER = r"""
import os, sys
sys.argv = ["ipcli"] + sys.argv[1:]
from ipcli.cli.main import main
code = main()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:
    pass
peak = next((line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")), "0")
with open(os.environ["IPCLI_PEAK_FILE"], "w") as f:
    f.write(peak)
os._exit(code)
"""


def _run(args: list[str], cwd: Path) -> tuple[int, float, float, str, str]:
    """Exit code, wall seconds and peak resident memory (MB) of one ipcli process."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".peak") as peak,
    ):
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "IPCLI_PEAK_FILE": peak.name}
        env.pop("CI", None)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        try:
            code = proc.wait(timeout=MAX_SECONDS * 4)  # a hang fails the bound, not the suite
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        kb = peak.read().strip()
        return (
            code,
            seconds,
            int(kb) / 1024 if kb.isdigit() else float("nan"),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def _snapshot(repo: Path) -> dict[str, str]:
    """Every file in the work tree (not .git) with a hash of its bytes, links as their target."""
    seen = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        if path.is_symlink():
            seen[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def _make_repo(case: Case, where: Path) -> Path:
    repo = where / "repo"
    (repo / "plans").mkdir(parents=True)
    (repo / "ipcli.toml").write_text('profile = "dk-sel141"\nlanguage = "da"\n', encoding="utf-8")
    data = case.make()
    if case.symlink_outside:
        outside = where / "elsewhere" / f"{PLAN_ID}.yaml"
        outside.parent.mkdir()
        outside.write_bytes(data)
        (repo / PLAN).symlink_to(outside)
    else:
        (repo / PLAN).write_bytes(data)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A plan")
    return repo


def _expected_codes(case: Case, key: str) -> set[int]:
    if key in LINTS:
        return {0 if case.outcome == CLEAN else 1}  # an unusable file is one of lint's findings
    if key.startswith("due"):  # a plan that does not read is listed first, and is a finding
        return {0} if case.outcome == CLEAN else {1} if case.outcome == UNUSABLE else {0, 1}
    if case.symlink_outside and key in NAMES_THE_PLAN:
        return {2}  # ipcli does not read it, and says so
    if case.outcome == UNUSABLE and key in NEEDS_THE_PLAN:
        return {2}  # the plan cannot be used: a command that needs it says so
    if key in NEEDS_THE_PLAN and case.outcome == FINDINGS:
        return {0, 2}  # a plan with errors is refused ("run ipcli lint"), one with warnings is not
    if key in EDITS:
        return {0, 2}  # an edit may be refused (the file would not survive the round trip)
    return {0}


def _one_clear_line(run: Run) -> None:
    text = run.out + run.err
    assert "Traceback" not in text and "internal error" not in text, f"{run.key}: {text[-2000:]}"
    if run.code == 2:
        problems = [
            ln for ln in (run.out + "\n" + run.err).splitlines() if " error " in ln or ln.startswith("ipcli:")
        ]
        assert problems, f"{run.key}: exit 2 without saying why: {text[-500:]}"
        assert len(problems[0]) < 400, f"{run.key}: not one clear line: {problems[0][:500]}"
        if run.key not in LINTS:
            said = [ln for ln in run.err.splitlines() if ln.strip()]
            assert len(said) == 1, f"{run.key}: more than one line: {said[:5]}"


_TABLE: dict[str, dict[str, object]] = {}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    repo = _make_repo(case, tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _snapshot(repo)

    def one(key: str) -> Run:
        (out_dir / key).mkdir()
        args = [a.replace("OUT", str(out_dir / key)) if a.startswith("OUT") else a for a in COMMANDS[key]]
        # edits and reads must not overlap: edits run after the others, one at a time
        return Run(key, *_run(args, repo))

    reads = [k for k in COMMANDS if k not in EDITS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(one, reads))
    assert _snapshot(repo) == before, "a read-only command changed the repository"
    for key in sorted(EDITS):
        run = one(key)
        runs.append(run)
        if run.code != 0:
            assert _snapshot(repo) == before, f"{key} failed with {run.code} and changed the repository"
        else:
            git(repo, "checkout", "-q", "--", ".")  # the next edit starts from the same file
            assert _snapshot(repo) == before

    for run in runs:
        expected = _expected_codes(case, run.key)
        assert run.code in expected, (
            f"{run.key}: exit {run.code}, expected {expected}: {(run.out + run.err)[-600:]}"
        )
        _one_clear_line(run)
        assert run.seconds <= MAX_SECONDS, f"{run.key}: {run.seconds:.1f} s"
        assert run.peak_mb <= MAX_PEAK_MB, f"{run.key}: {run.peak_mb:.0f} MB"  # nan (no report) fails too
    lint = next(r for r in runs if r.key == "lint")
    if case.says:
        assert case.says.lower() in (lint.out + lint.err).lower(), f"lint said: {(lint.out + lint.err)[:600]}"
    for key, check in case.checks.items():
        if key.startswith(("render-html", "site")):
            texts = [p.read_text(encoding="utf-8") for p in (out_dir / key).rglob("*.html")]
            assert texts, f"{key} wrote nothing to check"
            for text in texts:
                check(text)
        else:
            check(next(r for r in runs if r.key == key).out)

    _TABLE[case.name] = {
        "outcome": case.outcome,
        "lint": lint.code,
        "said": (lint.out + lint.err).strip().splitlines()[0][:160] if (lint.out + lint.err).strip() else "",
        "slowest": max(runs, key=lambda r: r.seconds).key,
        "seconds": round(max(r.seconds for r in runs), 2),
        "peak_mb": round(max(r.peak_mb for r in runs), 1),
        "heaviest": max(runs, key=lambda r: r.peak_mb).key,
        "commands": len(runs),
    }
    table = os.environ.get("IPCLI_HOSTILE_TABLE")
    if table:
        Path(table).write_text(json.dumps(_TABLE, indent=1, ensure_ascii=False), encoding="utf-8")


def test_the_corpus_is_large_enough_and_named_once() -> None:
    names = [c.name for c in CASES]
    assert len(names) >= 30 and len(set(names)) == len(names)
    assert (ROOT / "examples").is_dir()
