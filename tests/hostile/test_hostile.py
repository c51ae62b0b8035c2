"""Every hostile input through every command that reads plans, each command in a process of its
own: exit 0, 1 or 2 as expected, a clear message and no traceback, within the bounds of time and
peak memory in corpus.py, and nothing in the repository written unless the command is an edit
that succeeded.

A fresh interpreter for each of the 740 runs spent most of the corpus's time starting Python and
importing ipcli. So the commands run in processes forked from one that has imported ipcli
already (`Forks`, one per test module and worker): each is still a process of its own, with its
own files for output, its own exit code, and its own peak memory as the operating system counts
it; only the start-up is shared. `lint` of every input also runs as before, in a fresh
interpreter, so the installed command's own start is covered with every input.

Set IPCLI_HOSTILE_TABLE=FILE to also write the table of inputs with the slowest time and the
largest peak memory each took (docs and the closing note quote it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, git
from hostile.corpus import CASES, CLEAN, FINDINGS, MAX_PEAK_MB, MAX_SECONDS, PLAN_ID, ROOT, UNUSABLE, Case

pytestmark = pytest.mark.slow  # every test here takes seconds: `-m 'not slow'` leaves them out

PLAN = f"plans/{PLAN_ID}.yaml"
T = ("--today", PINNED_TODAY)

# command key -> arguments (OUT is replaced by a folder outside the repository)
COMMANDS: dict[str, list[str]] = {
    "lint": ["lint", PLAN, *T],
    "lint-all": ["lint", *T],
    "lint-github": ["lint", "--format", "github", *T],
    "lint-redact-json": ["lint", "--redact", "--format", "json", *T],
    "due": ["due", *T],
    "due-csv": ["due", "--format", "csv", *T],
    "due-ics": ["due", "--format", "ics", *T],
    "due-json": ["due", "--format", "json", "--redact", *T],
    "render-md": ["render", PLAN, *T],
    "render-html": ["render", PLAN, "--format", "html", "-o", "OUT/plan.html", *T],
    "site": ["render", "--all", "--out", "OUT/site", *T],
    "export": ["export", PLAN, "--fhir", *T],
    "stats": ["stats", *T],
    "show": ["show", PLAN, "--at", "HEAD"],
    "log": ["log", PLAN, *T],
    "diff": ["diff", PLAN],
    "goal": ["goal", PLAN, "health_and_wellbeing", "--text", "Nyt mål", "--said-by", "staff", *T],
    "evaluate": ["evaluate", PLAN, "g1", "--achievement", "improving", "--outcome", "continue", *T],
    "revise": ["revise", PLAN, "--summary", "Revideret.", "--by", "mia", *T],
    "measure": ["measure", PLAN, "m1", "--status", "done", *T],
}
EDITS = {"goal", "evaluate", "revise", "measure"}
LINTS = {"lint", "lint-all", "lint-github", "lint-redact-json"}
NEEDS_THE_PLAN = {"render-md", "render-html", "export", "show", "diff", *EDITS}
NAMES_THE_PLAN = {*NEEDS_THE_PLAN, "log"}


@dataclass
class Run:
    key: str
    code: int
    seconds: float
    peak_mb: float
    out: str
    err: str
    fresh: bool = False  # in a fresh interpreter, not forked

    @property
    def name(self) -> str:
        return f"{self.key} (fresh interpreter)" if self.fresh else self.key


# Each command runs in a fresh interpreter that reports its own peak memory at the end: the
# operating system's figure for a child (wait4) includes the memory of the test process that
# forked it, and this one holds 50 MB inputs.
LAUNCHER = r"""
import os, sys
sys.argv = ["ipcli"] + sys.argv[1:]
from ipcli.cli.main import main
code = main()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:
    pass
peak = next((line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")), "0")
with open(os.environ["IPCLI_PEAK_FILE"], "w") as f:
    f.write(peak)
os._exit(code)
"""


def _env(peak: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "IPCLI_PEAK_FILE": peak}
    env.pop("CI", None)
    return env


def _result(
    code: int, seconds: float, peak: Path, out: Path, err: Path
) -> tuple[int, float, float, str, str]:
    kb = peak.read_text().strip() if peak.exists() else ""
    return (
        code,
        seconds,
        int(kb) / 1024 if kb.isdigit() else float("nan"),
        out.read_bytes().decode("utf-8", "replace"),
        err.read_bytes().decode("utf-8", "replace"),
    )


def _run(args: list[str], cwd: Path) -> tuple[int, float, float, str, str]:
    """Exit code, wall seconds and peak resident memory (MB) of one ipcli process, started as a
    fresh interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        out, err, peak = Path(tmp, "out"), Path(tmp, "err"), Path(tmp, "peak")
        with out.open("wb") as out_f, err.open("wb") as err_f:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-c", LAUNCHER, *args],
                cwd=cwd,
                stdout=out_f,
                stderr=err_f,
                stdin=subprocess.DEVNULL,
                env=_env(str(peak)),
            )
            try:
                code = proc.wait(timeout=MAX_SECONDS * 4)  # a hang fails the bound, not the suite
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait()
            seconds = time.perf_counter() - start
        return _result(code, seconds, peak, out, err)


# The process the commands are forked from: it imports ipcli's modules once (not the language
# server's, which no command here needs; each command is added to the app by main() in the child,
# as in a fresh run, since building all of them costs more than one), then for each request
# (a JSON line: arguments, folder, environment, files) forks a child that runs the command as
# LAUNCHER does, with standard input from /dev/null and its output in the files, and answers
# with the exit code and the wall seconds from fork to exit. A child that outlives the bound is
# killed (a hang fails the bound, not the suite). Requests come on their own pipe, so the child's
# standard streams are the ones a fresh interpreter has, unused.
FORK_SERVER = r"""
import importlib, json, os, pkgutil, signal, sys, time
import ipcli
from ipcli.cli.main import main
for module in pkgutil.walk_packages(ipcli.__path__, "ipcli."):
    if not module.name.endswith("__main__") and ".lsp" not in module.name:
        importlib.import_module(module.name)
# ipcli's own templates compiled once here, as imports are: a child renders, it does not compile
# (compiling them took most of each render's 0.2-0.4 s, 21 commands x 40 inputs)
from ipcli.documents.builtin import builtin_templates
from ipcli.documents.render import _environment
for kind, ending in (("html", ".html.j2"), ("md", ".md.j2")):
    environment = _environment(kind, None)
    for template in sorted(builtin_templates().glob("*" + ending)):
        environment.get_template(template.name)
requests = os.fdopen(int(sys.argv[1]), "r")
answers = os.fdopen(int(sys.argv[2]), "w")
limit = float(sys.argv[3])
for line in requests:
    req = json.loads(line)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            requests.close()
            answers.close()
            os.chdir(req["cwd"])
            os.environ.clear()
            os.environ.update(req["env"])
            for fd, path, flags in (
                (0, os.devnull, os.O_RDONLY),
                (1, req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                (2, req["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            ):
                opened = os.open(path, flags, 0o600)
                os.dup2(opened, fd)
                os.close(opened)
            sys.argv = ["ipcli", *req["args"]]
            code = main()
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except OSError:
                pass
            peak = next(
                (ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("VmHWM")), "0"
            )
            with open(os.environ["IPCLI_PEAK_FILE"], "w") as f:
                f.write(peak)
        finally:
            os._exit(code)
    deadline = start + limit
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    answers.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "seconds": seconds}) + "\n")
    answers.flush()
"""


class Forks:
    """The fork server above, for one test module in one worker."""

    def __init__(self) -> None:
        req_r, self._req_w = os.pipe()
        self._ans_r, ans_w = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER, str(req_r), str(ans_w), str(MAX_SECONDS * 4)],
            pass_fds=(req_r, ans_w),
            stdin=subprocess.DEVNULL,
        )
        os.close(req_r)
        os.close(ans_w)
        self.requests = os.fdopen(self._req_w, "w")
        self.answers = os.fdopen(self._ans_r, "r")

    def run(self, args: list[str], cwd: Path) -> tuple[int, float, float, str, str]:
        """As _run, in a process forked from the server."""
        with tempfile.TemporaryDirectory() as tmp:
            out, err, peak = Path(tmp, "out"), Path(tmp, "err"), Path(tmp, "peak")
            request = {
                "args": args,
                "cwd": str(cwd),
                "env": _env(str(peak)),
                "out": str(out),
                "err": str(err),
            }
            self.requests.write(json.dumps(request) + "\n")
            self.requests.flush()
            answer = self.answers.readline()
            assert answer, f"the fork server ended (exit {self.proc.poll()})"
            reply = json.loads(answer)
            return _result(reply["code"], reply["seconds"], peak, out, err)

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the server ended already: run() said so
            self.requests.close()
        self.answers.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def forks() -> Iterator[Forks]:
    server = Forks()
    yield server
    server.close()


def _snapshot(repo: Path) -> dict[str, str]:
    """Every file in the work tree (not .git) with a hash of its bytes, links as their target."""
    seen = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        if path.is_symlink():
            seen[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def _make_repo(case: Case, where: Path) -> Path:
    repo = where / "repo"
    (repo / "plans").mkdir(parents=True)
    (repo / "ipcli.toml").write_text('profile = "dk-sel141"\nlanguage = "da"\n', encoding="utf-8")
    data = case.make()
    if case.symlink_outside:
        outside = where / "elsewhere" / f"{PLAN_ID}.yaml"
        outside.parent.mkdir()
        outside.write_bytes(data)
        (repo / PLAN).symlink_to(outside)
    else:
        (repo / PLAN).write_bytes(data)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A plan")
    return repo


def _expected_codes(case: Case, key: str) -> set[int]:
    if key in LINTS:
        return {0 if case.outcome == CLEAN else 1}  # an unusable file is one of lint's findings
    if key.startswith("due"):  # a plan that does not read is listed first, and is a finding
        return {0} if case.outcome == CLEAN else {1} if case.outcome == UNUSABLE else {0, 1}
    if case.symlink_outside and key in NAMES_THE_PLAN:
        return {2}  # ipcli does not read it, and says so
    if case.outcome == UNUSABLE and key in NEEDS_THE_PLAN:
        return {2}  # the plan cannot be used: a command that needs it says so
    if key in NEEDS_THE_PLAN and case.outcome == FINDINGS:
        return {0, 2}  # a plan with errors is refused ("run ipcli lint"), one with warnings is not
    if key in EDITS:
        return {0, 2}  # an edit may be refused (the file would not survive the round trip)
    return {0}


_FINDING = re.compile(r"^\S+:\d+:\d+: \S+ IP\d{3} ")  # lint's text line: path:line:col: severity CODE …


def _one_clear_line(run: Run) -> None:
    text = run.out + run.err
    assert "Traceback" not in text and "internal error" not in text, f"{run.name}: {text[-2000:]}"
    if run.code == 2:
        problems = [
            ln for ln in (run.out + "\n" + run.err).splitlines() if " error " in ln or ln.startswith("ipcli:")
        ]
        assert problems, f"{run.name}: exit 2 without saying why: {text[-500:]}"
        assert len(problems[0]) < 400, f"{run.name}: not one clear line: {problems[0][:500]}"
        if run.key not in LINTS:
            said = [ln for ln in run.err.splitlines() if ln.strip()]
            if run.key.startswith("render"):
                # a plan render refuses lists every finding as lint writes it first (issue 27:
                # one slip never hides the others), then the one line of the refusal
                findings, said = [ln for ln in said[:-1] if _FINDING.match(ln)], said[len(said) - 1 :]
                assert len(findings) == len(run.err.strip().splitlines()) - 1, f"{run.name}: {run.err[:500]}"
            assert len(said) == 1, f"{run.name}: more than one line: {said[:5]}"


_TABLE: dict[str, dict[str, object]] = {}


# the command that also runs in a fresh interpreter, with every input
FRESH = "lint"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path, forks: Forks) -> None:
    repo = _make_repo(case, tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _snapshot(repo)

    def one(key: str) -> Run:
        (out_dir / key).mkdir()
        args = [a.replace("OUT", str(out_dir / key)) if a.startswith("OUT") else a for a in COMMANDS[key]]
        # edits and reads must not overlap: edits run after the others, one at a time
        return Run(key, *forks.run(args, repo))

    reads = [k for k in COMMANDS if k not in EDITS]
    runs = [one(key) for key in reads]
    runs.append(Run(FRESH, *_run(COMMANDS[FRESH], repo), fresh=True))
    assert _snapshot(repo) == before, "a read-only command changed the repository"
    for key in sorted(EDITS):
        run = one(key)
        runs.append(run)
        if run.code != 0:
            assert _snapshot(repo) == before, f"{key} failed with {run.code} and changed the repository"
        else:
            git(repo, "checkout", "-q", "--", ".")  # the next edit starts from the same file
            assert _snapshot(repo) == before

    for run in runs:
        expected = _expected_codes(case, run.key)
        assert run.code in expected, (
            f"{run.name}: exit {run.code}, expected {expected}: {(run.out + run.err)[-600:]}"
        )
        _one_clear_line(run)
        assert run.seconds <= MAX_SECONDS, f"{run.name}: {run.seconds:.1f} s"
        assert run.peak_mb <= MAX_PEAK_MB, f"{run.name}: {run.peak_mb:.0f} MB"  # nan (no report) fails too
    lint = next(r for r in runs if r.key == "lint" and not r.fresh)
    if case.says:
        assert case.says.lower() in (lint.out + lint.err).lower(), f"lint said: {(lint.out + lint.err)[:600]}"
    for key, check in case.checks.items():
        if key.startswith(("render-html", "site")):
            texts = [p.read_text(encoding="utf-8") for p in (out_dir / key).rglob("*.html")]
            assert texts, f"{key} wrote nothing to check"
            for text in texts:
                check(text)
        else:
            check(next(r for r in runs if r.key == key and not r.fresh).out)

    _TABLE[case.name] = {
        "outcome": case.outcome,
        "lint": lint.code,
        "said": (lint.out + lint.err).strip().splitlines()[0][:160] if (lint.out + lint.err).strip() else "",
        "slowest": max(runs, key=lambda r: r.seconds).name,
        "seconds": round(max(r.seconds for r in runs), 2),
        "peak_mb": round(max(r.peak_mb for r in runs), 1),
        "heaviest": max(runs, key=lambda r: r.peak_mb).name,
        "commands": len(runs),
    }
    table = os.environ.get("IPCLI_HOSTILE_TABLE")
    if table:
        Path(table).write_text(json.dumps(_TABLE, indent=1, ensure_ascii=False), encoding="utf-8")


def test_the_corpus_is_large_enough_and_named_once() -> None:
    names = [c.name for c in CASES]
    assert len(names) >= 30 and len(set(names)) == len(names)
    assert (ROOT / "examples").is_dir()
