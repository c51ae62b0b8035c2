"""Hygiene: words older YAML tools misread, and tab characters."""

from __future__ import annotations

from collections.abc import Iterator

from ipcli.codes import severity_of
from ipcli.findings import Finding
from ipcli.load import LoadedPlan


def check(loaded: LoadedPlan) -> Iterator[Finding]:
    doc = loaded.document
    assert doc is not None
    for line, col, word in doc.yaml11_bools:
        yield Finding(
            loaded.shown,
            line,
            col,
            "IP601",
            severity_of("IP601"),
            f'older YAML tools read the word "{word}" as true or false',
            f'put it in quotes: "{word}"',
        )
    for line, col in doc.tabs:
        yield Finding(
            loaded.shown,
            line,
            col,
            "IP602",
            severity_of("IP602"),
            "a tab character in the text",
            "use spaces",
        )
