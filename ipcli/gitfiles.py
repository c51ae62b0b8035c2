"""What git knows of the work tree's files, read once per run: `git ls-files -s -o` (tracked
files with their blob ids, and untracked files) and `git diff-files` (tracked files changed on
disk). Plan discovery and the cache both use it, so a warm run asks git twice in all."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import NamedTuple


class Listing(NamedTuple):
    tracked: dict[str, str]  # tracked and unchanged on disk: path -> blob id
    changed: frozenset[str]  # untracked, or tracked and changed on disk: hash them to know

    def paths(self) -> list[str]:
        return [*self.tracked, *self.changed]


def git_output(root: Path, *args: str) -> str | None:
    """What a git command prints, or None when git is missing or the command fails."""
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", "surrogateescape") if out.returncode == 0 else None


def is_toplevel(root: Path) -> bool:
    """Is this folder the top of a git work tree (not a folder inside someone else's)?"""
    return (root / ".git").exists()


def listing(root: Path) -> Listing | None:
    """Ask git now (callers keep the answer for one run: see Repo.git_listing)."""
    if not is_toplevel(root):
        return None
    listed = git_output(root, "ls-files", "-s", "-o", "--exclude-standard", "-z")
    dirty = git_output(root, "diff-files", "--name-only", "-z")
    if listed is None or dirty is None:
        return None
    modified = set(dirty.split("\0")) - {""}
    index: dict[str, str] = {}
    changed: set[str] = set()
    for entry in listed.split("\0"):
        if not entry:
            continue
        meta, tab, path = entry.partition("\t")
        if not tab:  # an untracked file: no stage information
            changed.add(entry)
            continue
        parts = meta.split()
        if len(parts) == 3 and parts[2] == "0" and path not in modified:
            index[path] = parts[1]
        elif os.path.lexists(root / path):  # a tracked file deleted on disk is no plan
            changed.add(path)
    return Listing(index, frozenset(changed))


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
