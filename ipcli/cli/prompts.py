"""Questions on a terminal, for what was not given on the command line.

Each answer is checked as it is given: a wrong word or date is explained and asked again, so a
coordinator never answers three questions to learn that the first was wrong. An empty answer to
a question that needs one is asked again a few times, then the command stops (exit 2) instead of
asking forever. Ctrl-C or the end of input (Ctrl-D) stops the command at once with one line and
exit 130; nothing has been written by then."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO, TypeVar

from ipcli.errors import Stopped, UserError
from ipcli.language import i18n
from ipcli.language.i18n import tr

T = TypeVar("T")
TRIES = 3


def interactive() -> bool:
    """Questions are asked only when a person is at the keyboard; in scripts a missing option is
    a usage error. A closed stdin (`0<&-`: Python has no sys.stdin then) is a script too."""
    return sys.stdin is not None and sys.stdin.isatty()


def _wait_for_a_line(stream: TextIO) -> None:
    """Wait until the terminal has a line for `stream`, or a signal came.

    A blocking read is not enough: Python runs its Ctrl-C handler (KeyboardInterrupt) only
    between two steps of the program, and a read that has begun is interrupted only when the
    signal reaches the thread that reads. A Ctrl-C that arrives just after the question was
    written and before the read began (the machine is busy, the process is switched out there),
    or that the kernel hands to another thread of the process, leaves the read waiting for Enter:
    the Ctrl-C is swallowed. So the wait is a select() on the terminal and on a pipe that Python
    writes a byte to for every signal it catches (signal.set_wakeup_fd): a signal at any moment
    from here on ends the wait, and the loop's next step lets Python raise KeyboardInterrupt.
    A signal before the pipe is in place has already set Python's flag, which the next step
    checks. Only for a real terminal on POSIX, in the main thread; anything else (a test's
    in-memory input) is read as it is."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (io.UnsupportedOperation is both)
        return
    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        return
    import select
    import signal

    wake_r, wake_w = os.pipe()
    try:
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        previous = signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        try:
            while True:
                ready, _, _ = select.select([fd, wake_r], [], [])
                if fd in ready:
                    return
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 512)
                # a signal came: Python runs its handler before the next select (Ctrl-C raises
                # KeyboardInterrupt here); a signal that only wakes (a resized window) waits on
        finally:
            signal.set_wakeup_fd(previous)
    finally:
        os.close(wake_r)
        os.close(wake_w)


def _read(question: str) -> str:
    from ipcli.cli import ctrl_c_came

    if ctrl_c_came():  # typed before the question, and swallowed on the way (ipcli.cli)
        sys.stderr.write("\n")
        raise Stopped
    try:  # Ctrl-C while the question is being written counts as at the question too
        sys.stderr.write(question)
        sys.stderr.flush()
        if sys.stdin is None:
            line = ""
        else:
            _wait_for_a_line(sys.stdin)
            line = sys.stdin.readline()
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
    try:
        return _ask(shown, check, option=option, default=default, optional=optional)
    except KeyboardInterrupt:  # Ctrl-C between two questions, or while an answer is checked
        raise Stopped from None


def _ask(
    shown: str, check: Callable[[str], T], *, option: str, default: str | None, optional: bool
) -> T | None:
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
    voice): the value, or its phrase in the run's language (ipcli.plan.answers)."""
    from ipcli.plan.answers import closed_word

    return lambda answer: closed_word(answer, words, kind)


def choices(words: Sequence[str], kind: str) -> str:
    """The words offered in a question: 'in-progress, improving, …' or 'underveis, det går bedre, …'."""
    from ipcli.plan.answers import said_words

    return ", ".join(said_words(words, kind))


def text(answer: str) -> str:
    return answer


def ids_of(people: Mapping[str, str]) -> Callable[[str], list[str]]:
    """Participants, comma-separated, each one of the plan's (`people`: id -> name) by its id or
    its name, in any case and with or without accents (ipcli.language.fold.find_person): the
    answer is their ids. A near miss is explained with "did you mean"."""
    from ipcli.language.fold import find_person

    def check(answer: str) -> list[str]:
        typed = [part.strip() for part in answer.replace(";", ",").split(",") if part.strip()]
        if not people:  # the plan did not read: opening it for the edit says why
            return typed
        ids: list[str] = []
        for one in typed:
            pid, near = find_person(one, dict(people))
            if pid is None:
                raise UserError(
                    tr("ask.not_a_participant", ids=one),
                    tr("ask.did_you_mean_person", choices=", ".join(_who(p, people) for p in near))
                    if near
                    else tr("ask.participants", ids=", ".join(sorted(people))),
                )
            if pid not in ids:
                ids.append(pid)
        return ids

    return check


def _who(pid: str, people: Mapping[str, str]) -> str:
    """A participant as offered in "did you mean": the id to type, and the name to know it by."""
    name = people.get(pid) or ""
    return f"{pid} ({name})" if name and name != pid else pid


def day_words(day: dt.date) -> str:
    """A date in a message about an answer: as typed (YYYY-MM-DD) in English, else the language's way."""
    language = i18n.current()
    return day.isoformat() if language == "en" else i18n.date(day, language)


def date_after(start: dt.date) -> Callable[[str], dt.date]:
    """A date (YYYY-MM-DD) or a length of time from `start` (3 months, 3 måneder, om 3 uker),
    after `start`: the check of the question and of its option (`--next`) alike."""
    from ipcli.language.calendar import parse_day_or_length

    def check(answer: str) -> dt.date:
        try:
            day = parse_day_or_length(answer, start)
        except ValueError as e:
            raise UserError(str(e), tr("ask.date_how")) from None
        if day <= start:
            raise UserError(
                tr("ask.not_after", day=day_words(day), start=day_words(start)), tr("ask.later_date")
            )
        return day

    return check
