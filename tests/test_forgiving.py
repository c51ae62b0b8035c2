"""All findings in one run: a plan with a slip in its data (an unknown key, a date the calendar
does not have, a list item that lost its `- `) still goes through every rule that can use what was
read, and lint, due, plans and the language server agree on which plans could not be used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli
from lsp_session import Session, position_of, run, uri_of
from lsprotocol import types as t

TODAY = ["--today", PINNED_TODAY]
P42 = Path("plans") / "nordvik" / "p-0042.yaml"
P107 = Path("plans") / "solbakken" / "p-0107.yaml"

# the consent to make the plan (c1), taken out: IP412
CONSENT_C1 = """  - id: c1
    kind: plan
"""


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _without_c1(text: str) -> str:
    start = text.index(CONSENT_C1)
    end = text.index("  - id: c2", start)
    return text[:start] + text[end:]


def _slipped(repo: Path, slip: tuple[str, str]) -> str:
    """p-0042 with one slip, an unknown participant (in m1), no consent to make the plan; m2
    (due 2026-11-01) is overdue as it is."""
    file = repo / P42
    text = _without_c1(file.read_text(encoding="utf-8"))
    assert slip[0] in text
    text = text.replace(slip[0], slip[1], 1)
    text = text.replace("responsible: per\n", "responsible: petter\n", 1)
    file.write_text(text, encoding="utf-8")
    return text


def _lint(cli: Cli, repo: Path) -> list[dict[str, object]]:
    result = cli(["lint", str(P42), "-f", "json", *TODAY, "--lang", "en"], cwd=repo)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    found: list[dict[str, object]] = data["findings"] if isinstance(data, dict) else data
    return found


def _at(found: list[dict[str, object]], code: str) -> set[object]:
    return {f["line"] for f in found if f["code"] == code}


def test_an_unknown_key_hides_no_other_finding(cli: Cli, plans_repo: Path) -> None:
    text = _slipped(plans_repo, ("participation: full\n", "participation: full\nmerknad: ring Randi\n"))
    found = _lint(cli, plans_repo)
    assert _at(found, "IP101") == {_line(text, "merknad:")}
    assert _line(text, "responsible: petter") in _at(found, "IP203")
    assert _at(found, "IP305") == {_line(text, "due: 2026-11-01")}
    assert _at(found, "IP412")  # no consent to make the plan (about the plan as a whole)


def test_an_impossible_date_hides_no_other_finding(cli: Cli, plans_repo: Path) -> None:
    text = _slipped(plans_repo, ("next_revision: 2026-12-10", "next_revision: 2026-02-30"))
    found = _lint(cli, plans_repo)
    assert _at(found, "IP105") == {_line(text, "next_revision: 2026-02-30")}
    assert _line(text, "responsible: petter") in _at(found, "IP203")
    assert _at(found, "IP305") == {_line(text, "due: 2026-11-01")}
    assert _at(found, "IP412")
    # a consequence of the broken date is not reported: "no revision date" when there was one
    assert not _at(found, "IP410") and not _at(found, "IP304")


def test_a_broken_consent_date_is_no_missing_consent(cli: Cli, plans_repo: Path) -> None:
    """The consent was there, its date was broken: no "no consent to make the plan"."""
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    c1 = text.index(CONSENT_C1)
    date_at = text.index("    date: ", c1)
    end = text.index("\n", date_at)
    file.write_text(text[:date_at] + "    date: 2025-02-30" + text[end:], encoding="utf-8")
    found = _lint(cli, plans_repo)
    assert _at(found, "IP105")
    assert not _at(found, "IP412")
    assert _at(found, "IP305")  # the rest is still checked


def test_a_lost_dash_is_a_problem_in_due_and_points_nowhere_wrong(cli: Cli, plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    lost = text.replace("          - id: m2\n", "            id: m2\n", 1)
    assert lost != text
    file.write_text(lost, encoding="utf-8")
    found = _lint(cli, plans_repo)
    assert _at(found, "IP008") == {_line(lost, "id: m2")}
    # m2, the overdue measure, is unreadable: its deadline points nowhere (it used to point at
    # another measure's line)
    assert not _at(found, "IP305")
    assert _at(found, "IP306")  # the goals' evaluations are still checked

    result = cli(["due", *TODAY, "-f", "json"], cwd=plans_repo)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert str(P42) in report["unusable"]
    p42 = [i for i in report["items"] if i["file"] == str(P42)]
    assert [i["line"] for i in p42 if i["code"] == "IP008"] == [_line(lost, "id: m2")]
    assert [i["problem"]["kind"] for i in p42 if i["code"] == "IP008"] == ["must_fix"]
    # every measure's deadline at the line of its own date; m2 (merged into m1) in no row
    lines = lost.splitlines()
    measures = [i for i in p42 if i["code"] == "IP305"]
    assert measures and not [i for i in measures if i["overdue"]]
    assert all(lines[i["line"] - 1].strip() == f"due: {i['date']}" for i in measures)
    assert not [i for i in p42 if "Hjemmetjenesten gir Ola" in json.dumps(i, ensure_ascii=False)]


def test_render_refuses_a_plan_that_lost_a_dash(cli: Cli, plans_repo: Path) -> None:
    """It used to render the plan with the lost item read into its neighbour."""
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("          - id: m2\n", "            id: m2\n", 1), encoding="utf-8")
    result = cli(["render", "p-0042", "--today", PINNED_TODAY, "--lang", "en"], cwd=plans_repo)
    assert result.exit_code == 2
    assert "ipcli lint" in result.output and f"{P42}:" in result.output
    assert not result.stdout.strip()


def test_lint_due_plans_agree_on_unusable_plans(cli: Cli, plans_repo: Path) -> None:
    """p-0042 lost a list dash (the strict reading used to take it as a plan all the same), p-0107
    has an unknown key: both fail lint, both are problems in due, both unreadable in plans."""
    p42 = plans_repo / P42
    p42.write_text(
        p42.read_text(encoding="utf-8").replace("          - id: m2\n", "            id: m2\n", 1), "utf-8"
    )
    p107 = plans_repo / P107
    p107.write_text(p107.read_text(encoding="utf-8").replace("\nid:", "\nmerknad: x\nid:", 1), "utf-8")
    lint = cli(["lint", *TODAY, "-f", "json"], cwd=plans_repo)
    data = json.loads(lint.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    failing = {f["path"] for f in findings if f["code"] in ("IP008", "IP101")}
    assert failing == {str(P42), str(P107)}
    due = json.loads(cli(["due", *TODAY, "-f", "json"], cwd=plans_repo).stdout)
    assert set(due["unusable"]) | set(due["unreadable"]) == failing
    plans = cli(["plans", "-f", "json"], cwd=plans_repo)
    listed = json.loads(plans.stdout)
    rows = listed["plans"] if isinstance(listed, dict) else listed
    assert {r["file"] for r in rows if r["status"] == "unreadable"} == failing


@pytest.mark.slow
def test_the_language_server_keeps_its_picture_through_a_slip(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    slipped = text.replace("participation: full\n", "participation: full\nmerknad: ring Randi\n", 1)
    due_line = position_of(slipped, "due: 2026-11-01")[0]
    doc = t.TextDocumentIdentifier(uri_of(file))

    async def scenario(s: Session) -> None:
        await s.open(file)
        found = await s.change(file, slipped)
        assert {"IP101", "IP305"} <= {d.code for d in found}
        symbols = await s.client.text_document_document_symbol_async(t.DocumentSymbolParams(doc))
        assert symbols is not None
        names = [x.name for x in symbols if isinstance(x, t.DocumentSymbol)]
        assert names[:4] == ["participants", "consents", "daily_living", "health"]
        end = len(slipped.splitlines())
        hints = await s.client.text_document_inlay_hint_async(
            t.InlayHintParams(doc, t.Range(t.Position(0, 0), t.Position(end, 0)))
        )
        assert hints is not None
        assert {h.position.line: h.label for h in hints}.get(due_line) == " 22 dager over fristen"

    run(plans_repo, scenario)


def test_render_refuses_a_half_right_plan_with_every_finding(cli: Cli, plans_repo: Path) -> None:
    """Two syntax slips and an unknown key: render names all three (and the rest lint finds, the
    overdue measure), not only the first, in the reader's language; nothing on stdout."""
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    text = text.replace("  name: Ola Nordmann\n", "\tname: Ola Nordmann\n", 1)
    text = text.replace("next_revision: 2026-12-10", "next_revision 2026-12-10", 1)
    text = text.replace("participation: full\n", "participation: full\nmerknad: ring Randi\n", 1)
    file.write_text(text, encoding="utf-8")
    result = cli(["render", "p-0042", *TODAY, "--lang", "nb"], cwd=plans_repo)
    assert result.exit_code == 2, result.output
    assert not result.stdout.strip()
    shown = {
        (line.split(":")[1], line.split()[2])
        for line in result.stderr.splitlines()
        if line.startswith(f"{P42}:")
    }
    for needle, code in (("\tname", "IP002"), ("next_revision 2026", "IP002"), ("merknad:", "IP101")):
        assert (str(_line(text, needle)), code) in shown, (needle, sorted(shown))
    assert (str(_line(text, "due: 2026-11-01")), "IP305") in shown
    assert "kan ikke lages før problemene over er rettet" in result.stderr.splitlines()[-1]


def test_a_nested_list_under_meetings_is_a_plan_to_fix_everywhere(cli: Cli, plans_repo: Path) -> None:
    """`meetings:` holding a list in a list: lint gives IP103 at it; due lists the plan under its
    coordinator as one to fix (with the deadlines that still read), never as unreadable; plans
    names it by its id, person and coordinator."""
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    start = text.index("meetings:\n") + len("meetings:\n")
    end = text.index("\n\n", start)
    nested = "  -\n" + "\n".join("  " + line for line in text[start:end].split("\n"))
    text = text[:start] + nested + text[end:]
    file.write_text(text, encoding="utf-8")
    found = _lint(cli, plans_repo)
    assert _at(found, "IP103") == {_line(text, "    - date: 2025-02-10")}
    due = json.loads(cli(["due", *TODAY, "-f", "json", "--lang", "en"], cwd=plans_repo).stdout)
    assert str(P42) in due["unusable"] and str(P42) not in due["unreadable"]
    rows = [i for i in due["items"] if i["file"] == str(P42)]
    assert {(i["line"], i["code"]) for i in rows if i.get("problem")} == {
        (_line(text, "    - date: 2025-02-10"), "IP103")
    }
    assert {i["coordinator"]["name"] for i in rows} == {"Kari Hansen"}
    assert [i for i in rows if i["code"] == "IP305" and i["overdue"]]  # m2 still shows
    listed = json.loads(cli(["plans", "-f", "json"], cwd=plans_repo).stdout)
    row = next(r for r in listed["plans"] if r["file"] == str(P42))
    assert (row["id"], row["person"], row["coordinator"], row["status"]) == (
        "p-0042",
        "Ola Nordmann",
        "Kari Hansen",
        "unreadable",
    )
