"""Privacy: no national id numbers in a plan. The message never repeats the number."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipcli.checks.load import LoadedPlan
from ipcli.language import nationalid
from ipcli.language.i18n import N_
from ipcli.plan.findings import Finding, said

# the message by the kind of number nationalid.find names
_KINDS = {"CPR number": N_("lint.IP501.cpr"), "fødselsnummer": N_("lint.IP501.fnr")}


def _candidates(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """The strings (and large numbers) in the document that could hold a national id, with
    their paths: a walk with a stack and a C-speed pre-check (this runs on every plan read)."""
    found = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    may_hold = nationalid.may_hold
    while stack:
        at, node = stack.pop()
        if isinstance(node, str):
            if may_hold(node):
                found.append((at, node))
        elif isinstance(node, dict):
            stack.extend(((*at, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*at, i), value) for i, value in enumerate(node))
        elif isinstance(node, int) and not isinstance(node, bool) and node >= 10**9:
            found.append((at, str(node)))
    found.reverse()  # document order, as the recursive walk gave
    return found


def check(loaded: LoadedPlan) -> Iterator[Finding]:
    if loaded.document is not None and not loaded.document.digits:
        return  # no value of this plan can hold a number (nationalid.source_may_hold)
    for at, text in _candidates(loaded.data):
        for kind in nationalid.find(text):
            yield loaded.finding(
                "IP501",
                at,
                said(_KINDS.get(kind, N_("lint.IP501.fnr")), mask=nationalid.MASK),
                said("lint.IP501.hint"),
            )
