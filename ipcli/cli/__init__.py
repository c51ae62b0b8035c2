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
    if not (issubclass(kind, KeyboardInterrupt) or _interrupt_in_native_code(kind, value)):
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


def _interrupt_in_native_code(kind: type[BaseException], value: BaseException) -> bool:
    """A Ctrl-C that lands while a compiled extension initialises (jsonschema-rs, under PyO3)
    can come out as PyO3's PanicException carrying the KeyboardInterrupt instead of as the
    KeyboardInterrupt itself: the same Ctrl-C, and the same one line and exit 130."""
    return kind.__name__ == "PanicException" and "KeyboardInterrupt" in str(value)


# installed when the command line is imported, so it covers the imports that follow (typer,
# the command's modules); an uncaught exception reaches it only in a program's main thread
_python_hook = sys.excepthook
sys.excepthook = _stopped_while_starting
