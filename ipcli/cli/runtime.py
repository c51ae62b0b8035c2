"""What a command's run needs without Typer: exit codes, the error guard, the common options'
state and output helpers. The Typer application (ipcli.cli.common, ipcli.cli.app) and the quick
path of warm `lint` and `due` (ipcli.cli.quick), which imports no Typer, share it.

Only the standard library is imported here; the core is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ipcli.errors import Stopped, UserError
from ipcli.store.git import GitError

if TYPE_CHECKING:
    from ipcli.store.outfile import OutputTarget
    from ipcli.store.repo import Repo

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class Exit(Exception):
    """The end of a command's run with its exit code, where no Typer is loaded (the quick path);
    under Typer a command ends with typer.Exit instead (see `guard`)."""

    def __init__(self, code: int = EXIT_OK) -> None:
        super().__init__(code)
        self.exit_code = code


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


F = TypeVar("F", bound=Callable[..., Any])


def guard(fn: F, stop: Callable[[int], BaseException], passing: tuple[type[BaseException], ...]) -> F:
    """Turn a user error into one line and exit 2, and a bug into one line and exit 3: the run
    ends with `stop(code)` (typer.Exit under Typer, Exit on the quick path); `passing` are the
    exceptions that end a run already (an exit, an abort) and go through as they are."""

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
            raise stop(EXIT_USAGE) from None
        except GitError as e:  # git missing, refusing or failing: one line, as any unusable input
            message, hint = git_words(e)
            err(f"ipcli: {message}" + (f" ({hint})" if hint else ""))
            raise stop(EXIT_USAGE) from None
        except passing:
            raise
        except Stopped:
            err("ipcli: " + i18n.tr("error.stopped"))
            raise stop(130) from None
        except KeyboardInterrupt:
            err("ipcli: " + i18n.tr("error.interrupted"))
            raise stop(130) from None
        except BrokenPipeError:
            # the reader went away (`ipcli due | head`): stop quietly, as git does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise stop(int(_state["verdict"])) from None
        except Exception as e:
            from ipcli.cli import came_from_ctrl_c

            if came_from_ctrl_c(e):  # a Ctrl-C wrapped by Python or a library on its way here
                err("ipcli: " + i18n.tr("error.interrupted"))
                raise stop(130) from None
            if _state["traceback"] or os.environ.get("IPCLI_TRACEBACK"):
                raise
            import traceback  # only for a bug: not imported by every run

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
            raise stop(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def quick_guarded(fn: F) -> F:
    """`guard` for the quick path: the run ends with Exit."""
    return guard(fn, Exit, (Exit,))
