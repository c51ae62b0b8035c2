"""The `ipcli` / `ip` application: registers the commands and runs them."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from ipcli import __version__
from ipcli.cli.common import LangOpt, NoColorOpt, QuietOpt, RepoOpt, common_options, want_traceback
from ipcli.cli.helpwords import begin, in_words, install, name_params, translate, usage
from ipcli.language.i18n import N_

# the overview's words: the catalogue's help.ipcli (ipcli.cli.helpwords puts keys into words)
HELP = N_("help.ipcli")

# options every command takes, before or after its name (ipcli --lang nb lint, ipcli lint --lang nb):
# taken after a command that has no such option of its own, they are the application's
_COMMON_VALUED, _COMMON_FLAGS = ("--lang", "--repo"), ("--no-color", "--quiet", "-q")


class _Group(TyperGroup):
    """The application's group: `--traceback` is ipcli's own option, but the internal-error
    message is read after a command failed, so it is taken after the command too (`ipcli lint
    --traceback`), as people retype the line they ran with the flag at its end."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "--traceback" in args[:end]:
            args = ["--traceback", *(a for i, a in enumerate(args) if a != "--traceback" or i >= end)]
        return super().parse_args(ctx, _hoist(self, args))

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        begin(args)  # help and usage errors are written in the language this command line asks for
        return super().main(args, *rest, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with in_words():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with in_words():  # the command's own usage errors, and an unknown command
            return super().invoke(ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        translate(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        name_params(self, ctx)
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), usage())


class _Command(TyperCommand):
    """A command whose help is put into words (the run's language) when it is written."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        translate(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        name_params(self, ctx)
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), usage())


def _hoist(group: Any, args: list[str]) -> list[str]:
    """A common option after a command that has none of its own moves before the command."""
    i = 0
    while i < len(args) and args[i].startswith("-"):  # the application's own options
        i += 2 if args[i] in _COMMON_VALUED else 1
    if i >= len(args) or args[i] not in group.commands:
        return args
    own = {o for p in group.commands[args[i]].params for o in (*p.opts, *p.secondary_opts)}
    head, moved, rest = args[: i + 1], [], args[i + 1 :]
    kept: list[str] = []
    j = 0
    while j < len(rest) and rest[j] != "--":
        arg, name = rest[j], rest[j].split("=", 1)[0]
        if name in _COMMON_VALUED and name not in own:
            take = 1 if "=" in arg else 2
            moved += rest[j : j + take]
            j += take
        elif arg in _COMMON_FLAGS and arg not in own:
            moved.append(arg)
            j += 1
        else:
            kept.append(arg)
            j += 1
    return [*moved, *head, *kept, *rest[j:]] if moved else args


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
install()  # Typer's own words (Options, Arguments …) from ipcli's catalogue


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ipcli {__version__}")
        raise typer.Exit(0)


@_app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("help.root.version"))
    ] = False,
    traceback: Annotated[bool, typer.Option("--traceback", help=N_("help.root.traceback"))] = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    no_color: NoColorOpt = False,
    quiet: QuietOpt = False,
) -> None:
    from ipcli.language import safe

    safe.install()  # plan text never drives the terminal; output that is not UTF-8 never fails
    want_traceback(traceback)
    common_options(lang=lang, repo=repo, no_color=no_color, quiet=quiet)


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

    for name in [n for n in COMMANDS if n in set(names) and n not in _registered]:
        module, function = COMMANDS[name]
        command = getattr(importlib.import_module(f"ipcli.cli.{module}"), function)
        _app.command(name, cls=_Command, help=_HELP[name])(command)
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
