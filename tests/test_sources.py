"""The plan as the sources say (issue 29): each behaviour through the real CLI, on small plans
written into a real git repository. docs/domain.md names these tests in its test column."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, git

TODAY = "2026-11-23"


def _no_plan() -> dict[str, Any]:
    """A small, clean Norwegian plan (every name made up)."""
    return {
        "schema": "ipcli/plan/1",
        "id": "p-0901",
        "profile": "no-ip",
        "language": "nb",
        "status": "active",
        "person": {"name": "Tora Testesen", "born": 1990},
        "referred": "2026-01-05",
        "work_started": "2026-01-10",
        "period": {"start": "2026-02-01"},
        "next_revision": "2027-02-01",
        "coordinator": "kari",
        "participants": [
            {"id": "tora", "role": "self", "name": "Tora Testesen"},
            {"id": "kari", "role": "coordinator", "name": "Kari Koordinator", "from": "2026-01-05"},
        ],
        "consents": [{"id": "c1", "kind": "plan", "given_by": "self", "date": "2026-01-10"}],
        "themes": [
            {
                "theme": "health",
                "situation": {"citizen": "Jeg vil gå mer.", "staff": "Går lite."},
                "goals": [
                    {
                        "id": "g1",
                        "text": "Gå tur hver dag.",
                        "said_by": "citizen",
                        "next_evaluation": "2027-01-10",
                        "measures": [
                            {
                                "id": "m1",
                                "text": "Turgruppe.",
                                "responsible": "kari",
                                "due": "2027-01-10",
                            }
                        ],
                    }
                ],
            }
        ],
        "meetings": [{"date": "2026-11-01", "kind": "staff_meeting", "attendees": ["kari"]}],
    }


def _dk_plan() -> dict[str, Any]:
    """A small, clean Danish provider plan (every name made up)."""
    return {
        "schema": "ipcli/plan/1",
        "id": "p-0902",
        "profile": "dk-sel141",
        "language": "da",
        "status": "active",
        "person": {"name": "Dorte Prøvesen", "born": 1985},
        "enrolled": "2026-03-01",
        "work_started": "2026-03-02",
        "next_revision": "2027-03-01",
        "basis": {"kind": "sel-141", "reference": "Handleplan, sag 26-0001", "date": "2026-02-01"},
        "coordinator": "jens",
        "participants": [
            {"id": "dorte", "role": "self", "name": "Dorte Prøvesen"},
            {"id": "jens", "role": "contact_person", "name": "Jens Kontakt", "from": "2026-03-01"},
        ],
        "consents": [{"id": "c1", "kind": "collect_information", "given_by": "self", "date": "2026-03-01"}],
        "themes": [
            {
                "theme": "health_and_wellbeing",
                "situation": {"citizen": "Jeg sover dårligt.", "staff": "Træt om morgenen."},
                "focus_agreement": "agreed",
                "goals": [
                    {
                        "id": "g1",
                        "text": "Sove hele natten.",
                        "said_by": "citizen",
                        "next_evaluation": "2027-01-10",
                        "measures": [
                            {"id": "m1", "text": "Aftenrutine.", "responsible": "jens", "due": "2027-01-10"}
                        ],
                    }
                ],
            }
        ],
        "meetings": [
            {"date": "2026-11-01", "kind": "staff_meeting", "attendees": ["jens"]},
            {"date": "2026-11-02", "kind": "municipality", "attendees": ["jens"]},
        ],
        "revisions": [
            {"date": "2026-11-02", "by": ["jens", "dorte"], "summary": "Gennemgået.", "citizen": "Godt."}
        ],
    }


def _write(repo: Path, plan: dict[str, Any], unit: str = "nordvik") -> Path:
    """The plan as a file in the repository (JSON is YAML), committed."""
    path = repo / "plans" / unit / f"{plan['id']}.yaml"
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"plan {plan['id']}")
    return path


def _lint(cli: Cli, repo: Path, path: Path, lang: str = "en") -> tuple[int, list[dict[str, Any]]]:
    result = cli(["lint", str(path), "--today", TODAY, "--format", "json", "--lang", lang], cwd=repo)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def _due(cli: Cli, repo: Path, plan: str) -> list[dict[str, Any]]:
    """Every deadline of one plan within three years, as `ipcli due --format json` lists them."""
    due = cli(["due", "--today", TODAY, "--format", "json", "--plan", plan, "--within", "1000d"], cwd=repo)
    assert due.exit_code in (0, 1), due.output
    items: list[dict[str, Any]] = json.loads(due.stdout)["items"]
    return items


def _line(text: str, plan: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(plan))


def _codes(findings: list[dict[str, Any]]) -> list[str]:
    return [f["code"] for f in findings]


# --- the fixtures are clean: every test below changes one thing -------------------------------


@pytest.mark.parametrize("make", [_no_plan, _dk_plan])
def test_the_small_plans_lint_clean(cli: Cli, plans_repo: Path, make: Any) -> None:
    code, findings = _lint(cli, plans_repo, _write(plans_repo, make()))
    assert code == 0 and [f for f in findings if f["severity"] != "info"] == [], findings


# --- 1: an active plan with no goals, measures or themes --------------------------------------


@pytest.mark.parametrize("make", [_no_plan, _dk_plan])
def test_an_empty_active_plan_is_reported(cli: Cli, plans_repo: Path, make: Any) -> None:
    plan = make()
    plan["themes"] = []
    code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    assert code == 1 and "IP414" in _codes(findings), findings
    themes_only = make()
    del themes_only["themes"][0]["goals"]
    code, findings = _lint(cli, plans_repo, _write(plans_repo, themes_only))
    assert code == 1 and "IP414" in _codes(findings), findings
    draft = make()
    draft["themes"], draft["status"] = [], "draft"
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, draft))
    assert "IP414" not in _codes(findings)  # a plan still being written may be empty


# --- 2: a withdrawn Norwegian consent to the plan ---------------------------------------------


def test_a_withdrawn_plan_consent_ends_the_plan_work(cli: Cli, plans_repo: Path) -> None:
    plan = _no_plan()
    plan["consents"][0]["withdrawn"] = "2026-10-01"
    plan["next_revision"] = "2026-11-01"  # would be overdue in a plan still made
    path = _write(plans_repo, plan)
    _code, findings = _lint(cli, plans_repo, path)
    codes = _codes(findings)
    assert "IP412" not in codes  # not "no consent is recorded": one is, and it was withdrawn
    assert "IP304" not in codes and "IP306" not in codes  # no plan deadlines
    said = [f for f in findings if f["code"] == "IP499"]
    assert said and "withdrawn on 2026-10-01" in said[0]["message"], findings
    assert "participation: declined" in said[0]["hint"] and "status: closed" in said[0]["hint"]
    _code, nb = _lint(cli, plans_repo, path, "nb")
    assert "trukket tilbake" in next(f["message"] for f in nb if f["code"] == "IP499")
    items = _due(cli, plans_repo, "p-0901")
    assert not [i for i in items if i["code"] in ("IP304", "IP305", "IP306", "IP311")], items


# --- 3: a declined Norwegian plan is a decline everywhere -------------------------------------


def _declined() -> dict[str, Any]:
    plan = _no_plan()
    plan["participation"] = "declined"
    plan["participation_note"] = "Vil ikke ha plan nå."
    plan["decline"] = {"by": "self", "date": "2026-09-01", "coordinator_offered": True}
    del plan["themes"], plan["period"], plan["next_revision"]
    plan["consents"][0]["withdrawn"] = "2026-09-01"
    return plan


def test_a_declined_norwegian_plan_is_listed_as_a_decline(cli: Cli, plans_repo: Path) -> None:
    _write(plans_repo, _declined())
    for lang, words, active in (
        ("nb", "har takket nei til individuell plan", "aktiv"),
        ("nn", "har takka nei til individuell plan", "aktiv"),
        ("en", "has said no to an individual plan", "active"),
    ):
        shown = cli(["plans", "--today", TODAY, "--lang", lang, "--format", "text"], cwd=plans_repo)
        line = _line(shown.stdout, "p-0901")
        assert words in line and active not in line, line
    listed = cli(["plans", "--today", TODAY, "--format", "json"], cwd=plans_repo)
    row = next(r for r in json.loads(listed.stdout)["plans"] if r["id"] == "p-0901")
    assert row["declined_plan"] is True and row["status"] == "active"


def test_a_declined_norwegian_plan_holding_goals_and_a_plan_consent_is_reported(
    cli: Cli, plans_repo: Path
) -> None:
    clean = _declined()
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, clean))
    assert "IP499" not in _codes(findings) and "IP414" not in _codes(findings), findings
    half = _declined()
    half["themes"] = _no_plan()["themes"]
    del half["consents"][0]["withdrawn"]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, half))
    messages = [f["message"] for f in findings if f["code"] == "IP499"]
    assert any("still holds goals" in m for m in messages), findings
    assert any("(c1) is not withdrawn" in m for m in messages), findings
    items = _due(cli, plans_repo, "p-0901")
    assert not [i for i in items if i["code"] in ("IP305", "IP306", "IP311")], items


# --- 4: IP308's message and explanation per profile -------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"), [(_no_plan, "the role coordinator"), (_dk_plan, "the role contact person")]
)
def test_a_professional_named_coordinator_is_told_to_take_the_role(
    cli: Cli, plans_repo: Path, make: Any, words: str
) -> None:
    plan = make()
    lead = plan["coordinator"]
    for p in plan["participants"]:
        if p["id"] == lead:
            p["role"], p["name"], p["title"] = "professional", "Frida Fysio", "fysioterapeut"
            p["reason"] = "Trening."
    plan["consents"].append(
        {"id": "c9", "kind": "share_information", "given_by": "self", "date": "2026-01-10", "covers": [lead]}
    )
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    ip308 = [f["message"] for f in findings if f["code"] == "IP308"]
    assert ip308 and words in ip308[0] and "Frida Fysio" in ip308[0], findings
    assert "cannot hold the main responsibility" not in ip308[0]


def test_rules_ip308_explains_the_roles_per_profile(cli: Cli, plans_repo: Path) -> None:
    no = cli(["rules", "IP308", "--lang", "nb", "--profile", "no-ip"], cwd=plans_repo).stdout
    dk = cli(["rules", "IP308", "--lang", "nb", "--profile", "dk-sel141"], cwd=plans_repo).stdout
    assert "Begge roller" not in no and "Bare den rollen telles" in no, no
    assert "telles sammen" in dk, dk


# --- 5: names, not ids, in `ipcli plans` ------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "da", "en"])
def test_plans_says_the_next_deadline_with_names(cli: Cli, plans_repo: Path, lang: str) -> None:
    shown = cli(["plans", "--today", TODAY, "--lang", lang, "--format", "text"], cwd=plans_repo)
    line = _line(shown.stdout, "p-0107")
    assert "Birgit Sørensen" in line and "birgit, aaby" not in line, line
    redacted = cli(["plans", "--today", TODAY, "--redact", "--format", "text"], cwd=plans_repo)
    assert "Birgit Sørensen" not in _line(redacted.stdout, "p-0107")


# --- 6: ipcli revise records the person's own words -------------------------------------------


def test_revise_records_the_voices_as_the_file_does(cli: Cli, plans_repo: Path) -> None:
    args = ["revise", "p-0042", "-s", "Gjennomgått.", "--by", "kari,ola", "--today", TODAY]
    voices = ["--citizen", "Jeg vil fortsette.", "--staff", "Går bra.", "--relative", "Enig."]
    result = cli([*args, *voices], cwd=plans_repo)
    assert result.exit_code == 0, result.output
    text = (plans_repo / "plans" / "nordvik" / "p-0042.yaml").read_text(encoding="utf-8")
    tail = text[text.rindex("summary: Gjennomgått.") :]
    assert (
        tail.index("citizen: Jeg vil fortsette.")
        < tail.index("staff: Går bra.")
        < tail.index("relative: Enig.")
    )
    _code, findings = _lint(cli, plans_repo, plans_repo / "plans" / "nordvik" / "p-0042.yaml")
    assert not [f for f in findings if f["code"] == "IP493" and TODAY in f["message"]], findings


# --- 8: a new Danish plan leaves the focus-area decision open ---------------------------------


def test_new_danish_plan_decides_no_focus_area_for_the_citizen(cli: Cli, plans_repo: Path) -> None:
    made = cli(
        ["new", "p-0903", "--profile", "dk-sel141", "--person", "Dorte Prøvesen",
         "--coordinator", "Jens Kontakt", "--unit", "solbakken", "--today", TODAY],
        cwd=plans_repo,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    path = plans_repo / "plans" / "solbakken" / "p-0903.yaml"
    assert "focus_agreement: later" not in path.read_text(encoding="utf-8")
    _code, findings = _lint(cli, plans_repo, path)
    assert _codes(findings).count("IP407") == 7, findings


# --- 7: the DK handleplan's agreement and overall goals ---------------------------------------


def test_the_handleplan_agreement_and_overall_goals_are_recorded_and_referred_to(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    plan = _dk_plan()
    plan["basis"]["agreed"] = "2026-02-20"
    plan["basis"]["goals"] = [{"id": "h1", "text": "Stabil døgnrytme."}]
    goal = plan["themes"][0]["goals"][0]
    goal["serves"] = ["h1"]
    goal["measures"][0]["serves"] = ["h1"]
    path = _write(plans_repo, plan, "solbakken")
    _code, findings = _lint(cli, plans_repo, path)
    assert "IP497" not in _codes(findings) and "IP101" not in str(findings), findings
    staff = tmp_path / "staff.md"
    rendered = cli(["render", "p-0902", "--format", "md", "-o", str(staff), "--today", TODAY], cwd=plans_repo)
    assert rendered.exit_code == 0, rendered.output
    text = staff.read_text(encoding="utf-8")
    assert "Videregivet efter aftale med borgeren" in text and "h1: Stabil døgnrytme." in text
    assert "Udmønter: h1" in text
    goal["serves"] = ["h9"]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan, "solbakken"))
    said = [f for f in findings if f["code"] == "IP497"]
    assert said and "h9" in said[0]["message"] and "h1" in said[0]["hint"], findings


# --- 9: the person's own words (IP401) and who information is collected from -----------------


def test_ip401_looks_at_sub_topics_and_own_goals_and_takes_the_representatives_words(
    cli: Cli, plans_repo: Path
) -> None:
    plan = _no_plan()
    plan["themes"][0]["subtopics"] = [{"topic": "Søvn", "situation": {"staff": "Sover lite."}}]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    assert [f for f in findings if f["code"] == "IP401" and "Søvn" in f["message"]], findings
    staff_goals = _no_plan()
    staff_goals["themes"][0]["goals"][0]["said_by"] = "staff"
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, staff_goals))
    assert [f for f in findings if f["code"] == "IP401" and "own goals" in f["message"]], findings
    represented = _no_plan()
    represented["person"]["represented_by"] = "vera"
    represented["participants"].append({"id": "vera", "role": "guardian", "name": "Vera Verge"})
    represented["themes"][0]["situation"] = {"guardian": "Hun vil gå mer.", "staff": "Går lite."}
    represented["themes"][0]["goals"][0]["said_by"] = "guardian"
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, represented))
    assert "IP401" not in _codes(findings), findings


def test_a_consent_to_collect_names_former_partners_and_a_withdrawn_one_counts_for_nothing(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    plan = _dk_plan()
    plan["consents"][0]["sources"] = ["Tidligere bosted Egely", "Ekspartners hjemmepleje"]
    path = _write(plans_repo, plan, "solbakken")
    _code, findings = _lint(cli, plans_repo, path)
    assert "IP496" not in _codes(findings) and "IP101" not in _codes(findings), findings
    out = tmp_path / "p.md"
    render = ["render", "p-0902", "--format", "md", "-o", str(out), "--today", TODAY]
    assert cli(render, cwd=plans_repo).exit_code == 0
    assert "indhentet fra Tidligere bosted Egely, Ekspartners hjemmepleje" in out.read_text(encoding="utf-8")
    plan["consents"][0]["withdrawn"] = "2026-10-01"
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan, "solbakken"))
    assert "IP496" in _codes(findings), findings


# --- 10: the partial ones ---------------------------------------------------------------------


def test_involvement_and_the_coordinating_unit_are_rendered(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    plan = _no_plan()
    plan["involvement"] = "Anerkjennende tilnærming og faste samtaler med bildestøtte."
    plan["coordinating_unit"] = "Nordvik kommune, koordinerende enhet"
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    assert not [f for f in findings if f["code"].startswith("IP1")], findings
    for fmt in ("md", "html"):
        out = tmp_path / f"p.{fmt}"
        made = cli(["render", "p-0901", "--format", fmt, "-o", str(out), "--today", TODAY], cwd=plans_repo)
        assert made.exit_code == 0, made.output
        text = out.read_text(encoding="utf-8")
        # a long word's span (the w filter's break opportunity) is inside the word
        text = re.sub(r'<span class="lw">([^<]*)</span>', r"\1", text).replace("<wbr>", "")
        assert "Anerkjennende tilnærming" in text and "Koordinerende enhet" in text, fmt


def test_dk_staff_meeting_before_the_first_plan_meeting(cli: Cli, plans_repo: Path) -> None:
    plan = _dk_plan()
    plan["meetings"] = [
        {"date": "2026-03-20", "kind": "plan_meeting", "attendees": ["jens", "dorte"]},
        {"date": "2026-11-02", "kind": "municipality", "attendees": ["jens"]},
    ]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan, "solbakken"))
    assert "IP415" in _codes(findings), findings
    plan["meetings"].append({"date": "2026-03-18", "kind": "staff_meeting", "attendees": ["jens"]})
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan, "solbakken"))
    assert "IP415" not in _codes(findings), findings
    no = _no_plan()
    no["meetings"] = [{"date": "2026-03-20", "kind": "plan_meeting", "attendees": ["kari", "tora"]}]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, no))
    assert "IP415" not in _codes(findings), findings


def test_stats_share_of_recipients_with_a_plan(cli: Cli, plans_repo: Path) -> None:
    given = cli(["stats", "--today", TODAY, "--format", "json", "--recipients", "20"], cwd=plans_repo)
    total = json.loads(given.stdout)["total"]
    assert total["recipients"] == 20 and total["plan_share"] == round(total["plans"] / 20, 3), total
    toml = plans_repo / "ipcli.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + "\n[stats.recipients]\nnordvik = 10\nsolbakken = 6\n",
        encoding="utf-8",
    )
    by_unit = cli(["stats", "--today", TODAY, "--format", "json", "--by", "unit"], cwd=plans_repo)
    doc = json.loads(by_unit.stdout)
    shares = {g["group"]: (g["recipients"], g["plan_share"]) for g in doc["groups"]}
    assert shares["solbakken"] == (6, 0.5) and doc["total"]["recipients"] == 16, doc
    table = cli(["stats", "--today", TODAY, "--by", "unit", "--lang", "nb"], cwd=plans_repo)
    assert (
        "3 av 6 tjenestemottakere har plan (50 %)" in table.stdout
        or "3 av 6 tjenestemottakere har plan (50%)" in table.stdout
    ), table.stdout
    bad = plans_repo / "ipcli.toml"
    bad.write_text(toml.read_text(encoding="utf-8").replace("nordvik = 10", "nordvik = -1"), encoding="utf-8")
    refused = cli(["stats", "--today", TODAY], cwd=plans_repo)
    assert refused.exit_code == 2 and "recipients" in refused.stderr, refused.output


# --- rows of docs/domain.md that had no test that fails when they break -----------------------


def test_goals_in_sub_topics_count_everywhere(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    plan = _no_plan()
    goal = plan["themes"][0].pop("goals")[0]
    goal["next_evaluation"] = "2026-10-01"  # overdue
    goal["measures"][0]["due"] = "2026-10-02"  # overdue
    plan["themes"][0]["subtopics"] = [
        {"topic": "Turer", "situation": {"citizen": "Jeg liker turer."}, "goals": [goal]}
    ]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    codes = _codes(findings)
    assert "IP414" not in codes and "IP306" in codes and "IP305" in codes, findings
    items = _due(cli, plans_repo, "p-0901")
    assert {"IP305", "IP306"} <= {i["code"] for i in items}, items
    out = tmp_path / "p.md"
    assert (
        cli(["render", "p-0901", "-f", "md", "-o", str(out), "--today", TODAY], cwd=plans_repo).exit_code == 0
    )
    assert "Gå tur hver dag." in out.read_text(encoding="utf-8")


def test_a_danish_plan_naming_no_handleplan_is_reported(cli: Cli, plans_repo: Path) -> None:
    plan = _dk_plan()
    del plan["basis"]
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan, "solbakken"))
    assert [f for f in findings if f["code"] == "IP497" and "handleplan" in f["message"]], findings
    decision = _dk_plan()
    decision["basis"] = {"kind": "decision", "reference": "Afgørelse 26-1", "date": "2026-02-01"}
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, decision, "solbakken"))
    assert "IP497" in _codes(findings), findings


def test_the_persons_html_version_says_the_plan_gives_no_rights(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "p.html"
    made = cli(
        ["render", "p-0042", "-f", "html", "--audience", "citizen", "-o", str(out), "--today", TODAY],
        cwd=plans_repo,
    )
    assert made.exit_code == 0, made.output
    assert "Planen i seg selv gir ikke rett til bestemte tjenester" in out.read_text(encoding="utf-8")
    dk = tmp_path / "dk.html"
    made = cli(
        ["render", "p-0107", "-f", "html", "--audience", "citizen", "-o", str(dk), "--today", TODAY],
        cwd=plans_repo,
    )
    assert made.exit_code == 0 and "rett til bestemte tjenester" not in dk.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_focus_area_is_rendered_only_in_dk(cli: Cli, plans_repo: Path, tmp_path: Path, fmt: str) -> None:
    no = _no_plan()
    no["themes"][0]["focus_agreement"] = "agreed"
    _write(plans_repo, no)
    dk = _dk_plan()
    _write(plans_repo, dk, "solbakken")
    shown = {}
    for plan_id in ("p-0901", "p-0902"):
        out = tmp_path / f"{plan_id}.{fmt}"
        made = cli(["render", plan_id, "-f", fmt, "-o", str(out), "--today", TODAY], cwd=plans_repo)
        assert made.exit_code == 0, made.output
        shown[plan_id] = out.read_text(encoding="utf-8")
    assert "Innsatsområde" not in shown["p-0901"]
    assert "Aftale om indsatsområde" in shown["p-0902"]


def test_parent_in_an_older_file_reads_as_the_custody_holder(cli: Cli, plans_repo: Path) -> None:
    plan = _no_plan()
    plan["person"].update(child=True, represented_by="mor")
    plan["participants"].append({"id": "mor", "role": "custody_holder", "name": "Mona Mor"})
    plan["consents"][0]["given_by"] = "parent"
    plan["themes"][0]["situation"]["custody_holder"] = "Hun liker å gå."
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    assert "IP492" not in _codes(findings), findings
    plan["participants"] = [p for p in plan["participants"] if p["id"] != "mor"]
    plan["person"]["represented_by"] = "kari"
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan))
    assert [f for f in findings if f["code"] == "IP492" and "c1" in f["message"]], findings


def test_ip308_counts_the_danish_contact_person_with_a_coordinator(cli: Cli, plans_repo: Path) -> None:
    plan = _dk_plan()
    plan["participants"].append({"id": "kim", "role": "coordinator", "name": "Kim Koordinator"})
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, plan, "solbakken"))
    many = [f for f in findings if f["code"] == "IP308"]
    assert many and "Jens Kontakt" in many[0]["message"] and "Kim Koordinator" in many[0]["message"], findings
    no = _no_plan()
    no["participants"].append({"id": "kim", "role": "contact_person", "name": "Kim Kontakt"})
    _code, findings = _lint(cli, plans_repo, _write(plans_repo, no))
    assert "IP308" not in _codes(findings), findings  # in Norway only the coordinator counts


def test_the_new_fields_are_in_the_staff_pdf(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    plan = _dk_plan()
    plan["coordinating_unit"] = "Koordinerende enhed Aaby"
    plan["involvement"] = "Anerkendende tilgang."
    plan["basis"].update(agreed="2026-02-20", goals=[{"id": "h1", "text": "Stabil døgnrytme."}])
    plan["themes"][0]["goals"][0]["serves"] = ["h1"]
    plan["consents"][0]["sources"] = ["Tidligere bosted Egely"]
    _write(plans_repo, plan, "solbakken")
    out = tmp_path / "p.pdf"
    made = cli(
        ["render", "p-0902", "-f", "pdf", "--lang", "en", "-o", str(out), "--today", TODAY], cwd=plans_repo
    )
    assert made.exit_code == 0, made.output
    text = " ".join((page.extract_text() or "") for page in PdfReader(out).pages)
    text = " ".join(text.split())
    for shown in (
        "Koordinerende enhed Aaby",
        "Anerkendende tilgang.",
        "h1: Stabil døgnrytme.",
        "Carries out: h1",
        "collected from Tidligere bosted Egely",
    ):
        assert shown in text, shown


def test_a_withdrawn_plan_consent_is_no_plan_in_force_in_the_fhir_export(cli: Cli, plans_repo: Path) -> None:
    plan = _no_plan()
    plan["consents"][0]["withdrawn"] = "2026-10-01"
    _write(plans_repo, plan)
    doc = json.loads(cli(["export", "p-0901", "--fhir"], cwd=plans_repo).stdout)
    [careplan] = [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    assert (careplan["status"], careplan["intent"]) == ("revoked", "proposal")
