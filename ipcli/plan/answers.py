"""Words a person types for a closed vocabulary (an evaluation's progress and next step, a
measure's status, whose words a goal is): the value a plan stores ("improving") in any language,
or its phrase in the run's language ("det går bedre"), in any case. The answer is the stored value."""

from __future__ import annotations

from collections.abc import Sequence

from ipcli.errors import UserError
from ipcli.language import i18n
from ipcli.language.i18n import N_, tr

# what a wrong answer is called, per vocabulary (the catalogue holds its words as KIND.VALUE)
_NOT_ONE = {
    "achievement": N_("ask.not_an_achievement"),
    "outcome": N_("ask.not_an_outcome"),
    "measure": N_("ask.not_a_measure_status"),
    "voice": N_("ask.not_a_voice"),
}


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("\u2019", "'").split()).rstrip(".!")


def said_words(words: Sequence[str], kind: str, lang: str | None = None) -> list[str]:
    """The vocabulary as the language says it: 'det går bedre' for improving in nb. English lists
    the values the plan stores, the words people type there."""
    language = lang or i18n.current()
    if language == "en":
        return list(words)
    return [i18n.label(f"{kind}.{w}", language) for w in words]


def closed_word(answer: str, words: Sequence[str], kind: str) -> str:
    """The stored value `answer` means, or a UserError naming the words to use."""
    if answer in words:
        return answer
    language = i18n.current()
    typed = _folded(answer)
    for word in words:
        if typed in (_folded(word), _folded(i18n.label(f"{kind}.{word}", language))):
            return word
    from ipcli.plan.localwords import meant

    local = meant(answer, kind, list(words))  # a label in another language, or an everyday word
    if local is not None:
        return local
    raise UserError(
        tr(_NOT_ONE[kind], answer=answer),
        tr("ask.use_one_of", choices=", ".join(said_words(words, kind, language))),
    )
