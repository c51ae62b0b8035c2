"""The `ipcli` / `ip` application: registers the commands and runs them. A plain warm `lint` or
`due` command line runs without Typer (ipcli.cli.quick); every other one through the Typer
application (ipcli.cli.app), imported only then."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NoReturn

from ipcli.language.i18n import N_

if TYPE_CHECKING:
    import typer

# command name -> (module under ipcli.cli, function): a run imports only the module it needs
COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("lint", "lint"),
    "due": ("due", "due"),
    "plans": ("plans", "plans"),
    "rules": ("rules", "rules"),
    "init": ("scaffold", "init"),
    "new": ("scaffold", "new"),
    "goal": ("record", "goal"),
    "evaluate": ("record", "evaluate"),
    "revise": ("record", "revise"),
    "measure": ("record", "measure"),
    "schema": ("schema", "schema"),
    "render": ("render", "render"),
    "export": ("export", "export"),
    "stats": ("stats", "stats"),
    "log": ("history", "log"),
    "diff": ("history", "diff"),
    "show": ("history", "show"),
    "lsp": ("lsp", "lsp"),
}
_registered: set[str] = set()
# each command's help (its function's docstring is for the people who read the code)
_HELP = {
    "lint": N_("help.cmd.lint"),
    "due": N_("help.cmd.due"),
    "plans": N_("help.cmd.plans"),
    "rules": N_("help.cmd.rules"),
    "init": N_("help.cmd.init"),
    "new": N_("help.cmd.new"),
    "goal": N_("help.cmd.goal"),
    "evaluate": N_("help.cmd.evaluate"),
    "revise": N_("help.cmd.revise"),
    "measure": N_("help.cmd.measure"),
    "schema": N_("help.cmd.schema"),
    "render": N_("help.cmd.render"),
    "export": N_("help.cmd.export"),
    "stats": N_("help.cmd.stats"),
    "log": N_("help.cmd.log"),
    "diff": N_("help.cmd.diff"),
    "show": N_("help.cmd.show"),
    "lsp": N_("help.cmd.lsp"),
}


def __getattr__(name: str) -> typer.Typer:
    """`ipcli.cli.main.app`: the application with every command (for tests and tools)."""
    if name == "app":
        return register()
    raise AttributeError(name)


def register(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """Add these commands to the app (all of them unless told), once each, in COMMANDS order."""
    import importlib

    from ipcli.cli.app import Command
    from ipcli.cli.app import app as _app

    for name in [n for n in COMMANDS if n in set(names) and n not in _registered]:
        module, function = COMMANDS[name]
        command = getattr(importlib.import_module(f"ipcli.cli.{module}"), function)
        _app.command(name, cls=Command, help=_HELP[name])(command)
        _registered.add(name)
    return _app


def _needed(argv: list[str]) -> Iterable[str]:
    """The commands a command line needs: the one it names, or all of them (for the overview,
    an unknown name's suggestions, or shell completion)."""
    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    if len(argv) > 1 and argv[1] in COMMANDS and not completing:
        return (argv[1],)
    return COMMANDS


# what a finished command held, kept for the quick exit (see run)
_finished: list[BaseException] = []


def main(hold: bool = False) -> int:
    """Console entry point. With `hold`, what the command held is kept (for `run`)."""
    # A command runs for a moment and makes no reference cycles worth collecting; the collector
    # would only walk the cached results again and again (15-25 % of a large warm run).
    gc.disable()
    app = register(_needed(sys.argv))
    try:
        app(prog_name="ipcli")
    except SystemExit as e:
        if hold:  # its traceback holds the command's frames, and so everything they held
            _finished.append(e)
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0


def run() -> NoReturn:
    """The installed `ipcli` (and `python -m ipcli`): the command, then a quick exit. A large
    run holds hundreds of thousands of small objects (the cache, the results, the report);
    freeing them one by one, when the command returns and at interpreter shutdown, costs
    30-60 ms and does nothing the operating system would not do at once."""
    gc.disable()  # as main does
    from ipcli.cli import quick

    code = quick.run(sys.argv[1:], _finished)  # a plain warm lint or due: no Typer (see quick)
    exit_now(main(hold=True) if code is None else code)


def exit_now(code: int) -> NoReturn:
    """Flush what was written, then end the process without the interpreter's tidy-up."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)
