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

from ipcli import i18n
from ipcli.errors import Stopped, UserError
from ipcli.i18n import tr

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
    if default:
        shown = f"{question} [{default}]: "
    else:
        none = tr("ask.enter_none")
        shown = f"{question} ({none}): " if optional else f"{question}: "
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
                raise UserError(tr("ask.no_answer", option=option), tr("ask.give_it", option=option))
            sys.stderr.write("  " + tr("ask.answer_needed") + "\n")
            continue
        try:
            return check(answer)
        except UserError as e:
            sys.stderr.write(f"  {e.message}" + (f" ({e.hint})" if e.hint else "") + "\n")
    raise UserError(tr("ask.no_usable_answer", option=option), tr("ask.give_it", option=option))


def missing(option: str) -> UserError:
    return UserError(tr("ask.missing", option=option), tr("ask.give_it", option=option))


def one_of(words: Sequence[str], kind: str) -> Callable[[str], str]:
    """A check for one of a closed vocabulary's values (`kind`: achievement, outcome, measure,
    voice): the value, or its phrase in the run's language (ipcli.answers)."""
    from ipcli.answers import closed_word

    return lambda answer: closed_word(answer, words, kind)


def choices(words: Sequence[str], kind: str) -> str:
    """The words offered in a question: 'in-progress, improving, …' or 'underveis, det går bedre, …'."""
    from ipcli.answers import said_words

    return ", ".join(said_words(words, kind))


def text(answer: str) -> str:
    return answer


def ids_of(known: set[str]) -> Callable[[str], list[str]]:
    """Participant ids, comma-separated, each one a participant of the plan."""

    def check(answer: str) -> list[str]:
        ids = [part.strip() for part in answer.replace(";", ",").split(",") if part.strip()]
        unknown = [i for i in ids if i not in known] if known else []
        if unknown:
            raise UserError(
                tr("ask.not_a_participant", ids=", ".join(unknown)),
                tr("ask.participants", ids=", ".join(sorted(known))),
            )
        return ids

    return check


def day_words(day: dt.date) -> str:
    """A date in a message about an answer: as typed (YYYY-MM-DD) in English, else the language's way."""
    language = i18n.current()
    return day.isoformat() if language == "en" else i18n.date(day, language)


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
                raise UserError(tr("ask.not_a_date", answer=answer), tr("ask.date_how")) from None
        if day <= start:
            raise UserError(
                tr("ask.not_after", day=day_words(day), start=day_words(start)), tr("ask.later_date")
            )
        return day

    return check
