"""Who the user is to git: `user.email`, which `--mine` matches to the plans' participants."""

from __future__ import annotations

from pathlib import Path

from ipcli.store.git import GitError, run


def git_user_email(root: Path) -> str | None:
    """git's user.email for this repository (what `--mine` matches), or None."""
    try:
        return run(root, "config", "user.email", check=False).text.strip() or None
    except GitError:
        return None
