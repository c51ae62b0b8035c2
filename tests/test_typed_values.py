"""Any value a user can type is a one-line usage error (exit 2) or works: one date parser and one
length-of-time parser with one set of bounds, for every option and for ipcli.toml, in English,
Norwegian and Danish words."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.language.calendar import FIRST_DAY, LAST_DAY, MAX_YEARS, Interval, parse_day, parse_interval


def _ipcli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args],
        cwd=repo,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line_usage_error(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ipcli: "), done.stderr
    assert "internal error" not in done.stderr


REFUSED = [
    ["due", "--today", "9999-12-31"],
    ["log", "p-0042", "--today", "9999-12-31"],
    ["render", "p-0042", "--today", "9999-12-31"],
    ["stats", "--today", "0001-01-01"],
    ["log", "p-0042", "--today", "0001-01-01"],
    ["due", "--within", "9999y", "--today", PINNED_TODAY],
    ["due", "--within", "40000 days", "--today", PINNED_TODAY],
    ["log", "--since", "9999y", "--today", PINNED_TODAY],
    ["evaluate", "p-0042", "g1", "-a", "improving", "-o", "continue", "--date", "9999-12-31"],
    ["evaluate", "p-0042", "g1", "-a", "improving", "-o", "continue", "--date", "2026-02-30"],
    ["show", "p-0042", "--at", "2026-13-45"],
    ["diff", "p-0042", "2026-12-32"],
    ["due", "--today", "2026-02-30"],
]


@pytest.mark.parametrize("args", REFUSED, ids=[" ".join(a) for a in REFUSED])
def test_impossible_or_out_of_range_values_are_usage_errors(plans_repo: Path, args: list[str]) -> None:
    before = (plans_repo / "plans" / "nordvik" / "p-0042.yaml").read_bytes()
    _one_line_usage_error(_ipcli(plans_repo, *args))
    assert (plans_repo / "plans" / "nordvik" / "p-0042.yaml").read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("words", "short"),
    [
        ("2 uker", "2w"),
        ("2 veker", "2w"),
        ("2 uger", "2w"),
        ("3 måneder", "3m"),
        ("3 månader", "3m"),
        ("1 år", "1y"),
        ("30 dager", "30d"),
        ("30 dagar", "30d"),
        ("30 dage", "30d"),
        ("6 Weeks", "6w"),
    ],
)
def test_within_in_the_languages_own_words(plans_repo: Path, words: str, short: str) -> None:
    spelled = _ipcli(plans_repo, "due", "-f", "json", "--within", words, "--today", PINNED_TODAY)
    assert spelled.returncode == 0, spelled.stderr
    plain = _ipcli(plans_repo, "due", "-f", "json", "--within", short, "--today", PINNED_TODAY)
    assert spelled.stdout == plain.stdout


@pytest.mark.slow
def test_settings_deadlines_in_words(plans_repo: Path) -> None:
    (plans_repo / "ipcli.toml").write_text('[deadlines]\nrevision = "6 months"\n', encoding="utf-8")
    english = _ipcli(plans_repo, "due", "-f", "json", "--today", PINNED_TODAY)
    (plans_repo / "ipcli.toml").write_text('[deadlines]\nrevision = "6 måneder"\n', encoding="utf-8")
    norwegian = _ipcli(plans_repo, "due", "-f", "json", "--today", PINNED_TODAY)
    assert english.returncode == norwegian.returncode == 0, norwegian.stderr
    assert english.stdout == norwegian.stdout
    (plans_repo / "ipcli.toml").write_text('[deadlines]\nrevision = "9999 years"\n', encoding="utf-8")
    _one_line_usage_error(_ipcli(plans_repo, "due", "--today", PINNED_TODAY))


@pytest.mark.slow
def test_evaluate_every_in_words(plans_repo: Path) -> None:
    args = ["goal", "p-0042", "daily_living", "--text", "Gå tur hver dag.", "--evaluate-every"]
    done = _ipcli(plans_repo, *args, "2 uker", "--dry-run", "--today", PINNED_TODAY)
    assert done.returncode == 0, done.stderr
    assert "2 weeks" in done.stdout or "2 uker" in done.stdout


# the parsers themselves: any text gives a value within the bounds or a ValueError, nothing else


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_length_of_time_within_bounds_or_a_value_error(text: str) -> None:
    try:
        interval = parse_interval(text)
    except ValueError as e:
        assert str(e)
        return
    per = {"days": 1, "weeks": 7, "months": 31, "years": 366}[interval.unit]  # days, at most
    assert interval.amount * per <= MAX_YEARS * 371
    assert parse_interval(str(interval)) == interval


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["d", "w", "m", "y", " uker", " år", " months"]))
def test_amounts_are_bounded(amount: int, unit: str) -> None:
    try:
        interval = parse_interval(f"{amount}{unit}")
    except ValueError:
        return
    assert interval.after(LAST_DAY) > LAST_DAY or interval.amount == 0
    assert interval.before(FIRST_DAY) <= FIRST_DAY


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=12), st.dates().map(dt.date.isoformat)))
def test_any_text_is_a_date_within_bounds_or_a_value_error(text: str) -> None:
    try:
        day = parse_day(text)
    except ValueError as e:
        assert str(e)
        return
    assert FIRST_DAY <= day <= LAST_DAY
    assert day.isoformat() == text.strip()


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.builds(Interval, st.integers(0, MAX_YEARS * 12), st.just("months")),
)
def test_any_day_and_any_length_stay_dates(day: dt.date, interval: Interval) -> None:
    assert interval.after(day) >= day >= interval.before(day)
