"""Bounds on what one plan file may cost to read: size, nesting and alias expansion."""

from __future__ import annotations

from typing import NamedTuple


class Limits(NamedTuple):
    """Safe defaults; a repository may change them in ipcli.toml under [limits]."""

    # a realistic plan is 5-15 KB; 5 MB leaves room and still bounds memory and time
    max_file_bytes: int = 5 * 1024 * 1024
    # a plan is at most ~8 levels deep; 50 stops pathological nesting early
    max_depth: int = 50
    # values after alias expansion; a 300-line plan has ~1,000
    max_nodes: int = 200_000
