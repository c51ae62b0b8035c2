"""The quick path: a plain `ipcli lint` or `ipcli due` command line runs without Typer.

Importing Typer (and its copy of Click) costs about 60 ms, more than a warm `lint` or `due` of
1,000 plans spends on its work (docs/performance.md). A command line made only of options this
module knows, each written in full with a value that Click would take as it is, is read here and
runs the very same function the Typer command runs (ipcli.cli.lintrun, ipcli.cli.duerun), with
the same guard and the same exit codes. Anything else — help, an unknown or misspelt option, a
missing value, a choice that is not one, a path Click would refuse, grouped short options,
`--`, options before the command, shell completion — is not read here: `run` returns None and
the Typer application reads the command line, so its help and usage errors are exactly as they
were. tests/test_quick.py runs command lines both ways and compares what they write and return.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

# how an option's value is taken: "text" as it is, "dir" and "path" as Typer's Path (a
# folder for --repo), "many" collected in a list; a choice is the tuple of its values
_Kind = str | tuple[str, ...]

_LINT_FORMATS = ("text", "json", "github", "junit", "sarif", "gitlab")
_DUE_FORMATS = ("table", "text", "json", "csv", "md", "ics")

# option -> (parameter, kind) for options that take a value; flags -> (parameter, value)
_VALUED: dict[str, dict[str, tuple[str, _Kind]]] = {
    "lint": {
        "--format": ("output_format", _LINT_FORMATS),
        "-f": ("output_format", _LINT_FORMATS),
        "--lang": ("lang", "text"),
        "--repo": ("repo", "dir"),
        "--today": ("today", "text"),
    },
    "due": {
        "--within": ("within", "text"),
        "-w": ("within", "text"),
        "--coordinator": ("coordinator", "text"),
        "-c": ("coordinator", "text"),
        "--plan": ("plan", "many"),
        "-p": ("plan", "many"),
        "--profile": ("profile", "text"),
        "--format": ("output_format", _DUE_FORMATS),
        "-f": ("output_format", _DUE_FORMATS),
        "--fail-on": ("fail_on", ("overdue", "never")),
        "--lang": ("lang", "text"),
        "--output": ("output", "path"),
        "-o": ("output", "path"),
        "--repo": ("repo", "dir"),
        "--today": ("today", "text"),
    },
}
_COMMON_FLAGS: dict[str, tuple[str, bool]] = {
    "--no-color": ("no_color", True),
    "--no-cache": ("no_cache", True),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--verbose": ("verbose", True),
    "-v": ("verbose", True),
    "--mine": ("mine", True),
    "--redact": ("redact", True),
}
_FLAGS: dict[str, dict[str, tuple[str, bool]]] = {
    "lint": {**_COMMON_FLAGS, "--no-redact": ("redact", False)},
    "due": _COMMON_FLAGS,
}


def parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The command and its parameters, as Typer would pass them, of a plain command line; None
    for anything else (Typer reads it)."""
    if not args or args[0] not in _VALUED:
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # shell completion
    command, valued, flags = args[0], _VALUED[args[0]], _FLAGS[args[0]]
    given: dict[str, Any] = {}
    paths: list[Path] = []
    rest = args[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name, eq, attached = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in valued:
            if eq:
                value, i = attached, i + 1
            elif i + 1 < len(rest):
                value, i = rest[i + 1], i + 2
            else:
                return None  # no value: Click's error
            param, kind = valued[name]
            taken = _value(value, kind)
            if taken is None:
                return None
            if kind == "many":
                given.setdefault(param, []).append(taken)
            else:
                given[param] = taken  # given twice: the last one counts, as in Click
        elif arg in flags:
            param, flag = flags[arg]
            given[param] = flag
            i += 1
        elif command == "lint" and not arg.startswith("-") and arg:
            taken = _value(arg, "path")
            if taken is None:
                return None
            paths.append(taken)
            i += 1
        else:
            return None  # help, an unknown option, --, grouped short options, an extra argument
    if command == "lint" and paths:
        given["paths"] = paths
    if "today" not in given and os.environ.get("IP_TODAY"):  # --today's envvar (empty: not set)
        given["today"] = os.environ["IP_TODAY"]
    return command, given


def _value(value: str, kind: _Kind) -> Any:
    """The value as Typer would pass it, or None where Click would refuse it or the quick path
    does not take it (empty, or starting with - where Click might read an option)."""
    if not value or value.startswith("-"):
        return None
    if isinstance(kind, tuple):
        return _choice(value, kind)
    if kind in ("path", "dir"):
        try:
            st = os.stat(value)
        except (OSError, ValueError):
            return Path(value)  # need not exist (Typer's Path checks only what exists)
        if (kind == "dir" and stat.S_ISREG(st.st_mode)) or not os.access(value, os.R_OK):
            return None  # Click: "is a file", "is not readable"
        return Path(value)
    return value


def _choice(value: str, choices: tuple[str, ...]) -> Any:
    if value not in choices:
        return None
    if choices == _LINT_FORMATS:
        from ipcli.cli.lintrun import LintFormat

        return LintFormat(value)
    from ipcli.cli.duerun import DueFormat, FailOn

    return DueFormat(value) if choices == _DUE_FORMATS else FailOn(value)


def run(args: list[str], held: list[BaseException]) -> int | None:
    """Run a plain lint or due command line and return its exit code; None: not one (nothing was
    done). What the run ended with is put in `held` (its frames hold the run's data until the
    process ends: see ipcli.cli.main.run)."""
    parsed = parse(args)
    if parsed is None:
        return None
    command, given = parsed
    from ipcli.cli import runtime
    from ipcli.language import safe

    # as the application's own options do (ipcli.cli.app.root) when none are given before the command
    safe.install()  # plan text never drives the terminal; output that is not UTF-8 never fails
    runtime.want_traceback(False)
    runtime.common_options()
    work: Callable[..., Any]
    if command == "lint":
        from ipcli.cli.lintrun import lint as work
    else:
        from ipcli.cli.duerun import due as work
    try:
        runtime.quick_guarded(work)(runtime.Exit, **given)
    except runtime.Exit as e:
        held.append(e)
        return e.exit_code
    return runtime.EXIT_OK
