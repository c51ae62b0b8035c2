"""`ipcli rules`: list every finding code, explain one, or show a profile's themes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ipcli.cli.common import LangOpt, RepoOpt, guarded
from ipcli.errors import UserError
from ipcli.language.i18n import N_

if TYPE_CHECKING:
    from ipcli.language.calendar import Interval


@guarded
def rules(
    code: Annotated[str | None, typer.Argument(help=N_("help.rules.code"), show_default=False)] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help=N_("help.rules.profile"),
            show_default=False,
        ),
    ] = None,
    themes: Annotated[bool, typer.Option("--themes", help=N_("help.rules.themes"))] = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
) -> None:
    """List the rules with their codes and severities, or explain one rule.

    Severities shown are those in force for the profile, after ipcli.toml.

    Example: ipcli rules IP305
    """
    from ipcli.language.i18n import tr
    from ipcli.plan.codes import CODES
    from ipcli.plan.findings import words
    from ipcli.plan.profiles import BUILTIN, INTERVAL_SOURCES, INTERVALS
    from ipcli.store.repo import open_repo

    config = open_repo(repo, Path.cwd()).config
    name = profile or config.profile
    prof = config.profile_named(name)
    if prof is None:
        raise UserError(
            tr("error.unknown_profile", profile=name), tr("error.built_in", names=", ".join(sorted(BUILTIN)))
        )
    out = sys.stdout
    title = words(prof.title)
    if themes:
        out.write(tr("rules.themes_of", name=prof.name, title=title) + "\n")
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
        out.write(tr("rules.for_profile", name=prof.name, title=title) + "\n")
        wide = max(10, *(len(c.family_words()) for c in CODES.values()))
        for c in CODES.values():
            out.write(f"  {c.code}  {c.family_words():<{wide}} {severity(c.code):<7}  {c.title_words()}\n")
        if prof.why:
            out.write("\n" + tr("rules.why", name=prof.name) + "\n")
            for rule_code, reason in sorted(prof.why.items()):
                out.write(_wrapped(f"{rule_code}  {words(reason)}", "       "))
        out.write("\n" + tr("rules.deadlines") + "\n")
        for key, meaning in INTERVALS.items():
            out.write(_wrapped(f"{key} = {_duration(prof.intervals[key])}: {tr(meaning)}.", "    "))
            out.write(_wrapped(tr("rules.source", source=tr(INTERVAL_SOURCES[key])), "    ", "    "))
        out.write("\n" + tr("rules.explain_one") + "\n" + tr("rules.ignore") + "\n")
        return
    if code.upper() not in CODES:
        raise UserError(tr("error.unknown_rule", code=code), tr("error.rules_lists_them"))
    c = CODES[code.upper()]
    out.write(f"{c.code} — {c.title_words()}\n\n{c.explanation_words(country=prof.country)}\n\n")
    out.write(tr("rules.family", family=c.family_words()) + "\n")
    default = str(c.severity)
    out.write(tr("rules.severity", severity=severity(c.code), name=prof.name, default=default) + "\n")
    out.write(_wrapped(tr("rules.source", source=c.source_words()), "  ", ""))
    if c.code in prof.why:
        out.write(_wrapped(tr("rules.in_profile", name=prof.name, why=words(prof.why[c.code])), "  ", ""))


# a length of time in words: (one, the others) by unit
_DURATIONS = {
    "days": (N_("duration.days.one"), N_("duration.days.other")),
    "weeks": (N_("duration.weeks.one"), N_("duration.weeks.other")),
    "months": (N_("duration.months.one"), N_("duration.months.other")),
    "years": (N_("duration.years.one"), N_("duration.years.other")),
}


def _duration(interval: Interval) -> str:
    """'3 months' in the language in use, as ipcli.toml also accepts it: '3 måneder'."""
    from ipcli.language.i18n import tr

    one, other = _DURATIONS[interval.unit]
    return tr(one if interval.amount == 1 else other, n=interval.amount)


def _wrapped(text: str, indent: str, first: str = "  ") -> str:
    """One entry in 80 columns: the first line after `first`, the rest after `indent`."""
    import textwrap

    return "\n".join(textwrap.wrap(text, 78, initial_indent=first, subsequent_indent=indent)) + "\n"
