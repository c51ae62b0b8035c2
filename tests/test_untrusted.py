"""Nothing in a repository can make ipcli run code, read files outside the repository or reach
the network. Each command runs in a fresh interpreter under Python's audit hooks (PEP 578),
which see every file opened, every program started and every socket; the test fails on a socket,
on any program but git, or on a file opened outside the repository and ipcli's own installation.
The repository is hostile: its templates try to escape the sandbox and to include files outside,
one template is a link out of the repository, and a plan is a link to a file outside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

import ipcli
from ipcli.documents.builtin import builtin_templates
from ipcli.store.cache import key_file

PROBE = r"""
import json, os, sys
record = []
active = [True]
def hook(event, args):
    if not active[0]:
        return
    if event == "open" and isinstance(args[0], (str, bytes)):
        record.append(["open", os.fsdecode(args[0])])
    elif event.startswith("socket."):
        record.append([event, repr(args)[:200]])
    elif event == "subprocess.Popen":
        record.append(["run", [os.fsdecode(a) for a in (args[1] or [args[0]])]])
    elif event in ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile", "urllib.Request"):
        record.append([event, repr(args)[:200]])
sys.addaudithook(hook)
sys.argv = ["ipcli"] + json.loads(os.environ["PROBE_ARGS"])
from ipcli.cli.main import main
code = main()
active[0] = False
sys.stdout.flush()
with open(os.environ["PROBE_OUT"], "w") as f:
    json.dump({"code": code, "events": record}, f)
"""

SECRET = "TOP SECRET FROM OUTSIDE THE REPOSITORY"


@pytest.fixture
def hostile_repo(plans_repo: Path, tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "plan.md.j2").write_text("{% include 'secret.txt' %}", encoding="utf-8")
    other_plan = next(plans_repo.rglob("p-0120.yaml")).read_text(encoding="utf-8").replace("p-0120", "p-0999")
    (outside / "p-0999.yaml").write_text(other_plan, encoding="utf-8")
    templates = plans_repo / "templates"
    templates.mkdir()
    # the plan template tries to leave the folder in every way a template can
    (templates / "plan.md.j2").write_text(
        "{{ plan.id }}\n{% include 'escape.md.j2' ignore missing %}", encoding="utf-8"
    )
    (templates / "escape.md.j2").symlink_to(outside / "plan.md.j2")  # a link out of the repository
    (plans_repo / "plans" / "p-0999.yaml").symlink_to(outside / "p-0999.yaml")
    (plans_repo / "ipcli.toml").write_text(
        'profile = "no-ip"\nlanguage = "nb"\nplans = ["plans/**/*.yaml"]\n'
        '[render]\ntemplates = "templates"\n',
        encoding="utf-8",
    )
    git(plans_repo, "add", "-A")
    git(plans_repo, "commit", "-q", "-m", "Hostile additions")
    return plans_repo


def _allowed_roots(repo: Path) -> list[str]:
    roots = {
        os.path.realpath(repo),
        os.path.realpath(sys.prefix),
        os.path.realpath(sys.base_prefix),
        os.path.realpath(Path(ipcli.__file__).parent),  # an editable install lives outside the prefix
        os.path.realpath(builtin_templates()),  # ipcli's own templates (the checkout's, when editable)
        *(os.path.realpath(p) for p in sysconfig.get_paths().values()),
        "/usr/share/zoneinfo",  # the system's time zone data (dates in rendered plans)
        os.path.realpath(key_file().parent),  # this user's secret for the cache (ipcli.store.cache)
    }
    return sorted(roots)


def _outside(path: str, cwd: Path, roots: list[str]) -> bool:
    real = os.path.realpath(os.path.join(cwd, path))
    if real in ("/dev/null", os.path.realpath(tempfile.gettempdir())):  # O_TMPFILE spools git's listing
        return False
    return not any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots)


def _probe(repo: Path, args: list[str], tmp: Path) -> dict:  # type: ignore[type-arg]
    out = tmp / "probe.json"
    env = {**os.environ, "PROBE_ARGS": json.dumps(args), "PROBE_OUT": str(out), "IPCLI_NO_CACHE": ""}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=repo, env=env, capture_output=True, text=True)
    assert out.exists(), done.stderr[-2000:]
    result = json.loads(out.read_text())
    result["output"] = done.stdout + done.stderr
    return result  # type: ignore[no-any-return]


COMMANDS = [
    ["lint", "--today", PINNED_TODAY],
    ["due", "--today", PINNED_TODAY, "--format", "json"],
    ["render", "p-0042", "--today", PINNED_TODAY],
    ["render", "--all", "--out", "OUT", "--today", PINNED_TODAY],
    ["export", "--all", "--fhir", "--today", PINNED_TODAY],
    ["stats", "--today", PINNED_TODAY],
    ["log", "p-0042", "--today", PINNED_TODAY],
    ["show", "p-0042", "--at", "HEAD"],
    ["render", "p-0999", "--today", PINNED_TODAY],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_no_network_no_programs_no_files_outside(hostile_repo: Path, tmp_path: Path, args: list[str]) -> None:
    args = [str(tmp_path / "site") if a == "OUT" else a for a in args]
    result = _probe(hostile_repo, args, tmp_path)
    roots = [*_allowed_roots(hostile_repo), os.path.realpath(tmp_path / "site")]
    events = result["events"]
    assert not [e for e in events if e[0].startswith("socket.") or e[0] == "urllib.Request"], events
    assert not [e for e in events if e[0].startswith(("os.system", "os.exec", "os.posix_spawn", "os.spawn"))]
    programs = [e[1] for e in events if e[0] == "run"]
    assert all(Path(p[0]).name == "git" for p in programs), programs
    assert all(not any(ch in " ".join(p) for ch in ";|&$`") for p in programs), programs
    opened = [e[1] for e in events if e[0] == "open"]
    assert opened, "the probe saw no file at all: the hook is not working"
    outside = [p for p in opened if _outside(p, hostile_repo, roots)]
    assert not outside, outside
    assert SECRET not in result["output"]


def test_the_links_out_are_refused_with_a_clear_line(cli: Cli, hostile_repo: Path) -> None:
    english = ["--today", PINNED_TODAY, "--lang", "en"]  # the repository's ipcli.toml says nb
    lint = cli(["lint", *english], cwd=hostile_repo)
    assert "p-0999.yaml:1:1: error IP001 the file is a link to a file outside the repository" in lint.stdout
    render = cli(["render", "p-0999", *english], cwd=hostile_repo)
    assert render.exit_code == 2 and "link to a file outside the repository" in render.stderr
    md = cli(["render", "p-0042", "--today", PINNED_TODAY], cwd=hostile_repo)
    assert md.exit_code == 0 and md.stdout.startswith("p-0042") and SECRET not in md.stdout


def test_a_templates_folder_that_is_a_link_out_is_refused(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "plan.md.j2").write_text(SECRET, encoding="utf-8")
    (plans_repo / "tpl").symlink_to(elsewhere)
    (plans_repo / "ipcli.toml").write_text('[render]\ntemplates = "tpl"\n', encoding="utf-8")
    out = cli(["render", "p-0042", "--today", PINNED_TODAY], cwd=plans_repo)
    assert out.exit_code == 2 and "outside the repository" in out.stderr and SECRET not in out.output


@pytest.mark.parametrize(
    "config",
    [
        'plans = ["../**/*.yaml"]',
        'plans = ["/etc/*"]',
        '[render]\ntemplates = "/etc"',
        '[render]\ntemplates = "../outside"',
        'hooks = "rm -rf /"',
        '[render]\ncommand = "sh -c id"',
    ],
)
def test_settings_cannot_point_outside_or_run_anything(cli: Cli, plans_repo: Path, config: str) -> None:
    (plans_repo / "ipcli.toml").write_text(config + "\n", encoding="utf-8")
    out = cli(["lint", "--today", PINNED_TODAY], cwd=plans_repo)
    assert out.exit_code == 2 and out.stderr.count("\n") == 1 and "ipcli.toml" in out.stderr
