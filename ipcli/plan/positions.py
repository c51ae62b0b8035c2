"""The one mapper from a path in a plan's data (`("themes", 0, "goals", 1, "text")`) to its
place in the file, over the node tree the reader composed (ipcli.plan.parse keeps it), and
the one count of lines and columns in the text as YAML counts them.

Findings (ipcli.checks.load), deadline items and the language server's outline and goal
ranges all ask here; the splicer (ipcli.edits.splice) walks its own tree of offsets, which it
needs for what it writes, and takes its lines and columns from here too.
"""

from __future__ import annotations

import re

import yaml

Path_ = tuple[str | int, ...]

# Lines as editors and the language server protocol count them: LF, CRLF and CR. libyaml also
# breaks lines at NEL, U+2028 and U+2029 (YAML 1.1), which an editor shows inside a line; the
# reader moves libyaml's marks to these lines when a text holds one (parse._EditorLines).
_LINE_BREAK = re.compile("\r\n|[\r\n]")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, lines counted as editors count them."""
    line, start = 1, 0
    for m in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, m.end()
    return line, offset - start + 1


def follow(root: yaml.Node, path: Path_) -> tuple[yaml.Node, yaml.Node | None, bool]:
    """The node at `path`, or the nearest parent found; the key node of the last step when that
    step was a key found; whether the whole path was found. A warm path: one step per part."""
    node = root
    key_node: yaml.Node | None = None
    for step in path:
        key_node = None
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = None
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == step:
                    found, key_node = v, k
                    break
            if found is None:
                return node, None, False
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return node, None, False
    return node, key_node, True


def locate(root: yaml.Node, path: Path_, at_key: bool = False) -> tuple[int, int]:
    """The 1-based line and column of the value (or key) at `path`, or the nearest found parent."""
    node, key_node, _found = follow(root, path)
    target = key_node if (at_key and key_node is not None) else node
    return target.start_mark.line + 1, target.start_mark.column + 1


def node_at(root: yaml.Node, path: Path_) -> yaml.Node | None:
    """The node of the value at `path`, or None when the data has no such place."""
    node, _key, found = follow(root, path)
    return node if found else None


def extent(root: yaml.Node, path: Path_) -> tuple[int, int, int, int] | None:
    """0-based (line, column, end line, end column) from the first to the last scalar at `path`
    (its key included), or None when the data has no such place. A part written elsewhere and
    only named here by an alias (`*name`) is not this place's text, so it does not count."""
    node, key_node, found = follow(root, path)
    if not found:
        return None
    lo, hi = node.start_mark.index, node.end_mark.index
    marks: list[tuple[yaml.Mark, yaml.Mark]] = []
    if key_node is not None:
        marks.append((key_node.start_mark, key_node.end_mark))
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen:  # an alias again (a recursive one would never end)
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            if lo <= n.start_mark.index and n.end_mark.index <= hi:
                marks.append((n.start_mark, n.end_mark))
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += (k, v)
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value
    if not marks:
        return None
    first = min((s.line, s.column) for s, _e in marks)
    last = max((e.line, e.column) for _s, e in marks)
    return (*first, *last)
