"""Names and ids as they are compared: one function for every comparison.

The same name can be written with different characters: "Åse" typed as one character (NFC,
what most keyboards give) or as "A" and a combining ring (NFD, what macOS file names and some
pasted text give). They look the same and must match the same: a `--coordinator` typed on one
machine finds a plan written on another, and one person is one person (IP205).
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """The text in composed form (NFC): what is stored and shown, so equal names are equal."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The text as compared: composed and case-folded (Åse, ÅSE and A+ring+se are one)."""
    if text.isascii():  # composed already, and folds to ASCII: lint folds every plan's person
        return text.casefold()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def same(a: str | None, b: str | None) -> bool:
    """Two names, ids or e-mail addresses that are the same when compared (None is no match)."""
    return a is not None and b is not None and fold(a) == fold(b)


# Letters of their own in Norwegian and Danish, not an a, o or e with a mark: "Åse" and "Ase",
# "Bø" and "Bo" are different names. Loose comparison strips other marks (René = Rene) but keeps
# these; a name typed without them ("ase", "soren") is a near miss that gets "did you mean".
_OWN_LETTERS = frozenset("æøåäöü")


def loose(text: str) -> str:
    """A name as compared when people type it: folded (see fold), marks other than the Nordic
    letters' own left out (é = e), spaces collapsed. Names only; an id is compared with fold."""
    folded = fold(text)
    if folded.isascii():
        return " ".join(folded.split())
    kept = []
    for char in folded:
        if char in _OWN_LETTERS:
            kept.append(char)
            continue
        kept.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return " ".join(nfc("".join(kept)).split())


def find_person(typed: str, people: dict[str, str]) -> tuple[str | None, list[str]]:
    """The one matcher of a person typed on the command line or at a prompt against a plan's
    participants (`people`: id -> name): (the id, []) when `typed` is an id or a whole name, in
    any case, composed or not, with or without marks other than æ ø å; else (None, the ids of
    the near misses, best first) for "did you mean". A name two participants share is no match:
    its near misses are their ids."""
    import difflib

    want = fold(typed.strip())
    for pid in people:
        if fold(pid) == want:
            return pid, []
    want_name = loose(typed)
    named = [pid for pid, name in people.items() if name and loose(name) == want_name]
    if len(named) == 1:
        return named[0], []
    if named:
        return None, named
    # near misses: against ids and names, and with æ ø å written as the keyboard without them does
    candidates: dict[str, str] = {}
    for pid, name in people.items():
        for text in (pid, name or ""):
            for form in {loose(text), _plain(loose(text))}:
                if form:
                    candidates.setdefault(form, pid)
    close = difflib.get_close_matches(_plain(want_name), list(candidates), n=6, cutoff=0.6)
    close += difflib.get_close_matches(want_name, list(candidates), n=6, cutoff=0.6)
    found: list[str] = []
    for form in close:
        if candidates[form] not in found:
            found.append(candidates[form])
    return None, found[:3]


_WITHOUT: dict[str, str | int | None] = {"å": "a", "ø": "o", "æ": "ae", "ä": "a", "ö": "o", "ü": "u"}
_PLAIN = str.maketrans(_WITHOUT)


def _plain(text: str) -> str:
    """The Nordic letters as written without them (å -> a, ø -> o, æ -> ae): only to find a near miss."""
    return text.translate(_PLAIN)
