"""The built wheel works on its own: schema and commands come from the installed package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow  # every test here takes seconds: `-m 'not slow'` leaves them out


def test_installed_wheel_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("ipcli-*.whl")
    import zipfile

    # the top-level templates/ travel inside the package (pyproject's force-include)
    packed = set(zipfile.ZipFile(wheel).namelist())
    assert {"ipcli/templates/plan.typ", "ipcli/templates/style.css", "ipcli/templates/plan.html.j2"} <= packed
    fresh = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(fresh)
    py = fresh / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from the test's environment; ipcli itself only from the wheel
    # (a path in a .pth file does not run the editable install's own .pth hook).
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"
    shutil.copytree(EXAMPLES, work)
    where = subprocess.run(
        [str(py), "-c", "import ipcli; print(ipcli.__file__)"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(fresh)), where

    lint = subprocess.run(
        [str(fresh / "bin" / "ipcli"), "lint", "--today", "2026-11-23"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stderr
    assert "6 plans checked" in lint.stderr
    schema = subprocess.run([str(fresh / "bin" / "ip"), "schema"], cwd=work, capture_output=True, text=True)
    assert schema.returncode == 0 and '"ipcli/plan/1"' in schema.stdout
    module = subprocess.run([str(py), "-m", "ipcli", "--version"], cwd=work, capture_output=True, text=True)
    assert module.returncode == 0 and module.stdout.startswith("ipcli ")
    page = tmp_path / "p-0042.html"
    render = subprocess.run(
        [
            str(fresh / "bin" / "ipcli"),
            "render",
            "p-0042",
            "-f",
            "html",
            "-o",
            str(page),
            "--today",
            "2026-11-23",
        ],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert render.returncode == 0, render.stderr
    assert "<style>" in page.read_text(encoding="utf-8")  # ipcli's own style.css, from the wheel
