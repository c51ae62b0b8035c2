"""Commit one plan file, and nothing else that happens to be staged, under the user's identity."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ipcli.errors import UserError


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)


def commit_file(root: Path, file: Path, message: str) -> str:
    """`git commit --only` of this one file; returns the new commit's short id."""
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise UserError("--commit needs a git repository", "run `git init` (or `ipcli init`) first")
    if _git(root, "var", "GIT_AUTHOR_IDENT").returncode != 0:
        raise UserError(
            "git does not know who you are, so it cannot commit",
            'set it: git config user.name "Your Name"; git config user.email you@example.org',
        )
    rel = file.resolve().relative_to(root.resolve()).as_posix()
    added = _git(root, "add", "--", rel)
    if added.returncode != 0:
        raise UserError(f"git could not add {rel}: {added.stderr.strip()}")
    done = _git(root, "commit", "--only", "-q", "-m", message, "--", rel)
    if done.returncode != 0:
        raise UserError(f"git could not commit {rel}: {(done.stderr or done.stdout).strip()}")
    return _git(root, "rev-parse", "--short", "HEAD").stdout.strip()
