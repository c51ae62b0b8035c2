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
    assert set(m["activationEvents"]) >= {"workspaceContains:ipcli.toml"}  # type: ignore[arg-type]
    props = m["contributes"]["configuration"]["properties"]  # type: ignore[index]
    assert props["ipcli.command"]["default"] == ["ipcli", "lsp"]
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


def _activate(settings: dict[str, object]) -> dict[str, object]:
    node = shutil.which("node")
    if node is None or not BUILT.is_file():
        pytest.skip(
            "the extension is not built here (CI builds it: cd editors/vscode && npm ci && npm run package)"
        )
    out = subprocess.run(
        [node, str(ROOT / "tests" / "vscode_harness.js"), str(BUILT), json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_extension_starts_ipcli_lsp(plans_repo: Path) -> None:
    seen = _activate({})
    assert seen["started"] is True and "error" not in seen
    assert seen["server"] == {"command": "ipcli", "args": ["lsp"]}
    assert seen["selector"] == [{"scheme": "file", "language": "yaml", "pattern": "**/plans/**/*.{yaml,yml}"}]
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


def test_the_extension_passes_a_fixed_date_and_another_command() -> None:
    seen = _activate({"today": "2026-11-23", "command": ["/opt/ipcli/bin/ipcli", "lsp"]})
    assert seen["server"] == {"command": "/opt/ipcli/bin/ipcli", "args": ["lsp", "--today", "2026-11-23"]}
