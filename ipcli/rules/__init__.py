"""Rules that check a loaded plan beyond its schema, one module per family, and the policy that
applies a repository's settings: severities, rules switched off, drafts, ignore comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ipcli.codes import CODES
from ipcli.config import Config
from ipcli.findings import Finding, Severity
from ipcli.load import LoadedPlan
from ipcli.profiles import Profile


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    today: dt.date


def profile_for(loaded: LoadedPlan, config: Config) -> Profile | None:
    return config.profile_named(loaded.plan.profile) if loaded.plan is not None else None


def check(loaded: LoadedPlan, ctx: Context) -> list[Finding]:
    """Every finding for one plan file, after the repository's policy."""
    from ipcli.rules import content, deadlines, hygiene, privacy, references

    findings = list(loaded.findings)
    if loaded.document is not None:
        findings += hygiene.check(loaded)
        findings += privacy.check(loaded)
    profile = profile_for(loaded, ctx.config)
    if loaded.plan is not None:
        findings += references.check(loaded)
        findings += content.check(loaded, profile)
        if profile is not None:
            findings += deadlines.check(loaded, profile, ctx.today)
    return apply_policy(findings, loaded, profile, ctx.config)


def apply_policy(
    findings: list[Finding], loaded: LoadedPlan, profile: Profile | None, config: Config
) -> list[Finding]:
    overrides = profile.rules if profile is not None else config.rules
    draft = loaded.plan is not None and loaded.plan.status in ("draft", "referred")
    ignores = loaded.document.ignores if loaded.document is not None else {}
    out = []
    for f in findings:
        if f.code in overrides:
            severity = overrides[f.code]
            if severity is None:
                continue
            f = replace(f, severity=severity)
        if draft and CODES[f.code].family == "content" and f.severity is not Severity.INFO:
            # a plan still being written: content gaps are reminders, not failures
            f = replace(f, severity=Severity.INFO)
        codes, reason = ignores.get(f.line, (frozenset(), ""))
        if f.code in codes and reason:
            continue
        out.append(f)
    for line, (codes, reason) in ignores.items():
        if not reason:
            out.append(
                Finding(
                    loaded.shown,
                    line,
                    1,
                    "IP603",
                    CODES["IP603"].severity,
                    f"the ignore comment for {', '.join(sorted(codes)) or 'a rule'} "
                    "gives no reason, so it silences nothing",
                    "write the reason after it: # ip: ignore[IP305] agreed new date at the meeting",
                )
            )
    return out
