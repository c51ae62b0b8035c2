"""docs/domain.md traces each requirement to the test that fails when it breaks: every row names
one, every named test exists, and tools/mutations.py's mutations name their row's test. One
mutation is run here (the others are slow: `.venv/bin/python tools/mutations.py`)."""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "docs" / "domain.md"
ROW = re.compile(r"^\| (\d+) \| ")
TEST = re.compile(r"(tests/[\w/]+\.py)::(\w+)(\[[^\]|]*\])?")


def _rows() -> dict[int, list[tuple[str, str, str]]]:
    """Row number -> the tests its last column names: (file, function, parameters)."""
    rows: dict[int, list[tuple[str, str, str]]] = {}
    for line in DOMAIN.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m is None or m.group(1).startswith("0"):  # the seed table's 000, 001, ...
            continue
        last = line.rstrip().rstrip("|").split(" | ")[-1]
        rows[int(m.group(1))] = [(t.group(1), t.group(2), t.group(3) or "") for t in TEST.finditer(last)]
    return rows


@functools.cache
def _functions(file: str) -> frozenset[str]:
    tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
    return frozenset(
        n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test")
    )


def _mutations() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutations", ROOT / "tools" / "mutations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutations"] = module
    spec.loader.exec_module(module)
    return module


def test_every_row_names_a_test_that_exists() -> None:
    rows = _rows()
    assert len(rows) >= 55 and sorted(rows) == list(range(1, len(rows) + 1)), sorted(rows)
    for number, tests in rows.items():
        assert tests, f"row {number} of docs/domain.md names no test"
        for file, name, _params in tests:
            assert (ROOT / file).is_file(), f"row {number}: {file} does not exist"
            assert name in _functions(file), f"row {number}: {file} has no test {name}"


def test_every_rule_case_a_row_names_exists() -> None:
    """A row naming tests/test_rules.py's parametrised case names a rule with cases."""
    for number, tests in _rows().items():
        for file, _name, params in tests:
            if file == "tests/test_rules.py" and params:
                assert (ROOT / "tests" / "rules" / params.strip("[]")).is_dir(), f"row {number}: {params}"


def test_every_mutation_names_its_rows_test_and_its_text() -> None:
    mutations = _mutations()
    rows = _rows()
    listed = {4, 18, 20, 7, 28, 22, 41}  # the rows issue 29 found without a failing test
    assert listed <= {m.row for m in mutations.MUTATIONS}
    for m in mutations.MUTATIONS:
        named = {f"{file}::{name}" for file, name, _params in rows[m.row]}
        assert m.test.split("[")[0] in named, (m.row, m.test)
        assert (ROOT / m.file).read_text(encoding="utf-8").count(m.old) == 1, (m.row, m.file)


@pytest.mark.slow  # a copy of the project and a pytest run of its own: ~10 s
def test_one_mutation_is_caught_by_its_rows_test() -> None:
    """The `parent` -> custody holder alias (row 28), broken in a copy: its test fails (the
    test passing unbroken is the suite's own run of it)."""
    mutations = _mutations()
    alias = next(m for m in mutations.MUTATIONS if m.row == 28)
    killed, tail = mutations.run(alias, baseline=False)
    assert killed, tail
