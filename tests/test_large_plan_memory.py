"""A plan near the size limit (4.8 MB, 15,000 goals, within the 200,000 values) is edited and
exported within the documented bound of 200 MB of peak memory (docs/security.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, git

ROOT = Path(__file__).resolve().parents[1]
MAX_PEAK_MB = 200.0

# the command in a fresh interpreter whose only children are it (and its git): their peak
# resident memory is the command's
_MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _large_plan() -> str:
    text = (ROOT / "examples" / "plans" / "solbakken" / "p-0113.yaml").read_text(encoding="utf-8")
    marker = "    goals:\n"
    goals = "".join(
        f"      - id: g{i}\n"
        f"        text: Et mål der er skrevet ud i flere ord, nummer {i} i rækken af mål, og teksten "
        "fortsætter med en længere beskrivelse af hvad der skal ske og hvem der er med, så planen "
        "bliver stor nok til målingen\n"
        "        said_by: staff\n        status: active\n        evaluate_every: 6 months\n"
        for i in range(2, 15_300)
    )
    assert marker in text
    return text.replace(marker, marker + goals, 1)


def _peak_mb(args: list[str], cwd: Path) -> tuple[int, float]:
    command = [sys.executable, "-m", "ipcli", *args]
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1]) / 1024  # ru_maxrss is in kilobytes on Linux


@pytest.mark.slow  # about 15 s: two runs over a 4.8 MB plan
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kilobytes on Linux")
def test_a_large_plan_is_edited_and_exported_within_200_mb(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    (repo / "ipcli.toml").write_text('profile = "dk-sel141"\nlanguage = "da"\n', encoding="utf-8")
    plan = repo / "plans" / "p-0113.yaml"
    plan.write_text(_large_plan(), encoding="utf-8")
    assert 4_500_000 < plan.stat().st_size < 5_000_000
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A large plan")
    today = ["--today", PINNED_TODAY]
    evaluate = ["evaluate", "p-0113", "g1", "-a", "improving", "-o", "continue", "--by", "mia", *today]
    code, peak = _peak_mb(evaluate, repo)
    assert code == 0 and "evaluations:" in plan.read_text(encoding="utf-8")
    assert peak <= MAX_PEAK_MB, f"evaluate: {peak:.0f} MB"
    code, peak = _peak_mb(["export", "p-0113", "--fhir", "-o", "p-0113.json", *today], repo)
    assert code == 0 and (repo / "p-0113.json").stat().st_size > 10_000_000
    assert peak <= MAX_PEAK_MB, f"export: {peak:.0f} MB"
