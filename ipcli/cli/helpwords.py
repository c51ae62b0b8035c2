"""Help and Click's own messages in the reader's language.

Every command's and option's help is a catalogue key (`help=N_("help.lint.paths")`), put into
words only when help is written (`translate`), so the language chosen for the run applies and a
run that shows no help reads no catalogue for it. Click and Typer ask `gettext` for their own
words ("Options", "Arguments"); `install` points Typer's `_` at the catalogue, through the table
below from its English to ipcli's keys. Typer's own copy of Click writes plain English ("Usage:",
"Show this message and exit."): those of the help are put into words here too.

The language is the run's, chosen as for every other word (`settle`): --lang anywhere on the
command line (help is written before Click has read the options), else ipcli.toml's language
(of --repo or the folder's repository), else LC_ALL/LC_MESSAGES/LANG.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ipcli.language import i18n
from ipcli.language.i18n import N_

# Typer's English (its gettext msgids, typer.core) and the vendored Click's help words -> keys
CLICK: dict[str, str] = {
    "Options": N_("click.options"),
    "Arguments": N_("click.arguments"),
    "Commands": N_("click.commands"),
    "required": N_("click.required"),
    "default: {default}": N_("click.default"),
    "env var: {var}": N_("click.env_var"),
    "(dynamic)": N_("click.dynamic"),
    "Aborted!": N_("click.aborted"),
    "Missing command.": N_("click.missing_command"),
    "Show this message and exit.": N_("click.help_option"),
    # typer.completion's options of the application
    "Install completion for the current shell.": N_("click.install_completion"),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "click.show_completion"
    ),
}

# the placeholders of usage lines and help (Click's type names, ipcli's own metavars and argument
# names), word by word -> keys: `[OPTIONS]`, `<str>`, `PLAN`, `YYYY-MM-DD` in the reader's language
METAVARS: dict[str, str] = {
    "OPTIONS": N_("click.metavar.options"),
    "COMMAND": N_("click.metavar.command"),
    "ARGS": N_("click.metavar.args"),
    "str": N_("click.metavar.text"),
    "directory": N_("click.metavar.directory"),
    "path": N_("click.metavar.path"),
    "file": N_("click.metavar.file"),
    "int": N_("click.metavar.number"),
    "YYYY-MM-DD": N_("click.metavar.date"),
    "PLAN": N_("click.metavar.plan"),
    "GOAL": N_("click.metavar.goal"),
    "MEASURE": N_("click.metavar.measure"),
    "ID": N_("click.metavar.id"),
    "REV": N_("click.metavar.revision"),
    "code": N_("click.metavar.code"),
    "theme": N_("click.metavar.theme"),
    "paths": N_("click.metavar.paths"),
    "folder": N_("click.metavar.folder"),
}
_METAVAR_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")

_run: dict[str, Any] = {"args": None, "settled": False}


def begin(args: Sequence[str] | None) -> None:
    """A command line is about to be read: its words decide the language of help and errors."""
    _run.update(args=list(sys.argv[1:] if args is None else args), settled=False)


def _given(args: list[str], option: str) -> str | None:
    """The value of `option` (`--lang nb` or `--lang=nb`) anywhere before `--`; the last one wins."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(option + "="):
            value = arg.split("=", 1)[1]
    return value


def settle() -> None:
    """Choose the language of help and Click's errors, once per command line."""
    if _run["settled"]:
        return
    _run["settled"] = True
    args: list[str] = _run["args"] if _run["args"] is not None else sys.argv[1:]
    lang = _given(args, "--lang")
    i18n.start(lang if lang in i18n.LANGS else None)
    if lang in i18n.LANGS:
        return
    with contextlib.suppress(OSError):  # no readable setting: the environment's language
        i18n.configure(_configured_language(_given(args, "--repo")))


def _configured_language(repo: str | None) -> str | None:
    """The language ipcli.toml names, of --repo or of the repository around the current folder
    (found as ipcli.store.repo finds it). Only that one setting is read, without the config's
    checks or imports (30-40 ms): a help is written before any command opens the repository, and
    a setting that does not read leaves the environment's language."""
    start = Path(repo) if repo else Path.cwd()
    for folder in (start,) if repo else (start, *start.parents):
        config = folder / "ipcli.toml"
        if config.is_file():
            if config.is_symlink() or config.stat().st_size > 1_048_576:
                return None  # a link out of the repository is not read (as for every command)
            import tomllib

            try:
                language = tomllib.loads(config.read_bytes().decode("utf-8-sig")).get("language")
            except (ValueError, RecursionError):  # not TOML, not UTF-8: the command will say so
                return None
            return language if language in i18n.LANGS else None
        if (folder / ".git").exists():
            return None
    return None


def gettext(message: str) -> str:
    """Click's and Typer's `_`: their English in the run's language."""
    key = CLICK.get(message)
    if key is None:
        return message
    settle()
    return i18n.tr(key)


def install() -> None:
    """Point Click's and Typer's gettext at the catalogue (their modules bound `_` at import)."""
    import typer.core

    # Typer 0.28 carries its own copy of Click (typer._click), whose words are plain English:
    # the help's are put into words in `translate` and `usage`
    typer.core._ = gettext  # type: ignore[attr-defined]


def _words(text: str | None) -> str | None:
    """A help key in words; anything else (already words, None) as it is."""
    if text and " " not in text and text.startswith(("help.", "click.")):
        return i18n.tr(text)
    key = CLICK.get(text or "")
    return i18n.tr(key) if key else text


def translate(command: Any, ctx: Any) -> None:
    """Put a command's help, its parameters' and (for a group) its commands' into words, just
    before the help is written. The objects are made afresh for each run, so this is done once."""
    settle()
    name_params(command, ctx)
    command.help = _words(command.help)
    command.epilog = _words(command.epilog)
    command.short_help = _words(command.short_help)
    for param in command.get_params(ctx):
        if hasattr(param, "help"):
            param.help = _words(param.help)
    for sub in getattr(command, "commands", {}).values():
        sub.help = _words(sub.help)
        sub.short_help = _words(sub.short_help)


def _placeholder(text: str) -> str:
    """A usage placeholder with its known words in the run's language ("[OPTIONS]" -> "[VALG]")."""
    return _METAVAR_WORD.sub(
        lambda m: i18n.tr(METAVARS[m.group(0)]) if m.group(0) in METAVARS else m.group(0), text
    )


def name_params(command: Any, ctx: Any) -> None:
    """The placeholders a command shows in its usage line, its help and its usage errors, in the
    run's language: `[OPTIONS]`, a group's `COMMAND [ARGS]...`, each option's value (`<str>`
    -> `<tekst>`; a choice's values stay, they are what is typed) and each argument's name. Once
    per command object (they are made afresh for each run)."""
    if getattr(command, "_ipcli_named", False):
        return
    settle()
    command._ipcli_named = True
    command.options_metavar = _placeholder(command.options_metavar or "")
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = _placeholder(command.subcommand_metavar)
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if param.metavar is not None:
            param.metavar = _placeholder(param.metavar)
        elif param.param_type_name == "argument":
            name = i18n.tr(METAVARS[param.name]) if param.name in METAVARS else (param.name or "").upper()
            param.metavar = name + ("..." if param.nargs != 1 else "")
        elif param.type.get_metavar(param=param, ctx=ctx) is None:  # not a choice: the type's name
            param.metavar = f"<{_placeholder(param.type.name)}>" + ("..." if param.nargs != 1 else "")


def usage() -> str:
    """The word before a command's usage line ("Usage: ")."""
    settle()
    return i18n.tr("click.usage") + " "


# Click's usage errors as its copy in Typer writes them (plain English), and their keys. A
# message that matches none stays as Click wrote it.
_ERRORS: list[tuple[str, str]] = [  # compiled on the first error (re caches them), not at start
    (r"Missing argument (?P<name>.+)\.", N_("click.missing_argument")),
    (r"Missing option (?P<name>.+)\.", N_("click.missing_option")),
    (r"Missing parameter (?P<name>.+)\.", N_("click.missing_parameter")),
    (r"Missing command\.", N_("click.missing_command")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<names>.+)\)",
        N_("click.no_such_option.near"),
    ),
    (r"No such option: (?P<name>\S+)", N_("click.no_such_option")),
    (
        r"No such command (?P<name>.+?)\. Did you mean (?P<names>.+)\?",
        N_("click.no_such_command.near"),
    ),
    (r"No such command (?P<name>.+?)\.", N_("click.no_such_command")),
    (r"(?s)Invalid value for (?P<name>.+?): (?P<message>.*)", N_("click.invalid_value_for")),
    (r"(?s)Invalid value: (?P<message>.*)", N_("click.invalid_value")),
    (r"(?P<value>'.*') is not one of (?P<choices>.+)\.", N_("click.not_one_of")),
    (r"(?P<value>'.*') is not (?P<choices>'[^']*')\.", N_("click.not_one_of")),
    (r"(?P<value>'.*') is not a valid (?P<kind>\w+)\.", N_("click.not_valid")),
    (r"Option (?P<name>'\S+') requires an argument\.", N_("click.needs_value")),
    (r"Option (?P<name>'\S+') requires (?P<n>\d+) arguments\.", N_("click.needs_values")),
    (r"Option (?P<name>'\S+') does not take a value\.", N_("click.takes_no_value")),
    (r"(?s)Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("click.extra_arguments")),
    # Typer's paths (typer.models.TyperPath): "Directory '/etc/passwd' is a file."
    (r"(?:File|Directory|Path) (?P<path>'.*') does not exist\.", N_("click.path.missing")),
    (r"(?:File|Directory|Path) (?P<path>'.*') is a file\.", N_("click.path.is_file")),
    (r"(?:File|Directory|Path) (?P<path>'.*') is a directory\.", N_("click.path.is_directory")),
    (r"(?:File|Directory|Path) (?P<path>'.*') is not readable\.", N_("click.path.unreadable")),
    (r"(?:File|Directory|Path) (?P<path>'.*') is not writable\.", N_("click.path.unwritable")),
]


def error_words(message: str) -> str:
    """One of Click's error messages in the run's language (the inner message of "Invalid value
    for …" too)."""
    settle()
    for pattern, key in _ERRORS:
        found = re.fullmatch(pattern, message)
        if found:
            values = found.groupdict()
            if "message" in values:
                values["message"] = error_words(values["message"])
            return i18n.tr(key, **values)
    return message


def show_error(error: Any, file: Any = None) -> None:
    """A usage error as Click shows it (usage, the hint, the error), in the run's language."""
    import typer

    settle()
    to: dict[str, Any] = {"file": file} if file is not None else {"err": True}
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        name_params(ctx.command, ctx)  # before the message is made: it names the parameter
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = i18n.tr("click.try_help", command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", color=ctx.color, **to)
    typer.echo(i18n.tr("click.error", message=error_words(error.format_message())), **to)


@contextlib.contextmanager
def in_words() -> Iterator[None]:
    """A usage error raised within shows itself in the run's language (Typer's copy of Click
    writes it in English, with no gettext to hook); anything else goes through as it is."""
    from typer._click.exceptions import ClickException

    try:
        yield
    except ClickException as e:
        e.show = functools.partial(show_error, e)  # type: ignore[method-assign]
        raise
