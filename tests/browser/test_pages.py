"""Rendered pages in a real browser (Debian's chromium, driven by Playwright): no sideways
scrolling on a phone (390 px), on a desktop (1,280 px) or at 200 % zoom (640 px), axe-core finds
no accessibility violations, and html5lib parses every page without an error.

The pages are the whole site of the examples plus a stress plan (a 70-character word, a
190-character URL, 20 goals, 60 measures), the person's versions, and the due overview.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY
from print.stress import write_stress_plan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 640, 1280)

pytestmark = [
    pytest.mark.slow,  # a real browser: seconds each
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci --prefix tests/browser)"),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from conftest import EXAMPLES, git

    repo = tmp_path_factory.mktemp("browser") / "plans-repo"
    shutil.copytree(EXAMPLES, repo)
    write_stress_plan(repo, repo / "plans" / "nordvik" / "p-0042.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "plans")

    def ipcli(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "ipcli", *args, "--today", PINNED_TODAY],
            cwd=repo,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr

    ipcli("render", "--all", "--out", "site")
    for plan in ("p-0042", "p-0107", "p-0999"):
        ipcli("render", plan, "--format", "html", "--audience", "citizen", "-o", f"site/{plan}.citizen.html")
    ipcli(
        "render", "p-0042", "--format", "html", "--lang", "en", "--audience", "citizen", "-o", "site/en.html"
    )
    found = sorted((repo / "site").rglob("*.html"))
    assert len(found) >= 10
    return found


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_no_page_scrolls_sideways(pages: list[Path], browser) -> None:
    wide = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for html in pages:
            page.goto(html.as_uri())
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append((html.name, width, scroll))
        page.close()
    assert wide == []


def _one_of_each_kind(pages: list[Path]) -> list[Path]:
    """A page of each kind the site has: the index, a due list, a coordinator's page, a plan's
    staff and person's versions (the stress plan's, whose long words are the hardest), a page in
    another language."""
    kinds: dict[str, Path] = {}
    for html in pages:
        kind = (
            html.parent.name
            if html.parent.name != "plans"
            else "citizen"
            if html.name.endswith(".citizen.html")
            else "staff"
        )
        kind = html.name if kind == "site" and not html.name.startswith("p-") else kind
        if kind not in kinds or "p-0042" in html.name:
            kinds[kind] = html
    return sorted(kinds.values())


def test_axe_finds_no_violations(pages: list[Path], browser) -> None:
    """Every page at a desktop's width; at a phone's, a page of each kind (the rules that look at
    the viewport see the same layout on every page of a kind: 62 runs of axe were a minute)."""
    script = AXE.read_text(encoding="utf-8")
    found = {}
    narrow = _one_of_each_kind(pages)
    assert len(narrow) >= 8, narrow
    for width, which in ((390, narrow), (1280, pages)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for html in which:
            page.goto(html.as_uri())
            page.add_script_tag(content=script)
            result = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
            if result:
                found[(html.name, width)] = result
        page.close()
    assert found == {}


def test_html_parses_without_errors(pages: list[Path]) -> None:
    import html5lib

    for html in pages:
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(html.read_bytes())
        assert parser.errors == [], (html.name, parser.errors[:3])


def test_print_repeats_the_running_header(pages: list[Path], browser, tmp_path: Path) -> None:
    from pypdf import PdfReader

    plan = next(p for p in pages if p.name == "p-0999.html" and p.parent.name == "plans")
    page = browser.new_page()
    page.goto(plan.as_uri())
    page.emulate_media(media="print")
    out = tmp_path / "printed.pdf"
    page.pdf(path=str(out), format="A4", prefer_css_page_size=True)
    # pypdf reads the margin boxes' words with irregular spaces: compare without them
    texts = ["".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    assert len(texts) > 2
    for n, text in enumerate(texts[1:], start=2):
        assert "p-0999" in text and "23.november2026" in text, n
        assert f"{n}/{len(texts)}" in text, n
