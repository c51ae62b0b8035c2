"""Lint findings for CI systems: GitHub workflow annotations, JUnit XML (GitLab, Jenkins),
SARIF 2.1.0 (code-scanning views) and GitLab Code Quality JSON.

CI logs are read by people who need not see the plans, so these formats carry the finding's
code, message and place: messages name keys, ids and dates, and national id numbers are masked
already when the finding is made.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from ipcli import __version__
from ipcli.plan.codes import CODES
from ipcli.plan.findings import Finding, Severity, identity

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    """GitHub workflow-command data: %, CR and LF escaped, so text cannot start a command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """`::error file=…,line=…,col=…,title=CODE::message` — shown on the pull request's lines."""

    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None:
        for f in findings:
            message = f"{f.message} — {f.hint}" if f.hint else f.message
            out.write(
                f"::{_GITHUB_LEVEL[f.severity]} file={_gh_property(f.path)},line={f.line},col={f.col},"
                f"title={_gh_property(f.code)}::{_gh_data(message)}\n"
            )


# what XML 1.0 cannot hold at all, escaped or not (its Char production): C0 controls but tab, LF
# and CR; lone surrogates; U+FFFE and U+FFFF. Plan text reaches the messages, so any may appear.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Text XML can hold: a character it cannot is written as a visible escape (`\\ufffe`), as
    ipcli writes unsafe characters on a terminal."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _text(text: str) -> str:
    return escape(_xml_safe(text))


def _attr(text: str) -> str:
    return quoteattr(_xml_safe(text))


class JunitReporter:
    """One test case per plan file checked (a clean one passes); a failure per error or warning
    (info is a passing note)."""

    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None:
        by_file: dict[str, list[Finding]] = {path: [] for path in checked}
        for f in findings:
            by_file.setdefault(f.path, []).append(f)
        failing = len({f.path for f in findings if f.severity is not Severity.INFO})
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        # tests: the test cases written, so a reader's count and its elements agree
        out.write(f'<testsuites name="ipcli lint" tests="{len(by_file)}" failures="{failing}">\n')
        out.write(
            f'  <testsuite name="ipcli lint" tests="{len(by_file)}" '
            f'failures="{failing}" errors="0" skipped="0">\n'
        )
        for path, found in sorted(by_file.items()):
            out.write(f'    <testcase classname="plans" name={_attr(path)}>\n')
            bad = [f for f in found if f.severity is not Severity.INFO]
            if bad:
                first = bad[0]
                text = "\n".join(f"{f.path}:{f.line}:{f.col}: {f.severity} {f.code} {f.message}" for f in bad)
                out.write(
                    f"      <failure type={_attr(first.code)} message={_attr(first.message)}>"
                    f"{_text(text)}</failure>\n"
                )
            notes = [f for f in found if f.severity is Severity.INFO]
            if notes:
                text = "\n".join(f"{f.path}:{f.line}:{f.col}: info {f.code} {f.message}" for f in notes)
                out.write(f"      <system-out>{_text(text)}</system-out>\n")
            out.write("    </testcase>\n")
        out.write("  </testsuite>\n</testsuites>\n")


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReporter:
    """SARIF 2.1.0: one run, ipcli's rules described, one result per finding."""

    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None:
        used = sorted({f.code for f in findings})
        rules = [
            {
                "id": code,
                "name": CODES[code].title_words("en"),  # stable; the descriptions follow the language
                "shortDescription": {"text": CODES[code].title_words()},
                "fullDescription": {"text": CODES[code].explanation_words()},
                "defaultConfiguration": {"level": _SARIF_LEVEL[CODES[code].severity]},
                "properties": {"family": CODES[code].family},
            }
            for code in used
        ]
        index = {code: i for i, code in enumerate(used)}
        results = [
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f"{f.message} — {f.hint}" if f.hint else f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.path},
                            "region": {"startLine": f.line, "startColumn": f.col},
                        }
                    }
                ],
            }
            for f in findings
        ]
        doc = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "ipcli",
                            "version": __version__,
                            "informationUri": "https://ipcli.example.org/",
                            "rules": rules,
                        }
                    },
                    "results": results,
                }
            ],
        }
        json.dump(doc, out, ensure_ascii=False, indent=1)
        out.write("\n")


_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprints(findings: list[Finding]) -> list[str]:
    """A fingerprint per finding that stays the same while the finding does: made of the path,
    the code and the message's key and values (findings.identity), never of the line (lines move),
    the words (they follow --lang) or a day count (it changes daily), so GitLab does not show an
    old finding as new. Findings alike in all of that are told apart by their order in the file."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        ident = f.ident or f.message  # a deadline's: its item's key and values, in words here
        what = (f.path, f.code, identity(ident if isinstance(ident, str) else repr(ident)))
        nth = seen[what] = seen.get(what, -1) + 1
        out.append(hashlib.sha256("\x1f".join([*what, str(nth)]).encode(errors="surrogatepass")).hexdigest())
    return out


class GitlabReporter:
    """GitLab Code Quality: a JSON array of issues with a stable fingerprint each."""

    def report(
        self, findings: list[Finding], files_checked: int, out: TextIO, checked: Sequence[str] = ()
    ) -> None:
        issues = [
            {
                "description": f"{f.code} {f.message}",
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": _GITLAB_SEVERITY[f.severity],
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
            for f, fingerprint in zip(findings, fingerprints(findings), strict=True)
        ]
        json.dump(issues, out, ensure_ascii=False, indent=1)
        out.write("\n")
