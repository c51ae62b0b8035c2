"""The everyday slips of a coordinator who writes a plan by hand (issue 27, "Done when"): some
thirty of them, each alone in a plan of its own and all together in one, in a real git
repository. One `lint` run names every slip at its line, in en, nb, nn and da, and never in
libyaml's English; `due`, `plans`, `stats` and the language server agree with lint on which
plans could not be used, by the same plan id, and on where: none is silently left out, and
what still reads of a plan gives the same deadlines in `due` as in `lint`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PINNED_TODAY, Cli
from lsp_session import Session, uri_of
from lsprotocol import types as t
from test_slips import _english_of_libyaml

P42 = Path("plans/nordvik/p-0042.yaml")
LANGS = ("en", "nb", "nn", "da")
TODAY = ("--today", PINNED_TODAY)

# (name, text in p-0042, the slip written instead, where in the slip the finding points, code).
# Each changes other lines of the plan, so that all can be made in one plan together.
SLIPS: list[tuple[str, str, str, str, str]] = [
    # syntax: the file does not read as YAML there
    ("tab-at-the-start-of-a-line", "  name: Ola Nordmann\n", "\tname: Ola Nordmann\n", "\tname", "IP002"),
    (
        "tab-inside-the-indentation",
        "    title: koordinator\n",
        "  \ttitle: koordinator\n",
        "\ttitle",
        "IP002",
    ),
    ("colon-missing-at-the-top", "next_revision: 2026-12-10", "next_revision 2026-12-10", "next_", "IP002"),
    (
        "colon-missing-in-an-entry",
        "    organisation: Nordvik logopedtjeneste",
        "    organisation Nordvik logopedtjeneste",
        "organisation",
        "IP002",
    ),
    (
        "no-space-after-a-colon",
        "    kind: collect_information",
        "    kind:collect_information",
        "kind",
        "IP002",
    ),
    ("quote-never-closed", "    name: Lise Berg\n", '    name: "Lise Berg\n', '"Lise', "IP002"),
    (
        "bracket-never-closed",
        "covers: [per, lise, nav, randi, hjemmetj]",
        "covers: [per, lise, nav, randi, hjemmetj",
        "[per",
        "IP002",
    ),
    (
        "colon-inside-a-text",
        "    notes: NAV starter arbeidsevnevurdering.",
        "    notes: NAV sier: vi starter.",
        ": vi",
        "IP002",
    ),
    ("value-begins-with-an-at-sign", "    title: fysioterapeut", "    title: @fysioterapeut", "@", "IP002"),
    (
        "value-begins-with-a-star",
        "    contributes: Hjelp morgen og kveld etter vedtak.",
        "    contributes: *Viktig* hjelp morgen og kveld.",
        "*Viktig",
        "IP002",
    ),
    (
        "a-lone-dash-among-keys",
        "    kind: share_information\n",
        "    kind: share_information\n    -\n",
        "    -\n",
        "IP002",
    ),
    ("key-indented-one-too-far", "    role: relative", "     role: relative", "role: relative", "IP002"),
    (
        "key-indented-one-too-little",
        "    title: veileder Anders Lie",
        "   title: veileder Anders Lie",
        "title: veileder",
        "IP002",
    ),
    (
        "a-note-with-no-key",
        "\nrevisions:\n",
        "\nHusk å ringe Randi før møtet\nrevisions:\n",
        "Husk",
        "IP002",
    ),
    (
        "backslash-in-double-quotes",
        "    document: Arkiv 2025/0123-1",
        '    document: "Arkiv\\2025/0123-1"',
        '"Arkiv',
        "IP002",
    ),
    (
        "list-item-without-a-space",
        "    - Koordinatoren svarer",
        "    -Koordinatoren svarer",
        "-Koord",
        "IP103",
    ),
    (
        "no-break-space-after-a-colon",
        "  reference: Vedtak om helse",
        "  reference:\u00a0Vedtak om helse",
        "reference",
        "IP002",
    ),
    (
        "guillemets-around-a-text-with-a-colon",
        "    notes: Første planmøte. Mål og tiltak avtalt; Ola ønsket moren med.",
        "    notes: «Første planmøte: mål og tiltak avtalt»",
        "«",
        "IP002",
    ),
    (
        "a-dash-line-at-the-end",
        "    where: Arkiv 2025/0789\n",
        "    where: Arkiv 2025/0789\n---\n",
        "---",
        "IP002",
    ),
    # the plan format: the YAML reads, a value does not fit
    (
        "name-in-typographic-quotes",
        "    name: Per Olsen\n",
        "    name: \u201cPer Olsen\u201d\n",
        "\u201cPer",
        "IP604",
    ),
    (
        "no-break-space-in-the-indentation",
        "    owner: Nordvik voksenopplæring",
        "\u00a0   owner: Nordvik voksenopplæring",
        "owner",
        "IP002",
    ),
    (
        "key-indented-too-little-for-its-group",
        "      staff: Trenger hjelp til av- og påkledning",
        "    staff: Trenger hjelp til av- og påkledning",
        "staff: Trenger",
        "IP101",
    ),
    ("misspelt-key", "evaluate_every: 6 months", "evalute_every: 6 months", "evalute", "IP101"),
    (
        "day-the-month-does-not-have",
        "next_evaluation: 2026-11-30",
        "next_evaluation: 2026-11-31",
        "2026",
        "IP105",
    ),
    ("month-thirteen", "start: 2025-04-01", "start: 2025-13-01", "2025", "IP105"),
    ("date-written-day-first", "referred: 2025-01-06", "referred: 6.1.2025", "6.1", "IP105"),
    (
        "date-with-en-dashes",
        "work_started: 2025-01-20",
        "work_started: 2025\u201301\u201320",
        "2025",
        "IP105",
    ),
    ("date-with-slash-and-dash", "date: 2025-09-18", "date: 18/9-2025", "18/9", "IP105"),
    ("a-list-item-lost-its-dash", "          - id: m2\n", "            id: m2\n", "id: m2", "IP008"),
    ("status-in-norwegian", "            status: done\n", "            status: ferdig\n", "ferdig", "IP104"),
    ("yes-no-in-norwegian", "feasible: false", "feasible: nei", "nei", "IP103"),
    # the content: the plan reads, a rule finds the slip. Alone only: where another slip left a
    # participant's entry unreadable, an unknown participant may be that one, and is not reported
    (
        "participant-misspelt",
        "responsible: kari\n            start: 2025-02-01\n            due: 2026-12-20",
        "responsible: karri\n            start: 2025-02-01\n            due: 2026-12-20",
        "karri",
        "IP203",
    ),
]
ALONE = {name: f"plans/corpus/p-{2001 + n}.yaml" for n, (name, *_rest) in enumerate(SLIPS)}
ONLY_ALONE = {"participant-misspelt"}
TOGETHER = "plans/corpus/p-2099.yaml"


def _with(text: str, slips: list[tuple[str, str, str, str, str]]) -> tuple[str, dict[str, int]]:
    """The plan with these slips, and the line of each slip's finding."""
    for _name, old, new, _marker, _code in slips:
        assert old in text, old
        text = text.replace(old, new, 1)
    lines = {}
    for name, _old, new, marker, _code in slips:
        at = text.index(marker, text.index(new))
        lines[name] = text.count("\n", 0, at) + 1
    return text, lines


@pytest.fixture
def corpus(plans_repo: Path) -> tuple[Path, dict[str, dict[str, int]]]:
    """plans/corpus/: one plan per slip and one with every slip, each its own plan id. The
    expected line of each slip's finding, per file."""
    original = (plans_repo / P42).read_text(encoding="utf-8")
    folder = plans_repo / "plans" / "corpus"
    folder.mkdir()
    where: dict[str, dict[str, int]] = {}
    for n, slip in enumerate(SLIPS):
        rel = ALONE[slip[0]]
        text, lines = _with(original.replace("id: p-0042", f"id: p-{2001 + n}", 1), [slip])
        (plans_repo / rel).write_bytes(text.encode("utf-8"))
        where[rel] = lines
    together = [s for s in SLIPS if s[0] not in ONLY_ALONE]
    text, lines = _with(original.replace("id: p-0042", "id: p-2099", 1), together)
    (plans_repo / TOGETHER).write_bytes(text.encode("utf-8"))
    where[TOGETHER] = lines
    return plans_repo, where


def _json(cli: Cli, repo: Path, *args: str) -> Any:
    result = cli([*args, *TODAY, "-f", "json"], cwd=repo)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return json.loads(result.stdout)


def _placed(found: list[dict[str, Any]], rel: str) -> set[tuple[int, str]]:
    return {(f["line"], f["code"]) for f in found if f["path"] == rel}


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_one_lint_run_names_every_slip_at_its_line(
    cli: Cli, corpus: tuple[Path, dict[str, dict[str, int]]], lang: str
) -> None:
    repo, where = corpus
    result = cli(["lint", "plans/corpus", *TODAY, "--lang", lang, "-f", "json"], cwd=repo)
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["findings"]
    codes = {name: code for name, *_rest, code in SLIPS}
    missing = {
        (rel, name, lines[name], codes[name])
        for rel, lines in where.items()
        for name in lines
        if (lines[name], codes[name]) not in _placed(found, rel)
    }
    assert not missing, sorted(missing)
    words = " ".join(f["message"] + " " + (f.get("hint") or "") for f in found)
    assert not _english_of_libyaml(words), _english_of_libyaml(words)
    text = cli(["lint", "plans/corpus", *TODAY, "--lang", lang], cwd=repo)
    assert not _english_of_libyaml(text.output), _english_of_libyaml(text.output)


@pytest.mark.slow
def test_due_plans_and_stats_agree_with_lint(
    cli: Cli, corpus: tuple[Path, dict[str, dict[str, int]]]
) -> None:
    """Every plan of the corpus fails lint; due names each (as one it could not read or use), with
    lint's errors at the same lines, under the same plan id; plans and stats list each as
    unreadable; what due still shows as overdue is what lint shows as overdue."""
    repo, where = corpus
    lint = _json(cli, repo, "lint", "plans/corpus", "--lang", "en")["findings"]
    due = _json(cli, repo, "due", "--lang", "en")
    plans = _json(cli, repo, "plans", "--lang", "en")
    rows = {r["file"]: r for r in (plans["plans"] if isinstance(plans, dict) else plans)}
    stats = _json(cli, repo, "stats", "--lang", "en")
    left_out = json.dumps(stats, ensure_ascii=False)
    for rel in where:
        plan_id = Path(rel).stem
        # the errors that keep a plan from being read as one: the file's and the format's (a
        # content error, an unknown participant, leaves a plan that reads)
        errors = {
            (f["line"], f["code"])
            for f in lint
            if f["path"] == rel and f["severity"] == "error" and f["code"] < "IP2"
        }
        mine = [i for i in due["items"] if i["file"] == rel]
        assert {i["plan"] for i in mine} == {plan_id}, rel
        if not errors:  # quote marks around a name, an unknown participant: a plan that reads
            assert rel not in set(due["unusable"]) | set(due["unreadable"]), rel
            assert rows[rel]["status"] != "unreadable" and rows[rel]["id"] == plan_id, rows[rel]
            continue
        assert rel in set(due["unusable"]) | set(due["unreadable"]), rel
        problems = {(i["line"], i["code"]) for i in mine if i.get("problem")}
        assert problems == errors, (rel, sorted(problems ^ errors))
        overdue_due = {(i["line"], i["code"]) for i in mine if not i.get("problem") and i["overdue"]}
        overdue_lint = {
            (f["line"], f["code"]) for f in lint if f["path"] == rel and f["code"].startswith("IP3")
        }
        assert overdue_due <= overdue_lint, (rel, sorted(overdue_due - overdue_lint))
        assert rows[rel]["status"] == "unreadable" and rows[rel]["id"] == plan_id, rows[rel]
        assert rel in left_out, rel


@pytest.mark.slow  # one language server, 33 plans opened: several seconds on a shared machine
def test_the_language_server_agrees_and_keeps_its_picture(
    cli: Cli, corpus: tuple[Path, dict[str, dict[str, int]]]
) -> None:
    """In the editor each plan of the corpus shows lint's findings on the same lines, and keeps
    an outline and its deadline hints (read around the slip)."""
    repo, where = corpus
    lint = _json(cli, repo, "lint", "plans/corpus", "--lang", "en")["findings"]

    async def main() -> None:
        s = Session(repo, PINNED_TODAY)
        await s.start()
        try:
            for rel in where:
                path = repo / rel
                text = path.read_text(encoding="utf-8")
                found = await s.open(path, text)
                shown = {(d.range.start.line + 1, d.code) for d in found}
                mine = {p for p in _placed(lint, rel) if p[1] != "IP202"}
                assert mine <= shown, (rel, sorted(mine - shown))
                doc = t.TextDocumentIdentifier(uri_of(path))
                symbols = await s.client.text_document_document_symbol_async(t.DocumentSymbolParams(doc))
                assert symbols, rel
                end = len(text.splitlines())
                hints = await s.client.text_document_inlay_hint_async(
                    t.InlayHintParams(doc, t.Range(t.Position(0, 0), t.Position(end, 0)))
                )
                assert hints, rel
                s.client.text_document_did_close(t.DidCloseTextDocumentParams(doc))
        finally:
            await s.stop()

    asyncio.run(main())
