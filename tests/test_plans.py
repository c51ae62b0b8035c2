"""`ipcli plans`: the list of plans, in every format, at 80 and 60 columns, with --mine,
--coordinator and --redact, and a plan that cannot be read listed first (golden files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

GOLDEN = Path(__file__).parent / "plans"


def _broken(repo: Path) -> None:
    plan = repo / "plans" / "nordvik" / "p-0050.yaml"
    plan.write_text("id: p-0050\nstatus: active\n<<<<<<< HEAD\nperson: {name: X}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "args", "columns"),
    [
        ("table-80", ["--format", "table"], "80"),
        ("table-60", ["--format", "table"], "60"),
        ("text", [], "80"),
        ("json", ["--format", "json"], "80"),
        ("csv", ["--format", "csv"], "80"),
        ("redact", ["--format", "table", "--redact"], "80"),
    ],
)
def test_plans_golden(
    cli: Cli, plans_repo: Path, update_goldens: bool, name: str, args: list[str], columns: str
) -> None:
    _broken(plans_repo)
    result = cli(["plans", "--today", PINNED_TODAY, *args], cwd=plans_repo, env={"COLUMNS": columns})
    assert result.exit_code == 1, result.stderr  # the unreadable plan is a finding
    golden = GOLDEN / f"{name}.out"
    if update_goldens:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert result.stderr == "6 plans; 1 could not be read (run `ipcli lint`)\n"
    if name.startswith("table"):
        assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)
        assert result.stdout.splitlines()[1].startswith("p-0050")  # first: it needs fixing


def test_mine_and_coordinator_count_plans_the_same_way(cli: Cli, plans_repo: Path) -> None:
    git(plans_repo, "config", "user.email", "kari.hansen@example.org")
    by_name = cli(["due", "--today", PINNED_TODAY, "--coordinator", "kari"], cwd=plans_repo)
    mine = cli(["due", "--today", PINNED_TODAY, "--mine"], cwd=plans_repo)
    # Kari coordinates p-0042, the decline p-0051 and the child's plan p-0058
    assert by_name.stderr.splitlines()[0].startswith("3 plans;"), by_name.stderr
    assert mine.stderr.splitlines()[0].startswith("3 plans;"), mine.stderr
    listed = cli(["plans", "--today", PINNED_TODAY, "--mine"], cwd=plans_repo)
    assert listed.exit_code == 0 and listed.stdout.split()[0] == "p-0042"
    assert listed.stderr == "3 plans of 6\n", listed.stderr
    # Per holds tasks in p-0042 without coordinating it: it is his too
    git(plans_repo, "config", "user.email", "per.olsen@example.org")
    listed = cli(["plans", "--mine"], cwd=plans_repo)
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["p-0042"]
    lint = cli(["lint", "--mine", "--today", PINNED_TODAY], cwd=plans_repo)
    assert lint.stderr.startswith("1 plan checked"), lint.stderr
    stats = cli(["stats", "--mine", "--format", "json", "--today", PINNED_TODAY], cwd=plans_repo)
    assert '"plans": 1' in stats.stdout


def test_mine_without_an_email_and_filters_that_match_nothing(cli: Cli, plans_repo: Path) -> None:
    for args in (["--mine"], ["--coordinator", "nobody"]):
        env = {"GIT_CONFIG_GLOBAL": "/dev/null"}
        result = cli(["plans", *args], cwd=plans_repo, env=env)
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("ipcli: ")
    assert "nobody" in cli(["plans", "--coordinator", "nobody"], cwd=plans_repo).stderr


def test_plans_through_ip_and_in_a_new_repository(cli: Cli, tmp_path: Path) -> None:
    from ipcli.passthrough import is_ipcli_call

    assert is_ipcli_call(["plans"])
    empty = cli(["plans"], cwd=tmp_path)
    assert empty.exit_code == 2 and "ipcli new" in empty.stderr
