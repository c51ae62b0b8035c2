"""Hygiene: words older YAML tools misread, tab characters, text YAML cut short as a comment,
characters the PDF has no glyph for, typographic quote marks around a value and non-breaking
spaces where YAML needs a space."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ipcli.checks.load import LoadedPlan
from ipcli.plan.codes import severity_of
from ipcli.plan.findings import Finding, said
from ipcli.plan.schema import shown
from ipcli.plan.slips import MARKS

# schema findings that already say what to write instead of a yes/no word
_SAID = frozenset({"IP103", "IP104"})


def check(loaded: LoadedPlan) -> Iterator[Finding]:
    doc = loaded.document
    assert doc is not None
    if doc.yaml11_bools:
        # `status: yes` is wrong because "yes" is not a status, quoted or not: one message
        told = {(f.line, f.col) for f in loaded.findings if f.code in _SAID}
        for line, col, word in doc.yaml11_bools:
            if (line, col) in told:
                continue
            yield Finding(
                loaded.shown,
                line,
                col,
                "IP601",
                severity_of("IP601"),
                said("lint.IP601", word=word),
                said("lint.IP601.hint", word=word),
            )
    for line, col in doc.tabs:
        yield Finding(
            loaded.shown,
            line,
            col,
            "IP602",
            severity_of("IP602"),
            said("lint.IP602"),
            said("lint.IP602.hint"),
        )
    for line, col, marks, inner in doc.typographic:
        yield Finding(
            loaded.shown,
            line,
            col,
            "IP604",
            severity_of("IP604"),
            said("lint.IP604.typographic", marks=marks),
            said("lint.IP604.typographic.hint", value=shown(inner)),
        )
    for slip in doc.nbsp:
        yield Finding(
            loaded.shown, slip.line, slip.col, "IP607", severity_of("IP607"), slip.message, slip.hint
        )
    if doc.glued_comments:
        yield from _comments_in_text(loaded)
    if doc.wide:
        yield from _unprintable(loaded)


# at most this many characters named in one finding (a Chinese text could name hundreds)
_NAMED = 5


def _unprintable(loaded: LoadedPlan) -> Iterator[Finding]:
    """IP606: a text with characters no PDF font has; the PDF prints a marker for each, and the
    same predicate decides (glyphs.unprintable), so lint says exactly what the PDF will do."""
    from ipcli.language.glyphs import marker, unprintable

    doc = loaded.document
    assert doc is not None
    for node in _scalars(doc.root):
        bad = unprintable(node.value)
        if not bad:
            continue
        named = ", ".join(marker(ch) for ch in bad[:_NAMED]) + (", …" if len(bad) > _NAMED else "")
        yield Finding(
            loaded.shown,
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            "IP606",
            severity_of("IP606"),
            said("lint.IP606", chars=named),
            said("lint.IP606.hint"),
        )


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every text value in the file (not keys: a key is never printed)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            yield n
        elif isinstance(n, yaml.MappingNode):
            stack.extend(value for _key, value in reversed(n.value))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))


def _comments_in_text(loaded: LoadedPlan) -> Iterator[Finding]:
    """IP605: `text: Kino med #1 ønske` keeps only "Kino med" — the rest became a comment."""
    from ipcli.plan.redact import is_free_text

    doc = loaded.document
    assert doc is not None
    ends = {(line - 1, end): (col, comment) for line, end, col, comment in doc.glued_comments}
    for path, node in _plain_scalars(doc.root, ()):
        spot = ends.get((node.end_mark.line, node.end_mark.column))
        if spot is None or not is_free_text(path):
            continue
        col, comment = spot
        # `«Kino med #1 ønske»`: the marks were meant as quotes, and YAML does not read them so
        typographic = node.value[:1] in MARKS
        yield Finding(
            loaded.shown,
            node.end_mark.line + 1,
            col,
            "IP605",
            severity_of("IP605"),
            said("lint.IP605", text=shown(comment)),
            said("lint.IP605.hint_typographic", mark=node.value[0])
            if typographic
            else said("lint.IP605.hint"),
        )


def _plain_scalars(
    node: yaml.Node, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _plain_scalars(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _plain_scalars(item, (*path, i))
    elif isinstance(node, yaml.ScalarNode) and not node.style:  # plain, not quoted
        yield path, node
