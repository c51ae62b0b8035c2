"""The site at scale (issue 30 items 4 and 7): a page per coordinator, the deadlines in a week, a
month and all, a filter that needs no server, anchors and a contents list in plan pages, links
between a plan, the person's version and its PDF, and `render --all --format pdf` writing PDFs
beside the site (a plan whose PDF fails is named, the rest written, exit 1)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import PINNED_TODAY, Cli

TODAY = dt.date.fromisoformat(PINNED_TODAY)
PLANS = ("p-0042", "p-0051", "p-0058", "p-0107", "p-0113", "p-0120")


def _site(cli: Cli, repo: Path, out: Path, *extra: str) -> Any:
    return cli(["render", "--all", "--out", str(out), "--today", PINNED_TODAY, *extra], cwd=repo)


def _rows(page: Path) -> list[str]:
    rows = re.findall(r"<tr[ >].*?</tr>", page.read_text(encoding="utf-8"))
    return [r for r in rows if "<th " not in r]  # not the tables' heads


def test_a_page_per_coordinator_linked_from_the_index(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _site(cli, plans_repo, site).exit_code == 0
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(coordinators/c-[0-9a-f]{10}\.html)">([^<]+)</a>', index)
    assert sorted(name for _href, name in links) == ["Jonas Holm", "Kari Hansen", "Mia Thomsen"]
    for href, name in links:
        page = (site / href).read_text(encoding="utf-8")
        assert f"<h1>Koordinator: {name}</h1>" in page
        listed = set(re.findall(r'href="\.\./plans/(p-\d{4})\.html"', page))
        theirs = {r for r in _rows(site / "index.html") if f">{name}<" in r}
        assert listed == {re.search(r"p-\d{4}", r).group() for r in theirs}  # type: ignore[union-attr]
        assert 'href="../style.css"' in page and 'src="../site.js"' in page


def test_the_deadlines_in_a_week_a_month_and_all(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _site(cli, plans_repo, site, "--lang", "en").exit_code == 0
    week, month, every = (_rows(site / n) for n in ("due-week.html", "due.html", "due-all.html"))
    assert set(week) <= set(month) <= set(every) and len(week) < len(month)
    for rows, days in ((week, 7), (month, 31)):
        for row in rows:
            if "late-flag" in row:  # what is late is in every window
                continue
            shown = re.search(r'<span class="date">([^<]+)</span>', row).group(1)  # type: ignore[union-attr]
            assert dt.datetime.strptime(shown, "%d %B %Y").date() <= TODAY + dt.timedelta(days=days)
    late = [r for r in every if "late-flag" in r]
    assert late and all(r in week for r in late)
    due = (site / "due.html").read_text(encoding="utf-8")
    # each window says how many rows it has, and the coordinators are jump links to their group
    assert f'<a href="due-week.html">Late and the next 7 days</a> <span class="count">({len(week)})' in due
    for anchor in re.findall(r'<a href="#(c-[0-9a-f]{10})">', due):
        assert f'<section id="{anchor}">' in due


def test_plan_pages_have_anchors_and_link_the_persons_version(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert _site(cli, plans_repo, site).exit_code == 0
    staff = (site / "plans" / "p-0042.html").read_text(encoding="utf-8")
    for anchor in ("person", "participants", "theme-daily_living", "goal-g1", "measure-m1", "signatures"):
        assert f'id="{anchor}"' in staff, anchor
    toc = re.search(r'<nav class="toc".*?</nav>', staff).group()  # type: ignore[union-attr]
    assert all(f'id="{a}"' in staff for a in re.findall(r'href="#([^"]+)"', toc))
    assert '<a href="p-0042.citizen.html">Personens versjon</a>' in staff
    assert ".pdf" not in staff  # no PDF was made: no link to one
    person = (site / "plans" / "p-0042.citizen.html").read_text(encoding="utf-8")
    assert '<a href="p-0042.html">Hele planen</a>' in person and "Målene mine" in person


def test_the_filter_script_needs_nothing_from_outside(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _site(cli, plans_repo, site).exit_code == 0
    script = (site / "site.js").read_text(encoding="utf-8")
    assert not re.search(r"https?:|import\(|fetch\(|XMLHttpRequest", script)
    for page in ("index.html", "due.html", "due-week.html", "due-all.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert '<script src="site.js" defer></script>' in text and 'data-filter="Søk i listen:"' in text
        assert "<input" not in text  # the box comes with the script: without it, no dead control


@pytest.mark.slow
def test_render_all_pdf_writes_the_site_with_pdfs_beside_it(
    cli: Cli, plans_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typst

    real = typst.compile

    def failing(*args: Any, **kwargs: Any) -> Any:
        if "p-0051" in kwargs["sys_inputs"]["doc"]:
            raise typst.TypstError("layout failed", "")
        return real(*args, **kwargs)

    monkeypatch.setattr(typst, "compile", failing)
    site = tmp_path / "site"
    result = _site(cli, plans_repo, site, "--format", "pdf")
    assert result.exit_code == 1, result.stderr
    assert "plans/nordvik/p-0051.yaml: not written: the PDF could not be made: layout failed" in result.stderr
    made = sorted(p.stem for p in (site / "plans").glob("*.pdf"))
    assert made == [p for p in PLANS if p != "p-0051"]
    assert (site / "index.html").exists() and (site / "due.html").exists()
    for plan in PLANS:  # every plan has its pages; each links to its PDF only where one was made
        page = (site / "plans" / f"{plan}.html").read_text(encoding="utf-8")
        assert (f'href="{plan}.pdf"' in page) == (plan != "p-0051"), plan
        assert (site / "plans" / f"{plan}.citizen.html").exists()
