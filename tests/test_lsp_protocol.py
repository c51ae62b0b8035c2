"""`ipcli lsp` on the wire (issue 31): every request answered, with JSON-RPC's error replies for
malformed JSON, invalid requests and invalid params; a header without Content-Length skipped,
not the end of listening; a handshake with capability values the server does not know; `exit`
codes per the protocol. Raw frames to the real server process, and a Hypothesis fuzz test."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import lsp_forks
import pytest
from conftest import PINNED_TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsp_session import uri_of

P42 = Path("plans/nordvik/p-0042.yaml")
WAIT = 60.0  # a busy shared machine starts Python slowly


class Raw:
    """The server process and its frames, read on a thread. The server is forked from the
    worker's fork server (lsp_forks) on this process's pipes, or with `fresh` started as
    `python -m ipcli lsp` itself."""

    def __init__(self, repo: Path, fresh: bool = False) -> None:
        self.repo = repo
        args = ["lsp", "--today", PINNED_TODAY]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ipcli", *args] if fresh else lsp_forks.command(*args),
            cwd=repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.frames: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            assert length is not None
            self.frames.put(json.loads(out.read(length)))

    def send_raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def answer(self, msg_id: Any, wait: float = WAIT) -> dict[str, Any]:
        """The reply with this id (answering the server's own requests on the way)."""
        deadline = time.monotonic() + wait
        for old in self.seen:
            if "method" not in old and old.get("id") == msg_id:
                self.seen.remove(old)
                return old
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no answer to {msg_id!r} within {wait} s")
            try:
                frame = self.frames.get(timeout=left)
            except queue.Empty:
                continue
            if "method" in frame and "id" in frame:  # the server asks (registration, progress)
                self.send({"jsonrpc": "2.0", "id": frame["id"], "result": None})
                continue
            if "method" not in frame and frame.get("id") == msg_id:
                return frame
            self.seen.append(frame)

    def request(self, msg_id: Any, method: str, params: Any) -> dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return self.answer(msg_id)

    def initialize(self, capabilities: dict[str, Any] | None = None, trace: str = "off") -> dict[str, Any]:
        reply = self.request(
            "init",
            "initialize",
            {
                "processId": None,
                "rootUri": uri_of(self.repo),
                "capabilities": capabilities or {},
                "trace": trace,
            },
        )
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return reply

    def end(self, shutdown: bool = True) -> int:
        if shutdown:
            assert self.request("bye", "shutdown", None).get("result", "x") is None
        self.send({"jsonrpc": "2.0", "method": "exit"})
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=WAIT)

    def kill(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()  # a forked server ends at the end of its input
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _hover(uri: str) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}


@pytest.mark.slow
def test_every_request_is_answered_and_bad_frames_do_not_deafen(plans_repo: Path) -> None:
    raw = Raw(plans_repo)
    try:
        # capability values from a newer protocol version, an unknown trace level: tolerated
        init = raw.initialize(
            {
                "general": {"positionEncodings": ["utf-7", "utf-16"]},
                "workspace": {"symbol": {"symbolKind": {"valueSet": [1, "x", 999]}}},
                "textDocument": {"completion": {"completionItemKind": {"valueSet": [1, 2, 999]}}},
                "window": {"workDoneProgress": "yes please"},
            },
            trace="loud",
        )
        assert init["result"]["capabilities"]["hoverProvider"] is True, init
        plan = uri_of(plans_repo / P42)
        # invalid params: an error reply with the request's id
        bad = raw.request(7, "textDocument/hover", {"textDocument": {"uri": plan}, "position": {"line": 0}})
        assert bad["error"]["code"] == -32602, bad
        assert raw.request(8, "textDocument/hover", "not an object")["error"]["code"] == -32602
        # malformed JSON: a parse error with id null
        raw.send_raw(b'Content-Length: 9\r\n\r\n{"jsonrpc')
        assert raw.answer(None)["error"]["code"] == -32700
        # a header without a length: skipped; the next message is read
        raw.send_raw(
            b'Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc": "2.0", "id": 9, "method": "x"}'
        )
        assert raw.request(10, "textDocument/hover", _hover(plan))["id"] == 10
        # not JSON-RPC 2.0, an id of the wrong type, an unknown method: each answered
        raw.send({"jsonrpc": "1.0", "id": 11, "method": "textDocument/hover", "params": _hover(plan)})
        assert raw.answer(11)["error"]["code"] == -32600
        raw.send({"jsonrpc": "2.0", "id": 1.5, "method": "textDocument/hover", "params": _hover(plan)})
        assert raw.answer(None)["error"]["code"] == -32600
        assert raw.request(12, "ipcli/nothing", {})["error"]["code"] == -32601
        raw.send_raw(b"Content-Length: 2\r\n\r\n[]")  # a batch: LSP has none
        assert raw.answer(None)["error"]["code"] == -32600
        # still listening, and still working
        text = (plans_repo / P42).read_text(encoding="utf-8")
        raw.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": plan, "languageId": "yaml", "version": 1, "text": text}},
            }
        )
        line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("coordinator:")))
        who = raw.request(
            13,
            "textDocument/hover",
            {"textDocument": {"uri": plan}, "position": {"line": line, "character": 14}},
        )
        assert "Kari Hansen" in who["result"]["contents"]["value"]
        assert raw.request("bye", "shutdown", None)["result"] is None
        # after shutdown a request is refused, not left unanswered
        assert raw.request(14, "textDocument/hover", _hover(plan))["error"]["code"] == -32600
        assert raw.end(shutdown=False) == 0
    finally:
        raw.kill()


@pytest.mark.slow
def test_exit_without_shutdown_exits_1(plans_repo: Path) -> None:
    raw = Raw(plans_repo, fresh=True)  # the real command's own exit code
    try:
        raw.initialize()
        assert raw.end(shutdown=False) == 1
    finally:
        raw.kill()


METHODS = [
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/documentSymbol",
    "textDocument/inlayHint",
    "textDocument/codeAction",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "workspace/didChangeWatchedFiles",
    "$/cancelRequest",
    "$/setTrace",
    "initialized",
    "ipcli/unknown",
]
_ENDS = ("exit", "shutdown", "initialize")
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
POSITION = st.fixed_dictionaries({"line": st.integers(-2, 400), "character": st.integers(-2, 400)})


@st.composite
def messages(draw: st.DrawFn, plan: str) -> Any:
    """A JSON-RPC message, well formed or not, for methods the server has and has not."""
    # not exit, shutdown nor initialize: they end or restart the session the test goes on with
    method = draw(st.sampled_from(METHODS) | st.text(max_size=15).filter(lambda m: m not in _ENDS))
    params = draw(
        st.fixed_dictionaries(
            {"textDocument": st.fixed_dictionaries({"uri": st.just(plan) | st.text(max_size=30)})},
            optional={"position": POSITION | JSON, "range": JSON, "context": JSON, "text": JSON},
        )
        | JSON
    )
    message: dict[str, Any] = {
        "jsonrpc": draw(st.sampled_from(["2.0", "2.0", "2.0", "1.0"])),
        "method": method,
    }
    if draw(st.booleans()):
        message["id"] = draw(st.integers(1000, 10**9) | st.text(min_size=1, max_size=8) | JSON)
    if draw(st.booleans()):
        message["params"] = params
    return draw(st.just(message) | JSON)


@st.composite
def frames(draw: st.DrawFn, plan: str) -> tuple[bytes, Any]:
    """One frame: a message (or bytes that are no JSON) under a header with its length, with
    the length spelled otherwise, or with none; and the id a reply must carry, if any."""
    message = draw(messages(plan))
    body = draw(st.just(json.dumps(message).encode()) | st.binary(max_size=60))
    header = draw(
        st.sampled_from(
            [
                b"Content-Length: %d\r\n\r\n",
                b"content-length:%d\r\n\r\n",
                b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
                b"Content-Type: application/vscode-jsonrpc\r\n\r\n",
                b"\r\n",
            ]
        )
    )
    head = header % len(body) if b"%d" in header else header
    expect = None
    if (
        b"%d" in header
        and isinstance(message, dict)
        and body == json.dumps(message).encode()
        and "method" in message
        and (isinstance(message.get("id"), (int, str)) and not isinstance(message.get("id"), bool))
    ):
        expect = message["id"]  # a request with a usable id and a length: it must be answered
    return head + body, expect


@pytest.mark.slow
def test_fuzzed_frames_are_answered_or_ignored_and_the_server_keeps_listening(plans_repo: Path) -> None:
    raw = Raw(plans_repo)
    plan = uri_of(plans_repo / P42)
    probes = iter(range(10**6))
    try:
        raw.initialize()

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(st.lists(frames(plan), min_size=1, max_size=3))
        def check(sent: list[tuple[bytes, Any]]) -> None:
            for data, _expect in sent:
                raw.send_raw(data)
            # a frame without a length may leave bytes without a line end: a new line, then
            # a probe with its header, which the server finds again
            probe = f"probe-{next(probes)}"
            raw.send_raw(b"\r\n")
            assert raw.request(probe, "textDocument/hover", _hover(plan)).get("id") == probe
            for _data, expect in sent:
                if expect is not None:
                    reply = raw.answer(expect, wait=5)
                    assert "result" in reply or "error" in reply

        check()
        assert raw.proc.poll() is None
        assert raw.end() == 0
    finally:
        raw.kill()
