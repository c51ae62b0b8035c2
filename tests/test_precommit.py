"""The pre-commit hooks, run by the real pre-commit tool against a sample plans repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, Cli, git

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


@pytest.mark.slow
@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a dev dependency")
def test_try_repo_lint_hook(tmp_path: Path) -> None:
    repo = tmp_path / "plans"
    shutil.copytree(EXAMPLES, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "IP_TODAY": "2026-11-23"}
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


@pytest.mark.slow
@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a dev dependency")
def test_a_repository_made_by_init_lints_in_pre_commit(cli: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "new-repo"
    assert cli(["init", str(repo), "--profile", "dk-sel141"], cwd=tmp_path).exit_code == 0
    git(repo, "config", "user.name", "Jonas Holm")
    git(repo, "config", "user.email", "jonas@example.org")
    assert (
        cli(
            ["new", "p-0001", "--unit", "solbakken", "--person", "NN", "--today", "2026-11-23"], cwd=repo
        ).exit_code
        == 0
    )
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "home"),
        "IP_TODAY": "2026-11-23",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    git(repo, "add", "-A")
    good = subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert good.returncode == 0, good.stdout[-2000:]
    plan = repo / "plans" / "solbakken" / "p-0001.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: draft", "status: drafted"), encoding="utf-8"
    )
    git(repo, "add", "-A")
    bad = subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1 and "IP104" in bad.stdout
    # the GitHub workflow ipcli init wrote runs `ipcli lint`, which annotates inside Actions
    workflow = (repo / ".github" / "workflows" / "ipcli.yml").read_text(encoding="utf-8")
    assert "- run: ipcli lint" in workflow
    annotated = cli(["lint", "--today", "2026-11-23"], cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert annotated.stdout.startswith("::error file=plans/solbakken/p-0001.yaml,line=")
