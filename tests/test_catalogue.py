"""The message catalogue: every message the code and the templates use has all four
translations (en, nb, nn, da), with the same placeholders, and the shipped .mo files are the
compiled .po files. A new message fails here until every language has it."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from conftest import Cli

from ipcli.language import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ipcli" / "locale"
sys.path.insert(0, str(ROOT / "tools"))

import catalogue as tool  # noqa: E402  (tools/catalogue.py: the extract-update-compile cycle)

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _read(po: Path) -> Catalog:
    with po.open("rb") as f:
        return read_po(f)


def _keys(message: object) -> str:
    mid = message.id  # type: ignore[attr-defined]
    return mid[0] if isinstance(mid, tuple) else mid


def _same_value(names: list[str]) -> set[str]:
    """One value in two forms counts as one placeholder: `{iso}` is the `{date}` an English lint
    message has always shown as an ISO date, which the other languages write their own way;
    `{theme_words}` and `{role_term}` are the plan words (a theme's label, a role's name) for
    the `{theme}` and `{role}` English shows as the plan file writes them."""
    return {"date" if name == "iso" else name.removesuffix("_words").removesuffix("_term") for name in names}


def problems(locale: Path, used: set[str]) -> list[str]:
    """What is wrong with the catalogues under `locale`, given the keys the code uses."""
    out = []
    catalogues = {lang: _read(locale / lang / "LC_MESSAGES" / "ipcli.po") for lang in i18n.LANGS}
    every = set(used)
    for cat in catalogues.values():
        every |= {_keys(m) for m in cat if m.id}
    english = catalogues["en"]
    for lang, cat in catalogues.items():
        for key in sorted(every):
            message = cat.get(key) or next((m for m in cat if m.id and _keys(m) == key), None)
            if message is None:
                out.append(f"{lang}: {key} is missing")
                continue
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(forms):
                out.append(f"{lang}: {key} has no translation")
            if message.fuzzy:
                out.append(f"{lang}: {key} is marked fuzzy (check it, then remove the flag)")
            source = english.get(message.id)
            if source is not None and lang != "en":
                want = _same_value(PLACEHOLDER.findall(str(source.string)))
                have = _same_value(PLACEHOLDER.findall(str(forms)))
                if want != have:
                    out.append(f"{lang}: {key} has placeholders {sorted(have)}, English {sorted(want)}")
    return out


@pytest.fixture(scope="module")
def used_keys(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "ipcli.pot"
    tool.extract(pot)
    return {_keys(m) for m in _read(pot) if m.id}


@pytest.mark.slow
def test_every_message_has_all_four_translations(used_keys: set[str]) -> None:
    assert len(used_keys) > 100
    assert problems(LOCALE, used_keys) == []


def test_a_missing_translation_fails(tmp_path: Path, used_keys: set[str]) -> None:
    """The check itself: one nb message emptied, one da message removed, one key only in code."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    nb = copy / "nb" / "LC_MESSAGES" / "ipcli.po"
    nb.write_text(
        nb.read_text(encoding="utf-8").replace('msgstr "Individuell plan"', 'msgstr ""', 1), encoding="utf-8"
    )
    da = copy / "da" / "LC_MESSAGES" / "ipcli.po"
    da.write_text(
        da.read_text(encoding="utf-8").replace('msgid "my_plan"\nmsgstr "Min plan"\n', ""), encoding="utf-8"
    )
    found = problems(copy, used_keys | {"a.new.message"})
    assert "nb: plan has no translation" in found
    assert "da: my_plan is missing" in found
    assert {f"{lang}: a.new.message is missing" for lang in i18n.LANGS} <= set(found)


def test_the_shipped_mo_files_are_the_po_files_compiled() -> None:
    for lang in i18n.LANGS:
        i18n.catalogue.cache_clear()
        compiled = i18n.catalogue(lang)
        source = {}
        for m in _read(LOCALE / lang / "LC_MESSAGES" / "ipcli.po"):
            if m.id:
                source[_keys(m)] = m.string if isinstance(m.string, str) else tuple(m.string)
        assert compiled == source, f"{lang}: run `python tools/catalogue.py compile`"


def test_the_language_of_a_run() -> None:
    env = {"LANG": "da_DK.UTF-8"}
    assert i18n.choose("nn", "da", env) == "nn"  # --lang wins
    assert i18n.choose(None, "da", {"LANG": "nb_NO.UTF-8"}) == "da"  # then ipcli.toml
    assert i18n.choose(None, None, env) == "da"  # then the environment
    assert i18n.choose(None, None, {"LC_ALL": "nn_NO.UTF-8", "LANG": "da_DK"}) == "nn"
    assert i18n.choose(None, None, {"LC_MESSAGES": "no_NO", "LANG": "en_GB"}) == "nb"
    assert i18n.choose(None, None, {"LANG": "no"}) == "nb"
    assert i18n.choose(None, None, {"LANG": "C.UTF-8"}) == "en"
    assert i18n.choose(None, None, {}) == "en"


def test_plurals_and_values() -> None:
    assert i18n.tr("status.active", "da") == "aktiv"
    assert i18n.tr("no.such.key", "nb") == "no.such.key"


def test_every_command_names_lang_in_its_help(cli: Cli) -> None:
    from ipcli.cli.main import COMMANDS

    for name in COMMANDS:
        result = cli([name, "--help"])
        assert "--lang" in result.stdout, name


def test_a_bad_lang_is_a_usage_error(cli: Cli) -> None:
    result = cli(["rules", "--lang", "sv"])
    assert result.exit_code == 2
    assert '--lang "sv" is not one of: en, nb, nn, da' in result.stderr


@pytest.mark.parametrize("lang", ["en", "nb", "nn", "da"])
def test_gettext_msgfmt_accepts_every_catalogue(lang: str) -> None:
    """GNU gettext's own checker, not only Babel: a translator's standard tools must open the files
    (an msgid and its msgstr end alike; the header has every field, none left at its default)."""
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext, Debian package gettext) is not installed")
    po = LOCALE / lang / "LC_MESSAGES" / "ipcli.po"
    done = subprocess.run(
        [msgfmt, "--check", "--check-format", "--check-header", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr
