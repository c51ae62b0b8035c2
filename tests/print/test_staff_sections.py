"""The staff PDF's sections come in their fixed order (printdoc.STAFF_SECTIONS), and `--without`
leaves out exactly the sections it names: the order is data now, and a test holds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli
from pypdf import PdfReader

# the level-2 headings of the staff version, in English, in the order the PDF shows them
HEADINGS = [
    "Who takes part",
    "Consents",
    "Long-term goal",
    "Life areas",
    "Meetings",
    "Revisions",
    "Ethical dilemmas",
    "What you can expect from us",
    "What we expect from you",
    "Other plans",
    "What is due",
    "Signatures",
]


def _headings(cli: Cli, repo: Path, *without: str) -> list[str]:
    args = ["render", "p-0042", "--format", "pdf", "--lang", "en", "-o", "p.pdf", "--today", PINNED_TODAY]
    if without:
        args += ["--without", ",".join(without)]
    result = cli(args, cwd=repo)
    assert result.exit_code == 0, result.stderr
    lines = [
        ln.strip()
        for page in PdfReader(repo / "p.pdf").pages
        for ln in (page.extract_text() or "").splitlines()
    ]
    return [ln for ln in lines if ln in HEADINGS]


@pytest.mark.slow
def test_staff_sections_come_in_their_order(cli: Cli, plans_repo: Path) -> None:
    assert _headings(cli, plans_repo) == HEADINGS


@pytest.mark.slow
def test_without_leaves_out_only_the_sections_it_names(cli: Cli, plans_repo: Path) -> None:
    shown = _headings(cli, plans_repo, "consents", "history", "due")
    assert shown == [h for h in HEADINGS if h not in ("Consents", "Meetings", "Revisions", "What is due")]
