"""Which version of a plan file a rendered page shows.

A printed page must say which version of the plan it holds, so loose pages can be matched to the
history: the last commit that touched the file, its date, and whether the file has changes that
are not committed yet. One git call answers it for one plan; one pass over the log for a site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ipcli.store.gitfiles import git_output


@dataclass(frozen=True)
class Version:
    commit: str | None  # short commit id, None when the file was never committed
    date: dt.date | None  # the commit's date
    changed: bool  # the file has uncommitted changes on top of that commit


def repo_path(file: Path | str, root: Path) -> str:
    """A plan file's path relative to the repository root, with `/`, as git names it. A link is
    named where it is, not where it leads (a plan that links out of the repository is refused
    when read, and must not stop the others here)."""
    path = Path(file)
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.name


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def versions(root: Path, rels: list[str]) -> dict[str, Version]:
    """Each file's version (paths relative to the repository root, with `/`)."""
    if not rels:
        return {}
    wanted = set(rels)
    last: dict[str, tuple[str, dt.date | None]] = {}
    if len(rels) <= 8:
        for rel in rels:
            out = git_output(root, "log", "-1", "--format=%h %cs", "--", rel)
            if out and out.strip():
                first, _, when = out.strip().partition(" ")
                last[rel] = (first, _day(when))
    else:
        # one pass, newest first: the first commit that names a file is its last change
        out = git_output(root, "log", "--format=%x01%h %cs", "--name-only", "--no-renames") or ""
        commit, day = "", _day("")
        for line in out.splitlines():
            if line.startswith("\x01"):
                commit, _, when = line[1:].partition(" ")
                day = _day(when)
            elif line and line in wanted and line not in last:
                last[line] = (commit, day)
    spec = ["--", *rels] if len(rels) <= 8 else []
    status = git_output(root, "status", "--porcelain", "-z", "--untracked-files=all", *spec) or ""
    changed = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    return {
        rel: Version(
            last[rel][0] if rel in last else None, last[rel][1] if rel in last else None, rel in changed
        )
        for rel in rels
    }
