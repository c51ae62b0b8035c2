"""`ipcli lint`: check plans against the schema and the rules; the CI gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcli.cli.common import (
    LangOpt,
    MineOpt,
    NoCacheOpt,
    NoColorOpt,
    QuietOpt,
    RepoOpt,
    TodayOpt,
    VerboseOpt,
    guarded,
)
from ipcli.cli.lintrun import LintFormat
from ipcli.language.i18n import N_


@guarded
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help=N_("help.lint.paths"), show_default=False),
    ] = None,
    output_format: Annotated[
        LintFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=N_("help.lint.output_format"),
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    no_color: NoColorOpt = False,
    no_cache: NoCacheOpt = False,
    redact: Annotated[
        bool | None,
        typer.Option(
            "--redact/--no-redact",
            help=N_("help.lint.redact"),
            show_default=False,
        ),
    ] = None,
    mine: MineOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check plans: YAML, the plan format, references, deadlines, content, privacy.

    Prints one line per finding: FILE:LINE:COL: SEVERITY CODE message — hint.
    Exit 0: no problems; 1: errors or warnings found; 2: unusable input or usage.

    Example: ipcli lint examples
    """
    from ipcli.cli.lintrun import lint as run

    run(
        typer.Exit,
        paths=paths,
        output_format=output_format,
        lang=lang,
        repo=repo,
        today=today,
        no_color=no_color,
        no_cache=no_cache,
        redact=redact,
        mine=mine,
        quiet=quiet,
        verbose=verbose,
    )
