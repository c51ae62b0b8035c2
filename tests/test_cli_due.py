"""`ipcli due` end to end on the example repository (a real git repository), every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

TODAY = ["--today", PINNED_TODAY]


def test_text_report_groups_by_coordinator(cli: Cli, plans_repo: Path) -> None:
    result = cli(["due", *TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Due as of 23 November 2026: overdue, and what falls due by 23 December 2026")
    assert out.index("Jonas Holm") < out.index("Kari Hansen") < out.index("Mia Thomsen")
    assert "2026-11-01  22 days overdue   p-0042   Ola Nordmann" in out
    assert 'evaluate the goal "Delta i en fritidsaktivitet sammen med andre hver uke."' in out
    assert "(plans/nordvik/p-0042.yaml:155)" in out
    assert "in 9 days" in out and "start the plan work (enrolled 2 November 2026)" in out
    assert (
        "1 declined an individual plan (no plan deadlines); "
        "1 declined to take part (the plan's deadlines still apply)"
    ) in result.stderr


def test_every_deadline_kind_appears_in_the_examples(cli: Cli, plans_repo: Path) -> None:
    doc = json.loads(cli(["due", *TODAY, "-f", "json"], cwd=plans_repo).stdout)
    kinds = {item["code"] for item in doc["items"]}
    assert {"IP301", "IP302", "IP303", "IP304", "IP305", "IP306", "IP307", "IP310", "IP311"} <= kinds


def test_json_shape(cli: Cli, plans_repo: Path) -> None:
    doc = json.loads(cli(["due", *TODAY, "--format", "json"], cwd=plans_repo).stdout)
    assert set(doc) == {
        "version",
        "tool",
        "today",
        "until",
        "plans",
        "closed",
        "declined",
        "declined_plan",
        "drafts",
        "unreadable",
        "unusable",
        "problems",
        "overdue",
        "items",
    }
    assert doc["version"] == 1 and doc["today"] == PINNED_TODAY and doc["plans"] == 6
    item = doc["items"][0]
    assert set(item) == {
        "date",
        "days_left",
        "overdue",
        "code",
        "plan",
        "person",
        "what",
        "key",
        "values",
        "text",
        "responsible",
        "coordinator",
        "file",
        "line",
        "draft",
        "problem",
    }
    assert [i["date"] for i in doc["items"]] == sorted(i["date"] for i in doc["items"])


def test_filters(cli: Cli, plans_repo: Path) -> None:
    def plans(*args: str) -> set[str]:
        out = cli(["due", *TODAY, "-f", "json", *args], cwd=plans_repo).stdout
        return {i["plan"] for i in json.loads(out)["items"]}

    assert plans("--coordinator", "kari") == {"p-0042", "p-0051"}
    assert plans("--coordinator", "Mia") == {"p-0113"}
    assert plans("--plan", "p-0120") == {"p-0120"}
    assert plans("--profile", "no-ip") == {"p-0042", "p-0051"}
    assert plans("--within", "0d", "--plan", "p-0120") == set()


def test_mine_uses_the_repository_git_email(cli: Cli, plans_repo: Path) -> None:
    git(plans_repo, "config", "user.email", "mia.thomsen@example.org")
    doc = json.loads(cli(["due", *TODAY, "-f", "json", "--mine"], cwd=plans_repo).stdout)
    assert {i["plan"] for i in doc["items"]} == {"p-0113"}


def test_mine_without_an_email_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = cli(
        ["due", *TODAY, "--mine"],
        cwd=tmp_path,
        env={"GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_EMAIL": "", "EMAIL": ""},
    )
    assert result.exit_code == 2
    assert "--mine needs git's user.email" in result.stderr


def test_fail_on_overdue(cli: Cli, plans_repo: Path) -> None:
    assert cli(["due", *TODAY, "--fail-on", "overdue"], cwd=plans_repo).exit_code == 1
    early = cli(
        ["due", "--today", "2026-06-10", "--within", "1d", "--fail-on", "overdue", "--plan", "p-0042"],
        cwd=plans_repo,
    )
    assert early.exit_code == 0


def test_redact_hides_names_and_plan_text(cli: Cli, plans_repo: Path) -> None:
    out = cli(["due", *TODAY, "--redact"], cwd=plans_repo).stdout
    assert "Ola Nordmann" not in out and "O.N." in out
    assert "Delta i en fritidsaktivitet" not in out
    assert "Kari Hansen" not in out and "kari:" in out


def test_csv_neutralises_formulas(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "  name: Ola Nordmann\n", '  name: "=HYPERLINK(\\"http://x\\";\\"y\\")"\n', 1
        ),
        encoding="utf-8",
    )
    out = cli(["due", *TODAY, "-f", "csv", "--plan", "p-0042"], cwd=plans_repo).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["person"].startswith("'=HYPERLINK") for r in rows)
    assert rows[0]["days_left"].lstrip("-").isdigit()


def test_markdown_escapes_plan_text(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "Delta i en fritidsaktivitet sammen med andre hver uke.",
            "'[klikk](http://x) <b>|</b> ![bilde](y)'",
        ),
        encoding="utf-8",
    )
    out = cli(["due", *TODAY, "-f", "md", "--plan", "p-0042"], cwd=plans_repo).stdout
    line = next(x for x in out.splitlines() if "klikk" in x)
    assert r"\[klikk\](http://x) \<b\>\|\</b\> !\[bilde\](y)" in line
    assert line.count(" | ") == 6  # the table keeps its seven cells


def test_ics_parses_and_carries_no_names(cli: Cli, plans_repo: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "Kle på meg selv om morgenen.", "Linje 1;\\nBEGIN:VEVENT, ny"
        ),
        encoding="utf-8",
    )
    result = cli(["due", *TODAY, "-f", "ics"], cwd=plans_repo)
    assert result.exit_code == 0
    cal = icalendar.Calendar.from_ical(result.stdout)
    events = list(cal.walk("VEVENT"))
    json_items = json.loads(cli(["due", *TODAY, "-f", "json"], cwd=plans_repo).stdout)["items"]
    assert len(events) == len(json_items)
    assert all(str(e["UID"]).endswith("@ipcli") for e in events)
    assert "Ola Nordmann" not in result.stdout and "BEGIN:VEVENT, ny" not in result.stdout
    first = events[0]
    assert first.decoded("DTSTART").isoformat() == json_items[0]["date"]


def test_closed_and_unreadable_plans_are_reported_not_dropped(cli: Cli, plans_repo: Path) -> None:
    p = plans_repo / "plans" / "solbakken" / "p-0113.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: active", "status: closed", 1), encoding="utf-8"
    )
    (plans_repo / "plans" / "nordvik" / "p-0042.yaml").write_text("id: [\n")
    result = cli(["due", *TODAY], cwd=plans_repo)
    assert result.exit_code == 1  # the plan that cannot be read is a finding
    assert "Mia Thomsen" not in result.stdout
    assert "1 closed (no deadlines)" in result.stderr
    assert "1 plan file could not be read" in result.stderr
    assert "cannot be read    p-0042" in result.stdout and "(plans/nordvik/p-0042.yaml:2:1)" in result.stdout
    assert cli(["due", *TODAY, "--fail-on", "overdue"], cwd=plans_repo).exit_code == 1


def test_bad_window_is_a_usage_error(cli: Cli, plans_repo: Path) -> None:
    result = cli(["due", *TODAY, "--within", "soon"], cwd=plans_repo)
    assert result.exit_code == 2 and '"soon" is not a length of time' in result.stderr


def test_config_overrides_intervals_and_rules(cli: Cli, plans_repo: Path) -> None:
    (plans_repo / "ipcli.toml").write_text(
        'profile = "no-ip"\n[deadlines]\nrevision = "6 months"\n[rules]\nIP305 = "warning"\n'
        'IP310 = "off"\n[themes]\nsafety = { nb = "Trygghet", da = "Tryghed" }\n'
    )
    doc = json.loads(cli(["due", *TODAY, "-f", "json", "--plan", "p-0107"], cwd=plans_repo).stdout)
    kinds = {i["code"]: i["date"] for i in doc["items"]}
    assert "IP310" not in kinds
    assert kinds["IP303"] == "2026-05-05"  # six months after the last revision
    lint = cli(["lint", *TODAY], cwd=plans_repo)
    assert lint.exit_code == 1
    assert "warning IP305" in lint.stdout and "info IP305" not in lint.stdout
    themes = cli(["rules", "--themes"], cwd=plans_repo)
    assert "safety" in themes.stdout


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[deadlines]\nrevisjon = "1 year"\n', 'ipcli.toml:2: unknown deadline "revisjon"'),
        ('[deadlines]\nrevision = "yearly"\n', 'ipcli.toml:2: revision: "yearly" is not a length'),
        ('[rules]\nIP999 = "off"\n', 'ipcli.toml:2: unknown rule "IP999"'),
        ('[rules]\nIP305 = "loud"\n', 'ipcli.toml:2: IP305 must be "error"'),
        ('[rules]\nIP002 = "off"\n', "IP002 cannot be switched off"),
        ('profile = "se-ip"\n', 'ipcli.toml:1: unknown profile "se-ip"'),
    ],
)
def test_bad_config_is_exit_2_with_its_line(cli: Cli, plans_repo: Path, toml: str, message: str) -> None:
    (plans_repo / "ipcli.toml").write_text(toml)
    result = cli(["due", *TODAY], cwd=plans_repo)
    assert result.exit_code == 2
    assert message in result.stderr


def test_rules_lists_and_explains(cli: Cli, plans_repo: Path) -> None:
    listing = cli(["rules"], cwd=plans_repo)
    assert listing.exit_code == 0 and "IP305  deadlines" in listing.stdout
    assert "IP303  deadlines  off" in listing.stdout  # no-ip: Norway sets no yearly interval
    one = cli(["rules", "ip306"], cwd=plans_repo)
    assert one.exit_code == 0 and one.stdout.startswith("IP306 — a goal's or sub-goal's evaluation is due")
    assert "source:" in one.stdout
    assert cli(["rules", "IP999"], cwd=plans_repo).exit_code == 2


def test_ignore_comment_with_reason_silences(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "            due: 2026-11-01\n",
        "            due: 2026-11-01  # ip: ignore[IP305] ny dato avtales på møtet 1. desember\n",
    )
    plan.write_text(text, encoding="utf-8")
    out = cli(["lint", *TODAY, "plans/nordvik"], cwd=plans_repo).stdout
    assert "IP305" not in out
    plan.write_text(text.replace(" ny dato avtales på møtet 1. desember", ""), encoding="utf-8")
    result = cli(["lint", *TODAY, "plans/nordvik"], cwd=plans_repo)
    assert result.exit_code == 1 and "IP603" in result.stdout and "IP305" in result.stdout


def test_a_revision_on_the_day_the_plan_names_is_listed_once(cli: Cli, plans_repo: Path) -> None:
    """The yearly revision (IP303) and the plan's own next_revision (IP304) on one day are one
    thing to do: the weekly report lists it once, as the rendered plan does."""
    doc = json.loads(cli(["due", *TODAY, "--within", "2y", "-f", "json"], cwd=plans_repo).stdout)
    yearly = next(i for i in doc["items"] if i["code"] == "IP303")
    path = plans_repo / yearly["file"]
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("next_revision:")]
    lines.insert(1, f"next_revision: {yearly['date']}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(plans_repo, "commit", "-qam", "next revision on the yearly date")
    doc = json.loads(cli(["due", *TODAY, "--within", "2y", "-f", "json"], cwd=plans_repo).stdout)
    revisions = [i for i in doc["items"] if i["plan"] == yearly["plan"] and i["code"] in ("IP303", "IP304")]
    assert [(i["code"], i["date"]) for i in revisions] == [("IP303", yearly["date"])]
    lint = cli(["lint", *TODAY, "-f", "json", yearly["file"]], cwd=plans_repo)
    assert '"IP304"' not in lint.stdout
