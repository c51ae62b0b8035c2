"""Load one plan file: read, parse with positions, validate, build the typed Plan.

Every problem becomes a Finding with a line and column; nothing here raises for bad input.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import yaml

from ipcli.language.i18n import N_
from ipcli.plan.codes import severity_of
from ipcli.plan.findings import Finding, said, unsaid
from ipcli.plan.limits import Limits
from ipcli.plan.model import BadDate, Plan, build_plan
from ipcli.plan.parse import Document, ParseError, parse, too_large, written
from ipcli.plan.positions import locate
from ipcli.plan.recover import Blanked
from ipcli.plan.schema import SchemaProblem, bad_date, shown, validate
from ipcli.store.cache import git_blob_id
from ipcli.store.repo import is_inside

Path_ = tuple[str | int, ...]


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
    # the lines left out to read past YAML syntax errors (ipcli.plan.recover): the document is
    # the file without them, and the plan is read only the forgiving way
    blanked: list[Blanked] = field(default_factory=list)

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
        # read on past it (and every later one): one run names every slip of the file, and what
        # reads around them is still checked (ipcli.plan.recover; only files that fail pay)
        from ipcli.plan.recover import recover

        found = recover(raw, e, limits)
        loaded.findings.extend(
            Finding(shown_as, x.line, x.col, x.code, severity_of(x.code), x.message, x.hint)
            for x in found.errors
        )
        if found.document is None:
            return loaded
        loaded.document, loaded.blanked = found.document, found.blanked
    doc = loaded.document
    for p in doc.problems:
        loaded.findings.append(
            Finding(shown_as, p.line, p.col, p.code, severity_of(p.code), p.message, p.hint)
        )
    problems = validate(doc.data)
    if loaded.blanked:
        problems = _read_around(doc, loaded.blanked, problems)
    # a list item that lost its `- ` was read as several: the data no longer matches the file's
    # positions, so the plan is read the forgiving way (the parts left out), never the strict one
    split = any(p.code == "IP008" for p in doc.problems)
    if not problems and not split and not loaded.blanked:
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


def _lost_to_syntax(doc: Document, blanked: list[Blanked]) -> list[tuple[Path_, Path_, int, int]]:
    """For each blanked block: the entry it lay in, the path of what it held (the entry and the
    key of its first line, or the list it was an item of), and that entry's lines."""
    from ipcli.plan.recover import holder

    out = []
    for b in blanked:
        path, node = holder(doc.root, b.first - 1, b.indent)
        lost = (*path, b.key) if b.key and isinstance(node, yaml.MappingNode) else path
        out.append((path, lost, node.start_mark.line + 1, max(node.start_mark.line + 1, node.end_mark.line)))
    return out


def _read_around(doc: Document, blanked: list[Blanked], problems: list[SchemaProblem]) -> list[SchemaProblem]:
    """The schema problems of a document read with lines left out, without those that only
    say what the left-out lines held: a key missing from the entry they lay in (the key on
    them), an entry left empty, anything under a key they held."""
    from ipcli.plan.findings import unsaid

    lost = _lost_to_syntax(doc, blanked)
    kept = []
    for p in problems:
        dropped = False
        for (path, gone, _first, _last), b in zip(lost, blanked, strict=True):
            if p.path[: len(gone)] == gone and gone != ():
                dropped = True
            elif p.path == path:
                missing = unsaid(p.message)[1].get("key") if p.code == "IP102" else None
                dropped = missing == b.key or (path != () and (b.key is None or p.code != "IP102"))
            if dropped:
                break
        if not dropped:
            kept.append(p)
    return kept


def forgive(loaded: LoadedPlan) -> None:
    """The forgiving reading of a file that parsed but is no clean plan: the plan built from its
    data with the broken parts left out (ipcli.checks.repair), for the rules that can still use
    it. Nothing when even that leaves no plan."""
    from ipcli.checks.repair import repair, spans

    doc = loaded.document
    if doc is None:
        return
    if loaded.blanked:  # what the lines left out held: findings about it are consequences
        lost = _lost_to_syntax(doc, loaded.blanked)
        # a section is in doubt when it, an item of it, or an entry's id was on such a line; a
        # value deeper in an entry only puts that entry in doubt (its lines, below)
        loaded.lost_sections = frozenset(
            str(gone[0]) for _p, gone, _f, _l in lost if gone and (len(gone) <= 2 or gone[-1] == "id")
        )
        loaded.lost_lines = [(b.first, b.last) for b in loaded.blanked]
        loaded.lost_lines += [(first, last) for path, _g, first, last in lost if path]
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
    loaded.lost_sections |= frozenset(str(p[0]) for p in gone if p)
    loaded.lost_lines += spans(doc, gone + mended.unknown)


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
