"""Every style a person writes YAML in takes every edit: each plan in tests/edits/styles/ gets an
evaluation, a revision, a measure's status, a new measure and two new goals through the real CLI,
and the result lints clean and differs from the original only in the new or changed lines
(golden diffs beside the plans: NAME.diff)."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, PINNED_TODAY, Cli

STYLES = Path(__file__).parent / "edits" / "styles"
PLANS = sorted(STYLES.glob("*.yaml"))

STEPS = [
    ["evaluate", "p-0001", "g1", "-a", "improving", "-o", "continue", "--by", "kari,ola",
     "--citizen", "Knappene går nesten.", "--next", "2027-03-01"],
    ["revise", "p-0001", "--summary", "Hele planen gjennomgått.", "--by", "kari,ola",
     "--next-revision", "2027-11-20"],
    ["measure", "p-0001", "m1", "--status", "done"],
    ["measure", "p-0001", "--add", "--goal", "g1", "--text", "Trening: to ganger i uka",
     "--responsible", "per", "--due", "2027-01-01"],
    ["goal", "p-0001", "daily_living", "--text", "Lage frokost selv", "--evaluate-every", "3 months"],
    ["goal", "p-0001", "housing", "--text", "Bo i egen leilighet", "--next", "2027-05-01"],
]  # fmt: skip

# the only lines a diff may take away: a date or status changed in place, an empty list (`[]`,
# `~`) that now has items, or a line of a flow collection that gets a new entry at its end
CHANGED_IN_PLACE = re.compile(r"^\s*(next_evaluation|next_revision|status):")
FILLED = re.compile(r"^\s*[a-z_]+: *(\[\]|~|null) *(#.*)?$")


@pytest.mark.slow
def test_the_corpus_is_large_and_every_plan_lints_clean(cli: Cli, tmp_path: Path) -> None:
    assert len(PLANS) >= 40
    repo = _repo(tmp_path)
    for plan in PLANS:
        shutil.copy(plan, repo / "plans" / "p-0001.yaml")
        result = cli(["lint", "--today", PINNED_TODAY], cwd=repo)
        assert result.exit_code == 0, (plan.name, result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_every_edit_in_every_style(plan: Path, cli: Cli, tmp_path: Path, update_goldens: bool) -> None:
    repo = _repo(tmp_path)
    target = repo / "plans" / "p-0001.yaml"
    shutil.copy(plan, target)
    original = plan.read_bytes()
    for step in STEPS:
        result = cli([*step, "--today", PINNED_TODAY], cwd=repo)
        assert result.exit_code == 0, (step, result.stderr)
    new = target.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in original:  # every line still ends as it did
        assert new.count(b"\n") == new.count(b"\r\n")
    diff = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(
            original.decode("utf-8-sig").splitlines(keepends=True),
            new.decode("utf-8-sig").splitlines(keepends=True),
            "a/" + plan.name,
            "b/" + plan.name,
        )
    )
    golden = plan.with_suffix(".diff")
    if update_goldens:
        golden.write_bytes(diff.encode("utf-8"))
    assert diff == golden.read_bytes().decode("utf-8")
    removed = [ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    for line in removed:
        extended = any(_only_inserted_or_values(line, new) for new in added)
        assert CHANGED_IN_PLACE.match(line) or FILLED.match(line) or extended, line
    assert len(removed) <= 5
    lint = cli(["lint", "--today", PINNED_TODAY], cwd=repo)
    assert lint.exit_code == 0, lint.stdout


def _only_inserted_or_values(old: str, new: str) -> bool:
    """Is `new` the line `old` with text inserted, and at most a date or a status replaced?"""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return all(
        op in ("equal", "insert") or (op == "replace" and VALUE.fullmatch(old[i1:i2]))
        for op, i1, i2, _j1, _j2 in ops
    )


VALUE = re.compile(r"[0-9-]*|[a-z]*")


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "r"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(EXAMPLES / "ipcli.toml", repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo
