"""Rendered pages in a real browser (Debian's chromium, driven by Playwright): no sideways
scrolling on a phone (390 px), on a desktop (1,280 px) or at 200 % zoom (640 px), axe-core finds
no accessibility violations, and html5lib parses every page without an error.

The pages are the whole site of the examples plus a stress plan (a 70-character word, a
190-character URL, 20 goals, 60 measures), the person's versions, and the due overview. The site,
the browser and each page's load in each view are shared with test_layout.py (conftest.py,
views.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.views import AXE, CHROMIUM, PAGES_EXTRAS, WIDTHS, Views, one_of_each_kind, pages_of

pytestmark = [
    pytest.mark.slow,  # a real browser: seconds each
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci --prefix tests/browser)"),
]


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Path]:
    """The site of `render --all`, the person's version of three plans and one in English."""
    found = pages_of(site / "site", PAGES_EXTRAS)
    assert len(found) >= 10
    return found


def test_no_page_scrolls_sideways(pages: list[Path], views: Views) -> None:
    wide = []
    for width in WIDTHS:
        seen = views.at(width)
        for html in pages:
            scroll, inner = seen[html].sideways
            if scroll > inner:
                wide.append((html.name, width, scroll))
    assert wide == []


def test_axe_finds_no_violations(pages: list[Path], views: Views) -> None:
    """Every page at a desktop's width; at a phone's, a page of each kind (the rules that look at
    the viewport see the same layout on every page of a kind: 62 runs of axe were a minute)."""
    found = {}
    narrow = one_of_each_kind(pages)
    assert len(narrow) >= 8, narrow
    for width, which in ((390, narrow), (1280, pages)):
        seen = views.at(width)
        for html in which:
            result = seen[html].axe
            assert result is not None, (html.name, width)  # axe ran on it
            if result:
                found[(html.name, width)] = result
    assert found == {}


def test_html_parses_without_errors(pages: list[Path]) -> None:
    import html5lib

    for html in pages:
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(html.read_bytes())
        assert parser.errors == [], (html.name, parser.errors[:3])


def test_print_repeats_the_running_header(pages: list[Path], browser: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    plan = next(p for p in pages if p.name == "p-0999.html" and p.parent.name == "plans")
    page = browser.new_page()
    page.goto(plan.as_uri())
    page.emulate_media(media="print")
    out = tmp_path / "printed.pdf"
    page.pdf(path=str(out), format="A4", prefer_css_page_size=True)
    page.close()
    # pypdf reads the margin boxes' words with irregular spaces: compare without them
    texts = ["".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    assert len(texts) > 2
    for n, text in enumerate(texts[1:], start=2):
        assert "p-0999" in text and "23.november2026" in text, n
        assert f"{n}/{len(texts)}" in text, n
