"""Edits of a plan file that change only the lines the change is about, and a file replaced
atomically or not at all.

An edit is spliced into the text at positions from the parse (ipcli.edits.splice); the whole document is
never written out again, so comments, quoting, blank lines, list style and line ends stay as the
person wrote them. Before anything is written the new text is read back: it must hold exactly the
data intended and add no schema problem, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ipcli.errors import UserError
from ipcli.language.i18n import megabytes, tr
from ipcli.plan.findings import words
from ipcli.plan.limits import Limits

if TYPE_CHECKING:
    from ipcli.edits.splice import Splicer

_BOM = b"\xef\xbb\xbf"
# a lost `- `: the reader reads two items where the text has one (a key twice is no such case:
# the reader keeps the first, which is the one the splicer finds)
_MENDED = frozenset({"IP008"})


@dataclass
class Editable:
    """A plan opened for editing: what was read, and the changes collected so far."""

    path: Path
    shown: str
    original: bytes
    data: Any  # the plan as read (plain data); record functions read it, never change it
    splice: Splicer

    def new_bytes(self) -> bytes:
        body = self.splice.result().encode("utf-8")
        return _BOM + body if self.original.startswith(_BOM) else body

    def diff(self) -> str:
        old = self.original.decode("utf-8-sig").splitlines(keepends=True)
        new = self.new_bytes().decode("utf-8-sig").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"a/{self.shown}", f"b/{self.shown}"))


def check_editable(path: Path, shown: str) -> None:
    """Refuse a plan that is a symbolic link or read-only: an edit would replace the link with a
    copy, or overwrite what someone protected."""
    if path.is_symlink():
        raise UserError(tr("edit.link", shown=shown), tr("edit.link.hint"))
    try:
        mode = path.stat().st_mode
    except OSError as e:
        raise UserError(tr("edit.cannot_open", shown=shown, why=e.strerror)) from None
    if not stat.S_ISREG(mode):
        raise UserError(tr("edit.not_a_file", shown=shown))
    if not mode & stat.S_IWUSR or not os.access(path.parent, os.W_OK):
        raise UserError(tr("edit.read_only", shown=shown), tr("edit.read_only.hint", shown=shown))


def open_plan(path: Path, shown: str, limits: Limits) -> Editable:
    """Open a plan for editing, or refuse with where and why it cannot be edited."""
    from ipcli.edits.splice import Splicer
    from ipcli.plan.parse import ParseError, decode, parse

    check_editable(path, shown)
    try:
        if path.stat().st_size > limits.max_file_bytes:
            size = megabytes(path.stat().st_size)
            raise UserError(tr("edit.too_large", shown=shown, size=size))
        original = path.read_bytes()
    except OSError as e:
        raise UserError(tr("edit.cannot_open_unchanged", shown=shown, why=e.strerror)) from None
    try:  # only a file that does not read is refused: a schema finding elsewhere is no reason
        document = parse(original, limits)
        data, problems = document.data, document.problems
        del document  # its node tree is as large as the data: not kept while the splicer reads
        splice = Splicer(decode(original, limits), data, shown)
    except ParseError as e:
        raise UserError(
            tr("edit.fix_first", place=f"{shown}:{e.line}:{e.col}", problem=words(e.message))
        ) from None
    # the data read is not the text's layout there, so lines could not be put where they belong
    mended = next((p for p in problems if p.code in _MENDED), None)
    if mended is not None:
        raise UserError(
            tr("edit.fix_first", place=f"{shown}:{mended.line}:{mended.col}", problem=words(mended.message))
        )
    return Editable(path, shown, original, data, splice)


@dataclass(frozen=True)
class Recorded:
    """What an edit did: its message in plan words, the diff (a dry run), the commit's id."""

    message: str
    diff: str | None = None
    commit: str | None = None


def record(
    root: Path,
    file: Path,
    shown: str,
    limits: Limits,
    change: Callable[[Editable], str],
    *,
    commit: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Recorded:
    """Apply `change` to a plan, all or nothing: one writer at a time (ipcli.store.lock); with
    `commit`, everything a commit needs is checked before the file is written, and when the
    commit still fails the file is put back byte for byte and the index is as it was. `today`
    is the day the repository's commit hook (`ipcli lint`) checks the plan on, as the edit did."""
    from ipcli.changes.changewords import commit_message, record_message
    from ipcli.store.lock import plan_lock

    check_editable(file, shown)
    if dry_run:
        ed = open_plan(file, shown, limits)
        message = change(ed)
        checked(ed, limits)
        return Recorded(record_message(message), diff=ed.diff())
    with plan_lock(root, file, shown):
        ready = None
        if commit:
            from ipcli.store.commit import prepare

            ready = prepare(root, file, shown)
        ed = open_plan(file, shown, limits)
        message = change(ed)
        new = checked(ed, limits)
        write_atomically(file, new, expected=ed.original)
        if ready is None:
            return Recorded(record_message(message))
        from ipcli.store.commit import commit as make_commit

        try:  # the message for the repository's history in its language (changewords)
            made = make_commit(ready, commit_message(message, ed.data), today)
        except BaseException:
            write_atomically(file, ed.original)  # back as it was byte for byte (also if a hook changed it)
            raise
        return Recorded(record_message(message), commit=made)


def save(ed: Editable, limits: Limits) -> None:
    """Check the edited plan reads back as intended, then replace the file atomically."""
    write_atomically(ed.path, checked(ed, limits), expected=ed.original)


def checked(ed: Editable, limits: Limits) -> bytes:
    """The new file, after reading it back: exactly the data intended, no new schema problem."""
    from ipcli.plan.parse import ParseError, parse
    from ipcli.plan.schema import validate

    new = ed.new_bytes()
    ed.splice.forget_positions()  # the changes are made: the new text is read without them held
    try:
        data = parse(new, limits).data
    except ParseError as e:
        raise UserError(
            tr("edit.would_not_read", place=f"{ed.shown}:{e.line}"), tr("edit.in_an_editor")
        ) from None
    if data != ed.splice.intended:
        raise UserError(tr("edit.other_parts", shown=ed.shown), tr("edit.in_an_editor"))

    def key(p: Any) -> tuple[Any, ...]:
        return (p.path, p.code, p.message)

    after = validate(data)
    before = {key(p) for p in validate(ed.data)} if after else set()
    added = [p for p in after if key(p) not in before]
    if added:
        raise UserError(tr("edit.would_break", shown=ed.shown, problem=words(added[0].message)))
    return new


def write_atomically(path: Path, data: bytes, expected: bytes | None = None, durable: bool = True) -> None:
    """Rewrite a plan being edited (evaluate, revise, …): the one place that may write over a
    plan file, so it does not go through `ipcli.store.outfile`'s refusals, but it uses the same atomic
    primitive (`ipcli.store.atomic.replace`: a temporary file beside the target, synced, renamed over
    it; the temporary file removed on any failure or interrupt). With `expected`, refuse if the
    file on disk is no longer what was read (someone else wrote it in the meantime). The original
    keeps its permissions; on any failure it is untouched."""
    from ipcli.store import atomic

    mode = None
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if expected is not None and path.read_bytes() != expected:
            raise UserError(tr("edit.changed_meanwhile", name=path.name), tr("commit.raced.hint"))

    def fill(f: BinaryIO) -> None:
        f.write(data)
        if expected is not None and path.read_bytes() != expected:  # written meanwhile
            raise UserError(tr("edit.changed_meanwhile", name=path.name), tr("commit.raced.hint"))

    try:
        atomic.replace(path, fill, durable=durable, mode=mode if mode is not None else 0o644)
    except OSError as e:  # disk full, no permission, read-only file system: the original stays
        raise UserError(tr("edit.cannot_write", name=path.name, why=e.strerror or e)) from None
