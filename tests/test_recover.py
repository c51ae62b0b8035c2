"""Reading on past YAML syntax errors (ipcli.plan.recover), on small texts: each slip once, at
its line; the lines under a broken line go with it; the work is bounded."""

from __future__ import annotations

import pytest

from ipcli.plan.limits import Limits
from ipcli.plan.parse import Document, ParseError, parse
from ipcli.plan.recover import MAX_ROUNDS, recover


def _recover(text: str) -> tuple[list[int], Document | None]:
    raw = text.encode("utf-8")
    with pytest.raises(ParseError) as first:
        parse(raw, Limits())
    found = recover(raw, first.value, Limits())
    return [e.line for e in found.errors], found.document


def test_each_slip_once_at_its_line_and_the_rest_read() -> None:
    text = (
        "id: p-1\n"  # 1
        "person:\n"  # 2
        "\tname: Ola\n"  # 3: a Tab
        "  born: 2004\n"  # 4
        "status active\n"  # 5: no colon
        "coordinator: kari\n"  # 6
        'notes: "open\n'  # 7: a quote never closed
        "language: nb\n"  # 8
    )
    lines, document = _recover(text)
    assert lines == [3, 5, 7]
    assert document is not None
    assert document.data == {"id": "p-1", "person": {"born": 2004}, "coordinator": "kari", "language": "nb"}


def test_a_group_whose_key_lost_its_colon_goes_with_its_lines() -> None:
    """`consents` without its colon: its items are not read into the list above it."""
    text = (
        "participants:\n  - id: kari\n    role: coordinator\nconsents\n  - id: c1\n    kind: plan\nid: p-1\n"
    )
    lines, document = _recover(text)
    assert lines == [4]
    assert document is not None
    assert document.data == {"participants": [{"id": "kari", "role": "coordinator"}], "id": "p-1"}


def test_a_key_indented_one_too_little_leaves_the_keys_under_it() -> None:
    text = "participants:\n  - id: nav\n    role: agency\n   title: veileder\n    reason: arbeid\n"
    lines, document = _recover(text)
    assert lines == [4]
    assert document is not None
    assert document.data == {"participants": [{"id": "nav", "role": "agency", "reason": "arbeid"}]}


def test_the_work_is_bounded() -> None:
    """A file of slips only: at most MAX_ROUNDS readings, then the rest is not read."""
    text = "".join(f"key{n}: a: b\n" for n in range(MAX_ROUNDS * 3))
    lines, document = _recover(text)
    assert len(lines) == MAX_ROUNDS + 1 and document is None
