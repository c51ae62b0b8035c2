"""ipcli.toml is untrusted input like a plan: a link out of the repository is not read, values of
the wrong type, nesting too deep and files too large are one-line usage errors, a byte-order mark
is accepted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY


def _due(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", "due", "-f", "json", "--today", PINNED_TODAY],
        cwd=repo,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line_usage_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ipcli: "), done.stderr[-500:]
    return lines[0]


def test_a_settings_file_linked_from_outside_is_not_read(plans_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('profile = "s3cr3t-token"\n', encoding="utf-8")
    config = plans_repo / "ipcli.toml"
    config.unlink(missing_ok=True)
    config.symlink_to(outside)
    line = _one_line_usage_error(_due(plans_repo))
    assert "outside the repository" in line and "s3cr3t" not in line


@pytest.mark.parametrize(
    "text",
    [
        'profile = ["no-ip"]\n',
        "profile = {a=1}\n",
        "language = 3\n",
        '[rules]\nIP305 = ["error"]\n',
        "[rules]\nIP305 = {a = 1}\n",
        '[deadlines]\nrevision = "9999 years"\n',
        "[deadlines]\nrevision = 12\n",
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "[" + "a." * 5000 + "b]\n",
        "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    ],
    ids=lambda t: t[:30],
)
def test_wrong_values_are_one_line_usage_errors(plans_repo: Path, text: str) -> None:
    (plans_repo / "ipcli.toml").write_text(text, encoding="utf-8")
    _one_line_usage_error(_due(plans_repo))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[render]\nlogoo = 1\n", '"logoo" in [render] (known: templates, citizen_shows_staff,'),
        ("[stats]\nrecipient = 3\n", '"recipient" in [stats] (known: recipients)'),
        ('[ci]\ninstal = "x"\n', '"instal" in [ci] (known: install)'),
    ],
    ids=["render", "stats", "ci"],
)
def test_an_unknown_key_in_a_table_is_named_with_the_known_ones(
    plans_repo: Path, text: str, said: str
) -> None:
    (plans_repo / "ipcli.toml").write_text(text, encoding="utf-8")
    line = _one_line_usage_error(_due(plans_repo))
    assert "ipcli.toml:2:" in line and said in line, line


def test_a_huge_settings_file_is_refused_before_reading(plans_repo: Path) -> None:
    (plans_repo / "ipcli.toml").write_text("# padding\n" * 250_000, encoding="utf-8")  # 2.5 MB
    assert "at most 1 MB" in _one_line_usage_error(_due(plans_repo))


@pytest.mark.slow
def test_a_byte_order_mark_is_accepted(plans_repo: Path) -> None:
    config = plans_repo / "ipcli.toml"
    text = '[deadlines]\nrevision = "6 months"\n'
    config.write_text(text, encoding="utf-8")
    plain = _due(plans_repo)
    config.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    marked = _due(plans_repo)
    assert plain.returncode == marked.returncode == 0, marked.stderr
    assert plain.stdout == marked.stdout
