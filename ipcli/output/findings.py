"""Reporters for lint findings: `--format text|json|github|junit|sarif|gitlab`. Output goes to the
given stream. The CI formats live in ipcli.output.ci (imported only when asked for)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TextIO

from ipcli import __version__
from ipcli.language.i18n import N_
from ipcli.language.nationalid import mask
from ipcli.language.safe import write_masked
from ipcli.plan.findings import Finding, Severity


class FindingsReporter(Protocol):
    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None: ...


_SEVERITY_WORDS = {
    Severity.ERROR: N_("severity.error"),
    Severity.WARNING: N_("severity.warning"),
    Severity.INFO: N_("severity.info"),
}
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


class TextReporter:
    """`path:line:col: severity CODE message — hint`, one finding a line."""

    def __init__(self, color: bool = False) -> None:
        self.color = color

    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None:
        from ipcli.language.i18n import tr

        # the severity in the reader's language, the singular of the summary's counts
        words = {s: tr(_SEVERITY_WORDS[s]) for s in Severity}
        shown = {s: f"{_COLORS[s]}{words[s]}\x1b[0m" if self.color else words[s] for s in Severity}
        # a finding's words were masked when they were made (ipcli.plan.findings.words); its path
        # is masked here, once a file: so the text needs no second mask (safe.write_masked)
        paths: dict[str, str] = {}
        for start in range(0, len(findings), 1000):  # written as it goes, a thousand lines a write
            chunk = findings[start : start + 1000]
            for f in chunk:
                if f[0] not in paths:
                    paths[f[0]] = mask(f[0])
            write_masked(
                out,
                "".join(
                    [
                        f"{paths[path]}:{line}:{col}: {shown[severity]} {code} {message}"
                        + (f" — {hint}\n" if hint else "\n")
                        for path, line, col, code, severity, message, hint, _ident in chunk
                    ]
                ),
            )


class JsonReporter:
    """A stable document: {"version", "tool", "files_checked", "counts", "findings": [...]}."""

    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None:
        counts = {str(s): sum(1 for f in findings if f.severity is s) for s in Severity}
        doc = {
            "version": 1,
            "tool": f"ipcli {__version__}",
            "files_checked": files_checked,
            "counts": counts,
            "findings": [f.to_dict() for f in findings],
        }
        dump_json(doc, "findings", out)


# format name -> factory(color)
def _ci(name: str) -> FindingsReporter:
    from ipcli.output import ci

    reporter: FindingsReporter = getattr(ci, name)()
    return reporter


REPORTERS: dict[str, Callable[[bool], FindingsReporter]] = {
    "text": lambda color: TextReporter(color),
    "json": lambda color: JsonReporter(),
    "github": lambda color: _ci("GithubReporter"),
    "junit": lambda color: _ci("JunitReporter"),
    "sarif": lambda color: _ci("SarifReporter"),
    "gitlab": lambda color: _ci("GitlabReporter"),
}


def summary(findings: list[Finding], files_checked: int) -> str:
    """One line for stderr, in the run's language: how many plans, how many problems."""
    from ipcli.language.i18n import tr, tr_n

    checked = tr_n("count.plans.one", "count.plans.other", files_checked)
    if not findings:
        return tr("lint.summary.clean", checked=checked)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    notes = len(findings) - errors - warnings
    parts = [
        tr_n("count.errors.one", "count.errors.other", n)
        if sev is Severity.ERROR
        else tr_n("count.warnings.one", "count.warnings.other", n)
        if sev is Severity.WARNING
        else tr_n("count.info.one", "count.info.other", n)
        for sev, n in ((Severity.ERROR, errors), (Severity.WARNING, warnings), (Severity.INFO, notes))
        if n
    ]
    files = tr_n("count.files.one", "count.files.other", len({f.path for f in findings}))
    return tr("lint.summary", checked=checked, problems=", ".join(parts), files=files)


def dump_json(doc: dict[str, Any], list_key: str, out: TextIO) -> None:
    """A JSON document with its long list one entry per line: readable, diff-friendly, and
    written by the C encoder (json's `indent` falls back to pure Python: 10x slower)."""
    items = doc.pop(list_key)
    head = json.dumps(doc, ensure_ascii=False)[:-1]
    out.write(head + f', "{list_key}": [')
    for i, item in enumerate(items):
        out.write(("\n  " if i == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
    out.write("\n]}\n" if items else "]}\n")
