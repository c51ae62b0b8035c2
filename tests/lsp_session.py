"""A real LSP client (pygls's) driving `python -m ipcli lsp` over stdio, for the tests and the
benchmark: start, open and change plans, wait for the diagnostics the server publishes."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import lsp_forks
from conftest import PINNED_TODAY
from lsprotocol import types as t
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

WAIT = 20.0  # seconds before a test gives up waiting for the server


def run(
    repo: Path,
    scenario: Callable[[Session], Awaitable[None]],
    today: str | None = PINNED_TODAY,
    wait_index: bool = True,
    fresh: bool = False,
) -> Session:
    """Start a server on the repository, run the scenario with its client, stop it (also when
    the scenario fails); the session, for what it recorded. The server is forked from the
    worker's fork server (lsp_forks), or with `fresh` started as `python -m ipcli lsp`."""

    async def main() -> Session:
        session = Session(repo, today, fresh=fresh)
        await session.start(wait_index=wait_index)
        try:
            await scenario(session)
        finally:
            await session.stop()
        return session

    return asyncio.run(main())


def doc_id(path: Path) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri_of(path))


def uri_of(path: Path) -> str:
    uri = from_fs_path(str(path))
    assert uri is not None
    return uri


class Session:
    """One server process and the client talking to it."""

    def __init__(
        self,
        root: Path,
        today: str | None,
        options: dict[str, Any] | None = None,
        encodings: list[str] | None = None,
        fresh: bool = False,
    ) -> None:
        self.root = root
        self.fresh = fresh  # `python -m ipcli lsp` itself, not a child of the fork server
        self.encodings = encodings  # the position encodings the client offers (None: UTF-16 only)
        self.today = today
        self.options = options
        self.client = LanguageClient("ipcli-tests", "1")
        self.published: dict[str, list[t.Diagnostic]] = {}
        self.count: dict[str, int] = {}
        self.registrations: list[t.Registration] = []
        self.logs: list[str] = []
        self.versions: dict[str, int] = {}
        self.progress: list[tuple[float, str, str]] = []  # (when, token, create/begin/report/end)

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: t.PublishDiagnosticsParams) -> None:
            self.published[params.uri] = list(params.diagnostics)
            self.count[params.uri] = self.count.get(params.uri, 0) + 1

        @self.client.feature(t.CLIENT_REGISTER_CAPABILITY)
        def _register(params: t.RegistrationParams) -> None:
            self.registrations += params.registrations

        @self.client.feature(t.WINDOW_LOG_MESSAGE)
        def _log(params: t.LogMessageParams) -> None:
            self.logs.append(params.message)

        @self.client.feature(t.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def _create(params: t.WorkDoneProgressCreateParams) -> None:
            self.progress.append((time.monotonic(), str(params.token), "create"))

        @self.client.feature(t.PROGRESS)
        def _progress(params: t.ProgressParams) -> None:
            kind = (
                params.value.get("kind")
                if isinstance(params.value, dict)
                else getattr(params.value, "kind", "")
            )
            self.progress.append((time.monotonic(), str(params.token), str(kind)))

    async def start(self, *extra: str, wait_index: bool = True) -> t.InitializeResult:
        """Start the server; with `wait_index`, wait until it has read the repository's plans
        (the end of its progress), so that every check after it sees the other plans."""
        args = ["lsp", *(["--today", self.today] if self.today else []), *extra]
        env = {k: v for k, v in os.environ.items() if k != "IP_TODAY"}
        command = [sys.executable, "-m", "ipcli", *args] if self.fresh else lsp_forks.command(*args)
        await self.client.start_io(*command, cwd=str(self.root), env=env)
        result = await self.client.initialize_async(
            t.InitializeParams(
                capabilities=t.ClientCapabilities(
                    general=t.GeneralClientCapabilities(position_encodings=self.encodings)
                    if self.encodings
                    else None,
                    window=t.WindowClientCapabilities(work_done_progress=True),
                    workspace=t.WorkspaceClientCapabilities(
                        did_change_watched_files=t.DidChangeWatchedFilesClientCapabilities(
                            dynamic_registration=True
                        )
                    ),
                    text_document=t.TextDocumentClientCapabilities(
                        hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown]),
                        publish_diagnostics=t.PublishDiagnosticsClientCapabilities(),
                    ),
                ),
                root_uri=uri_of(self.root),
                workspace_folders=[t.WorkspaceFolder(uri_of(self.root), self.root.name)],
                initialization_options=self.options,
            )
        )
        self.client.initialized(t.InitializedParams())
        if wait_index:
            await self.index_ready()
        return result

    async def index_ready(self, wait: float = WAIT) -> float:
        """Wait for the end of the server's progress reading the repository; when it ended."""
        deadline = time.monotonic() + wait
        while not any(kind == "end" for _when, _token, kind in self.progress):
            if time.monotonic() > deadline:
                raise AssertionError(f"the index was not reported ready within {wait} s: {self.progress}")
            await asyncio.sleep(0.002)
        return next(when for when, _token, kind in self.progress if kind == "end")

    async def stop(self) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), WAIT)

    async def published_for(self, uri: str, after: int) -> list[t.Diagnostic]:
        """The diagnostics of the first publication for this file after `after` of them."""
        deadline = time.monotonic() + WAIT
        while self.count.get(uri, 0) <= after:
            if time.monotonic() > deadline:
                raise AssertionError(f"no diagnostics for {uri} within {WAIT} s")
            await asyncio.sleep(0.002)
        return self.published[uri]

    async def until(self, uri: str, check: Callable[[list[t.Diagnostic]], bool]) -> list[t.Diagnostic]:
        """Wait until the diagnostics last published for this file pass the check."""
        deadline = time.monotonic() + WAIT
        while uri not in self.published or not check(self.published[uri]):
            if time.monotonic() > deadline:
                raise AssertionError(f"diagnostics for {uri} never passed: {self.published.get(uri)}")
            await asyncio.sleep(0.002)
        return self.published[uri]

    async def open(self, path: Path, text: str | None = None) -> list[t.Diagnostic]:
        uri = uri_of(path)
        before = self.count.get(uri, 0)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            t.DidOpenTextDocumentParams(
                t.TextDocumentItem(uri, "yaml", 1, path.read_text(encoding="utf-8") if text is None else text)
            )
        )
        return await self.published_for(uri, before)

    async def change(self, path: Path, text: str) -> list[t.Diagnostic]:
        """Replace the whole text of an open plan."""
        uri = uri_of(path)
        before = self.count.get(uri, 0)
        self.versions[uri] += 1
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(self.versions[uri], uri),
                [t.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        return await self.published_for(uri, before)

    async def disk_changed(self, path: Path, kind: t.FileChangeType, wait_for: Path) -> list[t.Diagnostic]:
        """Tell the server a file changed on disk; wait for the open plan's new diagnostics."""
        uri = uri_of(wait_for)
        before = self.count.get(uri, 0)
        self.client.workspace_did_change_watched_files(
            t.DidChangeWatchedFilesParams([t.FileEvent(uri_of(path), kind)])
        )
        return await self.published_for(uri, before)

    async def hover(self, path: Path, line: int, character: int) -> str | None:
        result = await self.client.text_document_hover_async(
            t.HoverParams(t.TextDocumentIdentifier(uri_of(path)), t.Position(line, character))
        )
        if result is None:
            return None
        assert isinstance(result.contents, t.MarkupContent)
        return result.contents.value


def position_of(text: str, needle: str, offset: int = 0, nth: int = 0) -> tuple[int, int]:
    """The 0-based line and column of the nth occurrence of `needle` (plus `offset`)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    return line, at - (text.rfind("\n", 0, at) + 1)
