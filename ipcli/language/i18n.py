"""Words for people in their language: the message catalogue (nb, nn, da, en) and dates.

Messages live in gettext catalogues under `ipcli/locale/<lang>/LC_MESSAGES/ipcli.po`, compiled
to `.mo` with Babel (docs/development.md, "Translations"). A message is asked for by its key and filled in
with named values: `tr("due.evaluate_goal", goal="g4")`. Plurals are gettext plurals:
`tr_n("due.items.one", "due.items.other", n)`. Only the catalogue of the language in use is read,
once, on the first message: a run that writes nothing for people reads none.

The language is chosen once per run (`use`): `--lang`, else ipcli.toml's `language`, else the
environment (LC_ALL, LC_MESSAGES, LANG), else English. Plan text itself is never translated.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping

LANGS = ("en", "nb", "nn", "da")
DOMAIN = "ipcli"
_LOCALES = {"en": "en_GB", "nb": "nb_NO", "nn": "nn_NO", "da": "da_DK"}
# what the environment's locale names mean ("no" is Norwegian, written in bokmål)
_ENV_LANGS = {"nb": "nb", "no": "nb", "nn": "nn", "da": "da", "en": "en"}

# the run's choice: --lang, ipcli.toml's language, and the language they settle on (None: not yet)
_state: dict[str, str | None] = {"option": None, "configured": None, "lang": None}


def N_(key: str) -> str:
    """Marks a key for the catalogue where it is used by a computed name (`"status." + s`)."""
    return key


def choose(option: str | None, configured: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of a run: --lang, else ipcli.toml, else the environment, else English."""
    if option:
        return option
    if configured:
        return configured
    return from_environment(os.environ if environ is None else environ)


def from_environment(environ: Mapping[str, str]) -> str:
    """LC_ALL, else LC_MESSAGES, else LANG (the first one set), as POSIX reads them:
    nb_NO.UTF-8, nn_NO, da_DK, no_NO, no. Anything else is English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            code = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
            return _ENV_LANGS.get(code, "en")
    return "en"


def plan_language(danish: bool, environ: Mapping[str, str] | None = None) -> str:
    """The written language of a new repository or plan that names none: a Danish plan's is
    Danish; a Norwegian one's is the system's written Norwegian (nynorsk on an nn_NO system),
    else bokmål. An English or Danish system still gets Norwegian plans for a Norwegian profile."""
    found = from_environment(os.environ if environ is None else environ)
    return "da" if danish else (found if found in ("nb", "nn") else "nb")


def start(option: str | None) -> None:
    """A command starts: its --lang (or None). Called at the edge, before anything is written."""
    _state.update(option=option, configured=None, lang=None)


def configure(language: str | None) -> None:
    """The repository's ipcli.toml names a language (or none): it counts unless --lang was given."""
    _state.update(configured=language, lang=None)


def use(lang: str) -> None:
    """Every message from here on in this language, whatever was chosen before."""
    _state.update(option=lang if lang in LANGS else "en", lang=None)


def repository_language(plan_language: object = None) -> str:
    """The language of what is written into the repository for colleagues to read (commit
    messages): ipcli.toml's language, else --lang, else the plan's own language, else English.
    Never the environment's: a history read by many people is in one language, not in the
    language of whoever's laptop wrote each commit."""
    for lang in (_state["configured"], _state["option"], plan_language):
        if isinstance(lang, str) and lang in LANGS:
            return lang
    return "en"


def current() -> str:
    """The language of this run's messages."""
    lang = _state["lang"]
    if lang is None:
        lang = _state["lang"] = choose(_state["option"], _state["configured"])
    return lang


@functools.cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """A compiled catalogue (.mo) as a dict: key -> text, or the plural forms for a plural key.
    Read directly (the format is four integers and two tables), without the gettext module, and
    from the package's folder without importlib.resources (10-50 ms of imports: zipfile,
    tempfile …, for a run that only shows its help). The wheel installs ipcli as plain files."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(package, "locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo"), "rb") as mo:
        data = mo.read()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    import struct

    _, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    # both tables at once (length, offset, length, offset …): two calls instead of two a message
    okeys = struct.unpack_from(f"{order}{2 * count}I", data, originals)
    texts = struct.unpack_from(f"{order}{2 * count}I", data, translations)
    out: dict[str, str | tuple[str, ...]] = {}
    for i in range(0, 2 * count, 2):
        olen, ooff, tlen, toff = okeys[i], okeys[i + 1], texts[i], texts[i + 1]
        key = data[ooff : ooff + olen].decode("utf-8")
        if not key:
            continue  # the header
        text = data[toff : toff + tlen].decode("utf-8")
        if "\0" in key:
            out[key.split("\0", 1)[0]] = tuple(text.split("\0"))
        else:
            out[key] = text
    return out


def tr(key: str, lang: str | None = None, **values: object) -> str:
    """The message `key` in the language in use (or `lang`), filled in with `values`.
    A key missing from the catalogue shows as itself (the catalogue test forbids that)."""
    text = catalogue(lang or current()).get(key, key)
    if isinstance(text, tuple):
        text = text[0]
    return text.format(**values) if values else text


def tr_n(one: str, other: str, n: int, lang: str | None = None, **values: object) -> str:
    """A message with a number in it: gettext's plural forms (nb, nn, da and en all have two:
    one, and the rest). `n` is among the values."""
    forms = catalogue(lang or current()).get(one)
    if isinstance(forms, tuple) and len(forms) == 2:
        text = forms[0 if n == 1 else 1]
    else:
        text = one if n == 1 else other
    return text.format(n=n, **values)


def label(key: str, lang: str) -> str:
    """A word of a rendered plan (a heading, a status) in `lang`."""
    text = catalogue(lang if lang in LANGS else "en").get(key)
    if text is None:
        return key.split(".", 1)[-1].replace("_", " ")
    return text if isinstance(text, str) else text[0]


def megabytes(size: int, lang: str | None = None, apart_from: int | None = None) -> str:
    """A size in bytes as megabytes with one decimal, the language's way: 6.0 in English,
    6,0 in Norwegian and Danish (Babel's form for these locales; no grouping below 1,000).
    With `apart_from` (the limit it is compared with), as many decimals as it takes for the two
    to read differently: "5.0 MB; at most 5.0 MB" says nothing (see megabytes_apart)."""
    text = megabytes_apart(size, size if apart_from is None else apart_from)[0]
    return text if (lang or current()) == "en" else text.replace(".", ",")


def megabytes_apart(size: int, limit: int) -> tuple[str, str]:
    """Two sizes in megabytes (with a dot), with one decimal, or more where one decimal shows
    the same figure for different sizes (5.000001 MB over a limit of 5.0 MB: "5.000001", "5.000000")."""
    for places in range(1, 7):
        a, b = f"{size / 1_048_576:.{places}f}", f"{limit / 1_048_576:.{places}f}"
        if a != b or size == limit:
            return a, b
    return f"{size / 1_048_576:.7f}", f"{limit / 1_048_576:.7f}"


def locale_of(lang: str) -> str:
    """The Babel locale that writes `lang`'s dates and numbers."""
    return _LOCALES.get(lang, "en_GB")


@functools.cache
def _babel_format(day: dt.date, lang: str, style: str) -> str:
    from babel.dates import format_date

    return format_date(day, format=style, locale=_LOCALES.get(lang, "en_GB"))


def date(day: dt.date | None, lang: str, style: str = "long") -> str:
    """A date the way the language writes it: '23. november 2026', '23 November 2026'. The long
    form comes from dateforms' tables (Babel's own, checked against it), without loading Babel."""
    if day is None:
        return ""
    if style == "long":
        from ipcli.language.dateforms import long_date

        return long_date(day, lang if lang in LANGS else "en")
    return _babel_format(day, lang, style)


_EVERY_UNITS = {"day": "every.day", "week": "every.week", "month": "every.month", "year": "every.year"}


def every(interval: str, lang: str) -> str:
    """'3 months' as the plan's language says it: 'hver 3. måned', 'every 3 months'."""
    count, _, unit = interval.partition(" ")
    key = _EVERY_UNITS.get(unit.rstrip("s"))
    if key is None or not count.isdigit():
        return interval
    n = int(count)
    return tr(key + (".one" if n == 1 else ".other"), lang if lang in LANGS else "en", n=n)
