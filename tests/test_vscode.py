"""The VS Code extension (editors/vscode): its manifest, its pinned dependencies, and that it
starts `ipcli lsp` — the command it builds is run as a real server and answers a real client.
No VS Code is installed: the built extension is loaded in node with stand-ins for the editor's API
(tests/vscode_harness.js). CI builds it first (.ci/run: npm ci, npm run package)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from lsp_session import Session
from lsprotocol import types as t

pytestmark = pytest.mark.slow  # every test here takes seconds: `-m 'not slow'` leaves them out

EXT = ROOT / "editors" / "vscode"
BUILT = EXT / "out" / "extension.js"


def manifest() -> dict[str, object]:
    return json.loads((EXT / "package.json").read_text(encoding="utf-8"))


def test_the_manifest_starts_ipcli_for_plan_files() -> None:
    m = manifest()
    assert m["name"] == "ipcli" and m["publisher"] and m["main"] == "./out/extension.js"
    # a plan anywhere: any YAML file wakes it; it then looks for the ipcli.toml above the file
    assert m["activationEvents"] == ["onLanguage:yaml"]
    props = m["contributes"]["configuration"]["properties"]  # type: ignore[index]
    assert props["ipcli.command"]["default"] == ["ipcli", "lsp"]
    assert "ipcli.plans" not in props  # the plans are ipcli.toml's, not a second setting
    assert m["dependencies"] == {"vscode-languageclient": m["dependencies"]["vscode-languageclient"]}  # type: ignore[index]
    assert "vsce package" in m["scripts"]["package"] and "-o ipcli.vsix" in m["scripts"]["package"]  # type: ignore[index]
    # @types/vscode may not be newer than the oldest VS Code the extension says it runs on
    engine = m["engines"]["vscode"].lstrip("^")  # type: ignore[index]
    assert m["devDependencies"]["@types/vscode"] == engine  # type: ignore[index]


def test_the_lock_file_pins_what_the_manifest_asks_for() -> None:
    m = manifest()
    lock = json.loads((EXT / "package-lock.json").read_text(encoding="utf-8"))
    top = lock["packages"][""]
    assert top["dependencies"] == m["dependencies"] and top["devDependencies"] == m["devDependencies"]
    for name, version in {**m["dependencies"], **m["devDependencies"]}.items():  # type: ignore[dict-item]
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name


def _activate(
    settings: dict[str, object], files: list[Path] | None = None, later: Path | None = None
) -> dict[str, object]:
    node = shutil.which("node")
    if node is None or not BUILT.is_file():
        pytest.skip(
            "the extension is not built here (CI builds it: cd editors/vscode && npm ci && npm run package)"
        )
    out = subprocess.run(
        [
            node,
            str(ROOT / "tests" / "vscode_harness.js"),
            str(BUILT),
            json.dumps(settings),
            json.dumps([str(f) for f in files or []]),
            *([str(later)] if later else []),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_extension_starts_ipcli_lsp(plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    seen = _activate({}, [plan])
    assert seen["started"] is True and "error" not in seen
    assert seen["server"] == {"command": "ipcli", "args": ["lsp"]}
    # the plans are ipcli.toml's (examples/ipcli.toml: plans = ["plans/**/*.yaml"])
    assert seen["selector"] == [
        {"scheme": "file", "language": "yaml", "pattern": f"{plans_repo}/plans/**/*.yaml"}
    ]
    assert "**/*.{yaml,yml}" in seen["watchers"]  # type: ignore[operator]
    # the command it would run is a working language server (the installed `ipcli` of this venv)
    ipcli = Path(sys.executable).with_name("ipcli")
    server: dict[str, object] = seen["server"]  # type: ignore[assignment]
    session = Session(plans_repo, None)

    async def handshake() -> str:
        await session.client.start_io(str(ipcli), *server["args"], cwd=str(plans_repo))  # type: ignore[misc]

        result = await session.client.initialize_async(
            t.InitializeParams(capabilities=t.ClientCapabilities())
        )
        await session.stop()
        assert result.server_info is not None
        return result.server_info.name

    assert asyncio.run(handshake()) == "ipcli"


def test_the_extension_passes_a_fixed_date_and_another_command(plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    seen = _activate({"today": "2026-11-23", "command": ["/opt/ipcli/bin/ipcli", "lsp"]}, [plan])
    assert seen["server"] == {"command": "/opt/ipcli/bin/ipcli", "args": ["lsp", "--today", "2026-11-23"]}


def test_the_extension_starts_for_a_plan_opened_anywhere_and_only_in_a_plans_repository(
    tmp_path: Path,
) -> None:
    """No ipcli.toml at the workspace's root, no plans/ there: a plan opened deep in a
    repository elsewhere starts the server, with that repository's own globs; a YAML file
    outside any plans repository starts nothing."""
    loose = tmp_path / "elsewhere" / "docker-compose.yml"
    loose.parent.mkdir()
    loose.write_text("services: {}\n", encoding="utf-8")
    assert _activate({}, [loose]).get("started") is None
    repo = tmp_path / "deep" / "down" / "kommune"
    (repo / "ip" / "2026").mkdir(parents=True)
    (repo / "ipcli.toml").write_text(
        'profile = "no-ip"\nplans = [\n  "ip/**/*.yaml",  # the plans\n  \'ip/**/*.yml\',\n]\n',
        encoding="utf-8",
    )
    plan = repo / "ip" / "2026" / "p-1.yaml"
    plan.write_text("schema: ipcli/plan/1\n", encoding="utf-8")
    seen = _activate({}, [loose], later=plan)
    assert seen["started"] is True and seen["starts"] == 1
    assert seen["selector"] == [
        {"scheme": "file", "language": "yaml", "pattern": f"{repo}/ip/**/*.yaml"},
        {"scheme": "file", "language": "yaml", "pattern": f"{repo}/ip/**/*.yml"},
    ]


def test_the_extension_says_how_to_install_ipcli_as_the_readme_does() -> None:
    source = (EXT / "src" / "extension.ts").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install ipcli" not in source  # no index serves it
    assert "pip install -c constraints.txt -e" in source and "pip install -c constraints.txt -e" in readme
