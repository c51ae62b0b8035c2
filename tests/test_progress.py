"""Long work shows its progress on a terminal (issue 32 item 3), and nowhere else: not on a pipe,
not in CI, not with -q, and not for work that ends within a second.

The display appears after IPCLI_PROGRESS_AFTER seconds (1 by default); these tests set 0 so six
example plans are "long work", and one test keeps the default to see a fast run show nothing."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY

HIDE_CURSOR = "\x1b[?25l"  # rich's live display starts by hiding the cursor


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "IPCLI_PROGRESS_AFTER")}
    return env | {"COLUMNS": "80", "TERM": "xterm", "IPCLI_PROGRESS_AFTER": "0"} | extra


def on_terminal(repo: Path, args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ipcli with stdout and stderr on a pseudo-terminal; what the terminal received."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipcli", *args],
        cwd=repo, stdin=subprocess.DEVNULL, stdout=child, stderr=child, env=env,
    )  # fmt: skip
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait(timeout=120)
    os.close(main)
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["render", "--all", "--out", "site", "--lang", "en"], "Writing documents"),
        (["render", "--all", "--out", "site", "--lang", "nb"], "Skriver dokumenter"),
        (["lint", "--no-cache", "--lang", "da"], "Tjekker planer"),
        (["stats", "--no-cache", "--lang", "nn"], "Sjekkar planar"),
        (["log", "--since", "2020-01-01", "--lang", "en"], "Reading the history"),
    ],
)
def test_long_work_shows_progress_on_a_terminal(plans_repo: Path, args: list[str], words: str) -> None:
    code, out = on_terminal(plans_repo, [*args, "--today", PINNED_TODAY], _env())
    assert code in (0, 1), out[-500:]
    assert words in out and HIDE_CURSOR in out, out[-800:]
    assert "6/6" in out or "/" in out  # done of all, as counts


@pytest.mark.slow
def test_piped_it_shows_nothing(plans_repo: Path) -> None:
    args = ["render", "--all", "--out", "site", "--lang", "en", "--today", PINNED_TODAY]
    run = subprocess.run(
        [sys.executable, "-m", "ipcli", *args],
        cwd=plans_repo, capture_output=True, text=True, env=_env(), timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Writing documents" not in run.stderr + run.stdout and "\x1b" not in run.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["lint", "--no-cache", "--lang", "en"], {"CI": "true"}),  # CI's log is no terminal
        (["lint", "--no-cache", "--lang", "en", "-q"], {}),  # asked to be quiet
        (["lint", "--no-cache", "--lang", "en"], {"TERM": "dumb"}),
        (["lint", "--no-cache", "--lang", "en"], {"IPCLI_PROGRESS_AFTER": "1"}),  # done within a second
    ],
)
def test_no_progress_in_ci_quiet_dumb_or_fast(plans_repo: Path, args: list[str], env: dict[str, str]) -> None:
    code, out = on_terminal(plans_repo, [*args, "--today", PINNED_TODAY], _env(**env))
    assert code in (0, 1), out[-500:]
    assert "Checking plans" not in out and HIDE_CURSOR not in out, out[-800:]


@pytest.mark.slow
def test_the_display_holds_no_plan_text_and_the_results_are_whole(plans_repo: Path) -> None:
    """The bar goes when the work ends; the report that follows is what a pipe gets."""
    code, out = on_terminal(
        plans_repo, ["lint", "--no-cache", "--lang", "en", "--today", PINNED_TODAY], _env()
    )
    piped = subprocess.run(
        [sys.executable, "-m", "ipcli", "lint", "--no-cache", "--lang", "en", "--today", PINNED_TODAY],
        cwd=plans_repo, capture_output=True, text=True, env=_env(), timeout=120,
    )  # fmt: skip
    assert code == piped.returncode
    summary = piped.stderr.strip().splitlines()[-1]
    assert summary in out
    assert "\x1b[?25h" in out  # the cursor is given back
