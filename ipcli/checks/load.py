"""Load one plan file: read, parse with positions, validate, build the typed Plan.

Every problem becomes a Finding with a line and column; nothing here raises for bad input.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from ipcli.language.i18n import N_
from ipcli.plan.codes import severity_of
from ipcli.plan.findings import Finding, said, unsaid
from ipcli.plan.limits import Limits
from ipcli.plan.model import BadDate, Plan, build_plan
from ipcli.plan.parse import Document, ParseError, parse, too_large, written
from ipcli.plan.positions import locate
from ipcli.plan.schema import SchemaProblem, bad_date, shown, validate
from ipcli.store.cache import git_blob_id
from ipcli.store.repo import is_inside


@dataclass
class LoadedPlan:
    """What loading one file gave: the plan when it is valid, and every finding."""

    file: Path
    shown: str
    plan: Plan | None = None
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    blob: str | None = None  # git blob id of the bytes read (None: nothing was read)
    # the forgiving reading, only when the file does not read cleanly (see ipcli.checks.repair):
    # the plan as far as it reads, the bad dates left out of it, the top-level sections that lost
    # a value, and the lines of the entries that did
    lenient: Plan | None = None
    bad_dates: list[BadDate] = field(default_factory=list)
    lost_sections: frozenset[str] = frozenset()
    lost_lines: list[tuple[int, int]] = field(default_factory=list)

    @property
    def data(self) -> Any:
        return self.document.data if self.document is not None else None

    def finding(
        self, code: str, at: tuple[str | int, ...], message: str, hint: str = "", at_key: bool = False
    ) -> Finding:
        """A finding pointing at a path in this file's data."""
        line, col = locate(self.document.root, at, at_key) if self.document else (1, 1)
        if self.document is not None and unsaid(hint)[0] == "schema.hint.quote":
            # the number as the person wrote it (`0755`, not 755): the text to put in quotes
            text = written(self.document.root, at)
            if text is not None:
                hint = said("schema.hint.quote", value=shown(text))
        return Finding(self.shown, line, col, code, severity_of(code), message, hint)


# why a file could not be opened, in words of the language (the English is the system's own)
_ERRNO = {
    errno.EACCES: N_("file.errno.EACCES"),
    errno.EPERM: N_("file.errno.EPERM"),
    errno.ENOENT: N_("file.errno.ENOENT"),
    errno.EISDIR: N_("file.errno.EISDIR"),
    errno.ELOOP: N_("file.errno.ELOOP"),
    errno.EIO: N_("file.errno.EIO"),
    errno.ENAMETOOLONG: N_("file.errno.ENAMETOOLONG"),
}


def load_file(file: Path, shown_as: str, limits: Limits, root: Path | None = None) -> LoadedPlan:
    """Read and check one plan file. With `root`, a file whose real path is outside that folder
    (a symbolic link out of the repository) is not read at all."""
    loaded = LoadedPlan(file, shown_as)
    if root is not None and not is_inside(file, root):
        loaded.findings.append(
            Finding(
                shown_as,
                1,
                1,
                "IP001",
                severity_of("IP001"),
                said("file.link_out"),
                said("file.link_out.hint"),
            )
        )
        return loaded
    try:
        size = file.stat().st_size
        if size > limits.max_file_bytes:
            # refuse before reading: a hostile 50 MB file costs nothing
            raise too_large(size, limits)
        raw = file.read_bytes()
        loaded.blob = git_blob_id(raw)  # the cache key of what is analysed (see ipcli.store.cache)
    except OSError as e:
        known = _ERRNO.get(e.errno or 0)
        if known is not None:
            message = said("file.cannot_open", reason_term=known)
        else:  # the system's own words
            message = said("file.cannot_open.why", reason=e.strerror or str(e))
        loaded.findings.append(Finding(shown_as, 1, 1, "IP001", severity_of("IP001"), message))
        return loaded
    except ParseError as e:
        loaded.findings.append(
            Finding(shown_as, e.line, e.col, e.code, severity_of(e.code), e.message, e.hint)
        )
        return loaded
    return load_bytes(raw, loaded, limits)


def load_bytes(raw: bytes, loaded: LoadedPlan, limits: Limits) -> LoadedPlan:
    """The rest of loading, for bytes from a file or from git's history."""
    shown_as = loaded.shown
    try:
        loaded.document = parse(raw, limits)
    except ParseError as e:
        loaded.findings.append(
            Finding(shown_as, e.line, e.col, e.code, severity_of(e.code), e.message, e.hint)
        )
        return loaded
    doc = loaded.document
    for p in doc.problems:
        loaded.findings.append(
            Finding(shown_as, p.line, p.col, p.code, severity_of(p.code), p.message, p.hint)
        )
    problems = validate(doc.data)
    # a list item that lost its `- ` was read as several: the data no longer matches the file's
    # positions, so the plan is read the forgiving way (the parts left out), never the strict one
    split = any(p.code == "IP008" for p in doc.problems)
    if not problems and not split:
        try:
            loaded.plan = build_plan(doc.data)
        except BadDate as e:
            problems = [bad_date(e.at, e.value)]
            if e.outside:
                problems = [SchemaProblem(e.at, "IP105", *e.outside_words())]
    loaded.findings.extend(loaded.finding(p.code, p.path, p.message, p.hint, p.at_key) for p in problems)
    if loaded.plan is None:
        forgive(loaded)
    return loaded


def forgive(loaded: LoadedPlan) -> None:
    """The forgiving reading of a file that parsed but is no clean plan: the plan built from its
    data with the broken parts left out (ipcli.checks.repair), for the rules that can still use
    it. Nothing when even that leaves no plan."""
    from ipcli.checks.repair import repair, spans

    doc = loaded.document
    if doc is None:
        return
    mended = repair(doc)
    if mended is None:
        return
    bad: list[BadDate] = []
    try:
        plan = build_plan(mended.data, bad)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):  # not shaped like a plan
        return
    _moved(plan, mended.original)
    for b in bad:
        b.at = mended.original(b.at)
    # an entry that cannot be without its date (a consent, meeting, revision, evaluation) was left
    # out whole: as a list item left out, so that what holds it may have lost it
    gone = mended.gone + [b.at[:-1] if _whole(b.at) else b.at for b in bad]
    loaded.lenient = plan
    loaded.bad_dates = bad
    loaded.lost_sections = frozenset(str(p[0]) for p in gone if p)
    loaded.lost_lines = spans(doc, gone + mended.unknown)


def _whole(at: tuple[str | int, ...]) -> bool:
    return len(at) >= 2 and at[-1] == "date" and isinstance(at[-2], int)


def _moved(value: Any, original: Any) -> None:
    """Every position in the plan's entries written in the file's own coordinates (items left
    out of a list shift the ones after them in the mended data)."""
    if isinstance(value, list):
        for v in value:
            _moved(v, original)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            v = getattr(value, f.name)
            if f.name == "at" and isinstance(v, tuple):
                setattr(value, f.name, original(v))
            elif isinstance(v, list) or (is_dataclass(v) and not isinstance(v, type)):
                _moved(v, original)
