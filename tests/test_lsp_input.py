"""The language server's reading of the editor's input (ipcli.lsp.server._Input): what the
buffer holds already is answered on the loop, and only a read that may wait goes to the
thread pool; the frames read are the same either way. The whole reading is tested end to end
on the real server in tests/test_lsp_protocol.py (split frames, garbage, the fuzz test)."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, cast

from ipcli.lsp import wire
from ipcli.lsp.server import PlanServer, _Input


class _Counting(ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.calls = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.calls += 1
        return super().submit(fn, *args, **kwargs)


class _Server:
    def __init__(self) -> None:
        self.thread_pool = _Counting()


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_buffered_frames_are_read_without_the_pool() -> None:
    bodies = [b'{"n": %d}' % i for i in range(50)]
    read, write = os.pipe()
    os.write(write, b"".join(_frame(b) for b in bodies) + b'Content-Length: 9\r\n\r\n{"n": ')
    os.close(write)
    server = _Server()
    got: list[bytes] = []

    async def main() -> None:
        await wire.read_frames(_Input(read, cast(PlanServer, server)), got.append, lambda: False)

    asyncio.run(main())
    os.close(read)
    server.thread_pool.shutdown()
    assert got == bodies  # the last frame was cut short: the input ended inside it
    # the first read fills the buffer with all of it (and one more finds the end); the 150 reads
    # of the 50 frames are answered from the buffer
    assert server.thread_pool.calls <= 3, server.thread_pool.calls
