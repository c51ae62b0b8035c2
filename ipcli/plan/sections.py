"""Parts of a rendered plan that a copy may leave out (`render --without`, `[render] without`).

A copy handed out at a meeting often should not carry the internal due list or the ethical
dilemmas; the same names work for Markdown, HTML and PDF.
"""

from __future__ import annotations

OPTIONAL_SECTIONS = ("due", "dilemmas", "signatures", "consents", "history")


def parse_without(value: str | None) -> frozenset[str]:
    """`due,dilemmas` as a set; an unknown name is a ValueError naming the known ones."""
    if not value:
        return frozenset()
    names = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(names - set(OPTIONAL_SECTIONS))
    if unknown:
        from ipcli.language.i18n import tr

        raise ValueError(tr("error.not_a_section", name=unknown[0], known=", ".join(OPTIONAL_SECTIONS)))
    return frozenset(names)
