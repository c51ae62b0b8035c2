"""The `ip` name: ipcli's commands run ipcli, everything else goes to iproute2 unchanged."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ipcli.passthrough import COMMANDS, find_iproute2, is_ipcli_call

IP_SCRIPT = Path(sys.executable).parent / "ip"

STAND_IN = """#!/bin/sh
# stands in for iproute2's ip: prints what it was given, exits with a chosen code
echo "iproute2 argv0=$(basename "$0") args=$*"
[ "$1" = "fail" ] && exit 255
exit 0
"""


@pytest.fixture
def path_with_stand_in(tmp_path: Path) -> str:
    """PATH: ipcli's own bin folder first, then a folder with a stand-in iproute2 `ip`."""
    sbin = tmp_path / "sbin"
    sbin.mkdir()
    (sbin / "ip").write_text(STAND_IN)
    (sbin / "ip").chmod(0o755)
    return os.pathsep.join([str(IP_SCRIPT.parent), str(sbin), "/usr/bin", "/bin"])


def _run(args: list[str], path: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IPCLI_PASSED_THROUGH"}
    env["PATH"] = path
    return subprocess.run([str(IP_SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("args", [["addr"], ["-4", "route"], ["link", "show"], ["stats"], ["-h"], ["help"]])
def test_network_commands_reach_iproute2_unchanged(args: list[str], path_with_stand_in: str) -> None:
    result = _run(args, path_with_stand_in)
    assert result.returncode == 0
    assert result.stdout == f"iproute2 argv0=ip args={' '.join(args)}\n"


def test_exit_code_of_iproute2_is_kept(path_with_stand_in: str) -> None:
    assert _run(["fail", "now"], path_with_stand_in).returncode == 255


def test_ipcli_commands_run_ipcli(path_with_stand_in: str, tmp_path: Path) -> None:
    result = _run(["--version"], path_with_stand_in)
    assert result.returncode == 0 and result.stdout.startswith("ipcli ")
    result = _run(["schema"], path_with_stand_in)
    assert result.returncode == 0 and '"$schema"' in result.stdout


def test_no_iproute2_anywhere_says_so(tmp_path: Path) -> None:
    assert find_iproute2(str(IP_SCRIPT.parent), str(IP_SCRIPT), fallbacks=()) is None


def test_never_hands_the_call_to_itself(tmp_path: Path) -> None:
    link = tmp_path / "ip"
    link.symlink_to(IP_SCRIPT)
    path = os.pathsep.join([str(IP_SCRIPT.parent), str(tmp_path)])
    assert find_iproute2(path, str(IP_SCRIPT), fallbacks=()) is None


def test_message_when_nothing_can_take_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ipcli.passthrough as pt

    monkeypatch.setattr(pt, "FALLBACKS", ())
    monkeypatch.setattr(sys, "argv", [str(IP_SCRIPT), "addr"])
    monkeypatch.setenv("PATH", str(IP_SCRIPT.parent))
    monkeypatch.setattr(pt, "find_iproute2", lambda p, m: find_iproute2(p, m, fallbacks=()))
    assert pt.main() == 2
    assert '"addr" is neither an ipcli command' in capsys.readouterr().err


def test_the_command_list_matches_the_app() -> None:
    from ipcli.cli.main import app

    names = {c.name for c in app.registered_commands}
    assert names - {"stats"} == set(COMMANDS)
    assert is_ipcli_call([]) and is_ipcli_call(["lint", "x"]) and not is_ipcli_call(["route"])


def test_a_real_iproute2_still_works_if_installed(path_with_stand_in: str) -> None:
    real = shutil.which("ip", path="/usr/sbin:/sbin:/usr/bin:/bin")
    if real is None or not os.stat(real).st_mode & stat.S_IXUSR:
        pytest.skip("no iproute2 on this machine")
    path = os.pathsep.join([str(IP_SCRIPT.parent), str(Path(real).parent)])
    result = _run(["-V"], path)
    assert result.returncode == 0 and "iproute2" in result.stdout


def test_a_second_ipcli_install_on_path_is_skipped(tmp_path: Path) -> None:
    """A venv and pipx both on PATH: the first `ip` must hand over to iproute2, not to the second
    ipcli, which would give up ("no iproute2 `ip` was found")."""
    second = tmp_path / "pipx-bin"
    second.mkdir()
    shutil.copy(IP_SCRIPT, second / "ip")  # another install's launcher (same module)
    sbin = tmp_path / "sbin"
    sbin.mkdir()
    (sbin / "ip").write_text(STAND_IN)
    (sbin / "ip").chmod(0o755)
    path = os.pathsep.join([str(IP_SCRIPT.parent), str(second), str(sbin), "/usr/bin", "/bin"])
    result = _run(["-br", "link", "show", "lo"], path)
    assert result.returncode == 0, result.stderr
    assert "iproute2 argv0=ip args=-br link show lo" in result.stdout
