"""`ipcli due` at the widths coordinators' terminals have (60, 80, 100, 160 columns) and piped:
golden output, and for every width: no line past the edge, no word or plan id split, no item
dropped. Update the goldens with `pytest tests/test_due_layout.py --update-goldens`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli

GOLDEN = Path(__file__).parent / "golden" / "due"
TODAY = ["--today", PINNED_TODAY]


def _check_golden(name: str, text: str, update: bool) -> None:
    file = GOLDEN / name
    if update:
        file.write_text(text, encoding="utf-8")
    assert text == file.read_text(encoding="utf-8"), (
        f"{name} differs; rerun with --update-goldens and read the diff"
    )


def _items(cli: Cli, repo: Path) -> list[dict[str, object]]:
    return json.loads(cli(["due", *TODAY, "-f", "json"], cwd=repo).stdout)["items"]  # type: ignore[no-any-return]


def _every_item_whole(out: str, items: list[dict[str, object]]) -> None:
    """Every item's date, plan id and action appear unbroken (lines joined at their breaks)."""
    flat = " ".join(out.split())
    for item in items:
        for part in (item["date"], item["plan"], item["what"]):
            assert str(part) in flat, part
    assert flat.count(" 20") >= len(items)


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_table_at_each_width(cli: Cli, plans_repo: Path, update_goldens: bool, width: int) -> None:
    result = cli(["due", *TODAY, "-f", "table"], cwd=plans_repo, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    _check_golden(f"table-{width}.txt", out, update_goldens)
    assert all(len(line) <= width for line in out.splitlines())
    _every_item_whole(out, _items(cli, plans_repo))


def test_narrow_is_two_lines_per_item_and_wide_is_one(cli: Cli, plans_repo: Path) -> None:
    def lines(width: int) -> list[str]:
        out = cli(["due", *TODAY, "-f", "table"], cwd=plans_repo, env={"COLUMNS": str(width)}).stdout
        return out.splitlines()

    narrow = lines(80)
    starts = [line for line in narrow if line.startswith("  20")]
    assert len(starts) == 28
    # the place in the file is shortened to the file's own name on the item's first line
    assert starts[0].endswith("  p-0107.yaml:76") and "plans/solbakken" not in "\n".join(narrow)
    # at 100 the whole path fits
    assert any(line.endswith("  plans/solbakken/p-0107.yaml:76") for line in lines(100))
    wide = lines(160)
    wanted = '  2026-11-20  3 days overdue    p-0042  Ola Nordmann    evaluate the goal "Holde'
    assert wanted in "\n".join(wide)


def test_piped_prints_one_line_per_item(cli: Cli, plans_repo: Path, update_goldens: bool) -> None:
    result = cli(["due", *TODAY], cwd=plans_repo)
    _check_golden("piped.txt", result.stdout, update_goldens)
    items = _items(cli, plans_repo)
    assert sum(line.startswith("  20") for line in result.stdout.splitlines()) == len(items) == 28
    # COLUMNS=0 (as some shells and CI runners set it) means no width: every item is printed
    zero = cli(["due", *TODAY], cwd=plans_repo, env={"COLUMNS": "0"})
    assert zero.stdout == result.stdout
    table = cli(["due", *TODAY, "-f", "table"], cwd=plans_repo, env={"COLUMNS": "0"})
    _every_item_whole(table.stdout, items)  # a table into a pipe: 80 columns


def test_text_follows_columns_when_set(cli: Cli, plans_repo: Path) -> None:
    text = cli(["due", *TODAY, "-f", "text"], cwd=plans_repo, env={"COLUMNS": "80"}).stdout
    table = cli(["due", *TODAY, "-f", "table"], cwd=plans_repo, env={"COLUMNS": "80"}).stdout
    assert text == table  # without colour on a pipe, the same lines


@pytest.mark.slow
def test_long_names_and_words_wrap_at_spaces_only(cli: Cli, plans_repo: Path) -> None:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "  name: Ola Nordmann\n", "  name: Ola Kristoffer Bjørnstjerne Nordmann-Haraldsen\n", 1
        ),
        encoding="utf-8",
    )
    for width in (40, 60, 80, 120, 160):
        out = cli(["due", *TODAY, "-f", "table"], cwd=plans_repo, env={"COLUMNS": str(width)}).stdout
        words = out.split()
        assert "Nordmann-Haraldsen" in words and "p-0042" in words, width
        assert all(len(line) <= width for line in out.splitlines()), width
        _every_item_whole(out, _items(cli, plans_repo))


def test_colour_marks_overdue_items() -> None:
    from ipcli.output.layout import Entry, Layout, sizes

    entries = [
        Entry(
            "2026-11-20", "3 days overdue", "p-0042", "O.N.", "evaluate goal g2", "a.yaml:1", "a.yaml:1", True
        ),
        Entry("2026-11-30", "in 7 days", "p-0042", "O.N.", "evaluate goal g3", "a.yaml:2", "a.yaml:2"),
    ]
    lines = list(Layout(80, color=True).entries(entries, sizes(entries)))
    assert lines[0].startswith("\x1b[31m") and lines[0].endswith("\x1b[0m")
    assert "\x1b" not in "".join(lines[2:])


def test_readme_and_help_show_the_narrow_layout_and_the_problem_report(cli: Cli) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ ipcli due --repo examples --today 2026-11-23\n")
    session = readme[start : readme.index("```", start)].split("\n", 1)[1]
    real = cli(["due", "--repo", "examples", *TODAY, "-f", "table"], cwd=ROOT, env={"COLUMNS": "80"})
    assert session == real.stdout + real.stderr  # the README shows what an 80-column terminal shows
    start = readme.index("$ ipcli due --repo examples --today 2026-11-23 --lang nb --plan p-0042\n")
    session = readme[start : readme.index("```", start)].split("\n", 1)[1]
    args = ["due", "--repo", "examples", *TODAY, "--lang", "nb", "--plan", "p-0042", "-f", "table"]
    real = cli(args, cwd=ROOT, env={"COLUMNS": "80"})
    assert session == real.stdout + real.stderr  # and the bokmål one (it had gone stale)
    assert "must be fixed     p-0042" in readme and "cannot be read    p-0113" in readme
    help_text = cli(["due", "--help"], env={"COLUMNS": "100"}).stdout
    assert "p-0107.yaml:176" in help_text and "must be fixed" in help_text and "cannot be read" in help_text


def test_a_long_text_is_cut_after_a_whole_word() -> None:
    """A goal's text in a report line ends after a whole word with "…" (`vite hvem jeg…`, not
    `vite hvem jeg s…`); a word that fills the line alone is cut where the line ends."""
    from ipcli.language.text import short

    goal = "Forstå brev fra NAV og kommunen selv, eller vite hvem jeg spør om hjelp."
    assert short(goal) == "Forstå brev fra NAV og kommunen selv, eller vite hvem jeg…"
    assert short("Kle på meg selv, om morgenen og om kvelden.", 18) == "Kle på meg selv…"  # no comma
    assert short("a" * 70) == "a" * 59 + "…"
    assert short("Kort tekst.") == "Kort tekst."
