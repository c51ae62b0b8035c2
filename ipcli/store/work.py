"""Long work over many files: on every core when there are many, and told as it goes.

The one way ipcli spreads work over processes (checking plans, rendering pages and PDFs): forked
workers, so settings and compiled schemas are inherited rather than pickled; results come back in
the order of the jobs. Each finished job is told to the listener the command line set
(`listen`), which shows a progress display on a terminal when the work takes long; the library
itself never writes to a stream. What is told is a message key and two counts, never plan text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

J = TypeVar("J")
R = TypeVar("R")

# what: a message key (ipcli.language.i18n) naming the work; done and total: jobs
Listener = Callable[[str, int, int], None]

_listener: list[Listener] = []


def listen(listener: Listener | None) -> None:
    """Tell `listener` of every finished job from now on (None: tell nobody)."""
    _listener.clear()
    if listener is not None:
        _listener.append(listener)


def tell(what: str, done: int, total: int) -> None:
    """One more step of long work done (also for work that is not a map over jobs)."""
    if _listener:
        _listener[0](what, done, total)


def cores(limit: int = 8) -> int:
    """How many worker processes to use: IPCLI_JOBS, else every core (at most `limit`)."""
    given = os.environ.get("IPCLI_JOBS", "")
    if given.isdigit():
        return max(1, int(given))
    return max(1, min(os.cpu_count() or 1, limit))


def each(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    what: str,
    workers: int = 1,
    chunksize: int | None = None,
) -> list[R]:
    """fn over jobs, in their order: in this process when `workers` < 2, else in that many
    forked worker processes. Every finished job is told (`tell`)."""
    total = len(jobs)
    if workers < 2 or total < 2 or not hasattr(os, "fork"):
        return list(_told(map(fn, jobs), what, total))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = chunksize or max(4, total // (workers * 8))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(_told(pool.map(fn, jobs, chunksize=chunk), what, total))


def _told(results: Iterable[Any], what: str, total: int) -> Iterable[Any]:
    if not _listener:  # the usual case in the library, the editor and on a pipe: no cost per job
        yield from results
        return
    tell(what, 0, total)
    for done, result in enumerate(results, 1):
        tell(what, done, total)
        yield result
