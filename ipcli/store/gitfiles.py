"""What git knows of the work tree's files, read once per run: `git ls-files -s -t -o` (tracked
files with their blob ids, untracked files, and which tracked files a sparse checkout left
out) and `git diff-files` (tracked files changed on disk). Plan discovery and the cache both
use it, so a warm run asks git twice in all, and both run at once, while the cache is read."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import NamedTuple

from ipcli.store.git import QUICK_SECONDS, GitError, git_dir, run, start


class Listing(NamedTuple):
    tracked: dict[str, str]  # tracked and unchanged on disk: path -> blob id
    changed: frozenset[str]  # untracked, or tracked and changed on disk: hash them to know
    sparse: frozenset[str] = frozenset()  # tracked, but not checked out (a sparse checkout)

    def paths(self) -> list[str]:
        return [*self.tracked, *self.changed]


def git_output(root: Path, *args: str) -> str | None:
    """What a git command prints, or None when git is missing or the command fails."""
    try:
        return run(root, *args).text
    except GitError:
        return None


def is_toplevel(root: Path) -> bool:
    """Is this folder the top of a git work tree (not a folder inside someone else's)?"""
    return git_dir(root) is not None


class Pending:
    """git's two listings, started and not yet read. Their output goes to unnamed temporary
    files where the system has them (Linux), so git finishes while this process does other
    work (reading the cache); elsewhere to pipes, read when asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: list[tuple[subprocess.Popen[bytes], int | None]] = []
        for args in (
            ("ls-files", "-s", "-v", "-o", "--exclude-standard", "-z"),
            ("diff-files", "--name-only", "-z"),
        ):
            spool = _spool()
            try:
                proc = start(root, *args, stdout=spool if spool is not None else subprocess.PIPE)
            except GitError:
                if spool is not None:
                    os.close(spool)
                self.close()  # no git: the caller finds files without it
                return
            self.procs.append((proc, spool))

    def close(self) -> None:
        """Stop whatever still runs and close the spools (after reading, or on failure)."""
        for proc, spool in self.procs:
            proc.kill()
            proc.wait()
            if spool is not None:
                os.close(spool)
        self.procs = []

    def result(self) -> Listing | None:
        if len(self.procs) != 2:
            return None
        outputs = []
        try:
            for proc, spool in self.procs:
                if spool is None:
                    data, _ = proc.communicate(timeout=QUICK_SECONDS)
                else:
                    proc.wait(timeout=QUICK_SECONDS)
                    data = _read_all(spool)
                if proc.returncode != 0:
                    return None
                outputs.append(data.decode("utf-8", "surrogateescape"))
        except (OSError, subprocess.SubprocessError):
            return None
        finally:
            self.close()
        return _parse(self.root, outputs[0], outputs[1])


def _spool() -> int | None:
    """An unnamed temporary file (gone when closed), or None where the system has none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return None
    try:
        return os.open(os.environ.get("TMPDIR") or "/tmp", flag | os.O_RDWR, 0o600)
    except OSError:
        return None


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    chunks = []
    offset = 0
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def start_listing(root: Path) -> Pending | None:
    """Start asking git (see Repo.prefetch); None outside the top of a git work tree."""
    return Pending(root) if is_toplevel(root) else None


def _parse(root: Path, listed: str, dirty: str) -> Listing:
    modified = set(dirty.split("\0")) - {""}
    index: dict[str, str] = {}
    changed: set[str] = set()
    sparse: set[str] = set()
    for entry in listed.split("\0"):
        if not entry:
            continue
        # -v: "H " tracked, "S " skip-worktree, "? " untracked; lower case when the entry is
        # marked assume-unchanged (by hand, or by core.ignoreStat): git does not look at such a
        # file on disk, so its blob id in the index may be an old version's
        tag, entry = entry[:1], entry[2:]
        meta, tab, path = entry.partition("\t")
        if not tab:  # an untracked file: no stage information
            changed.add(entry)
            continue
        parts = meta.split()
        if tag in ("S", "s") and not os.path.lexists(root / path):
            sparse.add(path)  # outside the sparse checkout: in the history, not on disk
        elif tag == "H" and len(parts) == 3 and parts[2] == "0" and path not in modified:
            index[path] = parts[1]
        elif os.path.lexists(root / path):  # a tracked file deleted on disk is no plan
            changed.add(path)  # (and one git does not look at on disk: skip-worktree, assume-unchanged)
    return Listing(index, frozenset(changed), frozenset(sparse))


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob pattern as `glob.glob(recursive=True)` reads it: `**/` is any number of folders,
    `*` and `?` stay inside one name, and names starting with a dot are not matched."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:[^./][^/]*/)*")
            i += 3
        elif pattern[i] == "*":
            out.append(r"(?:[^./][^/]*)?" if i == 0 or pattern[i - 1] == "/" else r"[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append(r"[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")
