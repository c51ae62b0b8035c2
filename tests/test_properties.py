"""Property-based tests of the loader and of determinism: no input makes reading, checking or
rendering a plan crash, and the same plans always give the same output (also under another
hash seed, in a fresh process)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, PINNED_TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcli.checks.analysis import analyse_file
from ipcli.checks.load import LoadedPlan, load_bytes
from ipcli.config import Config
from ipcli.documents.render import render_plan
from ipcli.plan.limits import Limits
from ipcli.plan.profiles import BUILTIN

EXAMPLE_FILES = sorted((EXAMPLES / "plans").rglob("*.yaml"))
LINES = [f.read_text(encoding="utf-8").splitlines(keepends=True) for f in EXAMPLE_FILES]
# fragments an editor's slip or a merge leaves behind
PIECES = ["", ":", "- ", "  ", "\t", "&a ", "*a", "!!str ", "<<: ", "{", "}", "[", "]", "'", '"', "#",
          "2025-02-30", "0000-01-01", "9999-12-31", "yes", "null", "~", "0x1F", "1e9", "p-0042", "\x00",
          "<<<<<<< HEAD\n", "=======\n", "√", "\u202e", "---\n", "...\n", "%YAML 1.1\n"]  # fmt: skip


def _load(raw: bytes) -> LoadedPlan:
    return load_bytes(raw, LoadedPlan(Path("plans/p-0001.yaml"), "plans/p-0001.yaml"), Limits())


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_load_without_crashing(raw: bytes) -> None:
    loaded = _load(raw)
    assert loaded.plan is not None or loaded.findings


@pytest.mark.slow  # Hypothesis renders and lints many edited plans: about 4 s of CPU
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.integers(0, len(LINES) - 1),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "replace-value", "swap"]),
            st.integers(0, 10_000),
            st.integers(0, 10_000),
            st.one_of(st.sampled_from(PIECES), st.text(max_size=12)),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_edited_plans_are_checked_and_rendered_without_crashing(
    which: int, edits: list[tuple[str, int, int, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    lines = list(LINES[which])
    for op, i, j, piece in edits:
        i, j = i % len(lines), j % len(lines)
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, piece + "\n")
        elif op == "replace-value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {piece}\n"
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
    raw = "".join(lines).encode("utf-8", "surrogatepass")
    folder = tmp_path_factory.mktemp("fuzz")
    file = folder / EXAMPLE_FILES[which].name
    file.write_bytes(raw)
    result = analyse_file(file, file.name, Config())  # every per-file rule, the deadline engine
    assert result.facts is not None or result.findings
    loaded = _load(raw)
    if loaded.plan is not None:
        profile = BUILTIN.get(loaded.plan.profile)
        for fmt in ("md", "html"):
            for audience in ("staff", "citizen"):
                render_plan(loaded.plan, profile, fmt, "en", audience, dt.date(2026, 11, 23))


def _run(args: list[str], cwd: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "IPCLI_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-m", "ipcli", *args], cwd=cwd, env=env, capture_output=True)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.decode()


@pytest.mark.slow
def test_lint_due_and_render_are_deterministic(plans_repo: Path, tmp_path: Path) -> None:
    """The same plans give byte-identical output in fresh processes with different hash seeds
    (set and dict order, parallel workers and caches must not show through)."""
    for args in (
        ["lint", "--format", "json", "--today", PINNED_TODAY],
        ["due", "--format", "json", "--today", PINNED_TODAY],
        ["render", "p-0042", "--today", PINNED_TODAY],
        ["export", "--all", "--fhir", "--today", PINNED_TODAY],
    ):
        outputs = {_run(args, plans_repo, seed) for seed in ("0", "1", "12345")}
        assert len(outputs) == 1, args
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        _run(["render", "--all", "--out", str(site), "--today", PINNED_TODAY], plans_repo, seed)
        sites.append(
            {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
        )
    assert sites[0] == sites[1] and len(sites[0]) >= 6
