"""What the plan editor does beyond a YAML server (issue 31 item 6), through the real server:
folding, the person's own words as semantic tokens, document links, rename, plans found across
the repository, code lenses on overdue evaluations that record one, and keys from the schema."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsp_session import Session, position_of, run, uri_of
from lsp_session import doc_id as _doc
from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from test_lsp import _apply as apply  # one way to apply a client's edits in the tests

P42 = Path("plans/nordvik/p-0042.yaml")


@pytest.mark.slow
def test_folding_by_theme_goal_and_list(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(file)
        ranges = await s.client.text_document_folding_range_async(t.FoldingRangeParams(_doc(file)))
        assert ranges
        starts = {r.start_line for r in ranges}
        assert position_of(text, "participants:", 0)[0] in starts
        assert position_of(text, "themes:", 0)[0] in starts
        assert position_of(text, "  - id: per", 0)[0] in starts  # one participant
        assert all(r.end_line > r.start_line for r in ranges)

    run(plans_repo, scenario)


@pytest.mark.slow
def test_semantic_tokens_set_the_persons_words_apart(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(file)
        got = await s.client.text_document_semantic_tokens_full_async(t.SemanticTokensParams(_doc(file)))
        assert got is not None and got.data
        line = col = 0
        found: dict[int, int] = {}
        for i in range(0, len(got.data), 5):
            dl, dc, _length, kind, _mods = got.data[i : i + 5]
            line += dl
            col = col + dc if dl == 0 else dc
            found[line] = kind
        citizen = position_of(text, "citizen: Jeg vil klare morgenen", 0)[0]
        assert found.get(citizen) == 0  # "citizen", the first type in the legend
        assert any(kind == 1 for kind in found.values())  # staff's words too, apart

    run(plans_repo, scenario)


@pytest.mark.slow
def test_document_links_to_the_archive_and_other_plans(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    text = text.replace(
        "document: Arkiv 2025/0123-1", "document: https://arkiv.example.org/sak/2025-0123-1", 1
    )
    file.write_text(text, encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(file)
        got = await s.client.text_document_document_link_async(t.DocumentLinkParams(_doc(file)))
        targets = [link.target for link in got or []]
        assert "https://arkiv.example.org/sak/2025-0123-1" in targets

    run(plans_repo, scenario)


@pytest.mark.slow
def test_rename_a_participant_everywhere_and_refuse_a_bad_name(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    uses = text.count("responsible: per") + text.count("- id: per")

    async def scenario(s: Session) -> None:
        await s.open(file)
        line, col = position_of(text, "- id: per", 6)
        ready = await s.client.text_document_prepare_rename_async(
            t.PrepareRenameParams(_doc(file), t.Position(line, col))
        )
        assert ready is not None
        edit = await s.client.text_document_rename_async(
            t.RenameParams(_doc(file), t.Position(line, col), "per.olsen")
        )
        assert edit is not None and edit.changes is not None
        edits = edit.changes[uri_of(file)]
        assert len(edits) >= uses
        renamed = apply(text, edits)
        assert "- id: per.olsen" in renamed and "responsible: per\n" not in renamed
        diagnostics = await s.change(file, renamed)
        assert not [d for d in diagnostics if d.severity == t.DiagnosticSeverity.Error], diagnostics
        for bad in ("Per Olsen", "kari"):  # not an id; taken by another participant
            with pytest.raises(JsonRpcException):
                await s.client.text_document_rename_async(
                    t.RenameParams(_doc(file), t.Position(line, col + 1), bad)
                )

    run(plans_repo, scenario)


@pytest.mark.slow
def test_rename_a_goal_id(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")

    async def scenario(s: Session) -> None:
        await s.open(file)
        line, col = position_of(text, "- id: g1", 6)
        edit = await s.client.text_document_rename_async(
            t.RenameParams(_doc(file), t.Position(line, col), "g1.morgen")
        )
        assert edit is not None and edit.changes is not None
        assert "- id: g1.morgen" in apply(text, edit.changes[uri_of(file)])

    run(plans_repo, scenario)


@pytest.mark.slow
def test_workspace_symbols_find_a_plan_by_name_or_id(plans_repo: Path) -> None:
    async def scenario(s: Session) -> None:
        await s.open(plans_repo / P42)
        for query in ("ola nord", "p-0042", "OLA"):
            got = await s.client.workspace_symbol_async(t.WorkspaceSymbolParams(query=query))
            names = [x.name for x in got or []]
            assert "Ola Nordmann (p-0042)" in names, (query, names)
        none = await s.client.workspace_symbol_async(t.WorkspaceSymbolParams(query="zzz-nobody"))
        assert not none

    run(plans_repo, scenario)


@pytest.mark.slow
def test_code_lens_on_an_overdue_evaluation_records_one(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    later = "2028-03-01"  # every evaluation in the plan is overdue by then
    applied: list[t.WorkspaceEdit] = []

    async def scenario(s: Session) -> None:
        @s.client.feature(t.WORKSPACE_APPLY_EDIT)
        def _apply(params: t.ApplyWorkspaceEditParams) -> t.ApplyWorkspaceEditResult:
            applied.append(params.edit)
            return t.ApplyWorkspaceEditResult(applied=True)

        await s.open(file)
        lenses = await s.client.text_document_code_lens_async(t.CodeLensParams(_doc(file)))
        assert lenses
        lines = [lens.range.start.line for lens in lenses]
        assert lines == sorted(lines)  # top to bottom
        first = lenses[0]
        assert first.command is not None and first.command.arguments
        goal = first.command.arguments[1]
        assert first.command.title.endswith(f"— registrer en evaluering av {goal}"), first.command.title
        assert "dager over fristen" in first.command.title
        await s.client.workspace_execute_command_async(
            t.ExecuteCommandParams(first.command.command, first.command.arguments)
        )
        for _ in range(200):
            if applied:
                break
            await asyncio.sleep(0.02)
        assert applied and applied[0].changes is not None
        new = applied[0].changes[uri_of(file)][0].new_text
        assert f"date: {later}" in new and new != text

    run(plans_repo, scenario, today=later)


@pytest.mark.slow
def test_keys_completed_and_explained_from_the_schema(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    at = text.index("  - id: lise")
    typed = text[:at] + "    pho\n" + text[at:]  # a new key in Per's entry

    async def scenario(s: Session) -> None:
        await s.open(file, typed)
        line, col = position_of(typed, "    pho\n", 7)
        got = await s.client.text_document_completion_async(
            t.CompletionParams(_doc(file), t.Position(line, col))
        )
        labels = [i.label for i in (got.items if isinstance(got, t.CompletionList) else got or [])]
        assert "phone" in labels and "from" in labels
        assert "name" not in labels and "role" not in labels  # already in Per's entry
        await s.change(file, text)  # a key half typed is a syntax slip: hover on the plan as it reads
        hline, hcol = position_of(text, "coordinator: kari", 2)
        hover = await s.client.text_document_hover_async(t.HoverParams(_doc(file), t.Position(hline, hcol)))
        assert hover is not None
        value = hover.contents.value if isinstance(hover.contents, t.MarkupContent) else str(hover.contents)
        assert "**coordinator** — Koordinator" in value, value

    run(plans_repo, scenario)
