"""Commit one plan file, and nothing else, under the user's identity — all or nothing.

Everything that can make the commit fail is checked before the plan is written (git present, an
identity, no merge, rebase, cherry-pick or revert in progress, no other git command holding the
index, no earlier uncommitted change to the file). The commit itself is `git commit --only` of
that one path: git builds it from HEAD and the file alone, so what others have staged stays
staged and out of the commit, and a commit that fails (a pre-commit hook says no) leaves the
index as it was. The caller then puts the file back as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ipcli.errors import UserError
from ipcli.language.i18n import N_, tr
from ipcli.store.git import LONG_SECONDS, Done, GitError, available, run
from ipcli.store.identity import chosen_identity

# what git leaves in its folder while an operation that a commit would disturb is under way
_IN_PROGRESS = (
    ("MERGE_HEAD", N_("commit.merging"), N_("commit.merging.hint")),
    ("rebase-merge", N_("commit.rebasing"), N_("commit.rebasing.hint")),
    ("rebase-apply", N_("commit.rebasing"), N_("commit.rebasing.hint")),
    ("CHERRY_PICK_HEAD", N_("commit.picking"), N_("commit.picking.hint")),
    ("REVERT_HEAD", N_("commit.reverting"), N_("commit.reverting.hint")),
)


@dataclass(frozen=True)
class Ready:
    """A commit that was checked and can be made: the file's path as git names it."""

    root: Path
    rel: str
    tracked: bool


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> Done:
    # a commit is the user's own git action: it runs as git runs it (hooks, filters, signing);
    # LONG_SECONDS because the user's pre-commit hook may check the whole repository
    try:
        return run(root, *args, env=env, check=False, deliberate=True, timeout=LONG_SECONDS)
    except GitError as e:
        if e.kind == "timeout":
            raise UserError(tr("commit.timeout")) from None
        raise UserError(tr("commit.no_git_run", why=e.detail or e.kind)) from None


def _first_line(result: Done) -> str:
    lines = [ln.strip() for ln in (result.err or result.text).splitlines() if ln.strip()]
    text = next(
        (ln for ln in lines if ln.lower().startswith(("fatal:", "error:"))), lines[0] if lines else ""
    )
    for prefix in ("fatal: ", "error: "):
        text = text.removeprefix(prefix)
    return text[:200] or tr("commit.exited", code=result.returncode)


def prepare(root: Path, file: Path, shown: str, new: bool = False) -> Ready:
    """Check, before anything is written, that a commit of this one file can be made."""
    work = prepare_repository(root)
    try:
        rel = file.resolve().relative_to(work.resolve()).as_posix()
    except ValueError:
        raise UserError(tr("commit.outside", shown=shown)) from None
    tracked = _git(root, "ls-files", "--error-unmatch", "--", rel).returncode == 0
    if new:
        if tracked:
            raise UserError(tr("commit.already", shown=shown))
        return Ready(root, rel, tracked=False)
    if not tracked:
        raise UserError(tr("commit.untracked", shown=shown), tr("commit.untracked.hint", rel=rel))
    has_head = _git(root, "rev-parse", "--verify", "-q", "HEAD").returncode == 0
    changed = _git(root, "diff", "--quiet", "HEAD" if has_head else "--cached", "--", rel)
    if changed.returncode != 0:
        raise UserError(tr("commit.changed", shown=shown), tr("commit.changed.hint", rel=rel))
    return Ready(root, rel, tracked=True)


def prepare_repository(root: Path) -> Path:
    """The checks for the whole repository: git, an identity, nothing in progress, the index
    free. Returns the top of the work tree."""
    if not available():
        raise UserError(tr("commit.no_git"), tr("commit.no_git.hint"))
    top = _git(root, "rev-parse", "--show-toplevel", "--absolute-git-dir")
    if top.returncode != 0:
        raise UserError(tr("commit.no_repository"), tr("commit.no_repository.hint"))
    lines = top.text.splitlines()
    work, git_dir = Path(lines[0]), Path(lines[1])
    # the identity the user chose, never git's guess from the login and the machine (as init)
    if not chosen_identity(root):
        raise UserError(tr("commit.no_identity"), tr("commit.no_identity.hint"))
    for name, what, hint in _IN_PROGRESS:
        if (git_dir / name).exists():
            raise UserError(tr("commit.in_progress", what=tr(what)), tr(hint))
    if (git_dir / "index.lock").exists():
        raise UserError(tr("commit.index_lock"), tr("commit.index_lock.hint"))
    return work


def commit(ready: Ready, message: str, today: dt.date | None = None) -> str:
    """Commit the file (only it); returns the new commit's short id. On failure nothing is
    committed and the index is as it was; the caller restores the file. With `today`, the
    repository's hooks get it as IP_TODAY: the pre-commit hook's `ipcli lint` judges the plan on
    the day the command was given (--today), not on the clock's (an evaluation recorded with
    --today 2027-03-01 is not "after today" to the check that gates its commit)."""
    if not ready.tracked:
        added = _git(ready.root, "add", "--intent-to-add", "--", ready.rel)
        if added.returncode != 0:
            raise UserError(tr("commit.add_failed", rel=ready.rel, why=_first_line(added)))
    env = {"IP_TODAY": today.isoformat()} if today is not None else None
    done = _git(ready.root, "commit", "--only", "-q", "-m", message, "--", ready.rel, env=env)
    if done.returncode != 0:
        if not ready.tracked:
            _git(ready.root, "rm", "--cached", "-q", "--", ready.rel)
        why = _first_line(done)
        if "cannot lock ref" in why or "index.lock" in why:  # another commit at the same moment
            raise UserError(tr("commit.raced", rel=ready.rel), tr("commit.raced.hint"))
        raise UserError(tr("commit.failed", rel=ready.rel, why=why))
    return _git(ready.root, "rev-parse", "--short", "HEAD").text.strip()
