"""Colour on a real terminal survives the escaping of control characters: ipcli's own colour and
weight codes reach the terminal, while a plan's escape sequences are still shown as text."""

from __future__ import annotations

import io
import os
from pathlib import Path

from conftest import PINNED_TODAY
from test_progress import on_terminal  # one pseudo-terminal runner for the tests

from ipcli.language.safe import SafeStream


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_passes_on_a_terminal_and_nothing_else_does() -> None:
    sgr_and_osc = "\x1b[1mHei\x1b[0m \x1b]52;c;aGVp\x07 \x1b[8mskjult\x1b[0m \x1b[2J"
    term, pipe = _Terminal(), io.StringIO()
    SafeStream(term).write(sgr_and_osc)
    SafeStream(pipe).write(sgr_and_osc)
    assert term.getvalue() == "\x1b[1mHei\x1b[0m \\u001b]52;c;aGVp\\u0007 \\u001b[8mskjult\x1b[0m \\u001b[2J"
    assert "\x1b" not in pipe.getvalue()


def test_due_on_a_real_terminal_is_coloured_not_escaped(plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("name: Ola Nordmann", "name: Ola \x1b]52;c;aGVp\x07N", 1)
    )
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"COLUMNS": "100", "TERM": "xterm"}
    _code, out = on_terminal(plans_repo, ["due", "--today", PINNED_TODAY, "--lang", "en"], env)
    assert "\x1b[31m" in out  # overdue items in red
    assert "\\u001b[31m" not in out and "\\u001b[0m" not in out
    assert "\x1b]52" not in out  # the plan's clipboard write is shown, not run
