"""Time `ipcli lsp` as an editor sees it, on a generated plans repository.

    python benchmarks/lsp.py [--plans 10000] [--work DIR] [--runs 5] [--edits 30]

The repository (generate.py) is made once in --work and linted once, so the cache is warm. Then,
for each run, a fresh server process is started by a real LSP client (pygls's) over stdio, and:
ready = from starting the process to the diagnostics of the first opened plan (the repository
index built from the warm cache, the plan checked); change = from sending a change to a plan of
300 lines to receiving its diagnostics, the checks across plans included; hover and completion =
request to answer; peak memory = the server's maximum resident size. Medians of every run (the
per-request numbers over all requests of all runs). Benchmarks are not tests: the targets are
printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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
TARGETS = {"ready": 2.0, "change": 0.050, "hover": 0.030, "completion": 0.030}
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


async def one_run(repo: Path, file: Path, text: str, edits: int) -> dict[str, list[float]]:
    client = LanguageClient("ipcli-bench", "1")
    published: dict[str, int] = {}

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: t.PublishDiagnosticsParams) -> None:
        published[params.uri] = published.get(params.uri, 0) + 1

    async def wait(u: str, after: int) -> None:
        while published.get(u, 0) <= after:
            await asyncio.sleep(0.0005)

    env = {k: v for k, v in os.environ.items() if k != "IP_TODAY"}
    u = uri(file)
    start = time.perf_counter()
    await client.start_io(sys.executable, "-m", "ipcli", "lsp", "--today", TODAY, cwd=str(repo), env=env)
    await client.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=uri(repo)))
    client.initialized(t.InitializedParams())
    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(u, "yaml", 1, text)))
    await wait(u, 0)
    out: dict[str, list[float]] = {"ready": [time.perf_counter() - start], "change": [], "hover": []}
    out["completion"] = []
    lines = text.split("\n")
    date_line = next(i for i, ln in enumerate(lines) if ln.startswith("next_revision:"))
    coordinator = next(i for i, ln in enumerate(lines) if ln.startswith("coordinator:"))
    for i in range(edits):
        new = text.replace("Samarbeidsmøte om oppfølgingen.", f"Samarbeidsmøte {i}.", 1)
        before = published.get(u, 0)
        sent = time.perf_counter()
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(i + 2, u), [t.TextDocumentContentChangeWholeDocument(new)]
            )
        )
        await wait(u, before)
        out["change"].append(time.perf_counter() - sent)
        sent = time.perf_counter()
        await client.text_document_hover_async(
            t.HoverParams(t.TextDocumentIdentifier(u), t.Position(date_line, 17))
        )
        out["hover"].append(time.perf_counter() - sent)
        sent = time.perf_counter()
        await client.text_document_completion_async(
            t.CompletionParams(t.TextDocumentIdentifier(u), t.Position(coordinator, len("coordinator: ")))
        )
        out["completion"].append(time.perf_counter() - sent)
    server = client._server  # the process, to read its peak memory before it ends
    assert server is not None
    status = Path(f"/proc/{server.pid}/status")
    peak = 0.0
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    out["memory"] = [peak]
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
    subprocess.run(  # warm the cache, as a repository someone works in has it
        [sys.executable, "-m", "ipcli", "lint", "-q", "--today", TODAY], cwd=repo, capture_output=True
    )
    file, text = plan_of_300_lines(repo)
    results: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for key, values in asyncio.run(one_run(repo, file, text, args.edits)).items():
            results.setdefault(key, []).extend(values)
    load = os.getloadavg()[0]
    print(
        f"`ipcli lsp`, {args.plans:,} plans, {args.runs} runs, {args.edits} edits each; plan "
        f"{text.count(chr(10))} lines; load average {load:.1f} on {os.cpu_count()} cores"
    )
    print("| measure | median | target |")
    print("|---|---|---|")
    for key in ("ready", "change", "hover", "completion"):
        median = statistics.median(results[key])
        ok = "ok" if median <= TARGETS[key] else "MISSED"
        print(f"| {key} | {median * 1000:.1f} ms | ≤ {TARGETS[key] * 1000:.0f} ms {ok} |")
    peak = max(results["memory"])
    ok = "ok" if peak <= MEMORY_TARGET_MB else "MISSED"
    print(f"| peak memory (server) | {peak:.0f} MB | ≤ {MEMORY_TARGET_MB} MB {ok} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
