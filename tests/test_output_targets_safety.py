"""Every command that writes a file goes through one checked writer (ipcli/store/outfile.py): it
refuses a plan file, anything inside .git (directly, through a symbolic link or `..`), a device
node and a named pipe outside /dev; it streams `-o -` and `-o /dev/stdout` instead of replacing
anything; `new` creates its plan exclusively; an interrupted write leaves no temporary copy.
All through the real CLI in a real git repository."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PINNED_TODAY, Cli, git

PLAN = "plans/nordvik/p-0042.yaml"
T = ["--today", PINNED_TODAY]

# every command that writes a file, with where the target goes (a typed path)
WRITERS: dict[str, Callable[[str], list[str]]] = {
    "render md": lambda t: ["render", "p-0042", *T, "-o", t],
    "render html": lambda t: ["render", "p-0042", "--format", "html", *T, "-o", t],
    "render pdf": lambda t: ["render", "p-0042", "--format", "pdf", *T, "-o", t],
    "render --all": lambda t: ["render", "--all", *T, "--out", t],
    "render --all pdf": lambda t: ["render", "--all", "--format", "pdf", *T, "--out", t],
    "export": lambda t: ["export", "p-0042", "--fhir", "-o", t],
    "due": lambda t: ["due", *T, "-o", t],
    "due csv": lambda t: ["due", "--format", "csv", *T, "-o", t],
    "due ics": lambda t: ["due", "--format", "ics", *T, "-o", t],
    "stats": lambda t: ["stats", *T, "-o", t],
    "stats csv": lambda t: ["stats", "--format", "csv", *T, "-o", t],
    "init": lambda t: ["init", t, "--ci-install", "ipcli"],
}
KINDS = ["plan file", ".git/description", ".git via a link", ".. into .git", "device", "fifo"]


def _forbidden(kind: str, repo: Path, outside: Path) -> tuple[str, Callable[[], object]]:
    """A forbidden target as a user would type it, and what must stay the same."""
    git_dir = repo / ".git"
    if kind == "plan file":
        return PLAN, lambda: (repo / PLAN).read_bytes()
    if kind == ".git/description":
        return ".git/description", lambda: (git_dir / "description").read_bytes()
    if kind == ".git via a link":
        (outside / "notes").symlink_to(git_dir)
        return str(outside / "notes" / "x"), lambda: sorted(os.listdir(git_dir))
    if kind == ".. into .git":
        return "plans/nordvik/../../.git/x", lambda: sorted(os.listdir(git_dir))
    if kind == "device":
        node = outside / "null"
        try:  # a node like /dev/null (1, 3), made outside /dev
            os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except OSError as e:
            pytest.skip(f"cannot make a device node here ({e.strerror})")
        return str(node), lambda: stat.S_IFMT(node.lstat().st_mode)
    pipe = outside / "pipe"
    os.mkfifo(pipe)  # nobody reads it: a write would hang, a replace would turn it into a file
    return str(pipe), lambda: stat.S_IFMT(pipe.lstat().st_mode)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", list(WRITERS))
def test_every_writer_refuses_every_forbidden_target(
    command: str, kind: str, cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target, state = _forbidden(kind, plans_repo, outside)
    before = state()
    result = cli(WRITERS[command](target), cwd=plans_repo)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("ipcli: "), result.stderr
    assert state() == before
    assert git(plans_repo, "status", "--porcelain") == ""


def _unit_link_into_git(repo: Path) -> str:
    (repo / "plans" / "intogit").symlink_to(repo / ".git")
    return "intogit"


@pytest.mark.parametrize("kind", ["plan file", ".git via a link", "device", "fifo"])
def test_new_refuses_every_forbidden_target(kind: str, cli: Cli, plans_repo: Path) -> None:
    """`new` names its file itself: plans/<unit>/<id>.yaml. What it must not write there."""
    args = ["new", "p-0900", "--unit", "nordvik", "--person", "Ola Testperson", "--coordinator", "Kari Test"]
    path = plans_repo / "plans" / "nordvik" / "p-0900.yaml"
    if kind == "plan file":
        args[1] = "p-0042"
        path = plans_repo / PLAN
    elif kind == ".git via a link":
        args[3] = _unit_link_into_git(plans_repo)
        path = plans_repo / ".git" / "p-0900.yaml"
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except OSError as e:
            pytest.skip(f"cannot make a device node here ({e.strerror})")
    else:
        os.mkfifo(path)
    before = path.read_bytes() if path.is_file() else path.lstat().st_mode if os.path.lexists(path) else None
    result = cli([*args, *T], cwd=plans_repo)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    after = path.read_bytes() if path.is_file() else path.lstat().st_mode if os.path.lexists(path) else None
    assert after == before


def test_render_all_into_a_site_folder_that_links_out_is_refused(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    """The files ipcli names itself stay in the folder named: site/plans leading into the
    plans folder is refused, and nothing lands there."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "plans").symlink_to(plans_repo / "plans" / "nordvik")
    result = cli(["render", "--all", *T, "--out", str(site)], cwd=plans_repo)
    assert result.exit_code == 2 and "leads out of" in result.stderr, result.stderr
    assert sorted(os.listdir(plans_repo / "plans" / "nordvik")) == [
        "p-0042.yaml",
        "p-0051.yaml",
        "p-0058.yaml",
    ]


# streams: written to, never replaced


def _ipcli(args: list[str], cwd: Path, stdout: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "IP_TODAY": PINNED_TODAY}
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_a_stream_name_streams_into_a_pipe(name: str, plans_repo: Path) -> None:
    plan = plans_repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("Ola Nordmann", '"Ola \\e[2JNordmann"', 1))
    done = _ipcli(["render", "p-0042", "-o", name], plans_repo, subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"# ")
    assert b"\x1b" not in done.stdout and b"\\u001b" in done.stdout  # neutralised like all output
    assert not (plans_repo / "-").exists()  # not a file named "-"


@pytest.mark.slow
def test_dev_stdout_appended_with_a_redirect_keeps_what_was_there(plans_repo: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.md"
    log.write_bytes(b"earlier meeting notes\n")
    with open(log, "ab") as out:  # the shell's `>> log.md`
        done = _ipcli(["render", "p-0042", "-o", "/dev/stdout"], plans_repo, out)
        export = _ipcli(["export", "p-0042", "--fhir", "-o", "-"], plans_repo, out)
    assert done.returncode == 0 and export.returncode == 0, done.stderr + export.stderr
    text = log.read_bytes()
    assert text.startswith(b"earlier meeting notes\n# ")
    assert text.rstrip().endswith(b"}")  # the export came after the render, not over it


def test_a_real_device_under_dev_is_written_through(cli: Cli, plans_repo: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    ok = cli(["render", "p-0042", *T, "-o", "/dev/null"], cwd=plans_repo)
    assert ok.exit_code == 0, ok.stderr
    full = cli(["render", "p-0042", *T, "-o", "/dev/full"], cwd=plans_repo)
    assert full.exit_code == 2 and "could not write to /dev/full" in full.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and stat.S_ISCHR(os.stat("/dev/full").st_mode)


# one CSV writer


def test_stats_csv_neutralises_formulas_in_names_and_unit_folders(cli: Cli, plans_repo: Path) -> None:
    source = (plans_repo / PLAN).read_text(encoding="utf-8")
    odd = source.replace("name: Kari Hansen", 'name: =HYPERLINK("x")').replace("p-0042", "p-0901")
    for unit in ("=sum", "+unit"):
        (plans_repo / "plans" / unit).mkdir()
    (plans_repo / "plans" / "=sum" / "p-0901.yaml").write_text(odd, encoding="utf-8")
    (plans_repo / "plans" / "+unit" / "p-0902.yaml").write_text(
        source.replace("p-0042", "p-0902"), encoding="utf-8"
    )
    for by in ("coordinator", "unit"):
        result = cli(["stats", "--format", "csv", "--by", by, *T], cwd=plans_repo)
        assert result.exit_code == 0, result.stderr
        groups = [row[0] for row in csv.reader(io.StringIO(result.stdout))]
        assert not any(g.startswith(("=", "+", "-", "@")) for g in groups), groups
        wanted = '\'=HYPERLINK("x")' if by == "coordinator" else "'=sum"
        assert wanted in groups, groups
        if by == "unit":
            assert "'+unit" in groups


# exclusive create, interrupted writes


def test_new_fails_when_the_plan_appears_while_it_writes(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `new` with one id at once: the file appears after the checks, before the write. The
    second must fail, not replace the first's plan."""
    from ipcli.edits import scaffold

    path = plans_repo / "plans" / "nordvik" / "p-0900.yaml"
    real_text = scaffold.plan_text

    def racing(*args: Any, **kwargs: Any) -> Any:
        path.write_text("the other run's plan\n", encoding="utf-8")
        return real_text(*args, **kwargs)

    monkeypatch.setattr(scaffold, "plan_text", racing)
    result = cli(["new", "p-0900", "--unit", "nordvik", "--coordinator", "Kari Test", *T], cwd=plans_repo)
    assert result.exit_code == 2 and "already exists" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "the other run's plan\n"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_cache_write_leaves_no_copy(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the cache is written: the temporary copy (plan excerpts) is removed."""
    monkeypatch.delenv("IPCLI_NO_CACHE")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = cli(["lint", *T], cwd=plans_repo)
    assert result.exit_code == 130, (result.exit_code, result.stderr)
    folder = plans_repo / ".git" / "ipcli"
    left = [p.name for p in folder.iterdir()] if folder.exists() else []
    assert not [name for name in left if name.startswith(".cache-")], left


def test_an_interrupted_output_write_leaves_no_copy(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = cli(["render", "p-0042", *T, "-o", str(tmp_path / "p.md")], cwd=plans_repo)
    assert result.exit_code == 130
    assert os.listdir(tmp_path) == ["plans-repo"]
