"""Time this checkout's ipcli against another revision's, in the same minutes (A/B).

    python benchmarks/ab.py --base REV [--sizes 1000 10000] [--runs 11] [--work DIR]

The machine's speed drifts over minutes and from one afternoon to the next (docs/performance.md):
two versions of ipcli compare only when their runs alternate. For each size this takes the
repository benchmarks/run.py generates (made if missing), a copy of it for the base (each
version keeps its own cache: one version's cache is another build's and would be rebuilt on
every run), the base revision checked out in a git worktree with its bytecode written, and
then runs warm `lint` and `due` (in the repository's language, bokmål, and in English) of the
two versions in turn, `runs` times each. It prints the medians and the change. The start-up
floor (Python importing Typer) is timed in the same rounds, to say how fast the machine was.
Beside the wall-clock medians it prints the medians of the CPU time each process used (user +
system): other work on a busy machine stretches a run's wall time far more than its CPU time.
The base's worktree stays under --work for the next comparison; `git worktree remove DIR`
removes it.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import TODAY, generate, run_once  # noqa: E402  (the benchmark's own helpers)

ROOT = HERE.parent


def base_tree(rev: str, work: Path) -> Path:
    """The base revision in a git worktree under work (made once per revision)."""
    ask = ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"]
    sha = subprocess.run(ask, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    tree = work / f"base-{sha[:12]}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), sha], cwd=ROOT, check=True)
    compileall.compile_dir(str(tree / "ipcli"), quiet=1)
    compileall.compile_dir(str(ROOT / "ipcli"), quiet=1)
    return tree


def run_timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system) and exit code of one process."""
    import time

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
    return elapsed, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def commands(tree: Path | None) -> tuple[list[str], dict[str, str]]:
    """How to start one version: this checkout's or the base's, first on the module path."""
    return [sys.executable, "-m", "ipcli"], {"PYTHONPATH": str(tree if tree is not None else ROOT)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the git revision to compare with")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ipcli-bench"))
    parser.add_argument("--today", default=TODAY, help=f"the day the runs take as today (default {TODAY})")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    tree = base_tree(args.base, args.work)
    floor = [sys.executable, "-c", "import typer"]
    out = [
        f"A/B: base {args.base} against this checkout, {args.runs} alternating runs each, "
        f"today {args.today} (medians, s)",
        "",
        "| command | plans | base | this | change | CPU base | CPU this | CPU change |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in args.sizes:
        repo = generate(size, args.work)
        copy = args.work / f"plans-{size}-base"
        if not copy.exists():
            shutil.copytree(repo, copy, symlinks=True)
        for where in (repo, copy):  # a copied index has other files' times: git would read every file
            subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=where, check=False)
        steps = [
            ("lint warm", ["lint", "--today", args.today, "-q"]),
            ("lint warm, en", ["lint", "--today", args.today, "-q", "--lang", "en"]),
            ("due warm", ["due", "--today", args.today, "-f", "text", "-q"]),
            ("due warm, en", ["due", "--today", args.today, "-f", "text", "-q", "--lang", "en"]),
        ]
        versions = {"base": (commands(tree), copy), "this": (commands(None), repo)}
        for (cmd, env), where in versions.values():  # fill each version's cache
            run_once([*cmd, "lint", "--today", args.today, "-q"], where, env)
        times: dict[tuple[str, str], list[float]] = {}
        cpus: dict[tuple[str, str], list[float]] = {}
        floors: list[float] = []
        refused: dict[tuple[str, str], int] = {}
        for _ in range(args.runs):
            floors.append(run_once(floor, repo)[0])
            for what, argv_ in steps:
                for name, ((cmd, env), where) in versions.items():
                    if (what, name) in refused:
                        continue
                    elapsed, cpu, code = run_timed([*cmd, *argv_], where, env)
                    if code not in (0, 1):  # e.g. an option the base does not have yet
                        refused[(what, name)] = code
                        continue
                    times.setdefault((what, name), []).append(elapsed)
                    cpus.setdefault((what, name), []).append(cpu)
        for what, _ in steps:
            got = {n: statistics.median(times[(what, n)]) for n in versions if (what, n) in times}
            shown = {n: f"{got[n]:.3f}" if n in got else f"exit {refused.get((what, n))}" for n in versions}
            change = f"{(got['this'] - got['base']) / got['base']:+.0%}" if len(got) == 2 else ""
            used = {n: statistics.median(cpus[(what, n)]) for n in versions if (what, n) in cpus}
            cpu_shown = {n: f"{used[n]:.3f}" if n in used else "" for n in versions}
            cpu_change = f"{(used['this'] - used['base']) / used['base']:+.0%}" if len(used) == 2 else ""
            out.append(
                f"| {what} | {size:,} | {shown['base']} | {shown['this']} | {change} "
                f"| {cpu_shown['base']} | {cpu_shown['this']} | {cpu_change} |"
            )
        start = statistics.median(floors)
        out.append(f"| floor: start-up (python, import typer) | {size:,} | {start:.3f} | | | | | |")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    raise SystemExit(main())
