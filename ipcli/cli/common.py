"""What every command shares: common options, the error guard, and output helpers (those that
need no Typer are ipcli.cli.runtime's, and named here too).

Only the standard library and typer are imported here; the core is imported inside commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ipcli.cli.runtime import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    checked_output,
    common_options,
    err,
    git_words,
    guard,
    note_sparse,
    parse_date,
    parse_today,
    use_color,
    verdict,
    want_traceback,
    write_checked,
)
from ipcli.language.i18n import N_

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "checked_output",
    "common_options",
    "err",
    "git_words",
    "guarded",
    "note_sparse",
    "parse_date",
    "parse_today",
    "use_color",
    "verdict",
    "want_traceback",
    "write_checked",
]

RepoOpt = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help=N_("help.option.repo"),
        show_default=False,
        file_okay=False,
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="IP_TODAY",
        metavar="YYYY-MM-DD",
        help=N_("help.option.today"),
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help=N_("help.option.output"),
        show_default=False,
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help=N_("help.option.no_color"))]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help=N_("help.option.no_cache"))]
RedactOpt = Annotated[
    bool,
    typer.Option("--redact", help=N_("help.option.redact")),
]
MineOpt = Annotated[
    bool,
    typer.Option(
        "--mine",
        help=N_("help.option.mine"),
    ),
]
ProfileFilterOpt = Annotated[
    str | None, typer.Option("--profile", help=N_("help.option.profile"), show_default=False)
]
CoordinatorOpt = Annotated[
    str | None,
    typer.Option(
        "--coordinator",
        "-c",
        help=N_("help.option.coordinator"),
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=N_("help.option.lang"),
        show_default=False,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=N_("help.option.quiet"))]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help=N_("help.option.verbose"))]

F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """Turn a user error into one line and exit 2, and a bug into one line and exit 3 (a Typer
    command: its run ends with typer.Exit)."""
    return guard(fn, typer.Exit, (typer.Exit, typer.Abort))
