"""The `ipcli` / `ip` application: registers the commands and runs them."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterable
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ipcli import __version__
from ipcli.cli.common import want_traceback

HELP = """Individual plans (individuell plan / individuel plan) as code.

Plans are YAML files in a git repository. ipcli checks them, reports what is due, and writes
them out for meetings.

Exit codes: 0 nothing found, 1 findings, 2 unusable input or usage, 3 internal error.

`ip` is a short name for `ipcli` for every command but `stats` (`ip stats` is the networking
command's); anything else after `ip` (`ip addr`, `ip route`) goes to the system's `ip`.
"""


class _Group(TyperGroup):
    """The application's group: `--traceback` is ipcli's own option, but the internal-error
    message is read after a command failed, so it is taken after the command too (`ipcli lint
    --traceback`), as people retype the line they ran with the flag at its end."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "--traceback" in args[:end]:
            args = ["--traceback", *(a for i, a in enumerate(args) if a != "--traceback" or i >= end)]
        return super().parse_args(ctx, args)


_app = typer.Typer(
    cls=_Group,
    name="ipcli",
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["--help", "-h"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ipcli {__version__}")
        raise typer.Exit(0)


@_app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="On an internal error, show the full traceback.")
    ] = False,
) -> None:
    from ipcli.language.safe import install

    install()  # plan text never drives the terminal; output that is not UTF-8 never fails
    want_traceback(traceback)


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


def __getattr__(name: str) -> typer.Typer:
    """`ipcli.cli.main.app`: the application with every command (for tests and tools)."""
    if name == "app":
        return register()
    raise AttributeError(name)


def register(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """Add these commands to the app (all of them unless told), once each, in COMMANDS order."""
    import importlib

    for name in [n for n in COMMANDS if n in set(names) and n not in _registered]:
        module, function = COMMANDS[name]
        _app.command(name)(getattr(importlib.import_module(f"ipcli.cli.{module}"), function))
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
    register(_needed(sys.argv))
    try:
        _app(prog_name="ipcli")
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
    exit_now(main(hold=True))


def exit_now(code: int) -> NoReturn:
    """Flush what was written, then end the process without the interpreter's tidy-up."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)
