"""Find the plans repository (like git finds its root) and the plan files in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipcli.config import CONFIG_NAME, Config, load_config
from ipcli.errors import UserError

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Repo:
    root: Path
    config: Config
    config_path: Path | None

    def shown(self, file: Path, cwd: Path) -> str:
        """How a file is named in messages: relative to where the user stands, if inside it."""
        try:
            return file.relative_to(cwd).as_posix()
        except ValueError:
            try:
                return file.relative_to(self.root).as_posix()
            except ValueError:
                return file.as_posix()


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
            raise UserError(f"{repo}: no such folder", "--repo takes the plans repository's folder")
    else:
        start = (cwd / near).resolve() if near is not None else cwd.resolve()
        if not start.is_dir():
            start = start.parent
        root = find_root(start) or cwd.resolve()
    config_path = root / CONFIG_NAME
    if config_path.is_file():
        return Repo(root, load_config(config_path), config_path)
    return Repo(root, Config(), None)


def _visible(path: Path, base: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(base).parts)


def plan_files(repo: Repo, paths: list[Path], cwd: Path) -> list[Path]:
    """Plan files named on the command line (files or folders), or else the configured ones."""
    found: set[Path] = set()
    if not paths:
        for pattern in repo.config.plans:
            found.update(p for p in repo.root.glob(pattern) if p.is_file() and _visible(p, repo.root))
        return sorted(found)
    for given in paths:
        path = (cwd / given).absolute()
        if path.is_dir() and path.resolve() == repo.root:
            found.update(plan_files(repo, [], cwd))
        elif path.is_dir():
            for suffix in PLAN_SUFFIXES:
                found.update(p for p in path.rglob(f"*{suffix}") if p.is_file() and _visible(p, path))
        elif path.is_file():
            found.add(path)
        else:
            raise UserError(f"{given}: no such file or folder")
    return sorted(found)
