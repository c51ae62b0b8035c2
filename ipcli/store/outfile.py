"""The checked writer: every file ipcli writes for a command goes through here (render, the site,
PDFs, export, due and stats with `-o`, `init`'s files, `new`'s plan). Three entry points, one
rule each, and all of them put bytes on disk with `ipcli.store.atomic.replace` (a temporary file
beside the target, synced, renamed; removed on any failure or interrupt):

- `output_target(...).write(data)` — what a user names with `-o`: a file, replaced whole, or a
  stream, written through and never replaced;
- `out_folder(...).write(name, data)` — the files ipcli names itself inside a folder the user
  named (`render --all --out DIR`);
- `create_new(...)` — a file that must not exist yet (`new`'s plan, `init`'s files): made
  exclusively, so of two runs at once one fails instead of replacing the other's file.

Plan edits (evaluate, revise, …) are the one legitimate rewrite of a plan file: they use
`ipcli.edits.edit.write_atomically`, the same primitive without the refusal of plan files.

What is refused (exit 2, one line naming the path and why; nothing written):
- a plan file of the repository (a link to one too: the real path is what counts);
- anything inside a `.git` folder, or inside the repository's git directory, also reached
  through a symbolic link or `..`;
- a folder where a file is meant, and a device node, named pipe or socket outside `/dev`: a
  pipe planted in a shared folder would hand the plan to whoever reads its other end;
- a file ipcli names itself (a site page, a per-plan PDF, a new plan) whose folder leads out of
  the folder it belongs in (a symbolic link).

"Named explicitly": a path the user types is theirs to choose, inside the working folder or
not. Streams are named explicitly too: `-`, `/dev/stdout` and `/dev/stderr` (and `/dev/fd/N`,
`/proc/self/fd/N`) write to that stream of this process as it is, so `>> log.md` appends and a
pipe gets the bytes; any other device or pipe under `/dev` (`/dev/null`, `/dev/tty`) is opened
and written to, never replaced.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ipcli.errors import UserError
from ipcli.language.i18n import tr
from ipcli.store import atomic

_FD_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2}
_FD_FOLDERS = ("/dev/fd/", "/proc/self/fd/")


def _stream_fd(typed: str) -> int | None:
    """The file descriptor a stream name stands for: `-`, /dev/stdout, /dev/fd/N …"""
    if typed == "-":
        return 1
    name = os.path.normpath(typed) if typed.startswith("/") else typed
    if name in _FD_NAMES:
        return _FD_NAMES[name]
    for folder in _FD_FOLDERS:
        if name.startswith(folder) and name[len(folder) :].isdigit():
            return int(name[len(folder) :])
    return None


def _git_dir_of(root: Path | None) -> Path | None:
    if root is None:
        return None
    from ipcli.store.git import git_dir

    found = git_dir(root)
    return Path(os.path.realpath(found)) if found is not None else None


def _in_git(real: Path, root: Path | None) -> bool:
    if ".git" in real.parts:
        return True
    top = _git_dir_of(root)
    return top is not None and (real == top or top in real.parents)


def _real_plans(plans: Iterable[str]) -> set[str]:
    return {os.path.realpath(p) for p in plans}


def _mode(real: Path, shown: str) -> int | None:
    try:
        return os.stat(real).st_mode
    except (FileNotFoundError, NotADirectoryError):  # not there (yet): making it says why not
        return None
    except OSError as e:
        raise UserError(tr("error.out_cannot", shown=shown, why=e.strerror)) from None


@dataclass(frozen=True)
class OutputTarget:
    """What `-o` names, checked: a file to replace (`real`) or a stream to write through."""

    shown: str
    real: Path | None = None  # the file (or device under /dev) to write
    fd: int | None = None  # a stream of this process: `-`, /dev/stdout, /dev/fd/N
    device: bool = False  # a character device or pipe under /dev: opened, never replaced

    def write(
        self, data: bytes, root: Path | None = None, plans: Iterable[str] = (), binary: bool = False
    ) -> None:
        """Write `data`; a file target is checked again first (a link made meanwhile). Text (not
        `binary`, a PDF is) going to a stream or a device is neutralised like everything ipcli
        prints (ipcli/language/safe.py): plan text cannot drive the terminal through `-o -`."""
        if self.fd is not None:
            _write_fd(self.fd, data, self.shown, binary)
            return
        assert self.real is not None
        if self.device:
            _write_device(self.real, data, self.shown, binary)
            return
        _check_file(Path(os.path.realpath(self.real)), self.shown, root, _real_plans(plans))
        try:
            atomic.replace(self.real, data, mode=_kept_mode(self.real))
        except OSError as e:
            raise UserError(tr("error.out_failed", shown=self.shown, why=e.strerror or e)) from None


def output_target(target: Path | str, cwd: Path, root: Path | None, plans: Iterable[str]) -> OutputTarget:
    """Check what `-o` names before any work is done (see the module's docstring)."""
    typed = str(target)
    fd = _stream_fd(typed)
    if fd is not None:
        return OutputTarget(typed, fd=fd)
    real = Path(os.path.realpath(cwd / typed))
    mode = _mode(real, typed)
    in_dev = os.path.normpath(cwd / typed).startswith("/dev/") and real.parts[:2] == ("/", "dev")
    if mode is not None and in_dev and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        return OutputTarget(typed, real=real, device=True)
    _check_file(real, typed, root, _real_plans(plans))
    return OutputTarget(typed, real=real)


def _check_file(real: Path, shown: str, root: Path | None, plans: set[str]) -> None:
    """Refuse a file target that must not be written (see the module's docstring)."""
    if _in_git(real, root):
        raise UserError(tr("error.out_in_git", shown=shown), tr("error.out_elsewhere"))
    if str(real) in plans:
        raise UserError(tr("error.out_is_plan", shown=shown), tr("error.out_other_file"))
    mode = _mode(real, shown)
    if mode is None or stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise UserError(tr("error.out_is_folder", shown=shown), tr("error.out_example"))
    raise UserError(tr("error.out_device", shown=shown), tr("error.out_example"))


def _kept_mode(path: Path) -> int:
    """A replaced file keeps its permissions; a new one is 0644."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o644


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_fd(fd: int, data: bytes, shown: str, binary: bool) -> None:
    """A stream of this process, as it is: `>> log.md` appends, a pipe gets the bytes."""
    stream = sys.stdout if fd == 1 else sys.stderr if fd == 2 else None
    try:
        if stream is not None and not binary:  # through ipcli's own neutralising stream
            stream.write(data.decode("utf-8", "replace"))
            stream.flush()
            return
        if stream is not None:
            stream.flush()
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                buffer.write(data)
                buffer.flush()
                return
        _write_all(fd, data if binary else _neutralised(fd, data))
    except OSError as e:
        raise UserError(tr("error.out_failed", shown=shown, why=e.strerror or e)) from None


def _neutralised(fd: int, data: bytes) -> bytes:
    from ipcli.language.safe import neutralise, neutralise_for_terminal

    clean = neutralise_for_terminal if os.isatty(fd) else neutralise
    return clean(data.decode("utf-8", "replace")).encode("utf-8")


def _write_device(real: Path, data: bytes, shown: str, binary: bool) -> None:
    """A terminal, a pipe or a device under /dev: opened and written to, never replaced."""
    try:
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            if not (stat.S_ISCHR(os.fstat(fd).st_mode) or stat.S_ISFIFO(os.fstat(fd).st_mode)):
                raise UserError(tr("error.out_device", shown=shown), tr("error.out_example"))
            _write_all(fd, data if binary else _neutralised(fd, data))
        finally:
            os.close(fd)
    except OSError as e:
        raise UserError(tr("error.out_failed", shown=shown, why=e.strerror or e)) from None


@dataclass(frozen=True)
class OutFolder:
    """A folder the user named for many files (a site, one PDF per plan), checked and made.
    Picklable: the forked workers of `render --all` write through it."""

    real: Path
    shown: str
    git_dir: Path | None
    plans_inside: frozenset[str]  # plan files inside it (almost always none)

    def path(self, name: str) -> Path:
        return self.real / name

    def write(self, name: str, content: atomic.Content) -> Path:
        """Write `name` (e.g. "plans/p-0042.html") inside the folder; refused if its folder
        leads elsewhere or it is a plan file."""
        path = self.real / name
        shown = f"{self.shown.rstrip('/')}/{name}"
        parent = Path(os.path.realpath(path.parent))
        if parent != self.real and self.real not in parent.parents:
            raise UserError(tr("error.write_outside", path=shown, folder=self.shown))
        if ".git" in parent.parts or (
            self.git_dir is not None and (parent == self.git_dir or self.git_dir in parent.parents)
        ):
            raise UserError(tr("error.write_in_git", path=shown))
        if os.path.realpath(path) in self.plans_inside:
            raise UserError(tr("error.write_is_plan", path=shown))
        try:
            atomic.replace(path, content, durable=False)  # a site can be made again: no disk sync
        except OSError as e:
            raise UserError(tr("error.out_failed", shown=shown, why=e.strerror or e)) from None
        return path

    def make(self, name: str) -> None:
        """Make a subfolder (e.g. plans/); refused if it is a link that leads out."""
        make_folder(self.real / name)
        real = Path(os.path.realpath(self.real / name))
        if real != self.real and self.real not in real.parents:
            raise UserError(
                tr("error.write_outside", path=f"{self.shown.rstrip('/')}/{name}", folder=self.shown)
            )


def out_folder(target: Path | str, cwd: Path, root: Path | None, plans: Iterable[str]) -> OutFolder:
    """Check and make the folder `--out` names."""
    typed = str(target)
    if _stream_fd(typed) is not None:
        raise UserError(tr("error.out_not_folder", shown=typed))
    real = Path(os.path.realpath(cwd / typed))
    if _in_git(real, root):
        raise UserError(tr("error.write_in_git", path=typed), tr("error.out_elsewhere"))
    mode = _mode(real, typed)
    if mode is not None and not stat.S_ISDIR(mode):
        raise UserError(tr("error.out_not_folder", shown=typed))
    make_folder(real)
    prefix = str(real) + os.sep
    inside = frozenset(p for p in _real_plans(plans) if p.startswith(prefix))
    return OutFolder(real, typed, _git_dir_of(root), inside)


def check_new_folder(target: Path, shown: str) -> None:
    """A folder `init` fills: not inside git's own folder, and not a file or a device."""
    real = Path(os.path.realpath(target))
    if _in_git(real, None):
        raise UserError(tr("error.write_in_git", path=shown))
    mode = _mode(real, shown)
    if mode is not None and not stat.S_ISDIR(mode):
        raise UserError(tr("error.out_not_folder", shown=shown))


def create_new(path: Path, data: bytes, shown: str, base: Path, root: Path | None = None) -> None:
    """Make a file that must not exist yet, inside `base` (the repository, the folder `init`
    fills): of two runs at once, one fails (exit 2) instead of replacing the other's file."""
    parent = Path(os.path.realpath(path.parent))
    real_base = Path(os.path.realpath(base))
    if parent != real_base and real_base not in parent.parents:
        raise UserError(tr("error.write_outside", path=shown, folder=str(base)))
    if ".git" in parent.relative_to(real_base).parts or _in_git(parent / path.name, root):
        raise UserError(tr("error.write_in_git", path=shown))
    try:
        atomic.replace(parent / path.name, data, exclusive=True)
    except FileExistsError:
        raise UserError(tr("error.exists", path=shown)) from None
    except OSError as e:
        raise UserError(tr("error.out_failed", shown=shown, why=e.strerror or e)) from None


def make_folder(folder: Path) -> None:
    """A folder (and its parents) to write into; one that cannot be made (a read-only folder, a
    file in the way) is a usage error, not a crash."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(
            tr("error.cannot_make_folder", folder=str(folder), reason=e.strerror or str(e))
        ) from None
