"""The revision log from git, in plan words: a fixed, small number of git calls per command.

One `git log --raw -z` pass lists the commits and the old and new blob ids of every plan file
they touched; one `git cat-file --batch` process returns all those blobs; the fast reader and
ipcli.changes.semdiff turn each pair into changes in plan words. No GitPython call per file per commit.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import PIPE
from typing import IO, Any

from ipcli.errors import UserError
from ipcli.language.dateforms import long_date
from ipcli.language.i18n import N_, current, megabytes, tr
from ipcli.plan.findings import said
from ipcli.plan.limits import Limits
from ipcli.store.git import LONG_SECONDS, QUICK_SECONDS, GitError, repository_filters, run, start

NULL_BLOB = "0" * 40
UNCOMMITTED = "uncommitted"

READING_HISTORY = N_("progress.history")  # what a progress display calls this work


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


def _git(root: Path, *args: str, input_bytes: bytes | None = None, timeout: float = QUICK_SECONDS) -> bytes:
    return run(root, *args, input=input_bytes, timeout=timeout).out


def require_git(root: Path) -> None:
    inside = run(root, "rev-parse", "--is-inside-work-tree", check=False)
    if "dubious ownership" in inside.err or "safe.directory" in inside.err:
        raise GitError("unsafe", inside.last_line(), root)
    bare = run(root, "rev-parse", "--is-bare-repository", check=False)
    if bare.ok and bare.text.strip() == "true":
        raise UserError(
            tr("history.bare", root=root),
            tr("history.bare.hint", root=root),
        )
    if not inside.ok or inside.text.strip() != "true":
        raise UserError(
            tr("history.not_git", root=root),
            tr("history.not_git.hint"),
        )


def shallow_note(root: Path) -> str | None:
    """A sentence for the reader when the clone is shallow (CI clones often are)."""
    flag = _git(root, "rev-parse", "--is-shallow-repository").decode().strip()
    if flag != "true":
        return None
    when = _git(root, "log", "--format=%as", "--max-parents=0").decode().split()
    if not when:
        return tr("history.shallow.undated")
    return tr("history.shallow", date=long_date(dt.date.fromisoformat(min(when)), current()))


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


class TooLarge(int):
    """A version larger than the plan size limit, in bytes: its content was never read."""


def blobs(root: Path, paths: dict[str, str], limits: Limits) -> dict[str, bytes | TooLarge]:
    """Many versions as the work tree sees them (`paths`: blob id -> the path it is stored
    under). All come from one `git cat-file --batch` process; the size in each header is checked
    before the content is taken, so a version over the limit is skipped unread (a `TooLarge`):
    a 50 MB file in history costs no memory. A path that git's attributes give a filter (a
    clean/smudge filter such as git-crypt's, a working-tree encoding) is then read again through
    it, one `git cat-file --filters` per version (git before 2.41 gives the wrong size in a
    `--batch --filters` header). Line-end conversion (core.autocrlf) is left out: a plan reads
    the same with either line end."""
    if not paths:
        return {}
    found = _batch(root, sorted(paths), limits)
    filtered = _filtered(root, {paths[b] for b in found if not isinstance(found[b], TooLarge)})
    untrusted = repository_filters(root)
    for path, name in sorted(filtered.items()):
        if name in untrusted:  # its command comes from the repository: not run, so not readable
            raise GitError("repository_filter", name, root, path)
    for path in filtered:
        for blob in [b for b in found if paths[b] == path and not isinstance(found[b], TooLarge)]:
            done = run(root, "cat-file", "--filters", f"--path={path}", blob, check=False)
            if done.ok:
                found[blob] = done.out
            else:
                del found[blob]  # the filter failed: this version does not read
    return found


def _filtered(root: Path, paths: set[str]) -> dict[str, str]:
    """The paths that git's attributes give a filter or a working-tree encoding, with the
    filter's name ("" for an encoding alone)."""
    if not paths:
        return {}
    listed = "\0".join(sorted(paths)) + "\0"
    out = _git(
        root,
        "check-attr",
        "-z",
        "--stdin",
        "filter",
        "working-tree-encoding",
        input_bytes=listed.encode("utf-8", "surrogateescape"),
    ).split(b"\0")
    found: dict[str, str] = {}
    for i in range(0, len(out) - 2, 3):
        if out[i + 2] not in (b"unspecified", b"unset", b"set"):
            path = out[i].decode("utf-8", "surrogateescape")
            name = out[i + 2].decode("utf-8", "surrogateescape") if out[i + 1] == b"filter" else ""
            found[path] = found.get(path) or name
    return found


def _batch(root: Path, order: list[str], limits: Limits) -> dict[str, bytes | TooLarge]:
    """The stored bytes of many blobs from one `git cat-file --batch` process, reading each
    header before its content."""
    request = "".join(f"{b}\n" for b in order).encode()
    proc = start(root, "cat-file", "--batch", stdin=PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    feeder = threading.Thread(target=_feed, args=(proc.stdin, request), daemon=True)
    feeder.start()  # git answers while it reads: write and read at once, or both wait
    found: dict[str, bytes | TooLarge] = {}
    try:
        for blob in order:
            header = proc.stdout.readline().split()
            if not header:
                break  # git stopped early: what is not found does not read
            if len(header) < 3 or header[1] != b"blob":
                continue  # "missing": a shallow or partial clone
            size = int(header[2])
            if size > limits.max_file_bytes:
                _skip(proc.stdout, size + 1)
                found[blob] = TooLarge(size)
            else:
                found[blob] = proc.stdout.read(size)
                proc.stdout.read(1)
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()
        feeder.join()
    return found


def _feed(pipe: IO[bytes], data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except OSError:
        pass  # git ended early: the reader sees it


def _skip(stream: IO[bytes], size: int) -> None:
    while size > 0:
        chunk = stream.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)


_QUOTED = re.compile(r' ?"[^"]*"')


def redact_line(text: str) -> str:
    """A change or problem line without the plan text it quotes."""
    return _QUOTED.sub("", text)


def redacted(entries: list[Entry]) -> list[Entry]:
    """Entries for sharing: the author's initials, no e-mail, no commit message (it is free
    text), and change lines without quoted plan text."""
    from dataclasses import replace

    from ipcli.language.text import initials
    from ipcli.plan.redact import REDACTED

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


def read_data(raw: bytes | TooLarge | None, limits: Limits) -> tuple[dict[str, Any] | None, str | None]:
    from ipcli.plan.findings import words
    from ipcli.plan.parse import ParseError, parse

    if raw is None:
        return None, None
    if isinstance(raw, TooLarge):
        return None, tr(
            "history.too_large",
            size=megabytes(raw, apart_from=limits.max_file_bytes),
            limit=megabytes(limits.max_file_bytes, apart_from=raw),
        )
    try:
        return parse(raw, limits).data, None
    except ParseError as e:  # words at the edge: ipcli.changes.changewords.problem
        return None, said("history.at_line", line=e.line, problem=words(e.message))


def describe(entries: list[Entry], root: Path, limits: Limits) -> list[Entry]:
    """Fill in each entry's changes in plan words (all blobs fetched at once)."""
    contents = blobs(root, _paths(entries), limits)
    from ipcli.changes.semdiff import changes
    from ipcli.store.work import tell

    for n, e in enumerate(entries):
        tell(READING_HISTORY, n, len(entries))
        old, _ = read_data(contents.get(e.old_blob) if e.old_blob else None, limits)
        new, problem = read_data(contents.get(e.new_blob) if e.new_blob else None, limits)
        if problem is not None:
            e.unreadable = problem  # words at the edge: ipcli.changes.changewords
            continue
        if e.old_blob and old is None and e.new_blob:
            e.changes = [said("history.reads_again")]
            continue
        e.changes = changes(old, new)
        if e.old_path:
            e.changes.insert(0, said("history.renamed", path=e.old_path))
    tell(READING_HISTORY, len(entries), len(entries))
    return entries


def _paths(entries: list[Entry]) -> dict[str, str]:
    """Every version the entries name, with the path it was stored under (for git's filters)."""
    out: dict[str, str] = {}
    for e in entries:
        if e.old_blob:
            out[e.old_blob] = e.old_path or e.path
        if e.new_blob:
            out[e.new_blob] = e.path
    return out


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
        root,
        "log",
        *follow,
        "--raw",
        "-z",
        "--no-abbrev",
        _HEAD,
        *_filters(since, until, author),
        "--",
        rel,
        timeout=LONG_SECONDS,
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
        root,
        "log",
        "--raw",
        "-z",
        "--no-abbrev",
        "-M",
        _HEAD,
        *_filters(since, until, author),
        "--",
        *specs,
        timeout=LONG_SECONDS,
    )
    return describe(_parse_log(raw), root, limits)


def uncommitted(root: Path, rel: str, limits: Limits) -> Entry | None:
    """The plan's changes in the work tree since the last commit, if any."""
    from ipcli.store.cache import git_blob_id

    listed = _git(root, "ls-tree", "HEAD", "--", rel).decode().split() if _has_head(root) else []
    head_blob = listed[2] if len(listed) >= 3 else None
    path = root / rel
    current = work_file(path, limits)
    if isinstance(current, bytes) and head_blob == git_blob_id(current):
        return None
    if current is None and head_blob is None:
        return None
    if current is not None and head_blob is not None and _same_as_head(root, rel):
        return None  # the bytes differ only by git's filters (core.autocrlf, a smudge filter)
    entry = Entry(UNCOMMITTED, "", "", "", "not committed yet", rel, None, head_blob, None)
    old, _ = read_data(blobs(root, {head_blob: rel}, limits).get(head_blob) if head_blob else None, limits)
    new, problem = read_data(current, limits)
    if problem:
        entry.unreadable = problem
    else:
        from ipcli.changes.semdiff import changes

        entry.changes = changes(old, new)
    return entry


def work_file(path: Path, limits: Limits) -> bytes | TooLarge | None:
    """The plan file in the work tree, unless it is over the size limit (checked first)."""
    try:
        size = path.stat().st_size
        return TooLarge(size) if size > limits.max_file_bytes else path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise UserError(tr("history.cannot_open", file=path.name, reason=e.strerror or str(e))) from None


def _same_as_head(root: Path, rel: str) -> bool:
    """Does git see no change to the file since the last commit (its filters applied)?"""
    return run(root, "diff", "--quiet", "HEAD", "--", rel, check=False).ok


def _has_head(root: Path) -> bool:
    return run(root, "rev-parse", "--verify", "-q", "HEAD", check=False).ok


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def resolve(root: Path, rev: str) -> str:
    """A commit for a revision name or a date (the last commit on or before that day)."""
    if _DATE.match(rev):
        from ipcli.language.calendar import parse_day

        try:
            parse_day(rev)  # 2026-13-45 is no revision either: say so, as every date option does
        except ValueError as e:
            raise UserError(str(e)) from None
        found = _git(root, "rev-list", "-1", f"--before={rev}T23:59:59", "HEAD").decode().strip()
        if not found:
            raise UserError(tr("history.no_commit_before", date=rev))
        return found
    done = run(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}", check=False)
    if not done.ok:
        if not _has_head(root):
            raise GitError("no_commits", "", root)
        raise UserError(tr("history.not_a_revision", rev=rev))
    return done.text.strip()


def content_at(root: Path, rel: str, commit: str, limits: Limits) -> bytes:
    """The plan file's bytes at a commit as the work tree would have them (git's filters
    applied), following renames back in time; a version over the size limit is not read."""
    raw = _git(root, "log", "--follow", "--raw", "-z", "--no-abbrev", "-M", _HEAD, "--", rel)
    names = [rel] + [e.old_path for e in _parse_log(raw) if e.old_path]
    for name in names:
        blob = _blob_id(root, f"{commit}:{name}")
        if blob is not None:
            return _one_version(root, blob, name, limits, commit[:10])
    raise UserError(tr("history.did_not_exist", file=rel, commit=commit[:10]))


def content_staged(root: Path, rel: str, limits: Limits) -> bytes | None:
    """The staged version of the plan file (filters applied), None when nothing is staged."""
    blob = _blob_id(root, f":0:{rel}")
    if blob is None:
        unmerged = _git(root, "ls-files", "-u", "-z", "--", rel)
        if unmerged:
            raise UserError(tr("history.conflict", file=rel), tr("history.conflict.hint"))
        return None
    return _one_version(root, blob, rel, limits, tr("history.the_index"))


def _blob_id(root: Path, name: str) -> str | None:
    done = run(root, "rev-parse", "-q", "--verify", name, check=False)
    return done.text.strip() if done.ok else None


def _one_version(root: Path, blob: str, rel: str, limits: Limits, where: str) -> bytes:
    found = blobs(root, {blob: rel}, limits).get(blob)
    if isinstance(found, TooLarge):
        raise UserError(
            tr(
                "history.version_too_large",
                file=rel,
                at=where,
                size=megabytes(found, apart_from=limits.max_file_bytes),
                limit=megabytes(limits.max_file_bytes, apart_from=found),
            )
        )
    if found is None:
        raise UserError(tr("history.filter_failed", file=rel, at=where))
    return found


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
            timeout=LONG_SECONDS,
        )
    )
    contents = blobs(root, _paths(entries), limits)
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
