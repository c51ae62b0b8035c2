"""Questions on a terminal, for what was not given on the command line.

Each answer is checked as it is given: a wrong word or date is explained and asked again, so a
coordinator never answers three questions to learn that the first was wrong. An empty answer to
a question that needs one is asked again a few times, then the command stops (exit 2) instead of
asking forever. Ctrl-C or the end of input (Ctrl-D) stops the command at once with one line and
exit 130; nothing has been written by then."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from ipcli.errors import Stopped, UserError

T = TypeVar("T")
TRIES = 3


def interactive() -> bool:
    """Questions are asked only when a person is at the keyboard; in scripts a missing option is
    a usage error. A closed stdin (`0<&-`: Python has no sys.stdin then) is a script too."""
    return sys.stdin is not None and sys.stdin.isatty()


def _read(question: str) -> str:
    try:  # Ctrl-C while the question is being written counts as at the question too
        sys.stderr.write(question)
        sys.stderr.flush()
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except KeyboardInterrupt:
        raise Stopped from None
    if not line:  # end of input
        sys.stderr.write("\n")
        raise Stopped
    return line.strip()


def ask(
    question: str,
    check: Callable[[str], T],
    *,
    option: str,
    default: str | None = None,
    optional: bool = False,
) -> T | None:
    """Ask until `check` accepts the answer (it raises UserError to say why not). Enter takes the
    default, or leaves an optional answer out (None)."""
    shown = f"{question} [{default}]: " if default else f"{question}{' (Enter: none)' if optional else ''}: "
    empty = 0
    for _ in range(TRIES * 3):
        answer = _read(shown)
        if not answer and default:
            answer = default
        if not answer:
            if optional:
                return None
            empty += 1
            if empty >= TRIES:
                raise UserError(f"no answer for {option}", f"give it on the command line, e.g. {option} …")
            sys.stderr.write("  An answer is needed here (Ctrl-C stops without writing anything).\n")
            continue
        try:
            return check(answer)
        except UserError as e:
            sys.stderr.write(f"  {e.message}" + (f" ({e.hint})" if e.hint else "") + "\n")
    raise UserError(f"no usable answer for {option}", f"give it on the command line, e.g. {option} …")


def missing(option: str) -> UserError:
    return UserError(f"{option} is missing", f"give it on the command line, e.g. {option} …")


def one_of(words: Sequence[str], what: str) -> Callable[[str], str]:
    def check(answer: str) -> str:
        if answer not in words:
            raise UserError(f'"{answer}" is not {what}', "use one of: " + ", ".join(words))
        return answer

    return check


def text(answer: str) -> str:
    return answer


def ids_of(known: set[str]) -> Callable[[str], list[str]]:
    """Participant ids, comma-separated, each one a participant of the plan."""

    def check(answer: str) -> list[str]:
        ids = [part.strip() for part in answer.replace(";", ",").split(",") if part.strip()]
        unknown = [i for i in ids if i not in known] if known else []
        if unknown:
            raise UserError(
                f"{', '.join(unknown)} is not a participant of the plan",
                "participants: " + ", ".join(sorted(known)),
            )
        return ids

    return check


def date_after(start: dt.date) -> Callable[[str], dt.date]:
    """A date (YYYY-MM-DD) or a length of time from `start` (3 months), after `start`."""
    from ipcli.calendar import parse_interval

    def check(answer: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(answer)
        except ValueError:
            try:
                day = parse_interval(answer).after(start)
            except ValueError:
                raise UserError(
                    f'"{answer}" is not a date', "write it as YYYY-MM-DD, or a length of time like 3 months"
                ) from None
        if day <= start:
            raise UserError(f"{day.isoformat()} is not after {start.isoformat()}", "give a later date")
        return day

    return check
