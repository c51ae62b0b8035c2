"""Words and languages in rendered pages, in Debian's chromium (issue 30 items 2, 4 and 8): at 320,
390, 768 and 1,280 px and in print no word shorter than 12 letters is split over two lines and no
page scrolls sideways; every piece of plan text in another language than its page is marked with
that language (lang="da" on a Danish plan's due text in a Norwegian site); browser print's running
header is on pages 2 onwards only, with its spaces.

Print is measured as the browser lays it out for paper: print media at A4's text width (178 mm,
673 CSS px); the printed PDF is read back for the running header. Chromium here has no
hyphenation dictionaries, so a long word breaks without a hyphen: what is measured is where.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, PINNED_TODAY, git
from print.stress import write_stress_plan

from tests.browser.measure import MARKED_LANG, SIDEWAYS, split_words

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENS = (320, 390, 768, 1280)
A4_TEXT_WIDTH = 673  # 210 mm less the print margins of style.css (2 x 16 mm), in CSS px

pytestmark = [
    pytest.mark.slow,  # a real browser: about 20 s for the module
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
]


def _ipcli(repo: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipcli", *args, "--today", PINNED_TODAY],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples' site (nb: its first plan is Norwegian; three plans are Danish), a stress plan,
    and plans rendered in a language other than their own, staff and person."""
    repo = tmp_path_factory.mktemp("layout") / "plans-repo"
    shutil.copytree(EXAMPLES, repo)
    write_stress_plan(repo, repo / "plans" / "nordvik" / "p-0042.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plans")
    _ipcli(repo, "render", "--all", "--out", "site")
    for plan, lang in (("p-0107", "nb"), ("p-0042", "da"), ("p-0113", "en")):
        for audience in ("staff", "citizen"):
            out = f"site/{plan}.{lang}.{audience}.html"
            _ipcli(
                repo, "render", plan, "--format", "html", "--lang", lang, "--audience", audience, "-o", out
            )
    return repo


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _pages(site: Path) -> list[Path]:
    found = sorted((site / "site").rglob("*.html"))
    assert len(found) >= 15
    return found


def _layouts(site: Path) -> list[Path]:
    """One page of each kind, with the stress plan (within the time a browser test may take):
    the index, the due page, a coordinator's page, Norwegian and Danish plans, the person's
    versions, and a plan in another language than its own."""
    root = site / "site"
    kinds = [root / "index.html", root / "due-all.html", next((root / "coordinators").glob("*.html"))]
    for plan in ("p-0042", "p-0107", "p-0113", "p-0999"):
        kinds += [root / "plans" / f"{plan}.html", root / "plans" / f"{plan}.citizen.html"]
    return [*kinds, root / "p-0107.nb.staff.html"]


def test_no_short_word_is_split_and_no_page_scrolls_sideways(site: Path, browser: Any) -> None:
    split: dict[tuple[str, int, str], list[str]] = {}
    wide: list[tuple[str, int, str, int]] = []
    views = [(w, "screen") for w in SCREENS] + [(A4_TEXT_WIDTH, "print")]
    for width, media in views:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.emulate_media(media=media)
        for html in _layouts(site):
            page.goto(html.as_uri())
            words = split_words(page)
            if words:
                split[(html.name, width, media)] = words[:5]
            scroll, inner = page.evaluate(SIDEWAYS)
            if scroll > inner:
                wide.append((html.name, width, media, scroll))
        page.close()
    assert split == {}
    assert wide == []


def _free_texts(plan: Path) -> list[str]:
    """The beginnings of a plan's sentences (three or more words, each shorter than 12 letters, so
    no break opportunity the page adds falls inside them)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            words = []
            for word in value.split():
                if len(word) >= 12 or len(" ".join([*words, word])) > 30:
                    break
                words.append(word)
            if len(words) >= 3 and all(re.search(r"[^\W\d_]", w) for w in words):
                found.append(" ".join(words))

    walk(yaml.safe_load(plan.read_text(encoding="utf-8")))
    return found


def test_text_in_another_language_is_marked(site: Path, browser: Any) -> None:
    plans = {p.stem: p for p in (site / "plans").rglob("p-*.yaml")}
    languages = {pid: yaml.safe_load(p.read_text(encoding="utf-8"))["language"] for pid, p in plans.items()}
    assert {"nb", "da"} <= set(languages.values())
    texts = {pid: _free_texts(p) for pid, p in plans.items()}
    page = browser.new_page()
    wrong: list[tuple[str, str, str, str]] = []
    checked = 0
    for html in _pages(site):
        shown = [pid for pid in plans if pid in html.name] or list(plans)  # index, due: every plan
        page.goto(html.as_uri())
        for pid in shown:
            for text, marked in page.evaluate(MARKED_LANG, texts[pid]):
                checked += 1
                if marked != languages[pid]:
                    wrong.append((html.name, pid, text, marked))
    page.close()
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
