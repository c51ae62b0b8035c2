"""`render --all` a second time into the same folder: only what changed is made and written again,
and the site is always the one a first run would make (ipcli.documents.sitestate).

Every test compares the site with a fresh run into an empty folder (byte for byte), and looks at
which files were replaced (a replaced file has a new inode: ipcli writes a new file and renames it
into place) — through the real CLI, on a real git repository.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

T = ["--today", PINNED_TODAY]
Snapshot = dict[str, tuple[int, int, bytes]]


@pytest.fixture(autouse=True)
def _record_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # the site's record lives beside the cache, which the test suite turns off (conftest)
    monkeypatch.delenv("IPCLI_NO_CACHE", raising=False)


def _render(cli: Cli, repo: Path, site: Path, *more: str) -> str:
    result = cli(["render", "--all", "--out", str(site), *T, *more], cwd=repo)
    assert result.exit_code == 0, result.stderr
    return result.stderr


def _snapshot(site: Path) -> Snapshot:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(site).as_posix()] = (st.st_ino, st.st_mtime_ns, path.read_bytes())
    return out


def _replaced(before: Snapshot, after: Snapshot) -> set[str]:
    return {
        name for name, (ino, mtime, _data) in after.items() if before.get(name, (0, 0))[:2] != (ino, mtime)
    }


def _contents(snap: Snapshot) -> dict[str, bytes]:
    return {name: data for name, (_ino, _mtime, data) in snap.items()}


def _fresh(cli: Cli, repo: Path, tmp_path: Path, *more: str) -> dict[str, bytes]:
    """The site a first run makes now, in a folder of its own."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    _render(cli, repo, fresh, *more)
    return _contents(_snapshot(fresh))


def test_a_second_run_rewrites_nothing(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    before = _snapshot(site)
    said = _render(cli, plans_repo, site)
    after = _snapshot(site)
    assert _replaced(before, after) == set()
    assert after == before  # the same files, inodes, times and bytes
    assert f"{len(after)} files of the site were up to date" in said
    assert _contents(after) == _fresh(cli, plans_repo, tmp_path)


def test_one_changed_plan_rewrites_its_pages_and_the_pages_that_list_it(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    before = _snapshot(site)
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Dra på kino hver uke.", "Dra på konsert hver måned."), encoding="utf-8")
    _render(cli, plans_repo, site)
    after = _snapshot(site)
    replaced = _replaced(before, after)
    assert {"plans/p-0042.html", "plans/p-0042.citizen.html"} <= replaced
    lists_it = {name for name, (_i, _m, data) in after.items() if b"p-0042" in data}
    assert replaced <= lists_it  # the index, the due pages, its coordinator's page: no other plan's
    assert not any(name.startswith("plans/") and "p-0042" not in name for name in replaced)
    assert "konsert" in (site / "plans" / "p-0042.html").read_text(encoding="utf-8")
    assert _contents(after) == _fresh(cli, plans_repo, tmp_path)


def test_a_commit_alone_changes_the_pages_of_its_plan(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    """A page names its plan's version: committing a change (same bytes) makes the page again."""
    site = tmp_path / "site"
    plan = plans_repo / "plans" / "solbakken" / "p-0113.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# merknad\n", encoding="utf-8")
    _render(cli, plans_repo, site)
    before = _snapshot(site)
    git(plans_repo, "commit", "-q", "-am", "Merknad")
    _render(cli, plans_repo, site)
    after = _snapshot(site)
    assert {"plans/p-0113.html", "plans/p-0113.citizen.html"} <= _replaced(before, after)
    assert _contents(after) == _fresh(cli, plans_repo, tmp_path)


@pytest.mark.parametrize("change", ["today", "lang", "template", "config"])
def test_what_every_page_depends_on_rewrites_every_page(
    cli: Cli, plans_repo: Path, tmp_path: Path, change: str
) -> None:
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    before = _snapshot(site)
    more: list[str] = []
    if change == "today":
        more = ["--today", "2026-12-01"]  # overrides the earlier --today
    elif change == "lang":
        more = ["--lang", "da"]
    elif change == "template":  # the repository's own templates folder, with a style sheet of its own
        (plans_repo / "templates").mkdir()
        css = (site / "style.css").read_text(encoding="utf-8")
        (plans_repo / "templates" / "style.css").write_text(css + "\n/* eget */\n", encoding="utf-8")
    else:
        with open(plans_repo / "ipcli.toml", "a", encoding="utf-8") as f:
            f.write('\n[render]\norganisation = "Nordvik kommune (oppdiktet)"\n')
    _render(cli, plans_repo, site, *more)
    after = _snapshot(site)
    assert _replaced(before, after) == set(after)
    assert _contents(after) == _fresh(cli, plans_repo, tmp_path, *more)


def test_a_page_deleted_or_edited_by_hand_is_made_again(
    cli: Cli, plans_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipcli.documents import sitestate

    # no file counts as changed just before the record was saved (the test is quicker than a
    # coarse clock): what a page's stat says is taken as it is
    monkeypatch.setattr(sitestate, "RACY_NS", -(10**12))
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    (site / "plans" / "p-0051.html").unlink()
    citizen = site / "plans" / "p-0107.citizen.html"
    st = citizen.stat()
    data = citizen.read_bytes()
    citizen.write_bytes(data.replace(b"<h1", b"<h2", 1))  # the same size, and the old times put back
    os.utime(citizen, ns=(st.st_atime_ns, st.st_mtime_ns))
    index = site / "index.html"
    index.write_bytes(index.read_bytes() + b"<!-- edited -->")
    before = _snapshot(site)
    _render(cli, plans_repo, site)
    after = _snapshot(site)
    assert _replaced(before, after) == {"plans/p-0051.html", "plans/p-0107.citizen.html", "index.html"}
    assert _contents(after) == _fresh(cli, plans_repo, tmp_path)


def test_a_run_that_stopped_half_way_leaves_no_wrong_page(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    """A run killed after writing pages but before its record: the next run trusts nothing the
    stopped run replaced, whether the plan is changed back meanwhile or not."""
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    (record,) = (plans_repo / ".git" / "ipcli").glob("site-*.marshal")
    complete = record.read_bytes()
    plan = plans_repo / "plans" / "nordvik" / "p-0058.yaml"
    original = plan.read_bytes()
    plan.write_bytes(original.replace(b"coordinator:", b"# endret\ncoordinator:", 1))
    _render(cli, plans_repo, site)  # the run that "stops": its record is taken back below
    record.write_bytes(complete)
    plan.write_bytes(original)  # and the plan is as the record knew it
    _render(cli, plans_repo, site)
    assert _contents(_snapshot(site)) == _fresh(cli, plans_repo, tmp_path)


def test_a_record_not_written_by_this_users_ipcli_is_ignored(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    (record,) = (plans_repo / ".git" / "ipcli").glob("site-*.marshal")
    data = bytearray(record.read_bytes())
    data[-1] ^= 1  # any change fails the keyed hash
    record.write_bytes(bytes(data))
    before = _snapshot(site)
    _render(cli, plans_repo, site)
    after = _snapshot(site)
    assert _replaced(before, after) == set(after)


def test_a_removed_plan_leaves_the_index(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    git(plans_repo, "rm", "-q", "plans/solbakken/p-0120.yaml")
    _render(cli, plans_repo, site)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "plans/p-0120.html" not in index and "plans/p-0113.html" in index
    fresh = _fresh(cli, plans_repo, tmp_path)
    now = _contents(_snapshot(site))
    # the removed plan's own pages stay in the folder, as they always have; the rest is as new
    assert {n: d for n, d in now.items() if "p-0120" not in n} == fresh


def test_without_the_cache_every_run_makes_every_page(
    cli: Cli, plans_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCLI_NO_CACHE", "1")
    site = tmp_path / "site"
    _render(cli, plans_repo, site)
    before = _snapshot(site)
    _render(cli, plans_repo, site)
    assert _replaced(before, _snapshot(site)) == set(before)
    assert not (plans_repo / ".git" / "ipcli").exists() or not list(
        (plans_repo / ".git" / "ipcli").glob("site-*")
    )


def test_a_plan_whose_page_failed_is_named_again_on_the_next_run(
    cli: Cli, plans_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure is never taken for a finished page: the next run tries the plan again and
    names it again while it fails, and makes its pages once it does not."""
    from typing import Any

    from ipcli.documents import render
    from ipcli.errors import UserError

    real = render.render_plan

    def failing(plan: Any, *args: Any, **kwargs: Any) -> str:
        if plan.id == "p-0051":
            raise UserError("the page could not be made")
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(render, "render_plan", failing)
    site = tmp_path / "site"
    for _run in range(2):
        result = cli(["render", "--all", "--out", str(site), *T], cwd=plans_repo)
        assert result.exit_code == 1, result.stderr
        assert "p-0051.yaml: not written: the page could not be made" in result.stderr
    monkeypatch.setattr(render, "render_plan", real)
    _render(cli, plans_repo, site)
    assert _contents(_snapshot(site)) == _fresh(cli, plans_repo, tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a FIFO is POSIX")
def test_the_record_reads_the_repositorys_files_only_as_the_pages_do(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    """What a page depends on is read for the record only as the page itself reads it: a FIFO among
    the repository's templates is never waited on, and a link out of the repository (a template,
    a plan) is not opened (tests/test_untrusted.py watches every file opened)."""
    templates = plans_repo / "templates"
    templates.mkdir()
    os.mkfifo(templates / "pipe.html.j2")  # opened, it would wait for a writer for ever
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: plan\n", encoding="utf-8")
    (plans_repo / "plans" / "p-0777.yaml").symlink_to(outside)
    with (plans_repo / "ipcli.toml").open("a", encoding="utf-8") as f:
        f.write('\n[render]\ntemplates = "templates"\n')
    site = tmp_path / "site"
    result = cli(["render", "--all", "--out", str(site), *T], cwd=plans_repo)
    assert result.exit_code in (0, 1), result.stderr
    again = cli(["render", "--all", "--out", str(site), *T], cwd=plans_repo)
    assert again.exit_code == result.exit_code, again.stderr
    assert (site / "index.html").is_file()


def test_a_second_edit_not_yet_committed_is_seen(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    """A plan changed twice between commits: its git version says "changed" both times, so only
    what the file holds tells the second change from the first."""
    site = tmp_path / "site"
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Dra på kino hver uke.", "Dra på konsert hver måned."), encoding="utf-8")
    _render(cli, plans_repo, site)
    plan.write_text(text.replace("Dra på kino hver uke.", "Dra på teater hver måned."), encoding="utf-8")
    _render(cli, plans_repo, site)
    assert "teater" in (site / "plans" / "p-0042.html").read_text(encoding="utf-8")
    assert _contents(_snapshot(site)) == _fresh(cli, plans_repo, tmp_path)
