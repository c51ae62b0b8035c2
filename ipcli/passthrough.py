"""The `ip` entry point: ipcli's commands, and everything else to iproute2's `ip`.

On Linux `ip` is the networking command. Installing ipcli must never break `ip addr` or
`ip -4 route`: when the first argument is not an ipcli command or option, the call is handed,
unchanged, to the next `ip` on PATH (exec: same arguments, same exit code).
This module imports nothing heavy so that `ip route` costs no more than before.
"""

from __future__ import annotations

import os
import sys

# ipcli commands reachable as `ip COMMAND`. Not `stats`: iproute2 has an `ip stats` object, which
# keeps its meaning; ipcli's is `ipcli stats`. A test keeps this set in step with the app.
COMMANDS = frozenset(
    {
        "diff",
        "due",
        "evaluate",
        "export",
        "goal",
        "init",
        "lint",
        "log",
        "lsp",
        "measure",
        "new",
        "plans",
        "render",
        "revise",
        "rules",
        "schema",
        "show",
    }
)
OPTIONS = frozenset({"--help", "--version", "--traceback", "--install-completion", "--show-completion"})
# Where iproute2 lives when it is not on PATH (ordinary users on Debian lack /usr/sbin).
FALLBACKS = ("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")
_GUARD = "IPCLI_PASSED_THROUGH"


def is_ipcli_call(args: list[str]) -> bool:
    return not args or args[0] in COMMANDS or args[0] in OPTIONS


def find_iproute2(path_env: str, me: str, fallbacks: tuple[str, ...] = FALLBACKS) -> str | None:
    """The `ip` that comes after this one on PATH (or a standard location), never itself."""
    mine = os.path.realpath(me)
    candidates = [os.path.join(d, "ip") for d in path_env.split(os.pathsep) if d]
    real = [os.path.realpath(c) for c in candidates]
    after = real.index(mine) + 1 if mine in real else 0
    for cand, resolved in zip(
        candidates[after:] + list(fallbacks),
        real[after:] + [os.path.realpath(f) for f in fallbacks],
        strict=True,
    ):
        if resolved != mine and os.path.isfile(cand) and os.access(cand, os.X_OK) and not _is_ipcli(cand):
            return cand
    return None


def _is_ipcli(path: str) -> bool:
    """Is this `ip` another ipcli install's (a venv and pipx both on PATH)? Its launcher names
    this module; iproute2's binary does not."""
    try:
        with open(path, "rb") as f:
            return b"ipcli.passthrough" in f.read(4096)
    except OSError:
        return False


def main() -> int:
    args = sys.argv[1:]
    if is_ipcli_call(args):
        from ipcli.cli.main import run

        sys.argv[0] = "ip"
        run()
    target = None if os.environ.get(_GUARD) else find_iproute2(os.environ.get("PATH", ""), sys.argv[0])
    if target is None:
        sys.stderr.write(
            f'ip: "{args[0]}" is neither an ipcli command ({", ".join(sorted(COMMANDS))}) nor '
            "something this ip can pass on: no iproute2 `ip` was found on PATH. "
            "Use `ipcli --help` for plan commands.\n"
        )
        return 2
    os.environ[_GUARD] = "1"
    os.execv(target, ["ip", *args])
    return 2  # pragma: no cover - execv does not return
