"""Who the user is to git: `user.email`, which `--mine` matches to the plans' participants."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ipcli.store.git import GitError, run


def git_user_email(root: Path) -> str | None:
    """git's user.email for this repository (what `--mine` matches), or None."""
    try:
        return run(root, "config", "user.email", check=False).text.strip() or None
    except GitError:
        return None


def chosen_identity(root: Path, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the user told git who they are: a name and an e-mail address for the author and
    the committer, each from git's environment variables or its configuration. Not git's own
    guess from the login and the machine's name (`root <root@vm>`), which `git var` accepts."""
    env = os.environ if environ is None else environ

    def configured(key: str) -> bool:
        try:
            return bool(run(root, "config", key, check=False).text.strip())
        except GitError:
            return False

    for role in ("author", "committer"):
        for part in ("name", "email"):
            if env.get(f"GIT_{role.upper()}_{part.upper()}", "").strip():
                continue
            if not (configured(f"{role}.{part}") or configured(f"user.{part}")):
                return False
    return True
