"""One git runner (ipcli.store.git): no other module starts git; read-only commands run nothing a
copied repository's configuration names; the caller's GIT_DIR and the like cannot point git
elsewhere; no git is one line; and the faults the fault probe found in git's less common states."""

from __future__ import annotations

import ast
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, PINNED_TODAY, ROOT, Cli, git

PLAN = "plans/nordvik/p-0042.yaml"


def _ipcli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _dated(command: list[str]) -> list[str]:
    """The command with --today where it takes one (show and diff take no date)."""
    return command if command[0] in ("show", "diff") else [*command, "--today", PINNED_TODAY]


def _one_line(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


# --- one runner --------------------------------------------------------------------------------


def _git_starts(tree: ast.AST) -> list[int]:
    """Lines that start git outside the runner: "git" as an element of a command list, or as
    the first argument of subprocess.run/Popen/call/check_output or shutil.which."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
            first = node.elts[0]
            if isinstance(first, ast.Constant) and first.value == "git":
                lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            arg = node.args[0]
            starts = node.func.attr in {"run", "Popen", "call", "check_call", "check_output", "which"}
            if starts and isinstance(arg, ast.Constant) and arg.value == "git":
                lines.append(node.lineno)
    return lines


def test_only_the_runner_starts_git() -> None:
    found = []
    for path in sorted((ROOT / "ipcli").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.relative_to(ROOT).as_posix() == "ipcli/store/git.py" or "git" not in text:
            continue
        found += [f"{path.relative_to(ROOT)}:{n}" for n in _git_starts(ast.parse(text))]
        if "subprocess" in text and '"git"' in text:
            found.append(f'{path.relative_to(ROOT)}: subprocess and "git"')
    assert found == [], "git started outside ipcli/store/git.py: " + ", ".join(found)


def test_the_check_above_sees_a_git_start() -> None:
    tree = ast.parse('import subprocess\nsubprocess.run(["git", "status"], cwd=".")\n')
    assert _git_starts(tree) == [2]


def test_the_runner_imports_nothing_above_it() -> None:
    tree = ast.parse((ROOT / "ipcli" / "store" / "git.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {m for m in imported if m.startswith("ipcli")} <= {"ipcli.errors"}


# --- a copied repository runs none of its own commands ------------------------------------------


def _copied_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A plans repository whose .git/config names, for every way git has of running a command,
    a command that leaves a marker; then copied as a zip or a shared drive would (not cloned):
    the copy's files differ from the index in every stat field, so git would look at them."""
    marks = tmp_path / "marks"
    marks.mkdir()
    source = tmp_path / "source"
    shutil.copytree(EXAMPLES, source)
    git(source, "init", "-q", "-b", "main")
    (source / ".gitattributes").write_text(
        "plans/nordvik/* filter=evil diff=evil\nplans/solbakken/* filter=proc diff=evil\n", encoding="utf-8"
    )
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "Example plans")
    plan = source / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("coordinator: kari", "coordinator: per", 1))
    git(source, "commit", "-q", "-am", "coordinator")
    _fake_signature(source)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "reference-transaction", "pre-commit", "post-checkout", "gpg"):
        script = hooks / hook
        script.write_text(f"#!/bin/sh\ntouch {marks}/hook-{hook}\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        shutil.copy(script, source / ".git" / "hooks" / hook)

    def mark(name: str, then: str = "") -> str:
        return f"touch {marks}/{name}; {then}" if then else f"touch {marks}/{name}; false"

    for key, value in {
        "core.fsmonitor": mark("fsmonitor"),
        "core.hooksPath": str(hooks),
        "core.pager": mark("pager", "cat"),
        "pager.log": mark("pager-log", "cat"),
        "core.editor": mark("editor"),
        "core.sshCommand": mark("ssh"),
        "credential.helper": f"!{mark('credential')}",
        "gpg.program": str(hooks / "gpg"),
        "log.showSignature": "true",
        "filter.evil.clean": mark("clean", "cat"),
        "filter.evil.smudge": mark("smudge", "cat"),
        "filter.proc.process": mark("process"),
        "diff.evil.textconv": mark("textconv", "cat"),
        "diff.evil.command": mark("diff-driver"),
        "diff.external": mark("external-diff"),
        "core.untrackedCache": "true",
        "user.email": "kari.hansen@example.org",
    }.items():
        git(source, "config", key, value)
    # the user edited the plan after the copy was made: git must look at its content
    copy = tmp_path / "copy"
    shutil.copytree(source, copy, symlinks=True)
    time.sleep(0.01)
    edited = copy / PLAN
    edited.write_text(edited.read_text(encoding="utf-8").replace("coordinator: per", "coordinator: kari", 1))
    return copy, marks


def _fake_signature(repo: Path) -> None:
    """Give HEAD a (meaningless) signature, so `log.showSignature` would run gpg.program."""
    body = git(repo, "cat-file", "commit", "HEAD")
    head, _, message = body.partition("\n\n")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----"
    made = subprocess.run(
        ["git", "hash-object", "-w", "-t", "commit", "--stdin"],
        cwd=repo,
        input=f"{head}\n{signature}\n\n{message}",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(repo, "update-ref", "HEAD", made)


READ_ONLY = [
    ["lint"],
    ["due", "--format", "text"],
    ["stats"],
    ["plans", "--format", "text"],
    ["log", "p-0042"],
    ["log", "--since", "2020-01-01"],
    ["diff", "p-0042"],
    ["diff", "p-0042", "HEAD~1", "HEAD"],
    ["show", "p-0042", "--at", "HEAD~1"],
    ["show", "p-0042"],
    ["render", "p-0042"],
    ["render", "p-0042", "--at", "HEAD~1"],
    ["export", "p-0042", "--fhir"],
    [
        "evaluate",
        "p-0042",
        "g1",
        "-a",
        "improving",
        "-o",
        "continue",
        "--by",
        "kari",
        "--next",
        "2027-01-10",
        "--dry-run",
    ],
    ["due", "--mine", "--format", "text"],
]


def test_what_git_would_run_for_a_copied_repository_is_what_the_copy_names(tmp_path: Path) -> None:
    # the measurement the guarantee stands on: git itself, run plainly in the copy, runs them
    copy, marks = _copied_repository(tmp_path)
    no_process = ["-c", "filter.proc.process="]  # a failing process filter stops git at once
    for args in (["status"], [*no_process, "status"], ["log", "-1"], [*no_process, "log", "-1", "-p"]):
        subprocess.run(["git", *args], cwd=copy, capture_output=True, timeout=30)
    ran = {p.name for p in marks.iterdir()}
    expected = {"fsmonitor", "clean", "smudge", "process", "hook-gpg", "hook-post-index-change"}
    assert expected <= ran and ran & {"diff-driver", "external-diff", "textconv"}, ran


@pytest.mark.slow
def test_read_only_commands_run_nothing_a_copied_repository_names(tmp_path: Path, cli: Cli) -> None:
    copy, marks = _copied_repository(tmp_path)
    for command in READ_ONLY:
        done = cli(_dated(command), cwd=copy, env={"IPCLI_NO_CACHE": ""})
        # each ran to its end, or stopped at a version stored through the repository's filter
        assert done.exit_code in (0, 1) or "filter 'evil'" in done.stderr, (command, done.stderr)
        ran = sorted(p.name for p in marks.iterdir())
        assert ran == [], (command, ran, done.stderr)
    lint = cli(["lint", "--today", PINNED_TODAY], cwd=copy)
    assert lint.exit_code in (0, 1), lint.stderr  # the files on disk read as ever
    # a version stored through the repository's own filter is not read, and says why
    show = cli(["show", "p-0042", "--at", "HEAD~1"], cwd=copy)
    assert show.exit_code == 2 and "filter 'evil'" in show.stderr, show.stderr
    assert len(show.stderr.strip().splitlines()) == 1


# --- the caller's environment --------------------------------------------------------------------


@pytest.mark.slow
def test_git_dir_and_work_tree_from_the_caller_do_not_point_git_elsewhere(
    plans_repo: Path, tmp_path: Path
) -> None:
    # what a git hook or a shell that set GIT_DIR leaves in the environment
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    env = {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other), "GIT_INDEX_FILE": str(other / "x")}
    for command in (
        ["lint"],
        ["due", "--format", "text"],
        ["log", "p-0042"],
        ["show", "p-0042", "--at", "HEAD"],
    ):
        done = _ipcli(plans_repo, *_dated(command), env=env)
        assert done.returncode in (0, 1), (command, done.stderr)
        assert "cannot be opened" not in done.stdout + done.stderr, command
        assert "plan created" in done.stdout or command[0] != "log", command


# --- no git ---------------------------------------------------------------------------------------


def _no_git_path(tmp_path: Path) -> str:
    """A PATH with no git on it (and nothing else ipcli needs: it runs as python -m ipcli)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    return str(empty)


def test_init_without_git_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "new-plans"
    done = _ipcli(tmp_path, "init", str(folder), env={"PATH": _no_git_path(tmp_path)})
    _one_line(done)
    assert "git is not installed" in done.stderr
    assert not folder.exists() or list(folder.iterdir()) == []


def test_new_without_git_works_and_new_commit_without_git_is_one_line(
    plans_repo: Path, tmp_path: Path
) -> None:
    path = _no_git_path(tmp_path)
    done = _ipcli(
        plans_repo,
        "new",
        "p-0901",
        "--person",
        "Test Testesen",
        "--coordinator",
        "Test Koordinator",
        "--today",
        PINNED_TODAY,
        env={"PATH": path},
    )
    assert done.returncode == 0, done.stderr
    assert list(plans_repo.rglob("p-0901.yaml"))
    committed = _ipcli(
        plans_repo,
        "new",
        "p-0902",
        "--coordinator",
        "Test Koordinator",
        "--commit",
        "--today",
        PINNED_TODAY,
        env={"PATH": path},
    )
    _one_line(committed)
    assert not list(plans_repo.rglob("p-0902.yaml"))


@pytest.mark.slow
def test_history_without_git_is_one_line(plans_repo: Path, tmp_path: Path) -> None:
    path = _no_git_path(tmp_path)
    for command in (["log", "p-0042"], ["show", "p-0042", "--at", "HEAD"], ["diff", "p-0042"]):
        done = _ipcli(plans_repo, *_dated(command), env={"PATH": path})
        _one_line(done)
        assert "git is not installed" in done.stderr, done.stderr
    lint = _ipcli(plans_repo, "lint", "--today", PINNED_TODAY, env={"PATH": path})
    assert lint.returncode in (0, 1), lint.stderr  # the files themselves need no git


# --- the cache and git's "do not look" marks ----------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["assume-unchanged", "core.ignoreStat"])
def test_a_plan_git_does_not_look_at_is_read_from_disk(plans_repo: Path, how: str) -> None:
    env = {"IPCLI_NO_CACHE": ""}
    warm = _ipcli(plans_repo, "plans", "--format", "json", "--today", PINNED_TODAY, env=env)
    assert _status(warm.stdout) == "active"  # now in the cache, under the index's blob id
    if how == "assume-unchanged":
        git(plans_repo, "update-index", "--assume-unchanged", PLAN)
    else:  # git marks each entry it adds from now on as one it need not look at
        git(plans_repo, "config", "core.ignoreStat", "true")
        git(plans_repo, "rm", "-q", "--cached", PLAN)
        git(plans_repo, "add", PLAN)
    plan = plans_repo / PLAN
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: active", "status: closed", 1), encoding="utf-8"
    )
    assert git(plans_repo, "diff", "--name-only") == ""  # git itself does not see the change
    done = _ipcli(plans_repo, "plans", "--format", "json", "--today", PINNED_TODAY, env=env)
    assert _status(done.stdout) == "closed"


def _status(out: str) -> str:
    import json

    return str(next(p["status"] for p in json.loads(out)["plans"] if p["id"] == "p-0042"))


# --- a repository with no commits ---------------------------------------------------------------


@pytest.mark.slow
def test_history_in_a_repository_with_no_commits_is_one_clear_line(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    shutil.copytree(EXAMPLES, repo)
    git(repo, "init", "-q")
    for command in (
        ["show", "p-0042", "--at", "HEAD"],
        ["show", "p-0042", "--at", "2026-01-01"],
        ["diff", "p-0042", "HEAD", "2026-01-01"],
        ["render", "p-0042", "--at", "HEAD"],
    ):
        done = _ipcli(repo, *_dated(command))
        _one_line(done)
        assert "no commits yet" in done.stderr, (command, done.stderr)


# --- symlink loops in a folder that is no git work tree -----------------------------------------


def _zip_download(tmp_path: Path) -> Path:
    folder = tmp_path / "download"
    shutil.copytree(EXAMPLES, folder)
    return folder


def test_links_to_a_folder_above_are_followed_once(tmp_path: Path, cli: Cli) -> None:
    folder = _zip_download(tmp_path)
    (folder / "plans" / "nordvik" / "up").symlink_to("..")
    done = cli(["lint", "--today", PINNED_TODAY], cwd=folder)
    assert done.exit_code in (0, 1), done.stderr
    assert "6 plans checked" in done.stderr, done.stderr
    plans = cli(["plans", "--format", "text", "--today", PINNED_TODAY], cwd=folder)
    assert plans.stdout.count("p-0042") == 1, plans.stdout


def test_links_to_the_same_folder_do_not_loop(tmp_path: Path, cli: Cli) -> None:
    folder = _zip_download(tmp_path)
    (folder / "plans" / "self").symlink_to(".")
    (folder / "plans" / "nordvik" / "self").symlink_to(".")
    (folder / "plans" / "out").symlink_to(EXAMPLES / "plans" / "solbakken")  # out of the repository
    started = time.monotonic()
    for command in (["lint"], ["due", "--format", "text"], ["lint", "plans"]):
        done = cli([*command, "--today", PINNED_TODAY], cwd=folder)
        assert done.exit_code in (0, 1), (command, done.stderr)
    assert time.monotonic() - started < 20
    plans = cli(["plans", "--format", "text", "--today", PINNED_TODAY], cwd=folder)
    assert plans.stdout.count("p-0042") == 1 and plans.stdout.count("p-0107") == 1, plans.stdout
