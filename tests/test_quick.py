"""The quick path (ipcli.cli.quick): a plain `lint` or `due` command line runs without Typer and
writes, returns and refuses exactly what the Typer application does; anything else is left to
Typer (help, usage errors, unknown options, completion)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY

from ipcli.cli import quick

T = PINNED_TODAY
# the Typer application, for the same command line (main() never takes the quick path)
_TYPER = (
    "import sys\nfrom ipcli.cli.main import main, exit_now\n"
    "sys.argv = ['ipcli', *sys.argv[1:]]\nexit_now(main())"
)


def _both(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[object, object]:
    """(exit code, stdout, stderr) of `python -m ipcli ARGS` (quick) and of the Typer app."""
    full = {**os.environ, **(env or {})}
    quick_run = subprocess.run([sys.executable, "-m", "ipcli", *args], cwd=cwd, env=full, capture_output=True)
    typer_run = subprocess.run([sys.executable, "-c", _TYPER, *args], cwd=cwd, env=full, capture_output=True)
    return (
        (quick_run.returncode, quick_run.stdout, quick_run.stderr),
        (typer_run.returncode, typer_run.stdout, typer_run.stderr),
    )


SAME = [
    ["lint", "--today", T],
    ["lint", f"--today={T}", "--lang", "en", "-f", "json", "-v"],
    ["lint", "plans/nordvik/p-0042.yaml", "--today", T, "--format", "github", "--redact", "--no-redact"],
    ["lint", "plans/nowhere.yaml", "--today", T, "-q"],
    ["lint", "--today", T, "--lang", "xx"],  # no such language: exit 2
    ["lint", "--today", "2026-13-01"],  # no such day: exit 2
    ["due", "--today", T, "-f", "text", "--lang", "en"],
    ["due", "--today", T, "-f", "json", "--within", "2 weeks", "--redact", "-q"],
    ["due", "--today", T, "--plan", "p-0042", "-p", "p-9999", "-f", "csv"],  # one plan not found
    ["due", "--today", T, "-c", "Nobody At All"],
    ["due", "--today", T, "--fail-on", "overdue", "-f", "md", "--lang", "da"],
    ["due", "--today", T, "--within", "soonish"],
    ["due", "--today", T, "--profile", "kommune-nope"],
    ["due", "--repo", "no-such-folder", "--today", T],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", SAME, ids=[" ".join(a) for a in SAME])
def test_a_plain_command_line_runs_as_under_typer(plans_repo: Path, args: list[str]) -> None:
    assert quick.parse(args) is not None  # it is one the quick path takes
    quick_result, typer_result = _both(args, plans_repo)
    assert quick_result == typer_result
    assert quick_result[0] in (0, 1, 2)  # type: ignore[index]


@pytest.mark.slow
def test_ip_today_and_a_written_report_as_under_typer(plans_repo: Path) -> None:
    quick_result, typer_result = _both(["due", "-o", "report.md", "-f", "md"], plans_repo, {"IP_TODAY": T})
    assert quick_result == typer_result
    assert "p-0042" in (plans_repo / "report.md").read_text(encoding="utf-8")


def test_the_quick_path_imports_no_typer(plans_repo: Path) -> None:
    probe = (
        "import sys\nfrom ipcli.cli import quick\n"
        f"code = quick.run(['due', '--today', '{T}', '-q'], [])\n"
        "print(code, json.dumps(sorted(m for m in sys.modules if m.startswith(('typer', 'click')))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe], cwd=plans_repo, capture_output=True, text=True
    )
    code, modules = out.stdout.strip().splitlines()[-1].split(" ", 1)
    assert code in ("0", "1") and json.loads(modules) == [], out.stderr[-2000:]


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "--help"],
        ["due", "-h"],
        ["lint", "--format", "xml"],  # not a choice: Click's error
        ["lint", "--format"],  # no value
        ["due", "--within"],
        ["lint", "-qv"],  # grouped short options
        ["due", "p-0042"],  # an extra argument
        ["lint", "--", "-odd.yaml"],
        ["--lang", "en", "lint"],  # the application's options
        ["lint", "--today", ""],
        ["due", "--today", "-q"],  # a value that reads as an option
        ["due", "--no-redact"],  # lint's, not due's
        ["due", "--quiet=yes"],
        ["lint", "--traceback"],
        ["render", "--all"],
        [],
    ],
)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert quick.parse(args) is None


def test_a_path_click_refuses_is_left_to_typer(tmp_path: Path) -> None:
    a_file = tmp_path / "ipcli.toml"
    a_file.write_text("", encoding="utf-8")
    assert quick.parse(["lint", "--repo", str(a_file)]) is None  # Click: "is a file"
    assert quick.parse(["lint", "--repo", str(tmp_path)]) is not None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_IPCLI_COMPLETE", "complete_bash")
    assert quick.parse(["lint"]) is None


def test_a_usage_error_is_typer_s_through_the_installed_command(plans_repo: Path) -> None:
    quick_result, typer_result = _both(["lint", "--format", "xml", "--lang", "nb"], plans_repo)
    assert quick_result == typer_result
    assert quick_result[0] == 2  # type: ignore[index]


@pytest.mark.parametrize("name", ["lint", "due"])
def test_the_quick_path_knows_every_option_and_default_the_typer_command_has(name: str) -> None:
    """A new option on lint or due, or a default changed on one side only, fails here: the quick
    path's tables and the run's defaults follow the Typer command."""
    import inspect

    import typer

    from ipcli.cli import duerun, lintrun
    from ipcli.cli.main import app

    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    options = {
        o for p in command.params if p.param_type_name == "option" for o in (*p.opts, *p.secondary_opts)
    }
    options -= {"--help", "-h"}
    assert options == set(quick._VALUED[name]) | set(quick._FLAGS[name])
    typer_side = inspect.signature(command.callback).parameters
    run_side = inspect.signature(lintrun.lint if name == "lint" else duerun.due).parameters
    assert set(typer_side) == set(run_side) - {"stop"}
    for param in typer_side.values():
        assert param.default == run_side[param.name].default, param.name
