"""Rules that check a plan beyond its schema, one module per family, and the policy that applies
a repository's settings: severities, rules switched off, drafts, ignore comments."""

from __future__ import annotations

import datetime as dt

from ipcli.checks.results import FileResult
from ipcli.checks.rules.deadlines import due_findings
from ipcli.config import Config
from ipcli.language import i18n
from ipcli.plan.codes import CODES, SEVERITY, severity_of
from ipcli.plan.findings import MADE, Finding, Severity, said, words


def findings_for(
    result: FileResult,
    shown: str,
    config: Config,
    today: dt.date,
    extra: list[Finding] | None = None,
    redact: bool = False,
    lang: str | None = None,
) -> list[Finding]:
    """Every finding for one file as of `today`, after the repository's policy, its messages in
    words of `lang` (default: the run's language): the stored result holds keys and values.
    With `redact`, what a message quotes from the plan is left out and people are initials."""
    language = lang or i18n.current()
    made, make = MADE, tuple.__new__  # the words made so far, looked up here first (many findings)
    found = [
        make(
            Finding,
            (
                shown,
                line,
                col,
                code,
                SEVERITY[code],
                made.get((message, language, redact)) or words(message, language, redact),
                made.get((hint, language, redact)) or words(hint, language, redact),
                message,
            ),
        )
        for line, col, code, message, hint in result.findings
    ]
    found += due_findings(result, shown, today, redact, lang)
    found += [
        f._replace(
            message=words(f.message, lang, redact),
            hint=words(f.hint, lang, redact),
            ident=f.ident or f.message,
        )
        for f in extra or ()
    ]
    return apply_policy(found, result, config, lang)


def apply_policy(
    findings: list[Finding], result: FileResult, config: Config, lang: str | None = None
) -> list[Finding]:
    # a plan that did not read cleanly: its settings as far as they were read (a draft's content
    # findings stay reminders when a slip elsewhere kept the plan from reading)
    facts = result.facts or (result.unread.facts if result.unread is not None else None)
    profile = config.profile_named(facts.profile) if facts is not None else None
    overrides = profile.rules if profile is not None else config.rules
    draft = facts is not None and facts.status in ("draft", "referred")
    if not draft and not result.ignores and overrides.keys().isdisjoint([f[3] for f in findings]):
        return findings  # the usual case: the policy changes nothing (f[3]: the code)
    out = []
    for f in findings:
        if f.code in overrides:
            severity = overrides[f.code]
            if severity is None:
                continue
            f = f._replace(severity=severity)
        if draft and CODES[f.code].family == "content" and f.severity is not Severity.INFO:
            # a plan still being written: content gaps are reminders, not failures
            f = f._replace(severity=Severity.INFO)
        codes, reason = result.ignores.get(f.line, (frozenset(), ""))
        if f.code in codes and reason:
            continue
        out.append(f)
    shown = findings[0].path if findings else result.path
    for line, (codes, reason) in result.ignores.items():
        if not reason:
            message = said("lint.IP603", codes=sorted(codes)) if codes else said("lint.IP603.any")
            out.append(
                Finding(
                    shown,
                    line,
                    1,
                    "IP603",
                    severity_of("IP603"),
                    words(message, lang),
                    words(said("lint.IP603.hint"), lang),
                    message,
                )
            )
    return out
