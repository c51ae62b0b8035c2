"""The language server: pygls wiring around the open plans and the repository indexes.

Every handler is guarded: a plan that breaks a feature is logged to the editor, and the server
keeps answering. Today is the fixed date the server was started with (`--today`, IP_TODAY, or
the client's `initializationOptions.today`), else the real date at each request.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import PositionCodec

from ipcli import __version__
from ipcli.lsp import actions, complete, features
from ipcli.lsp.document import OpenPlan, analyse, finish
from ipcli.lsp.index import RepoIndex

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class PlanServer(LanguageServer):
    def __init__(self, today: dt.date | None = None, lang: str | None = None) -> None:
        super().__init__("ipcli", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.fixed_today = today
        self.lang = lang  # the language of catalogue words; None: each plan's own
        self.indexes: dict[Path, RepoIndex] = {}
        self.docs: dict[str, OpenPlan] = {}

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def codec(self) -> PositionCodec:
        """pygls's converter for the position encoding it agreed on with the client."""
        return self.workspace.position_codec

    def index_for(self, file: Path) -> RepoIndex:
        from ipcli.store.repo import find_root

        root = find_root(file.parent) or file.parent
        index = self.indexes.get(root)
        if index is None:
            index = self.indexes[root] = RepoIndex(_open_repo(self, root))
            try:
                index.build()
            except Exception:  # a repository git cannot list: the plan is still checked alone
                self.warn("ipcli could not read the other plans of this repository", traceback.format_exc())
        return index

    def warn(self, message: str, detail: str = "") -> None:
        log.warning("%s\n%s", message, detail)
        self.window_log_message(
            t.LogMessageParams(t.MessageType.Warning, f"ipcli: {message}\n{detail}".strip())
        )

    def check(self, uri: str, text: str) -> OpenPlan:
        """Analyse the editor's text, update the index, publish the diagnostics."""
        file = Path(to_fs_path(uri) or uri).absolute()
        index = self.index_for(file)
        rel = index.rel(file)
        doc = analyse(uri, file, rel, text, index.config)
        index.open.add(rel)
        index.put(rel, doc.result.facts)
        self.finish(doc, index)
        self.docs[uri] = doc
        self.publish(doc)
        return doc

    def finish(self, doc: OpenPlan, index: RepoIndex) -> None:
        """lint's findings for the plan, in its language (or --lang): the deadline messages are
        written in the language in use, as `ipcli lint` writes them."""
        from ipcli.language import i18n

        i18n.use(self.lang or doc.language)
        finish(doc, index.config, self.today(), index.across(doc.rel))

    def publish(self, doc: OpenPlan) -> None:
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=doc.uri, diagnostics=features.diagnostics(doc, self.codec()))
        )

    def recheck_related(self, index: RepoIndex, skip: str | None = None) -> None:
        """Other open plans of the repository: their checks across plans may have changed."""
        for uri, doc in list(self.docs.items()):
            if uri == skip or self.index_for(doc.file) is not index:
                continue
            self.finish(doc, index)
            self.publish(doc)

    def doc(self, uri: str) -> OpenPlan | None:
        doc = self.docs.get(uri)
        if doc is None:
            try:
                doc = self.check(uri, self.workspace.get_text_document(uri).source)
            except OSError:
                return None
        return doc


def _open_repo(server: PlanServer, root: Path) -> Any:
    from ipcli.config import Config
    from ipcli.errors import UserError
    from ipcli.store.repo import Repo, open_repo

    try:
        return open_repo(root, root)
    except UserError as e:  # a broken ipcli.toml: check plans with the defaults, and say so
        server.warn(f"{e} (plans are checked with the default settings)")
        return Repo(root, Config(), None)


def guarded(default: Any = None) -> Callable[[F], F]:
    """A feature that fails on some plan logs the error and answers `default`, never crashes."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(server: PlanServer, params: Any) -> Any:
            try:
                return fn(server, params)
            except Exception:
                server.warn(f"internal error in {fn.__name__}", traceback.format_exc())
                return default

        return inner  # type: ignore[return-value]

    return wrap


# C901: the handlers are small functions nested here to be registered on this server; mccabe
# adds their branches to make_server's own count.
def make_server(today: dt.date | None = None, lang: str | None = None) -> PlanServer:  # noqa: C901
    server = PlanServer(today, lang)

    @server.feature(t.INITIALIZE)
    @guarded()
    def initialize(ls: PlanServer, params: t.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and ls.fixed_today is None and isinstance(options.get("today"), str):
            try:
                ls.fixed_today = dt.date.fromisoformat(options["today"])
            except ValueError:
                ls.warn(f'initializationOptions.today "{options["today"]}" is not a date (YYYY-MM-DD)')

    @server.feature(t.INITIALIZED)
    @guarded()
    def initialized(ls: PlanServer, params: t.InitializedParams) -> None:
        root = ls.workspace.root_path
        if root:
            ls.index_for(Path(root).absolute() / "ipcli.toml")  # ready: the index is built now
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch is not None and watch.dynamic_registration:
            ls.client_register_capability(
                t.RegistrationParams(
                    [
                        t.Registration(
                            "ipcli-watch",
                            t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            t.DidChangeWatchedFilesRegistrationOptions(
                                [t.FileSystemWatcher("**/*.{yaml,yml}"), t.FileSystemWatcher("**/ipcli.toml")]
                            ),
                        )
                    ]
                )
            )

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: PlanServer, params: t.DidOpenTextDocumentParams) -> None:
        doc = ls.check(params.text_document.uri, params.text_document.text)
        ls.recheck_related(ls.index_for(doc.file), skip=doc.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: PlanServer, params: t.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        old = ls.docs.get(uri)
        doc = ls.check(uri, ls.workspace.get_text_document(uri).source)
        if old is None or old.result.facts != doc.result.facts:
            ls.recheck_related(ls.index_for(doc.file), skip=uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: PlanServer, params: t.DidCloseTextDocumentParams) -> None:
        doc = ls.docs.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(params.text_document.uri, []))
        if doc is not None:
            index = ls.index_for(doc.file)
            index.open.discard(doc.rel)
            index.reread(doc.file)  # what is on disk counts again
            ls.recheck_related(index)

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def watched(ls: PlanServer, params: t.DidChangeWatchedFilesParams) -> None:
        touched: set[Path] = set()
        for change in params.changes:
            file = Path(to_fs_path(change.uri) or change.uri).absolute()
            if file.name == "ipcli.toml":  # new settings: start the repository afresh
                ls.indexes.pop(file.parent, None)
                touched.add(file.parent)
                continue
            index = ls.index_for(file)
            if index.reread(file) is not None:
                touched.add(index.root)
        for root in touched:
            for uri, doc in list(ls.docs.items()):
                if ls.index_for(doc.file).root == root:
                    ls.check(uri, doc.text)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @guarded()
    def hover(ls: PlanServer, params: t.HoverParams) -> t.Hover | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        line, col = features.cursor(ls.codec(), doc, params.position)
        text = features.hover(doc, line, col, ls.today())
        if text is None:
            return None
        return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=text))

    @server.feature(t.TEXT_DOCUMENT_INLAY_HINT)
    @guarded(default=[])
    def inlay(ls: PlanServer, params: t.InlayHintParams) -> list[t.InlayHint]:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return []
        codec = ls.codec()
        return [
            t.InlayHint(
                position=features.client_position(codec, doc, line, col), label=label, padding_left=True
            )
            for line, col, label in features.inlay_hints(
                doc, params.range.start.line, params.range.end.line, ls.today()
            )
        ]

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(default=[])
    def symbols(ls: PlanServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
        doc = ls.doc(params.text_document.uri)
        return [] if doc is None else features.symbols(doc, ls.codec())

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @guarded()
    def definition(ls: PlanServer, params: t.DefinitionParams) -> t.Location | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None or doc.nodes is None:
            return None
        codec = ls.codec()
        span = doc.nodes.at(*features.cursor(codec, doc, params.position))
        pid = features.participant_at(doc, span) if span is not None else None
        if pid is None:
            return None
        target, _uses = features.participant_places(doc, pid)
        if target is None:
            return None
        return t.Location(
            doc.uri,
            features.client_range(codec, doc, target.line, target.col, target.end_line, target.end_col),
        )

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @guarded(default=[])
    def references(ls: PlanServer, params: t.ReferenceParams) -> list[t.Location]:
        doc = ls.doc(params.text_document.uri)
        if doc is None or doc.nodes is None:
            return []
        codec = ls.codec()
        span = doc.nodes.at(*features.cursor(codec, doc, params.position))
        pid = features.participant_at(doc, span) if span is not None else None
        if pid is None:
            return []
        target, uses = features.participant_places(doc, pid)
        found = ([target] if target is not None and params.context.include_declaration else []) + uses
        return [
            t.Location(doc.uri, features.client_range(codec, doc, s.line, s.col, s.end_line, s.end_col))
            for s in found
        ]

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
    @guarded()
    def completion(ls: PlanServer, params: t.CompletionParams) -> t.CompletionList | None:
        uri = params.text_document.uri
        doc = ls.docs.get(uri)
        text = ls.workspace.get_text_document(uri).source
        if doc is None:
            doc = ls.check(uri, text)
        index = ls.index_for(doc.file)
        return complete.complete(
            doc, text, params.position, ls.codec(), index.config, ls.today(), ls.lang or doc.language
        )

    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix, t.CodeActionKind.RefactorRewrite]),
    )
    @guarded(default=[])
    def code_action(ls: PlanServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return []
        return actions.actions(doc, params, ls.codec(), ls.today())

    _plan_features(server)
    return server


EVALUATE_COMMAND = "ipcli.recordEvaluation"


def _plan_features(server: PlanServer) -> None:  # noqa: C901 (nested handlers, as make_server's)
    """What a plan editor does beyond a YAML server (ipcli.lsp.structure): folding, the voices
    as semantic tokens, document links, rename, plans across the repository, code lenses."""
    from ipcli.lsp import structure

    @server.feature(t.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded(default=[])
    def folding(ls: PlanServer, params: t.FoldingRangeParams) -> list[t.FoldingRange]:
        doc = ls.doc(params.text_document.uri)
        return [] if doc is None else [t.FoldingRange(a, b) for a, b in structure.folding(doc)]

    @server.feature(
        t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        t.SemanticTokensLegend(token_types=structure.TOKEN_TYPES, token_modifiers=[]),
    )
    @guarded()
    def tokens(ls: PlanServer, params: t.SemanticTokensParams) -> t.SemanticTokens | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        codec, out = ls.codec(), []
        for line, col, length, kind in structure.voice_tokens(doc):
            r = features.client_range(codec, doc, line, col, line, col + length)
            out.append((r.start.line, r.start.character, r.end.character - r.start.character, kind))
        return t.SemanticTokens(data=structure.encode_tokens(out))

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_LINK)
    @guarded(default=[])
    def document_links(ls: PlanServer, params: t.DocumentLinkParams) -> list[t.DocumentLink]:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return []
        index = ls.index_for(doc.file)
        plans = {f.id: index.root / rel for rel, f in index.facts.items() if f is not None}
        codec = ls.codec()
        return [
            t.DocumentLink(
                features.client_range(codec, doc, s.line, s.col, s.end_line, s.end_col), target=target
            )
            for s, target in structure.links(doc, index.root, plans)
        ]

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    def prepare_rename(ls: PlanServer, params: t.PrepareRenameParams) -> t.Range | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        found = structure.rename_target(doc, *features.cursor(ls.codec(), doc, params.position))
        if found is None:
            return None
        span = next(s for s in found[2] if s.contains(*features.cursor(ls.codec(), doc, params.position)))
        return features.client_range(ls.codec(), doc, span.line, span.col, span.end_line, span.end_col)

    @server.feature(t.TEXT_DOCUMENT_RENAME)
    def rename(ls: PlanServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        codec = ls.codec()
        found = structure.rename_target(doc, *features.cursor(codec, doc, params.position))
        if found is None:
            return None
        kind, old, places = found
        problem = structure.rename_problem(doc, kind, old, params.new_name)
        if problem is not None:  # said to the writer, as the protocol says: an error reply
            from pygls.exceptions import JsonRpcInvalidParams

            raise JsonRpcInvalidParams(problem)
        edits = [
            t.TextEdit(
                features.client_range(codec, doc, s.line, s.col, s.end_line, s.end_col),
                structure.replacement(doc, s, params.new_name),
            )
            for s in places
        ]
        return t.WorkspaceEdit(changes={doc.uri: edits})

    @server.feature(t.WORKSPACE_SYMBOL)
    @guarded(default=[])
    def workspace_symbols(ls: PlanServer, params: t.WorkspaceSymbolParams) -> list[t.WorkspaceSymbol]:
        from ipcli.language.nationalid import mask

        out = []
        for index in list(ls.indexes.values()):
            for rel, pid, person, (line, col) in structure.plans_matching(index.facts, params.query):
                uri = (index.root / rel).as_uri()
                where = t.Position(max(line - 1, 0), max(col - 1, 0))
                out.append(
                    t.WorkspaceSymbol(
                        name=mask(f"{person} ({pid})"),
                        kind=t.SymbolKind.File,
                        location=t.Location(uri, t.Range(where, where)),
                        container_name=rel,
                    )
                )
        return out

    @server.feature(t.TEXT_DOCUMENT_CODE_LENS)
    @guarded(default=[])
    def code_lens(ls: PlanServer, params: t.CodeLensParams) -> list[t.CodeLens]:
        from ipcli.language.i18n import tr, tr_n

        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return []
        today, lang = ls.today(), doc.language
        out = []
        for line, goal, days in structure.overdue_evaluations(doc, today):
            late = tr_n("due.when.overdue.one", "due.when.overdue.other", days, lang)
            title = tr("lsp.lens.evaluate", lang, late=late, goal=goal)
            where = t.Range(t.Position(line, 0), t.Position(line, 0))
            command = t.Command(title, EVALUATE_COMMAND, arguments=[doc.uri, goal])
            out.append(t.CodeLens(where, command=command))
        return out

    @server.command(EVALUATE_COMMAND)
    def record_evaluation(ls: PlanServer, uri: str, goal: str) -> None:
        """The lens's command: the same edit as `ipcli evaluate` (and the code action), applied."""
        try:
            _record_evaluation(ls, uri, goal)
        except Exception:  # as guarded: logged, never a crash
            ls.warn("internal error in record_evaluation", traceback.format_exc())


def _record_evaluation(ls: PlanServer, uri: object, goal: object) -> None:
    from ipcli.lsp import templates

    doc = ls.doc(str(uri)) if isinstance(uri, str) else None
    if doc is None or not isinstance(goal, str):
        return
    text = templates.evaluation(doc, goal, ls.today())
    if text is None:
        return
    last = len(doc.lines) - 1
    whole = features.client_range(ls.codec(), doc, 0, 0, last, len(doc.lines[last]))
    ls.workspace_apply_edit(
        t.ApplyWorkspaceEditParams(t.WorkspaceEdit(changes={doc.uri: [t.TextEdit(whole, text)]}))
    )


def serve(today: dt.date | None = None, lang: str | None = None) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING)
    make_server(today, lang).start_io()
