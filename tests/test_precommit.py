"""The pre-commit hooks, run by the real pre-commit tool against a sample plans repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, git

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a dev dependency")
def test_try_repo_lint_hook(tmp_path: Path) -> None:
    repo = tmp_path / "plans"
    shutil.copytree(EXAMPLES, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "IP_TODAY": "2026-06-10"}
    cmd = [str(PRE_COMMIT), "try-repo", str(ROOT), "ipcli-lint", "--all-files"]
    good = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert good.returncode == 0, good.stdout[-2000:] + good.stderr[-2000:]
    assert "ipcli lint" in good.stdout and "Passed" in good.stdout
    plan = repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("outcome: continue", "outcome: maybe", 1), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "a typo")
    bad = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1 and "Failed" in bad.stdout
    assert "IP104" in bad.stdout
