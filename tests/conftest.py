"""Shared fixtures: real git repositories in temp folders, with identities set here, never
taken from the developer's configuration; and the CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest
import typer.testing
from typer.testing import CliRunner, Result

from ipcli.cli.app import app as _app  # the Typer application itself (ipcli.cli.app)
from ipcli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PINNED_TODAY = "2026-11-23"


class _Built:
    """The application's Click command tree, built once per worker and handed back as it was
    built on every run. Typer builds the tree anew on each CliRunner invocation, evaluating every
    command's annotations (about 70 ms of CPU, more than most commands' own work in a test);
    a run changes only attributes of the tree's objects (help put into the run's language,
    Click's cached help option), and those are put back as they were before the next run."""

    def __init__(self) -> None:
        self.key = -1
        self.command: Any = None
        self.saved: list[tuple[Any, dict[str, Any]]] = []

    def __call__(self, typer_app: Any) -> Any:
        if typer_app is not _app:  # another application (none yet): built as Typer does
            return _get_command(typer_app)
        key = len(_app.registered_commands)  # commands are only ever added (main.register)
        if key != self.key:
            self.key, self.command = key, _get_command(_app)
            self.saved = [(obj, dict(vars(obj))) for obj in _tree(self.command)]
        else:
            for obj, attributes in self.saved:
                if vars(obj) != attributes:
                    vars(obj).clear()
                    vars(obj).update(attributes)
        return self.command


def _tree(command: Any) -> Iterator[Any]:
    yield command
    yield from command.params
    for sub in getattr(command, "commands", {}).values():
        yield from _tree(sub)


_get_command = typer.testing._get_command
typer.testing._get_command = _Built()  # every CliRunner.invoke(app) in the tests


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite expected output files from the current output"
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(autouse=True)
def _ctrl_c_left_as_it_was() -> Iterator[None]:
    """A test that leaves Ctrl-C ignored, blocked or handled differently in the test process fails,
    and the state is put back: every command a later test starts (on a pseudo-terminal, say)
    would inherit it, and a Ctrl-C test would then wait for a Ctrl-C that never comes."""
    import signal

    import ipcli.cli  # noqa: F401  (its import notes Ctrl-C: the handler every test starts from)

    handler = signal.getsignal(signal.SIGINT)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    yield
    now, now_blocked = signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, set())
    if now is not handler or now_blocked != blocked:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        pytest.fail(
            f"the test left Ctrl-C as {now!r}, blocked {sorted(now_blocked)} "
            f"(was {handler!r}, {sorted(blocked)})"
        )


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the user's git config, home folder, clock setting or colours."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in {
        "GIT_AUTHOR_NAME": "Test Koordinator",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test Koordinator",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("IP_TODAY", raising=False)
    monkeypatch.delenv("CI", raising=False)  # CI sets it; tests that need it set it themselves
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("IPCLI_TRACEBACK", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    import ipcli.cli

    ipcli.cli._ctrl_c.clear()  # a Ctrl-C noted in one test is not the next test's (one run each)
    # nor the terminal's width: a report to a pipe has none unless a test sets COLUMNS (a shell
    # or a pytest-xdist worker may have it set)
    for name in ("COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    # messages in English unless a test chooses a language (--lang, ipcli.toml, LANG)
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # tests must not write caches into the developer's own repository; test_cache.py turns it on
    monkeypatch.setenv("IPCLI_NO_CACHE", "1")
    # the language a command chose (--lang, a repository's ipcli.toml) is per run: a test that
    # calls the core directly starts from none, whatever the test before it opened
    from ipcli.language import i18n

    i18n.start(None)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def isolated_git(home: Path) -> dict[str, str]:
    """The home folder, git configuration and identity every test runs with (see _isolated_env),
    for what is made before any test's own environment (a session's fixtures)."""
    return {
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Koordinator",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test Koordinator",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }


@pytest.fixture(scope="session")
def _examples_committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ in a git repository, committed once per session (per worker): each plans_repo
    is a copy of it, .git and all, instead of an init, add and commit of its own. The identity
    and configuration are the isolated ones above (the session starts before any test's)."""
    home = tmp_path_factory.mktemp("template-home")
    env = {**os.environ, **isolated_git(home)}
    repo = tmp_path_factory.mktemp("template") / "plans-repo"
    shutil.copytree(EXAMPLES, repo)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Example plans"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)
    return repo


@pytest.fixture
def plans_repo(tmp_path: Path, _examples_committed: Path) -> Iterator[Path]:
    """A real git repository holding a copy of examples/, committed."""
    yield copy_repo(_examples_committed, tmp_path / "plans-repo")


def copy_repo(template: Path, repo: Path) -> Path:
    """A copy of a repository made once (a template), .git and all: cheaper than making it
    again with git init, add and commit for each test."""
    shutil.copytree(template, repo, symlinks=True)
    # the copies are new files (new inode and change time): the index learns that they are
    # unchanged, as after a commit made here (git would otherwise take them for edited ones)
    git(repo, "update-index", "-q", "--refresh")
    return repo


class Cli(Protocol):
    """The `cli` fixture: cli(args, cwd=..., env=..., input=...) -> Result."""

    def __call__(
        self,
        args: list[str],
        cwd: Path | None = None,
        env: Mapping[str, str | None] | None = None,
        input: str | None = None,
    ) -> Result: ...


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run the real CLI in-process: cli(args, cwd=...) -> Result (stdout and stderr apart)."""
    runner = CliRunner()

    def run(
        args: list[str],
        cwd: Path | None = None,
        env: Mapping[str, str | None] | None = None,
        input: str | None = None,
    ) -> Result:
        old = Path.cwd()
        os.chdir(cwd or old)
        try:
            return runner.invoke(app, args, env=env, input=input, catch_exceptions=False)
        finally:
            os.chdir(old)

    return run
