"""`ipcli lsp` end to end: the real server process, driven over stdio by a real LSP client
(pygls's), on the example plans in a real git repository."""

from __future__ import annotations

import asyncio
import difflib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY
from lsp_session import Session, position_of, run, uri_of
from lsp_session import doc_id as _doc
from lsprotocol import types as t

P42 = Path("plans/nordvik/p-0042.yaml")
P107 = Path("plans/solbakken/p-0107.yaml")


def lint_json(repo: Path, plan: Path, lang: str = "en") -> list[dict[str, object]]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ipcli",
            "lint",
            str(plan),
            "-f",
            "json",
            "--today",
            PINNED_TODAY,
            "--lang",
            lang,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout)
    return data["findings"] if isinstance(data, dict) else data


@pytest.mark.slow
def test_open_gives_lints_findings_at_exact_ranges(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        found = await s.open(file)
        expected = lint_json(plans_repo, P42)
        assert [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in found] == [
            (f["code"], f["line"], f["col"]) for f in expected
        ]
        g2_line = position_of(text, "evaluate_every: 6 months")[0]
        g2 = next(d for d in found if d.code == "IP306" and d.range.start.line == g2_line)
        line = text.splitlines()[g2.range.start.line]
        # the range is the value itself (here `evaluate_every: 6 months`), not the rest of the line
        assert line[g2.range.start.character : g2.range.end.character] == line.split(": ", 1)[1].strip()
        assert g2.range.end.character > g2.range.start.character
        assert g2.severity == t.DiagnosticSeverity.Information and g2.source == "ipcli"

    run(plans_repo, scenario)


@pytest.mark.slow
def test_a_change_is_checked_and_a_fix_clears_it(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    broken = text.replace("responsible: per", "responsible: pre", 1)
    assert broken != text

    async def scenario(s: Session) -> None:
        before = await s.open(file)
        found = await s.change(file, broken)
        bad = [d for d in found if d.code == "IP203"]
        assert len(bad) == 1
        line, col = position_of(broken, "responsible: pre", len("responsible: "))
        assert (bad[0].range.start.line, bad[0].range.start.character) == (line, col)
        assert (bad[0].range.end.line, bad[0].range.end.character) == (line, col + 3)
        # in the plan's language (bokmål); the hint lists the ids
        assert "«pre» er ikke en deltaker" in bad[0].message and "per" in bad[0].message
        fixed = await s.change(file, text)
        assert [d.code for d in fixed] == [d.code for d in before]
        assert not [d for d in fixed if d.code == "IP203"]

    run(plans_repo, scenario)


@pytest.mark.slow
def test_hover_explains_dates_participants_and_rule_codes(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    with_ignore = text.replace("due: 2026-11-01", "due: 2026-11-01  # ip: ignore[IP305] ny dato avtalt", 1)

    async def scenario(s: Session) -> None:
        await s.open(file)
        due = await s.hover(file, *position_of(text, "due: 2026-11-01", 6))
        # in the plan's language (bokmål), like lint's deadline findings
        assert due is not None and "Hjemmetjenesten gir Ola" in due and "22 dager over fristen" in due
        plain = await s.hover(file, *position_of(text, "referred: 2025-01-06", 11))
        assert plain is not None and "6. januar 2025" in plain and "for 686 dager siden" in plain
        consent = await s.hover(file, *position_of(text, "valid_until: 2026-12-15", 14))
        assert consent is not None and "forny samtykket" in consent and "om 22 dager" in consent
        who = await s.hover(file, *position_of(text, "responsible: per", 14))
        assert who is not None and "Per Olsen" in who and "fysioterapeut" in who
        assert "Samtykke c2" in who and "gjelder til 15. desember 2026 (om 22 dager)" in who
        me = await s.hover(file, *position_of(text, "coordinator: kari", 13))
        assert me is not None and "Kari Hansen" in me
        await s.change(file, with_ignore)
        code = await s.hover(file, *position_of(with_ignore, "IP305]", 2))
        assert code is not None and "IP305" in code and "ipcli rules IP305" in code
        # a key is explained from the schema (issue 31 item 6); in bokmål, by its name only
        key = await s.hover(file, *position_of(text, "schema: ipcli", 2))
        assert key is not None and key.startswith("**schema**") and "format" not in key

    run(plans_repo, scenario)


@pytest.mark.slow  # a language server and many requests: about 2 s of CPU
def test_completion_offers_what_fits_the_place(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def labels(
        s: Session, new_text: str, needle: str, offset: int | None = None
    ) -> dict[str, str | None]:
        await s.change(file, new_text)
        assert new_text.count(needle) == 1, needle
        line, col = position_of(new_text, needle, len(needle) if offset is None else offset)
        result = await s.client.text_document_completion_async(
            t.CompletionParams(_doc(file), t.Position(line, col))
        )
        assert isinstance(result, t.CompletionList)
        return {i.label: i.detail for i in result.items}

    async def scenario(s: Session) -> None:
        await s.open(file)
        people = await labels(
            s,
            text.replace("responsible: per\n", "responsible: \n", 1),
            "responsible: \n",
            len("responsible: "),
        )
        assert set(people) == {"ola", "kari", "per", "lise", "nav", "randi", "hjemmetj"}
        assert people["per"] == "Per Olsen (fagperson)"  # the role in the plan's language
        flow = await labels(s, text.replace("by: [kari, ola, per]", "by: [kari, ", 1), "by: [kari, \n", 11)
        assert "per" in flow
        themes = await labels(s, text.replace("  - theme: health", "  - theme: ", 1), "- theme: \n", 9)
        assert themes.get("health") == "Helse"  # the no-ip profile's label, in the plan's language
        status = await labels(s, text.replace("status: done", "status: ", 1), "status: \n", 8)
        assert set(status) == {"planned", "ongoing", "done", "cancelled"}  # a measure's, not a goal's
        assert status["done"] == "gjennomført"  # the catalogue's word, in the plan's language
        goal_status = await labels(
            s, text.replace("status: active\n        method", "status: \n        method", 1), "status: \n", 8
        )
        assert "achieved" in goal_status
        new_id = await labels(s, text.replace("      - id: g2", "      - id: ", 1), "      - id: \n", 12)
        assert list(new_id) == ["g2"]
        day = await labels(s, text.replace("due: 2026-11-01", "due: ", 1), "due: \n", 5)
        assert list(day)[:2] == ["2026-11-23", "2026-12-23"]

    run(plans_repo, scenario)


@pytest.mark.slow
def test_definition_and_references_of_a_participant(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(file)
        line, col = position_of(text, "responsible: per", 14)
        where = await s.client.text_document_definition_async(
            t.DefinitionParams(_doc(file), t.Position(line, col))
        )
        assert isinstance(where, t.Location)
        assert (where.range.start.line, where.range.start.character) == position_of(text, "- id: per", 6)
        refs = await s.client.text_document_references_async(
            t.ReferenceParams(
                text_document=_doc(file),
                position=t.Position(line, col),
                context=t.ReferenceContext(include_declaration=True),
            )
        )
        assert refs is not None
        lines = sorted(r.range.start.line + 1 for r in refs)
        expected = sorted(
            i + 1
            for i, ln in enumerate(text.splitlines())
            if ln.strip() in ("- id: per", "responsible: per")
            or ("[" in ln and "per" in [w.strip(" []") for w in ln.split(":", 1)[-1].split(",")])
        )
        assert lines == expected

    run(plans_repo, scenario)


@pytest.mark.slow
def test_document_symbols_outline_the_plan(plans_repo: Path) -> None:
    file = plans_repo / P42

    async def scenario(s: Session) -> None:
        await s.open(file)
        result = await s.client.text_document_document_symbol_async(t.DocumentSymbolParams(_doc(file)))
        assert result is not None
        names = [x.name for x in result if isinstance(x, t.DocumentSymbol)]
        assert names[:4] == ["participants", "consents", "daily_living", "health"]
        daily = next(x for x in result if isinstance(x, t.DocumentSymbol) and x.name == "daily_living")
        assert daily.children is not None and daily.children[0].name == "g1"
        assert [m.name for m in daily.children[0].children or []] == ["m1", "m2"]

    run(plans_repo, scenario)


@pytest.mark.slow
def test_code_actions_fix_a_typo_and_add_an_ignore_comment(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    typo = text.replace(
        "    organisation: Nordvik logopedtjeneste", "    organsation: Nordvik logopedtjeneste", 1
    )

    async def actions(s: Session, diagnostic: t.Diagnostic) -> list[t.CodeAction]:
        result = await s.client.text_document_code_action_async(
            t.CodeActionParams(_doc(file), diagnostic.range, t.CodeActionContext([diagnostic]))
        )
        return [a for a in result or [] if isinstance(a, t.CodeAction)]

    def apply(source: str, action: t.CodeAction) -> str:
        assert action.edit is not None and action.edit.changes is not None
        lines = source.split("\n")
        for edit in sorted(action.edit.changes[uri_of(file)], key=lambda e: e.range.start.line, reverse=True):
            r = edit.range
            assert r.start.line == r.end.line
            ln = lines[r.start.line]
            lines[r.start.line] = ln[: r.start.character] + edit.new_text + ln[r.end.character :]
        return "\n".join(lines)

    async def scenario(s: Session) -> None:
        await s.open(file)
        found = await s.change(file, typo)
        unknown = next(d for d in found if d.code == "IP101")
        fix = next(a for a in await actions(s, unknown) if a.title.startswith("Endre til"))
        fixed = apply(typo, fix)
        assert fixed == text
        assert not [d for d in await s.change(file, fixed) if d.code == "IP101"]
        overdue = next(d for d in await s.change(file, text) if d.code == "IP305")
        ignore = next(a for a in await actions(s, overdue) if a.title.startswith("Overse IP305"))
        commented = apply(text, ignore)
        after = await s.change(file, commented)
        # without a reason the comment silences nothing, and lint says so
        assert {d.code for d in after} >= {"IP305", "IP603"}
        reasoned = commented.replace("ignore[IP305] ", "ignore[IP305] ny dato avtalt")
        assert not {d.code for d in await s.change(file, reasoned)} & {"IP305", "IP603"}

    run(plans_repo, scenario)


@pytest.mark.slow
def test_inlay_hints_after_deadline_dates(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(file)
        end = len(text.splitlines())
        hints = await s.client.text_document_inlay_hint_async(
            t.InlayHintParams(_doc(file), t.Range(t.Position(0, 0), t.Position(end, 0)))
        )
        assert hints is not None
        by_line = {h.position.line: h.label for h in hints}
        assert by_line[position_of(text, "due: 2026-11-01")[0]] == " 22 dager over fristen"
        assert by_line[position_of(text, "valid_until: 2026-12-15")[0]] == " om 22 dager"
        assert by_line[position_of(text, "next_revision: 2026-12-10")[0]] == " om 17 dager"

    run(plans_repo, scenario)


@pytest.mark.slow
def test_a_second_plan_with_the_same_id_on_disk(plans_repo: Path) -> None:
    file = plans_repo / P42
    copy = plans_repo / "plans" / "aust" / "p-0042.yaml"

    async def scenario(s: Session) -> None:
        before = await s.open(file)
        assert not [d for d in before if d.code == "IP202"]
        copy.parent.mkdir()
        copy.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
        found = await s.disk_changed(copy, t.FileChangeType.Created, wait_for=file)
        dup = [d for d in found if d.code == "IP202"]
        assert len(dup) == 1 and "plans/aust/p-0042.yaml" in dup[0].message
        copy.unlink()
        after = await s.disk_changed(copy, t.FileChangeType.Deleted, wait_for=file)
        assert not {d.code for d in after} & {"IP202", "IP205"}

    run(plans_repo, scenario)


@pytest.mark.slow
def test_cross_plan_findings_between_open_plans(plans_repo: Path) -> None:
    other, edited = plans_repo / P107, plans_repo / P42
    text = edited.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(other)
        await s.open(edited)
        # p-0042 takes p-0107's id in the editor, unsaved: like lint, the later file by path
        # (plans/solbakken/p-0107.yaml) is told, and it is told at once
        await s.change(edited, text.replace("id: p-0042", "id: p-0107", 1))
        told = await s.until(uri_of(other), lambda found: any(d.code == "IP202" for d in found))
        assert [d.message.split("\n")[0] for d in told if d.code == "IP202"] == [
            "plan-id'et »p-0107« bruges også af plans/nordvik/p-0042.yaml"  # p-0107 is in Danish
        ]
        await s.change(edited, text)
        await s.until(uri_of(other), lambda found: not any(d.code == "IP202" for d in found))

    run(plans_repo, scenario)


@pytest.mark.slow
def test_init_lists_the_server_capabilities(plans_repo: Path) -> None:
    session = Session(plans_repo, PINNED_TODAY)

    async def main() -> t.InitializeResult:
        result = await session.start()
        await session.stop()
        return result

    caps = asyncio.run(main()).capabilities
    assert caps.hover_provider and caps.definition_provider and caps.references_provider
    assert caps.document_symbol_provider and caps.code_action_provider and caps.inlay_hint_provider
    assert caps.completion_provider is not None
    assert any(r.method == t.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in session.registrations)


@pytest.mark.slow
def test_today_from_initialization_options(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def main() -> str | None:
        session = Session(plans_repo, None, {"today": "2026-10-30"})
        await session.start()
        await session.open(file)
        words = await session.hover(file, *position_of(text, "due: 2026-11-01", 6))
        await session.stop()
        return words

    words = asyncio.run(main())
    assert words is not None and "om 2 dager" in words


# A measure on one line (flow style) with a participant id nobody has (IP203) after four
# characters outside the Basic Multilingual Plane (two in UTF-16 each, four in UTF-8) and an e
# with a combining accent (two code points): every unit a client may count in differs here.
_WIDE_MEASURE = (
    '          - {id: m1, text: "Øve 🙂🙂 med 𝔸𝔸 og e\u0301n ting", how: hjemme, responsible: pre,'
    " start: 2025-02-01, due: 2026-06-01, status: done}"
)


def _units(text: str, encoding: str) -> int:
    """The length of a text in the client's units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


async def _ip203_after(
    s: Session, file: Path, line: int, start: int, end: int, text: str
) -> list[t.Diagnostic]:
    """The IP203 findings after an edit of one line between these columns (client's units)."""
    uri = uri_of(file)
    before = s.count[uri]
    s.versions[uri] += 1
    place = t.Range(t.Position(line, start), t.Position(line, end))
    s.client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(s.versions[uri], uri),
            [t.TextDocumentContentChangePartial(range=place, text=text)],
        )
    )
    return [d for d in await s.published_for(uri, before) if d.code == "IP203"]


@pytest.mark.slow
@pytest.mark.parametrize("offered", [None, ["utf-8", "utf-16"], ["utf-32"]])
def test_positions_count_in_the_encoding_agreed_with_the_client(
    plans_repo: Path, offered: list[str] | None
) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip() == "- id: m1")
    assert lines[first + 6].strip() == "status: done"  # the whole measure m1, replaced by one line
    wide = "".join([*lines[:first], _WIDE_MEASURE + "\n", *lines[first + 7 :]])
    line = first
    before = _WIDE_MEASURE[: _WIDE_MEASURE.index("responsible: pre") + len("responsible: ")]
    encoding = offered[0] if offered else "utf-16"
    col = _units(before, encoding)
    assert len({_units(before, e) for e in ("utf-8", "utf-16", "utf-32")}) == 3  # all differ here

    async def scenario(s: Session) -> None:
        found = await s.open(file, wide)
        bad = [d for d in found if d.code == "IP203"]
        assert len(bad) == 1
        assert (bad[0].range.start.line, bad[0].range.start.character) == (line, col)
        assert (bad[0].range.end.line, bad[0].range.end.character) == (line, col + 3)
        # the cursor on the last letter of `pre`, in the client's units
        words = await s.hover(file, line, col + 2)
        assert words is not None and "`pre` er ikke deltaker i denne planen" in words
        # edits at the client's units (ipcli.lsp.codec): `pre` to `per` on the wide line, the
        # finding goes; `x` after it, and it is back at the same place, one unit longer
        assert not await _ip203_after(s, file, line, col, col + 3, "per")
        (again,) = await _ip203_after(s, file, line, col + 3, col + 3, "x")
        assert (again.range.start.character, again.range.end.character) == (col, col + 4)
        # and on a line of ASCII, where every encoding counts alike
        other, at = position_of(wide, "responsible: per", len("responsible: "))
        assert wide.splitlines()[other].isascii()
        found = await _ip203_after(s, file, other, at + 1, at + 3, "re")
        assert [(d.range.start.line, d.range.start.character) for d in found] == [(line, col), (other, at)]

    session = Session(plans_repo, PINNED_TODAY, encodings=offered)

    async def main() -> t.InitializeResult:
        result = await session.start()
        try:
            await scenario(session)
        finally:
            await session.stop()
        return result

    assert asyncio.run(main()).capabilities.position_encoding == encoding


@pytest.mark.slow
def test_init_sets_up_vs_code_for_the_server(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipcli", "init", str(tmp_path / "repo")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    settings = json.loads((tmp_path / "repo" / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["ipcli.command"] == ["ipcli", "lsp"]
    assert settings["yaml.validate"] is False  # the schema problems come once, from ipcli
    assert "./schemas/plan.schema.json" in settings["yaml.schemas"]


@pytest.mark.slow
def test_hostile_plans_never_stop_the_server(plans_repo: Path) -> None:
    from hostile.corpus import CASES

    target = plans_repo / "plans" / "p-0113.yaml"
    file = plans_repo / P42

    async def ask_everything(s: Session, text: str) -> None:
        doc = _doc(target)
        lines = text.split("\n")
        end = t.Position(len(lines) - 1, 0)
        whole = t.Range(t.Position(0, 0), end)
        middle = t.Position(len(lines) // 2, 2)
        for request in (
            s.client.text_document_hover_async(t.HoverParams(doc, middle)),
            s.client.text_document_completion_async(t.CompletionParams(doc, end)),
            s.client.text_document_completion_async(t.CompletionParams(doc, middle)),
            s.client.text_document_document_symbol_async(t.DocumentSymbolParams(doc)),
            s.client.text_document_inlay_hint_async(t.InlayHintParams(doc, whole)),
            s.client.text_document_code_action_async(t.CodeActionParams(doc, whole, t.CodeActionContext([]))),
            s.client.text_document_definition_async(t.DefinitionParams(doc, middle)),
        ):
            await asyncio.wait_for(request, 60)

    async def scenario(s: Session) -> None:
        for i, case in enumerate(CASES):
            text = case.make().decode("utf-8", "replace")
            found = await (s.change(target, text) if i else s.open(target, text))
            if case.outcome != 0:
                assert found, case.name  # it reads as a problem, in the editor as in lint
            await ask_everything(s, text)
        assert not [m for m in s.logs if "internal error" in m], s.logs
        assert [d for d in await s.open(file) if d.code == "IP305"]  # still answering

    run(plans_repo, scenario)


def _apply(source: str, edits: list[t.TextEdit]) -> str:
    """Apply text edits (positions in code points: these plans' lines are within the BMP)."""
    lines = source.split("\n")
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    out = source
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        a = offsets[e.range.start.line] + e.range.start.character
        b = offsets[e.range.end.line] + e.range.end.character
        out = out[:a] + e.new_text + out[b:]
    return out


@pytest.mark.slow
def test_code_actions_record_an_evaluation_and_add_a_measure(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        found = await s.open(file)
        line, _ = position_of(text, "Holde på gangfunksjonen")
        g2_line = position_of(text, "evaluate_every: 6 months")[0]
        assert [d for d in found if d.code == "IP306" and d.range.start.line == g2_line]
        result = await s.client.text_document_code_action_async(
            t.CodeActionParams(
                _doc(file), t.Range(t.Position(line, 0), t.Position(line, 0)), t.CodeActionContext([])
            )
        )
        offered = {a.title: a for a in result or [] if isinstance(a, t.CodeAction)}
        record = offered["Før inn en evaluering av g2 (i dag; fyll ut resten)"]
        assert record.edit is not None and record.edit.changes is not None
        recorded = _apply(text, record.edit.changes[uri_of(file)])
        assert "date: 2026-11-23" in recorded and "achievement: in-progress" in recorded
        # only lines were added: every line of the plan is still there, unchanged
        ops = difflib.SequenceMatcher(None, text.splitlines(), recorded.splitlines()).get_opcodes()
        assert {op for op, *_ in ops} == {"equal", "insert"}
        after = await s.change(file, recorded)
        moved = recorded.count("\n", 0, recorded.index("evaluate_every: 6 months"))
        assert not [d for d in after if d.code == "IP306" and d.range.start.line == moved]  # evaluated today
        assert not [d for d in after if d.severity == t.DiagnosticSeverity.Error]
        measure = offered["Legg til et tiltak under g2 (fyll ut resten)"]
        assert measure.edit is not None and measure.edit.changes is not None
        with_measure = _apply(text, measure.edit.changes[uri_of(file)])
        assert "id: m" in with_measure and "Beskriv tiltaket" in with_measure  # the plan's language
        after = await s.change(file, with_measure)
        assert not [d for d in after if d.severity == t.DiagnosticSeverity.Error]

    run(plans_repo, scenario)


@pytest.mark.slow  # a language server and lint's real process: about 1.5 s of CPU
def test_a_record_dated_in_the_future_is_flagged_as_lint_does(plans_repo: Path) -> None:
    """IP312 (an evaluation dated 2107) reaches the editor as it reaches `ipcli lint`."""
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    future = text.replace("  - date: 2026-", "  - date: 2107-", 1)
    assert future != text

    async def scenario(s: Session) -> None:
        await s.open(file)
        found = [d for d in await s.change(file, future) if d.code == "IP312"]
        file.write_text(future, encoding="utf-8")
        expected = [f for f in lint_json(plans_repo, P42, lang="nb") if f["code"] == "IP312"]
        assert expected and [(d.range.start.line + 1, d.message.split("\n")[0]) for d in found] == [
            (f["line"], f["message"]) for f in expected
        ]

    run(plans_repo, scenario)
