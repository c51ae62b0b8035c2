"""The slips people make writing a plan, each named in the reader's language with the fix
(issue 27, item 3): a Tab anywhere, a bracket or quote left open, a date written by hand or with
a word processor's dash, typographic quote marks, a non-breaking space from Word, a key at the
wrong indentation. End to end through `ipcli lint` on the example plans in a real git
repository, in en, nb, nn and da; and no English words of libyaml's ever reach a reader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PINNED_TODAY, Cli
from lsp_session import Session, run, uri_of
from lsprotocol import types as t

P42 = Path("plans/nordvik/p-0042.yaml")
LANGS = ("en", "nb", "nn", "da")


def _write_slip(repo: Path, old: str, new: str, marker: str) -> tuple[int, int]:
    """Put one slip into p-0042 (its first `old` becomes `new`); the 1-based line and column of
    `marker` in the new text, where the finding must point."""
    file = repo / P42
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    file.write_bytes(text.encode("utf-8"))
    at = text.index(marker, text.index(new))
    start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - start + 1


def _lint(cli: Cli, repo: Path, lang: str, *paths: str) -> tuple[int, list[dict[str, Any]], str]:
    result = cli(
        ["lint", *(paths or (str(P42),)), "--today", PINNED_TODAY, "--lang", lang, "-f", "json"], cwd=repo
    )
    return result.exit_code, json.loads(result.stdout)["findings"], result.stdout + result.stderr


# (name, old text, the slip, where the finding points, code, words of message and hint per language)
SLIPS: list[tuple[str, str, str, str, str, dict[str, tuple[str, ...]]]] = [
    (
        "tab-at-the-start-of-a-line",  # libyaml: "found character that cannot start any token"
        "  name: Ola Nordmann\n",
        "\tname: Ola Nordmann\n",
        "\tname",
        "IP002",
        {
            "en": ("tab character", "spaces"),
            "nb": ("tabulatortegn", "mellomrom, ikke tabulator"),
            "nn": ("tabulatorteikn", "mellomrom, ikkje tabulator"),
            "da": ("tabulatortegn", "mellemrum, ikke tabulator"),
        },
    ),
    (
        "bracket-never-closed",
        "covers: [per, lise, nav, randi, hjemmetj]",
        "covers: [per, lise, nav, randi, hjemmetj",
        "[per",
        "IP002",
        {
            "en": ('the "["', "line {line}", 'never closed with "]"', 'write "]" after the last item'),
            "nb": ("«[»", "linje {line}", "aldri lukket med «]»", "skriv «]» etter det siste"),
            "nn": ("«[»", "linje {line}", "aldri lukka med «]»", "skriv «]» etter det siste"),
            "da": ("»[«", "linje {line}", "aldrig lukket med »]«", "skriv »]« efter det sidste"),
        },
    ),
    (
        "quote-never-closed",
        "    name: Lise Berg\n",
        '    name: "Lise Berg\n',
        '"Lise',
        "IP002",
        {
            "en": ('quote mark "', "line {line}", "never closed", "close the quote"),
            "nb": ('anførselstegnet "', "linje {line}", "aldri lukket", "lukk anførselstegnet"),
            "nn": ('hermeteiknet "', "linje {line}", "aldri lukka", "lukk hermeteiknet"),
            "da": ('anførselstegnet "', "linje {line}", "aldrig lukket", "luk anførselstegnet"),
        },
    ),
    (
        "no-space-after-a-colon",
        "coordinator: kari\n",
        "coordinator:kari\n",
        "kari",
        "IP002",
        {
            "en": ("no space after the colon", "write a space after the colon: `coordinator: kari`"),
            "nb": ("ikke mellomrom etter kolonet", "skriv et mellomrom etter kolonet: `coordinator: kari`"),
            "nn": ("ikkje mellomrom etter kolonet", "skriv eit mellomrom etter kolonet: `coordinator: kari`"),
            "da": (
                "intet mellemrum efter nøglens kolon",
                "skriv et mellemrum efter kolonet: `coordinator: kari`",
            ),
        },
    ),
    (
        "date-day-first",
        "referred: 2025-01-06",
        "referred: 6.1.2025",
        "6.1.2025",
        "IP105",
        {
            "en": ('"6.1.2025"', "day first", "write 2025-01-06"),
            "nb": ("«6.1.2025»", "dagen først", "skriv 2025-01-06"),
            "nn": ("«6.1.2025»", "dagen først", "skriv 2025-01-06"),
            "da": ("»6.1.2025«", "dagen først", "skriv 2025-01-06"),
        },
    ),
    (
        "date-with-en-dashes",
        "work_started: 2025-01-20",
        "work_started: 2025\u201301\u201320",
        "2025\u2013",
        "IP105",
        {
            "en": ("dash (–)", "hyphen (-)", "write 2025-01-20"),
            "nb": ("tankestrek (–)", "bindestrek (-)", "skriv 2025-01-20"),
            "nn": ("tankestrek (–)", "bindestrek (-)", "skriv 2025-01-20"),
            "da": ("tankestreg (–)", "bindestreg (-)", "skriv 2025-01-20"),
        },
    ),
    (
        "name-in-typographic-quotes",
        "    name: Per Olsen\n",
        "    name: \u201cPer Olsen\u201d\n",
        "\u201cPer",
        "IP604",
        {
            "en": ("“…”", "not read as quote marks", 'straight quotes, "Per Olsen"'),
            "nb": ("“…”", "ikke leser som anførselstegn", 'rette anførselstegn, "Per Olsen"'),
            "nn": ("“…”", "ikkje les som hermeteikn", 'rette hermeteikn, "Per Olsen"'),
            "da": ("“…”", "ikke læser som anførselstegn", 'lige anførselstegn, "Per Olsen"'),
        },
    ),
    (
        "guillemets-around-a-text-with-a-colon",
        "    notes: NAV starter arbeidsevnevurdering.",
        "    notes: «NAV sier: vi starter»",
        "«NAV",
        "IP002",
        {
            "en": ("« is no quote mark", 'straight quotes (") instead of «'),
            "nb": ("« er ikke et anførselstegn", 'rette anførselstegn (") i stedet for «'),
            "nn": ("« er ikkje eit hermeteikn", 'rette hermeteikn (") i staden for «'),
            "da": ("« er ikke et anførselstegn", 'lige anførselstegn (") i stedet for «'),
        },
    ),
    (
        "guillemets-around-a-text-with-a-hash",
        "    notes: NAV starter arbeidsevnevurdering.",
        "    notes: «Kino med #1 ønske»",
        "#1",
        "IP605",
        {
            "en": ("#1 ønske»", "« is no quote mark", 'straight quotes (")'),
            "nb": ("#1 ønske»", "« er ikke et anførselstegn", 'rette anførselstegn (")'),
            "nn": ("#1 ønske»", "« er ikkje eit hermeteikn", 'rette hermeteikn (")'),
            "da": ("#1 ønske»", "« er ikke et anførselstegn", 'lige anførselstegn (")'),
        },
    ),
    (
        "no-break-space-after-a-colon",
        "  name: Ola Nordmann\n",
        "  name:\u00a0Ola Nordmann\n",
        "\u00a0Ola",
        "IP002",
        {
            "en": ("non-breaking space after the colon", "ordinary space"),
            "nb": ("hardt mellomrom etter kolonet", "vanlig mellomrom"),
            "nn": ("hardt mellomrom etter kolonet", "vanleg mellomrom"),
            "da": ("hårdt mellemrum efter kolonet", "almindeligt mellemrum"),
        },
    ),
    (
        "no-break-space-in-the-indentation",
        "    where: Arkiv 2025/0789",
        "\u00a0   where: Arkiv 2025/0789",
        "\u00a0   where",
        "IP607",
        {
            "en": ("non-breaking space in the indentation", "ordinary spaces"),
            "nb": ("hardt mellomrom i innrykket", "vanlige mellomrom"),
            "nn": ("hardt mellomrom i innrykket", "vanlege mellomrom"),
            "da": ("hårdt mellemrum i indrykningen", "almindelige mellemrum"),
        },
    ),
    (
        "key-indented-too-little",
        "      staff: Trenger hjelp til av- og påkledning",
        "    staff: Trenger hjelp til av- og påkledning",
        "staff: Trenger",
        "IP101",
        {
            "en": (
                '"staff"',
                '"Daily living"',
                "indented too little",
                'under "situation"',
                'as far as "citizen"',
            ),
            "nb": ("«staff»", "«Daglige gjøremål»", "for lite innrykk", "under «situation»", "som «citizen»"),
            "nn": ("«staff»", "«Daglege gjeremål»", "for lite innrykk", "under «situation»", "som «citizen»"),
            "da": ("»staff«", "»Dagligdag«", "rykket for lidt ind", "under »situation«", "som »citizen«"),
        },
    ),
    (
        "key-indented-too-far",
        "      staff: Redusert kontroll",
        "      focus_agreement: later\n      staff: Redusert kontroll",
        "focus_agreement",
        "IP101",
        {
            "en": ('"focus_agreement"', "indented too far", '"Health"', 'beside "situation"'),
            "nb": ("«focus_agreement»", "for mye innrykk", "«Helse»", "ved siden av «situation»"),
            "nn": ("«focus_agreement»", "for mykje innrykk", "«Helse»", "ved sida av «situation»"),
            "da": ("»focus_agreement«", "rykket for langt ind", "»Helbred«", "ved siden af »situation«"),
        },
    ),
    (
        "unknown-key-in-a-theme",
        "  - theme: health\n",
        "  - theme: health\n    foo: 1\n",
        "foo: 1",
        "IP101",
        {
            "en": ('unknown key "foo"', 'in the theme "Health"'),
            "nb": ("ukjent nøkkel «foo»", "i livsområdet «Helse»"),
            "nn": ("ukjend nøkkel «foo»", "i livsområdet «Helse»"),
            "da": ("ukendt nøgle »foo«", "i temaet »Helbred«"),
        },
    ),
    (
        "a-value-begins-with-an-at-sign",
        "    title: fysioterapeut",
        "    title: @fysioterapeut",
        "@",
        "IP002",
        {
            "en": ('begin with "@"', 'straight quotes (")'),
            "nb": ("begynner med «@»", 'rette anførselstegn (")'),
            "nn": ("byrjar med «@»", 'rette hermeteikn (")'),
            "da": ("begynder med »@«", 'lige anførselstegn (")'),
        },
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "marker", "code", "words"), [s[1:] for s in SLIPS], ids=[s[0] for s in SLIPS]
)
def test_each_slip_is_named_at_its_place_with_the_fix_in_each_language(
    cli: Cli, plans_repo: Path, old: str, new: str, marker: str, code: str, words: dict[str, tuple[str, ...]]
) -> None:
    line, col = _write_slip(plans_repo, old, new, marker)
    for lang in LANGS:
        exit_code, findings, out = _lint(cli, plans_repo, lang)
        assert exit_code == 1, (lang, out)
        found = [f for f in findings if f["code"] == code and (f["line"], f["col"]) == (line, col)]
        assert found, (lang, line, col, findings)
        said = found[0]["message"] + " — " + found[0]["hint"]
        for word in words[lang]:
            assert word.format(line=line) in said, (lang, word, said)
        assert not _english_of_libyaml(out), (lang, out)


# Every problem and context text of libyaml's scanner, parser and composer (PyYAML 6.0.4's
# bundled libyaml, and PyYAML's own Python reader/scanner/parser/composer where it differs).
LIBYAML_PROBLEMS = (
    "block sequence entries are not allowed in this context",
    "could not find expected ':'",
    "could not find expected directive name",
    "did not find URI escaped octet",
    "did not find expected '!'",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "did not find expected '-' indicator",
    "did not find expected <document start>",
    "did not find expected alphabetic or numeric character",
    "did not find expected comment or line break",
    "did not find expected digit or '.' character",
    "did not find expected hexdecimal number",
    "did not find expected key",
    "did not find expected node content",
    "did not find expected tag URI",
    "did not find expected version number",
    "did not find expected whitespace",
    "did not find expected whitespace or line break",
    "did not find the expected '>'",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found an incorrect leading UTF-8 octet",
    "found an incorrect trailing UTF-8 octet",
    "found an indentation indicator equal to 0",
    "found character that cannot start any token",
    "found duplicate %TAG directive",
    "found duplicate %YAML directive",
    "found extremely long version number",
    "found incompatible YAML document",
    "found invalid Unicode character escape code",
    "found undefined tag handle",
    "found unexpected ':'",
    "found unexpected document indicator",
    "found unexpected end of stream",
    "found unexpected non-alphabetical character",
    "found unknown directive name",
    "found unknown escape character",
    "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context",
    "found undefined alias",
    "found duplicate anchor; first occurrence",
    "but found another document",
    "expected <block end>, but found '<scalar>'",
    "expected the node content, but found '<block end>'",
)
LIBYAML_CONTEXTS = (
    "while parsing a %TAG directive",
    "while parsing a block collection",
    "while parsing a block mapping",
    "while parsing a block node",
    "while parsing a flow mapping",
    "while parsing a flow node",
    "while parsing a flow sequence",
    "while parsing a node",
    "while parsing a quoted scalar",
    "while parsing a tag",
    "while scanning a %TAG directive",
    "while scanning a %YAML directive",
    "while scanning a block scalar",
    "while scanning a directive",
    "while scanning a plain scalar",
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while scanning a tag",
    "while scanning an alias",
    "while scanning an anchor",
    "while scanning for the next token",
    "expected a single document in the stream",
    "while increasing block level",
    "while increasing flow level",
)
# libyaml's English, as a reader would see it: the phrases its messages are made of
ENGLISH = (
    "could not find expected",
    "found character",
    "did not find expected",
    "did not find the expected",
    "did not find URI",
    "mapping values are not allowed",
    "mapping keys are not allowed",
    "block sequence entries",
    "while scanning",
    "while parsing",
    "while increasing",
    "found unexpected",
    "found undefined",
    "found unknown",
    "found duplicate",
    "found a tab",
    "found an ",
    "found incompatible",
    "found extremely",
    "found invalid",
    "but found another",
    "expected a single document",
    "expected <block end>",
    "expected the node content",
    "cannot start any token",
    "first occurrence",
    "second occurrence",
    "<unicode string>",
    "exceeded maximum",
    "control characters are not allowed",
)


def _english_of_libyaml(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


# files no YAML reader can read, one libyaml problem each (and the slips behind them)
BROKEN = {
    "tab-only-indent": "schema: ipcli/plan/1\nperson:\n\tname: x\n",
    "tab-in-list": "schema: ipcli/plan/1\nthemes:\n\t- theme: health\n",
    "tab-after-key": "schema: ipcli/plan/1\nid: p\n\tname: x\n",
    "bracket": "schema: ipcli/plan/1\ncovers: [per, lise\nid: p\n",
    "brace": "schema: ipcli/plan/1\nperiod: {start: 2025-01-01\nid: p\n",
    "inside-brackets": "schema: ipcli/plan/1\ncovers: [per: kari: ola]\n",
    "double-quote": 'schema: ipcli/plan/1\nid: "p-1\nstatus: active\n',
    "single-quote": "schema: ipcli/plan/1\nid: 'p-1\n",
    "quote-then-text": 'schema: ipcli/plan/1\nid: "p-1" x\n',
    "at-sign": "schema: ipcli/plan/1\nid: @p\n",
    "backtick": "schema: ipcli/plan/1\nid: `p`\n",
    "percent": "schema: ipcli/plan/1\n%p\n",
    "directive-twice": "%YAML 1.1\n%YAML 1.1\n---\nschema: ipcli/plan/1\n",
    "unknown-directive": "%FOO bar\n---\nschema: ipcli/plan/1\n",
    "alias": "schema: ipcli/plan/1\nid: *p\n",
    "anchor-alone": "schema: ipcli/plan/1\nid: &\n",
    "anchor-twice": "schema: ipcli/plan/1\nid: &p a\nstatus: &p b\n",
    "colon-in-value": "schema: ipcli/plan/1\nid: p: 1\n",
    "colon-in-curly-quotes": "schema: ipcli/plan/1\nnotes: \u201cHun sa: nei\u201d\n",
    "dash-here": "schema: ipcli/plan/1\nid: - p\n",
    "question-mark": "schema: ipcli/plan/1\n? a\n? b\n: c\n- d\n",
    "lost-list-dash": "schema: ipcli/plan/1\nthemes:\n  - theme: a\n  goals: []\n",
    "two-documents": "schema: ipcli/plan/1\n---\nid: p\n",
    "escape": 'schema: ipcli/plan/1\nid: "a\\qb"\n',
    "unicode-escape": 'schema: ipcli/plan/1\nid: "\\uZZZZ"\n',
    "block-header-zero": "schema: ipcli/plan/1\nnotes: |0\n  x\n",
    "block-header-text": "schema: ipcli/plan/1\nnotes: |x\n  y\n",
    "tag-unclosed": "schema: ipcli/plan/1\nid: !<x\n",
    "tag-handle": "schema: ipcli/plan/1\nid: !x!y z\n",
    "close-brace": "schema: ipcli/plan/1\nid: }\n",
    "document-end-inside": "schema: ipcli/plan/1\nid: [\n...\n",
    "list-in-group": "schema: ipcli/plan/1\nid: p\n- b\n",
    "line-without-colon": "schema: ipcli/plan/1\nid: p\nstatus\nlanguage: nb\n",
    "indented-more": "schema: ipcli/plan/1\nperson:\n  name: x\n    born: 2\n",
    "block-after": "schema: ipcli/plan/1\nnotes: |\n  x\n b: 1\n",
    "flow-then-text": "schema: ipcli/plan/1\ncovers: [a, b]x\n",
    "document-start-twice": "--- a\n--- b\n",
    "no-break-space": "schema: ipcli/plan/1\nperson:\n  name:\u00a0Ola\n  born: 2004\n",
    "long-key": "schema: ipcli/plan/1\n" + "k" * 1100 + ": 1\n",
}


@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
def test_no_english_words_of_libyaml_reach_the_reader(cli: Cli, plans_repo: Path, lang: str) -> None:
    folder = plans_repo / "plans" / "broken"
    folder.mkdir()
    for name, text in BROKEN.items():
        (folder / f"{name}.yaml").write_bytes(text.encode("utf-8"))
    exit_code, findings, out = _lint(cli, plans_repo, lang, "plans/broken")
    assert exit_code == 1
    assert not _english_of_libyaml(out), out
    unread = {f["path"].rsplit("/", 1)[-1][:-5] for f in findings if f["code"] in ("IP002", "IP008")}
    assert unread == set(BROKEN), set(BROKEN) - unread
    # each names what it is in words of its own, not the general "cannot be read from here"
    general = {"nb": "kan ikke leses herfra", "nn": "kan ikkje lesast herfrå", "da": "kan ikke læses herfra"}
    assert general[lang] not in out, out


def test_every_libyaml_problem_has_words_of_its_own() -> None:
    from ipcli.plan.findings import words
    from ipcli.plan.slips import explain

    text = "id: p\nstatus: active\n"
    for problem in LIBYAML_PROBLEMS:
        found = explain(problem, "", text, (1, 0), (0, 4))
        assert not found.message.startswith("yaml.unreadable"), problem
        for lang in ("nb", "nn", "da", "en"):
            assert not _english_of_libyaml(words(found.message, lang) + words(found.hint, lang)), problem
    for context in LIBYAML_CONTEXTS:  # a problem it does not know, in a context it does
        found = explain("something new", context, text, (1, 0), (0, 4))
        for lang in ("nb", "nn", "da"):
            assert not _english_of_libyaml(words(found.message, lang) + words(found.hint, lang)), context
    unknown = explain("a problem no libyaml has yet", "", text, (1, 0), None)
    assert unknown.message == "yaml.unreadable_here" and (unknown.line, unknown.col) == (2, 1)


@pytest.mark.slow
def test_dates_written_by_hand_name_the_date_to_write(cli: Cli, plans_repo: Path) -> None:
    forms = {
        "1.2.2027": "2027-02-01",
        "01.06.2027": "2027-06-01",
        "1/2-2027": "2027-02-01",
        "1/2/2027": "2027-02-01",
        "1. 2. 2027": "2027-02-01",
        "2027\u201302\u201301": "2027-02-01",  # en dash
        "2027\u201402\u201301": "2027-02-01",  # em dash
        "2027\u221202\u221201": "2027-02-01",  # minus sign
        "2027.02.01": "2027-02-01",
    }
    old = "next_revision: 2026-12-10"
    for form, iso in forms.items():
        (plans_repo / P42).write_text(
            (plans_repo / P42).read_text(encoding="utf-8").replace(old, f"next_revision: {form}")
        )
        old = f"next_revision: {form}"
        _code, findings, _out = _lint(cli, plans_repo, "nb")
        [finding] = [f for f in findings if f["code"] == "IP105"]
        assert finding["hint"] == f"skriv {iso}", (form, finding)
    # not a day at all: the general message, no date to write
    (plans_repo / P42).write_text(
        (plans_repo / P42).read_text(encoding="utf-8").replace(old, "next_revision: 31.2.2027")
    )
    _code, findings, _out = _lint(cli, plans_repo, "nb")
    [finding] = [f for f in findings if f["code"] == "IP105"]
    assert "ikke en gyldig dato" in finding["message"] and "skriv datoer som ÅÅÅÅ-MM-DD" in finding["hint"]


def test_typed_day_reads_the_ways_people_write_a_date() -> None:
    from ipcli.language.calendar import typed_day

    assert typed_day("1.2.2027") == typed_day("1/2-2027") == typed_day("2027–02–01") == dt.date(2027, 2, 1)
    assert typed_day("31.12.2026") == dt.date(2026, 12, 31)
    for no in (
        "2027-02-01",
        "2027-02-30",
        "31.2.2027",
        "1.2.27",
        "13.13.2027",
        "1.2.1800",
        "p-0042",
        "",
        None,
        5,
    ):
        assert typed_day(no) is None, no


def test_a_name_in_typographic_quotes_is_printed_without_them(cli: Cli, plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("    name: Per Olsen\n", "    name: \u201cPer Olsen\u201d\n", 1), encoding="utf-8"
    )
    rendered = cli(["render", "p-0042", "--lang", "nb", "--today", PINNED_TODAY], cwd=plans_repo)
    assert rendered.exit_code == 0, rendered.stderr
    assert (
        "Per Olsen" in rendered.stdout
        and "\u201cPer" not in rendered.stdout
        and "Olsen\u201d" not in rendered.stdout
    )
    # marks meant as part of the text, inside straight quotes: kept, and no finding
    file.write_text(text.replace("    name: Per Olsen\n", '    name: "«Per» Olsen"\n', 1), encoding="utf-8")
    rendered = cli(["render", "p-0042", "--lang", "nb", "--today", PINNED_TODAY], cwd=plans_repo)
    assert "«Per» Olsen" in rendered.stdout
    _code, findings, _out = _lint(cli, plans_repo, "nb")
    assert not [f for f in findings if f["code"] == "IP604"]


@pytest.mark.slow  # a language server: about 1.6 s of CPU
def test_the_language_server_offers_the_date_to_write_as_a_quick_fix(plans_repo: Path) -> None:
    file = plans_repo / P42
    text = file.read_text(encoding="utf-8")
    slip = text.replace("referred: 2025-01-06", "referred: 6.1.2025", 1)

    async def scenario(s: Session) -> None:
        await s.open(file)
        found = await s.change(file, slip)
        bad = next(d for d in found if d.code == "IP105")
        result = await s.client.text_document_code_action_async(
            t.CodeActionParams(t.TextDocumentIdentifier(uri_of(file)), bad.range, t.CodeActionContext([bad]))
        )
        fix = next(a for a in result or [] if isinstance(a, t.CodeAction) and "2025-01-06" in a.title)
        assert fix.edit is not None and fix.edit.changes is not None
        [edit] = fix.edit.changes[uri_of(file)]
        lines = slip.split("\n")
        r = edit.range
        assert r.start.line == r.end.line
        lines[r.start.line] = (
            lines[r.start.line][: r.start.character] + edit.new_text + lines[r.start.line][r.end.character :]
        )
        fixed = "\n".join(lines)
        assert fixed == text
        assert not [d for d in await s.change(file, fixed) if d.code == "IP105"]

    run(plans_repo, scenario)
