"""The server's side of the wire: reading JSON-RPC frames from the editor, and answering every
request, whatever arrives.

pygls 2.1.1's reader goes deaf for good after a header without Content-Length (the body glues
itself to the next header line, and so on), answers malformed JSON and requests with invalid
parameters with nothing (a pop-up at most), refuses a handshake whose capabilities hold a value
it does not know, keeps a Future per notification (about 2 KB per edit, never freed) and exits
with 0 on `exit` without `shutdown`. This module reads the frames itself and hands pygls only
what it can use; `PlanProtocol` frees each Future once its handler is done.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any, Protocol

from lsprotocol import types as t
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)

# JSON-RPC 2.0's error codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
# a header line: searched for anywhere in what was read, so that a frame glued to garbage (a
# body that came without its header) is found again
_LENGTH = re.compile(rb"Content-Length[ \t]*:[ \t]*(\d{1,12})", re.IGNORECASE)
MAX_FRAME = 256 * 1024 * 1024  # a length beyond this is garbage, not a message
_LINE = 64 * 1024  # a header line is read in pieces of at most this (a body without header is long)
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class Reader(Protocol):
    def readline(self, limit: int) -> Awaitable[bytes]: ...

    def readexactly(self, n: int) -> Awaitable[bytes]: ...


class PlanProtocol(LanguageServerProtocol):
    """pygls's protocol, without its one leak: a handler run for a notification (a generator or a
    coroutine) leaves its Future in `_request_futures` under a fresh id, forever."""

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Callable[[Future[Any]], None],
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        def done(future: Future[Any]) -> None:
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)


async def read_frames(reader: Reader, handle: Callable[[bytes], None], stopped: Callable[[], bool]) -> None:
    """Read frames until the input ends: a header block with a Content-Length, then the body.
    A block without a usable length is skipped, and the next length found starts a frame."""
    length: int | None = None
    while not stopped():
        line = await reader.readline(_LINE)
        if not line:
            return
        found = _LENGTH.search(line)
        if found is not None:
            n = int(found.group(1))
            length = n if n <= MAX_FRAME else None
            continue
        if line.strip():
            continue  # another header (Content-Type), or garbage
        if length is None:
            log.warning("a message without a Content-Length header was skipped")
            continue
        n, length = length, None
        body = await reader.readexactly(n) if n else b""
        if n and len(body) < n:
            return  # the input ended inside a message
        handle(body)


def error(msg_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def _id(data: dict[str, Any]) -> Any:
    """The request's id when it is one JSON-RPC allows (a string or a whole number), else None."""
    value = data.get("id")
    return (
        value if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)) else None
    )


def dispatch(protocol: LanguageServerProtocol, body: bytes, send: Callable[[dict[str, Any]], None]) -> None:
    """One frame's body to pygls, or the error reply JSON-RPC gives for it."""
    try:
        data = json.loads(body)
    except ValueError:  # not JSON, or not UTF-8
        send(error(None, PARSE_ERROR, "Parse error: the message is not JSON"))
        return
    if not isinstance(data, dict):  # a batch or a bare value: LSP sends neither
        send(error(None, INVALID_REQUEST, "Invalid Request: not a JSON object"))
        return
    msg_id = _id(data)
    is_request = "id" in data and "method" in data
    if data.get("jsonrpc") != "2.0" or not isinstance(data.get("method", ""), str):
        if is_request or ("id" in data and "result" not in data and "error" not in data):
            send(error(msg_id, INVALID_REQUEST, 'Invalid Request: "jsonrpc" must be "2.0"'))
        return
    if is_request and msg_id is None:
        send(error(None, INVALID_REQUEST, "Invalid Request: the id must be a string or a number"))
        return
    if "method" not in data and "id" not in data:
        return  # neither request, notification nor response: nothing to answer
    method = data.get("method")
    if is_request and protocol._shutdown and method != t.EXIT:
        send(error(msg_id, INVALID_REQUEST, "Invalid Request: the server is shutting down"))
        return
    message = _structure(protocol, data)
    if message is None:
        if is_request:
            send(error(msg_id, INVALID_PARAMS, f"Invalid params for {method}"))
        else:
            log.warning("a %s notification with invalid params was ignored", method)
        return
    protocol.handle_message(message)


def _structure(protocol: LanguageServerProtocol, data: dict[str, Any]) -> Any:
    """The message as pygls's types, or None when its params do not fit them. An initialize
    request loses the parts of its params that do not fit (a capability value from a newer
    protocol version, an unknown trace level) rather than the handshake."""
    import cattrs

    prune = data.get("method") == t.INITIALIZE
    for _ in range(50):
        try:
            return protocol.structure_message(data)
        except Exception as e:
            cause = e.__cause__
            if not prune or not isinstance(cause, cattrs.BaseValidationError):
                return None
            paths = [m.rpartition(" @ ")[2] for m in cattrs.transform_error(cause)]
            if not any(_drop(data, p) for p in paths):
                return None
    return None


def _drop(data: dict[str, Any], path: str) -> bool:
    """Remove the value at a cattrs path (`$.params.capabilities.general.position_encodings[1]`,
    attribute names in Python's spelling) from the message's params. False when nothing was
    removed (the path is not found, or it is the params themselves)."""
    steps: list[str | int] = [
        m.group(1) if m.group(1) is not None else int(m.group(2))
        for m in _STEP.finditer(path.removeprefix("$"))
    ]
    if len(steps) < 2 or steps[0] != "params":
        return False
    node: Any = data
    for i, step in enumerate(steps):
        key = _key(node, step)
        if key is None:
            return False
        if i == len(steps) - 1:
            if i == 0:
                return False
            del node[key]
            return True
        node = node[key]
    return False


def _key(node: Any, step: str | int) -> str | int | None:
    if isinstance(step, int):
        return step if isinstance(node, list) and 0 <= step < len(node) else None
    if not isinstance(node, dict):
        return None
    name = step.rstrip("_")
    head, *rest = name.split("_")
    for key in (step, name, head + "".join(w[:1].upper() + w[1:] for w in rest)):
        if key in node:
            return key
    return None
