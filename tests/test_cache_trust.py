"""The cache is never wrong and never in the way: a file saved while a run reads it, a cache that
cannot be written, and caches that are corrupt, foreign, from another build or forged. Every run
goes through the installed command in its own process; results are compared with --no-cache."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, ROOT, Cli, git

CACHE = Path(".git") / "ipcli" / "cache.marshal"
PLAN = Path("plans") / "solbakken" / "p-0107.yaml"
OLD = 1_600_000_000  # a modification time long before the index was written (2020)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", **extra}
    env.pop("IPCLI_NO_CACHE", None)
    return env


def _run(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args, "--today", PINNED_TODAY],
        cwd=repo,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _outputs(repo: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[tuple[int, str], ...]:
    runs = [_run(repo, cmd, "-f", "json", *extra, env=env) for cmd in ("lint", "due")]
    for r in runs:
        assert r.returncode in (0, 1), r.stderr
    return tuple((r.returncode, r.stdout) for r in runs)


@pytest.mark.slow  # real processes: about 2 s of CPU
def test_a_file_saved_between_listing_and_reading_is_not_cached_under_the_old_id(plans_repo: Path) -> None:
    """git lists the file with one blob id, the analysis reads other bytes. git is told to trust
    size and modification time only, and the new bytes keep both: git's listing then names the
    committed blob while the disk holds other bytes, exactly as when a coordinator saves while
    `due` runs. The result must be stored under the bytes read, so restoring the file gives
    the restored file's result, not the one of the bytes read in between."""
    git(plans_repo, "config", "core.trustctime", "false")
    git(plans_repo, "config", "core.checkStat", "minimal")
    plan = plans_repo / PLAN
    original = plan.read_bytes()
    os.utime(plan, (OLD, OLD))
    git(plans_repo, "update-index", "--really-refresh")  # the index keeps the old time
    assert b"outcome: continue" in original
    changed = original.replace(b"outcome: continue", b"outcome: continux", 1)  # same size
    assert len(changed) == len(original)

    plan.write_bytes(changed)
    os.utime(plan, (OLD, OLD))
    assert git(plans_repo, "diff-files", "--name-only") == ""  # git sees no change: the listing is stale
    _outputs(plans_repo)  # the run that reads the other bytes (and writes the cache)

    plan.write_bytes(original)
    os.utime(plan, (OLD, OLD))
    assert _outputs(plans_repo) == _outputs(plans_repo, "--no-cache")


@pytest.mark.slow  # real processes, each command with and without the cache: about 2.5 s of CPU
@pytest.mark.parametrize("blocker", ["file", "read-only"])
def test_a_cache_that_cannot_be_written_is_not_an_error(plans_repo: Path, blocker: str) -> None:
    expected = _outputs(plans_repo, "--no-cache")
    folder = plans_repo / ".git" / "ipcli"
    if blocker == "file":  # where the cache's folder should be, a file (works for any user)
        folder.write_text("not a folder")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        (plans_repo / ".git").chmod(0o555)
    try:
        for _ in range(2):
            runs = [_run(plans_repo, "lint", "-f", "json"), _run(plans_repo, "due", "-f", "json")]
            assert tuple((r.returncode, r.stdout) for r in runs) == expected
            assert all("Traceback" not in r.stderr and "internal error" not in r.stderr for r in runs)
            stats = _run(plans_repo, "stats")
            assert stats.returncode == 0, stats.stderr
    finally:
        (plans_repo / ".git").chmod(0o755)


@pytest.mark.slow
def test_no_place_for_the_users_key_means_no_cache_not_an_error(plans_repo: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    env = _env(XDG_CACHE_HOME=str(blocked))
    assert _outputs(plans_repo, env=env) == _outputs(plans_repo, "--no-cache")
    assert not (plans_repo / CACHE).exists()


def _user_key() -> bytes:
    from ipcli.store.cache import key_file

    return key_file().read_bytes()


def _write_cache(repo: Path, stamp: bytes, entries: dict[tuple[str, str], object], key: bytes | None) -> None:
    from _blake2 import blake2b

    from ipcli.store.cache import FORMAT

    payload = marshal.dumps((stamp, entries))
    mac = blake2b(payload, digest_size=32, key=key).digest() if key else b"\0" * 32
    (repo / CACHE).write_bytes(FORMAT + mac + payload)


def _entries(repo: Path) -> tuple[bytes, dict[tuple[str, str], tuple[object, ...]]]:
    stamp, entries, _mark = _payload(repo)
    return stamp, entries


def _payload(repo: Path) -> tuple[bytes, dict[tuple[str, str], tuple[object, ...]], str | None]:
    """The cache file's fingerprint, entries and mark (None: a file without one)."""
    from ipcli.store.cache import FORMAT

    data = (repo / CACHE).read_bytes()
    stamp, entries, *mark = marshal.loads(data[len(FORMAT) + 32 :])
    return stamp, entries, mark[0] if mark else None


def _forge_clean(entries: dict[tuple[str, str], tuple[object, ...]]) -> dict[tuple[str, str], object]:
    """Every entry says: no findings at all."""
    return {k: (v[0], [], v[2], v[3], v[4]) for k, v in entries.items()}


@pytest.mark.slow
def test_corrupt_foreign_old_and_forged_caches_are_rebuilt(plans_repo: Path, tmp_path: Path) -> None:
    plan = plans_repo / PLAN
    broken = plan.with_name("p-0108.yaml")  # a plan with errors: a cache that hid them would show
    text = plan.read_bytes().replace(b"id: p-0107", b"id: p-0108")
    broken.write_bytes(text.replace(b"outcome: continue", b"outcome: maybe"))
    git(plans_repo, "add", "-A")
    git(plans_repo, "commit", "-q", "-m", "a plan with errors")
    expected = _outputs(plans_repo, "--no-cache")
    assert expected[0][0] == 1
    assert _outputs(plans_repo) == expected  # writes the cache (and this user's key)
    stamp, entries = _entries(plans_repo)
    key = _user_key()
    good = (plans_repo / CACHE).read_bytes()

    # another user's cache (copied with tar, or a shared folder): the same content, another key
    other_home = tmp_path / "other-user-cache"
    other = plans_repo.parent / "other-copy"
    shutil.copytree(plans_repo, other, symlinks=True)
    (other / CACHE).unlink()
    _outputs(other, env=_env(XDG_CACHE_HOME=str(other_home)))
    foreign = (other / CACHE).read_bytes()
    assert foreign != good

    def bad_shapes() -> dict[tuple[str, str], object]:
        out: dict[tuple[str, str], object] = {}
        for n, (k, v) in enumerate(entries.items()):
            if n % 4 == 0:
                out[k] = (v[0], v[1], [tuple(i[:6]) for i in v[2]], v[3], v[4])  # rows one field short
            elif n % 4 == 1:
                out[k] = (v[0], [(True, 1, "IP1", "m", "")], v[2], v[3], v[4])  # a bool for a line
            elif n % 4 == 2:
                out[k] = ("plans/elsewhere.yaml", *v[1:])  # another file's entry
            else:
                out[k] = (v[0], v[1], v[2], v[3], ("p", "active"))  # facts cut short
        return out

    cases = {
        "corrupt: garbage": lambda: (plans_repo / CACHE).write_bytes(b"\x00garbage" * 50),
        "corrupt: cut short": lambda: (plans_repo / CACHE).write_bytes(good[: len(good) // 2]),
        "corrupt: one byte flipped": lambda: (plans_repo / CACHE).write_bytes(
            good[:-10] + bytes([good[-10] ^ 1]) + good[-9:]
        ),
        "foreign: another user's": lambda: (plans_repo / CACHE).write_bytes(foreign),
        "foreign: the format before this one": lambda: (plans_repo / CACHE).write_bytes(
            marshal.dumps(("ipcli-cache-1", "0" * 40, _forge_clean(entries)))
        ),
        "old build: same version, other code": lambda: _write_cache(
            plans_repo, b"another build".ljust(32, b"\0"), _forge_clean(entries), key
        ),
        "forged: no findings, no key": lambda: _write_cache(plans_repo, stamp, _forge_clean(entries), None),
        "forged: no findings, a guessed key": lambda: _write_cache(
            plans_repo, stamp, _forge_clean(entries), b"k" * 32
        ),
        # written with the key but not by ipcli's save (no mark that every entry was checked)
        "forged: entries of every wrong shape, with the key": lambda: _write_cache(
            plans_repo, stamp, bad_shapes(), key
        ),
    }
    for name, spoil in cases.items():
        spoil()
        assert _outputs(plans_repo) == expected, name
        # rebuilt: the next run reads a whole, valid cache again, with the mark
        assert (plans_repo / CACHE).read_bytes()[:14] == good[:14], name
        assert _payload(plans_repo)[0] == stamp, name
        assert _payload(plans_repo)[2] == "every entry checked", name
        assert _outputs(plans_repo) == expected, name


def test_entries_are_checked_once_and_a_faulty_entry_is_never_stored(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ipcli checks every entry before it writes the cache and marks the file so: a warm run over
    its own file does not check the entries again (they are covered by the keyed hash), a file
    without the mark is checked entry by entry and written again with it, and a result whose
    plain form is not as this build reads them (a fault in the code) is not stored at all."""
    import ipcli.checks.scan
    from ipcli.checks.results import FileResult

    env = {"IPCLI_NO_CACHE": "", "NO_COLOR": "1"}
    calls: list[int] = []
    real = ipcli.checks.scan.checked_all

    def counting(plains, paths):
        calls.append(len(plains))
        return real(plains, paths)

    monkeypatch.setattr(ipcli.checks.scan, "checked_all", counting)
    lint = ["lint", "-f", "json", "--today", PINNED_TODAY]
    first = cli(lint, cwd=plans_repo, env=env)
    stamp, entries, mark = _payload(plans_repo)
    assert mark == "every entry checked" and entries
    assert calls == [len(entries)]  # the new results, checked before they were stored
    calls.clear()
    written = (plans_repo / CACHE).stat().st_mtime_ns
    assert cli(lint, cwd=plans_repo, env=env).stdout == first.stdout
    assert calls == []  # its own file: trusted under the hash, not checked again
    assert (plans_repo / CACHE).stat().st_mtime_ns == written  # nothing changed, nothing written

    _write_cache(plans_repo, stamp, entries, _user_key())  # the same entries, without the mark
    assert cli(lint, cwd=plans_repo, env=env).stdout == first.stdout
    assert calls == [len(entries)]  # checked entry by entry, then written with the mark
    assert _payload(plans_repo)[2] == "every entry checked"

    (plans_repo / CACHE).unlink()
    plain = FileResult.to_plain
    monkeypatch.setattr(FileResult, "to_plain", lambda self: (*plain(self)[:-1], "not as written"))
    assert cli(lint, cwd=plans_repo, env=env).stdout == first.stdout
    assert not (plans_repo / CACHE).exists() or not _payload(plans_repo)[1]


def test_the_fingerprint_covers_the_code_not_only_the_version(tmp_path: Path) -> None:
    """A copy of the package with one rule changed (the version string untouched) has another
    fingerprint."""
    copy = tmp_path / "build"
    shutil.copytree(ROOT / "ipcli", copy / "ipcli", ignore=shutil.ignore_patterns("__pycache__"))
    probe = "from ipcli.store.cache import fingerprint; print(fingerprint(b'').hex())"

    def stamp() -> str:
        env = {**os.environ, "PYTHONPATH": str(copy)}
        return subprocess.run(  # -S: no site packages, so not the installed ipcli
            [sys.executable, "-S", "-c", probe], cwd=copy, env=env, capture_output=True, text=True, check=True
        ).stdout

    before = stamp()
    rule = copy / "ipcli" / "checks" / "rules" / "references.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# another build\n", encoding="utf-8")
    assert stamp() != before
