"""The command-line layer: parse options, call the core, print, choose the exit code."""

from __future__ import annotations

import sys
from types import TracebackType


def _stopped_while_starting(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Ctrl-C while the command is still starting (Python importing what it needs, before any
    command runs and turns it into one line and exit 130): nothing was done yet, so say so in
    one line and exit 130, as the command would, instead of a traceback from an import.
    Every other uncaught error goes on to Python's own hook."""
    if not came_from_ctrl_c(value):
        _python_hook(kind, value, tb)
        return
    import os

    try:
        from ipcli.language.i18n import tr

        sys.stderr.write("\nipcli: " + tr("error.interrupted") + "\n")
        sys.stderr.flush()
    except BaseException:  # a second Ctrl-C, or the messages not loaded yet: the exit code says it
        pass
    os._exit(130)


def came_from_ctrl_c(error: BaseException) -> bool:
    """Whether an error is a Ctrl-C in disguise, so that it gets the Ctrl-C's one line and
    exit 130, not "internal error". Python and the libraries wrap a KeyboardInterrupt that
    lands in the wrong place:
    - in a class being made, where a field's `__set_name__` runs (a dataclass's
      `field(default_factory=…)` while a module is imported), Python 3.11 raises
      "RuntimeError: Error calling __set_name__" with the KeyboardInterrupt as its cause;
    - while a compiled extension initialises (jsonschema-rs, under PyO3), it comes out as
      PyO3's PanicException carrying the KeyboardInterrupt's text.
    So the error's causes are followed, and one that came after a noted Ctrl-C counts too."""
    seen: set[int] = set()
    step: BaseException | None = error
    while step is not None and id(step) not in seen:
        if isinstance(step, KeyboardInterrupt):
            return True
        if type(step).__name__ == "PanicException" and "KeyboardInterrupt" in str(step):
            return True
        seen.add(id(step))
        step = step.__cause__ or step.__context__
    return ctrl_c_came()


# installed when the command line is imported, so it covers the imports that follow (typer,
# the command's modules); an uncaught exception reaches it only in a program's main thread
_python_hook = sys.excepthook
sys.excepthook = _stopped_while_starting


# Every Ctrl-C is also noted. Python raises it as KeyboardInterrupt wherever the program is, and
# where that is a weakref callback or a finaliser (an import's module lock, under load), Python
# prints "Exception ignored" and goes on: the Ctrl-C is lost, and a question asked later waited
# for an answer with the person's Ctrl-C already typed. A question asks `ctrl_c_came()` first.
_ctrl_c: list[int] = []


def _on_ctrl_c(signum: int, frame: object) -> None:
    _ctrl_c.append(signum)
    raise KeyboardInterrupt


def ctrl_c_came() -> bool:
    """Whether a Ctrl-C came during this run (even one Python swallowed)."""
    return bool(_ctrl_c)


def _note_ctrl_c() -> None:
    import signal
    import threading

    # only where Python's own handler is in place (not when Ctrl-C is ignored, as for a job
    # started in the background), and only from the main thread, which may set handlers
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_ctrl_c)


_note_ctrl_c()
