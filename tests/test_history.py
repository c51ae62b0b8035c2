"""History from git in plan words, on real repositories with commits at set dates by set authors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli, copy_repo

from ipcli.changes.changewords import Words, sentence
from ipcli.changes.semdiff import changes

PLAN = "plans/nordvik/p-0042.yaml"


def commit(
    repo: Path, message: str, when: str, who: str = "Kari Hansen", email: str = "kari@example.org"
) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": f"{when}T10:00:00+01:00",
        "GIT_COMMITTER_DATE": f"{when}T10:00:00+01:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)


def edit(repo: Path, old: str, new: str, path: str = PLAN) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


# the history is made once per worker, in the first test that asks for it (its environment is
# that test's, isolated by conftest), and each test gets a copy (git init and ten commits cost
# more than most tests here)
_MADE: dict[str, Path] = {}


@pytest.fixture
def history_repo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples with a history: creation, then one kind of change per commit."""
    if "history" not in _MADE:
        _MADE["history"] = _make_history(tmp_path_factory.mktemp("history-template") / "repo")
    return copy_repo(_MADE["history"], tmp_path / "repo")


def _make_history(repo: Path) -> Path:
    import shutil

    shutil.copytree(EXAMPLES, repo)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    commit(repo, "Example plans", "2025-01-10")
    edit(
        repo, "            status: ongoing\n", "            status: done\n"
    )  # m2 (first ongoing after m1 done)
    commit(repo, "m2 done", "2025-03-01", "Mads Lund", "mads@example.org")
    edit(
        repo,
        "outcome: change\n            citizen: Knapper er vanskelig.",
        "outcome: change\n            citizen: Knapper er vanskelig.",
    )  # nothing
    edit(
        repo,
        "            staff: Ergoterapeuten avslutter; hjemmetjenesten følger opp videre.\n",
        "            staff: Ergoterapeuten avslutter; hjemmetjenesten følger opp videre.\n"
        "          - date: 2026-09-01\n            by: [kari]\n            achievement: achieved\n"
        "            outcome: end\n",
    )
    commit(repo, "evaluation", "2026-09-01")
    edit(repo, "coordinator: kari", "coordinator: per")
    edit(
        repo,
        "    covers: [per, lise, nav, randi, hjemmetj]\n    valid_until: 2026-12-15\n",
        "    covers: [per, lise, nav, randi, hjemmetj]\n    valid_until: 2026-12-15\n"
        "    withdrawn: 2026-10-01\n",
    )
    commit(repo, "coordinator and consent", "2026-10-01")
    edit(
        repo,
        "  - id: randi\n    role: relative\n    name: Randi Nordmann\n    title: mor\n",
        "  # mor tar ikke lenger del\n"
        "  - id: randi\n    role: relative\n    name: Randi Nordmann\n    title: mor\n",
    )
    commit(repo, "a comment only", "2026-10-05")
    return repo


def test_plan_log_in_plan_words(cli: Cli, history_repo: Path) -> None:
    result = cli(["log", "p-0042"], cwd=history_repo)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    order = ["a comment only", "coordinator and consent", "evaluation", "m2 done", "Example plans"]
    positions = [out.index(m) for m in order]
    assert positions == sorted(positions)  # newest first
    assert "2025-03-01  Mads Lund" in out
    # plan words: a measure and a goal by their own words, people by name, a consent by what it covers
    assert 'measure "Hjemmetjenesten gir Ola tid til å gjøre mest mulig selv om…": ongoing → done' in out
    assert 'evaluation of goal "Kle på meg selv om morgenen." recorded (achieved, end the goal)' in out
    assert "coordinator changed from Kari Hansen to Per Olsen" in out
    assert "consent to share information withdrawn" in out
    assert "plan created (active)" in out
    redacted = cli(["log", "p-0042", "--redact"], cwd=history_repo).stdout
    assert "coordinator changed from K.H. to P.O." in redacted
    assert "measure m2: ongoing → done" in redacted and "Hjemmetjenesten" not in redacted
    assert "(no change to the plan: layout or comments only)" in out


def test_filters_and_json(cli: Cli, history_repo: Path) -> None:
    result = cli(["log", "p-0042", "--author", "mads", "-f", "json"], cwd=history_repo)
    doc = json.loads(result.stdout)
    assert [e["message"] for e in doc["entries"]] == ["m2 done"]
    assert doc["entries"][0]["change_keys"] == [
        {
            "key": "history.changed",
            "values": {
                "field": "measure_status",
                "measure": "m2",
                "measure_text": "Hjemmetjenesten gir Ola tid til å gjøre mest mulig selv om morgenen.",
                "old": "ongoing",
                "new": "done",
            },
        }
    ]
    assert set(doc["entries"][0]) == {
        "commit",
        "date",
        "author",
        "email",
        "message",
        "path",
        "renamed_from",
        "changes",
        "change_keys",
        "unreadable",
    }
    period = json.loads(
        cli(
            ["log", "p-0042", "--since", "2026-01-01", "--until", "2026-09-30", "-f", "json"],
            cwd=history_repo,
        ).stdout
    )
    assert [e["message"] for e in period["entries"]] == ["evaluation"]


def test_repository_log_groups_by_plan(cli: Cli, history_repo: Path) -> None:
    edit(history_repo, "status: draft", "status: active", path="plans/solbakken/p-0120.yaml")
    commit(history_repo, "p-0120 active", "2026-10-04")
    result = cli(["log", "--today", "2026-10-06", "--since", "7d"], cwd=history_repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("What changed since 29 September 2026, by plan:")
    assert "\np-0042 (plans/nordvik/p-0042.yaml)\n" in result.stdout
    assert "\np-0120 (plans/solbakken/p-0120.yaml)\n" in result.stdout
    assert "status: draft → active" in result.stdout
    assert "p-0107" not in result.stdout


def test_uncommitted_changes_come_first(cli: Cli, history_repo: Path) -> None:
    edit(history_repo, "next_revision: 2026-12-10", "next_revision: 2027-01-15")
    out = cli(["log", "p-0042"], cwd=history_repo).stdout
    assert out.startswith(
        "(not committed)  changes in the work tree\n    - next revision: 10 December 2026 → 15 January 2027"
    )


def test_diff_between_dates_and_against_the_work_tree(cli: Cli, history_repo: Path) -> None:
    both = cli(["diff", "p-0042", "2025-01-31", "2026-09-15"], cwd=history_repo)
    assert both.exit_code == 0, both.stderr
    assert ": ongoing → done" in both.stdout and "evaluation of goal" in both.stdout
    assert "coordinator" not in both.stdout
    edit(history_repo, "basis:\n", "# a comment, not a change to the plan\nbasis:\n")
    clean = cli(["diff", "p-0042"], cwd=history_repo)
    assert "no change to the plan" in clean.stdout


def test_show_at_a_date(cli: Cli, history_repo: Path) -> None:
    result = cli(["show", "p-0042", "--at", "2025-02-15"], cwd=history_repo)
    assert result.exit_code == 0
    assert "coordinator: kari" in result.stdout and "achievement: achieved" not in result.stdout
    assert cli(["show", "p-0042", "--at", "2024-01-01"], cwd=history_repo).exit_code == 2


def test_rename_is_followed(cli: Cli, history_repo: Path) -> None:
    subprocess.run(["git", "mv", PLAN, "plans/nordvik/p-0042-renamed.yaml"], cwd=history_repo, check=True)
    commit(history_repo, "rename", "2026-10-10")
    out = cli(["log", "plans/nordvik/p-0042-renamed.yaml"], cwd=history_repo).stdout
    assert "file renamed from plans/nordvik/p-0042.yaml" in out
    assert ": ongoing → done" in out  # the history before the rename is there


_CONFLICT = "<<<<<<< HEAD\nstatus: active\n=======\nstatus: paused\n>>>>>>> x\n"


def conflicted_then_resolved(repo: Path, broken: tuple[str, str], fixed: tuple[str, str]) -> None:
    """Two commits: the plan's status left in an unresolved merge conflict (a version that does
    not read), then resolved to paused; each (message, day)."""
    edit(repo, "status: active\n", _CONFLICT)
    commit(repo, *broken)
    edit(repo, _CONFLICT, "status: paused\n")
    commit(repo, *fixed)


def test_a_version_that_did_not_read_is_reported_not_fatal(cli: Cli, history_repo: Path) -> None:
    conflicted_then_resolved(history_repo, ("broken merge", "2026-10-20"), ("fixed", "2026-10-21"))
    result = cli(["log", "p-0042"], cwd=history_repo)
    assert result.exit_code == 0
    assert "! the file did not read in this version (line 8: unresolved merge conflict)" in result.stdout
    assert "the file reads again" in result.stdout


def test_merge_commits(cli: Cli, history_repo: Path) -> None:
    subprocess.run(["git", "checkout", "-q", "-b", "side"], cwd=history_repo, check=True)
    edit(history_repo, "next_revision: 2026-12-10", "next_revision: 2027-02-01")
    commit(history_repo, "on a branch", "2026-10-11")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=history_repo, check=True)
    edit(history_repo, "status: active\n", "status: paused\n", path="plans/solbakken/p-0113.yaml")
    commit(history_repo, "on main", "2026-10-12")
    subprocess.run(
        ["git", "merge", "-q", "--no-edit", "side"],
        cwd=history_repo,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_DATE": "2026-10-13T10:00:00",
            "GIT_COMMITTER_DATE": "2026-10-13T10:00:00",
        },
    )
    out = cli(["log", "p-0042"], cwd=history_repo).stdout
    assert "next revision: 10 December 2026 → 1 February 2027" in out


def test_shallow_clone_says_where_history_starts(cli: Cli, history_repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{history_repo}", str(clone)], check=True)
    result = cli(["log", "p-0042"], cwd=clone)
    assert result.exit_code == 0
    assert "shallow clone, and it starts at 1 October 2026" in result.stderr
    assert "Example plans" not in result.stdout


def test_not_a_repository_and_never_committed(cli: Cli, tmp_path: Path) -> None:
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLES, plain)
    (plain / ".git").mkdir()  # a marker that is no repository: git says no
    shutil.rmtree(plain / ".git")
    no_git = cli(["log", "p-0042", "--repo", str(plain)], cwd=tmp_path)
    assert no_git.exit_code == 2 and "is not a git repository" in no_git.stderr
    subprocess.run(["git", "init", "-q"], cwd=plain, check=True)
    fresh = cli(["log", "p-0042"], cwd=plain)
    assert fresh.exit_code == 0 and "(not committed)" in fresh.stdout


def test_semantic_diff_ignores_order() -> None:
    old = {
        "id": "p",
        "participants": [{"id": "a", "role": "self"}, {"id": "b", "role": "coordinator"}],
        "themes": [
            {
                "theme": "t",
                "goals": [
                    {
                        "id": "g1",
                        "text": "x",
                        "evaluations": [
                            {"date": "2025-01-01", "achievement": "improving", "outcome": "continue"}
                        ],
                    }
                ],
            }
        ],
    }
    new = {"id": "p", "participants": list(reversed(old["participants"])), "themes": old["themes"]}
    assert changes(old, new) == []
    moved = {
        "id": "p",
        "participants": old["participants"],
        "themes": [{"theme": "t"}, {"theme": "u", "goals": old["themes"][0]["goals"]}],
    }
    found = changes(old, moved)
    words = Words()
    assert [sentence(c, words) for c in found] == ["theme u added", 'goal "x" moved from t to u']


def test_render_at_a_date(cli: Cli, history_repo: Path) -> None:
    then = cli(["render", "p-0042", "--at", "2025-02-15", "--today", "2025-02-15"], cwd=history_repo)
    assert then.exit_code == 0, then.stderr
    now = cli(["render", "p-0042", "--today", "2025-02-15"], cwd=history_repo).stdout
    assert "Kari Hansen" in then.stdout.split("## Hvem er med")[0]
    assert "(pågår)" in then.stdout and then.stdout != now
