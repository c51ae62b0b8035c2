"""The one way ipcli puts a file on disk: a temporary file beside the target, flushed (and with
`durable`, synced), then renamed over the target, or with `exclusive`, linked to a name that
must not exist yet. The temporary file is removed on any failure, an interrupt (Ctrl-C) too,
so no copy of a plan's text is ever left behind under a hidden name.

This module decides nothing about *where* writing is allowed: that is `ipcli.store.outfile`'s job.
It imports only the standard library's `os`, because the cache writes through it on every run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import BinaryIO

Content = bytes | Callable[[BinaryIO], object]


def replace(
    path: str | os.PathLike[str],
    content: Content,
    *,
    durable: bool = True,
    mode: int = 0o644,
    exclusive: bool = False,
    prefix: str | None = None,
) -> None:
    """Write `content` (bytes, or a function that writes to the open binary file) to `path`.

    `exclusive`: the path must not exist, also not when another process makes it while this one
    writes (the finished file is hard-linked into place, which fails on an existing name); the
    loser gets FileExistsError. Without it the target is replaced whole.
    Raises OSError; the target is then as it was."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    stem = prefix if prefix is not None else f".{name}."
    fd, tmp = _temporary(folder or ".", stem)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(content, bytes):
                f.write(content)
            else:
                content(f)
            f.flush()
            if durable:  # output that can be made again (a rendered site) skips the disk sync
                os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if exclusive:
            _link_new(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt and SystemExit too: never leave the copy behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        sync_folder(folder or ".")


def _temporary(folder: str, stem: str) -> tuple[int, str]:
    """A new file only this process has opened (O_EXCL), readable by its owner only until done."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f"{stem}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _link_new(tmp: str, path: str) -> None:
    """Put the finished file at `path` only if nothing is there (a hard link never replaces)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: claim the name first, then fill it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(fd)
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def sync_folder(folder: str) -> None:
    """Make a rename in `folder` itself durable (where the system allows opening a folder)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
