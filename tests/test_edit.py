"""Edits that cannot break a plan: golden diffs, comments kept, atomic writes, commits of one file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

from ipcli.edits.edit import open_plan, save, write_atomically
from ipcli.edits.record import add_evaluation
from ipcli.errors import UserError
from ipcli.plan.limits import Limits

EDITS = Path(__file__).parent / "edits"
T = ["--today", PINNED_TODAY, "--dry-run"]

# (golden name, command) on the example plans; every one must change only what it means to
CASES = {
    "p-0042-evaluate-g1": [
        "evaluate",
        "p-0042",
        "g1",
        "-a",
        "improving",
        "-o",
        "continue",
        "--by",
        "kari,ola",
        "--citizen",
        "Knappene går nesten.",
        "--next",
        "2027-03-01",
    ],
    "p-0042-evaluate-g2": ["evaluate", "p-0042", "g2", "-a", "sustaining", "-o", "continue", "--by", "per"],
    "p-0042-measure-m2": ["measure", "p-0042", "m2", "--status", "done"],
    "p-0042-revise": [
        "revise",
        "p-0042",
        "--summary",
        "Hele planen gjennomgått.",
        "--by",
        "kari,ola",
        "--next-revision",
        "2027-11-20",
    ],
    "p-0042-goal": [
        "goal",
        "p-0042",
        "housing",
        "--text",
        "Bo i egen leilighet",
        "--evaluate-every",
        "6 months",
    ],
    "p-0107-evaluate-g1": [
        "evaluate",
        "p-0107",
        "g1",
        "-a",
        "achieved",
        "-o",
        "end",
        "--by",
        "anne,jonas",
        "--citizen",
        "Pengene rækker nu.",
        "--next",
        "2027-06-01",
    ],
    "p-0107-revise": ["revise", "p-0107", "--summary", "Årlig revision.", "--by", "jonas,anne"],
    "p-0113-evaluate-g1": [
        "evaluate",
        "p-0113",
        "g1",
        "-a",
        "sustaining",
        "-o",
        "continue",
        "--by",
        "mia",
        "--staff",
        "Målt hver morgen.",
    ],
    "p-0120-goal": [
        "goal",
        "p-0120",
        "collaboration",
        "--text",
        "Lære huset at kende",
        "--said-by",
        "guardian",
    ],
    "p-0120-revise": ["revise", "p-0120", "--summary", "Første gennemgang.", "--by", "jonas"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_diffs(name: str, cli: Cli, plans_repo: Path, update_goldens: bool) -> None:
    result = cli([*CASES[name], *T], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    golden = EDITS / f"{name}.diff"
    if update_goldens:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert git(plans_repo, "status", "--porcelain") == ""  # a dry run writes nothing


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_edits_write_what_the_diff_shows_and_lint_stays_clean(name: str, cli: Cli, plans_repo: Path) -> None:
    args = [a for a in CASES[name]]
    result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    changed = git(plans_repo, "diff", "--numstat").split()
    removed = int(changed[1])
    added = int(changed[0])
    assert added >= 1 and removed <= 1  # a status or a date changed in place at most
    lint = cli(["lint", "--today", PINNED_TODAY, "-f", "json"], cwd=plans_repo)
    assert lint.exit_code == 0, lint.stdout


COMMENTED = """\
# A plan full of comments: every one of them must survive an edit.
schema: ipcli/plan/1   # the format
id: p-0001
profile: no-ip
language: nb
status: active

person:
  name: 'Test Person'   # single quotes kept
coordinator: k
participants:
  # the coordinator first, in flow style
  - {id: k, role: coordinator, name: "K K"}
  - id: o
    role: self
    name: Test Person
themes:
  - theme: health
    # situation in the person's words
    situation:
      citizen: Bra.
    focus_agreement: agreed  # agreed at the meeting
    goals:
      - id: g1   # the first goal
        text: Gå tur
        said_by: citizen
        evaluate_every: 3 months
        evaluations:
          - date: 2025-01-01
            achievement: improving
            outcome: continue
        # a comment after the evaluations

# a comment before meetings
meetings: []
"""


def test_a_comment_heavy_plan_keeps_every_comment(tmp_path: Path) -> None:
    path = tmp_path / "p-0001.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    ed = open_plan(path, "p-0001.yaml", Limits())
    add_evaluation(
        ed,
        "g1",
        day=__import__("datetime").date(2025, 4, 1),
        achievement="improving",
        outcome="continue",
        by=["k"],
    )
    save(ed, Limits())
    new = path.read_text(encoding="utf-8")
    old_lines = COMMENTED.splitlines()
    new_lines = new.splitlines()
    assert [line for line in new_lines if line not in old_lines] == [
        "        next_evaluation: 2025-07-01",
        "          - date: 2025-04-01",
        "            by: [k]",
    ] or all(line in new_lines for line in old_lines if "#" in line)
    assert all(line in new_lines for line in old_lines if "#" in line or line.strip().startswith("- {"))


def test_a_flow_mapping_with_a_comment_is_edited_in_place(tmp_path: Path) -> None:
    path = tmp_path / "p-0001.yaml"
    # ruamel.yaml garbled the item after a flow mapping with an end-of-line comment; a splice
    # does not write that line at all
    text = COMMENTED.replace(
        '  - {id: k, role: coordinator, name: "K K"}', '  - {id: k, role: coordinator, name: "K K"}  # x'
    )
    path.write_text(text, encoding="utf-8")
    ed = open_plan(path, "p-0001.yaml", Limits())
    add_evaluation(
        ed,
        "g1",
        day=__import__("datetime").date(2025, 4, 1),
        achievement="improving",
        outcome="continue",
        by=["k"],
    )
    save(ed, Limits())
    new = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in new if line not in text.splitlines()] == [
        "        next_evaluation: 2025-07-01",
        "          - date: 2025-04-01",
        "            by: [k]",
    ]
    assert len(new) == len(text.splitlines()) + 5


def test_crlf_and_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "p-0001.yaml"
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode())
    path.chmod(0o600)
    ed = open_plan(path, "p-0001.yaml", Limits())
    add_evaluation(
        ed,
        "g1",
        day=__import__("datetime").date(2025, 4, 1),
        achievement="improving",
        outcome="continue",
        by=["k"],
    )
    save(ed, Limits())
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failing_rename_or_a_full_disk_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p-0001.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    before = path.read_bytes()

    def no_rename(*_a: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(UserError, match="the file was not changed"):
        write_atomically(path, b"new", expected=before)
    monkeypatch.undo()

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", lambda fd: full(fd, b""))
    with pytest.raises(UserError, match="No space left on device"):
        write_atomically(path, b"new", expected=before)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p-0001.yaml"]  # no temporary file left


def test_a_change_on_disk_meanwhile_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p-0001.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    ed = open_plan(path, "p-0001.yaml", Limits())
    add_evaluation(
        ed,
        "g1",
        day=__import__("datetime").date(2025, 4, 1),
        achievement="improving",
        outcome="continue",
        by=["k"],
    )
    path.write_text(COMMENTED + "# someone else's edit\n", encoding="utf-8")
    with pytest.raises(UserError, match="changed on disk"):
        save(ed, Limits())
    assert path.read_text(encoding="utf-8").endswith("# someone else's edit\n")


def test_a_broken_plan_is_refused_with_its_place(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "status: active\n", "<<<<<<< HEAD\nstatus: active\n=======\n>>>>>>> x\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    result = cli(["measure", "p-0042", "m2", "--status", "done"], cwd=plans_repo)
    assert result.exit_code == 2
    assert "plans/nordvik/p-0042.yaml:8:1: unresolved merge conflict" in result.stderr
    assert plan.read_text(encoding="utf-8") == text


def test_missing_options_are_a_usage_error_without_a_terminal(cli: Cli, plans_repo: Path) -> None:
    result = cli(["evaluate", "p-0042", "g1", "--outcome", "continue", "--by", "kari"], cwd=plans_repo)
    assert result.exit_code == 2 and "--achievement is missing" in result.stderr
    assert (
        cli(
            ["evaluate", "p-0042", "g9", "-a", "improving", "-o", "continue", "--by", "kari"], cwd=plans_repo
        ).exit_code
        == 2
    )
    bad_by = cli(
        ["evaluate", "p-0042", "g2", "-a", "improving", "-o", "continue", "--by", "nobody"], cwd=plans_repo
    )
    assert bad_by.exit_code == 2 and "nobody is not a participant" in bad_by.stderr


def test_commit_takes_only_that_file(cli: Cli, plans_repo: Path) -> None:
    other = plans_repo / "plans" / "solbakken" / "p-0113.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# staged, not mine to commit\n", encoding="utf-8")
    git(plans_repo, "add", str(other))
    result = cli(["measure", "p-0042", "m2", "--status", "done", "--commit"], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    # in plan words and in the plan's language (no ipcli.toml language, no --lang)
    assert git(plans_repo, "log", "-1", "--format=%s").strip() == (
        "p-0042: tiltaket «Hjemmetjenesten gir Ola tid til å gjøre mest mulig selv om…»: pågår → gjennomført"
    )
    assert git(plans_repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "plans/nordvik/p-0042.yaml"
    ]
    assert git(plans_repo, "diff", "--cached", "--name-only").split() == ["plans/solbakken/p-0113.yaml"]


@pytest.mark.slow
def test_from_init_to_a_committed_plan_with_two_evaluations(cli: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "plans-repo"
    assert cli(["init", str(repo), "--profile", "no-ip"], cwd=tmp_path).exit_code == 0
    git(repo, "config", "user.name", "Kari Hansen")
    git(repo, "config", "user.email", "kari@example.org")
    steps = [
        [
            "new",
            "p-0001",
            "--unit",
            "nordvik",
            "--person",
            "Ola Nordmann",
            "--today",
            "2026-11-23",
            "--commit",
        ],
        [
            "goal",
            "p-0001",
            "daily_living",
            "--text",
            "Kle på meg selv",
            "--evaluate-every",
            "3 months",
            "--commit",
        ],
        [
            "evaluate",
            "p-0001",
            "g1",
            "-a",
            "improving",
            "-o",
            "continue",
            "--by",
            "kari,ola",
            "--today",
            "2026-12-01",
            "--commit",
        ],
        [
            "evaluate",
            "p-0001",
            "g1",
            "-a",
            "achieved",
            "-o",
            "end",
            "--by",
            "kari",
            "--today",
            "2027-03-01",
            "--commit",
        ],
    ]
    for step in steps:
        result = cli(step, cwd=repo)
        assert result.exit_code == 0, (step, result.stderr)
    subjects = git(repo, "log", "--format=%s").splitlines()
    assert subjects == [
        "p-0001: evaluering av målet «Kle på meg selv» (nådd, avslutte målet)",
        "p-0001: evaluering av målet «Kle på meg selv» (det går bedre, fortsette som planlagt)",
        "p-0001: målet «Kle på meg selv» lagt til under Daglige gjøremål",
        "p-0001: ny plan",
        "Start planmappen (ipcli init)",
    ]
    # under the user's own identity (here the test's environment: GIT_AUTHOR_NAME)
    assert git(repo, "log", "-1", "--format=%an").strip() == os.environ["GIT_AUTHOR_NAME"]
    # lint on the day of the last evaluation: a record dated after "today" is itself a finding (IP312)
    lint = cli(["lint", "--today", "2027-03-01"], cwd=repo)
    assert lint.exit_code == 0, lint.stdout
    text = (repo / "plans" / "nordvik" / "p-0001.yaml").read_text(encoding="utf-8")
    assert "# En ny plan, som utkast." in text and "next_evaluation: 2027-06-01" in text  # init: nb


@pytest.mark.slow
def test_init_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "r"
    assert cli(["init", str(repo), "--profile", "dk-sel141"], cwd=tmp_path).exit_code == 0
    (repo / "ipcli.toml").write_text('profile = "dk-sel141"\n# ours\n')
    snapshot = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    again = cli(["init", str(repo)], cwd=tmp_path)
    assert again.exit_code == 0 and "created" not in again.stdout
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts} == snapshot


def test_new_refuses_unsafe_or_taken_ids(cli: Cli, plans_repo: Path) -> None:
    for bad in ("../../etc/x", "P 1", "p-0042"):
        result = cli(["new", bad, "--coordinator", "K K"], cwd=plans_repo)
        assert result.exit_code == 2, bad
    assert not list(plans_repo.rglob("x.yaml"))


@pytest.mark.slow
def test_a_writer_killed_mid_write_leaves_a_whole_file(tmp_path: Path) -> None:
    """SIGKILL a process that rewrites a plan in a loop: the file is always one whole version."""
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "p-0001.yaml"
    a, b = COMMENTED.encode(), (COMMENTED + "# " + "x" * 50_000 + "\n").encode()
    path.write_bytes(a)
    loop = (
        "import sys\nfrom pathlib import Path\nfrom ipcli.edits.edit import write_atomically\n"
        f"p = Path({str(path)!r}); a = {a!r}; b = Path({str(tmp_path / 'b.bin')!r}).read_bytes()\n"
        "i = 0\nwhile True:\n    write_atomically(p, b if i % 2 else a)\n    i += 1\n"
    )
    (tmp_path / "b.bin").write_bytes(b)
    for delay in (0.05, 0.13, 0.31):
        proc = subprocess.Popen([sys.executable, "-c", loop])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert path.read_bytes() in (a, b)
    # a kill leaves at most a hidden temporary file, which is never taken for a plan
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["b.bin", "p-0001.yaml"]
