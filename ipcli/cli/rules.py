"""`ipcli rules`: list every finding code, explain one, or show a profile's themes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ipcli.cli.common import LangOpt, RepoOpt, guarded
from ipcli.errors import UserError


@guarded
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A code such as IP305, to explain it.", show_default=False)
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="Show severities and themes of this profile (default: the repository's).",
            show_default=False,
        ),
    ] = None,
    themes: Annotated[bool, typer.Option("--themes", help="List the profile's themes.")] = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
) -> None:
    """List the rules with their codes and severities, or explain one rule.

    Severities shown are those in force for the profile, after ipcli.toml.

    Example: ipcli rules IP305
    """
    from ipcli.codes import CODES
    from ipcli.profiles import BUILTIN, INTERVAL_SOURCES, INTERVALS
    from ipcli.repo import open_repo

    config = open_repo(repo, Path.cwd()).config
    name = profile or config.profile
    prof = config.profile_named(name)
    if prof is None:
        raise UserError(f'unknown profile "{name}"', "built-in: " + ", ".join(sorted(BUILTIN)))
    out = sys.stdout
    if themes:
        out.write(f"Themes of profile {prof.name} ({prof.title}):\n")
        for t in prof.themes:
            labels = "; ".join(f"{lang}: {label}" for lang, label in t.labels.items())
            out.write(f"  {t.key:<26} {labels}\n")
        return

    def severity(c: str) -> str:
        if c in prof.rules:
            s = prof.rules[c]
            return "off" if s is None else str(s)
        return str(CODES[c].severity)

    if code is None:
        out.write(f"Rules for profile {prof.name} ({prof.title}):\n")
        for c in CODES.values():
            out.write(f"  {c.code}  {c.family:<10} {severity(c.code):<7}  {c.title}\n")
        if prof.why:
            out.write(f"\nWhy profile {prof.name} differs from the defaults:\n")
            for rule_code, reason in sorted(prof.why.items()):
                out.write(_wrapped(f"{rule_code}  {reason}", "       "))
        out.write("\nDeadlines (ipcli.toml [deadlines]), their values here and their sources:\n")
        for key, meaning in INTERVALS.items():
            out.write(_wrapped(f"{key} = {prof.intervals[key]}: {meaning}.", "    "))
            out.write(_wrapped(f"source: {INTERVAL_SOURCES[key]}", "    ", "    "))
        out.write(
            "\nExplain one, with its source: ipcli rules CODE. Silence one finding:\n"
            "# ip: ignore[CODE] reason (on its line).\n"
        )
        return
    if code.upper() not in CODES:
        raise UserError(f'unknown rule "{code}"', "`ipcli rules` lists them")
    c = CODES[code.upper()]
    out.write(f"{c.code} — {c.title}\n\n{c.explanation}\n\n")
    out.write(
        f"family: {c.family}\nseverity: {severity(c.code)} (profile {prof.name}; default {c.severity})\n"
    )
    out.write(_wrapped(f"source: {c.source}", "  ", ""))
    if c.code in prof.why:
        out.write(_wrapped(f"in profile {prof.name}: {prof.why[c.code]}", "  ", ""))


def _wrapped(text: str, indent: str, first: str = "  ") -> str:
    """One entry in 80 columns: the first line after `first`, the rest after `indent`."""
    import textwrap

    return "\n".join(textwrap.wrap(text, 78, initial_indent=first, subsequent_indent=indent)) + "\n"
