"""`ipcli render --format pdf`: PDF/A-2a from Typst, read back as a reader and an archive would.

Each page of a printed plan must identify itself (running header: person, plan id, version,
day; footer: page n / N), every table page repeats its column headers, pages are filled (goals
break between rows instead of leaving half-empty pages), plan text shows as written, and the
file declares PDF/A with every font embedded and a structure tree for screen readers.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import PINNED_TODAY
from pypdf import PdfReader

from print.conftest import Printer
from print.stress import HOSTILE, LONG_WORD


def _render(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", "render", *args, "--today", PINNED_TODAY],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_staff_pdf_pages_identify_themselves_and_repeat_table_headers(printed: Printer) -> None:
    done = printed("p-0042")  # the staff PDF, shared with other tests (conftest.py)
    assert "PDF/A-2a" in done.stderr
    pages = _pages(done.pdf)
    # the browser's print of this plan took 9 pages (issue 19); goals now break between rows
    assert 3 <= len(pages) <= 7
    version = subprocess.run(  # the version by its date in words (the commit is in the metadata)
        ["git", "log", "-1", "--format=%cs", "--", "plans/nordvik/p-0042.yaml"],
        cwd=done.repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    from ipcli.language.i18n import date

    version = date(__import__("datetime").date.fromisoformat(version), "nb")
    for n, text in enumerate(pages, start=1):
        flat = _flat(text)
        assert f"Side {n} / {len(pages)}" in flat, (n, flat[-200:])
        assert f"Versjon {version}" in flat
        if n > 1:
            assert "Ola Nordmann · p-0042" in flat, n
            assert "23. november 2026" in flat
        # a page that shows measures shows the table's column headers too
        if re.search(r"\bm\d+: ", flat):
            assert "Tiltak" in flat and "Ansvarlig" in flat and "Frist" in flat, n
    first = _flat(pages[0])
    assert "Plan p-0042" in first and "Laget 23. november 2026" in first and "Enhet: nordvik" not in first
    # an overdue measure says so in words
    assert "Fristen er overskredet" in _flat(" ".join(pages))


@pytest.mark.slow
def test_signature_page_lists_people_and_says_what_they_sign(printed: Printer) -> None:
    last = _flat(_pages(printed("p-0042").pdf)[-1])
    assert "Underskrifter" in last
    assert "Med underskriften bekrefter jeg" in last
    assert "Navn" in last and "Hvem er med" not in last
    assert "Ola Nordmann" in last and "Kari Hansen" in last
    # an organisation signs through a person, on a line of its own
    assert "for NAV Nordvik" in last


@pytest.mark.slow
def test_a_person_who_declined_gets_no_signature_line(plans_repo: Path) -> None:
    declined = None
    for candidate in plans_repo.glob("plans/*/*.yaml"):
        if "participation: declined" in candidate.read_text(encoding="utf-8"):
            declined = candidate
    assert declined is not None
    assert _render(plans_repo, declined.stem, "--format", "pdf", "-o", "d.pdf").returncode == 0
    pages = _pages(plans_repo / "d.pdf")
    sign = _flat(pages[-1])
    assert "Underskrift" in sign
    import yaml

    data = yaml.safe_load(declined.read_text(encoding="utf-8"))
    self_name = next(p["name"] for p in data["participants"] if p["role"] == "self")
    table = sign.split(_sign_intro(data["language"]), 1)[1]
    assert self_name not in table


def _sign_intro(lang: str) -> str:
    from ipcli.language.i18n import label

    return label("sign_intro", lang)[:30]


@pytest.mark.slow  # PDFs through Typst: about 1.5 s of CPU
def test_without_leaves_sections_out(plans_repo: Path, printed: Printer) -> None:
    full = printed("p-0042")  # without --without
    lean = _render(plans_repo, "p-0042", "--format", "pdf", "--without", "due,dilemmas", "-o", "lean.pdf")
    assert lean.returncode == 0
    full_text, lean_text = (
        _flat(" ".join(_pages(full.pdf))),
        _flat(" ".join(_pages(plans_repo / "lean.pdf"))),
    )
    assert "Etiske dilemmaer" in full_text and "Etiske dilemmaer" not in lean_text
    bad = _render(plans_repo, "p-0042", "--format", "pdf", "--without", "goals", "-o", "x.pdf")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "known:" in bad.stderr
    assert not (plans_repo / "x.pdf").exists()


def test_pdf_needs_a_file(plans_repo: Path) -> None:
    done = _render(plans_repo, "p-0042", "--format", "pdf")
    assert done.returncode == 2 and "PDF needs a file" in done.stderr and done.stdout == ""


@pytest.mark.slow
def test_pdfa_metadata_fonts_and_tags(printed: Printer) -> None:
    with pikepdf.open(printed("p-0042").pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "A"
        assert str(pdf.Root.get("/Lang", "")) == "nb"
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        fonts = 0
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts += 1
                descendants = font.get("/DescendantFonts")
                described = descendants[0] if descendants is not None else font
                descriptor = described.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        assert fonts > 0


@pytest.mark.slow
def test_same_plan_and_day_give_the_same_bytes(plans_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # a reproducible build's time, not now
    for name in ("one.pdf", "two.pdf"):
        assert _render(plans_repo, "p-0042", "--format", "pdf", "-o", name).returncode == 0
    assert (plans_repo / "one.pdf").read_bytes() == (plans_repo / "two.pdf").read_bytes()


@pytest.mark.slow  # a long plan through Typst: about 2.5 s of CPU
def test_stress_plan_keeps_every_column_and_fills_its_pages(printed: Printer) -> None:
    reader = PdfReader(printed("p-0999").pdf)  # shared with test_pdf_archive.py
    pages = [p.extract_text() or "" for p in reader.pages]
    text = _flat(" ".join(pages))
    # plan text that looks like Typst markup is shown as written, never run
    assert _flat(HOSTILE)[:40] in text.replace("\u00ad", "")
    assert "root:" not in text  # nothing was read from /etc/passwd
    assert LONG_WORD[:12] in text
    header_pages = 0
    for n, page in enumerate(pages, start=1):
        flat = _flat(page)
        if re.search(r"\bm1\d\d: ", flat):
            header_pages += 1
            assert "Tiltak" in flat and "Ansvarlig" in flat and "Frist" in flat and "Status" in flat, n
    assert header_pages >= 5
    # fill: every page but the last of a section reaches the lower part of the page
    heights = _lowest_text(reader)
    ends = {len(pages) - 1, len(pages) - 2}  # the signature page and the page before it
    for index, low in enumerate(heights):
        if index not in ends:
            assert low < 0.45, (index + 1, low)


def _lowest_text(reader: PdfReader) -> list[float]:
    """For each page, how far up the page its lowest body text sits (0 = bottom, 1 = top),
    leaving the footer out."""
    result = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        ys: list[float] = []

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: object, ys: list[float] = ys
        ) -> None:
            if text.strip():  # Typst places text with the current matrix
                ys.append(cm[5] + tm[5])

        page.extract_text(visitor_text=visit)
        body = [y for y in ys if y > 0.08 * height]  # the footer is in the bottom margin
        result.append(min(body) / height if body else 1.0)
    return result


@pytest.mark.slow
def test_render_all_as_pdf(plans_repo: Path) -> None:
    done = _render(plans_repo, "--all", "--format", "pdf", "--out", "print")
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in (plans_repo / "print" / "plans").glob("*.pdf"))  # beside the pages
    assert files == sorted(f"{p.stem}.pdf" for p in plans_repo.glob("plans/*/*.yaml"))
    assert (plans_repo / "print" / "index.html").exists()
    for pdf in (plans_repo / "print" / "plans").glob("*.pdf"):
        assert PdfReader(io.BytesIO(pdf.read_bytes())).pages
