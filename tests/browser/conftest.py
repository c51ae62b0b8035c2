"""Fixtures of the browser tests, shared by test_pages.py and test_layout.py: one rendered site,
one Chromium, and each page's measurements taken once per view (tests/browser/views.py).

Their scope is this package, not the session: Playwright's sync API keeps an event loop running
in the thread while it is open, and a later test's asyncio.run() (the language server's tests)
fails under a running loop; it is closed after the last browser test."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, PINNED_TODAY, isolated_git
from print.stress import write_stress_plan
from typer.testing import CliRunner

from tests.browser.views import ARGS, CHROMIUM, LAYOUT_EXTRAS, PAGES_EXTRAS, Views


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples' repository with a stress plan (p-0999), committed, and its site in site/:
    `render --all`, and the single pages test_pages.py and test_layout.py add (nb: the site's
    first plan is Norwegian; three plans are Danish; some pages are in another language than
    their plan's, staff and person)."""
    from ipcli.cli.main import app

    repo = tmp_path_factory.mktemp("browser") / "plans-repo"
    shutil.copytree(EXAMPLES, repo)
    write_stress_plan(repo, repo / "plans" / "nordvik" / "p-0042.yaml")
    home = tmp_path_factory.mktemp("browser-home")
    # the session starts before any test's isolated environment (tests/conftest.py): the same here
    env: dict[str, str | None] = {
        **isolated_git(home),
        "IP_TODAY": None,
        "IPCLI_NO_CACHE": "1",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "LC_ALL": None,
        "LC_MESSAGES": None,
        "LANGUAGE": None,
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "plans"]):
        subprocess.run(
            ["git", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            env={
                **{k: v for k, v in os.environ.items() if k not in env},
                **{k: v for k, v in env.items() if v},
            },
        )

    # the real CLI in this process, as the `cli` fixture runs it (a subprocess each was a second
    # of start-up for each of the eleven renders)
    runner = CliRunner()

    def ipcli(*args: str) -> None:
        old = Path.cwd()
        os.chdir(repo)
        try:
            done = runner.invoke(app, [*args, "--today", PINNED_TODAY], env=env, catch_exceptions=False)
        finally:
            os.chdir(old)
        assert done.exit_code == 0, done.stderr

    ipcli("render", "--all", "--out", "site")
    for name, (plan, lang, audience) in {**PAGES_EXTRAS, **LAYOUT_EXTRAS}.items():
        ipcli(
            "render",
            plan,
            "--format",
            "html",
            *(("--lang", lang) if lang else ()),
            "--audience",
            audience,
            "-o",
            f"site/{name}",
        )
    return repo


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="package")
def views(browser: Any, site: Path) -> Views:
    return Views(browser, site / "site", {p.stem: p for p in (site / "plans").rglob("p-*.yaml")})
