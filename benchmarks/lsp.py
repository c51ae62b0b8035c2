"""Time `ipcli lsp` as an editor sees it, on a generated plans repository, cold and warm.

    python benchmarks/lsp.py [--plans 10000] [--work DIR] [--runs 5] [--edits 30]

The repository (generate.py) is made once in --work. Each run starts a fresh server process with
a real LSP client (pygls's) over stdio; the cold runs first remove the cache (as after a fresh
clone, an ipcli upgrade or a change to ipcli.toml), the warm ones find it written by the run
before. Measured: first diagnostics = from sending didOpen of a plan of 300 lines to its
diagnostics (its own findings; the server does not wait for the repository); index = from
starting the process to the end of the server's `$/progress` for reading the repository (the
findings across plans are there from then on); ready = from starting the process to the first
diagnostics; change = from sending a change to the answer of a hover sent right after it (the
hover makes the server check the change at once instead of after the typing pause); hover and
completion = request to answer; outline = documentSymbol of a plan of 10,000 lines; memory = the
server's resident size after the edits and its peak. Medians over the runs (the per-request
numbers over all requests of all runs). Benchmarks are not tests: the targets are printed, not
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"
TARGETS = {
    "first diagnostics": 1.0,
    "ready": 2.0,
    "change": 0.050,
    "hover": 0.030,
    "completion": 0.030,
    "outline": 0.050,
}
MEMORY_TARGET_MB = 300
PLAN_LINES = 300


def uri(path: Path) -> str:
    out = from_fs_path(str(path))
    assert out is not None
    return out


def plan_of_300_lines(repo: Path) -> tuple[Path, str]:
    """The largest plan, with meetings added until it has 300 lines (the target's plan size)."""
    file = max(repo.glob("plans/**/*.yaml"), key=lambda p: p.stat().st_size)
    text = file.read_text(encoding="utf-8")
    extra = []
    lines = text.count("\n")
    day = 1
    while lines + 4 * len(extra) < PLAN_LINES:
        extra.append(
            f"  - date: 2025-11-{day:02d}\n    kind: cooperation\n    attendees: [koord, self]\n"
            "    notes: Samarbeidsmøte om oppfølgingen.\n"
        )
        day += 1
    return file, text.replace("meetings:\n", "meetings:\n" + "".join(extra), 1)


def long_plan(text: str, lines: int = 10000) -> str:
    """The plan with meetings added until it has this many lines (the outline's target)."""
    count = max(0, (lines - text.count("\n")) // 4)
    extra = "".join(
        f"  - date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}\n    kind: cooperation\n"
        f"    attendees: [koord, self]\n    notes: Samarbeidsmøte {i}.\n"
        for i in range(count)
    )
    return text.replace("meetings:\n", "meetings:\n" + extra, 1)


def _status(pid: int, key: str) -> float:
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


async def one_run(repo: Path, file: Path, text: str, edits: int) -> dict[str, list[float]]:
    client = LanguageClient("ipcli-bench", "1")
    published: dict[str, int] = {}
    index_end: list[float] = []

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: t.PublishDiagnosticsParams) -> None:
        published[params.uri] = published.get(params.uri, 0) + 1

    @client.feature(t.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def _create(params: t.WorkDoneProgressCreateParams) -> None:
        return None

    @client.feature(t.PROGRESS)
    def _progress(params: t.ProgressParams) -> None:
        kind = (
            params.value.get("kind") if isinstance(params.value, dict) else getattr(params.value, "kind", "")
        )
        if kind == "end":
            index_end.append(time.perf_counter())

    async def wait(u: str, after: int) -> None:
        while published.get(u, 0) <= after:
            await asyncio.sleep(0.0005)

    env = {k: v for k, v in os.environ.items() if k != "IP_TODAY"}
    u = uri(file)
    start = time.perf_counter()
    await client.start_io(sys.executable, "-m", "ipcli", "lsp", "--today", TODAY, cwd=str(repo), env=env)
    caps = t.ClientCapabilities(window=t.WindowClientCapabilities(work_done_progress=True))
    await client.initialize_async(t.InitializeParams(capabilities=caps, root_uri=uri(repo)))
    client.initialized(t.InitializedParams())
    opened = time.perf_counter()
    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(u, "yaml", 1, text)))
    await wait(u, 0)
    now = time.perf_counter()
    out: dict[str, list[float]] = {"ready": [now - start], "first diagnostics": [now - opened]}
    while not index_end:  # nothing else asked meanwhile: the index's own time, against lint's
        await asyncio.sleep(0.001)
    out["index"] = [index_end[0] - start]
    for key in ("change", "hover", "completion", "outline"):
        out[key] = []
    doc = t.TextDocumentIdentifier(u)
    lines = text.split("\n")
    date_line = next(i for i, ln in enumerate(lines) if ln.startswith("next_revision:"))
    coordinator = next(i for i, ln in enumerate(lines) if ln.startswith("coordinator:"))
    for i in range(edits):
        new = text.replace("Samarbeidsmøte om oppfølgingen.", f"Samarbeidsmøte {i}.", 1)
        sent = time.perf_counter()
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(i + 2, u), [t.TextDocumentContentChangeWholeDocument(new)]
            )
        )
        await client.text_document_hover_async(t.HoverParams(doc, t.Position(date_line, 17)))
        out["change"].append(time.perf_counter() - sent)
        sent = time.perf_counter()
        await client.text_document_hover_async(t.HoverParams(doc, t.Position(date_line, 17)))
        out["hover"].append(time.perf_counter() - sent)
        sent = time.perf_counter()
        await client.text_document_completion_async(
            t.CompletionParams(doc, t.Position(coordinator, len("coordinator: ")))
        )
        out["completion"].append(time.perf_counter() - sent)
    big = file.with_name("bench-10000-lines.yaml")
    big_uri = uri(big)
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(t.TextDocumentItem(big_uri, "yaml", 1, long_plan(text)))
    )
    await wait(big_uri, 0)
    for _ in range(3):
        sent = time.perf_counter()
        await client.text_document_document_symbol_async(
            t.DocumentSymbolParams(t.TextDocumentIdentifier(big_uri))
        )
        out["outline"].append(time.perf_counter() - sent)
    server = client._server  # the process, to read its memory before it ends
    assert server is not None
    out["memory"] = [_status(server.pid, "VmRSS")]
    out["peak memory"] = [_status(server.pid, "VmHWM")]
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ipcli-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args(argv)
    repo = args.work / f"plans-{args.plans}"
    if not repo.exists():
        args.work.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(repo), "--plans", str(args.plans)], check=True
        )
    cache = repo / ".git" / "ipcli"
    file, text = plan_of_300_lines(repo)
    load = os.getloadavg()[0]
    print(
        f"`ipcli lsp`, {args.plans:,} plans, {args.runs} runs cold and {args.runs} warm, {args.edits} edits "
        f"each; plan {text.count(chr(10))} lines; load average {load:.1f} on {os.cpu_count()} cores"
    )
    print("| measure | cold | warm | target |")
    print("|---|---|---|---|")
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(  # the cold lint the index is compared with (it leaves the cache warm)
        [sys.executable, "-m", "ipcli", "lint", "-q", "--today", TODAY], cwd=repo, capture_output=True
    )
    lint_cold = time.perf_counter() - started
    results: dict[str, dict[str, list[float]]] = {"cold": {}, "warm": {}}
    for _ in range(args.runs):
        for state in ("cold", "warm"):
            if state == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            for key, values in asyncio.run(one_run(repo, file, text, args.edits)).items():
                results[state].setdefault(key, []).extend(values)
    for key in ("first diagnostics", "ready", "index", "change", "hover", "completion", "outline"):
        cold, warm = (statistics.median(results[s][key]) for s in ("cold", "warm"))
        target = TARGETS.get(key)
        verdict = (
            ""
            if target is None
            else f"≤ {target * 1000:.0f} ms " + ("ok" if max(cold, warm) <= target else "MISSED")
        )
        if key == "index":
            ok = "ok" if cold <= lint_cold else "MISSED"
            verdict = f"≤ cold `ipcli lint` ({lint_cold * 1000:.0f} ms) {ok}; no request waits for it"
        print(f"| {key} | {cold * 1000:.1f} ms | {warm * 1000:.1f} ms | {verdict} |")
    for key in ("memory", "peak memory"):
        cold, warm = (max(results[s][key]) for s in ("cold", "warm"))
        ok = "ok" if max(cold, warm) <= MEMORY_TARGET_MB else "MISSED"
        print(f"| {key} (server) | {cold:.0f} MB | {warm:.0f} MB | ≤ {MEMORY_TARGET_MB} MB {ok} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
