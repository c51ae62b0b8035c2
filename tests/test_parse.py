"""The reader: YAML 1.2 meaning whatever the library, positions, and refusal of hostile input."""

from __future__ import annotations

import pytest

from ipcli.plan.limits import Limits
from ipcli.plan.parse import ParseError, parse
from ipcli.plan.positions import locate

L = Limits()


def test_yaml_12_scalars_do_not_depend_on_the_library() -> None:
    doc = parse(b"a: no\nb: yes\nc: 010\nd: 2025-02-30\ne: true\nf: ~\ng: 1.5\nh: '5'\ni: 0x1F\n", L)
    assert doc.data == {
        "a": "no",
        "b": "yes",
        "c": 10,
        "d": "2025-02-30",
        "e": True,
        "f": None,
        "g": 1.5,
        "h": "5",
        "i": 31,
    }
    assert [w for _l, _c, w in doc.yaml11_bools] == ["no", "yes"]


def test_dates_stay_text_for_the_schema_to_judge() -> None:
    assert parse(b"d: 2025-01-06\n", L).data == {"d": "2025-01-06"}


def test_positions_of_keys_and_values() -> None:
    doc = parse(b"a:\n  b:\n    - x\n    - {c: 1}\n", L)
    assert locate(doc.root, ("a", "b", 1, "c")) == (4, 11)
    assert locate(doc.root, ("a", "b", 1, "c"), at_key=True) == (4, 8)
    assert locate(doc.root, ("a", "missing")) == (2, 3)  # nearest found parent


def test_duplicate_key_is_a_problem_not_a_crash() -> None:
    doc = parse(b"a: 1\na: 2\n", L)
    assert doc.data == {"a": 1}
    assert [(p.code, p.line) for p in doc.problems] == [("IP004", 2)]


@pytest.mark.parametrize(
    ("raw", "code", "line"),
    [
        (b"", "IP005", 1),
        (b"# only a comment\n", "IP005", 1),
        (b"- a\n", "IP005", 1),
        (b"a: [\n", "IP002", 2),
        (b"a: 1\n<<<<<<< HEAD\n", "IP003", 2),
        (b"a: \xe6\xf8\n", "IP001", 1),
        (b"\xff\xfea\x00", "IP001", 1),
        (b"a: 1\n\x00", "IP001", 2),
        (b"a: !!python/object:os.system x\n", "IP006", 1),
        (b"a: !custom x\n", "IP006", 1),
        (b"<<: {a: 1}\n", "IP006", 1),
        (b"a: " + b"[" * 100 + b"]" * 100, "IP007", 1),
    ],
)
def test_unusable_files_raise_one_parse_error(raw: bytes, code: str, line: int) -> None:
    with pytest.raises(ParseError) as e:
        parse(raw, L)
    assert (e.value.code, e.value.line) == (code, line)


def test_utf8_bom_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbfa: 1\n", L).data == {"a": 1}


def test_alias_expansion_is_bounded() -> None:
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefg", "abcdef", strict=True):
        bomb += f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]\n".encode()
    with pytest.raises(ParseError) as e:
        parse(bomb, L)
    assert e.value.code == "IP007"


def test_recursive_alias_is_bounded() -> None:
    with pytest.raises(ParseError) as e:
        parse(b"a: &a [*a]\n", L)
    assert e.value.code == "IP007"


def test_size_limit() -> None:
    with pytest.raises(ParseError) as e:
        parse(b"a: " + b"x" * 2000 + b"\n", Limits(max_file_bytes=1000))
    assert e.value.code == "IP007"
