"""Turn plan files into FileResults: from the cache where the blob is known, else by analysing
them, on every core when there are many."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipcli.checks.results import FileResult, checked, checked_all
from ipcli.config import Config
from ipcli.language.i18n import N_
from ipcli.store.cache import Cache, blob_ids
from ipcli.store.repo import Repo

# below this many files to analyse, starting worker processes costs more than it saves
PARALLEL_FROM = 150
CHECKING = N_("progress.checking")  # what a progress display calls this work

_worker_config: Config | None = None


def _analyse_in_worker(job: tuple[str, str, str]) -> tuple[tuple[object, ...], str | None]:
    from ipcli.checks.analysis import analyse_file

    assert _worker_config is not None
    file, rel, root = job
    result = analyse_file(Path(file), rel, _worker_config, Path(root))
    return result.to_plain(), result.blob


def relative(repo: Repo, file: str | Path) -> str:
    """The path from the repository root, with /; string work only (this runs per file)."""
    text, root = str(file), str(repo.root) + os.sep
    if text.startswith(root):  # the usual case: files as listed from the repository
        rel = text[len(root) :]
        return rel.replace(os.sep, "/") if os.sep != "/" else rel
    if not os.path.isabs(text):
        text = os.path.abspath(text)
    if text.startswith(root):
        return text[len(root) :].replace(os.sep, "/")
    real = os.path.realpath(text)  # reached through a symlink or .. : resolve once
    return real[len(root) :].replace(os.sep, "/") if real.startswith(root) else real


def scan(
    repo: Repo, files: Sequence[str | Path], use_cache: bool = True, jobs: int | None = None
) -> list[FileResult]:
    """One FileResult per file, in the order given."""
    enabled = gc.isenabled()
    gc.disable()  # bulk work only allocates; collecting on the way costs a quarter of the time
    try:
        return _scan(repo, files, use_cache, jobs)
    finally:
        if enabled:
            gc.enable()


def _scan(repo: Repo, files: Sequence[str | Path], use_cache: bool, jobs: int | None) -> list[FileResult]:
    rels = [relative(repo, f) for f in files]
    cache = repo.cache() if use_cache else None
    blobs = blob_ids(repo.root, repo.git_listing(), rels) if cache is not None else {}

    results: list[FileResult | None] = [None] * len(files)
    todo: list[int] = []
    hits: list[int] = []  # files with an entry in the cache
    plains: list[Any] = []
    for i, rel in enumerate(rels):
        blob = blobs.get(rel)
        plain = cache.get((rel, blob)) if cache is not None and blob else None
        if plain is None:
            todo.append(i)
        else:
            hits.append(i)
            plains.append(plain)
    if cache is not None and hits:
        # every entry is checked for shape before use: by the run that wrote the file when it
        # carries the mark that says so (see ipcli.store.cache), else here, all at once (the usual
        # case, all as this build writes them) or one by one, so that only the entries that are
        # not as this build writes them are analysed again
        if cache.checked:
            found: list[FileResult] | None = [FileResult.from_plain(p) for p in plains]
        else:
            found = checked_all(plains, [rels[i] for i in hits])
        for n, i in enumerate(hits):
            result = found[n] if found is not None else checked(plains[n], rels[i])
            if result is None:
                cache.reject((rels[i], blobs[rels[i]]))  # not as this build writes them
                todo.append(i)
            else:
                results[i] = result
        todo.sort()

    enabled = gc.isenabled()
    gc.disable()  # bulk work only allocates; collecting on the way costs a quarter of the time
    try:
        for i, result in zip(
            todo, _analyse(repo.config, repo.root, [(files[i], rels[i]) for i in todo], jobs), strict=True
        ):
            results[i] = result
        if cache is not None:
            _store(cache, [(rels[i], results[i]) for i in todo])
    finally:
        if enabled:
            gc.enable()
    if cache is not None:
        cache.save()
    return [r for r in results if r is not None]


def _store(cache: Cache, made: list[tuple[str, FileResult | None]]) -> None:
    """Keep new results in the cache, each checked for shape first (the cache file says that
    every entry in it was: see ipcli.store.cache). The key is the blob id of the bytes the analysis
    read, not the one listed before reading: the file may have been saved in between."""
    new = [(rel, r, r.to_plain()) for rel, r in made if r is not None and r.blob]
    if not new:
        return
    rels = [rel for rel, _r, _p in new]
    plains = [plain for _rel, _r, plain in new]
    every = checked_all(plains, rels) is not None
    for rel, result, plain in new:
        if every or checked(plain, rel) is not None:  # else a fault in this build: not kept
            cache.put((rel, str(result.blob)), plain)


def _analyse(
    config: Config, root: Path, jobs_list: list[tuple[str | Path, str]], jobs: int | None
) -> list[FileResult]:
    if not jobs_list:
        return []
    from ipcli.checks.analysis import analyse_file  # the YAML reader, schema and rules: only when needed
    from ipcli.store.work import cores, each

    workers = jobs if jobs is not None else cores()
    if workers < 2 or len(jobs_list) < PARALLEL_FROM:
        return each(lambda job: analyse_file(Path(job[0]), job[1], config, root), jobs_list, CHECKING)
    global _worker_config
    _worker_config = config  # inherited by the forked workers; settings are not picklable
    plain = each(
        _analyse_in_worker,
        [(str(f), rel, str(root)) for f, rel in jobs_list],
        CHECKING,
        workers,
        max(8, len(jobs_list) // (workers * 8)),
    )
    out = []
    for p, blob in plain:
        result = FileResult.from_plain(p)
        result.blob = blob
        out.append(result)
    return out
