"""The blob-id cache: identical results with and without it, and never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

from ipcli.checks import scan as scan_module
from ipcli.config import Config
from ipcli.store.repo import open_repo, plan_files

CACHE = Path(".git") / "ipcli" / "cache.marshal"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IPCLI_NO_CACHE", raising=False)


def _lint(cli: Cli, repo: Path, *extra: str) -> dict:
    result = cli(["lint", "-f", "json", "--today", PINNED_TODAY, *extra], cwd=repo)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _due(cli: Cli, repo: Path, *extra: str) -> dict:
    result = cli(["due", "-f", "json", "--today", PINNED_TODAY, *extra], cwd=repo)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_same_results_with_and_without_cache(cli: Cli, plans_repo: Path) -> None:
    fresh = (_lint(cli, plans_repo, "--no-cache"), _due(cli, plans_repo, "--no-cache"))
    assert not (plans_repo / CACHE).exists()
    cold = (_lint(cli, plans_repo), _due(cli, plans_repo))
    assert (plans_repo / CACHE).exists()
    warm = (_lint(cli, plans_repo), _due(cli, plans_repo))
    assert fresh == cold == warm
    assert git(plans_repo, "status", "--porcelain") == ""  # nothing in the work tree


def test_change_revert_rename_and_untracked(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    original = plan.read_text(encoding="utf-8")
    before = _lint(cli, plans_repo)
    plan.write_text(original.replace("outcome: continue", "outcome: later", 1), encoding="utf-8")
    changed = _lint(cli, plans_repo)
    assert any(f["code"] == "IP104" for f in changed["findings"])
    plan.write_text(original, encoding="utf-8")
    assert _lint(cli, plans_repo) == before
    git(plans_repo, "mv", "plans/nordvik/p-0042.yaml", "plans/nordvik/p-0043.yaml")
    renamed = _lint(cli, plans_repo)
    assert any(f["code"] == "IP201" and f["path"].endswith("p-0043.yaml") for f in renamed["findings"])
    extra = plans_repo / "plans" / "nordvik" / "p-0099.yaml"
    extra.write_text("id: [\n", encoding="utf-8")  # untracked and broken
    assert any(f["path"].endswith("p-0099.yaml") for f in _lint(cli, plans_repo)["findings"])


def test_settings_change_invalidates(cli: Cli, plans_repo: Path) -> None:
    before = {i["code"]: i["date"] for i in _due(cli, plans_repo, "--plan", "p-0107")["items"]}
    (plans_repo / "ipcli.toml").write_text('[deadlines]\nrevision = "6 months"\n')
    after = {i["code"]: i["date"] for i in _due(cli, plans_repo, "--plan", "p-0107")["items"]}
    assert before["IP303"] == "2026-11-05" and after["IP303"] == "2026-05-05"


def test_corrupt_cache_is_rebuilt(cli: Cli, plans_repo: Path) -> None:
    expected = _lint(cli, plans_repo)
    for junk in (b"", b"\x00garbage", b"\xe3" * 100):
        (plans_repo / CACHE).write_bytes(junk)
        assert _lint(cli, plans_repo) == expected
    assert (plans_repo / CACHE).stat().st_size > 100


@pytest.mark.slow
def test_two_runs_at_once(plans_repo: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("IPCLI_NO_CACHE", None)
    cmd = [sys.executable, "-m", "ipcli", "due", "-f", "json", "--today", PINNED_TODAY]
    procs = [
        subprocess.Popen(cmd, cwd=plans_repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _o, e in outs]
    assert len({o for o, _e in outs}) == 1
    again = subprocess.run(cmd, cwd=plans_repo, env=env, capture_output=True, timeout=120)
    assert again.stdout == outs[0][0]


@pytest.mark.slow
def test_parallel_and_serial_scans_agree(plans_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = open_repo(None, plans_repo)
    files = plan_files(repo, [], plans_repo) * 20  # enough files to start workers
    serial = scan_module.scan(repo, files, use_cache=False, jobs=1)
    monkeypatch.setattr(scan_module, "PARALLEL_FROM", 10)
    parallel = scan_module.scan(repo, files, use_cache=False, jobs=2)
    assert [r.to_plain() for r in serial] == [r.to_plain() for r in parallel]
    assert isinstance(repo.config, Config)


def test_git_listing_through_pipes_is_the_same(plans_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no unnamed temporary files, git's output comes through pipes."""
    from ipcli.store import gitfiles

    (plans_repo / "examples-untracked.yaml").write_text("id: x\n", encoding="utf-8")
    first = next(iter((plans_repo).rglob("*.yaml")))
    with first.open("a", encoding="utf-8") as fh:
        fh.write("# changed\n")
    spooled = open_repo(plans_repo, plans_repo).git_listing()
    monkeypatch.setattr(gitfiles, "_spool", lambda: None)
    piped = open_repo(plans_repo, plans_repo).git_listing()
    assert spooled is not None and spooled == piped
    assert "examples-untracked.yaml" in spooled.changed
    assert first.relative_to(plans_repo).as_posix() in spooled.changed
    assert len(spooled.tracked) >= 3


def test_git_listing_outside_a_work_tree_is_none(tmp_path: Path) -> None:
    assert open_repo(tmp_path, tmp_path).git_listing() is None


def test_future_dates_follow_today_from_a_warm_cache(cli: Cli, plans_repo: Path) -> None:
    """IP312 depends on --today while the cached result must not: the same cache entry gives
    the warning before the date and none after it."""
    plan = plans_repo / "plans" / "solbakken" / "p-0120.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("date: 2026-11-02", "date: 2026-12-24", 1), encoding="utf-8"
    )

    def future(today: str) -> list[str]:
        result = cli(["lint", "-f", "json", "--today", today], cwd=plans_repo)
        return [f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "IP312"]

    assert future("2026-11-23") == ["consent c1 is dated 2026-12-24, after today"]
    assert (plans_repo / CACHE).exists()
    assert future("2026-12-24") == []
    assert future("2026-11-23") == ["consent c1 is dated 2026-12-24, after today"]


def test_records_dated_ahead_come_from_the_cache_unless_there_are_several(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds a plan's latest record of what happened (IP312 when it is dated after
    today) and the day of the one after it: with one record dated ahead, a warm run does not
    read the file again; with two, it reads it for both; results as without the cache."""
    import ipcli.checks.load

    plan = plans_repo / "plans" / "solbakken" / "p-0120.yaml"
    text = plan.read_text(encoding="utf-8").replace("date: 2026-11-02", "date: 2026-12-24", 1)
    plan.write_text(text.replace("- date: 2026-12-08", "- date: 2028-01-10", 1), encoding="utf-8")
    reads: list[str] = []
    real = ipcli.checks.load.load_file

    def counting(file, *args, **kwargs):
        reads.append(str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(ipcli.checks.load, "load_file", counting)

    def future(today: str, *extra: str) -> list[str]:
        result = cli(["lint", "-f", "json", "--today", today, *extra], cwd=plans_repo)
        return sorted(f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "IP312")

    both = future("2026-11-23", "--no-cache")
    assert len(both) == 2 and "2026-12-24" in both[0] and "2028-01-10" in both[1]
    assert future("2026-11-23") == both  # fills the cache
    reads.clear()
    assert future("2026-11-23") == both  # two records ahead: the file is read again
    assert reads == [str(plan)]
    reads.clear()
    later = future("2026-12-24")  # only the meeting more than a year ahead: from the cache
    assert later == [both[1]] == future("2026-12-24", "--no-cache")
    reads.clear()
    assert future("2026-12-24") == later and reads == []
    assert future("2027-01-09") == [] and reads == []


def _plain_entries(repo: Path) -> list[tuple[object, ...]]:
    """The cache entries (plain form) of every example plan, and of a file that is no plan."""
    from ipcli.checks.analysis import analyse_file

    broken = repo / "plans" / "broken.yaml"
    broken.write_text("id: p-0999\nstatus: [\n", encoding="utf-8")
    config = open_repo(repo, repo).config
    return [
        analyse_file(f, f.relative_to(repo).as_posix(), config, repo).to_plain()
        for f in sorted(repo.glob("plans/**/*.yaml"))
    ]


_WRONG = [True, 1.5, None, "x", b"x", (), [], {}, ("x",), [("x",)], 7]


def test_checking_all_entries_at_once_agrees_with_checking_each(plans_repo: Path) -> None:
    """results.checked_all (column by column, in C loops) accepts exactly what results.checked
    (entry by entry) accepts: any one value anywhere in any entry replaced by a value of another
    kind, and both say no, or both yes."""
    import random

    from ipcli.checks.results import checked, checked_all

    entries = _plain_entries(plans_repo)
    paths = [str(e[0]) for e in entries]
    assert any(e[6] is not None for e in entries)  # the file that is no plan is among them
    assert checked_all(entries, paths) is not None
    assert all(checked(e, p) is not None for e, p in zip(entries, paths, strict=True))

    def places(value: object, at: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
        """Every place in a nested entry (tuples, lists and dicts' values), as an index path."""
        out = [at]
        if isinstance(value, (tuple, list)):
            for n, v in enumerate(value):
                out += places(v, (*at, n))
        elif isinstance(value, dict):
            for n, v in enumerate(value.values()):
                out += places(v, (*at, n))
        return out

    def replaced(value: object, at: tuple[int, ...], new: object) -> object:
        if not at:
            return new
        n, rest = at[0], at[1:]
        if isinstance(value, dict):
            key = list(value)[n]
            return {**value, key: replaced(value[key], rest, new)}
        assert isinstance(value, (tuple, list))
        items = list(value)
        items[n] = replaced(items[n], rest, new)
        return tuple(items) if isinstance(value, tuple) else items

    rng = random.Random(20261203)
    tried = 0
    for _ in range(600):
        which = rng.randrange(len(entries))
        at = rng.choice(places(entries[which])[1:])
        spoilt = replaced(entries[which], at, rng.choice(_WRONG))
        each = checked(spoilt, paths[which]) is not None
        together = checked_all([*entries[:which], spoilt, *entries[which + 1 :]], paths) is not None
        assert each == together, (at, spoilt)
        tried += not each
    assert tried > 300  # most replacements are of the wrong kind, and both said so
