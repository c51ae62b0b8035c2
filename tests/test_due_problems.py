"""Nothing silently disappears from the weekly report: a plan that does not read, and a plan
with one date that cannot be used, are in every format of `ipcli due`, on the site's due page
and in `ipcli stats`; filters that match nothing are no all-clear; drafts' deadlines are shown."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

TODAY = ["--today", PINNED_TODAY]
P42 = Path("plans") / "nordvik" / "p-0042.yaml"
P113 = Path("plans") / "solbakken" / "p-0113.yaml"


@pytest.fixture
def broken_repo(plans_repo: Path) -> Path:
    """p-0042: one measure's due date is impossible (line 155). p-0113: a merge conflict in its
    participants (line 31), its coordinator still readable above it. A third file, p-0199, is
    broken YAML from its first line (a `[` and a `{` left open, two slips read in one run):
    nobody can tell whose it is."""
    p42 = plans_repo / P42
    p42.write_text(p42.read_text(encoding="utf-8").replace("due: 2026-11-01", "due: 2026-13-01"), "utf-8")
    p113 = plans_repo / P113
    lines = p113.read_text(encoding="utf-8").split("\n")
    at = lines.index("participants:")
    lines[at:at] = ["<<<<<<< HEAD", "  x: 1", "=======", "  x: 2", ">>>>>>> theirs"]
    p113.write_text("\n".join(lines), encoding="utf-8")
    (plans_repo / "plans" / "nordvik" / "p-0199.yaml").write_text(
        "id: [p-0199\nperson: {\n", encoding="utf-8"
    )
    return plans_repo


def due(cli: Cli, repo: Path, *args: str):
    return cli(["due", *TODAY, *args], cwd=repo)


def test_text_shows_problems_first_under_their_coordinator(cli: Cli, broken_repo: Path) -> None:
    result = due(cli, broken_repo)
    assert result.exit_code == 1  # a finding, though --fail-on is "never"
    out = result.stdout
    groups = [line for line in out.splitlines() if line and not line.startswith(" ")][1:]
    assert groups[0] == "Plans that could not be read: 2 file problems"
    assert groups[1].startswith("Kari Hansen <kari.hansen@example.org>: 11 items, 2 overdue, 1 file problem")
    assert groups[2] == "Mia Thomsen <mia.thomsen@example.org>: 1 file problem"
    assert "cannot be read    p-0199" in out
    assert '"2026-13-01" is not a real date' in out and "(plans/nordvik/p-0042.yaml:155:18)" in out
    assert "unresolved merge conflict" in out and "p-0113   Karl Mikkelsen" in out
    # every other deadline of p-0042 is still there, the measure with the bad date is not
    assert '"Delta i en fritidsaktivitet' in out and "Hjemmetjenesten gir Ola" not in out
    kari = out[out.index("Kari Hansen") :]
    assert kari.index("must be fixed") < kari.index("39 days overdue")
    assert "1 plan file could not be read" not in result.stderr
    assert "2 plan files could not be read; 1 plan has a value that cannot be used" in result.stderr


@pytest.mark.parametrize("width", ["60", "80", "160"])
def test_table_shows_them_at_every_width(cli: Cli, broken_repo: Path, width: str) -> None:
    out = cli(["due", *TODAY, "-f", "table"], cwd=broken_repo, env={"COLUMNS": width}).stdout
    flat = " ".join(out.split())
    assert flat.index("Plans that could not be read") < flat.index("Kari Hansen")
    # p-0199's finding points at the `[` left open on its first line
    assert "p-0042.yaml:155:18" in flat and "p-0113.yaml" in flat and "p-0199.yaml:1" in flat
    assert '"2026-13-01" is not a real date' in flat


@pytest.mark.slow
def test_json_csv_md_ics_carry_them(cli: Cli, broken_repo: Path) -> None:
    doc = json.loads(due(cli, broken_repo, "-f", "json").stdout)
    assert doc["unreadable"] == ["plans/nordvik/p-0199.yaml", "plans/solbakken/p-0113.yaml"]
    assert doc["unusable"] == ["plans/nordvik/p-0042.yaml"] and doc["problems"] == 4
    first = doc["items"][:4]
    assert all(i["problem"] for i in first) and not any(i["problem"] for i in doc["items"][4:])
    bad = next(i for i in first if i["plan"] == "p-0042")
    assert bad["problem"] == {
        "kind": "must_fix",
        "col": 18,
        "message": '"2026-13-01" is not a real date',
        "hint": "write dates as YYYY-MM-DD, e.g. 2025-02-28",
    }
    assert (bad["code"], bad["line"], bad["coordinator"]["name"]) == ("IP105", 155, "Kari Hansen")

    rows = list(csv.DictReader(io.StringIO(due(cli, broken_repo, "-f", "csv").stdout)))
    assert [r["status"] for r in rows[:4]] == ["cannot_read", "cannot_read", "must_fix", "cannot_read"]
    assert rows[2]["file"] == "plans/nordvik/p-0042.yaml:155:18"

    md = due(cli, broken_repo, "-f", "md").stdout
    assert "## Plans that could not be read" in md and "must be fixed" in md
    assert md.index("## Plans that could not be read") < md.index("## Jonas Holm")

    ics = due(cli, broken_repo, "-f", "ics").stdout
    assert ics.count("the plan file must be fixed") == 1 and ics.count("the plan file cannot be read") == 3
    assert f"DTSTART;VALUE=DATE:{PINNED_TODAY.replace('-', '')}" in ics
    assert "2026-13-01" not in ics  # rule words only, never the plan's text


def test_redacted_problems_use_the_rule_title(cli: Cli, broken_repo: Path) -> None:
    out = due(cli, broken_repo, "--redact").stdout
    assert "2026-13-01" not in out and "not a real date" in out
    assert "Karl Mikkelsen" not in out and "K.M." in out


@pytest.mark.slow
def test_site_due_page_lists_them_first(cli: Cli, broken_repo: Path) -> None:
    result = cli(["render", "--all", "--out", "site", *TODAY, "--lang", "en"], cwd=broken_repo)
    assert result.exit_code == 0, result.stderr
    # break opportunities are inside the words: <wbr> after a path's slashes, a long word's span
    page = (broken_repo / "site" / "due.html").read_text(encoding="utf-8").replace("<wbr>", "")
    page = re.sub(r'<span class="lw">([^<]*)</span>', r"\1", page)
    assert page.index("Plans that could not be read") < page.index("Kari Hansen") < page.index("Jonas Holm")
    assert "&#34;2026-13-01&#34; is not a real date" in page and "plans/nordvik/p-0042.yaml:155:18" in page
    assert "plans/solbakken/p-0113.yaml" in page and "must be fixed" in page
    assert "Delta i en fritidsaktivitet" in page  # the rest of p-0042's deadlines


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_stats_says_what_it_could_not_count(cli: Cli, broken_repo: Path, fmt: str) -> None:
    out = cli(["stats", *TODAY, "-f", fmt], cwd=broken_repo).stdout
    if fmt == "json":
        doc = json.loads(out)
        assert doc["unreadable"] == 3 and doc["total"]["plans"] == 3
        assert {(n["file"], n["code"]) for n in doc["not_counted"]} == {
            ("plans/nordvik/p-0042.yaml", "IP105"),
            ("plans/nordvik/p-0199.yaml", "IP002"),
            ("plans/solbakken/p-0113.yaml", "IP003"),
        }
        return
    assert "plans/nordvik/p-0042.yaml:155:18: IP105" in out.replace("&quot;", '"')
    assert "plans/solbakken/p-0113.yaml:" in out and "IP003 unresolved merge conflict" in out
    if fmt == "table":
        assert "Not counted: 3 plan files could not be read in full" in out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["group"] for r in rows].count("(not counted)") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coordinator", "nobody"], '--coordinator: no plan has a coordinator matching "nobody"'),
        (["--plan", "p-0099"], "--plan: no plan p-0099 in this repository"),
        (["--profile", "no-iq"], '--profile: there is no profile "no-iq" — did you mean "no-ip"?'),
        (
            ["--coordinator", "kari", "--plan", "p-0107"],
            "no plan matches --coordinator kari and --plan p-0107",
        ),
    ],
)
def test_filters_that_match_nothing_exit_2(cli: Cli, plans_repo: Path, args: list[str], message: str) -> None:
    result = due(cli, plans_repo, *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and result.stdout == ""


def test_no_match_hint_names_the_coordinators(cli: Cli, plans_repo: Path) -> None:
    result = due(cli, plans_repo, "--coordinator", "nobody")
    assert "the coordinators are Jonas Holm, Kari Hansen, Mia Thomsen" in result.stderr


def test_a_filter_never_hides_a_plan_whose_coordinator_cannot_be_read(cli: Cli, broken_repo: Path) -> None:
    out = due(cli, broken_repo, "--coordinator", "jonas").stdout
    assert "p-0199" in out and "p-0113" not in out and "p-0042" not in out


def test_due_outside_a_plans_repository_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli(["due", *TODAY], cwd=tmp_path)
    assert result.exit_code == 2
    assert "no plans here" in result.stderr and "--repo" in result.stderr
    git(tmp_path, "init", "-q")
    assert cli(["due", *TODAY], cwd=tmp_path).exit_code == 2


def test_drafts_deadlines_are_shown_and_counted(cli: Cli, plans_repo: Path) -> None:
    p42 = plans_repo / P42
    p42.write_text(p42.read_text(encoding="utf-8").replace("status: active", "status: draft", 1), "utf-8")
    result = due(cli, plans_repo, "--plan", "p-0042")
    assert result.exit_code == 0
    assert 'draft: evaluate the goal "Delta i en fritidsaktivitet' in result.stdout
    assert 'draft: finish or review the measure "Hjemmetjenesten' in result.stdout
    assert "1 plan is still in draft" in result.stdout
    assert result.stderr.startswith("1 plan (1 draft);")
    items = json.loads(due(cli, plans_repo, "--plan", "p-0042", "-f", "json").stdout)
    assert items["drafts"] == 1 and all(i["draft"] for i in items["items"])


def test_mine_matching_no_plan_is_no_all_clear(cli: Cli, plans_repo: Path) -> None:
    git(plans_repo, "config", "user.email", "nobody@example.org")
    result = due(cli, plans_repo, "--mine")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--mine: no plan names nobody@example.org (git's user.email)" in result.stderr
    git(plans_repo, "config", "user.email", "kari.hansen@example.org")
    result = due(cli, plans_repo, "--mine")
    assert result.exit_code in (0, 1) and "Kari Hansen" in result.stdout
