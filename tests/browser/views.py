"""The site the browser tests look at, and what they measure in it, shared by test_pages.py and
test_layout.py (issue 26: the two modules rendered near-identical sites and opened every page
once per test and width, about 90 s of a 5-minute suite).

One site holds both modules' pages: the examples with a stress plan, rendered with `--all`, and
the single pages each module adds (`PAGES_EXTRAS`, `LAYOUT_EXTRAS`). Each module still looks at
exactly its own pages (`pages_of`). `Views` opens each page once per view (a width, screen or
print) and takes at that one load everything any test reads there: sideways scrolling, words
split over two lines, the languages plan text is marked with, and axe-core's violations where
the axe test runs it. The tests then assert on what was measured, each as before.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.browser.measure import MARKED_LANG, SIDEWAYS, split_words

# MARKED_LANG for each plan's texts (plan id -> texts), in one call
MARKED_LANGS = f"(all) => {{ const marked = {MARKED_LANG.strip()}; "
MARKED_LANGS += "return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, marked(v)])); }"

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

# test_pages.py: no sideways scrolling on a phone, at 200 % zoom and on a desktop; axe at a
# phone's width (a page of each kind) and a desktop's (every page)
WIDTHS = (390, 640, 1280)
AXE_WIDTHS = (390, 1280)
# test_layout.py: no short word split and no sideways scrolling at these screens and in print,
# measured as the browser lays the page out for paper at A4's text width
SCREENS = (320, 390, 768, 1280)
A4_TEXT_WIDTH = 673  # 210 mm less the print margins of style.css (2 x 16 mm), in CSS px
LAYOUT_VIEWS = (*((w, "screen") for w in SCREENS), (A4_TEXT_WIDTH, "print"))
# test_layout.py: the languages text is marked with do not depend on the layout; they are read
# in the desktop's view
LANG_VIEW = (1280, "screen")

# single pages rendered beside the site (site/NAME): (plan, language or None, audience)
PAGES_EXTRAS = {
    "p-0042.citizen.html": ("p-0042", None, "citizen"),
    "p-0107.citizen.html": ("p-0107", None, "citizen"),
    "p-0999.citizen.html": ("p-0999", None, "citizen"),
    "en.html": ("p-0042", "en", "citizen"),
}
LAYOUT_EXTRAS = {
    f"{plan}.{lang}.{audience}.html": (plan, lang, audience)
    for plan, lang in (("p-0107", "nb"), ("p-0042", "da"), ("p-0113", "en"))
    for audience in ("staff", "citizen")
}


def pages_of(root: Path, extras: dict[str, Any]) -> list[Path]:
    """The pages of `render --all` and a module's own single pages (not the other module's)."""
    others = (PAGES_EXTRAS.keys() | LAYOUT_EXTRAS.keys()) - extras.keys()
    return sorted(p for p in root.rglob("*.html") if not (p.parent == root and p.name in others))


def one_of_each_kind(pages: list[Path]) -> list[Path]:
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


def layouts(root: Path) -> list[Path]:
    """One page of each kind, with the stress plan (within the time a browser test may take):
    the index, the due page, a coordinator's page, Norwegian and Danish plans, the person's
    versions, and a plan in another language than its own."""
    kinds = [root / "index.html", root / "due-all.html", next((root / "coordinators").glob("*.html"))]
    for plan in ("p-0042", "p-0107", "p-0113", "p-0999"):
        kinds += [root / "plans" / f"{plan}.html", root / "plans" / f"{plan}.citizen.html"]
    return [*kinds, root / "p-0107.nb.staff.html"]


def free_texts(plan: Path) -> list[str]:
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


@dataclass
class Measured:
    """What one load of a page in one view showed; None where nothing asked for it there."""

    sideways: tuple[int, int]  # the document's scroll width and the window's inner width
    split: list[str] | None = None  # words shorter than 12 letters split over two lines
    marked: dict[str, list[tuple[str, str]]] | None = None  # plan id -> (text, its lang)
    axe: list[str] | None = None  # the ids of axe-core's violations


@dataclass
class _Wanted:
    split: bool = False
    marked: bool = False
    axe: bool = False


@dataclass
class Views:
    """Each page loaded once per view, in one tab per view of one browser, and measured for
    every test that reads it in that view (per run of the browser tests in a worker)."""

    browser: Any
    root: Path  # the site
    plans: dict[str, Path]  # plan id -> its YAML file, for the languages' texts
    seen: dict[tuple[int, str], dict[Path, Measured]] = field(default_factory=dict)

    def wanted(self, view: tuple[int, str]) -> dict[Path, _Wanted]:
        """The pages each test reads in a view, and what it reads there."""
        found: dict[Path, _Wanted] = {}
        pages = pages_of(self.root, PAGES_EXTRAS)
        if view[1] == "screen" and view[0] in WIDTHS:
            for html in pages:
                found.setdefault(html, _Wanted())
        if view in LAYOUT_VIEWS:
            for html in layouts(self.root):
                found.setdefault(html, _Wanted()).split = True
        if view == LANG_VIEW:
            for html in pages_of(self.root, LAYOUT_EXTRAS):
                found.setdefault(html, _Wanted()).marked = True
        if view[1] == "screen" and view[0] in AXE_WIDTHS and AXE.exists():  # else test_pages is skipped
            for html in one_of_each_kind(pages) if view[0] == 390 else pages:
                found.setdefault(html, _Wanted()).axe = True
        return found

    def at(self, width: int, media: str = "screen") -> dict[Path, Measured]:
        """Every page a test reads at this width and media, measured (once per session)."""
        view = (width, media)
        if view not in self.seen:
            self.seen[view] = self._measure(view)
        return self.seen[view]

    def _measure(self, view: tuple[int, str]) -> dict[Path, Measured]:
        wanted = self.wanted(view)
        assert wanted, f"no browser test reads the view {view}"
        context = self.browser.new_context(viewport={"width": view[0], "height": 900})
        if any(w.axe for w in wanted.values()):
            # axe-core in each page the browser loads in this view, sent to it once (added to
            # each page after its load, 0.5 s a page went on sending and compiling it). It
            # only defines `axe` and runs when asked, after every other measurement.
            context.add_init_script(path=str(AXE))
        texts = {pid: free_texts(plan) for pid, plan in self.plans.items()}
        page = context.new_page()
        page.emulate_media(media=view[1])
        found: dict[Path, Measured] = {}
        try:
            for html, want in sorted(wanted.items()):
                page.goto(html.as_uri())
                scroll, inner = page.evaluate(SIDEWAYS)
                seen = Measured(sideways=(scroll, inner))
                if want.split:
                    seen.split = split_words(page)
                if want.marked:
                    marked = page.evaluate(MARKED_LANGS, texts)
                    seen.marked = {pid: [(t, lang) for t, lang in pairs] for pid, pairs in marked.items()}
                if want.axe:
                    seen.axe = page.evaluate(
                        "async () => (await axe.run(document)).violations.map(v => v.id)"
                    )
                found[html] = seen
        finally:
            context.close()
        return found
