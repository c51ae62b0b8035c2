"""What every command shares: common options, the error guard, and output helpers.

Only the standard library and typer are imported here; the core is imported inside commands.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ipcli.errors import Stopped, UserError
from ipcli.language.i18n import N_
from ipcli.store.git import GitError

if TYPE_CHECKING:
    from ipcli.store.outfile import OutputTarget
    from ipcli.store.repo import Repo

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

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

_state = {"traceback": False, "verdict": EXIT_OK}
# the common options given to the application (ipcli --lang nb lint): they count for the command
# unless it was given its own
_given: dict[str, Any] = {}


def want_traceback(value: bool) -> None:
    _state["traceback"] = value


def common_options(**values: Any) -> None:
    """The application's --lang, --repo, --no-color, -q, for the command that runs."""
    _given.clear()
    _given.update({k: v for k, v in values.items() if v})


def verdict(code: int) -> int:
    """Say the exit code before writing the results: if the reader goes away while they are
    written (`ipcli lint | head -1`), the run still ends with it, so a closed pipe never turns
    findings into success under `set -o pipefail`."""
    _state["verdict"] = code
    return code


def parse_today(value: str | None) -> dt.date:
    """--today / IP_TODAY, or the real date."""
    return parse_date(value or None, "--today") or dt.date.today()


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A date option (YYYY-MM-DD), or None when not given."""
    if value is None:
        return None
    from ipcli.language.calendar import parse_day

    try:
        return parse_day(value)
    except ValueError as e:
        raise UserError(f"{option}: {e}") from None


def checked_output(output: Path | None, cwd: Path, repo: Repo) -> tuple[OutputTarget | None, io.StringIO]:
    """What `-o` names, checked before the work is done (ipcli.store.outfile), and a buffer to write
    the report into; (None, …) without -o: the report goes to standard output as it is made."""
    if output is None:
        return None, io.StringIO()
    from ipcli.store.outfile import output_target
    from ipcli.store.repo import configured_plans

    return output_target(output, cwd, repo.root, configured_plans(repo)), io.StringIO()


def write_checked(target: OutputTarget, text: str, repo: Repo) -> None:
    """Write a report to what `-o` named (checked again: a link made meanwhile)."""
    from ipcli.store.repo import configured_plans

    target.write(text.encode("utf-8"), repo.root, configured_plans(repo))


def use_color(no_color: bool, stream: Any = None) -> bool:
    stream = stream or sys.stdout
    no_color = no_color or bool(_given.get("no_color"))
    return not no_color and "NO_COLOR" not in os.environ and stream.isatty()


def err(message: str) -> None:
    """A line about the run (not a result): to stderr."""
    sys.stderr.write(message + "\n")


def note_sparse(repo: Any, paths: Any = None) -> None:
    """One line when a sparse checkout left plans out of a run over all plans (they are in git,
    not on disk: skipped, not unreadable)."""
    if paths:
        return
    from ipcli.store.repo import sparse_plans

    left_out = sparse_plans(repo)
    if left_out:
        from ipcli.language.i18n import tr_n

        err("ipcli: " + tr_n("note.sparse.one", "note.sparse.other", len(left_out)))


F = TypeVar("F", bound=Callable[..., Any])


def git_words(e: GitError) -> tuple[str, str]:
    """A git error in the reader's language: (message, hint)."""
    from ipcli.language import i18n

    root = e.root if e.root is not None else Path.cwd()
    if e.kind == "missing":
        return i18n.tr("git.missing"), i18n.tr("git.missing.hint")
    if e.kind == "timeout":
        return i18n.tr("git.timeout", what=e.detail), ""
    if e.kind == "unsafe":
        return i18n.tr("history.safe_directory", root=root), i18n.tr("history.safe_directory.hint", root=root)
    if e.kind == "not_repo":
        return i18n.tr("history.not_git", root=root), i18n.tr("history.not_git.hint")
    if e.kind == "repository_filter":
        return i18n.tr("git.repository_filter", file=e.path, filter=e.detail), i18n.tr(
            "git.repository_filter.hint", filter=e.detail
        )
    if e.kind == "no_commits":
        return i18n.tr("git.no_commits"), i18n.tr("git.no_commits.hint")
    return i18n.tr("git.failed", reason=e.detail or "?"), ""


def guarded(fn: F) -> F:
    """Turn a user error into one line and exit 2, and a bug into one line and exit 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ipcli.language import i18n

        for name, value in _given.items():
            if name in kwargs and not kwargs[name]:
                kwargs[name] = value
        lang = kwargs.get("lang") or _given.get("lang")
        i18n.start(lang)
        _state["verdict"] = EXIT_OK
        try:
            if lang is not None and lang not in i18n.LANGS:
                i18n.start(None)
                raise UserError(i18n.tr("error.bad_lang", code=lang, choices=", ".join(i18n.LANGS)))
            return fn(*args, **kwargs)
        except UserError as e:
            for line in e.details:
                err(line)
            err(f"ipcli: {e.message}" + (f" ({e.hint})" if e.hint else ""))
            raise typer.Exit(EXIT_USAGE) from None
        except GitError as e:  # git missing, refusing or failing: one line, as any unusable input
            message, hint = git_words(e)
            err(f"ipcli: {message}" + (f" ({hint})" if hint else ""))
            raise typer.Exit(EXIT_USAGE) from None
        except (typer.Exit, typer.Abort):
            raise
        except Stopped:
            err("ipcli: " + i18n.tr("error.stopped"))
            raise typer.Exit(130) from None
        except KeyboardInterrupt:
            err("ipcli: " + i18n.tr("error.interrupted"))
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # the reader went away (`ipcli due | head`): stop quietly, as git does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(int(_state["verdict"])) from None
        except Exception as e:
            if _state["traceback"] or os.environ.get("IPCLI_TRACEBACK"):
                raise
            # No exception text: it could quote plan data. Type and place are enough to report.
            frame = traceback.extract_tb(e.__traceback__)[-1]
            err(
                "ipcli: "
                + i18n.tr(
                    "error.internal",
                    kind=type(e).__name__,
                    place=f"{Path(frame.filename).name}:{frame.lineno}",
                    # the option goes before the command: the line shown is one that works
                    command=fn.__name__,  # each command's function has the command's name
                )
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]
