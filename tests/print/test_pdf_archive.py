"""The PDF as an archive takes it (issue 30 items 6 and 9): PDF/A-2a and PDF/UA-1 declared, the
title shown by the viewer, the creation date the real time (or SOURCE_DATE_EPOCH), the version as
a date in words with its commit in the metadata only, no folder name as a unit, sub-labels as
headings, table rows whole across pages, an overdue sub-goal evaluation flagged, words findable in
the extracted text, and no nearly empty page before the signatures."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import PINNED_TODAY
from pypdf import PdfReader

from print.conftest import Printer


def _render(repo: Path, *args: str, today: str = PINNED_TODAY, **env: str) -> Path:
    out = repo / "out.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "ipcli", "render", *args, "--format", "pdf", "-o", str(out), "--today", today],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    assert "(PDF/A-2a, PDF/UA-1)" in done.stderr
    return out


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _commit(repo: Path) -> str:
    return subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", "plans/nordvik/p-0042.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.slow
def test_metadata_declares_pdfa_and_pdfua_and_keeps_the_commit(plans_repo: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    pdf = _render(plans_repo, "p-0042")
    commit = _commit(plans_repo)
    with pikepdf.open(pdf) as doc:
        xmp = doc.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert doc.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(doc.docinfo["/Keywords"]) == f"commit {commit}"
        made = str(doc.docinfo["/CreationDate"])  # D:YYYYMMDDHHmmSSZ: the real time, not --today
        when = dt.datetime.strptime(made[2:16], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        assert before - dt.timedelta(seconds=2) <= when <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
        assert when.isoformat()[:10] in xmp  # the XMP dates say the same
    text = " ".join(_pages(pdf))
    assert commit not in text  # the pages say the version's date, not its commit
    assert "Versjon 7. desember 2026" in text or re.search(r"Versjon \d+\. \w+ \d{4}", text)
    assert "Enhet: nordvik" not in text  # the plan's folder is no unit's name


@pytest.mark.slow
def test_source_date_epoch_makes_the_same_bytes(plans_repo: Path) -> None:
    epoch = "1790000000"  # 2026-09-21
    first = _render(plans_repo, "p-0107", SOURCE_DATE_EPOCH=epoch).read_bytes()
    second = _render(plans_repo, "p-0107", SOURCE_DATE_EPOCH=epoch).read_bytes()
    assert first == second
    with pikepdf.open(plans_repo / "out.pdf") as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20260921")


@pytest.mark.slow
def test_sub_labels_are_headings_and_voices_paragraphs(printed: Printer) -> None:
    done = printed("p-0042")  # the staff PDF, shared with test_pdf.py (conftest.py)
    assert "(PDF/A-2a, PDF/UA-1)" in done.stderr
    pdf = done.pdf
    roles: dict[str, int] = {}
    headings: list[str] = []

    def walk(node: pikepdf.Object) -> None:
        kids = node.get("/K")
        role = str(node.get("/S", ""))
        if role:
            roles[role] = roles.get(role, 0) + 1
        if isinstance(kids, pikepdf.Array):
            for k in kids:
                if isinstance(k, pikepdf.Dictionary):
                    walk(k)
        elif isinstance(kids, pikepdf.Dictionary):
            walk(kids)

    with pikepdf.open(pdf) as doc:
        walk(doc.Root.StructTreeRoot)
    assert roles.get("/H4", 0) >= 5 and roles.get("/H5", 0) >= 3, roles  # Situasjon, Delmål, Evalueringer
    assert roles.get("/P", 0) > 30 and roles.get("/Table", 0) >= 3 and roles.get("/L", 0) >= 3, roles
    del headings


@pytest.mark.slow
def test_an_overdue_sub_goal_evaluation_is_flagged(plans_repo: Path, printed: Printer) -> None:
    # g1.2 (Knappe skjorta selv.) is to be evaluated on 1 December 2026
    text = re.sub(r"\s+", " ", " ".join(_pages(_render(plans_repo, "p-0042", today="2026-12-05"))))
    item = text.split("g1.2: Knappe skjorta selv.", 1)[1][:200]
    assert "Fristen er overskredet" in item, item
    assert PINNED_TODAY == "2026-11-23"  # the shared PDF's day
    early = re.sub(r"\s+", " ", " ".join(_pages(printed("p-0042").pdf)))
    assert "Fristen er overskredet" not in early.split("g1.2: Knappe skjorta selv.", 1)[1][:200]


@pytest.mark.slow
def test_rows_whole_words_findable_and_signatures_without_an_empty_page(printed: Printer) -> None:
    done = printed("p-0999")  # the stress plan, shared with test_pdf.py
    assert "(PDF/A-2a, PDF/UA-1)" in done.stderr
    pages = _pages(done.pdf)
    stress_repo = done.repo
    # a page that continues a measures table starts with a whole row (m<n>: ...), never with the
    # rest of a row whose Ansvarlig, Frist and Status were left on the page before
    for n, page in enumerate(pages[1:], start=2):
        lines = page.splitlines()
        if lines and "Tiltak Ansvarlig Frist Status" in page:
            after = lines[lines.index(next(x for x in lines if "Tiltak Ansvarlig Frist Status" in x)) + 1]
            assert re.match(r"m\d+: ", after), (n, after)
    # no word shorter than 16 letters is hyphenated: the extracted text finds every one whole (a
    # hyphen at a line's end is the plan's own where the plan has it: helse-og-omsorg)
    source = (stress_repo / "plans" / "nordvik" / "p-0999.yaml").read_text(encoding="utf-8")
    text = "\n".join(pages)
    split = re.findall(r"([^\W\d_]+)([\u00ad-])\n([^\W\d_]+)", text)
    hyphenated = [a + b for a, mark, b in split if mark == "\u00ad" or f"{a}-{b}" not in source]
    assert hyphenated and all(len(word) >= 16 for word in hyphenated), hyphenated
    # the signatures follow on the page where the text ends, or start a page after a full one
    last = next(n for n, p in enumerate(pages) if "Underskrifter" in p)
    if pages[last].lstrip().split("\n", 2)[-1].lstrip().startswith("Underskrifter"):
        assert len(pages[last - 1]) > 0.5 * max(len(p) for p in pages), "a nearly empty page before"
