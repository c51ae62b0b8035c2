"""The due report laid out for a terminal of a given width. Only arrangement lives here: the words
(headings, "3 days overdue", "responsible: …") are made by the report's writer and arrive as
finished strings, so a translated report is laid out by the same code.

Two arrangements, chosen from the width:
- wide (`WIDE` columns or more): one line per item in aligned columns — date, when, plan, person —
  and what is to be done after them, wrapped under itself when it is long;
- narrow: two lines per item — date, when, plan and person, with the place in the file at the
  right when it fits — then what is to be done, indented, wrapped when it is long.
A word, a plan id, a date or a file name is never split: lines break only at spaces.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

WIDE = 120  # from this width, one line per item
_GLUE = "\u00a0"  # joins the words of one field while wrapping (textwrap never breaks at it)
_RED, _BOLD, _RESET = "\x1b[31m", "\x1b[1m", "\x1b[0m"


@dataclass(frozen=True, slots=True)
class Entry:
    """One item, as finished strings in the reader's words."""

    date: str
    when: str
    plan: str
    person: str
    what: str  # what is to be done, with whose responsibility when that needs saying
    where: str  # file:line from the repository (or the current folder)
    where_short: str  # the file's own name and line, for narrow terminals
    alert: bool = False  # overdue, or a plan that could not be read: red on a colour terminal


def _glue(text: str) -> str:
    return text.replace(" ", _GLUE)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most `width` columns, broken only at spaces (a word longer than the line is
    kept whole on a line of its own). Text joined with `_GLUE` stays together where it fits."""
    lines = textwrap.wrap(
        text,
        width=max(width, 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.replace(_GLUE, " ") for line in lines]


def _tail(text: str) -> str:
    # the place in the file at the end is one unit: it moves to the next line whole
    what, sep, where = text.rpartition("  (")
    return f"{what}{sep}{_glue(where)}"


def _paint(lines: list[str], on: bool, colour: str) -> list[str]:
    return [f"{colour}{line}{_RESET}" for line in lines] if on else lines


class Layout:
    """Lines for a report at `width` columns; colour codes only when `color`."""

    def __init__(self, width: int, color: bool = False) -> None:
        self.width = max(width, 20)  # below this nothing reads; lines then run past the edge
        self.color = color

    def title(self, text: str) -> list[str]:
        return _paint(wrap(text, self.width), self.color, _BOLD)

    def heading(self, text: str) -> list[str]:
        return ["", *wrap(text, self.width, rest="  ")]

    def note(self, text: str) -> list[str]:
        return ["", *wrap(text, self.width)]

    def entries(self, entries: Sequence[Entry], sizes: Sizes) -> Iterator[str]:
        """`sizes`: the widest fields of the whole report, so columns line up from one
        coordinator to the next."""
        when_w, plan_w, person_w = sizes.when, sizes.plan, sizes.person
        head_w = 2 + 10 + 2 + when_w + 2 + plan_w + 2 + person_w + 2
        wide = self.width >= WIDE and head_w <= self.width // 2
        for e in entries:
            if wide:
                head = f"  {e.date}  {e.when:<{when_w}}  {e.plan:<{plan_w}}  {e.person:<{person_w}}  "
                room = self.width - len(head)
                tail = f"{e.what}  ({e.where})"
                if len(tail) > room and len(e.what) + len(e.where_short) + 4 <= room:
                    tail = f"{e.what}  ({e.where_short})"  # one line with the file's own name
                lines = wrap(_tail(tail), self.width, first=_glue(head), rest=" " * head_w)
            else:
                lines = self._two_lines(e, sizes)
            yield from _paint(lines, self.color and e.alert, _RED)

    def _two_lines(self, e: Entry, sizes: Sizes) -> list[str]:
        width = self.width
        indent = " " * (6 if width >= 60 else 4)
        head = f"  {e.date}  {e.when:<{sizes.when}}  {e.plan:<{sizes.plan}}  {e.person}"
        if len(head) > width:  # a long name on a narrow terminal: the head wraps too
            head = f"  {e.date}  {_glue(e.when)}  {e.plan}  {e.person}"
        body = e.what
        # the place in the file in a column at the right, the whole path when there is room
        for where, column in ((e.where, sizes.where), (e.where_short, sizes.where_short)):
            if len(head) + 2 + len(where) <= width:
                at = max(width - max(column, len(where)), len(head) + 2)
                head = f"{head:<{at}}{where}"
                break
        else:
            body = f"{body}  ({_glue(e.where_short)})"
        first = wrap(head, width, rest="  ") if len(head) > width else [head]
        return [*first, *wrap(body, width, first=indent, rest=indent)]


class Sizes(NamedTuple):
    when: int
    plan: int
    person: int  # names over 20 characters do not widen the column
    where: int
    where_short: int


def sizes(entries: Sequence[Entry]) -> Sizes:
    """The widest fields of these entries."""
    if not entries:
        return Sizes(0, 0, 0, 0, 0)
    return Sizes(
        max(len(e.when) for e in entries),
        max(len(e.plan) for e in entries),
        min(max(len(e.person) for e in entries), 20),
        max(len(e.where) for e in entries),
        max(len(e.where_short) for e in entries),
    )
