"""A cache of what each plan file yields, keyed by its path and git blob id.

It lives under the repository's git directory (never in the work tree), is one file written to a
temporary name and renamed into place (two runs at once each write a whole, valid file; the last
one wins), and carries a fingerprint of ipcli's version, the schema and the repository's settings:
a change to any of them, a corrupt file or a foreign one means it is ignored and rebuilt.
Tracked, unchanged files take their blob id from git's index; modified and untracked files are
hashed the way `git hash-object` does.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcli import __version__
from ipcli.gitfiles import Listing, git_output

if TYPE_CHECKING:
    from hashlib import sha1
else:
    try:  # CPython's built-in SHA-1: hashlib loads OpenSSL first (3 ms of every warm run)
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - Pythons built without it
        from hashlib import sha1

FORMAT = "ipcli-cache-1"
_ENGINE = "rules-1"  # bump when rules change what a file yields without a version change


def git_blob_id(data: bytes) -> str:
    """`git hash-object` of these bytes."""
    return sha1(b"blob %d\0" % len(data) + data).hexdigest()


def fingerprint(config_bytes: bytes) -> str:
    h = sha1()
    for part in (FORMAT, __version__, _ENGINE):
        h.update(part.encode())
    # the schema beside this module (a file in the wheel; importlib.resources would cost 3 ms)
    h.update(Path(__file__).with_name("schemas").joinpath("plan.schema.json").read_bytes())
    h.update(config_bytes)
    return h.hexdigest()


class Cache:
    """Entries: (relative path, blob id) -> a FileResult in plain form."""

    def __init__(self, file: Path, stamp: str, entries: dict[tuple[str, str], Any]) -> None:
        self.file = file
        self.stamp = stamp
        self.entries = entries
        self.used: dict[tuple[str, str], Any] = {}
        self.changed = False

    @classmethod
    def open(cls, root: Path, config_bytes: bytes) -> Cache | None:
        """The repository's cache, or None unless root is the top of a git work tree (a folder
        inside some other repository is not ours to write into)."""
        dot_git = root / ".git"
        if dot_git.is_dir():
            git_dir = dot_git
        elif dot_git.is_file():  # a linked work tree or a submodule: ask git where its data is
            found = git_output(root, "rev-parse", "--git-dir")
            if found is None:
                return None
            git_dir = (root / found.strip()).resolve()
        else:
            return None
        file = git_dir / "ipcli" / "cache.marshal"
        stamp = fingerprint(config_bytes)
        entries: dict[tuple[str, str], Any] = {}
        try:
            with open(file, "rb") as f:
                data = marshal.loads(f.read())  # marshal.load(f) reads in small pieces: 10x slower
            if (
                isinstance(data, tuple)
                and len(data) == 3
                and data[:2] == (FORMAT, stamp)
                and isinstance(data[2], dict)
            ):
                entries = data[2]
        except (OSError, EOFError, ValueError, TypeError):
            entries = {}  # missing, corrupt or foreign: rebuild
        return cls(file, stamp, entries)

    def get(self, key: tuple[str, str]) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: tuple[str, str], value: Any) -> None:
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        """Keep what this run used (so entries of deleted or changed files fall away)."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        import tempfile

        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=self.file.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump((FORMAT, self.stamp, self.used), f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.file)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # a cache that cannot be written is only slower, never wrong


def blob_ids(root: Path, known: Listing | None, rels: list[str]) -> dict[str, str]:
    """Blob ids of the given files (paths relative to root): git's index for tracked, unchanged
    files; the bytes on disk, hashed like git, for changed or untracked ones."""
    if known is None:
        return {}
    out = {}
    for rel in rels:
        blob = known.tracked.get(rel)
        if blob is None:
            try:
                blob = git_blob_id((root / rel).read_bytes())
            except OSError:
                continue
        out[rel] = blob
    return out
