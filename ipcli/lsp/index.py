"""The plans of one repository, in memory, for the checks across plans (IP202 one id in two
plans, IP205 one person in two plans): built once from the same cache `ipcli lint` uses, then
kept current from the editor's text and from files changed on disk. A check after a change looks
up only the plans that share the id or the person, not the whole repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ipcli.checks.results import Facts, FileResult
from ipcli.checks.rules.references import across_plans
from ipcli.config import Config
from ipcli.plan.findings import Finding
from ipcli.store.repo import Repo, configured_plans


class RepoIndex:
    """The facts of every plan in a repository, by path from its root."""

    def __init__(self, repo: Repo, standalone: bool = False) -> None:
        self.repo = repo
        self.standalone = standalone  # a folder outside any repository: no other plans are read
        self.facts: dict[str, Facts | None] = {}
        self._by_id: dict[str, set[str]] = {}
        self._by_person: dict[str, set[str]] = {}
        self.open: set[str] = set()  # plans the editor holds: their facts come from its text
        self.ready = False  # the repository's plans are read (until then: no checks across plans)
        self._patterns: list[re.Pattern[str]] | None = None

    @property
    def root(self) -> Path:
        return self.repo.root

    @property
    def config(self) -> Config:
        return self.repo.config

    def read(self, use_cache: bool = True) -> list[tuple[str, Facts | None]]:
        """Every plan of the repository (from the cache where nothing changed). Touches nothing
        of the index: it runs on a thread of its own while the server answers (then `fill`).

        In this process the plans are read one after the other: worker processes forked from a
        thread of a server (while another thread holds a lock) can hang for ever. A cold
        repository (most plans not in the cache: a fresh clone, a new ipcli, a changed
        ipcli.toml) is first analysed on every core by `ipcli lint` in a process of its own,
        which fills the cache this reading then takes them from."""
        from ipcli.checks.scan import PARALLEL_FROM, scan

        files = configured_plans(self.repo)
        cache = self.repo.cache() if use_cache else None
        if cache is not None and len(files) >= PARALLEL_FROM and len(cache.entries) < len(files) // 2:
            import subprocess
            import sys

            subprocess.run(
                [sys.executable, "-m", "ipcli", "lint", "-q", "--repo", str(self.root)],
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            self.repo._memo.pop("cache", None)  # read the cache it wrote
        return [(r.path, r.facts) for r in scan(self.repo, files, use_cache, jobs=1)]

    def fill(self, read: list[tuple[str, Facts | None]]) -> None:
        """The plans `read` found; the open ones keep the editor's text."""
        for rel, facts in read:
            if rel not in self.open:
                self.put(rel, facts)
        self.ready = True

    def rel(self, file: Path) -> str:
        text = str(file)
        root = str(self.root) + os.sep
        return text[len(root) :].replace(os.sep, "/") if text.startswith(root) else file.name

    def is_plan(self, rel: str) -> bool:
        if self._patterns is None:
            from ipcli.store.gitfiles import glob_regex

            self._patterns = [glob_regex(p) for p in self.config.plans]
        return any(p.match(rel) for p in self._patterns)

    def put(self, rel: str, facts: Facts | None) -> None:
        self.remove(rel)
        self.facts[rel] = facts
        if facts is not None:
            self._by_id.setdefault(facts.id, set()).add(rel)
            if facts.person_key is not None:
                self._by_person.setdefault(facts.person_key, set()).add(rel)

    def remove(self, rel: str) -> None:
        old = self.facts.pop(rel, None)
        if old is not None:
            self._by_id.get(old.id, set()).discard(rel)
            if old.person_key is not None:
                self._by_person.get(old.person_key, set()).discard(rel)

    def reread(self, file: Path) -> str | None:
        """A plan changed, appeared or went away on disk: read it again (unless the editor holds
        it). Returns its path from the root when it is one of the repository's plans."""
        rel = self.rel(file)
        if not self.is_plan(rel) or rel in self.open:
            return rel if self.is_plan(rel) else None
        if not file.is_file():
            self.remove(rel)
            return rel
        from ipcli.checks.analysis import analyse_file

        self.put(rel, analyse_file(file, rel, self.config, self.root).facts)
        return rel

    def related(self, rel: str) -> set[str]:
        """The plans that share the id or the person with this one (itself included)."""
        facts = self.facts.get(rel)
        if facts is None:
            return set()
        out = set(self._by_id.get(facts.id, ()))
        if facts.person_key is not None:
            out |= self._by_person.get(facts.person_key, set())
        return out

    def across(self, rel: str) -> list[Finding]:
        """lint's findings across plans for this one plan, from the plans it shares an id or a
        person with, in lint's order (by path), so the editor and `ipcli lint` agree."""
        group = sorted(self.related(rel) | {rel})
        if len(group) < 2:
            return []
        files = [(FileResult(r, facts=self.facts.get(r)), r) for r in group]
        return across_plans(files).get(rel, [])
