"""Time ipcli as whole processes on generated plans repositories, against the floors and peers.

    python benchmarks/run.py [--sizes 1000 10000] [--runs 5] [--work DIR] [--write docs/performance.md]

For each size: a repository from generate.py (made once, kept in --work); then, in rounds (each
command once per round, so that the machine's drift falls on all of them alike), medians of:
`ipcli --help`; `ipcli lint` cold (no cache) and warm; `ipcli due` warm and with 1 % of the plans
changed; `ipcli log`, `ipcli log --since 7d`, `ipcli render --all` into an empty folder and a
second time into the same one; the floors (reading every plan's bytes; `git ls-files -s`;
Python starting and importing Typer, which every command pays) and `check-jsonschema` on the
same files where it is installed. Peak memory is each process's
maximum resident size. Benchmarks are not tests: the targets are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"
BIN = Path(sys.executable).parent

# (command key) -> target seconds at 1,000 and 10,000 plans (docs: shared performance targets)
TARGETS = {
    "lint cold": (1.5, 10.0),
    "lint warm": (0.15, 0.4),
    "due warm": (0.15, 0.4),
    "lint warm, en": (0.15, 0.4),
    "due warm, en": (0.15, 0.4),
    "due 1% changed": (0.2, 1.0),
    "log PLAN": (0.3, 0.5),
    "log --since 7d": (0.5, 2.0),
    "render --all": (5.0, 30.0),
    "render --all, second run": (5.0, 30.0),  # the target is for both; a second run is far below
    "render PLAN --format pdf": (1.0, 1.0),
    "render --all --format pdf": (300.0, 3000.0),  # 5 minutes at 1,000 plans; peak memory <= 300 MB
    "--help": (0.15, 0.15),
}
MEMORY_TARGET_MB = (150, 200)


@dataclass
class Row:
    what: str
    size: int
    seconds: float
    peak_mb: float
    runs: int
    note: str = ""


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall time, peak resident memory (MB) and exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


@dataclass
class Step:
    """One thing to time, once per round: a whole process (cmd) or something in this one (call)."""

    what: str
    cmd: list[str] | None = None
    call: Callable[[], None] | None = None
    before: Callable[[], None] | None = None
    env: dict[str, str] | None = None
    rounds: int | None = None  # in the first N rounds only (None: every round)


def run_rounds(steps: list[Step], cwd: Path, runs: int, size: int) -> list[Row]:
    """Every step once per round, `runs` rounds. The machine's speed drifts over minutes; taking
    the rounds in turn spreads each command's runs over the whole benchmark, so a slow spell
    falls on all of them alike instead of on whichever command was being timed."""
    samples: dict[str, list[tuple[float, float]]] = {s.what: [] for s in steps}
    failed: dict[str, str] = {}
    for number in range(runs):
        for step in steps:
            if step.what in failed or (step.rounds is not None and number >= step.rounds):
                continue
            if step.before is not None:
                step.before()
            if step.call is not None:
                started = time.perf_counter()
                step.call()
                samples[step.what].append((time.perf_counter() - started, 0.0))
                continue
            assert step.cmd is not None
            elapsed, peak, code = run_once(step.cmd, cwd, step.env)
            if code not in (0, 1):
                failed[step.what] = f"exit {code}"
                continue
            samples[step.what].append((elapsed, peak))
    rows = []
    for step in steps:
        got = samples[step.what]
        if step.what in failed or not got:
            rows.append(Row(step.what, size, float("nan"), 0, len(got), failed.get(step.what, "")))
        else:
            median = statistics.median(t for t, _ in got)
            rows.append(Row(step.what, size, median, max(p for _, p in got), len(got)))
    return rows


def has_command(name: str) -> bool:
    return subprocess.run([str(BIN / "ipcli"), name, "--help"], capture_output=True).returncode == 0


def compile_ipcli() -> None:
    """Write ipcli's bytecode, as pip does when it installs the wheel: a source checkout run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every run (20-30 ms)."""
    import compileall

    import ipcli

    compileall.compile_dir(str(Path(ipcli.__file__).parent), quiet=1)


def generate(size: int, work: Path) -> Path:
    """The generated repository of this many plans under work (made once, then kept)."""
    repo = work / f"plans-{size}"
    if not repo.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(repo), "--plans", str(size)], check=True
        )
    return repo


def bench_size(size: int, runs: int, work: Path) -> list[Row]:
    repo = generate(size, work)
    ipcli = str(BIN / "ipcli")
    cache = repo / ".git" / "ipcli"
    files = sorted(repo.glob("plans/**/*.yaml"))

    def read_all() -> None:
        for f in files:
            f.read_bytes()

    lint = [ipcli, "lint", "--today", TODAY, "-q"]
    due = [ipcli, "due", "--today", TODAY, "-f", "text", "-q"]
    changed = files[::100] or files[:1]
    counter = [0]

    def change_one_percent() -> None:
        counter[0] += 1
        for f in changed:
            with open(f, "a", encoding="utf-8") as fh:
                fh.write(f"# bench edit {counter[0]}\n")

    def fill(cmd: list[str]) -> None:
        run_once(cmd, repo)

    def restore() -> None:
        subprocess.run(["git", "checkout", "-q", "--", "."], cwd=repo, check=True)

    plan_id = files[len(files) // 2].stem
    later = [
        Step(what, cmd)
        for what, cmd in (
            ("log PLAN", [ipcli, "log", plan_id]),
            ("log --since 7d", [ipcli, "log", "--since", "7d", "--today", TODAY]),
            (
                "render PLAN --format pdf",
                [ipcli, "render", plan_id, "-f", "pdf", "-o", str(work / "one.pdf"), "--today", TODAY],
            ),
        )
        if has_command(cmd[1])
    ]
    if has_command("render"):
        # a first run into an empty folder, then a second run into the same folder (nothing has
        # changed: every page is as the first run left it, and nothing is written)
        site = work / f"site-{size}"
        render_all = [ipcli, "render", "--all", "--out", str(site)]
        later[:0] = [
            Step("render --all", render_all, before=lambda: shutil.rmtree(site, True)),
            Step("render --all, second run", render_all),
        ]
    if size <= 1000:  # minutes a run; the target is set at 1,000 plans
        pdf_out = str(work / f"pdf-{size}")
        pdf_all = [ipcli, "render", "--all", "-f", "pdf", "--out", pdf_out, "--today", TODAY]
        later.append(Step("render --all --format pdf", pdf_all, rounds=1))
    steps = [
        Step("floor: read all bytes (in process)", call=read_all, before=restore),
        Step("floor: git ls-files -s", ["git", "ls-files", "-s"]),
        Step("floor: start-up (python, import typer)", [str(BIN / "python"), "-c", "import typer"]),
        Step("--help", [ipcli, "--help"]),
        Step("lint cold", lint, before=lambda: shutil.rmtree(cache, True)),
        Step(
            "lint cold, one process",
            lint,
            before=lambda: shutil.rmtree(cache, True),
            env={"IPCLI_JOBS": "1"},
            rounds=max(1, runs // 2),
        ),
        # the generated repository says language = "nb": warm runs in bokmål, and in English
        Step("lint warm", lint, before=lambda: fill(lint)),
        Step("lint warm, en", [*lint, "--lang", "en"]),
        Step("due warm", due),
        Step("due warm, en", [*due, "--lang", "en"]),
        *later,
        Step("due 1% changed", due, before=change_one_percent),  # last: the round after restores
    ]
    rows = run_rounds(steps, repo, runs, size)
    restore()
    peer = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    schema = HERE.parent / "ipcli" / "schemas" / "plan.schema.json"
    if peer:
        rel = [str(f.relative_to(repo)) for f in files]
        cmd = [peer, "--schemafile", str(schema), *rel]
        peer_runs = 1 if size >= 5000 else max(1, runs // 2)  # minutes per run at 10,000 plans
        rows += run_rounds([Step("peer: check-jsonschema", cmd)], repo, peer_runs, size)
    else:
        note = "not installed (pip install check-jsonschema)"
        rows.append(Row("peer: check-jsonschema", size, float("nan"), 0, 0, note))
    return rows


def table(rows: list[Row]) -> str:
    by = {(r.what, r.size): r for r in rows}
    out = [
        "| command | plans | median s | peak MB | runs | target s | met | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = TARGETS.get(r.what)
        t = None if target is None else target[0 if r.size <= 1000 else 1]
        met = "" if t is None or r.seconds != r.seconds else ("yes" if r.seconds <= t else "NO")
        mem_t = MEMORY_TARGET_MB[0 if r.size <= 1000 else 1]
        if r.peak_mb > mem_t:
            met += " (memory NO)"
        secs = "—" if r.seconds != r.seconds else f"{r.seconds:.3f}"
        peak = f"{r.peak_mb:.0f}" if r.peak_mb else ""
        out.append(
            f"| {r.what} | {r.size:,} | {secs} | {peak} | {r.runs} | "
            f"{'' if t is None else t} | {met} | {r.note} |"
        )
    out.append("")
    for size in sorted({r.size for r in rows}):
        floor = by.get(("floor: read all bytes (in process)", size))
        cold = by.get(("lint cold", size))
        peer = by.get(("peer: check-jsonschema", size))
        if floor and cold:
            out.append(
                f"- {size:,} plans: lint cold is {cold.seconds / max(floor.seconds, 1e-9):.0f}× "
                "the time to read every plan's bytes"
            )
        if peer and cold and peer.seconds == peer.seconds:
            out.append(
                f"- {size:,} plans: check-jsonschema (schema only, no positions) takes "
                f"{peer.seconds / cold.seconds:.1f}× as long as ipcli lint cold"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ipcli-bench"))
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    compile_ipcli()
    for size in args.sizes:
        rows += bench_size(size, args.runs, args.work)
    text = table(rows)
    sys.stdout.write(text)
    if args.write:
        command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        args.write.write_text(f"<!-- generated by: {command} -->\n{text}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
