"""The language server speaks the plan's language (issue 28): a real `ipcli lsp` session, driven by
pytest-lsp's client, hovers over every value of a bokmål, a nynorsk and a Danish plan, asks for
completions where a plan takes a date, a participant, an id or a fixed word, asks for the code
actions of every finding and goal, the inlay hints and the outline, and finds no English word
and no word the glossary forbids in what it says to people."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import lsp_forks
import pytest
import pytest_lsp
from conftest import PINNED_TODAY
from lsp_session import uri_of
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient
from test_glossary import forbidden

# English that shows when a message skipped the catalogue (words none of nb, nn, da use: not
# "revision", "end" or "to", which are Danish words too)
ENGLISH = re.compile(
    r"\b(the|is|not|in|days?|ago|today|valid|until|consents?|participants?|change|ignore|record|add|"
    r"measure|evaluation|complete|next|free|months?|withdrawn|why|none|yet|rules?|error|warning|"
    r"source|meeting|life|area|theme|reason|required|silences|line|no|date|with|of)\b",
    re.IGNORECASE,
)
# what is not prose: code in backticks (`ipcli rules IP305`, `# ip: ignore[KODE] grunn`), a key
# quoted as written («participants», Danish »participants«)
CODE = re.compile(r"`[^`]*`|«[^»\n]*»|»[^«\n]*«")

PLANS = {
    "nb": Path("plans/nordvik/p-0042.yaml"),
    "nn": Path("plans/nordvik/p-0042.yaml"),  # the bokmål plan, marked nynorsk
    "da": Path("plans/solbakken/p-0107.yaml"),
}
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_]\w*:\s+)(\S)")


class _Forked(ClientServerConfig):
    """The server forked from the worker's fork server (lsp_forks), started when a test needs it."""

    def get_server_command(self, devtools: str | None = None) -> list[str]:
        return lsp_forks.command(*self.server_command)


@pytest_lsp.fixture(config=_Forked(server_command=["lsp", "--today", PINNED_TODAY]))
async def client(lsp_client: LanguageClient, plans_repo: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        t.InitializeParams(
            capabilities=t.ClientCapabilities(
                text_document=t.TextDocumentClientCapabilities(
                    hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown]),
                    completion=t.CompletionClientCapabilities(
                        completion_item=t.ClientCompletionItemOptions(
                            documentation_format=[t.MarkupKind.Markdown]
                        )
                    ),
                    code_action=t.CodeActionClientCapabilities(
                        code_action_literal_support=t.ClientCodeActionLiteralOptions(
                            t.ClientCodeActionKindOptions(
                                [t.CodeActionKind.QuickFix, t.CodeActionKind.RefactorRewrite]
                            )
                        )
                    ),
                    inlay_hint=t.InlayHintClientCapabilities(),
                    document_symbol=t.DocumentSymbolClientCapabilities(
                        hierarchical_document_symbol_support=True
                    ),
                    publish_diagnostics=t.PublishDiagnosticsClientCapabilities(),
                )
            ),
            root_uri=uri_of(plans_repo),
            workspace_folders=[t.WorkspaceFolder(uri_of(plans_repo), plans_repo.name)],
        )
    )
    yield
    await lsp_client.shutdown_session()


def _edited(text: str, lang: str) -> str:
    """The plan with what makes the server say more: a key misspelt (a fix to offer), a
    participant who is not in the plan, an ignore comment with an unknown code and one with none."""
    text = re.sub(r"^language: \w+$", f"language: {lang}", text, count=1, flags=re.MULTILINE)
    text = text.replace("\n    organisation: ", "\n    organsation: ", 1)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if re.match(r"\s+responsible: \w", line))
    lines[at] = re.sub(r"responsible: \S+", "responsible: nobody", lines[at])
    at = next(i for i, line in enumerate(lines) if line.startswith("id: "))
    lines[at] += "  # ip: ignore[IP999] x"
    lines.insert(at + 1, "# ip: ignore[] x")
    return "\n".join(lines)


async def _said(client: LanguageClient, plans_repo: Path, lang: str) -> list[str]:
    """Everything the server writes for people about the plan, from every feature."""
    file = plans_repo / PLANS[lang]
    text = _edited(file.read_text(encoding="utf-8"), lang)
    uri = uri_of(file)
    doc = t.TextDocumentIdentifier(uri)
    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, "yaml", 1, text)))
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    lines = text.split("\n")
    said: list[str] = [d.message for d in client.diagnostics.get(uri, [])]
    assert said, "the edited plan has findings"

    for row, line in enumerate(lines):  # a hover on every value, and on every ignore comment
        places = [m.start(2) for m in [_KEY_VALUE.match(line)] if m]
        places += [m.start(1) for m in re.finditer(r"ignore\[(\w*)", line)]
        for col in places:
            hover = await client.text_document_hover_async(t.HoverParams(doc, t.Position(row, col)))
            if hover is not None:
                assert isinstance(hover.contents, t.MarkupContent)
                said.append(hover.contents.value)

    for key in ("status", "due", "responsible", "role", "kind", "achievement", "theme", "- id"):
        for row, line in enumerate(lines):  # a completion after the first of each key (a goal's id)
            m = re.match(rf"^(\s*(?:-\s+)?{key}:\s)" if key != "- id" else r"^(\s+- id: )g", line)
            if m is None:
                continue
            items = await client.text_document_completion_async(
                t.CompletionParams(doc, t.Position(row, len(m.group(1))))
            )
            entries = items.items if isinstance(items, t.CompletionList) else items or []
            said += [i.detail or "" for i in entries]
            said += [i.documentation.value for i in entries if isinstance(i.documentation, t.MarkupContent)]
            break

    for row in range(len(lines)):  # every finding's fixes, and every goal's templates
        diagnostics = [d for d in client.diagnostics.get(uri, []) if d.range.start.line == row]
        if not diagnostics and not re.match(r"\s+- id: g\d", lines[row]):
            continue
        actions = await client.text_document_code_action_async(
            t.CodeActionParams(
                doc, t.Range(t.Position(row, 0), t.Position(row, 0)), t.CodeActionContext(diagnostics)
            )
        )
        said += [a.title for a in actions or []]

    hints = await client.text_document_inlay_hint_async(
        t.InlayHintParams(doc, t.Range(t.Position(0, 0), t.Position(len(lines), 0)))
    )
    said += [h.label for h in hints or [] if isinstance(h.label, str)]
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(doc))

    def details(found: list[t.DocumentSymbol]) -> list[str]:
        return [d for s in found for d in [s.detail or "", *details(s.children or [])]]

    said += details([s for s in symbols or [] if isinstance(s, t.DocumentSymbol)])
    return said


def english(texts: list[str]) -> list[tuple[str, str]]:
    return [(m.group(0), text) for text in texts for m in ENGLISH.finditer(CODE.sub(" ", text))]


@pytest.mark.slow  # a server of its own per language, and some 400 requests: 8-12 s on a busy machine
@pytest.mark.asyncio
@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
async def test_the_server_says_nothing_in_english(
    client: LanguageClient, plans_repo: Path, lang: str
) -> None:
    said = await _said(client, plans_repo, lang)
    # every kind of answer was there to be checked
    joined = "\n".join(said)
    words = {
        "nb": ["dager siden", "Endre til", "Overse IP", "Før inn en evaluering", "ikke deltaker", "KODE",
               "ingen regel", "om 3 måneder", "neste ledige"],
        "nn": ["dagar sidan", "Endre til", "Oversjå IP", "Før inn ei evaluering", "ikkje deltakar", "KODE",
               "ingen regel", "om 3 månader", "neste ledige"],
        "da": ["dage siden", "Ret til", "Se bort fra IP", "Registrér en evaluering", "ikke deltager", "KODE",
               "ingen regel", "om 3 måneder", "næste ledige"],
    }[lang]  # fmt: skip
    assert [w for w in words if w not in joined] == []
    found = english(said)
    assert found == [], "\n".join(f"{word}: {text}" for word, text in found)
    bad = [(p.pattern, text) for text in said for p, _use in forbidden()[lang] if p.search(text)]
    assert bad == []


def test_the_check_finds_english() -> None:
    assert english(["Record an evaluation of g2 (today; complete it)"])
    assert english(["6. januar 2025: 686 days ago"])
    assert not english(["Før inn en evaluering av g2 (i dag; fyll ut resten)", "`ipcli rules IP305`"])
