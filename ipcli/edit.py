"""Round-trip editing of a plan file: comments, key order, quoting, blank lines and line endings
are kept, and the file is replaced atomically or not at all.

Reading for edits uses ruamel.yaml's round-trip mode (slow, but it keeps everything); the fast
reader checks the file first so that a broken plan is refused with its line and column, and
checks the result again so that an edit can never write a plan that does not read.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipcli.errors import UserError
from ipcli.limits import Limits


@dataclass
class Editable:
    """A plan opened for editing."""

    path: Path
    shown: str
    original: bytes
    newline: str
    data: Any  # ruamel CommentedMap
    yaml: Any  # the ruamel YAML object set up for this file's indentation

    def text(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        text = out.getvalue()
        return text.replace("\n", "\r\n") if self.newline == "\r\n" else text

    def diff(self) -> str:
        old = self.original.decode("utf-8").splitlines(keepends=True)
        new = self.text().splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"a/{self.shown}", f"b/{self.shown}"))


def _mapping_indent(text: str) -> int:
    """The indentation of keys nested under a top-level key (2 unless the file says otherwise)."""
    m = re.search(r"^[A-Za-z_][\w-]*:[ \t]*(?:#.*)?\r?\n((?:[ \t]*(?:#.*)?\r?\n)*)( +)[A-Za-z_]", text, re.M)
    return len(m.group(2)) if m else 2


# Round-trip editing keeps every comment and space, and costs ~0.1 ms a line (seconds for a
# file of megabytes): a plan that large is not a plan someone edits by command.
MAX_EDIT_BYTES = 1024 * 1024


def open_plan(path: Path, shown: str, limits: Limits) -> Editable:
    """Open a plan for editing, or refuse with where and why it cannot be edited safely."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    from ipcli.load import load_file

    loaded = load_file(path, shown, limits)
    unreadable = [f for f in loaded.findings if f.code.startswith("IP0") or f.code == "IP105"]
    if unreadable:
        f = unreadable[0]
        raise UserError(f"{f.path}:{f.line}:{f.col}: {f.message} — fix this first; the plan was not changed")
    original = path.read_bytes()
    if len(original) > MAX_EDIT_BYTES:
        raise UserError(
            f"{shown}: the file is {len(original) / 1_048_576:.1f} MB; ipcli edits plans of up to "
            f"{MAX_EDIT_BYTES // 1_048_576} MB (the plan was not changed)",
            "a plan is normally a few kilobytes: check the file, or edit it in a text editor",
        )
    text = original.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")  # ruamel keeps a \r inside comments; lines end as they did on writing
    try:
        _, sequence_indent, offset = load_yaml_guess_indent(text)
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap long lines
        yaml.indent(mapping=_mapping_indent(text), sequence=sequence_indent or 4, offset=offset or 2)
        data = yaml.load(text)
        ed = Editable(path, shown, original, newline, data, yaml)
        unchanged = ed.text().encode("utf-8")
    except Exception:  # the round-trip library on input it cannot take (e.g. a 100,000-digit number)
        # no exception text: it would be a programmer's words, and could quote the plan
        raise UserError(
            f"{shown}: ipcli cannot edit this file safely as it is written; the plan was not changed",
            "run `ipcli lint` and fix what it finds, or edit the file in a text editor",
        ) from None
    if unchanged != original:
        # the YAML library cannot write this file back as it is: an edit would touch lines it
        # should not (or break them). Refuse rather than change what nobody asked to change.
        old_lines = original.decode("utf-8", "replace").splitlines()
        new_lines = unchanged.decode("utf-8", "replace").splitlines()
        line = next(
            (i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), 1) if a != b),
            min(len(old_lines), len(new_lines)) + 1,
        )
        raise UserError(
            f"{shown}:{line}: ipcli cannot edit this file without changing its layout "
            "here; the plan was not changed",
            "make this change in a text editor, or write the line in the usual block style",
        )
    return ed


def save(ed: Editable, limits: Limits) -> None:
    """Check the edited plan reads and validates, then replace the file atomically."""
    from ipcli.parse import ParseError, parse
    from ipcli.schema import validate

    new = ed.text().encode("utf-8")
    try:
        problems = validate(parse(new, limits).data)
    except ParseError as e:  # pragma: no cover - a ruamel dump always parses
        raise UserError(
            f"{ed.shown}: the edit would make the file unreadable ({e.message}); nothing was written"
        ) from None
    if problems:
        raise UserError(
            f"{ed.shown}: the edit would break the plan ({problems[0].message}); nothing was written"
        )
    write_atomically(ed.path, new, expected=ed.original)


def write_atomically(path: Path, data: bytes, expected: bytes | None = None, durable: bool = True) -> None:
    """Write to a temporary file beside the target, fsync it, and rename it over the target.
    With `expected`, refuse if the file on disk is no longer what was read (someone else wrote
    it in the meantime). The original keeps its permissions; on any failure it is untouched."""
    mode = None
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if expected is not None and path.read_bytes() != expected:
            raise UserError(
                f"{path.name} changed on disk while ipcli was editing it; nothing was written",
                "run the command again",
            )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise UserError(
            f"could not write beside {path.name} ({e.strerror or e}); the file was not changed"
        ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:  # output that can be made again (a rendered site) skips the disk sync
                os.fsync(f.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        if expected is not None and path.read_bytes() != expected:
            raise UserError(
                f"{path.name} changed on disk while ipcli was editing it; nothing was written",
                "run the command again",
            )
        os.replace(tmp, path)
    except OSError as e:  # disk full, no permission, read-only file system: the original stays
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UserError(
            f"could not write {path.name} ({e.strerror or e}); the file was not changed"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
