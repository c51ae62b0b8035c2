"""The revision log from git, in plan words: a fixed, small number of git calls per command.

One `git log --raw -z` pass lists the commits and the old and new blob ids of every plan file
they touched; one `git cat-file --batch` process returns all those blobs; the fast reader and
ipcli.semdiff turn each pair into changes in plan words. No GitPython call per file per commit.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipcli.errors import UserError
from ipcli.limits import Limits

NULL_BLOB = "0" * 40
UNCOMMITTED = "uncommitted"


@dataclass
class Entry:
    """One commit's effect on one plan file."""

    commit: str
    date: str  # ISO 8601 with the author's offset
    author: str
    email: str
    message: str
    path: str
    old_path: str | None
    old_blob: str | None
    new_blob: str | None
    changes: list[str] = field(default_factory=list)
    unreadable: str | None = None  # the new version did not read: what and where

    def to_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "email": self.email,
            "message": self.message,
            "path": self.path,
            "renamed_from": self.old_path,
            "changes": self.changes,
            "unreadable": self.unreadable,
        }


def _git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, input=input_bytes, timeout=300)
    except FileNotFoundError:
        raise UserError("git is not installed, and the history lives in git") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(f"git could not read the history: {message[-1] if message else 'unknown error'}")
    return done.stdout


def require_git(root: Path) -> None:
    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except FileNotFoundError:
        raise UserError("git is not installed, and the history lives in git") from None
    if "dubious ownership" in inside.stderr or "safe.directory" in inside.stderr:
        raise UserError(
            f"git refuses to read {root}: the folder belongs to another user (git's safe.directory check)",
            f"if you trust it: git config --global --add safe.directory {root}",
        )
    bare = subprocess.run(
        ["git", "rev-parse", "--is-bare-repository"], cwd=root, capture_output=True, text=True, timeout=30
    )
    if bare.returncode == 0 and bare.stdout.strip() == "true":
        raise UserError(
            f"{root} is a bare repository: it holds the history but no plan files",
            f"clone it (git clone {root} plans) and run ipcli in the clone",
        )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise UserError(
            f"{root} is not a git repository, so there is no history to read",
            "the other commands work on the files; `git init` (or `ipcli init`) starts a history",
        )


def shallow_note(root: Path) -> str | None:
    """A sentence for the reader when the clone is shallow (CI clones often are)."""
    flag = _git(root, "rev-parse", "--is-shallow-repository").decode().strip()
    if flag != "true":
        return None
    when = _git(root, "log", "--format=%as", "--max-parents=0").decode().split()
    start = min(when) if when else "an unknown date"
    return (
        f"the history is cut off: this is a shallow clone, and it starts at {start}; "
        "`git fetch --unshallow` fetches the rest"
    )


def shallow_commits(root: Path) -> frozenset[str]:
    """The commits where a shallow clone's history is cut off (their parents are not here), none
    in a full clone."""
    flag = _git(root, "rev-parse", "--is-shallow-repository").decode().strip()
    if flag != "true":
        return frozenset()
    where = root / _git(root, "rev-parse", "--git-path", "shallow").decode().strip()
    try:
        return frozenset(where.read_text("ascii", "replace").split())
    except OSError:
        return frozenset()


def history_start(root: Path) -> dt.date | None:
    """The day a shallow clone's history starts (None for a full history)."""
    if not shallow_commits(root):
        return None
    when = _git(root, "log", "--format=%as", "--max-parents=0").decode().split()
    return dt.date.fromisoformat(min(when)) if when else None


_HEAD = "--format=%x01%H%x00%aI%x00%an%x00%ae%x00%s%x00"


def _parse_log(raw: bytes) -> list[Entry]:
    entries: list[Entry] = []
    for chunk in raw.split(b"\x01")[1:]:
        parts = chunk.split(b"\x00")
        commit, date, author, email, message = (p.decode("utf-8", "replace") for p in parts[:5])
        rest = [p for p in parts[5:]]
        i = 0
        while i < len(rest):
            meta = rest[i].decode("utf-8", "replace").strip()
            if not meta.startswith(":"):
                i += 1
                continue
            fields = meta[1:].split()
            old_blob, new_blob, status = fields[2], fields[3], fields[4]
            if status[:1] in ("R", "C"):
                old_path, path = rest[i + 1].decode(), rest[i + 2].decode()
                i += 3
            else:
                old_path, path = None, rest[i + 1].decode()
                i += 2
            entries.append(
                Entry(
                    commit,
                    date,
                    author,
                    email,
                    message,
                    path,
                    old_path if status[:1] == "R" else None,
                    None if old_blob == NULL_BLOB else old_blob,
                    None if new_blob == NULL_BLOB else new_blob,
                )
            )
    return entries


def blobs(root: Path, ids: set[str]) -> dict[str, bytes]:
    """Many blobs from one `git cat-file --batch` process."""
    if not ids:
        return {}
    order = sorted(ids)
    out = _git(root, "cat-file", "--batch", input_bytes="".join(f"{b}\n" for b in order).encode())
    found: dict[str, bytes] = {}
    pos = 0
    for blob in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "missing": a shallow or partial clone
        size = int(header[2])
        found[blob] = out[pos : pos + size]
        pos += size + 1
    return found


_QUOTED = re.compile(r' ?"[^"]*"')


def redact_line(text: str) -> str:
    """A change or problem line without the plan text it quotes."""
    return _QUOTED.sub("", text)


def redacted(entries: list[Entry]) -> list[Entry]:
    """Entries for sharing: the author's initials, no e-mail, no commit message (it is free
    text), and change lines without quoted plan text."""
    from dataclasses import replace

    from ipcli.redact import REDACTED, initials

    return [
        replace(
            e,
            author=initials(e.author) if e.author else e.author,
            email="",
            message=REDACTED if e.message else e.message,
            changes=[redact_line(c) for c in e.changes],
            unreadable=redact_line(e.unreadable) if e.unreadable else None,
        )
        for e in entries
    ]


def read_data(raw: bytes | None, limits: Limits) -> tuple[dict[str, Any] | None, str | None]:
    from ipcli.parse import ParseError, parse

    if raw is None:
        return None, None
    try:
        return parse(raw, limits).data, None
    except ParseError as e:
        return None, f"line {e.line}: {e.message}"


def describe(entries: list[Entry], root: Path, limits: Limits) -> list[Entry]:
    """Fill in each entry's changes in plan words (all blobs fetched at once)."""
    contents = blobs(root, {b for e in entries for b in (e.old_blob, e.new_blob) if b})
    from ipcli.semdiff import changes

    for e in entries:
        old, _ = read_data(contents.get(e.old_blob) if e.old_blob else None, limits)
        new, problem = read_data(contents.get(e.new_blob) if e.new_blob else None, limits)
        if problem is not None:
            e.unreadable = f"the file did not read in this version ({problem})"
            continue
        if e.old_blob and old is None and e.new_blob:
            e.changes = ["the file reads again"]
            continue
        e.changes = changes(old, new)
        if e.old_path:
            e.changes.insert(0, f"file renamed from {e.old_path}")
    return entries


def _filters(since: dt.date | None, until: dt.date | None, author: str | None) -> list[str]:
    args = []
    if since:
        args.append(f"--since={since.isoformat()}T00:00:00")
    if until:
        args.append(f"--until={until.isoformat()}T23:59:59")
    if author:
        args.append(f"--author={author}")
    return args


def plan_log(
    root: Path,
    rel: str,
    limits: Limits,
    since: dt.date | None = None,
    until: dt.date | None = None,
    author: str | None = None,
) -> list[Entry]:
    """The commits that touched one plan (following renames), newest first."""
    if not _has_head(root):
        return []  # a repository without commits yet: no history
    # `--follow` costs ten times a plain log (it cannot use git's commit-graph filters): follow
    # only when the commit that brought the file in was a rename
    added = _git(root, "log", "--diff-filter=A", "--format=%H", "--", rel).decode().split()
    follow = ["--follow", "-M"] if added and _renamed_in(root, added[-1], rel) else []
    raw = _git(
        root, "log", *follow, "--raw", "-z", "--no-abbrev", _HEAD, *_filters(since, until, author), "--", rel
    )
    return describe(_parse_log(raw), root, limits)


def _renamed_in(root: Path, commit: str, rel: str) -> bool:
    """Did this commit bring the file in by renaming another one?"""
    parts = _git(root, "show", "--raw", "-z", "--no-abbrev", "-M", "--format=", commit).split(b"\x00")
    target = rel.encode()
    return any(
        p.startswith(b":") and p.split()[-1][:1] == b"R" and i + 2 < len(parts) and parts[i + 2] == target
        for i, p in enumerate(parts)
    )


def repo_log(
    root: Path,
    patterns: tuple[str, ...],
    limits: Limits,
    since: dt.date | None,
    until: dt.date | None = None,
    author: str | None = None,
) -> list[Entry]:
    """Every commit's changes to plan files in a period, newest first."""
    if not _has_head(root):
        return []
    specs = [f":(glob){p}" for p in patterns]
    raw = _git(
        root, "log", "--raw", "-z", "--no-abbrev", "-M", _HEAD, *_filters(since, until, author), "--", *specs
    )
    return describe(_parse_log(raw), root, limits)


def uncommitted(root: Path, rel: str, limits: Limits) -> Entry | None:
    """The plan's changes in the work tree since the last commit, if any."""
    from ipcli.cache import git_blob_id

    listed = _git(root, "ls-tree", "HEAD", "--", rel).decode().split() if _has_head(root) else []
    head_blob = listed[2] if len(listed) >= 3 else None
    path = root / rel
    current = path.read_bytes() if path.exists() else None
    if current is not None and head_blob == git_blob_id(current):
        return None
    if current is None and head_blob is None:
        return None
    entry = Entry(UNCOMMITTED, "", "", "", "not committed yet", rel, None, head_blob, None)
    old, _ = read_data(blobs(root, {head_blob}).get(head_blob) if head_blob else None, limits)
    new, problem = read_data(current, limits)
    if problem:
        entry.unreadable = f"the file does not read now ({problem})"
    else:
        from ipcli.semdiff import changes

        entry.changes = changes(old, new)
    return entry


def _has_head(root: Path) -> bool:
    return (
        subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root, capture_output=True
        ).returncode
        == 0
    )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def resolve(root: Path, rev: str) -> str:
    """A commit for a revision name or a date (the last commit on or before that day)."""
    if _DATE.match(rev):
        from ipcli.calendar import parse_day

        try:
            parse_day(rev)  # 2026-13-45 is no revision either: say so, as every date option does
        except ValueError as e:
            raise UserError(str(e)) from None
        found = _git(root, "rev-list", "-1", f"--before={rev}T23:59:59", "HEAD").decode().strip()
        if not found:
            raise UserError(f"there is no commit on or before {rev}")
        return found
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", f"{rev}^{{commit}}"], cwd=root, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise UserError(f'"{rev}" is neither a date (YYYY-MM-DD) nor a revision git knows')
    return done.stdout.strip()


def content_at(root: Path, rel: str, commit: str, limits: Limits) -> bytes:
    """The plan file's bytes at a commit, following renames back in time."""
    raw = _git(root, "log", "--follow", "--raw", "-z", "--no-abbrev", "-M", _HEAD, "--", rel)
    names = [rel] + [e.old_path for e in _parse_log(raw) if e.old_path]
    for name in names:
        done = subprocess.run(["git", "cat-file", "blob", f"{commit}:{name}"], cwd=root, capture_output=True)
        if done.returncode == 0:
            return done.stdout
    raise UserError(f"{rel} did not exist at {commit[:10]}")


def content_staged(root: Path, rel: str) -> bytes | None:
    done = subprocess.run(["git", "cat-file", "blob", f":{rel}"], cwd=root, capture_output=True)
    return done.stdout if done.returncode == 0 else None


def evaluation_timeliness(
    root: Path, patterns: tuple[str, ...], limits: Limits, since: dt.date, until: dt.date | None = None
) -> dict[str, tuple[int, int]]:
    """Per plan file: (evaluations recorded on time, recorded late) in the period, from history.

    An evaluation is on time when its date is on or before the goal's `next_evaluation` in the
    version of the plan just before the commit that recorded it (or when no date was set). In a
    shallow clone the first commit seems to add every plan with all its evaluations at once:
    nothing is counted from it (the version before it is not here to tell on time from late)."""
    if not _has_head(root):
        return {}
    cut = shallow_commits(root)
    specs = [f":(glob){p}" for p in patterns]
    entries = _parse_log(
        _git(
            root,
            "log",
            "--raw",
            "-z",
            "--no-abbrev",
            "-M",
            _HEAD,
            *_filters(since, until, None),
            "--",
            *specs,
        )
    )
    contents = blobs(root, {b for e in entries for b in (e.old_blob, e.new_blob) if b})
    out: dict[str, tuple[int, int]] = {}
    for e in entries:
        if e.commit in cut:
            continue
        old, _ = read_data(contents.get(e.old_blob) if e.old_blob else None, limits)
        new, _ = read_data(contents.get(e.new_blob) if e.new_blob else None, limits)
        if not isinstance(new, dict):
            continue
        before = _goal_index(old)
        on_time, late = out.get(e.path, (0, 0))
        for gid, goal in _goal_index(new).items():
            seen = {repr(ev) for ev in (before.get(gid) or {}).get("evaluations") or []}
            due = (before.get(gid) or {}).get("next_evaluation")
            for ev in goal.get("evaluations") or []:
                if not isinstance(ev, dict) or repr(ev) in seen:
                    continue
                when = str(ev.get("date", ""))
                if due is None or when <= str(due):
                    on_time += 1
                else:
                    late += 1
        out[e.path] = (on_time, late)
    return out


def _goal_index(data: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict):
        return {}
    return {
        str(g["id"]): g
        for t in data.get("themes") or []
        if isinstance(t, dict)
        for g in t.get("goals") or []
        if isinstance(g, dict) and "id" in g
    }
