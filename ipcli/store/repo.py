"""Find the plans repository (like git finds its root) and the plan files in it."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ipcli.config import CONFIG_NAME, Config, load_config
from ipcli.errors import UserError
from ipcli.language.i18n import tr

if TYPE_CHECKING:
    from ipcli.store.cache import Cache
    from ipcli.store.gitfiles import Listing

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Repo:
    """A plans repository as one command sees it: a snapshot for one run."""

    root: Path
    config: Config
    config_path: Path | None
    _memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def prefetch(self, use_cache: bool) -> None:
        """Start what a run over all plans waits for, so the waits overlap: git lists the files
        (in its own processes) while the cache is read."""
        from ipcli.store.gitfiles import start_listing

        if "listing" not in self._memo and "pending" not in self._memo:
            self._memo["pending"] = start_listing(self.root)
        if use_cache:
            self.cache()

    def git_listing(self) -> Listing | None:
        """git's view of the files, asked once per run (plan discovery and the cache share it)."""
        if "listing" not in self._memo:
            from ipcli.store.gitfiles import start_listing

            pending = self._memo.pop("pending", None) or start_listing(self.root)
            self._memo["listing"] = pending.result() if pending is not None else None  # type: ignore[attr-defined]
        return self._memo["listing"]  # type: ignore[return-value]

    def cache(self) -> Cache | None:
        """The repository's result cache, read once per run; None where there is none (not the
        top of a git work tree) or IPCLI_NO_CACHE is set and not empty."""
        if "cache" not in self._memo:
            from ipcli.store.cache import Cache

            if os.environ.get("IPCLI_NO_CACHE"):
                self._memo["cache"] = None
            else:
                config_bytes = self.config_path.read_bytes() if self.config_path else b""
                self._memo["cache"] = Cache.open(self.root, config_bytes)
        return self._memo["cache"]  # type: ignore[return-value]

    def shown(self, file: str | Path, cwd: Path) -> str:
        """How a file is named in messages: relative to where the user stands, if inside it,
        else to the repository root."""
        return self.namer(cwd)(file)

    def namer(self, cwd: Path) -> Callable[[str | Path], str]:
        """`shown` for many files: the prefixes are worked out once (string work only)."""
        prefixes = [base.rstrip(os.sep) + os.sep for base in (str(cwd), str(self.root))]
        slash = os.sep != "/"

        def name(file: str | Path) -> str:
            text = str(file)
            for prefix in prefixes:
                if text.startswith(prefix):
                    text = text[len(prefix) :]
                    break
            return text.replace(os.sep, "/") if slash else text

        return name


def is_inside(file: Path | str, root: Path) -> bool:
    """Is the file, with every link followed, inside this folder?"""
    real, top = os.path.realpath(file), _real_folder(str(root))
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=16)  # the repository's root, asked once per plan file
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding ipcli.toml or .git."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / ".git").exists():
            return folder
    return None


def open_repo(repo: Path | None, cwd: Path, near: Path | None = None) -> Repo:
    """The repository named by --repo, else the one around `near` (a path the user named) or
    around the current folder; outside any repository, the folder itself."""
    if repo is not None:
        root = (cwd / repo).resolve()
        if not root.is_dir():
            raise UserError(tr("error.no_such_folder", folder=repo), tr("error.no_such_folder.hint"))
    else:
        start = (cwd / near).resolve() if near is not None else cwd.resolve()
        if not start.is_dir():
            start = start.parent
        root = find_root(start) or cwd.resolve()
    config_path = root / CONFIG_NAME
    if config_path.is_file():
        if not is_inside(config_path, root):  # as for plans: a link out is not read, nor quoted
            raise UserError(tr("error.config_link", file=CONFIG_NAME), tr("error.config_link.hint"))
        config = load_config(config_path)
        from ipcli.language import i18n

        i18n.configure(config.language)  # the repository's language, unless --lang says otherwise
        return Repo(root, config, config_path)
    return Repo(root, Config(), None)


def configured_plans(repo: Repo) -> list[str]:
    """The plan files the repository's patterns name. In a git work tree, git already lists every
    file (tracked and untracked, ignoring what .gitignore ignores): no folder is walked."""
    root = str(repo.root) + os.sep
    known = repo.git_listing()
    if known is not None:
        from ipcli.store.gitfiles import glob_regex

        patterns = [glob_regex(p) for p in repo.config.plans]
        # sort the strings, then make paths: sorting Path objects is ten times slower
        rels = sorted(rel for rel in known.paths() if any(p.match(rel) for p in patterns))
        return [root + rel for rel in rels]
    from ipcli.store.gitfiles import glob_regex

    patterns = [glob_regex(p) for p in repo.config.plans]
    found: set[str] = set()
    for pattern in repo.config.plans:
        # walk only below the pattern's fixed start ("plans/" of "plans/**/*.yaml")
        fixed = []
        for part in pattern.split("/")[:-1]:
            if any(c in part for c in "*?["):
                break
            fixed.append(part)
        base = "/".join(fixed)
        prefix = base + "/" if base else ""
        for rel in walk_files(repo.root / base if base else repo.root, repo.root):
            if any(p.match(prefix + rel) for p in patterns):
                found.add(prefix + rel)
    return [root + rel for rel in sorted(found)]


def walk_files(start: Path, fence: Path) -> Iterator[str]:
    """Every file below start (none named with a leading dot), as a path from start with "/",
    following folder links once each: a folder already seen by its real path (`self -> .`,
    `up -> ..`) is not entered again, and a folder link out of `fence` (the repository) is not
    followed (a file link is listed; reading it refuses it). A plans folder that is no git work
    tree (a zip download) is walked this way; git lists the files of one that is."""
    top = os.path.realpath(fence)
    seen: set[str] = set()
    for folder, dirs, files in os.walk(start, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen or not (real == top or real.startswith(top.rstrip(os.sep) + os.sep)):
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = os.path.relpath(folder, start).replace(os.sep, "/")
        prefix = "" if rel_folder == "." else rel_folder + "/"
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            # a file that links out of the repository is listed all the same: reading it refuses
            # it with a finding at its name (IP001), so the plan is never silently left out
            if os.path.isfile(path) or os.path.islink(path):
                yield prefix + name


def sparse_plans(repo: Repo) -> list[str]:
    """The plans a sparse checkout left out (in git, not on disk), as paths from the root: runs
    over all plans skip them with one note instead of calling them unreadable."""
    known = repo.git_listing()
    if known is None or not known.sparse:
        return []
    from ipcli.store.gitfiles import glob_regex

    patterns = [glob_regex(p) for p in repo.config.plans]
    return sorted(rel for rel in known.sparse if any(p.match(rel) for p in patterns))


def plan_files(repo: Repo, paths: list[Path], cwd: Path) -> list[str]:
    """Plan files named on the command line (files or folders), or else the configured ones,
    as absolute path strings, sorted (strings, not Paths: there can be tens of thousands)."""
    if not paths:
        return configured_plans(repo)
    found: set[str] = set()
    for given in paths:
        path = (cwd / given).absolute()
        if path.is_dir() and path.resolve() == repo.root:
            found.update(configured_plans(repo))
        elif path.is_dir():
            # links followed once each, never out of the repository (or of a folder outside it)
            fence = repo.root if is_inside(path, repo.root) else path
            found.update(str(path / rel) for rel in walk_files(path, fence) if rel.endswith(PLAN_SUFFIXES))
        elif path.is_file():
            found.add(str(path))
        elif _is_id(str(given)) and any(Path(f).stem == str(given) for f in configured_plans(repo)):
            found.add(str(find_plan(repo, str(given), cwd)))
        elif _is_id(str(given)):
            raise UserError(tr("error.no_such_file_or_id", given=given), tr("error.plans_lists_them"))
        else:
            raise UserError(tr("error.no_such_file", given=given))
    return sorted(found)


def _is_id(ident: str) -> bool:
    """Is this a plan id (p-0042) rather than a path?"""
    return not (ident.endswith(PLAN_SUFFIXES) or os.sep in ident or "/" in ident)


def find_plan(repo: Repo, ident: str, cwd: Path, sparse_ok: bool = False) -> Path:
    """A plan by its id (p-0042) or by its file's path; with `sparse_ok` (for its history) also
    one a sparse checkout left out."""
    given = cwd / ident
    if not _is_id(ident):
        if given.is_file():
            return _inside(repo, given, ident)
        rel = os.path.relpath(given.absolute(), repo.root).replace(os.sep, "/")
        if rel in sparse_plans(repo):
            return _left_out(repo, rel, ident, sparse_ok)
        raise UserError(tr("error.no_such_plan_file", given=ident))
    matches = [Path(f) for f in configured_plans(repo) if Path(f).stem == ident]
    if not matches:
        left_out = [rel for rel in sparse_plans(repo) if Path(rel).stem == ident]
        if left_out:
            return _left_out(repo, left_out[0], ident, sparse_ok)
    if len(matches) == 1:
        return _inside(repo, matches[0], ident)
    if not matches:
        raise UserError(tr("error.no_such_plan", id=ident, repo=repo.root), tr("error.plans_lists_them"))
    shown = ", ".join(repo.shown(m, cwd) for m in matches)
    raise UserError(tr("error.same_id", id=ident, files=shown))


def _left_out(repo: Repo, rel: str, ident: str, sparse_ok: bool) -> Path:
    """A plan a sparse checkout left out: its path (for its history), or a usage error."""
    if sparse_ok:
        return repo.root / rel
    from ipcli.language.i18n import tr

    raise UserError(tr("error.sparse_plan", plan=ident), f"git sparse-checkout add {Path(rel).parent}")


def _inside(repo: Repo, file: Path, ident: str) -> Path:
    """The plan file, if it really is in the repository (links followed)."""
    if is_inside(file, repo.root):
        return file
    if is_inside(file.absolute().parent, repo.root):
        raise UserError(tr("error.plan_link", given=ident), tr("error.plan_link.hint"))
    raise UserError(tr("error.outside", given=ident, repo=repo.root), tr("error.outside.hint"))
