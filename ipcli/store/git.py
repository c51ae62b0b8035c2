"""The one way ipcli starts git: every git command in ipcli goes through `run` (output captured)
or `start` (a process to stream from), with one environment, one timeout policy and one error.

Read-only use runs no command that a repository's configuration names. A plans folder copied
by tar, zip or a shared drive brings its `.git/config` with it, and git would run what that
file names: `core.fsmonitor`, hooks (`core.hooksPath`, `.git/hooks/post-index-change`), clean
and smudge filters, `diff.*.textconv` and external diff drivers, a pager, `gpg.program` (when
`log.showSignature` is set), an ssh command or credential helper (a lazy fetch in a partial
clone). Every read-only call overrides these on git's command line (`-c`), and filters defined
by the repository's own configuration (not the user's ~/.gitconfig or the system's, where
git-lfs puts its filter) are set to nothing. A deliberate git action (`--commit`, `init`) is
the user's own: it runs as git runs it, hooks and filters included.

The caller's environment cannot point git at another repository: GIT_DIR, GIT_WORK_TREE,
GIT_INDEX_FILE and the like are dropped (a command run from inside a git hook inherits them);
the author and committer identity and the user's config location stay.

This module imports nothing of ipcli's but ipcli.errors: it sits below everything else.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# One timeout policy. A single git call answers in well under a second on a repository of
# 10,000 plans; QUICK is the limit for every call. LONG is for the calls whose work grows with
# the whole history (a log over every plan, all their versions at once) and for deliberate
# actions, where the user's own commit hooks run (pre-commit may lint the repository).
QUICK_SECONDS = 60.0
LONG_SECONDS = 600.0

# Variables that tell git where the repository, its index or its objects are, or how to read
# paths: inherited from a git hook or a shell, they would make git answer about another place.
_DROPPED = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
        "GIT_QUARANTINE_PATH",
        "GIT_GRAFT_FILE",
        "GIT_REPLACE_REF_BASE",
        "GIT_NO_REPLACE_OBJECTS",
        "GIT_SHALLOW_FILE",
        "GIT_CEILING_DIRECTORIES",
        "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_LITERAL_PATHSPECS",
        "GIT_GLOB_PATHSPECS",
        "GIT_NOGLOB_PATHSPECS",
        "GIT_ICASE_PATHSPECS",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_EXTERNAL_DIFF",
        "GIT_PAGER",
        "PAGER",
        "GIT_DIFF_OPTS",
    }
)

# Read-only calls: what a repository's configuration could otherwise make git run.
_SAFE = (
    "core.fsmonitor=",  # empty: off in every git version (a hook path before 2.36, a bool after)
    f"core.hooksPath={os.devnull}",  # no hook is found there (post-index-change, reference-transaction)
    "core.pager=cat",
    "log.showSignature=false",  # would run gpg.program
    "protocol.allow=never",  # no transport: no ssh command, no credential helper, no lazy fetch
    "core.sshCommand=false",
    "credential.helper=",
    "core.editor=false",
    "sequence.editor=false",
    "gpg.program=false",
)

# subcommands that can produce a textual diff: no textconv, no external diff driver
_DIFFING = frozenset({"diff", "log", "show"})

_filters_seen: dict[tuple[str, float], frozenset[str]] = {}


class GitError(Exception):
    """git could not answer. `kind` is one of: "missing" (no git on PATH), "failed" (git
    said no: `detail` is its last line), "timeout", "not_repo" (not inside a git work tree),
    "unsafe" (git refuses a folder another user owns), "no_commits" (the repository has
    none yet), "repository_filter" (a version is stored through a filter that only the
    repository's own configuration defines: `detail` is the filter, `path` the file). The
    CLI shows it as one translated line, exit 2."""

    def __init__(self, kind: str, detail: str = "", root: Path | None = None, path: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.root = root
        self.path = path


@dataclass(frozen=True)
class Done:
    """A finished git command."""

    returncode: int
    out: bytes
    err: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "surrogateescape")

    def last_line(self) -> str:
        lines = [ln.strip() for ln in (self.err or self.text).splitlines() if ln.strip()]
        text = next(
            (ln for ln in lines if ln.lower().startswith(("fatal:", "error:"))), lines[-1] if lines else ""
        )
        for prefix in ("fatal: ", "error: "):
            text = text.removeprefix(prefix)
        return text[:200]


def environment(extra: Mapping[str, str] | None = None, deliberate: bool = False) -> dict[str, str]:
    """git's environment: the caller's, without what points git elsewhere; git's messages in
    English (they are matched, never shown raw), no prompt for a password."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _DROPPED and not k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
    }
    env["LC_ALL"] = "C"
    env["LANGUAGE"] = "C"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_PAGER"] = "cat"
    if not deliberate:
        env["GIT_OPTIONAL_LOCKS"] = "0"  # a read writes nothing, not even a refreshed index
        env["GIT_NO_LAZY_FETCH"] = "1"
    if extra:
        env.update(extra)
    return env


def git_dir(root: Path) -> Path | None:
    """The git folder of the work tree whose top is `root` (`.git`, or where a linked work
    tree's or a submodule's `.git` file points), or None when root is no work tree's top."""
    dotgit = root / ".git"
    if dotgit.is_dir():
        return dotgit
    if dotgit.is_file():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = dotgit.read_text(encoding="utf-8").strip()
            if text.startswith("gitdir:"):
                found = Path(text[len("gitdir:") :].strip())
                found = found if found.is_absolute() else root / found
                if found.is_dir():
                    return found.resolve()
    return None


def command(root: Path, args: tuple[str, ...], deliberate: bool = False) -> list[str]:
    """The full command line for `git <args>` in root (read-only overrides unless deliberate)."""
    if deliberate:
        return ["git", "--no-pager", *args]
    line = ["git", "--no-pager"]
    for setting in (*_SAFE, *_filter_overrides(root)):
        line += ["-c", setting]
    if args and args[0] in _DIFFING:
        return [*line, args[0], "--no-ext-diff", "--no-textconv", *args[1:]]
    return [*line, *args]


def _filter_overrides(root: Path) -> list[str]:
    """Settings that empty every filter the repository's own configuration defines."""
    out: list[str] = []
    for name in sorted(repository_filters(root)):
        out += [f"filter.{name}.clean=", f"filter.{name}.smudge=", f"filter.{name}.process="]
        out.append(f"filter.{name}.required=false")
    return out


def repository_filters(root: Path) -> frozenset[str]:
    """The filters (clean, smudge, process) that the repository's own configuration defines:
    read-only calls never run them. A filter defined in the user's ~/.gitconfig or the system's
    configuration is the user's own (git-lfs puts its filter there) and runs. Asked once per
    state of the configuration file: reading the configuration runs nothing."""
    files = _config_files(git_dir(root))
    stamp = 0.0
    texts = []
    for file in files:
        with contextlib.suppress(OSError):
            stamp += file.stat().st_mtime
            texts.append(file.read_bytes().lower())
    if not any(b"filter" in t or b"include" in t for t in texts):
        return frozenset()  # the usual case: no git call at all
    key = (str(root), stamp)
    if key in _filters_seen:
        return _filters_seen[key]
    names: set[str] = set()
    try:
        done = subprocess.run(
            ["git", "--no-pager", "config", "-z", "--show-scope", "--get-regexp", r"^filter\."],
            cwd=root,
            capture_output=True,
            timeout=QUICK_SECONDS,
            env=environment(),
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0:
        # -z --show-scope: "scope\0name\nvalue\0" per entry
        parts = done.stdout.decode("utf-8", "surrogateescape").split("\0")
        for scope, entry in zip(parts[0::2], parts[1::2], strict=False):
            name = entry.split("\n", 1)[0]
            if scope not in ("global", "system") and name.count(".") >= 2:
                names.add(name[len("filter.") : name.rindex(".")])
    _filters_seen[key] = frozenset(names)
    return _filters_seen[key]


def _config_files(where: Path | None) -> list[Path]:
    """The repository's own configuration files: its config (a linked work tree's is in the
    common git folder) and the work tree's config.worktree."""
    if where is None:
        return []
    common = where
    with contextlib.suppress(OSError, UnicodeDecodeError):
        named = (where / "commondir").read_text(encoding="utf-8").strip()
        common = (where / named).resolve() if named else where
    return [common / "config", where / "config.worktree"]


def _classify(done: Done, root: Path) -> GitError:
    said = done.err.lower()
    if "dubious ownership" in said or "safe.directory" in said:
        return GitError("unsafe", done.last_line(), root)
    if "not a git repository" in said:
        return GitError("not_repo", done.last_line(), root)
    if (
        "does not have any commits" in said
        or "bad default revision 'head'" in said
        or ("ambiguous argument 'head'" in said)
    ):
        return GitError("no_commits", done.last_line(), root)
    return GitError("failed", done.last_line() or f"exit {done.returncode}", root)


def run(
    root: Path,
    *args: str,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float = QUICK_SECONDS,
    deliberate: bool = False,
) -> Done:
    """Run `git <args>` in root and capture what it prints. With check, a non-zero exit is a
    GitError("failed", ...); without, the caller reads `returncode`. No git, or no answer within
    the timeout, is always a GitError."""
    try:
        proc = subprocess.run(
            command(root, args, deliberate),
            cwd=root,
            input=input,
            capture_output=True,
            timeout=timeout,
            env=environment(env, deliberate),
            stdin=None if input is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("missing", "", root) from None
    except subprocess.TimeoutExpired:
        raise GitError("timeout", " ".join(args[:1]), root) from None
    except OSError as e:
        raise GitError("missing", e.strerror or str(e), root) from None
    done = Done(proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace"))
    if check and not done.ok:
        raise _classify(done, root)
    return done


def start(
    root: Path,
    *args: str,
    stdin: int | None = subprocess.DEVNULL,
    stdout: int | None = subprocess.PIPE,
) -> subprocess.Popen[bytes]:
    """Start a read-only `git <args>` to stream from (cat-file --batch, a long listing). The
    caller reads, waits (with QUICK_SECONDS or LONG_SECONDS) and kills it when done."""
    try:
        return subprocess.Popen(
            command(root, args),
            cwd=root,
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )
    except OSError as e:
        raise GitError("missing", e.strerror or "", root) from None


def available() -> bool:
    """Is there a git on PATH at all?"""
    import shutil

    return shutil.which("git") is not None
