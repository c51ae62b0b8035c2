"""A cache of what each plan file yields, keyed by its path and the git blob id of the very bytes
that were analysed.

It lives under the repository's git directory (never in the work tree) and is one file written
to a temporary name and renamed into place (two runs at once each write a whole, valid file; the
last one wins). Nothing in it is trusted on sight:

- the file carries a keyed hash (BLAKE2b) made with a secret that is kept per user outside the
  repository (`$XDG_CACHE_HOME/ipcli/cache-key`, else `~/.cache/ipcli/cache-key`); a cache written
  by someone else, copied from elsewhere (tar, a shared folder), edited or corrupt fails the check
  and is rebuilt. Only then are its bytes unmarshalled: `marshal` is fast but not safe against
  crafted data, so it never sees bytes this user's ipcli did not write;
- a fingerprint of the format, ipcli's version, the code that produces the entries (the content
  of every module and the schema), and the repository's settings: another build, even one with
  the same version number, or changed settings mean a rebuild;
- every entry is checked for shape before use (see results.checked); one that is not as this
  build writes them is analysed again. ipcli checks each entry before it stores it (a new result
  when it is made, an entry read from the file when it is read), and writes the file with a mark
  saying so, inside what the keyed hash covers: a file with the mark, which only this user's
  ipcli can have written, is not checked again entry by entry on every run (a fifth of a warm
  run at 10,000 plans); a file without it, entry by entry.

Tracked, unchanged files are looked up by the blob id in git's index; modified and untracked files
by their bytes hashed the way `git hash-object` does. A result is stored under the blob id of the
bytes the analysis read, never under an id taken before reading: a file saved while a run reads
it is cached under its new content, so the next run cannot be given a stale result.
A cache that cannot be read or written makes a run slower, never wrong, and never fails it.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcli import __version__
from ipcli.store.git import git_dir as find_git_dir
from ipcli.store.gitfiles import Listing
from ipcli.store.sealed import read_sealed, seal

if TYPE_CHECKING:
    from hashlib import blake2b, sha1
else:
    try:  # CPython's built-in hashes: hashlib loads OpenSSL first (3 ms of every warm run)
        from _blake2 import blake2b
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - Pythons built without them
        from hashlib import blake2b, sha1

FORMAT = b"ipcli-cache-2\n"

_KEY_SIZE = 32


def git_blob_id(data: bytes) -> str:
    """`git hash-object` of these bytes."""
    return sha1(b"blob %d\0" % len(data) + data).hexdigest()


def code_fingerprint() -> bytes:
    """A hash of the code and data that produce cache entries: every module of the package (the
    command-line and output layers too: cheaper to include than to keep a list right) and the
    schema. Another build with the same version number has another fingerprint."""
    h = blake2b(digest_size=16)
    import ipcli

    # the package's root, wherever this module sits in it; every subpackage, in a fixed order.
    # Names are cut with string slices: os.path.relpath per file cost more than the reading
    base = os.path.dirname(os.path.abspath(ipcli.__file__))
    cut = len(base) + 1
    for top, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "locale", "templates"))
        folder = top[cut:].replace(os.sep, "/") + "/" if len(top) > len(base) else ""
        for name in sorted(n for n in files if n.endswith((".py", ".json"))):
            h.update(folder.encode() + name.encode() + b"\0")
            try:
                with open(top + os.sep + name, "rb") as f:
                    h.update(f.read())
            except OSError:
                h.update(b"?")
    return h.digest()


def fingerprint(config_bytes: bytes) -> bytes:
    h = blake2b(digest_size=32)
    h.update(FORMAT + __version__.encode() + b"\0" + code_fingerprint())
    h.update(b"%d.%d %d\0" % (sys.version_info[0], sys.version_info[1], marshal.version))
    h.update(config_bytes)
    return h.digest()


def key_file() -> Path:
    """Where this user's secret for the cache lives: outside every repository."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base and sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    folder = Path(base) if base else Path.home() / ".cache"
    return folder / "ipcli" / "cache-key"


def user_key() -> bytes | None:
    """This user's secret (made on first use, readable by the user only); None where there is
    no place to keep one (then there is no cache: a run is slower, never wrong)."""
    try:
        file = key_file()
        try:
            with open(file, "rb") as f:
                key = f.read(_KEY_SIZE + 1)
            if len(key) == _KEY_SIZE:
                return key
        except FileNotFoundError:
            pass
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = file.with_name(f".cache-key-{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(_KEY_SIZE))
            try:
                os.link(tmp, file)  # fails where another run made one first: use that one
            except FileExistsError:
                pass
            except OSError:
                os.replace(tmp, file)  # a file system without hard links
        finally:
            if tmp.exists():
                tmp.unlink()
        with open(file, "rb") as f:
            key = f.read(_KEY_SIZE + 1)
        return key if len(key) == _KEY_SIZE else None
    except (OSError, RuntimeError):  # RuntimeError: Path.home() with no home
        return None


class Cache:
    """Entries: (relative path, blob id) -> a FileResult in plain form."""

    def __init__(
        self,
        file: Path,
        key: bytes,
        stamp: bytes,
        entries: dict[tuple[str, str], Any],
        checked: bool = False,
    ) -> None:
        self.file = file
        self.key = key
        self.stamp = stamp
        self.entries = entries
        # every entry was checked for shape before this user's ipcli wrote the file (CHECKED)
        self.checked = checked
        self.used: dict[tuple[str, str], Any] = {}
        self.changed = False

    @classmethod
    def open(cls, root: Path, config_bytes: bytes) -> Cache | None:
        """The repository's cache, or None unless root is the top of a git work tree (a folder
        inside some other repository is not ours to write into) and this user has a key."""
        git_dir = find_git_dir(root)
        if git_dir is None:
            return None
        key = user_key()
        if key is None:
            return None
        file = git_dir / "ipcli" / "cache.marshal"
        stamp = fingerprint(config_bytes)
        entries, checked = read_cache(file, key, stamp)
        return cls(file, key, stamp, entries, checked)

    def get(self, key: tuple[str, str]) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def reject(self, key: tuple[str, str]) -> None:
        """An entry that failed its shape check: analyse the file again and forget the entry."""
        self.used.pop(key, None)
        self.changed = True

    def put(self, key: tuple[str, str], value: Any) -> None:
        """Store an entry the caller has checked for shape (only such entries are written: the
        file says so with CHECKED)."""
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        """Keep what this run used (so entries of deleted or changed files fall away). Any
        failure to write (a read-only .git, a folder owned by another user, a full disk) only
        means the next run is slower."""
        if not self.changed and len(self.used) == len(self.entries) and self.checked:
            return
        from ipcli.store import atomic

        try:
            data = seal(FORMAT, self.key, (self.stamp, self.used, CHECKED))
            self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # the primitive every write uses: its temporary copy (plan excerpts) is removed on
            # any failure and on Ctrl-C too, never left in .git/ipcli
            atomic.replace(self.file, data, mode=0o600, prefix=".cache-")
        except (OSError, ValueError):
            return


# the mark of a file whose every entry ipcli checked for shape before writing it
CHECKED = "every entry checked"


def read_cache(file: Path, key: bytes, stamp: bytes) -> tuple[dict[tuple[str, str], Any], bool]:
    """The entries of a cache file this user's ipcli wrote for these settings and this build,
    and whether it carries the CHECKED mark; no entries for anything else (missing, unreadable,
    corrupt, foreign, forged, old)."""
    none: tuple[dict[tuple[str, str], Any], bool] = ({}, False)
    sealed = read_sealed(file, FORMAT, key)
    if sealed is None:
        return none
    (loaded,) = sealed
    if not (type(loaded) is tuple and len(loaded) in (2, 3) and loaded[0] == stamp):
        return none
    entries = loaded[1]
    if type(entries) is not dict:
        return none
    return entries, len(loaded) == 3 and loaded[2] == CHECKED


def blob_ids(root: Path, known: Listing | None, rels: list[str]) -> dict[str, str]:
    """Blob ids to look results up by (paths relative to root): git's index for tracked,
    unchanged files; the bytes on disk, hashed like git, for changed or untracked ones."""
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
