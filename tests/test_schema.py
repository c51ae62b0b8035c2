"""The packaged schema: complete descriptions, no YAML 1.1 words, examples valid, clear errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import EXAMPLES

from ipcli.plan.findings import words
from ipcli.plan.limits import Limits
from ipcli.plan.parse import YAML11_BOOLS, parse
from ipcli.plan.schema import plan_schema, schema_text, shown, validate


def _walk(node: Any, where: str = "#"):
    if isinstance(node, dict):
        yield where, node
        for k, v in node.items():
            yield from _walk(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{where}/{i}")


def test_schema_is_draft_2020_12_and_loads_from_the_package() -> None:
    import jsonschema

    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_has_a_description_and_objects_are_closed() -> None:
    for where, node in _walk(plan_schema()):
        if "/allOf/" in where:
            continue
        for key, sub in node.get("properties", {}).items():
            assert "description" in sub, f"{where}/properties/{key}"
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, where


def test_no_enum_uses_a_word_yaml_11_reads_as_a_boolean() -> None:
    for where, node in _walk(plan_schema()):
        for value in node.get("enum", []):
            assert value not in YAML11_BOOLS, where


def test_examples_are_valid() -> None:
    files = sorted(EXAMPLES.glob("plans/**/*.yaml"))
    assert len(files) >= 4
    for f in files:
        assert validate(parse(f.read_bytes(), Limits()).data) == [], f


def test_did_you_mean_for_a_misspelt_key() -> None:
    data = {
        "schema": "ipcli/plan/1",
        "id": "p-1",
        "profile": "no-ip",
        "language": "nb",
        "status": "active",
        "person": {"name": "X"},
        "participnts": [],
    }
    [problem] = validate(data)
    assert problem.code == "IP101"
    assert problem.path == ("participnts",)
    assert words(problem.hint, "en") == 'did you mean "participants"?'
    assert words(problem.hint, "nn") == "meinte du «participants»?"


def test_problems_are_keys_and_values_made_into_words_in_each_language() -> None:
    """The schema's errors are stored as data (a key and values), the words made at the edge;
    the keys the person knows (field names, allowed values) stay as written in the file."""
    data = {
        "schema": "ipcli/plan/1",
        "id": "p-1",
        "profile": "no-ip",
        "language": "nb",
        "status": "yes",
        "person": {"name": "X"},
        "participants": [{"id": "kari", "name": "Kari", "role": "relative", "phone": 4000}, {"role": "self"}],
    }
    found = {(p.code, words(p.message, "en"), words(p.hint, "en")) for p in validate(data)}
    assert found == {
        ("IP104", '"yes" is not allowed for "status"', "use one of: referred, draft, active, paused, closed"),
        ("IP103", '"phone" must be text, not a number', 'put it in quotes: "4000"'),
        ("IP102", '"id" is missing in participant 2', ""),
        ("IP102", '"name" is missing in participant 2', ""),
    }
    nn = {(words(p.message, "nn"), words(p.hint, "nn")) for p in validate(data)}
    assert (
        "«yes» er ikkje tillate for «status»",
        # each value glossed with its label in the reader's language (issue 27 item 5)
        "bruk ein av desse: referred (tilvist), draft (utkast), active (aktiv), paused (sett på pause), "
        "closed (avslutta)",
    ) in nn
    assert ("«phone» må vere tekst, ikkje eit tal", 'set verdien i hermeteikn: "4000"') in nn
    assert ("«id» manglar i deltakar nr. 2", "") in nn
    da = {words(p.message, "da") for p in validate(data)}
    assert "»name« mangler i deltager nr. 2" in da


def test_every_description_a_hint_repeats_has_a_key_with_it_as_the_english_text() -> None:
    """A hint that repeats the schema's description (a pattern, a range, one of two forms) is
    said in the run's language: each such description has a key whose English is the text."""
    from ipcli.language.i18n import catalogue
    from ipcli.plan.schema import ABOUT

    repeated = {
        node["description"]
        for _where, node in _walk(plan_schema())
        if "description" in node
        and any(k in node for k in ("pattern", "oneOf", "minimum", "maximum"))
        and node.get("format") != "date"
    }
    assert repeated and repeated <= set(ABOUT)
    english = catalogue("en")
    assert all(english[key] == text for text, key in ABOUT.items())
    for lang in ("nb", "nn", "da"):
        assert all(catalogue(lang)[key] != text for text, key in ABOUT.items()), lang


def test_messages_never_echo_a_national_id_number_in_full() -> None:
    assert "1234567890" not in shown("010101-1234 and 12345678901")
    assert shown("x" * 100).endswith("…")


@pytest.mark.slow  # check-jsonschema's own process: about 1.7 s of CPU
def test_other_validators_see_what_ipcli_sees() -> None:
    """Editors (VS Code's YAML extension) and CI tools use the schema file directly."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from conftest import ROOT

    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert tool is not None, "check-jsonschema is a dev dependency"
    schema = ROOT / "schemas" / "plan.schema.json"
    plans = sorted(str(p) for p in EXAMPLES.glob("plans/*/*.yaml"))
    good = subprocess.run([tool, "--schemafile", str(schema), *plans], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout
    broken = ROOT / "tests" / "cases" / "wrong-enum" / "plans" / "p-0001.yaml"
    bad = subprocess.run([tool, "--schemafile", str(schema), str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "'maybe' is not one of" in bad.stdout
