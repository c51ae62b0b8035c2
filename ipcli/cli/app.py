"""The Typer application: its group, the options it takes before a command, its help's words.
ipcli.cli.main registers the commands a run needs and runs it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

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


class Command(TyperCommand):
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


app = typer.Typer(
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


@app.callback()
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
