"""git's less common states get messages that say what is going on, not "not a git repository"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PINNED_TODAY, git


def _ipcli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_safe_directory_refusal_is_named(plans_repo: Path) -> None:
    # git's own switch for "this folder belongs to someone else" (what root's or a shared
    # folder's ownership gives), so the test needs no second user
    done = _ipcli(plans_repo, "log", "p-0042", "--today", PINNED_TODAY, GIT_TEST_ASSUME_DIFFERENT_OWNER="1")
    assert done.returncode == 2, done.stderr
    assert "safe.directory" in done.stderr and "git init" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_bare_repository_is_named(plans_repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(plans_repo), str(bare))
    done = _ipcli(tmp_path, "log", "p-0042", "--repo", str(bare), "--today", PINNED_TODAY)
    assert done.returncode == 2, done.stderr
    assert "bare repository" in done.stderr and "git init" not in done.stderr
