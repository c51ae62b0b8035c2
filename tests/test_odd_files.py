"""Plan files saved oddly: a control character pasted in, UTF-16 without a byte order mark, old
Mac line ends (CR alone). Each is told in one line at its place, or edited in the file's own style."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git
from typer.testing import Result

PLAN = Path("plans") / "nordvik" / "p-0042.yaml"


def _lint(cli: Cli, repo: Path, *args: str) -> Result:
    return cli(["lint", str(PLAN), "--today", PINNED_TODAY, *args], cwd=repo)


@pytest.mark.parametrize("char", ["\x9f", "\x80", "\ufffe", "\x01"])
def test_a_control_character_is_one_finding_at_its_place(cli: Cli, plans_repo: Path, char: str) -> None:
    plan = plans_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    assert "    reason: Tilrettelagt trening" in text
    plan.write_text(
        text.replace("    reason: Tilrettelagt", f"    reason: Til{char}rettelagt", 1), encoding="utf-8"
    )
    line = text[: text.index("    reason: Tilrettelagt")].count("\n") + 1
    result = _lint(cli, plans_repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"plans/nordvik/p-0042.yaml:{line}:16: error IP001 the file holds a control character "
        f"(U+{ord(char):04X}) that a plan cannot hold — delete it (most editors do not show it); it "
        "often comes from text pasted from another program"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named(cli: Cli, plans_repo: Path, encoding: str) -> None:
    plan = plans_repo / PLAN
    plan.write_bytes(plan.read_text(encoding="utf-8").encode(encoding))
    result = _lint(cli, plans_repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "plans/nordvik/p-0042.yaml:1:1: error IP001 the file is saved as UTF-16 — save it as UTF-8"
    ]
    assert "binary" not in result.stdout
    nb = _lint(cli, plans_repo, "--lang", "nb")
    assert "filen er lagret som UTF-16 — lagre den som UTF-8" in nb.stdout
    before = plan.read_bytes()
    edit = cli(["measure", "p-0042", "m3", "--status", "done", "--today", PINNED_TODAY], cwd=plans_repo)
    assert edit.exit_code == 2 and len(edit.stderr.strip().splitlines()) == 1
    assert "UTF-16" in edit.stderr and plan.read_bytes() == before


def test_a_plan_with_nul_bytes_is_still_binary(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / PLAN
    plan.write_bytes(plan.read_bytes().replace(b"Ola Nordmann", b"Ola\x00Nordmann", 1))
    result = _lint(cli, plans_repo)
    assert "binary data" in result.stdout and "UTF-16" not in result.stdout


EDITS = [
    ["evaluate", "p-0042", "g2", "-a", "improving", "-o", "continue", "--by", "kari", "--citizen", "Bra"],
    ["revise", "p-0042", "--summary", "Alt gjennomgått", "--by", "kari"],
    ["measure", "p-0042", "m3", "--status", "done"],
    ["goal", "p-0042", "housing", "--text", "Bo selv", "--evaluate-every", "6 months"],
    [
        "measure",
        "p-0042",
        "--goal",
        "g5",
        "--add",
        "--text",
        "Ny jobb",
        "--responsible",
        "kari",
        "--due",
        "2027-01-01",
    ],
]


@pytest.mark.slow
@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_edits_keep_the_files_line_ends(cli: Cli, plans_repo: Path, newline: str) -> None:
    plan = plans_repo / PLAN
    lf_findings = _lint(cli, plans_repo).stdout
    text = plan.read_text(encoding="utf-8")
    plan.write_bytes(text.replace("\n", newline).encode("utf-8"))
    git(plans_repo, "commit", "-qam", "line ends", "--allow-empty")
    assert _lint(cli, plans_repo).stdout == lf_findings  # the same lines and columns
    for args in EDITS:
        result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
        assert result.exit_code == 0, (args, result.stderr)
    data = plan.read_bytes()
    others = {"\r": [b"\n"], "\r\n": [b"\n\n", b"\r\r"], "\n": [b"\r"]}[newline]
    if newline == "\r\n":
        assert data.count(b"\r\n") == data.count(b"\n") == data.count(b"\r")
    assert not any(o in data for o in others)
    assert data.count(newline.encode()) > text.count("\n") + 15  # the edits added lines
    assert _lint(cli, plans_repo).exit_code == 0


def test_a_merge_conflict_in_a_cr_only_file_is_at_its_line(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index("coordinator: kari") + 1
    conflicted = [*lines[: at - 1], "<<<<<<< HEAD", lines[at - 1], "=======", "coordinator: per", ">>>>>>> x"]
    plan.write_bytes("\r".join(conflicted + lines[at:]).encode("utf-8"))
    result = _lint(cli, plans_repo)
    assert f"p-0042.yaml:{at}:1: error IP003" in result.stdout


def test_a_file_just_over_the_size_limit_says_by_how_much(cli: Cli, plans_repo: Path) -> None:
    """5,242,881 bytes against a limit of 5,242,880: not "5.0 MB; at most 5.0 MB" (issue 31)."""
    big = plans_repo / "plans" / "big.yaml"
    limit = 5 * 1024 * 1024
    big.write_bytes(b"# " + b"x" * (limit - 2) + b"\n")
    assert big.stat().st_size == limit + 1
    result = cli(["lint", "plans/big.yaml", "--today", PINNED_TODAY, "--lang", "en"], cwd=plans_repo)
    assert result.exit_code == 1
    assert "the file is 5.000001 MB; a plan file may be at most 5.000000 MB" in result.stdout
    nb = cli(["lint", "plans/big.yaml", "--today", PINNED_TODAY, "--lang", "nb"], cwd=plans_repo)
    assert "5,000001 MB" in nb.stdout
    big.write_bytes(b"x" * (6 * 1024 * 1024))  # far over: one decimal, as before
    far = cli(["lint", "plans/big.yaml", "--today", PINNED_TODAY, "--lang", "en"], cwd=plans_repo)
    assert "the file is 6.0 MB; a plan file may be at most 5.0 MB" in far.stdout
