"""The one user-facing error type: unusable input or usage, shown as one line, exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: a missing file, a bad option value, a broken ipcli.toml."""

    def __init__(self, message: str, hint: str = "", details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # lines written before the message (each finding of a plan that cannot be used)
        self.details = details


class Stopped(Exception):
    """The user stopped the command at a question (Ctrl-C or the end of input): exit 130."""
