"""Plan text cannot drive the terminal: control characters, escape sequences (colours, OSC 52
clipboard writes, cursor moves), C1 controls and bidi overrides in a plan come out of every
human-facing output as visible escapes, JSON stays JSON with the same values, and output that is
not UTF-8 still gets written. Closed pipes keep a failing verdict."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLAN = Path("plans") / "solbakken" / "p-0107.yaml"
# what must never reach a terminal raw (kept apart from ipcli's own list on purpose)
RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
EVIL = (
    "Anne \x1b[31mred\x1b[0m \x07bell \x9b2J \x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c "
    "\rover \x00nul \x85nel \u2028ls \x7fdel \u2066iso\u2069"
)


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar holding exactly this text (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=True)


def _plant(repo: Path, text: str, quoted: bool = True, in_file: Path | None = None) -> None:
    """The text as the person's name, the coordinator's name, a goal and a measure, and (quoted)
    as a value lint quotes in a message."""
    plan = in_file or repo / PLAN
    source = plan.read_text(encoding="utf-8")
    source = source.replace("name: Anne Sørensen", f"name: {_yaml(text)}")
    source = source.replace("name: Jonas Holm", f"name: {_yaml(text + ' (coordinator)')}")
    source = source.replace('"Komme i strikkeklubben igen hver torsdag."', _yaml(text + " goal"))
    source = source.replace("Komme i strikkeklubben igen hver torsdag.", _yaml(text + " goal"))
    source = source.replace("Ugentlig budgetsamtale og fælles indkøbsliste.", _yaml(text + " measure"))
    if quoted:
        source = source.replace("participation: full", f"participation: {_yaml(text)}")
    plan.write_text(source, encoding="utf-8")


DATED = {"lint", "due", "render", "log", "stats", "plans"}  # the commands that take --today


def _dated(args: list[str] | tuple[str, ...]) -> list[str]:
    return [*args, "--today", PINNED_TODAY] if args[0] in DATED else list(args)


def _ipcli(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *_dated(args)],
        cwd=repo,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        timeout=120,
    )


COMMANDS = [
    ["lint"],
    ["lint", "-f", "github"],
    ["lint", "-f", "junit"],
    ["lint", "-f", "sarif"],
    ["lint", "-f", "gitlab"],
    ["lint", "-f", "json"],
    ["due"],
    ["due", "-f", "text"],
    ["due", "-f", "md"],
    ["due", "-f", "csv"],
    ["due", "-f", "json"],
    ["due", "-f", "ics"],
    ["render", "p-0107"],
    ["show", "p-0107"],
    ["show", "p-0107", "--at", "HEAD"],
    ["diff", "p-0107"],
    ["log", "p-0107"],
    ["stats"],
    ["stats", "-f", "csv"],
    ["stats", "-f", "json"],
    ["plans"],
]


@pytest.fixture
def evil_repo(plans_repo: Path) -> Path:
    """p-0107 holds the text in names, a goal and a measure, committed, and a changed measure in
    the work tree (so diff and log describe a change); p-0108 holds it in a value lint quotes."""
    plan = plans_repo / PLAN
    source = plan.read_text(encoding="utf-8")
    _plant(plans_repo, EVIL, quoted=False)
    git(plans_repo, "commit", "-qam", "names with control characters")
    measure = _yaml(EVIL + " measure")
    plan.write_text(plan.read_text(encoding="utf-8").replace(measure, _yaml(EVIL + " changed \x1b[2J")))
    other = plan.with_name("p-0108.yaml")
    other.write_text(source.replace("id: p-0107", "id: p-0108"), encoding="utf-8")
    _plant(plans_repo, EVIL, in_file=other)
    return plans_repo


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_no_raw_control_character_reaches_the_output(evil_repo: Path, args: list[str]) -> None:
    done = _ipcli(evil_repo, *args)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    out, errors = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert out.strip() or args[0] in ("diff",), errors
    assert not RAW.search(out), RAW.findall(out)
    assert not RAW.search(errors), RAW.findall(errors)
    if "json" in args or "sarif" in args or "gitlab" in args:
        json.loads(out)  # still JSON


@pytest.mark.slow
def test_json_keeps_the_values(evil_repo: Path) -> None:
    done = _ipcli(evil_repo, "due", "-f", "json", "--plan", "p-0107")
    data = json.loads(done.stdout)  # the same characters, escaped as JSON does
    names = [item["person"] for item in data["items"]]
    assert names and all(name == EVIL for name in names), names[:1]


@pytest.mark.slow
def test_text_shows_them_visibly(evil_repo: Path) -> None:
    out = _ipcli(evil_repo, "due", "-f", "text").stdout.decode("utf-8")
    assert "\\u001b[31mred" in out and "\\u202eevil" in out and "\\u0007bell" in out


NOT_UTF8 = [["due"], ["due", "-f", "text"], ["lint"], ["render", "p-0107"], ["show", "p-0107"]]
NOT_UTF8 += [["diff", "p-0107"], ["rules", "--themes"], ["log", "p-0107"], ["stats"], ["plans"]]


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", NOT_UTF8, ids=[" ".join(a) for a in NOT_UTF8])
def test_output_not_in_utf8_is_written_not_a_crash(evil_repo: Path, encoding: str, args: list[str]) -> None:
    done = _ipcli(evil_repo, *args, env={"PYTHONIOENCODING": encoding})
    assert done.returncode in (0, 1), done.stderr.decode(encoding, "replace")
    assert b"internal error" not in done.stderr
    done.stdout.decode(encoding)  # what was written is in the terminal's encoding
    assert done.stdout.strip() or args[0] == "diff"


@pytest.mark.slow
def test_c_locale_without_utf8_mode(evil_repo: Path) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    for args in (["due"], ["lint"], ["render", "p-0107"]):
        done = _ipcli(evil_repo, *args, env=env)
        assert done.returncode in (0, 1) and b"internal error" not in done.stderr, args


def _closed_pipe_run(repo: Path, *args: str) -> int:
    """Run with stdout a pipe whose reading end is already closed (what `| head -1` leaves once
    head has its line), so every write fails at once, deterministically."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ipcli", *args, "--today", PINNED_TODAY],
            cwd=repo,
            env={**os.environ, "NO_COLOR": "1"},
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write)
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    return done.returncode


@pytest.mark.slow
def test_a_closed_pipe_keeps_a_failing_verdict(evil_repo: Path) -> None:
    assert _closed_pipe_run(evil_repo, "lint") == 1
    assert _closed_pipe_run(evil_repo, "due", "--fail-on", "overdue") == 1


TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cs",),
        include_characters="\x00\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b\u061c\u200e\u202e\u2028\u2066",
    ),
    min_size=1,
    max_size=40,
)
PROPERTY_COMMANDS = [c for c in COMMANDS if c[0] in ("lint", "due", "render", "show", "stats")]


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_property_no_raw_control_character_in_any_text_format(cli: Cli, plans_repo: Path, text: str) -> None:
    text = "".join(ch for ch in text if ord(ch) <= 0xFFFF) or "x"  # YAML escapes the BMP only
    plan = plans_repo / PLAN
    original = plan.read_text(encoding="utf-8")
    try:
        _plant(plans_repo, text)
        for args in PROPERTY_COMMANDS:
            result = cli(_dated(args), cwd=plans_repo)
            assert result.exit_code in (0, 1, 2), (args, result.stderr)
            assert not RAW.search(result.stdout), (args, RAW.findall(result.stdout))
            assert not RAW.search(result.stderr), (args, RAW.findall(result.stderr))
    finally:
        plan.write_text(original, encoding="utf-8")


@pytest.mark.slow  # Hypothesis over the whole of Unicode's control characters: about 1.6 s of CPU
def test_the_quick_search_never_lets_an_unsafe_character_through() -> None:
    """neutralise() first searches for any character the exact pattern could match (one class,
    faster); text without one is passed as it is. Every code point up to U+FFFF, alone, after a
    letter, and before a line feed, gives what the exact pattern gives."""
    from ipcli.language.safe import UNSAFE, _visible, neutralise, neutralise_for_terminal

    for n in range(0x10000):
        if 0xD800 <= n <= 0xDFFF:
            continue
        c = chr(n)
        for text in (c, f"a{c}b", f"{c}\n", f"x\r{c}"):
            assert neutralise(text) == UNSAFE.sub(_visible, text), hex(n)
            assert neutralise_for_terminal(text) == UNSAFE.sub(_visible, text), hex(n)
    assert neutralise("a\r\nb") == "a\r\nb"
    assert neutralise("a\rb") == "a\\u000db"
