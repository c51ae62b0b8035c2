"""`ipcli lsp` for the tests, forked from a process that has imported it already.

A fresh `ipcli lsp` spends about a second of CPU importing ipcli's language server, pygls and
lsprotocol before it reads a byte, and the language-server tests start some forty of them. So
each test worker keeps one process (the fork server below) that has imported all of ipcli and
the server's libraries once, and a test's server is a child forked from it:

- the client starts `command(...)`: a small launcher (Python without site-packages, nothing
  imported but the standard library's socket) that hands its own standard input, output and
  error to the fork server over a Unix socket, with its arguments, folder and environment;
- the fork server forks a child that takes those three as its own, goes to the folder, takes
  the environment and runs `ipcli` with the arguments exactly as `python -m ipcli` does
  (ipcli.cli.main.run); it talks to the client over the client's own pipes, with the
  protocol's real frames, and its exit code is the launcher's.

So each test still talks to a real `ipcli lsp` process of its own; only the interpreter's start
and the imports are shared. The tests of the start itself (tests/test_lsp_protocol.py, the cold
repositories, the server's memory) start the real command, `python -m ipcli lsp`.
"""

from __future__ import annotations

import atexit
import os
import select
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The launcher, run as `python -I -S -c LAUNCHER SOCKET ARGS...`: its standard streams, its
# arguments, folder and environment to the fork server; then the exit code of the server it
# started (a number, or -N for a signal) becomes its own.
LAUNCHER = r"""
import json, os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
body = json.dumps({"args": sys.argv[2:], "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
socket.send_fds(s, [len(body).to_bytes(8, "big") + body], [0, 1, 2])
answer = b""
while True:
    part = s.recv(64)
    if not part:
        break
    answer += part
code = int(answer) if answer.strip() else 3
os._exit(code if code >= 0 else 128 - code)
"""

# The fork server, run as `python -c FORK_SERVER SOCKET`: imports every ipcli module (the
# language server's with them) and pygls's converters, says `ready`, then for each launcher
# forks a watcher that forks the server: the server takes the launcher's streams, folder,
# environment and arguments and runs `ipcli` as `python -m ipcli` does; the watcher waits for
# it and tells the launcher its exit code. It ends when the test process does (its standard
# input, a pipe from the test process, ends).
FORK_SERVER = r"""
import importlib, json, os, pkgutil, select, socket, sys
import ipcli
for module in pkgutil.walk_packages(ipcli.__path__, "ipcli."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
from ipcli.cli.main import run
import gc
gc.freeze()  # what the imports made is never freed: no child walks it again

listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(sys.argv[1])
listener.listen(16)
sys.stdout.write("ready\n")
sys.stdout.flush()


def request(conn):
    head, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    size = int.from_bytes(head[:8], "big")
    body = head[8:]
    while len(body) < size:
        part = conn.recv(size - len(body))
        if not part:
            raise EOFError("the launcher went away")
        body += part
    return json.loads(body), fds


def serve(conn, req, fds):
    server = os.fork()
    if server == 0:
        code = 3
        try:
            conn.close()
            for fd, given in enumerate(fds):
                os.dup2(given, fd)
                os.close(given)
            os.chdir(req["cwd"])
            os.environ.clear()
            os.environ.update(req["env"])
            sys.argv = ["ipcli", *req["args"]]
            run()  # ends the process with the command's exit code
        finally:
            os._exit(code)
    for fd in fds:
        os.close(fd)
    _pid, status = os.waitpid(server, 0)
    conn.sendall(str(os.waitstatus_to_exitcode(status)).encode())


while True:
    ready, _w, _x = select.select([listener, sys.stdin], [], [])
    if sys.stdin in ready:
        break  # the test process ended
    conn, _addr = listener.accept()
    try:
        req, fds = request(conn)
    except (OSError, EOFError, ValueError):
        conn.close()
        continue
    watcher = os.fork()
    if watcher == 0:
        try:
            listener.close()
            serve(conn, req, fds)
        finally:
            os._exit(0)
    conn.close()
    for fd in fds:
        os.close(fd)
    while True:  # the watchers that have ended
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
while True:  # the last watchers, so that their servers' time counts as the test process's
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        break
"""


class _Forks:
    """The fork server of this test process, started when a test first needs it."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.folder = ""
        self.socket = ""

    def start(self) -> str:
        if self.proc is not None and self.proc.poll() is None:
            return self.socket
        self.folder = tempfile.mkdtemp(prefix="ipcli-lsp-forks-")
        self.socket = str(Path(self.folder) / "forks.sock")
        env = {k: v for k, v in os.environ.items() if k != "IP_TODAY"}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER, self.socket],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self.proc.stdout is not None
        ready, _w, _x = select.select([self.proc.stdout], [], [], 120)
        line = self.proc.stdout.readline() if ready else b""
        assert line == b"ready\n", f"the fork server did not start (exit {self.proc.poll()})"
        atexit.register(self.stop)
        return self.socket

    def stop(self) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()  # the server's cue to end
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        shutil.rmtree(self.folder, ignore_errors=True)


_forks = _Forks()


def command(*args: str) -> list[str]:
    """The command line that runs `ipcli ARGS...` (e.g. `lsp --today ...`) as a child of this
    worker's fork server, on the launcher's standard streams."""
    return [sys.executable, "-I", "-S", "-c", LAUNCHER, _forks.start(), *args]
