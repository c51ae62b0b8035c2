"""Privacy: no national id numbers in a plan. The message never repeats the number."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipcli import nationalid
from ipcli.findings import Finding
from ipcli.load import LoadedPlan


def _strings(node: Any, at: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, str):
        yield at, node
    elif isinstance(node, int) and not isinstance(node, bool) and node >= 10**9:
        yield at, str(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*at, i))


def check(loaded: LoadedPlan) -> Iterator[Finding]:
    for at, text in _strings(loaded.data, ()):
        if not any(c.isdigit() for c in text):
            continue
        for kind in nationalid.find(text):
            yield loaded.finding(
                "IP501",
                at,
                f"this text contains what looks like a {kind} ({nationalid.MASK})",
                "remove it; plans identify people by pseudonymous ids",
            )
