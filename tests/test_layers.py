"""The package layers and no import loops (docs/development.md, "Architecture"): `lint-imports` checks the
contracts in pyproject.toml, lazy imports inside functions included. A new module that imports
a floor above its own, or two modules that import each other, fail here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_imports_only_the_floors_below_it_and_nothing_loops() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_only_the_entry_points_and_the_shared_settings_stay_at_the_top() -> None:
    """Everything else lives in a package by its job; a module added beside these is misplaced."""
    top = sorted(p.stem for p in (ROOT / "ipcli").glob("*.py"))
    assert top == ["__init__", "__main__", "config", "errors", "passthrough"]
