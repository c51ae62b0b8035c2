"""Rendered plans: golden Markdown, escaping of untrusted text, the site, the person's version."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLES, PINNED_TODAY, Cli

from ipcli.language.i18n import LANGS

GOLDEN = Path(__file__).parent / "render"
PLANS = {"p-0042": "nb", "p-0051": "nb", "p-0058": "nb", "p-0107": "da", "p-0113": "da", "p-0120": "da"}


@pytest.mark.parametrize(
    ("plan", "lang", "audience"),
    [(p, lang, "staff") for p, own in PLANS.items() for lang in (own, "en")]
    + [(p, own, "citizen") for p, own in PLANS.items()],
)
def test_golden_markdown(plan: str, lang: str, audience: str, cli: Cli, update_goldens: bool) -> None:
    result = cli(
        [
            "render",
            plan,
            "--lang",
            lang,
            "--audience",
            audience,
            "--today",
            PINNED_TODAY,
            "--repo",
            str(EXAMPLES),
        ]
    )
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"{plan}.{lang}.{audience}.md"
    if update_goldens:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_every_label_has_four_languages() -> None:
    assert LANGS == ("en", "nb", "nn", "da")  # the translations themselves: test_catalogue.py


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} [klikk](http://evil.example) ![bilde](x.png) a | b <b>fet</b>"


def _hostile_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo)
    plan = repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "  text: Jeg vil ha et godt liv, klare mest mulig selv og ha en jobb å gå til.",
        f"  text: '{HOSTILE}'",
    )
    plan.write_text(text, encoding="utf-8")
    return repo


def test_html_escapes_plan_text(cli: Cli, tmp_path: Path) -> None:
    repo = _hostile_repo(tmp_path)
    out = tmp_path / "p.html"
    result = cli(["render", "p-0042", "-f", "html", "-o", str(out), "--today", PINNED_TODAY], cwd=repo)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8").replace("<wbr>", "")  # break opportunities (the w filter)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("&lt;script&gt;")[1][:200]
    assert "<b>fet</b>" not in html


def test_markdown_escapes_plan_text(cli: Cli, tmp_path: Path) -> None:
    repo = _hostile_repo(tmp_path)
    md = cli(["render", "p-0042", "--today", PINNED_TODAY], cwd=repo).stdout
    line = next(x for x in md.splitlines() if "alert(1)" in x)
    assert r"\<script\>" in line and r"\[klikk\](http://evil.example)" in line and r"!\[bilde\]" in line
    assert r"a \| b" in line and r"\{\{ 7\*7 \}\}" in line


def test_the_persons_version_leaves_staff_notes_out(cli: Cli) -> None:
    md = cli(
        ["render", "p-0107", "--audience", "citizen", "--repo", str(EXAMPLES), "--today", PINNED_TODAY]
    ).stdout
    assert "Etiske dilemmaer" not in md
    # staff's assessments of the situation and resources are not in it (agreements, said by staff, are)
    assert "Anne deltager i alle møder om planen" not in md and "Kan handle ind efter en liste" not in md
    assert (
        md.index("Mine mål")
        < md.index("Hvad der skal gøres, af hvem og hvornår")
        < md.index("Din kontaktperson")
    )
    assert "Jonas Holm" in md


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[int] = []
        self.urls: list[str] = []
        self.voices = 0
        self.voice_labels = 0
        self.in_voice = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for key in ("src", "href"):
            if a.get(key):
                self.urls.append(a[key] or "")
        if tag == "blockquote" and "voice" in (a.get("class") or ""):
            self.voices += 1
            self.in_voice = True
        if tag == "span" and a.get("class") == "who" and self.in_voice:
            self.voice_labels += 1
            self.in_voice = False  # one label per quote

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.in_voice = False


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_site(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = cli(["render", "--all", "--out", str(site), "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 0, result.stderr
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    plans = ("p-0042", "p-0051", "p-0058", "p-0107", "p-0113", "p-0120")
    assert [p for p in pages if not p.startswith("coordinators/")] == [
        "due-all.html",
        "due-week.html",
        "due.html",
        "index.html",
        *(f"plans/{p}{kind}.html" for p in plans for kind in (".citizen", "")),
    ]
    assert len([p for p in pages if p.startswith("coordinators/")]) == 3  # Kari, Jonas, Mia
    person = (site / "plans" / "p-0042.citizen.html").read_text(encoding="utf-8")
    assert 'href="tel:+47-400-00-001"' in person  # not masked as if it were a CPR number
    for page in site.rglob("*.html"):
        parsed = _Page()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert parsed.lang in ("nb", "nn", "da", "en"), page
        assert parsed.headings.count(1) == 1, page
        assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:], strict=False)), page
        external = [
            u for u in parsed.urls if re.match(r"[a-z]+:", u) and not u.startswith(("mailto:", "tel:"))
        ]
        assert external == [], page  # nothing is fetched from outside: it opens from disk
        assert parsed.voices == parsed.voice_labels  # every statement says whose words it is
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="plans/p-0042.html"' in index and "Kari Hansen" in index
    css = (site / "style.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css))
    for fg, bg in (
        ("text", "bg"),
        ("text", "citizen"),
        ("text", "staff"),
        ("link", "bg"),
        ("late", "bg"),
        ("muted", "bg"),
    ):
        assert _contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    assert "@media print" in css and "size: A4" in css


def test_html_needs_a_file_and_templates_run_sandboxed(cli: Cli, plans_repo: Path) -> None:
    no_file = cli(["render", "p-0042", "-f", "html"], cwd=plans_repo)
    assert no_file.exit_code == 2 and "HTML needs a file" in no_file.stderr
    own = plans_repo / "templates"
    own.mkdir()
    (own / "plan.md.j2").write_text("Egen mal: {{ plan.id }}\n", encoding="utf-8")
    (plans_repo / "ipcli.toml").write_text('[render]\ntemplates = "templates"\n')
    assert cli(["render", "p-0042"], cwd=plans_repo).stdout == "Egen mal: p-0042\n"
    (own / "plan.md.j2").write_text("{{ plan.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    refused = cli(["render", "p-0042"], cwd=plans_repo)
    assert refused.exit_code == 2 and "SecurityError" in refused.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow  # a real browser: about 2 s of CPU
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_a_real_browser_opens_the_site_from_disk(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert (
        cli(["render", "--all", "--out", str(site), "--today", PINNED_TODAY], cwd=plans_repo).exit_code == 0
    )
    page = site / "plans" / "p-0042.html"
    shot = tmp_path / "p-0042.png"
    from tests.browser.views import ARGS  # the flags the browser tests start Chromium with

    flags = [
        "--headless",
        *ARGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dom.returncode == 0, dom.stderr[-500:]
    assert '<html lang="nb">' in dom.stdout and "Ola Nordmann" in dom.stdout
    subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    keep = Path(__file__).parent.parent / "site-screenshot.png"
    if "IPCLI_KEEP_SCREENSHOT" in __import__("os").environ:
        shutil.copyfile(shot, keep)


def test_templates_are_compiled_once_per_run(plans_repo: Path) -> None:
    """Compiling the templates costs more than rendering a plan: a site must not do it per page."""
    from ipcli.documents import render as render_module

    render_module._environment.cache_clear()
    for _ in range(3):
        render_module._environment("html", None)
    assert render_module._environment.cache_info().hits == 2
