"""The indicators, from the examples, as of two dates."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Cli


def _stats(cli: Cli, repo: Path, today: str, *args: str) -> dict:
    result = cli(["stats", "--today", today, "-f", "json", *args], cwd=repo)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_indicator_parts_by_coordinator(cli: Cli, plans_repo: Path) -> None:
    late = _stats(cli, plans_repo, "2026-11-23")
    # p-0051 declined an individual plan (NO): no plan, so counted as declined and not as a plan;
    # p-0113 declined to take part (DK): the plan is written all the same and counted in both
    assert late["total"]["plans"] == 5 and late["total"]["declined"] == 2
    assert late["total"]["coordinator_appointed"] == 5
    assert late["total"]["work_started"] == 4  # p-0120 is a fresh enrolment in draft
    assert late["total"]["active_ip"] == 1  # only p-0058 has no overdue evaluation that day
    early = _stats(cli, plans_repo, "2026-06-10")
    kari = next(g for g in early["groups"] if g["group"] == "Kari Hansen")
    assert kari["active_ip"] == 2 and kari["active_ip_share"] == 1.0 and kari["declined"] == 1


def test_groupings_and_closed_plans(cli: Cli, plans_repo: Path) -> None:
    p = plans_repo / "plans" / "solbakken" / "p-0113.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: active", "status: closed", 1), encoding="utf-8"
    )
    by_unit = _stats(cli, plans_repo, "2026-11-23", "--by", "unit")
    assert [g["group"] for g in by_unit["groups"]] == ["nordvik", "solbakken"]
    assert by_unit["total"]["closed"] == 1 and by_unit["total"]["plans"] == 4
    by_profile = _stats(cli, plans_repo, "2026-11-23", "--by", "profile")
    assert {g["group"] for g in by_profile["groups"]} == {"no-ip", "dk-sel141"}


def test_csv_and_html(cli: Cli, plans_repo: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(cli(["stats", "-f", "csv", "--today", "2026-06-10"], cwd=plans_repo).stdout)
        )
    )
    assert rows[-1]["group"] == "all" and rows[-1]["plans"] == "5"
    page = cli(["stats", "-f", "html", "--today", "2026-06-10"], cwd=plans_repo).stdout
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    root = ET.fromstring(svg)  # the chart is well-formed SVG
    assert root.tag.endswith("svg") and len(root.findall("{http://www.w3.org/2000/svg}rect")) == 4
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from outside
    assert "Ola Nordmann" not in page  # counts only


def test_evaluations_on_time_from_history(cli: Cli, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from conftest import EXAMPLES
    from test_history import commit, edit

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit(repo, "plans", "2026-01-10")
    # g3 is to be evaluated by 2026-11-30: first on time, then (the date moved to 2027-01-15) late
    edit(
        repo,
        "            due: 2025-09-01\n            status: done\n",
        "            due: 2025-09-01\n            status: done\n        evaluations:\n"
        "          - date: 2026-11-20\n            achievement: improving\n            outcome: continue\n",
    )
    edit(repo, "next_evaluation: 2026-11-30", "next_evaluation: 2027-01-15")
    commit(repo, "g3 evaluated on time", "2026-11-20")
    edit(
        repo,
        "            outcome: continue\n\n  - theme: social_life_and_leisure",
        "            outcome: continue\n          - date: 2027-02-01\n            achievement: improving\n"
        "            outcome: continue\n\n  - theme: social_life_and_leisure",
    )
    commit(repo, "g3 evaluated late", "2027-02-01")
    doc = _stats(cli, repo, "2027-02-10")
    assert doc["since"] == "2026-02-10"
    assert doc["total"]["evaluations_on_time"] == 1 and doc["total"]["evaluations_late"] == 1
    assert doc["total"]["evaluations_on_time_share"] == 0.5
