"""The slips of a hand that writes YAML, found in the text and said in the reader's words.

libyaml names a syntax problem in English words of its own ("found character that cannot start
any token", "did not find expected ',' or ']'"). None of them reaches a reader: `explain` maps
each problem libyaml can give (its scanner, parser and composer; the list is in
tests/test_slips.py) to a catalogue message, and a problem it does not know to a general one.
Before the table it looks at the text for the slips people make, which libyaml can only name by
their effect: a Tab, a non-breaking space from a word processor, quote marks YAML does not read
as quotes (« » “ ” ‘ ’ „), a bracket or quote that was opened and never closed.

The same finders serve a file that reads: a non-breaking space after a key's colon or in the
indentation (IP607), a value inside typographic quote marks (IP604; the parser leaves the marks
out of the value: ipcli.plan.parse).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ipcli.language.i18n import N_
from ipcli.plan.findings import said

# the typographic quote marks that open a text, and the marks that close it in some language:
# “…” and ”…” (English, Swedish), „…“ (Danish, German), «…» (Norwegian), »…« (Danish), and the
# single ones; each closes only what it can close, so `“Per” og “Kari”` is not one quote
PAIRS = {
    "\u201c": "\u201d\u201c",  # “ closed by ” (English) or “
    "\u201d": "\u201d",  # ” ”
    "\u201e": "\u201c\u201d",  # „ closed by “ or ”
    "\u00ab": "\u00bb",  # « »
    "\u00bb": "\u00ab",  # » «
    "\u2018": "\u2019\u2018",  # ‘ ’
    "\u2019": "\u2019",  # ’ ’
    "\u201a": "\u2018\u2019",  # ‚ ‘
    "\u2039": "\u203a",  # ‹ ›
    "\u203a": "\u2039",  # › ‹
}
MARKS = frozenset("\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a")
# spaces that look like a space and are none to YAML: no-break and narrow no-break space
NBSP = "\u00a0\u202f"


def wrapped(value: str) -> tuple[str, str] | None:
    """The opening and closing mark when a whole value stands inside typographic quote marks
    (`“Per Olsen”`, `«aktiv»`), else None. A text with more marks inside is left alone."""
    if len(value) < 3 or value[0] not in PAIRS or value[-1] not in PAIRS[value[0]]:
        return None
    if any(c in MARKS for c in value[1:-1]):
        return None
    return value[0], value[-1]


class Slip(NamedTuple):
    """A slip at a 1-based line and column, with its message and hint (said() messages)."""

    line: int
    col: int
    message: str
    hint: str


# `key:` then a no-break space; `-` then one; or one in a line's indentation before a key or `- `
_NBSP_SLIP = re.compile(
    r"^(?P<indent>[ \u00a0\u202f]*)(?:(?P<dash>-)(?P<after_dash>[\u00a0\u202f])|(?:- +)?"
    r"(?P<key>[a-z_][a-z0-9_]*):(?P<after_colon>[\u00a0\u202f])?)",
    re.MULTILINE,
)


@functools.cache
def _schema_keys() -> frozenset[str]:
    """Every key the plan schema knows: a word before a colon in running text is no key."""
    from ipcli.plan.schema import plan_schema

    keys: set[str] = set()
    stack: list[object] = [plan_schema()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                keys.update(props)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(keys)


def nbsp_slips(text: str) -> list[Slip]:
    """Non-breaking spaces where YAML needs a space: after a key's colon (`name:` + U+00A0
    reads as one word "name: Ola"), after a list's `-`, or in a line's indentation."""
    if "\u00a0" not in text and "\u202f" not in text:
        return []
    out = []
    keys = _schema_keys()
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if "\u00a0" not in line and "\u202f" not in line:
            continue
        m = _NBSP_SLIP.match(line)
        if m is None:
            continue
        indent = m.group("indent")
        key = m.group("key")
        if (m.group("dash") or key) and any(c in NBSP for c in indent):
            col = next(i for i, c in enumerate(indent) if c in NBSP) + 1
            out.append(Slip(number, col, said("yaml.nbsp_indent"), said("yaml.nbsp_indent.hint")))
        elif m.group("after_dash"):
            out.append(
                Slip(number, m.start("after_dash") + 1, said("yaml.nbsp_dash"), said("yaml.nbsp.hint"))
            )
        elif m.group("after_colon") and key in keys:
            out.append(
                Slip(
                    number, m.start("after_colon") + 1, said("yaml.nbsp_after_colon"), said("yaml.nbsp.hint")
                )
            )
    return out


# --- a syntax error, explained -----------------------------------------------------------------


class Explained(NamedTuple):
    """A syntax error in plan words: code, message, 1-based line and column, hint."""

    code: str
    message: str
    line: int
    col: int
    hint: str


Mark = tuple[int, int]  # libyaml's 0-based line and column

# libyaml's problem and context texts (and PyYAML's, where they differ), each to a message and
# hint. Looked for in order, in the problem first, then in the context; the slips `explain`
# finds in the text come before. tests/test_slips.py lists every text libyaml has.
_TABLE: tuple[tuple[str, str, str], ...] = (
    ("mapping values are not allowed", N_("yaml.colon"), N_("yaml.colon.hint")),
    ("found unexpected ':'", N_("yaml.colon"), N_("yaml.colon.hint")),
    ("could not find expected ':'", N_("yaml.no_colon"), N_("yaml.no_colon.hint")),
    ("did not find expected '-' indicator", N_("yaml.indent"), N_("yaml.indent.hint_list")),
    ("did not find expected key", N_("yaml.indent"), N_("yaml.indent.hint")),
    ("expected <block end>", N_("yaml.indent"), N_("yaml.indent.hint")),
    ("did not find expected node content", N_("yaml.no_value"), N_("yaml.no_value.hint")),
    ("expected the node content", N_("yaml.no_value"), N_("yaml.no_value.hint")),
    ("block sequence entries are not allowed", N_("yaml.dash_here"), N_("yaml.dash_here.hint")),
    ("mapping keys are not allowed", N_("yaml.question_mark"), N_("yaml.quote_it.hint")),
    ("found unknown escape character", N_("yaml.escape"), N_("yaml.escape.hint")),
    ("hexdecimal number", N_("yaml.escape"), N_("yaml.escape.hint")),
    ("escape code", N_("yaml.escape"), N_("yaml.escape.hint")),
    ("found undefined alias", N_("yaml.undefined_alias"), N_("yaml.undefined_alias.hint")),
    ("anchor", N_("yaml.anchor"), N_("yaml.quote_it.hint")),
    ("alias", N_("yaml.anchor"), N_("yaml.quote_it.hint")),
    ("directive", N_("yaml.directive"), N_("yaml.directive.hint")),
    ("version number", N_("yaml.directive"), N_("yaml.directive.hint")),
    ("found incompatible YAML document", N_("yaml.directive"), N_("yaml.directive.hint")),
    ("<document start>", N_("yaml.directive"), N_("yaml.directive.hint")),
    ("but found another document", N_("yaml.two_documents"), N_("yaml.two_documents.hint")),
    ("expected a single document", N_("yaml.two_documents"), N_("yaml.two_documents.hint")),
    ("block scalar", N_("yaml.block_header"), N_("yaml.block_header.hint")),
    ("indentation indicator", N_("yaml.block_header"), N_("yaml.block_header.hint")),
    ("tag", N_("yaml.tag_syntax"), N_("yaml.quote_it.hint")),
    ("URI", N_("yaml.tag_syntax"), N_("yaml.quote_it.hint")),
    ("UTF-8 octet", N_("yaml.tag_syntax"), N_("yaml.quote_it.hint")),
    ("found unexpected end of stream", N_("yaml.ends_inside"), N_("yaml.ends_inside.hint")),
    ("document indicator", N_("yaml.two_documents"), N_("yaml.two_documents.hint")),
    # problems that only their context explains, when it does not: where libyaml gives them most
    ("'!'", N_("yaml.tag_syntax"), N_("yaml.quote_it.hint")),
    ("'>'", N_("yaml.tag_syntax"), N_("yaml.quote_it.hint")),
    ("alphabetic or numeric", N_("yaml.anchor"), N_("yaml.quote_it.hint")),
    ("comment or line break", N_("yaml.block_header"), N_("yaml.block_header.hint")),
    ("digit or '.'", N_("yaml.directive"), N_("yaml.directive.hint")),
    ("whitespace", N_("yaml.directive"), N_("yaml.directive.hint")),
    ("non-alphabetical", N_("yaml.directive"), N_("yaml.directive.hint")),
)
# contexts that say what the problem is about better than the problem does ("did not find
# expected whitespace" while scanning a directive, a tag or an anchor)
_DECIDING = ("directive", "block scalar", "tag", "anchor", "alias")
_BRACKETS = {"[": "]", "{": "}"}
# a value that starts with a typographic quote mark: `: “Hun sa: nei”`, `- «Kino #1»`
_MARKED_VALUE = re.compile(r"(?:^|:|-)[ ]+([\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a])")


def explain(problem: str, context: str, text: str, at: Mark | None, opened: Mark | None) -> Explained:
    """A libyaml syntax error (its problem, its context, where each is) as a message for people.
    Never libyaml's own words: a problem the table does not know gets a general message."""
    if opened is not None and "could not find expected ':'" in problem:
        at = opened  # libyaml notices on the line after; the key without its colon began here
    where = at or opened or (0, 0)
    lines = text.split("\n")
    layout = _layout_slip(problem, lines, where)
    if layout is not None:
        return layout
    char = _char_at(lines, where)
    # a Tab: libyaml says "found a tab character ..." or, at the start of a line, only "found
    # character that cannot start any token"
    if "tab character" in problem or "'\\t'" in problem or char == "\t":
        line_text = lines[where[0]] if where[0] < len(lines) else ""
        tab = line_text.find("\t")
        col = tab if tab >= 0 else where[1]
        leading = not line_text[:col].strip()
        key, hint = (
            (N_("yaml.tab_indent"), N_("yaml.tab_indent.hint"))
            if leading
            else (N_("yaml.tab"), N_("yaml.tab.hint"))
        )
        return Explained("IP002", said(key), where[0] + 1, col + 1, said(hint))
    # where libyaml stops is at most two lines below the slip (the next key, read as more text)
    slip = _slip_near(text, lines, where)
    if slip is not None:
        return Explained("IP002", slip.message, slip.line, slip.col, slip.hint)
    if opened is not None and ("',' or ']'" in problem or "',' or '}'" in problem):
        return _bracket(lines, opened, "{" if "'}'" in problem else "[")
    if (
        opened is not None
        and "quoted scalar" in context
        and ("end of stream" in problem or "document" in problem)
    ):
        quote = _char_at(lines, opened) or '"'
        message = said("yaml.quote_opened_never_closed", quote=quote, line=opened[0] + 1)
        return Explained("IP002", message, opened[0] + 1, opened[1] + 1, said("yaml.close_the_quote"))
    if "cannot start any token" in problem:
        shown = char if char and char.isprintable() and not char.isspace() else f"U+{ord(char or '?'):04X}"
        message = said("yaml.cannot_start", char=shown)
        return Explained("IP002", message, where[0] + 1, where[1] + 1, said("yaml.quote_it.hint"))
    deciding = any(word in context for word in _DECIDING)
    for text_ in (context, problem) if deciding else (problem, context):
        for needle, message, hint in _TABLE:
            if needle in text_:
                return Explained("IP002", said(message), where[0] + 1, where[1] + 1, said(hint))
    return Explained(
        "IP002", said("yaml.unreadable_here"), where[0] + 1, where[1] + 1, said("yaml.cannot_read_here.hint")
    )


# `kind:plan`: a key, its colon and the value with no space between
_GLUED_COLON = re.compile(r" *(?:- +)?[A-Za-z_][A-Za-z0-9_]*:[^\s:]")
# a line that is a key and its value, or a key that opens a group (`key:` alone)
_KEY_LINE = re.compile(r"( *(?:- +)?)[A-Za-z_][A-Za-z0-9_]*:(?: +(?P<value>[^#\s]))?")


def _with_space(line: str) -> str:
    """The line as it should be written (`coordinator:kari` -> `coordinator: kari`), shortened,
    any national id number in it masked: the hint shows the person's own line, fixed."""
    from ipcli.language.nationalid import mask

    key, _colon, value = line.strip().removeprefix("- ").partition(":")
    fixed = f"{key}: {value.strip()}"
    return mask(fixed if len(fixed) <= 40 else fixed[:39] + "…")


def _layout_slip(problem: str, lines: list[str], where: Mark) -> Explained | None:
    """Slips of layout libyaml names by their effect: no space after a key's colon (`kind:plan`),
    a key indented deeper than the line above it, which has its value already; a lone `-` among
    the keys of a group."""
    line = lines[where[0]] if where[0] < len(lines) else ""
    here = (where[0] + 1, where[1] + 1)
    if "could not find expected ':'" in problem and _GLUED_COLON.match(line):
        col = line.index(":") + 2
        hint = said("yaml.colon_needs_space.hint", line=_with_space(line))
        return Explained("IP002", said("yaml.colon_needs_space"), here[0], col, hint)
    if "mapping values are not allowed" in problem:
        key = _KEY_LINE.match(line)
        above = next(
            (x for x in reversed(lines[: where[0]]) if x.strip() and not x.lstrip().startswith("#")), ""
        )
        over = _KEY_LINE.match(above)
        if key and over and over.group("value") and line.index(":") == where[1]:
            deep, shallow = len(key.group(1)), len(over.group(1))
            if deep > shallow:
                indent = 1 + len(line) - len(line.lstrip(" "))
                message = said("yaml.indent_deeper", spaces=deep, above=shallow)
                return Explained(
                    "IP002", message, here[0], indent, said("yaml.indent_deeper.hint", above=shallow)
                )
    if "did not find expected key" in problem and line.strip() in ("-", "- "):
        return Explained("IP002", said("yaml.dash_here"), here[0], here[1], said("yaml.dash_here.hint"))
    return None


def _char_at(lines: list[str], mark: Mark) -> str:
    line, col = mark
    return lines[line][col] if 0 <= line < len(lines) and 0 <= col < len(lines[line]) else ""


def _slip_near(text: str, lines: list[str], where: Mark) -> Slip | None:
    """A non-breaking space on the lines where libyaml met its problem (at most two lines above
    it: the next key, read as more of the text), or a typographic quote mark before the problem
    on its line: the cause libyaml names only by its effect."""
    line, col = where
    found = [s for s in nbsp_slips(text) if line - 2 <= s.line - 1 <= line]
    if found:
        return found[-1]
    text_line = lines[line] if line < len(lines) else ""
    m = _MARKED_VALUE.search(text_line, 0, max(col, 0) + 1)
    if m is not None and not _straight_quoted_before(text_line, m.start(1)):
        mark = m.group(1)
        return Slip(
            line + 1,
            m.start(1) + 1,
            said("yaml.typographic_quotes", mark=mark),
            said("yaml.typographic_quotes.hint", mark=mark),
        )
    return None


def _straight_quoted_before(line: str, col: int) -> bool:
    """The mark stands inside a text in straight quotes (YAML read the quotes; not the slip)."""
    before = line[:col]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _bracket(lines: list[str], opened: Mark, bracket: str) -> Explained:
    """A `[` or `{` that libyaml reached the end of its list or group without closing."""
    closer = _BRACKETS[bracket]
    rest = lines[opened[0]][opened[1] + 1 :] if opened[0] < len(lines) else ""
    line, col = opened[0] + 1, opened[1] + 1
    if closer in rest:  # closed on its line: something inside it is what YAML cannot read
        message = said("yaml.inside_brackets", bracket=bracket, closer=closer, line=line)
        return Explained("IP002", message, line, col, said("yaml.inside_brackets.hint"))
    message = said("yaml.bracket_not_closed", bracket=bracket, closer=closer, line=line)
    return Explained("IP002", message, line, col, said("yaml.bracket_not_closed.hint", closer=closer))
