"""The benchmark scripts work (CI runs them at a small size; timings are not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # every test here takes seconds: `-m 'not slow'` leaves them out

BENCH = ROOT / "benchmarks"


def test_generator_makes_valid_plans_with_history(tmp_path: Path) -> None:
    repo = tmp_path / "gen"
    subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(repo), "--plans", "30"],
        check=True,
        capture_output=True,
    )
    files = sorted(repo.glob("plans/**/*.yaml"))
    assert len(files) == 30
    log = subprocess.run(
        ["git", "log", "--format=%ae", "--", files[0].relative_to(repo).as_posix()],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(log) == 5 and len(set(log)) > 1  # five versions, several authors
    lint = subprocess.run(
        [sys.executable, "-m", "ipcli", "lint", "--today", "2026-11-23", "-f", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout[-2000:]  # deadlines only (info): the plans are valid
    assert '"IP30' in lint.stdout  # and some are overdue


def test_runner_prints_the_table(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "20", "--runs", "1", "--work", str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    assert "| lint cold | 20 |" in out and "| due 1% changed | 20 |" in out
    assert "| --help | 20 |" in out


def test_the_language_server_benchmark_runs(tmp_path: Path) -> None:
    args = ["--plans", "20", "--work", str(tmp_path), "--runs", "1", "--edits", "2"]
    out = subprocess.run(
        [sys.executable, str(BENCH / "lsp.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    for row in ("| ready |", "| change |", "| hover |", "| completion |", "| peak memory (server) |"):
        assert row in out.stdout
    for row in ("| first diagnostics |", "| index |", "| outline |", "| memory (server) |"):
        assert row in out.stdout
    assert "| measure | cold | warm | target |" in out.stdout
    assert "plan 30" in out.stdout  # the plan is padded to the target's 300 lines


def test_the_ab_benchmark_compares_two_revisions(tmp_path: Path) -> None:
    """benchmarks/ab.py in a clone of this repository (its worktree for the base goes there, not
    into the developer's repository), the base being the clone's own HEAD."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--shared", str(ROOT), str(clone)], check=True)
    for changed in ("benchmarks/ab.py", "benchmarks/run.py"):  # as in this checkout
        (clone / changed).write_bytes((ROOT / changed).read_bytes())
    work = tmp_path / "work"
    args = ["--base", "HEAD", "--sizes", "20", "--runs", "1", "--work", str(work)]
    out = subprocess.run(
        [sys.executable, str(clone / "benchmarks" / "ab.py"), *args],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    for row in ("| lint warm | 20 |", "| due warm, en | 20 |", "| floor: start-up (python, import typer)"):
        assert row in out.stdout
    assert "exit" not in out.stdout  # both versions ran every command
    assert (work / "plans-20-base").is_dir()
