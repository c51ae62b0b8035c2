"""What the last `render --all` put into a site folder, so that the next run into the same folder
makes again only what changed, and writes only the files whose bytes change.

A site is made from ipcli itself (its version and code, its templates and catalogues), the
repository's own templates, ipcli.toml, the logo, the run's options (--lang, --today, --redact,
--without, the PDFs beside the pages) — together the run's *stamp* — and each plan file's path,
bytes and git version. So:

- a plan's two pages are made again when its key (stamp, path, version, bytes) is not the one the
  last complete run recorded, or when one of its pages is not as that run left it;
- the shared pages (index, due overview, coordinators' pages, style sheet, script) are made again
  when the stamp, the list of plans or any plan's key changed, when a plan failed, or when one of
  them is not as the last run left it;
- a page made again is written only when its bytes differ from the file on disk.

"As the last run left it": the file's size, inode, modification and change time (the change time
is set by the system on every write and cannot be set back by a tool), recorded after the file
was written, and a hash of its bytes. A file whose stat differs is read and hashed; if its bytes
are still the recorded ones it is kept, otherwise it is made and written again. A file changed in
the second or two before the record was saved is always hashed (a file system with a coarse
clock could give a hand edit the same times).

The record lives beside ipcli's cache in the repository's git directory (`.git/ipcli/`), one per
site folder, never in the site folder: it holds names and due dates like the pages do, and the
site is the folder people share. It carries this user's keyed hash, as the cache does (a record
written by someone else, copied, edited or corrupt is ignored: everything is made again), and is
written whole, once the site is complete. A run that is interrupted leaves the last complete
record behind, and every page it replaced meanwhile no longer matches it, so nothing it left half
done is taken for finished. Without a git directory or a place for the user's key there is no
record: every run makes every page (and still writes only the files whose bytes change).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ipcli import __version__
from ipcli.deadlines.words import DueLine
from ipcli.store import atomic
from ipcli.store.sealed import blake2b, read_sealed, seal
from ipcli.store.versions import Version

if TYPE_CHECKING:
    from ipcli.store.outfile import OutFolder

FORMAT = b"ipcli-site-1\n"

RACY_NS = 2_000_000_000  # a file changed this close before the record was saved is hashed


class Record(NamedTuple):
    """A file of the site as written: its stat and a hash of its bytes."""

    size: int
    ino: int
    mtime_ns: int
    ctime_ns: int
    digest: bytes


def digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


def _stat_of(st: os.stat_result, hashed: bytes) -> Record:
    return Record(st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, hashed)


def as_left(path: Path, old: Record, saved_ns: int) -> Record | None:
    """The file's record when it still holds the bytes `old` recorded (refreshed when only its
    stat changed), else None (missing, changed, unreadable)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_size != old.size:
        return None
    same = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns) == (old.ino, old.mtime_ns, old.ctime_ns)
    if same and st.st_ctime_ns < saved_ns - RACY_NS:
        return old
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return _stat_of(st, old.digest) if digest(data) == old.digest else None


def put(out: OutFolder, name: str, data: bytes, old: Record | None, saved_ns: int) -> tuple[Record, bool]:
    """Write `name` through the checked writer unless the file holds these bytes already (as
    the record says, checked on disk). The file's record, and whether it was written."""
    hashed = digest(data)
    if old is not None and old.digest == hashed:
        kept = as_left(out.path(name), old, saved_ns)
        if kept is not None:
            return kept, False
    path = out.write(name, data)
    try:
        return _stat_of(os.stat(path), hashed), True
    except OSError:  # gone at once: a record that matches nothing, so the next run writes it
        return Record(-1, 0, 0, 0, hashed), True


# --- the run's stamp ---------------------------------------------------------------------------


def _hash_folder(h: Any, folder: Path) -> None:
    """Every file under `folder` (names and bytes, in a fixed order) into `h`."""
    base = str(folder)
    for top, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(top, name)
            h.update(os.path.relpath(path, base).encode("utf-8", "surrogateescape") + b"\0")
            _hash_file(h, path, folder)


def _hash_file(h: Any, path: str | Path, inside: Path) -> None:
    """A file's bytes into `h`, read only as the templates' loader and the logo's reader read it
    (ipcli.documents.render, ipcli.documents.prepare): a link out of `inside` is named, never
    opened, and a file that is not a regular file (a FIFO would wait for ever) is not read."""
    from ipcli.store.repo import is_inside

    if not is_inside(path, inside):
        h.update(b"outside\0" + os.fsencode(os.path.realpath(path)) + b"\0")
        return
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            h.update(b"?\0")
            return
        with open(path, "rb") as f:
            h.update(digest(f.read()))
    except OSError:
        h.update(b"?\0")


def stamp(
    config_bytes: bytes,
    own_templates: Path | None,
    logo: Path | None,
    options: Iterable[str],
    root: Path,
) -> bytes:
    """Everything every page of the site depends on besides its plan (see the module's docstring)."""
    import jinja2
    import markupsafe

    from ipcli.documents.builtin import builtin_templates
    from ipcli.language import i18n
    from ipcli.store.cache import code_fingerprint

    h = blake2b(digest_size=32)
    h.update(FORMAT + __version__.encode() + b"\0" + code_fingerprint())
    h.update(f"{sys.version}\0".encode())
    for library in (jinja2, markupsafe):  # which build of them: their files' sizes and times
        try:
            st = os.stat(library.__file__ or "")
            h.update(f"{library.__name__} {st.st_size} {st.st_mtime_ns}\0".encode())
        except OSError:
            h.update(f"{library.__name__} ?\0".encode())
    _hash_folder(h, builtin_templates())
    _hash_folder(h, Path(i18n.__file__).resolve().parent.parent / "locale")
    h.update(b"config\0" + digest(config_bytes))
    if own_templates is not None:
        h.update(b"own\0")
        _hash_folder(h, own_templates)
    if logo is not None:  # read as the page reads it (ipcli.documents.prepare.logo_of)
        h.update(b"logo\0")
        _hash_file(h, logo, root)
    h.update(f"run language {i18n.current()}\0".encode())
    for option in options:
        h.update(option.encode("utf-8", "surrogateescape") + b"\0")
    return h.digest()


def plan_key(site_stamp: bytes, rel: str, version: Version | None, blob: str | None) -> bytes | None:
    """What a plan's pages are made from (`blob`: its file's git blob id, as the result cache
    keys it); None when the file was not read (always made)."""
    if blob is None:
        return None
    h = blake2b(site_stamp, digest_size=16)
    h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
    if version is not None:
        day = version.date.isoformat() if version.date is not None else ""
        h.update(f"{version.commit}\0{day}\0{version.changed}\0".encode())
    h.update(blob.encode("ascii"))
    return h.digest()


def shared_key(site_stamp: bytes, plans: Iterable[tuple[str, bytes | None]]) -> bytes:
    """What the shared pages are made from: the stamp and every plan's path and key, in the
    run's order; empty (always made) when a plan's file cannot be read."""
    h = blake2b(site_stamp, digest_size=16)
    for rel, key in plans:
        if key is None:
            return b""
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + key)
    return h.digest()


# --- a plan's summary (what the shared pages need of it), in a form marshal keeps -------------


def to_plain(summary: dict[str, Any] | None) -> Any:
    if summary is None:
        return None
    plain = dict(summary)
    plain["due"] = [(d.date.toordinal(), d.what, d.overdue, d.where) for d in summary["due"]]
    if "problems" in summary:
        plain["problems"] = [tuple(p) for p in summary["problems"]]
    return plain


def from_plain(plain: Any) -> dict[str, Any] | None:
    if plain is None:
        return None
    summary = dict(plain)
    summary["due"] = [
        DueLine(dt.date.fromordinal(o), what, late, where) for o, what, late, where in plain["due"]
    ]
    if "problems" in plain:
        summary["problems"] = [tuple(p) for p in plain["problems"]]
    return summary


# --- the record ----------------------------------------------------------------------------------


class SiteState:
    """The last complete run's record for one site folder (empty when there is none that counts),
    and this run's, saved at the end."""

    def __init__(self, file: Path | None, key: bytes | None, site_stamp: bytes, loaded: Any) -> None:
        self.file, self.key, self.stamp = file, key, site_stamp
        self.plans: dict[str, tuple[bytes, Any]] = {}  # rel -> (plan key, summary in plain form)
        self.files: dict[str, Record] = {}  # page name -> record
        self.shared: bytes = b""  # the key the shared pages were made for
        self.saved_ns = 0
        if loaded is not None:
            self.plans, files, self.shared, self.saved_ns = loaded
            self.files = {name: Record(*r) for name, r in files.items()}

    @classmethod
    def open(cls, root: Path, folder: Path, site_stamp: bytes) -> SiteState:
        from ipcli.store.cache import user_key
        from ipcli.store.git import git_dir

        if os.environ.get("IPCLI_NO_CACHE"):  # the cache's switch: nothing kept in .git/ipcli
            return cls(None, None, site_stamp, None)
        found = git_dir(root)
        key = user_key() if found is not None else None
        if found is None or key is None:
            return cls(None, None, site_stamp, None)
        name = blake2b(os.fsencode(os.path.realpath(folder)), digest_size=12).hexdigest()
        file = found / "ipcli" / f"site-{name}.marshal"
        return cls(file, key, site_stamp, _read(file, key, site_stamp))

    def old_record(self, name: str) -> Record | None:
        return self.files.get(name)

    def unchanged_plan(self, rel: str, key: bytes | None, folder: Path) -> Any:
        """The plan's summary (plain form) when its key is the recorded one and its pages in
        `folder` are as the last run left them; `MISSING` otherwise."""
        found = self.plans.get(rel)
        if key is None or found is None or found[0] != key:
            return MISSING
        plain = found[1]
        if plain is not None and plain.get("page"):
            for name in pages_of(plain["id"]):
                old = self.files.get(name)
                kept = as_left(folder / name, old, self.saved_ns) if old is not None else None
                if kept is None:
                    return MISSING
                self.files[name] = kept  # its stat as it is now: not hashed again next time
        return plain

    def save(self, plans: dict[str, tuple[bytes, Any]], files: dict[str, Record], shared: bytes) -> None:
        """This run's record, written whole; a failure only means the next run makes every page."""
        if self.file is None or self.key is None:
            return
        try:
            record = (self.stamp, plans, {n: tuple(r) for n, r in files.items()}, shared, time.time_ns())
            data = seal(FORMAT, self.key, record)
            self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic.replace(self.file, data, mode=0o600, prefix=".site-", durable=False)
        except (OSError, ValueError):
            return


MISSING = object()


def pages_of(plan_id: str) -> tuple[str, str]:
    """The two pages of a plan in the site."""
    return f"plans/{plan_id}.html", f"plans/{plan_id}.citizen.html"


def _read(file: Path, key: bytes, site_stamp: bytes) -> Any:
    """(plans, files, shared, saved_ns) of a record this user's ipcli wrote for this stamp, or None."""
    sealed = read_sealed(file, FORMAT, key)
    if sealed is None:
        return None
    try:
        old_stamp, plans, files, shared, saved_ns = sealed[0]
    except (ValueError, TypeError):
        return None
    if old_stamp != site_stamp or type(plans) is not dict or type(files) is not dict:
        return None  # another ipcli, other templates, settings or options: everything is made again
    return plans, files, shared, saved_ns
