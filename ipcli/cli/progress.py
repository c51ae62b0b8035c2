"""A progress display for long work, on a terminal only (rich, as the project's design names).

Checking thousands of plans cold, rendering a site or reading a repository's history takes
seconds to minutes; a terminal that shows nothing meanwhile looks hung. The library tells each
finished job (ipcli.store.work); this shows it once the work has run for about a second — so a
command that finishes fast pays nothing: rich is imported only when the display starts — and
never on a pipe, in CI (`CI` set), on a dumb terminal or with `-q`. The display is on stderr,
goes away when the work ends, and holds only a translated name of the work and counts, never
plan text. It writes to the terminal itself, past the stream filter (ipcli.language.safe),
whose escaping would show rich's cursor movements as text.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

# seconds of work before the display appears; IPCLI_PROGRESS_AFTER changes it (tests set 0)
AFTER_SECONDS = 1.0
_REFRESH_SECONDS = 0.1  # at most ten redraws a second: a redraw per plan would cost more than the work


def _terminal() -> Any | None:
    """The terminal stderr writes to, unfiltered, or None when progress is not to be shown."""
    stream = getattr(sys.stderr, "raw", sys.stderr)  # the stream under ipcli.language.safe's filter
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return None
    return stream


def _after() -> float:
    try:
        return max(0.0, float(os.environ.get("IPCLI_PROGRESS_AFTER", AFTER_SECONDS)))
    except ValueError:
        return AFTER_SECONDS


class _Display:
    """Told of each finished job; shows a bar once the work has lasted `after` seconds."""

    def __init__(self, terminal: Any, after: float) -> None:
        self.terminal, self.after = terminal, after
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.what: str | None = None
        self.drawn = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.bar is None:
            if done >= total or now - self.started < self.after:
                return
            self._start()
        if what != self.what:
            from ipcli.language.i18n import tr

            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(tr(what), total=total)
            self.what = what
        self.bar.update(self.task, completed=done, total=total)
        if done >= total or now - self.drawn >= _REFRESH_SECONDS:
            self.bar.refresh()
            self.drawn = now

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.terminal, stderr=True, highlight=False)
        # no refresh thread (auto_refresh=False): worker processes are forked while it would run
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            auto_refresh=False,
            # ipcli's streams stay as they are: rich's stand-ins would write past the filter
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.bar.start()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()  # the bar goes, the cursor comes back (also on Ctrl-C)
            self.bar = None


@contextlib.contextmanager
def progress_shown(quiet: bool = False) -> Iterator[None]:
    """Show long work's progress on the terminal while the block runs (not when `quiet`)."""
    from ipcli.store import work

    terminal = None if quiet else _terminal()
    if terminal is None:
        yield
        return
    display = _Display(terminal, _after())
    work.listen(display)
    try:
        yield
    finally:
        work.listen(None)
        display.close()
