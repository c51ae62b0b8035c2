"""git's less common states get messages that say what is going on, not "not a git repository"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, git

from ipcli.language.nationalid import mask


def _ipcli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_safe_directory_refusal_is_named(plans_repo: Path) -> None:
    # git's own switch for "this folder belongs to someone else" (what root's or a shared
    # folder's ownership gives), so the test needs no second user
    done = _ipcli(plans_repo, "log", "p-0042", "--today", PINNED_TODAY, GIT_TEST_ASSUME_DIFFERENT_OWNER="1")
    assert done.returncode == 2, done.stderr
    assert "safe.directory" in done.stderr and "git init" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_bare_repository_is_named(plans_repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(plans_repo), str(bare))
    done = _ipcli(tmp_path, "log", "p-0042", "--repo", str(bare), "--today", PINNED_TODAY)
    assert done.returncode == 2, done.stderr
    assert "bare repository" in done.stderr and "git init" not in done.stderr


def _sparse(plans_repo: Path) -> Path:
    """The examples with one unit left out by a sparse checkout (its plans are in git only)."""
    git(plans_repo, "sparse-checkout", "set", "--no-cone", "/*", "!/plans/solbakken/")
    assert not (plans_repo / "plans" / "solbakken").exists()
    return plans_repo


@pytest.mark.slow
def test_plans_left_out_by_a_sparse_checkout_are_skipped_with_one_note(plans_repo: Path) -> None:
    repo = _sparse(plans_repo)
    note = "3 plans are not checked out here (a sparse checkout) and were left out"
    for command in (["lint"], ["due", "--format", "text"], ["stats"], ["plans", "--format", "text"]):
        done = _ipcli(repo, *command, "--today", PINNED_TODAY)
        assert done.returncode in (0, 1), (command, done.stderr)
        assert done.stderr.count(note) == 1, (command, done.stderr)
        assert "solbakken" not in done.stdout + done.stderr.replace(note, ""), (command, done.stderr)
        assert "cannot be opened" not in done.stdout + done.stderr
        assert "could not be read" not in done.stderr, command
    lint = _ipcli(repo, "lint", "--format", "json", "--today", PINNED_TODAY)
    assert "IP001" not in lint.stdout
    nn = _ipcli(repo, "due", "--lang", "nn", "--today", PINNED_TODAY)
    assert "3 planar er ikkje henta ut her" in nn.stderr
    # a left-out plan asked for by name: said so (with the command that brings it), not "no such plan"
    render = _ipcli(repo, "render", "p-0107", "--today", PINNED_TODAY)
    assert render.returncode == 2
    assert "p-0107 is not checked out here" in render.stderr
    assert "sparse-checkout add plans/solbakken" in render.stderr
    # its history is all there: shown, and not called deleted
    log = _ipcli(repo, "log", "p-0107", "--today", PINNED_TODAY)
    assert log.returncode == 0, log.stderr
    assert "plan created" in log.stdout
    assert "deleted" not in log.stdout and "not committed" not in log.stdout
    assert "p-0107 is not checked out here (a sparse checkout)" in log.stderr


def _commit_at(repo: Path, message: str, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": f"{when}T10:00:00+01:00", "GIT_COMMITTER_DATE": f"{when}T10:00:00+01:00"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env={**os.environ, **env})
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env={**os.environ, **env})


@pytest.mark.slow  # a history of commits and a clone: about 2 s of CPU
def test_stats_in_a_shallow_clone_says_where_history_starts_and_counts_nothing_before(
    tmp_path: Path, plans_repo: Path
) -> None:
    import json
    import shutil

    repo = tmp_path / "full"
    shutil.copytree(plans_repo, repo, ignore=shutil.ignore_patterns(".git"))
    git(repo, "init", "-q", "-b", "main")
    _commit_at(repo, "Example plans", "2025-01-10")
    plan = repo / "plans" / "nordvik" / "p-0042.yaml"
    staff = "            staff: Ergoterapeuten avslutter; hjemmetjenesten følger opp videre.\n"
    text = plan.read_text(encoding="utf-8")
    assert staff in text
    plan.write_text(
        text.replace(
            staff,
            staff + "          - date: 2026-09-01\n            by: [kari]\n"
            "            achievement: achieved\n            outcome: end\n",
            1,
        ),
        encoding="utf-8",
    )
    _commit_at(repo, "evaluation", "2026-09-01")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("coordinator: kari", "coordinator: per", 1), encoding="utf-8")
    _commit_at(repo, "coordinator", "2026-10-01")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))

    def counts(where: Path) -> tuple[int, int, object]:
        done = _ipcli(where, "stats", "--format", "json", "--today", PINNED_TODAY)
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        return data["total"]["evaluations_on_time"], data["total"]["evaluations_late"], data["history_starts"]

    full_on_time, full_late, full_start = counts(repo)
    assert full_start is None and full_on_time + full_late == 1
    # the clone's first commit seems to add every plan with all its evaluations: none of them
    # may count as recorded on time (the full history says otherwise)
    assert counts(clone) == (0, 0, "2026-10-01")
    for fmt, shown in (("table", "1 October 2026"), ("csv", "1 October 2026"), ("html", "1 October 2026")):
        done = _ipcli(clone, "stats", "--format", fmt, "--today", PINNED_TODAY)
        assert done.returncode == 0, done.stderr
        assert "shallow clone, and it starts on 1 October 2026" in done.stderr, fmt
        assert f"shallow clone, and it starts on {shown}" in done.stdout, fmt
    assert "shallow" not in _ipcli(repo, "stats", "--today", PINNED_TODAY).stderr


def _filtered_repo(tmp_path: Path, plans_repo: Path, scope: str = "--global") -> Path:
    """The examples stored through a clean/smudge filter, as git-crypt does (here base64): the
    blobs in git are not YAML, the files on disk are. The filter is defined in the user's own
    git configuration (`--global`), or in the repository's (`--local`), whose commands a
    read-only ipcli command never runs."""
    import shutil

    repo = tmp_path / "filtered"
    shutil.copytree(plans_repo, repo, ignore=shutil.ignore_patterns(".git"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", scope, "filter.b64.clean", "base64")
    git(repo, "config", scope, "filter.b64.smudge", "base64 -d")
    git(repo, "config", scope, "filter.b64.required", "true")
    (repo / ".gitattributes").write_text("plans/**/*.yaml filter=b64\n", encoding="utf-8")
    _commit_at(repo, "Example plans", "2026-10-01")
    plan = repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("coordinator: kari", "coordinator: per", 1), encoding="utf-8")
    _commit_at(repo, "coordinator", "2026-10-05")
    stored = git(repo, "cat-file", "blob", "HEAD:plans/nordvik/p-0042.yaml")
    assert "coordinator:" not in stored  # what git keeps is not the plan's text
    return repo


@pytest.mark.slow
def test_history_is_read_through_the_repositorys_filters(tmp_path: Path, plans_repo: Path) -> None:
    repo = _filtered_repo(tmp_path, plans_repo)
    log = _ipcli(repo, "log", "p-0042", "--today", PINNED_TODAY)
    assert log.returncode == 0, log.stderr
    assert "coordinator changed from Kari Hansen to Per Olsen" in log.stdout
    assert "did not read" not in log.stdout and "not committed" not in log.stdout
    assert "plan created" in log.stdout
    diff = _ipcli(repo, "diff", "p-0042", "2026-10-01", "2026-10-05")
    assert diff.returncode == 0, diff.stderr
    assert "coordinator changed from Kari Hansen to Per Olsen" in diff.stdout
    show = _ipcli(repo, "show", "p-0042", "--at", "2026-10-01")
    assert show.returncode == 0, show.stderr
    assert "coordinator: kari" in show.stdout
    render = _ipcli(repo, "render", "p-0042", "--at", "2026-10-01", "--today", PINNED_TODAY)
    assert render.returncode == 0, render.stderr
    assert "Ola Nordmann" in render.stdout
    repo_log = _ipcli(repo, "log", "--since", "2026-01-01", "--today", PINNED_TODAY)
    assert repo_log.returncode == 0 and "did not read" not in repo_log.stdout


@pytest.mark.slow
def test_a_filter_only_the_repository_names_is_not_run_but_named(tmp_path: Path, plans_repo: Path) -> None:
    # a plans folder copied with its .git (a zip, a shared drive) brings .git/config with it:
    # the filter's command is the repository's, and reading history does not run it
    repo = _filtered_repo(tmp_path, plans_repo, scope="--local")
    marker = tmp_path / "smudged"
    git(repo, "config", "filter.b64.smudge", f"touch {marker}; base64 -d")
    for command in (
        ["log", "p-0042", "--today", PINNED_TODAY],
        ["show", "p-0042", "--at", "2026-10-01"],
        ["diff", "p-0042", "2026-10-01", "2026-10-05"],
    ):
        done = _ipcli(repo, *command)
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert "filter 'b64'" in done.stderr and "git config --global filter.b64.smudge" in done.stderr
    assert not marker.exists()
    lint = _ipcli(repo, "lint", "--today", PINNED_TODAY)  # the files on disk still read
    assert lint.returncode in (0, 1) and not marker.exists()


@pytest.mark.slow
def test_a_clean_checkout_with_autocrlf_has_no_uncommitted_changes(tmp_path: Path, plans_repo: Path) -> None:
    clone = tmp_path / "crlf"
    git(tmp_path, "clone", "-q", "-c", "core.autocrlf=true", str(plans_repo), str(clone))
    assert b"\r\n" in (clone / "plans" / "nordvik" / "p-0042.yaml").read_bytes()
    log = _ipcli(clone, "log", "p-0042", "--today", PINNED_TODAY)
    assert log.returncode == 0, log.stderr
    assert "not committed" not in log.stdout
    diff = _ipcli(clone, "diff", "p-0042")
    assert diff.returncode == 0 and "no change to the plan" in diff.stdout


@pytest.mark.slow
def test_a_version_over_the_size_limit_is_not_read_from_history(tmp_path: Path, plans_repo: Path) -> None:
    big = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    original = big.read_bytes()
    big.write_bytes(original + b"#" + b"x" * (6 * 1024 * 1024) + b"\n")
    _commit_at(plans_repo, "a huge paste", "2026-10-02")
    big.write_bytes(original)
    _commit_at(plans_repo, "the paste undone", "2026-10-03")
    log = _ipcli(plans_repo, "log", "p-0042", "--today", PINNED_TODAY)
    assert log.returncode == 0, log.stderr
    assert "this version is 6.0 MB; a plan file may be at most 5.0 MB" in log.stdout
    show = _ipcli(plans_repo, "show", "p-0042", "--at", "HEAD~1")
    assert show.returncode == 2
    assert (
        show.stderr.strip()
        == (
            "ipcli: plans/nordvik/p-0042.yaml at "
            # as every output shows text: a short commit id of ten digits that reads as a date and a
            # serial (once in a newest-versions run: 4512122105) is masked like an id
            + mask(git(plans_repo, "rev-parse", "HEAD~1")[:10])
            + " is 6.0 MB; a plan file may be at most 5.0 MB, so it was not read"
        )
    )
    # the staged version, and in bokmål: sizes with a decimal comma, the index in words
    big.write_bytes(original + b"#" + b"x" * (6 * 1024 * 1024) + b"\n")
    git(plans_repo, "add", str(big))
    staged = _ipcli(plans_repo, "diff", "p-0042", "--staged", "--lang", "nb")
    assert staged.returncode == 2
    assert staged.stderr.strip() == (
        "ipcli: plans/nordvik/p-0042.yaml ved indeksen (staged) er på 6,0 MB; "
        "en planfil kan være på høyst 5,0 MB, så den ble ikke lest"
    )
    nb_log = _ipcli(plans_repo, "log", "p-0042", "--today", PINNED_TODAY, "--lang", "nb")
    assert "denne versjonen er på 6,0 MB; en planfil kan være på høyst 5,0 MB" in nb_log.stdout


def test_diff_staged_during_a_merge_conflict_names_the_conflict(plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    git(plans_repo, "checkout", "-q", "-b", "other")
    plan.write_text(text.replace("coordinator: kari", "coordinator: per", 1), encoding="utf-8")
    _commit_at(plans_repo, "per", "2026-10-02")
    git(plans_repo, "checkout", "-q", "main")
    plan.write_text(text.replace("coordinator: kari", "coordinator: lise", 1), encoding="utf-8")
    _commit_at(plans_repo, "lise", "2026-10-02")
    merge = subprocess.run(["git", "merge", "-q", "other"], cwd=plans_repo, capture_output=True, text=True)
    assert merge.returncode != 0
    done = _ipcli(plans_repo, "diff", "p-0042", "--staged")
    assert done.returncode == 2
    assert "unresolved merge conflict" in done.stderr and "deleted" not in done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_closed_stdin_at_a_prompting_command_is_a_usage_error(plans_repo: Path) -> None:
    # `0<&-`: no stdin at all (Python's sys.stdin is None), as some schedulers start jobs
    for command in (["revise", "p-0042"], ["measure", "p-0042"], ["evaluate", "p-0042", "g1"]):
        done = subprocess.run(
            [sys.executable, "-m", "ipcli", *command],
            cwd=plans_repo,
            env={**os.environ, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=120,
            stdin=None,
            preexec_fn=lambda: os.close(0),
        )
        assert done.returncode == 2, (command, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "is missing (give it on the command line" in done.stderr
    assert git(plans_repo, "status", "--porcelain") == ""


def test_log_of_a_plan_that_cannot_be_opened_is_one_line(plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0051.yaml"
    plan.unlink()
    plan.mkdir()  # the name is there, the file cannot be read (as a file without read rights)
    done = _ipcli(plans_repo, "log", "p-0051", "--today", PINNED_TODAY)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == "ipcli: p-0051.yaml: the file cannot be opened (Is a directory)"


def _unwritable(tmp_path: Path) -> Path:
    """A folder nothing can be made in: read-only for a normal user; for root (who may write
    anywhere) a read-only system folder, if the machine has one."""
    ro = tmp_path / "read-only"
    ro.mkdir()
    ro.chmod(0o555)
    for candidate in (ro, Path("/sys"), Path("/proc")):
        try:
            (candidate / "ipcli-probe").mkdir()
        except OSError:
            return candidate
        (candidate / "ipcli-probe").rmdir()
    pytest.skip("no folder here refuses a new folder")


@pytest.mark.slow
@pytest.mark.parametrize("where", ["read-only", "below a file"])
def test_render_all_and_init_where_nothing_can_be_written(
    plans_repo: Path, tmp_path: Path, where: str
) -> None:
    if where == "read-only":
        base = _unwritable(tmp_path)
    else:
        base = tmp_path / "a-file"
        base.write_text("not a folder\n", encoding="utf-8")
    for command in (
        ["render", "--all", "--out", str(base / "site"), "--today", PINNED_TODAY],
        ["render", "--all", "-f", "pdf", "--out", str(base / "pdfs"), "--today", PINNED_TODAY],
        ["init", str(base / "plans")],
    ):
        done = _ipcli(plans_repo if command[0] == "render" else tmp_path, *command)
        assert done.returncode == 2, (command, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, (command, done.stderr)
        assert "cannot make the folder" in done.stderr, done.stderr
    nb = _ipcli(plans_repo, "render", "--all", "--out", str(base / "site"), "--lang", "nb")
    assert "kan ikke lage mappen" in nb.stderr


# work_started (a deadline counts from it), a meeting's date, an evaluation's date
_FAR_DATES = {
    "work_started: 2025-01-20": "work_started: {d}",
    "  - date: 2025-02-10\n    kind: plan_meeting": "  - date: {d}\n    kind: plan_meeting",
    "          - date: 2025-05-02\n": "          - date: {d}\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_plan_date_outside_the_calendars_bounds_is_a_finding_everywhere(plans_repo: Path, day: str) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    for old, new in _FAR_DATES.items():
        assert old in text, "the example plan changed: pick other dates"
        text = text.replace(old, new.format(d=day), 1)
    plan.write_text(text, encoding="utf-8")
    lint = _ipcli(plans_repo, "lint", "plans/nordvik/p-0042.yaml", "--today", PINNED_TODAY)
    assert lint.returncode == 1, lint.stderr
    assert f'IP105 "{day}" is outside the years ipcli works with (1900 to 2199)' in lint.stdout
    for command in (
        ["due"],
        ["stats"],
        ["plans"],
        ["render", "p-0042"],
        ["export", "p-0042", "--fhir"],
        ["lint", "--no-cache"],
    ):
        done = _ipcli(plans_repo, *command, "--today", PINNED_TODAY)
        assert done.returncode in (0, 1, 2), (command, done.stderr)
        assert "internal error" not in done.stderr, (command, done.stderr)
    da = _ipcli(plans_repo, "lint", "plans/nordvik/p-0042.yaml", "--lang", "da", "--today", PINNED_TODAY)
    assert f"»{day}« ligger uden for de år" in da.stdout  # Danish quotes »…« (docs/glossary.md)
