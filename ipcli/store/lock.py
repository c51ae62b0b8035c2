"""One writer at a time per plan: a lock taken before a plan is read for an edit and released
when the command ends, however it ends.

The lock is an operating-system lock (flock) on a small file in the repository's `.git` folder
(beside the plan when there is no git folder), so a process that dies releases it with it: a lock
left behind is never stale. A second writer waits a few seconds for the first, then reads the plan
as the first left it; if the first takes longer, the second is refused in one line.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ipcli.errors import UserError
from ipcli.language.i18n import tr
from ipcli.store.git import git_dir as find_git_dir

WAIT_SECONDS = 10.0


def lock_path(root: Path, file: Path) -> Path:
    """Where the lock for `file` lives: in the git folder, so it never shows as a change."""
    git_dir = find_git_dir(root)
    if git_dir is None:
        return file.with_name(f".{file.name}.lock")
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = str(file.resolve())
    return git_dir / f"ipcli-edit-{hashlib.sha1(rel.encode()).hexdigest()[:16]}.lock"


@contextlib.contextmanager
def plan_lock(root: Path, file: Path, shown: str, wait: float | None = None) -> Iterator[None]:
    """Hold the plan's lock for the duration of the block. A second writer waits `wait` seconds
    (IPCLI_LOCK_WAIT, else 10) for the first before it is refused."""
    if wait is None:
        try:
            wait = float(os.environ.get("IPCLI_LOCK_WAIT", WAIT_SECONDS))
        except ValueError:
            wait = WAIT_SECONDS
    path = lock_path(root, file)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:
            raise UserError(tr("error.lock_failed", shown=shown, lock=path.name, why=e.strerror)) from None
        if _try_lock(fd):
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except OSError:
                same = False
            if same:  # not a lock file the previous holder removed as we opened it
                break
        os.close(fd)
        if time.monotonic() >= deadline:
            raise UserError(tr("error.locked", shown=shown), tr("error.locked.hint"))
        time.sleep(0.02)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows has no flock
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
