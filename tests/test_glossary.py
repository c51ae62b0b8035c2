"""One word per concept (docs/glossary.md): no catalogue uses a word the glossary forbids for its
language, and quoted words use the language's own quotation marks («…» in nb and nn, »…« in da);
straight quotes only where the user types them (TOML, YAML, the shell)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
LANGS = ("en", "nb", "nn", "da")
# what may stand before a straight-quoted span: an option, a TOML/YAML key or list, `-m`, an
# example of a value to type (`for eksempel "templates"`), another value of a list (`, "6 uker"`)
CODE_BEFORE = re.compile(r"(--[\w-]+ |=\s?|-m |user\.name |\[|, |: |eksempel |dømes |fx |\{\{ |\()$")
# a value written as code: one lowercase ASCII token ("error", "no-ip"), or a shell substitution
CODE_VALUE = re.compile(r"[a-z0-9_.:/@+-]+|\$\(.*\)")
STRAIGHT = re.compile(r'"([^"]*)"')


def forbidden() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    """The glossary's table "Forbidden words": lang -> (pattern, the word to use)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Forbidden words", 1)[1]
    rules: dict[str, list[tuple[re.Pattern[str], str]]] = {lang: [] for lang in LANGS}
    for line in table.splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) != 4 or cells[0] not in LANGS:
            continue
        pattern = cells[1].strip("`")
        rules[cells[0]].append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), cells[2]))
    return rules


def messages(lang: str) -> list[tuple[str, str]]:
    with (ROOT / "ipcli" / "locale" / lang / "LC_MESSAGES" / "ipcli.po").open("rb") as f:
        catalogue = read_po(f)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        found += [(key, s) for s in strings if s]
    return found


def test_the_glossary_table_is_read() -> None:
    rules = forbidden()
    assert all(rules[lang] for lang in LANGS) and len(rules["da"]) >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalogue_uses_a_forbidden_word(lang: str) -> None:
    rules = forbidden()[lang]
    bad = [
        f"{key}: {pattern.search(text).group(0)!r} (use {use})"  # type: ignore[union-attr]
        for key, text in messages(lang)
        for pattern, use in rules
        if pattern.search(text)
    ]
    assert not bad, "\n".join(bad)


def straight_quoted_words(text: str) -> list[str]:
    """The straight-quoted spans in a message that are prose, not something to type."""
    found = []
    for match in STRAIGHT.finditer(text):
        before = text[: match.start()]
        if before.count("`") % 2 or CODE_BEFORE.search(before) or CODE_VALUE.fullmatch(match.group(1)):
            continue
        found.append(match.group(0))
    return found


@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
def test_quoted_words_use_the_languages_quotation_marks(lang: str) -> None:
    bad = [f"{key}: {q}" for key, text in messages(lang) for q in straight_quoted_words(text)]
    assert not bad, "\n".join(bad)
    if lang == "da":  # Danish opens with » and closes with «; «…» is Norwegian
        norwegian = [key for key, text in messages(lang) if re.search(r"(?:^|[\s(\[:;,/])«(?=[\w{$])", text)]
        assert not norwegian, norwegian
    else:
        danish = [key for key, text in messages(lang) if re.search(r"(?:^|[\s(\[:;,/])»(?=[\w{$])", text)]
        assert not danish, danish


def test_the_check_finds_what_it_should() -> None:
    """The checks themselves, on words the glossary forbids."""
    rules = dict.fromkeys(LANGS, False)
    for lang, text in [("nb", "peker ut av repositoriet"), ("nn", "Kven du kan ringja"),
                       ("nb", "Planarkivet"), ("nn", "det vert ikkje laga"),
                       ("da", "temaet har en fokusområdeaftale"), ("en", "a git folder")]:  # fmt: skip
        assert any(p.search(text) for p, _ in forbidden()[lang]), (lang, text)
        rules[lang] = True
    assert not any(p.search("handleplansmødet") for p, _ in forbidden()["da"])
    assert not any(p.search("Henvisning") for p, _ in forbidden()["nb"])
    assert not any(p.search("en PDF/A for arkivering") for p, _ in forbidden()["nb"])
    assert straight_quoted_words('"{answer}" er ikke en dato') == ['"{answer}"']
    assert straight_quoted_words('planen har allerede et mål "{goal}"') == ['"{goal}"']
    assert straight_quoted_words('{code} må være "error" (feil)') == []
    assert straight_quoted_words('git config --global user.name "Ditt navn"') == []
