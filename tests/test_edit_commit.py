"""`--commit` is all or nothing, and one writer at a time: through the real CLI in real git
repositories, every way a commit can fail leaves the plan byte for byte as it was and the index
unchanged, in one line with exit 2; a retry after fixing the cause records the entry once."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

PLAN = Path("plans/nordvik/p-0042.yaml")
EVALUATE = ["evaluate", "p-0042", "g2", "-a", "sustaining", "-o", "continue", "--by", "per"]
EVALUATE += ["--citizen", "Bra nå.", "--today", PINNED_TODAY, "--commit"]


def _state(repo: Path) -> tuple[bytes, str, str]:
    return (repo / PLAN).read_bytes(), git(repo, "ls-files", "--stage"), git(repo, "rev-parse", "HEAD")


def _conflict(repo: Path, what: str) -> None:
    """A merge or a rebase stopped by a conflict in another file."""
    notes = repo / "notes.txt"
    git(repo, "checkout", "-q", "-b", "other")
    notes.write_text("theirs\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-qm", "theirs")
    git(repo, "checkout", "-q", "main")
    notes.write_text("ours\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-qm", "ours")
    if what == "merge":
        assert subprocess.run(["git", "merge", "-q", "other"], cwd=repo, capture_output=True).returncode
        assert (repo / ".git" / "MERGE_HEAD").exists()
    else:
        assert subprocess.run(["git", "rebase", "-q", "other"], cwd=repo, capture_output=True).returncode
        assert (repo / ".git" / "rebase-merge").exists() or (repo / ".git" / "rebase-apply").exists()


def _no_identity(repo: Path, env: dict[str, str | None]) -> Callable[[], None]:
    git(repo, "config", "user.useConfigOnly", "true")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        env[name] = None

    def fix() -> None:
        git(repo, "config", "user.name", "Kari Hansen")
        git(repo, "config", "user.email", "kari@example.org")

    return fix


def _merge(repo: Path, env: dict[str, str | None]) -> Callable[[], None]:
    _conflict(repo, "merge")
    return lambda: git(repo, "merge", "--abort")


def _rebase(repo: Path, env: dict[str, str | None]) -> Callable[[], None]:
    _conflict(repo, "rebase")
    return lambda: git(repo, "rebase", "--abort")


def _index_lock(repo: Path, env: dict[str, str | None]) -> Callable[[], None]:
    lock = repo / ".git" / "index.lock"
    lock.write_bytes(b"")
    return lock.unlink


def _no_git(repo: Path, env: dict[str, str | None]) -> Callable[[], None]:
    empty = repo.parent / "empty-bin"
    empty.mkdir()
    env["PATH"] = str(empty)
    return lambda: env.pop("PATH")


def _hook_says_no(repo: Path, env: dict[str, str | None]) -> Callable[[], None]:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint found problems' >&2\necho 'second line' >&2\nexit 1\n")
    hook.chmod(0o755)
    return hook.unlink


FAULTS = {
    "no-identity": (_no_identity, "git does not know who you are"),
    "merge": (_merge, "a merge is in progress"),
    "rebase": (_rebase, "a rebase is in progress"),
    "index-lock": (_index_lock, "another git command is using the repository"),
    "git-missing": (_no_git, "--commit needs git"),
    "pre-commit-hook": (_hook_says_no, "git could not commit plans/nordvik/p-0042.yaml: lint found problems"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failing_commit_changes_nothing_and_a_retry_records_once(
    fault: str, cli: Cli, plans_repo: Path
) -> None:
    make, words = FAULTS[fault]
    env: dict[str, str | None] = {}
    other = plans_repo / "plans" / "solbakken" / "p-0113.yaml"
    conflict = fault in ("merge", "rebase")  # git starts these only in a clean work tree
    if conflict:
        fix = make(plans_repo, env)
    # someone else's staged change, which must stay staged and out of the commit
    other.write_text(other.read_text(encoding="utf-8") + "# staged by someone else\n", encoding="utf-8")
    git(plans_repo, "add", str(other))
    if not conflict:
        fix = make(plans_repo, env)
    before = _state(plans_repo)
    result = cli(EVALUATE, cwd=plans_repo, env=env)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("ipcli: "), result.stderr
    assert words in result.stderr
    assert _state(plans_repo) == before
    fix()
    again = cli(EVALUATE, cwd=plans_repo, env=env)
    assert again.exit_code == 0, again.stderr
    text = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert text.count("citizen: Bra nå.") == 1
    assert git(plans_repo, "show", "--name-only", "--format=", "HEAD").split() == [PLAN.as_posix()]
    assert git(plans_repo, "status", "--porcelain", "--", str(PLAN)) == ""
    if not conflict:  # (an aborted merge or rebase resets the index itself)
        assert git(plans_repo, "diff", "--cached", "--name-only").split() == ["plans/solbakken/p-0113.yaml"]


def test_earlier_uncommitted_changes_are_not_taken_into_the_commit(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8") + "# my own unfinished edit\n", encoding="utf-8")
    before = _state(plans_repo)
    result = cli(EVALUATE, cwd=plans_repo)
    assert result.exit_code == 2 and "has changes that are not committed yet" in result.stderr
    assert _state(plans_repo) == before
    without = cli([a for a in EVALUATE if a != "--commit"], cwd=plans_repo)
    assert without.exit_code == 0, without.stderr


def test_a_second_writer_waits_or_is_refused_never_lost(cli: Cli, plans_repo: Path) -> None:
    """While another ipcli holds the plan's lock, an edit waits; past the wait it is refused."""
    from ipcli.store.lock import plan_lock

    plan = plans_repo / PLAN
    before = plan.read_bytes()
    with plan_lock(plans_repo, plan, "p-0042", wait=0):
        env = {"IPCLI_LOCK_WAIT": "0.2"}
        result = cli([a for a in EVALUATE if a != "--commit"], cwd=plans_repo, env=env)
        assert result.exit_code == 2 and "is being changed by another ipcli command" in result.stderr
        assert plan.read_bytes() == before
    assert not list((plans_repo / ".git").glob("ipcli-edit-*.lock"))  # released and removed
    assert git(plans_repo, "status", "--porcelain") == ""


CONCURRENT = """
import os, sys, time
from pathlib import Path
import typer.main, typer.testing
from typer.testing import CliRunner
from ipcli.cli.main import app
# the command tree built once (Typer builds it anew on each invoke: ~70 ms of CPU, most of a round)
_built = typer.main.get_command(app)
typer.testing._get_command = lambda _app: _built
from ipcli.plan.parse import parse
from ipcli.plan.limits import Limits

repo, me, rounds, marks = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
other = "b" if me == "a" else "a"
os.chdir(repo)
runner = CliRunner()
plan = repo / "plans" / "nordvik" / "p-0042.yaml"
original = plan.read_bytes()


def meet(step):  # both workers reach `step` before either goes on
    (marks / f"{me}-{step}").touch()
    while not (marks / f"{other}-{step}").exists():
        time.sleep(0.002)


for r in range(rounds):
    meet(f"start-{r}")
    result = runner.invoke(app, ["evaluate", "p-0042", "g2", "-a", "sustaining", "-o", "continue",
        "--by", "per", "--citizen", f"{me}{r}", "--next", "2027-03-01", "--today", "2026-11-23"])
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    parse(plan.read_bytes(), Limits())  # the file reads whenever a writer looks
    (marks / f"{me}-{r}.code").write_text(str(result.exit_code))
    meet(f"done-{r}")
    text = plan.read_text(encoding="utf-8")
    for who in (me, other):  # each evaluation is in the file once if it was recorded, else not
        code = (marks / f"{who}-{r}.code").read_text()
        assert text.count(f"citizen: {who}{r}\\n") == (1 if code == "0" else 0), (who, r, code)
    meet(f"checked-{r}")
    if me == "a":  # the next round starts from the same plan
        plan.write_bytes(original)
    meet(f"reset-{r}")
    print(f"{r} {result.exit_code}", flush=True)
"""


@pytest.mark.slow
def test_two_concurrent_writers_for_200_rounds_lose_nothing(plans_repo: Path, tmp_path: Path) -> None:
    """200 rounds: two processes run `evaluate` on one plan at the same moment. Each evaluation is
    recorded (exit 0, in the file once) or refused (exit 2, not in the file); the file reads
    throughout. Each round starts from the same plan, so every round costs the same."""
    script = tmp_path / "writer.py"
    script.write_text(CONCURRENT, encoding="utf-8")
    marks = tmp_path / "marks"
    marks.mkdir()
    env = {**os.environ, "IPCLI_NO_CACHE": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(plans_repo), w, "200", str(marks)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in ("a", "b")
    ]
    outs = [p.communicate(timeout=900) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-3000:] for o in outs]
    codes = [line.split()[1] for out, _ in outs for line in out.splitlines()]
    assert len(codes) == 400 and set(codes) <= {"0", "2"}
    assert codes.count("0") >= 200  # the second writer waits for the first: most rounds record both


def test_a_symlinked_or_read_only_plan_is_refused(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / PLAN
    real = plans_repo / "plans" / "p-0042.real"
    plan.rename(real)
    plan.symlink_to(real)
    args = [a for a in EVALUATE if a != "--commit"]
    linked = cli(args, cwd=plans_repo)
    assert linked.exit_code == 2 and "is a symbolic link" in linked.stderr
    assert plan.is_symlink() and real.read_bytes() == git(plans_repo, "show", f"HEAD:{PLAN}").encode()
    plan.unlink()
    real.rename(plan)
    plan.chmod(0o444)
    before = plan.read_bytes()
    read_only = cli(args, cwd=plans_repo)
    assert read_only.exit_code == 2 and "is read-only" in read_only.stderr
    assert plan.read_bytes() == before and stat.S_IMODE(plan.stat().st_mode) == 0o444


def test_new_refuses_a_plans_folder_that_leads_outside_the_repository(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (plans_repo / "plans" / "ute").symlink_to(outside)
    result = cli(
        ["new", "p-0901", "--unit", "ute", "--coordinator", "K K", "--today", PINNED_TODAY], cwd=plans_repo
    )
    assert result.exit_code == 2 and "leads outside the repository" in result.stderr
    assert list(outside.iterdir()) == []


def test_new_with_a_failing_commit_leaves_no_plan(cli: Cli, plans_repo: Path) -> None:
    hook = plans_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'not now' >&2\nexit 1\n")
    hook.chmod(0o755)
    args = ["new", "p-0902", "--unit", "nordvik", "--coordinator", "K K", "--today", PINNED_TODAY, "--commit"]
    result = cli(args, cwd=plans_repo)
    assert result.exit_code == 2 and "not now" in result.stderr
    assert not (plans_repo / "plans" / "nordvik" / "p-0902.yaml").exists()
    assert git(plans_repo, "status", "--porcelain") == ""
    hook.unlink()
    assert cli(args, cwd=plans_repo).exit_code == 0
    assert git(plans_repo, "log", "-1", "--format=%s").strip() == "p-0902: ny plan"  # the plan's language


@pytest.mark.slow
def test_an_edit_while_another_commit_waits_in_its_hook_stays_out_of_it(cli: Cli, plans_repo: Path) -> None:
    """Someone's `git commit` sits in a slow pre-commit hook: ipcli's --commit is refused before
    writing, and the other commit holds only what its author staged."""
    import time

    hook = plans_repo / ".git" / "hooks" / "pre-commit"
    started = plans_repo.parent / "hook-started"
    hook.write_text(f"#!/bin/sh\ntouch '{started}'\nsleep 3\n")
    hook.chmod(0o755)
    other = plans_repo / "plans" / "solbakken" / "p-0113.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")
    git(plans_repo, "add", str(other))
    theirs = subprocess.Popen(["git", "commit", "-qm", "their change"], cwd=plans_repo)
    while not started.exists():
        time.sleep(0.01)
    before = (plans_repo / PLAN).read_bytes()
    result = cli(EVALUATE, cwd=plans_repo)
    assert theirs.wait(timeout=60) == 0
    # refused before writing (git holds the index), or the commit fails and the plan is put back
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "another git command" in result.stderr or "at the same moment" in result.stderr, result.stderr
    assert (plans_repo / PLAN).read_bytes() == before
    assert git(plans_repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "plans/solbakken/p-0113.yaml"
    ]
    hook.unlink()
    assert cli(EVALUATE, cwd=plans_repo).exit_code == 0
    assert git(plans_repo, "show", "--name-only", "--format=", "HEAD").split() == [PLAN.as_posix()]
