"""The closed vocabularies' values and the words people write for them in their own language.

A plan file stores one value per meaning (`status: ongoing`), whatever language its coordinator
speaks: CI, exports (FHIR, CSV, JSON) and other tools read one word. People type their own
("igang", "pågår", "ferdig", "afsluttet"), so where a value is refused the message glosses each
value with its label in the reader's language ("ongoing (pågår)") and, when what was typed is a
local word for one of them, names the value to write. The labels are the catalogue's, the same
words the renders and the questions use; the few other everyday words are listed here.
"""

from __future__ import annotations

import unicodedata

from ipcli.language.i18n import LANGS, catalogue

# The catalogue's group of labels for an enum key, by the list the value is in (None: the plan's
# top level). A goal's status has no labels of its own in every language: left out, so only
# words every language has are offered.
GROUPS: dict[tuple[str | None, str], str] = {
    (None, "status"): "status",
    (None, "participation"): "participation",
    ("participants", "role"): "role",
    ("consents", "kind"): "consent",
    ("measures", "status"): "measure",
    ("evaluations", "achievement"): "achievement",
    ("evaluations", "outcome"): "outcome",
    ("meetings", "kind"): "meeting",
    ("goals", "said_by"): "voice",
    ("subgoals", "said_by"): "voice",
}

# Everyday words for a value that are not its label in any language (folded: see _key).
_EVERYDAY = {
    "measure.ongoing": ("igang", "påbegynt", "startet", "begyndt", "pågående", "underveis"),
    "measure.done": (
        "ferdig",
        "færdig",
        "fullført",
        "utført",
        "udført",
        "afsluttet",
        "avsluttet",
        "avslutta",
    ),
    "measure.planned": ("planlagd", "ikkestartet", "ikkjestarta", "ikkestartet"),
    "measure.cancelled": ("avlyst", "aflyst", "stoppet", "stoppa", "droppet"),
    "status.active": ("aktiv", "ibruk", "igang"),
    "status.closed": ("avsluttet", "afsluttet", "avslutta", "lukket", "ferdig", "færdig"),
    "status.draft": ("kladd", "kladde", "udkast"),
    "status.paused": ("pause", "pauset", "påpause", "sattpåpause"),
    "status.referred": ("henvist", "tilvist", "visitert", "visiteret"),
    # an evaluation's outcome, as a verb people write in a hurry (the labels are whole phrases)
    "outcome.continue": (
        "fortsett",
        "fortsette",
        "fortset",
        "fortsetje",
        "haldefram",
        "fortsæt",
        "fortsætte",
    ),
    "outcome.change": ("endre", "endring", "endra", "ændre", "ændring", "ændr"),
    "outcome.end": ("avslutt", "avslutte", "afslut", "afslutte", "slutt", "slut", "stopp", "stop"),
    "outcome.reassess": (
        "revurder",
        "revurdere",
        "vurderpånytt",
        "vurderepånytt",
        "vurdereigjen",
        "vurderigen",
    ),
}


def group_of(path: tuple[str | int, ...]) -> str | None:
    """The label group of the enum value at `path` in a plan (("themes", 0, "goals", 0,
    "measures", 1, "status") -> "measure"), or None when its values have no labels."""
    names = [step for step in path if isinstance(step, str)]
    if not names:
        return None
    key = names[-1]
    owner = names[-2] if len(names) >= 2 else None
    group = GROUPS.get((owner, key))
    if group is None and owner is None:
        return None
    return group


def label_key(group: str, value: str) -> str | None:
    """The catalogue key of a value's label, when every language has it."""
    key = f"{group}.{value}"
    return key if all(key in catalogue(lang) for lang in LANGS) else None


def _key(text: str) -> str:
    """A word as compared: composed, case-folded, without spaces, hyphens or underscores
    ("I gang" = "igang", "in-progress" = "in progress")."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return "".join(c for c in folded if c not in " \t-_.'\u2019")


def meant(typed: str, group: str, values: list[str]) -> str | None:
    """The value `typed` is a local word for (a label in any language, or an everyday word),
    or None. A word that could mean two values means none of them."""
    want = _key(typed)
    if not want:
        return None
    found = []
    for value in values:
        key = f"{group}.{value}"
        words = {_key(value), *(_key(w) for w in _EVERYDAY.get(key, ()))}
        for lang in LANGS:
            text = catalogue(lang).get(key)
            if text is not None:
                words.add(_key(text if isinstance(text, str) else text[0]))
        if want in words:
            found.append(value)
    return found[0] if len(found) == 1 else None
