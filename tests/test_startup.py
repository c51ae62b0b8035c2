"""Start-up stays lean: the CLI imports heavy modules only inside the commands that need them,
and a warm run (everything cached) reads no YAML and validates nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PINNED_TODAY

HEAVY = [
    "jinja2",
    "git",
    "jsonschema",
    "jsonschema_rs",
    "yaml",
    "ruamel",
    "rich",
    "pydantic",
    "pygls",
    "lsprotocol",
]


def _modules_after(code: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_cli_imports_nothing_heavy() -> None:
    loaded = _modules_after("from ipcli.cli.main import app")  # every command registered
    assert "ipcli.cli.render" in loaded
    assert not [m for m in HEAVY if m in loaded]


def test_a_command_imports_only_its_own_module(plans_repo: Path) -> None:
    code = (
        "import sys\nfrom ipcli.cli.main import main\n"
        f"sys.argv = ['ipcli', 'due', '--today', '{PINNED_TODAY}', '-q']\n"
        "main()"
    )
    loaded = _modules_after(code, cwd=plans_repo)
    assert "ipcli.cli.due" in loaded
    others = [
        "ipcli.cli.render",
        "ipcli.cli.history",
        "ipcli.cli.record",
        "ipcli.cli.stats",
        "ipcli.cli.lint",
        "ipcli.cli.lsp",
        "ipcli.lsp",
        "pygls",
        "lsprotocol",
    ]
    assert not [m for m in others if m in loaded]
    assert "hashlib" not in loaded  # the cache hashes with the built-in SHA-1, not OpenSSL's


@pytest.mark.slow
def test_completion_and_the_overview_see_every_command(plans_repo: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ipcli", "--help"], capture_output=True, text=True, check=False
    ).stdout
    from ipcli.cli.main import COMMANDS

    assert all(name in out for name in COMMANDS)
    env = {**os.environ, "_IPCLI_COMPLETE": "complete_bash", "COMP_WORDS": "ipcli re", "COMP_CWORD": "1"}
    # a command name on the command line must not narrow what completion offers
    done = subprocess.run([sys.executable, "-m", "ipcli", "due"], capture_output=True, text=True, env=env)
    assert "render" in done.stdout and "revise" in done.stdout


def test_the_ip_entry_point_imports_almost_nothing() -> None:
    loaded = _modules_after("import ipcli.passthrough")
    assert "typer" not in loaded and "click" not in loaded


@pytest.mark.slow
def test_a_warm_lint_reads_no_yaml(plans_repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "IPCLI_NO_CACHE"}
    cmd = [sys.executable, "-m", "ipcli", "lint", "--today", PINNED_TODAY, "-q"]
    subprocess.run(cmd, cwd=plans_repo, env=env, capture_output=True, check=False)  # fills the cache
    code = (
        "import sys\nfrom ipcli.cli.main import app\n"
        f"sys.argv = ['ipcli', 'lint', '--today', '{PINNED_TODAY}', '-q']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    loaded = _modules_after(code, cwd=plans_repo, env={"IPCLI_NO_CACHE": ""})
    assert "yaml" not in loaded and "jsonschema_rs" not in loaded


@pytest.mark.slow
def test_the_installed_command_keeps_what_it_held_until_the_quick_exit(plans_repo: Path) -> None:
    """`run` ends with os._exit; freeing the command's data before that would only cost time
    (30-60 ms at 10,000 plans), so `main(hold=True)` keeps it. Without hold (tests, tools that
    call main) nothing is kept."""
    code = (
        "import sys\nfrom ipcli.cli.main import main, _finished\n"
        f"sys.argv = ['ipcli', 'due', '--today', '{PINNED_TODAY}', '-q']\n"
        "assert main() in (0, 1) and not _finished\n"
        "assert main(hold=True) in (0, 1) and len(_finished) == 1\n"
        "frame = _finished[0].__context__.__traceback__\n"
        "names = set()\n"
        "while frame is not None:\n"
        "    names |= set(frame.tb_frame.f_locals)\n"
        "    frame = frame.tb_next\n"
        "assert 'report' in names, names  # the due command's frame, with its report\n"
        "print('held')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=plans_repo, capture_output=True, text=True, check=False
    )
    assert out.stdout.strip().endswith("held"), out.stderr[-2000:]


def test_a_ctrl_c_while_the_schema_validator_is_made_arrives_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under load the Ctrl-C test once landed inside jsonschema-rs's import of `decimal` (in
    Rust): a panic on the terminal. The validator is made with Ctrl-C held back: Python code
    run while it is made is not interrupted, and the Ctrl-C arrives as Python's own
    KeyboardInterrupt once it is made (also with other threads running, as in a test worker)."""
    from ipcli.plan import schema

    real = schema.plan_schema
    ran = []

    def plan_schema_with_a_ctrl_c() -> dict[str, object]:
        os.kill(os.getpid(), signal.SIGINT)  # typed while the validator is being made
        for _ in range(10_000):  # Python runs on: the Ctrl-C is held, not raised here
            ran.append(None)
        return real()

    monkeypatch.setattr(schema, "plan_schema", plan_schema_with_a_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    schema.fast_validator.cache_clear()
    try:
        with pytest.raises(KeyboardInterrupt):
            schema.fast_validator()
            time.sleep(1)  # (not reached: the Ctrl-C comes as soon as it is no longer held)
    finally:
        signal.signal(signal.SIGINT, previous)
        schema.fast_validator.cache_clear()
    assert len(ran) == 10_000
