"""`ipcli lint` end to end through the CLI, on real files in a real git repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git


def test_examples_pass_lint_with_deadlines_as_info(cli: Cli, plans_repo: Path) -> None:
    result = cli(["lint", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert {line.split()[1] for line in result.stdout.splitlines()} == {"info"}
    assert (
        'IP305 overdue since 1 November 2026 (22 days): finish or review the measure "Hjemme' in result.stdout
    )
    assert "6 plans checked:" in result.stderr


def test_the_examples_have_no_errors_or_warnings(cli: Cli, plans_repo: Path) -> None:
    # on the examples' own day: an earlier day would make their records dated in the future (IP312)
    result = cli(["lint", "plans/nordvik", "--today", PINNED_TODAY, "-f", "json"], cwd=plans_repo)
    assert result.exit_code == 0
    findings = json.loads(result.stdout)["findings"]
    assert findings and {f["severity"] for f in findings} == {"info"}


def test_lint_finds_the_repository_from_a_subfolder(cli: Cli, plans_repo: Path) -> None:
    result = cli(["lint", "--today", PINNED_TODAY], cwd=plans_repo / "plans" / "solbakken")
    assert result.exit_code == 0
    assert "6 plans checked" in result.stderr


def test_a_broken_plan_fails_with_file_line_col(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(plan.read_text().replace("outcome: continue", "outcome: keep going", 1))
    git(plans_repo, "commit", "-qam", "typo")
    result = cli(["lint", "plans/nordvik", "--today", "2026-06-10"], cwd=plans_repo)
    assert result.exit_code == 1
    line = result.stdout.strip()
    assert line.startswith("plans/nordvik/p-0042.yaml:")
    _path, lineno, col, rest = line.split(":", 3)
    assert plan.read_text().splitlines()[int(lineno) - 1].strip() == "outcome: keep going"
    assert int(col) == plan.read_text().splitlines()[int(lineno) - 1].index("keep") + 1
    assert rest.startswith(" error IP104")
    assert "use one of: continue, change, end, reassess" in rest


def test_json_format_is_stable(cli: Cli, plans_repo: Path) -> None:
    (plans_repo / "plans" / "nordvik" / "p-0042.yaml").write_text("id: [\n")
    result = cli(["lint", "--format", "json", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["files_checked"] == 6
    assert doc["counts"]["error"] == 1 and doc["counts"]["warning"] == 0
    assert doc["counts"]["info"] == len(doc["findings"]) - 1
    [finding] = [f for f in doc["findings"] if f["severity"] == "error"]
    assert set(finding) == {"path", "line", "col", "code", "severity", "message", "hint"}
    assert finding["code"] == "IP002"


def test_usage_and_unusable_input_exit_2(cli: Cli, plans_repo: Path) -> None:
    missing = cli(["lint", "no-such-folder"], cwd=plans_repo)
    assert missing.exit_code == 2
    assert "no-such-folder: no such file or folder" in missing.stderr
    assert cli(["lint", "--today", "2025-13-01"], cwd=plans_repo).exit_code == 2
    assert cli(["lint", "--format", "xml"], cwd=plans_repo).exit_code == 2
    (plans_repo / "ipcli.toml").write_text('profil = "x"\n')
    bad_config = cli(["lint"], cwd=plans_repo)
    assert bad_config.exit_code == 2
    assert 'ipcli.toml:1: unknown setting "profil"' in bad_config.stderr
    assert "Traceback" not in bad_config.stderr


def test_empty_repository_is_not_an_error(cli: Cli, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = cli(["lint"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "no plan files found" in result.stderr


def test_internal_error_is_one_line_exit_3(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipcli.checks.lint

    def boom(*_a, **_k):
        raise RuntimeError("secret plan text")

    monkeypatch.setattr(ipcli.checks.lint, "lint", boom)
    result = cli(["lint"], cwd=plans_repo)
    assert result.exit_code == 3
    assert "internal error (RuntimeError" in result.stderr
    assert "secret plan text" not in result.stderr
    # the command line it shows works: the option before the command
    assert "run it again as: ipcli --traceback lint …" in result.stderr
    for args in (["--traceback", "lint"], ["lint", "--traceback"], ["lint", "--traceback", "plans"]):
        with pytest.raises(RuntimeError, match="secret plan text"):  # the traceback, as asked
            cli(args, cwd=plans_repo)


def test_schema_command_prints_the_packaged_schema(cli: Cli) -> None:
    result = cli(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"].startswith("ipcli individual plan")


def test_every_command_has_help_with_an_example(cli: Cli) -> None:
    from ipcli.cli.main import app

    for command in app.registered_commands:
        result = cli([command.name, "--help"])
        assert result.exit_code == 0
        assert "Example: ipcli " in result.stdout, command.name


def test_every_command_is_in_the_readme() -> None:
    from conftest import ROOT

    from ipcli.cli.main import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        assert f"`ipcli {command.name}" in readme, command.name


def test_in_ci_plan_text_stays_out_of_the_log(cli: Cli, plans_repo: Path) -> None:
    plain = cli(["lint", "--today", PINNED_TODAY, "plans/nordvik"], cwd=plans_repo).stdout
    assert '"Delta i en fritidsaktivitet sammen med andre hver uke."' in plain
    in_ci = cli(["lint", "--today", PINNED_TODAY, "plans/nordvik"], cwd=plans_repo, env={"CI": "true"}).stdout
    assert "Delta i en fritidsaktivitet" not in in_ci and "evaluate the goal g4" in in_ci
    asked = cli(
        ["lint", "--today", PINNED_TODAY, "plans/nordvik", "--no-redact"], cwd=plans_repo, env={"CI": "true"}
    ).stdout
    assert asked == plain


def test_the_summary_line_is_in_the_language(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: active", "status: yes", 1), encoding="utf-8"
    )
    said = {
        lang: cli(["lint", "--today", PINNED_TODAY, "--lang", lang], cwd=plans_repo)
        .stderr.strip()
        .splitlines()[-1]
        for lang in ("en", "nb", "nn", "da")
    }
    assert said["en"].startswith("6 plans checked: 1 error") and said["en"].endswith("13 info in 4 files")
    assert said["nb"].startswith("6 planer sjekket: 1 feil") and said["nb"].endswith("13 merknader i 4 filer")
    assert said["nn"].startswith("6 planar sjekka: 1 feil") and said["nn"].endswith("13 merknader i 4 filer")
    assert said["da"].startswith("6 planer tjekket: 1 fejl") and said["da"].endswith(
        "13 bemærkninger i 4 filer"
    )
    git(plans_repo, "checkout", "--", ".")
    clean = cli(["lint", "p-0051", "p-0058", "--today", PINNED_TODAY, "--lang", "da"], cwd=plans_repo)
    assert clean.stderr.strip().endswith("2 planer tjekket: ingen problemer fundet")
