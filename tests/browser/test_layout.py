"""Words and languages in rendered pages, in Debian's chromium (issue 30 items 2, 4 and 8): at 320,
390, 768 and 1,280 px and in print no word shorter than 12 letters is split over two lines and no
page scrolls sideways; every piece of plan text in another language than its page is marked with
that language (lang="da" on a Danish plan's due text in a Norwegian site); browser print's running
header is on pages 2 onwards only, with its spaces.

Print is measured as the browser lays it out for paper: print media at A4's text width (178 mm,
673 CSS px); the printed PDF is read back for the running header. Chromium here has no
hyphenation dictionaries, so a long word breaks without a hyphen: what is measured is where.

The site, the browser and each page's load in each view are shared with test_pages.py
(conftest.py, views.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.views import CHROMIUM, LANG_VIEW, LAYOUT_EXTRAS, LAYOUT_VIEWS, Views, layouts, pages_of

pytestmark = [
    pytest.mark.slow,  # a real browser: about 20 s for the module
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
]


def _pages(site: Path) -> list[Path]:
    found = pages_of(site / "site", LAYOUT_EXTRAS)
    assert len(found) >= 15
    return found


def test_no_short_word_is_split_and_no_page_scrolls_sideways(site: Path, views: Views) -> None:
    split: dict[tuple[str, int, str], list[str]] = {}
    wide: list[tuple[str, int, str, int]] = []
    for width, media in LAYOUT_VIEWS:
        seen = views.at(width, media)
        for html in layouts(site / "site"):
            words = seen[html].split
            assert words is not None, (html.name, width, media)  # measured there
            if words:
                split[(html.name, width, media)] = words[:5]
            scroll, inner = seen[html].sideways
            if scroll > inner:
                wide.append((html.name, width, media, scroll))
    assert split == {}
    assert wide == []


def test_text_in_another_language_is_marked(site: Path, views: Views) -> None:
    plans = {p.stem: p for p in (site / "plans").rglob("p-*.yaml")}
    languages = {pid: yaml.safe_load(p.read_text(encoding="utf-8"))["language"] for pid, p in plans.items()}
    assert {"nb", "da"} <= set(languages.values())
    seen = views.at(*LANG_VIEW)
    wrong: list[tuple[str, str, str, str]] = []
    checked = 0
    for html in _pages(site):
        shown = [pid for pid in plans if pid in html.name] or list(plans)  # index, due: every plan
        marked = seen[html].marked
        assert marked is not None, html.name  # measured there
        for pid in shown:
            for text, lang in marked[pid]:
                checked += 1
                if lang != languages[pid]:
                    wrong.append((html.name, pid, text, lang))
    assert checked > 200
    assert wrong == [], "\n".join(map(str, wrong))


def test_the_sites_index_and_due_page_mark_danish_plans(site: Path) -> None:
    """Without a browser: the Norwegian site's due rows of a Danish plan carry lang="da"."""
    due = (site / "site" / "due.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in due
    rows = [r for r in due.split("<tr") if "p-0107" in r]
    assert rows and all('lang="da"' in r for r in rows)
    assert not [r for r in due.split("<tr") if "p-0042" in r and 'lang="da"' in r]


def test_print_puts_the_running_header_on_later_pages_with_its_spaces(
    site: Path, browser: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto((site / "site" / "plans" / "p-0042.html").as_uri())
    page.emulate_media(media="print")
    out = tmp_path / "printed.pdf"
    page.pdf(path=str(out), format="A4", prefer_css_page_size=True)
    page.close()
    texts = [p.extract_text() or "" for p in PdfReader(out).pages]
    assert len(texts) > 2
    running = re.compile(r"Ola Nordmann · p-0042 .* · 23\. november 2026")
    assert not running.search(texts[0]), texts[0][:200]
    for n, text in enumerate(texts[1:], start=2):
        assert running.search(text), (n, text[:200])


def test_the_filter_works_from_disk(site: Path, browser: Any) -> None:
    """The index and the due page opened from file://: the filter box comes with the script, a
    name keeps only its rows (without accents too), and a coordinator's name keeps their group."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto((site / "site" / "index.html").as_uri())
    box = page.get_by_label("Søk i listen:")
    visible = "document.querySelectorAll('tbody tr:not([hidden])').length"
    everyone = page.evaluate(visible)
    box.fill("anne SØRENSEN")
    assert page.evaluate(visible) == 1 and page.get_by_role("status").inner_text() == "1 rader vises"
    box.fill("")
    assert page.evaluate(visible) == everyone
    page.goto((site / "site" / "due-all.html").as_uri())
    rows = page.evaluate(visible)
    page.get_by_label("Søk i listen:").fill("Mia Thomsen")
    shown = page.evaluate(
        "[...document.querySelectorAll('section:not([hidden]) h2')].map(h => h.textContent)"
    )
    assert shown == ["Mia Thomsen"] and 0 < page.evaluate(visible) < rows
    page.close()
