"""The language server: pygls wiring around the open plans and the repository indexes.

Every handler is guarded: a plan that breaks a feature is logged to the editor, and the server
keeps answering. Today is the fixed date the server was started with (`--today`, IP_TODAY, or
the client's `initializationOptions.today`), else the real date at each request.

Nothing waits for the repository: the plan opened is checked and answered at once with its own
findings, while the index of the other plans is read on a thread of its own (reported with
`$/progress`); the findings across plans follow when it is ready. A change is checked once the
typing pauses (DEBOUNCE), or at once when a request needs the plan; then only the open plans
that share an id or a person with it are checked again. Only the files `ipcli.toml` names as
plans get anything at all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import os
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import PositionCodec

from ipcli import __version__
from ipcli.language.i18n import tr
from ipcli.lsp import actions, complete, features, wire
from ipcli.lsp.codec import Codec
from ipcli.lsp.document import OpenPlan, analyse, finish, split_lines
from ipcli.lsp.index import RepoIndex
from ipcli.plan.findings import Severity

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
DEBOUNCE = 0.15  # seconds of quiet after a change before it is checked


class PlanServer(LanguageServer):
    def __init__(self, today: dt.date | None = None, lang: str | None = None) -> None:
        super().__init__(
            "ipcli",
            __version__,
            text_document_sync_kind=t.TextDocumentSyncKind.Incremental,
            protocol_cls=wire.PlanProtocol,
        )
        self.fixed_today = today
        self.lang = lang  # the language of catalogue words; None: each plan's own
        self.indexes: dict[Path, RepoIndex] = {}
        self.docs: dict[str, OpenPlan] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}  # changes waiting for the typing to pause
        self.saved: dict[str, frozenset[str]] = {}  # the lines of each plan as opened or last saved
        self.debounce = DEBOUNCE
        self.exit_code = 1  # `exit` without `shutdown`, or the input ended: 1 (the protocol's rule)
        self._tokens = 0

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def codec(self) -> PositionCodec:
        """pygls's converter for the position encoding it agreed on with the client."""
        return self.workspace.position_codec

    def report_server_error(self, error: Exception, source: Any) -> None:
        """In the editor's log, not a pop-up: a message the server could not use is answered
        (wire.dispatch), and the coordinator can do nothing about it."""
        log.warning("%s", error)

    # -- repositories ------------------------------------------------------------------------

    def index_for(self, file: Path) -> RepoIndex:
        """The repository of a file, with its settings at once; its other plans are read in
        the background the first time (see build)."""
        from ipcli.store.repo import find_root

        root = find_root(file.parent) or file.parent
        index = self.indexes.get(root)
        if index is None:
            index = self.indexes[root] = RepoIndex(
                _open_repo(self, root), standalone=find_root(file.parent) is None
            )
            self.build(index)
        return index

    def build(self, index: RepoIndex) -> None:
        """Read the repository's plans on a thread (the cache makes it quick when warm; cold, the
        plans are analysed on every core), with progress in the editor; then check the open
        plans of the repository again, with the findings across plans."""
        if index.standalone:  # a file outside any repository: no other plans to read
            index.ready = True
            return
        loop = asyncio.get_running_loop()
        progress = self.progress_begin()

        def work() -> None:
            try:
                results = index.read()
            except Exception:
                loop.call_soon_threadsafe(self.built, index, None, traceback.format_exc(), progress)
                return
            loop.call_soon_threadsafe(self.built, index, results, "", progress)

        threading.Thread(target=work, name="ipcli-index", daemon=True).start()

    def built(self, index: RepoIndex, results: Any, failure: str, progress: Callable[[str], None]) -> None:
        if failure:  # a repository git cannot list: each plan is still checked alone
            self.warn(tr("lsp.log.other_plans_unread"), failure)
        if self.indexes.get(index.root) is not index:  # ipcli.toml changed meanwhile: a new index
            progress("")
            return
        index.fill(results or [])
        progress(f"{len(index.facts)}")
        for doc in list(self.docs.values()):
            if doc.file.is_relative_to(index.root) and self.indexes.get(index.root) is index:
                self.finish(doc, index)
                self.publish(doc)

    def progress_begin(self) -> Callable[[str], None]:
        """`$/progress` for the index, when the client shows progress; the function ends it."""
        window = self.client_capabilities.window if self.client_capabilities else None
        if window is None or not window.work_done_progress:
            return lambda _message: None
        from ipcli.language.i18n import tr

        self._tokens += 1
        token = f"ipcli-index-{self._tokens}"
        state: dict[str, Any] = {"created": False, "end": None}

        def created(*_args: Any) -> None:
            state["created"] = True
            self.work_done_progress.begin(
                token, t.WorkDoneProgressBegin(title=tr("lsp.progress.index", self.lang), cancellable=False)
            )
            if state["end"] is not None:
                end(state["end"])

        def end(message: str) -> None:
            state["end"] = message
            if state["created"]:
                self.work_done_progress.end(token, t.WorkDoneProgressEnd(message=message or None))
                self.work_done_progress.tokens.pop(token, None)

        try:
            self.work_done_progress.create(token, created)
        except Exception:  # a client that refuses: no progress, the index is still read
            return lambda _message: None
        return end

    def warn(self, message: str, detail: str = "") -> None:
        log.warning("%s\n%s", message, detail)
        self.window_log_message(
            t.LogMessageParams(t.MessageType.Warning, f"ipcli: {message}\n{detail}".strip())
        )

    # -- plans ---------------------------------------------------------------------------------

    def plan_file(self, uri: str) -> tuple[Path, RepoIndex, str] | None:
        """The file, its repository and its path there, when ipcli.toml's globs name it a plan
        (outside any repository: when it says it is one); else None, and it gets nothing."""
        path = to_fs_path(uri)
        if path is None or not uri.startswith("file:"):
            return None
        file = Path(path).absolute()
        index = self.index_for(file)
        rel = index.rel(file)
        if index.standalone:
            doc = self.workspace.text_documents.get(uri)
            return (file, index, rel) if doc is not None and _says_plan(doc.source) else None
        return (file, index, rel) if index.is_plan(rel) else None

    def check(self, uri: str, text: str) -> OpenPlan | None:
        """Analyse the editor's text, update the index, publish the diagnostics; then check the
        open plans that shared an id or a person with it, before or after, again."""
        self.cancel_pending(uri)
        where = self.plan_file(uri)
        if where is None:
            return None
        file, index, rel = where
        doc = analyse(uri, file, rel, text, index.config)
        before = index.related(rel) if rel in index.open else set()
        old = self.docs.get(uri)
        index.open.add(rel)
        index.put(rel, doc.result.facts)
        self.finish(doc, index)
        self.docs[uri] = doc
        self.publish(doc)
        if old is None or old.result.facts != doc.result.facts:
            self.recheck(index, (before | index.related(rel)) - {rel})
        return doc

    def finish(self, doc: OpenPlan, index: RepoIndex) -> None:
        """lint's findings for the plan, in its language (or --lang): the deadline messages are
        written in the language in use, as `ipcli lint` writes them."""
        from ipcli.language import i18n

        i18n.use(self.lang or doc.language)
        finish(doc, index.config, self.today(), index.across(doc.rel) if index.ready else [])
        saved = self.saved.get(doc.uri)
        if saved is not None and any(f.code == "IP603" for f in doc.findings):
            # an ignore comment still being written (the quick fix puts it there, the reason
            # comes next): a reminder until the file is saved without a reason, then lint's error
            doc.findings = [
                f._replace(severity=Severity.INFO)
                if f.code == "IP603" and 0 < f.line <= len(doc.lines) and doc.lines[f.line - 1] not in saved
                else f
                for f in doc.findings
            ]

    def publish(self, doc: OpenPlan) -> None:
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=doc.uri, diagnostics=features.diagnostics(doc, self.codec()))
        )

    def recheck(self, index: RepoIndex, rels: set[str]) -> None:
        """The open plans among these: their checks across plans may have changed."""
        if not rels:
            return
        for doc in list(self.docs.values()):
            if (
                doc.rel in rels
                and self.indexes.get(index.root) is index
                and doc.file.is_relative_to(index.root)
            ):
                self.finish(doc, index)
                self.publish(doc)

    def later(self, uri: str) -> None:
        """Check this plan once the typing pauses (each change moves the time on)."""
        self.cancel_pending(uri)
        self.pending[uri] = asyncio.get_running_loop().call_later(self.debounce, self.check_now, uri)

    def cancel_pending(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def check_now(self, uri: str) -> None:
        self.pending.pop(uri, None)
        try:
            document = self.workspace.text_documents.get(uri)
            if document is not None:
                self.check(uri, document.source)
        except Exception:
            self.warn(tr("lsp.log.internal_error", where="check"), traceback.format_exc())

    def doc(self, uri: str) -> OpenPlan | None:
        """The plan as the editor has it now (a change waiting for its check is checked now)."""
        if uri in self.pending:
            self.check_now(uri)
        doc = self.docs.get(uri)
        if doc is None:
            try:
                doc = self.check(uri, self.workspace.get_text_document(uri).source)
            except OSError:
                return None
        return doc


def _says_plan(text: str) -> bool:
    """A file outside any repository counts as a plan when it says so (`schema: ipcli/plan/1`)."""
    head = text[:4096]
    return any(line.startswith("schema:") and "ipcli" in line for line in head.splitlines())


def _open_repo(server: PlanServer, root: Path) -> Any:
    from ipcli.config import Config
    from ipcli.errors import UserError
    from ipcli.store.repo import Repo, open_repo

    try:
        return open_repo(root, root)
    except UserError as e:  # a broken ipcli.toml: check plans with the defaults, and say so
        server.warn(tr("lsp.log.default_settings", problem=e))
        return Repo(root, Config(), None)


def guarded(default: Any = None) -> Callable[[F], F]:
    """A feature that fails on some plan logs the error and answers `default`, never crashes."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(server: PlanServer, params: Any) -> Any:
            try:
                return fn(server, params)
            except Exception:
                server.warn(tr("lsp.log.internal_error", where=fn.__name__), traceback.format_exc())
                return default

        return inner  # type: ignore[return-value]

    return wrap


def request(default: Any = None) -> Callable[[F], F]:
    """A guarded request, run as a task: one the client cancels before it starts ($/cancelRequest)
    is answered with RequestCancelled and costs nothing."""

    def wrap(fn: F) -> F:
        safe = guarded(default)(fn)

        @functools.wraps(fn)
        async def inner(server: PlanServer, params: Any) -> Any:
            await asyncio.sleep(0)  # the point where a cancel that has arrived takes effect
            return safe(server, params)

        return inner  # type: ignore[return-value]

    return wrap


# C901: the handlers are small functions nested here to be registered on this server; mccabe
# adds their branches to make_server's own count.
def make_server(today: dt.date | None = None, lang: str | None = None) -> PlanServer:  # noqa: C901
    server = PlanServer(today, lang)

    @server.feature(t.INITIALIZE)
    @guarded()
    def initialize(ls: PlanServer, params: t.InitializeParams) -> None:
        # pygls has just made the workspace with its codec for the agreed encoding: ours counts
        # an ASCII line at once (ipcli.lsp.codec); every text document is made with it
        ls.workspace._position_codec = Codec(ls.workspace.position_encoding)
        options = params.initialization_options
        if isinstance(options, dict) and ls.fixed_today is None and isinstance(options.get("today"), str):
            try:
                ls.fixed_today = dt.date.fromisoformat(options["today"])
            except ValueError:
                ls.warn(tr("lsp.log.bad_today", value=options["today"]))

    @server.feature(t.INITIALIZED)
    @guarded()
    def initialized(ls: PlanServer, params: t.InitializedParams) -> None:
        root = ls.workspace.root_path
        if root:
            ls.index_for(Path(root).absolute() / "ipcli.toml")  # start reading the repository now
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

    @server.feature(t.SHUTDOWN)
    @guarded()
    def shutdown(ls: PlanServer, params: None) -> None:
        ls.exit_code = 0
        for uri in list(ls.pending):
            ls.cancel_pending(uri)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: PlanServer, params: t.DidOpenTextDocumentParams) -> None:
        ls.saved[params.text_document.uri] = frozenset(split_lines(params.text_document.text))
        ls.check(params.text_document.uri, params.text_document.text)  # at once: it is being looked at

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE, t.SaveOptions(include_text=False))
    @guarded()
    def did_save(ls: PlanServer, params: t.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        document = ls.workspace.text_documents.get(uri)
        if document is not None and uri in ls.docs:
            ls.saved[uri] = frozenset(split_lines(document.source))
            ls.check_now(uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: PlanServer, params: t.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in ls.docs or ls.plan_file(uri) is not None:
            ls.later(uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: PlanServer, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.saved.pop(uri, None)
        doc = ls.docs.pop(uri, None)
        if doc is not None:
            ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, []))
            index = ls.index_for(doc.file)
            related = index.related(doc.rel)
            index.open.discard(doc.rel)
            index.reread(doc.file)  # what is on disk counts again
            ls.recheck(index, (related | index.related(doc.rel)) - {doc.rel})

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
                if doc.file.is_relative_to(root) and ls.check(uri, doc.text) is None:
                    ls.docs.pop(uri, None)  # no longer a plan under the new settings: nothing
                    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, []))

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @request()
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
    @request(default=[])
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
    @request(default=[])
    def symbols(ls: PlanServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
        doc = ls.doc(params.text_document.uri)
        return [] if doc is None else features.symbols(doc, ls.codec())

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @request()
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
    @request(default=[])
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
    @request()
    def completion(ls: PlanServer, params: t.CompletionParams) -> t.CompletionList | None:
        uri = params.text_document.uri
        if uri not in ls.docs and ls.plan_file(uri) is None:
            return None
        # the last check's plan (a plan being typed often does not parse; the text is read as
        # it is now): no need to wait for the pending check
        doc = ls.docs.get(uri) or ls.doc(uri)
        if doc is None:
            return None
        text = ls.workspace.get_text_document(uri).source
        index = ls.index_for(doc.file)
        return complete.complete(
            doc, text, params.position, ls.codec(), index.config, ls.today(), ls.lang or doc.language
        )

    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix, t.CodeActionKind.RefactorRewrite]),
    )
    @request(default=[])
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
    @request(default=[])
    def folding(ls: PlanServer, params: t.FoldingRangeParams) -> list[t.FoldingRange]:
        doc = ls.doc(params.text_document.uri)
        return [] if doc is None else [t.FoldingRange(a, b) for a, b in structure.folding(doc)]

    @server.feature(
        t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        t.SemanticTokensLegend(token_types=structure.TOKEN_TYPES, token_modifiers=[]),
    )
    @request()
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
    @request(default=[])
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
    @request()
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
    @request(default=[])
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
    @request(default=[])
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
            ls.warn(tr("lsp.log.internal_error", where="record_evaluation"), traceback.format_exc())


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


class _Input:
    """The editor's input, read from the file descriptor on a thread of the pool, so the loop
    keeps going. Not through sys.stdin: the index is read on worker processes forked from a
    thread (ipcli.checks.scan), and a forked worker closes sys.stdin first, which waits for ever
    on the lock a reader blocked in sys.stdin.readline holds."""

    def __init__(self, fd: int, server: PlanServer) -> None:
        self.fd = fd
        self.server = server
        self.buffer = bytearray()

    def _fill(self) -> bool:
        data = os.read(self.fd, 65536)
        self.buffer += data
        return bool(data)

    def _line(self, limit: int) -> bytes:
        while True:
            end = self.buffer.find(b"\n", 0, limit)
            if end >= 0 or len(self.buffer) >= limit:
                size = end + 1 if end >= 0 else limit
                out = bytes(self.buffer[:size])
                del self.buffer[:size]
                return out
            if not self._fill():
                out = bytes(self.buffer)
                self.buffer.clear()
                return out

    def _block(self, n: int) -> bytes:
        while len(self.buffer) < n and self._fill():
            pass
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    # What the buffer holds already is answered on the loop, without a trip to the pool's thread
    # and back (four per message: the editor sends a change per keystroke, and the trips cost
    # more than the rest of a change's handling); only a read that may wait goes to the pool.

    def readline(self, limit: int) -> Awaitable[bytes]:
        if self.buffer.find(b"\n", 0, limit) >= 0 or len(self.buffer) >= limit:
            return _soon(self._line(limit))
        return asyncio.get_running_loop().run_in_executor(self.server.thread_pool, self._line, limit)

    def readexactly(self, n: int) -> Awaitable[bytes]:
        if len(self.buffer) >= n:
            return _soon(self._block(n))
        return asyncio.get_running_loop().run_in_executor(self.server.thread_pool, self._block, n)


async def _soon(data: bytes) -> bytes:
    """The data after one turn of the loop, as a read on the pool gives it: what the messages
    before it started (a check, an answer) runs first."""
    await asyncio.sleep(0)
    return data


class _Output:
    """Answers to the file descriptor, whole (for the same reason as _Input: no lock of
    sys.stdout's that a forked worker could find held)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def close(self) -> None:
        pass  # the process ends next


def run(server: PlanServer, stdin: BinaryIO, stdout: BinaryIO) -> int:
    """Serve on these streams until `exit` or the end of the input; the exit code."""
    server.protocol.set_writer(_Output(stdout.fileno()))
    server._stop_event = threading.Event()
    stop = server._stop_event

    def send(message: dict[str, Any]) -> None:
        server.protocol._send_data(message)

    async def main() -> None:
        await wire.read_frames(
            _Input(stdin.fileno(), server),
            lambda body: wire.dispatch(server.protocol, body, send),
            stop.is_set,
        )

    code = None
    try:
        asyncio.run(main())
    except SystemExit as e:  # pygls's `exit`: 0 after shutdown, else 1
        code = e.code if isinstance(e.code, int) else 1
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        stop.set()
        if server._thread_pool is not None:
            server._thread_pool.shutdown(wait=False, cancel_futures=True)
    return server.exit_code if code is None else code


def serve(today: dt.date | None = None, lang: str | None = None) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    import gc

    # every command starts with the cyclic collector off (a run that ends soon only allocates);
    # a server runs for days, and a plan read past a syntax error leaves cycles (exceptions and
    # their frames) behind on every check: without the collector they were never freed
    gc.enable()
    logging.basicConfig(level=logging.WARNING)
    raise SystemExit(run(make_server(today, lang), sys.stdin.buffer, sys.stdout.buffer))
