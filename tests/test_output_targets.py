"""`-o` (render, export) follows a link, and never writes over a plan, into git's own folder,
or into a pipe or device outside /dev. Each test makes its own targets; none touches /dev
(tests/test_output_targets_safety.py has the streams and every other command)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

PLAN = Path("plans/nordvik/p-0042.yaml")
RENDER = ["render", "p-0042", "--today", PINNED_TODAY]


def test_a_fifo_outside_dev_is_refused_not_replaced(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    """A named pipe planted in a folder would hand the plan to whoever reads its other end (and
    hang ipcli while nobody does): refused, and still a pipe. Streams: -o - and /dev/stdout."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli([*RENDER, "-o", str(fifo)], cwd=plans_repo)
    assert result.exit_code == 2 and "named pipe" in result.stderr, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_is_followed_and_stays_a_link(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    real = tmp_path / "meeting.md"
    real.write_text("old\n")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    result = cli([*RENDER, "-o", str(link)], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("# ")
    export = cli(["export", "p-0042", "--fhir", "-o", str(link)], cwd=plans_repo)
    assert (
        export.exit_code == 0 and link.is_symlink() and '"resourceType"' in real.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("how", ["itself", "link", "relative"])
def test_the_plan_itself_is_refused(how: str, cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    before = (plans_repo / PLAN).read_bytes()
    target = str(plans_repo / PLAN)
    if how == "link":
        (tmp_path / "sneaky.md").symlink_to(plans_repo / PLAN)
        target = str(tmp_path / "sneaky.md")
    elif how == "relative":
        target = "plans/nordvik/../nordvik/p-0042.yaml"
    for command in (RENDER, ["export", "p-0042", "--fhir"]):
        result = cli([*command, "-o", target], cwd=plans_repo)
        assert result.exit_code == 2 and "is a plan file" in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert (plans_repo / PLAN).read_bytes() == before


def test_a_path_in_git_is_refused(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    head = (plans_repo / ".git" / "HEAD").read_bytes()
    for target in (".git/HEAD", ".git/new-file.md"):
        result = cli([*RENDER, "-o", target], cwd=plans_repo)
        assert result.exit_code == 2 and "inside git's own folder" in result.stderr
    (tmp_path / "into-git").symlink_to(plans_repo / ".git" / "config")
    linked = cli([*RENDER, "-o", str(tmp_path / "into-git")], cwd=plans_repo)
    assert linked.exit_code == 2 and "inside git's own folder" in linked.stderr
    assert (plans_repo / ".git" / "HEAD").read_bytes() == head
    assert not (plans_repo / ".git" / "new-file.md").exists()
    assert git(plans_repo, "status", "--porcelain") == ""


def _device(path: Path, minor: int) -> None:
    """A character device node like /dev/null (1, 3) or /dev/full (1, 7), made by the test."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a device node here ({e.strerror}): needs the right to mknod")


def test_a_device_node_outside_dev_is_refused(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    _device(null, 3)
    result = cli([*RENDER, "-o", str(null)], cwd=plans_repo)
    assert result.exit_code == 2 and "a device" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert stat.S_ISCHR(null.lstat().st_mode)  # still the device, not a file holding the plan


def test_a_folder_is_refused(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    result = cli([*RENDER, "-o", str(tmp_path)], cwd=plans_repo)
    assert result.exit_code == 2 and "is a folder" in result.stderr
