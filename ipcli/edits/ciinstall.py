"""Where CI gets ipcli from. No public package index serves ipcli, so `pip install ipcli` fails in
CI; the CI files `ipcli init` writes install what ipcli.toml's `[ci] install` says. The default
is worked out from how this ipcli was installed (pip records it: PEP 610, direct_url.json)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from ipcli.language.i18n import N_

WHEELS = "ci/wheels"  # where a wheel is kept in the plans repository


@dataclass(frozen=True)
class Source:
    spec: str  # what `pip install` is given ("" when nothing that works on CI is known)
    wheel: Path | None = None  # a local wheel to copy into the repository first
    why: str = ""  # when spec is "": why, a catalogue key (put into words by the command)


def installed_from() -> Source:
    """How this ipcli can be installed again elsewhere: the git commit, the URL or the wheel it
    was installed from, or its version from the package index it came from."""
    try:
        dist = metadata.distribution("ipcli")
    except metadata.PackageNotFoundError:
        return Source("", why=N_("init.why.source_folder"))
    raw = dist.read_text("direct_url.json")
    if raw is None:  # from a package index (the organisation's): the same version from there
        return Source(f"ipcli=={dist.version}")
    try:
        direct = json.loads(raw)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        return Source("", why=N_("init.why.no_record"))
    vcs = direct.get("vcs_info")
    remote = not url.startswith("file:")
    if isinstance(vcs, dict) and remote:
        ref = vcs.get("commit_id") or vcs.get("requested_revision")
        return Source(f"ipcli @ {vcs.get('vcs', 'git')}+{url}" + (f"@{ref}" if ref else ""))
    if "archive_info" in direct and remote:
        return Source(f"ipcli @ {url}")
    path = Path(unquote(urlparse(url).path))
    if path.suffix == ".whl" and path.is_file():
        return Source(f"{WHEELS}/{path.name}", wheel=path)
    return Source("", why=N_("init.why.local_folder"))


def copy_wheel(source: Source, repo: Path) -> str | None:
    """Put the wheel CI installs into the repository (never overwriting); its path there."""
    if source.wheel is None:
        return None
    target = repo / WHEELS / source.wheel.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.wheel, target)
    return f"{WHEELS}/{source.wheel.name}"
