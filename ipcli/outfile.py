"""Where `-o` writes (render, export): to a file, replaced whole and atomically, or through to a
terminal, a pipe or a character device, which are opened and written to, never replaced.

A symbolic link is followed: the link stays, and what it leads to is written. Where it leads is
what the checks look at: a plan file of the repository and anything inside a `.git` folder are
refused, so `-o` can never overwrite a plan or git's own data.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ipcli.errors import UserError
from ipcli.i18n import tr


def check_target(target: Path, shown: str, root: Path | None, plans: Iterable[str]) -> Path:
    """The real path `-o` would write, after refusing what it must not write."""
    real = Path(os.path.realpath(target))
    if ".git" in real.parts or (root is not None and _inside_git_dir(real, root)):
        raise UserError(tr("error.out_in_git", shown=shown), tr("error.out_elsewhere"))
    plan_files = {os.path.realpath(p) for p in plans}
    if str(real) in plan_files:
        raise UserError(tr("error.out_is_plan", shown=shown), tr("error.out_other_file"))
    return real


def _inside_git_dir(real: Path, root: Path) -> bool:
    from ipcli.lock import _git_dir

    git_dir = _git_dir(root)
    if git_dir is None:
        return False
    top = Path(os.path.realpath(git_dir))
    return real == top or top in real.parents


def write_output(target: Path, data: bytes, shown: str, root: Path | None, plans: Iterable[str]) -> None:
    """Write `data` to what `-o` names (see the module's docstring)."""
    real = check_target(target, shown, root, plans)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise UserError(tr("error.out_cannot", shown=shown, why=e.strerror)) from None
    if mode is None or stat.S_ISREG(mode):
        from ipcli.edit import write_atomically

        write_atomically(real, data)
        return
    if stat.S_ISDIR(mode):
        raise UserError(tr("error.out_is_folder", shown=shown), tr("error.out_example"))
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise UserError(tr("error.out_odd", shown=shown))
    try:  # a terminal, a pipe or a device: written through, never replaced
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    except OSError as e:
        raise UserError(tr("error.out_failed", shown=shown, why=e.strerror or e)) from None
