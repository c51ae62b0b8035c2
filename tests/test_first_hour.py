"""The first hour with ipcli (issue 14 §5): ids that can never be national id numbers, plan ids
wherever a plan is named, help and README that say what `ip` does, counts in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, ROOT, Cli

from ipcli.cli.main import COMMANDS
from ipcli.passthrough import COMMANDS as IP_COMMANDS

# fictional numbers of the shapes: 11 digits (fødselsnummer), 10 digits (CPR), 6+4 and 6+5 with a
# hyphen; the first is a valid checksum on purpose (a synthetic test number), the rest are shapes
ID_SHAPED = ["01010012356", "0101001235", "010100-1235", "010100-12356", "p-01010012356"]


@pytest.mark.parametrize("plan_id", ID_SHAPED)
def test_new_refuses_national_id_shaped_ids(cli: Cli, plans_repo: Path, plan_id: str) -> None:
    result = cli(["new", plan_id, "--coordinator", "K K", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "national id number" in result.stderr
    assert plan_id not in result.stderr  # the number is not repeated back
    assert not list(plans_repo.rglob(f"{plan_id}.yaml"))


def test_new_still_refuses_names_and_accepts_plain_ids(cli: Cli, plans_repo: Path) -> None:
    assert cli(["new", "Ola N", "--coordinator", "K K"], cwd=plans_repo).exit_code == 2
    ok = cli(["new", "p-2026", "--coordinator", "K K", "--today", PINNED_TODAY], cwd=plans_repo)
    assert ok.exit_code == 0, ok.stderr
    assert (plans_repo / "plans" / "p-2026.yaml").is_file()


def test_lint_takes_a_plan_id(cli: Cli, plans_repo: Path) -> None:
    result = cli(["lint", "p-0042", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.stderr.startswith("1 plan checked"), result.stderr
    missing = cli(["lint", "p-0099"], cwd=plans_repo)
    assert missing.exit_code == 2 and "`ipcli plans`" in missing.stderr


def test_show_without_at_is_the_file_as_it_is_now(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# not committed yet\n", encoding="utf-8")
    result = cli(["show", "p-0042"], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == plan.read_text(encoding="utf-8")
    assert result.stderr == "p-0042 as it is now (plans/nordvik/p-0042.yaml)\n"
    redacted = cli(["show", "p-0042", "--redact"], cwd=plans_repo)
    assert "Ola Nordmann" not in redacted.stdout and "O.N." in redacted.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "p-0042"],
        ["log", "p-0042"],
        ["render", "p-0042"],
        ["export", "p-0042", "--fhir"],
        ["show", "p-0042"],
        ["measure", "p-0042", "m2", "--status", "done", "--dry-run"],
        ["due", "--plan", "p-0042"],
        ["plans"],
    ],
)
def test_every_command_that_names_a_plan_takes_its_id(cli: Cli, plans_repo: Path, args: list[str]) -> None:
    result = cli([*args], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr


def test_missing_plan_points_to_a_command_that_lists_plans(cli: Cli, plans_repo: Path) -> None:
    result = cli(["show", "p-0099"], cwd=plans_repo)
    assert result.exit_code == 2 and "`ipcli plans`" in result.stderr
    assert "plans" in COMMANDS


def test_help_examples_use_ipcli_and_ip_reaches_every_command_but_stats(cli: Cli) -> None:
    assert set(COMMANDS) - {"stats"} == set(IP_COMMANDS)
    for name in COMMANDS:
        text = cli([name, "--help"]).stdout
        examples = re.findall(r"Example: (\S+) (\S+)", text)
        assert examples and all(prog == "ipcli" for prog, _ in examples), (name, examples)
    assert "every command but `stats`" in cli(["--help"]).stdout


def test_readme_names_the_commands_ip_reaches() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `ip` and `ipcli`") :]
    section = section[: section.index("\n## ")]
    listed = set(re.findall(r"`([a-z]+)`", section[: section.index("and the options")]))
    assert listed - {"ipcli", "ip"} == set(IP_COMMANDS)
    for name in COMMANDS:
        assert f"| `ipcli {name}" in readme, name


@pytest.mark.slow
def test_summaries_count_in_words(cli: Cli, tmp_path: Path) -> None:
    from conftest import git

    repo = tmp_path / "r"
    assert cli(["init", str(repo)], cwd=tmp_path).exit_code == 0
    git(repo, "config", "user.name", "Kari Test")
    # a Danish plan: its one item is the start of plan work a month after enrolment (IP301)
    new = ["new", "p-0001", "--profile", "dk-sel141", "--today", "2026-01-05"]
    assert cli(new, cwd=repo).exit_code == 0
    # ipcli init wrote language = "nb"; the English words are asked for
    due = cli(
        ["due", "--today", "2026-01-05", "--within", "60d", "--format", "text", "--lang", "en"], cwd=repo
    )
    assert due.stderr.startswith("1 plan (1 draft); 1 item; 0 overdue"), due.stderr
    assert "1 item, 0 overdue" in due.stdout and "in 31 days" in due.stdout
    lint = cli(["lint", "--today", "2026-02-06", "--lang", "en"], cwd=repo)
    # IP301 overdue, and the draft's reminders: the § 141 handleplan, the consent to collect and
    # the seven themes' focus-area decisions, left for the citizen and staff to take (IP407)
    assert lint.stderr == "1 plan checked: 10 info in 1 file\n", lint.stderr
    assert {line.split()[2] for line in lint.stdout.splitlines()} == {"IP301", "IP407", "IP496", "IP497"}


def test_mine_on_the_site_and_the_export(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    import json

    from conftest import git

    git(plans_repo, "config", "user.email", "mia.thomsen@example.org")
    site = cli(["render", "--all", "--mine", "--out", str(tmp_path / "site")], cwd=plans_repo)
    assert site.exit_code == 0, site.stderr
    # the plan's page and the person's version beside it, for my plan only
    pages = sorted(p.name for p in (tmp_path / "site" / "plans").glob("p-*.html"))
    assert pages == ["p-0113.citizen.html", "p-0113.html"]
    export = cli(["export", "--all", "--fhir", "--mine"], cwd=plans_repo)
    assert export.exit_code == 0, export.stderr
    plans = {
        e["resource"]["id"]
        for e in json.loads(export.stdout)["entry"]
        if e["resource"]["resourceType"] == "CarePlan"
    }
    assert len(plans) == 1
    assert cli(["render", "p-0042", "--mine"], cwd=plans_repo).exit_code == 2


def test_new_asks_for_the_coordinator_and_stops_on_end_of_input(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ipcli.cli.prompts.interactive", lambda: True)
    monkeypatch.delenv("GIT_AUTHOR_NAME")
    stopped = cli(["new", "p-0300", "--today", PINNED_TODAY], cwd=plans_repo, input="")
    assert stopped.exit_code == 130
    assert stopped.stderr.splitlines()[-1] == "ipcli: stopped at a question; nothing was written"
    assert not list(plans_repo.rglob("p-0300.yaml"))
    made = cli(["new", "p-0300", "--today", PINNED_TODAY], cwd=plans_repo, input="\nKari Test\n")
    assert made.exit_code == 0, made.stderr
    assert 'name: "Kari Test"' in (plans_repo / "plans" / "p-0300.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("profile", ["no-ip", "dk-sel141"])
def test_new_keeps_each_profile_to_its_own_country(profile: str, cli: Cli, plans_repo: Path) -> None:
    """Issue 18: no Danish concepts (focus areas, the § 141 handleplan, the 1-month start) in a
    Norwegian plan; the Danish one asks for its handleplan."""
    result = cli(
        ["new", "p-0900", "--profile", profile, "--coordinator", "K K", "--today", PINNED_TODAY],
        cwd=plans_repo,
    )
    assert result.exit_code == 0, result.stderr
    text = next(plans_repo.glob("plans/**/p-0900.yaml")).read_text(encoding="utf-8")
    danish = profile == "dk-sel141"
    assert ("focus_agreement" in text) is danish
    assert ("kind: sel-141" in text) is danish
    # the comments are in the plan's language (da for dk-sel141, nb for no-ip)
    assert ("senest en måned efter" in text) is danish and "innen en måned" not in text
