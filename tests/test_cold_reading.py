"""The cold reading's shortcuts give what the slower ways they replace give (issue 32): each is
compared with the original on every test plan and on generated text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.language import nationalid

ROOT = Path(__file__).resolve().parents[1]

# digits (ASCII, Arabic-Indic, fullwidth), the separators, whitespace of every kind, letters
# beyond ASCII, a "d" (the fast way's own marker) and the characters that send a file the slow way
_ALPHABET = "0123456789d x-./\n\t\u00a0\u2007\u2009\u202f\u2010\u2013\u2014\u2028\u3000\u0663\uff11æøå«»“\\"


def _by_regex(source: str) -> bool:
    if "\\" in source or "0x" in source or "0o" in source:
        return True
    return nationalid._SOURCE_RUN.search(source) is not None


def test_source_may_hold_is_the_regex_on_every_test_plan() -> None:
    plans = [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/*.yaml"), *ROOT.glob("tests/**/*.yml")]
    assert len(plans) > 100
    for plan in plans:
        text = plan.read_bytes().decode("utf-8", "replace")
        assert nationalid.source_may_hold(text) == _by_regex(text), plan


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_source_may_hold_is_the_regex_on_any_text(text: str) -> None:
    assert nationalid.source_may_hold(text) == _by_regex(text)


_GAPS = [" ", "\n  ", "\t", "\r\n", "-", ".", "/", " \u2013 "]
_GAPS += ["\u00a0", "\u2007", "\u2009", "\u202f", "\u2010", "\u2013", "\u2028", "\u3000", "\x1c", "\x85"]


def test_source_may_hold_joins_digits_across_every_gap_the_regex_does() -> None:
    for gap in _GAPS:
        for text in (f"tlf: 12345{gap}67890 æ", "tlf: " + gap.join("1234567890")):
            assert nationalid.source_may_hold(text) == _by_regex(text) == True, repr(gap)  # noqa: E712
    for gap in ("\u2014", "x", "d", "æ", "«"):  # no gap: a word or a dash the pattern does not join
        text = f"tlf: 12345{gap}67890 ø"
        assert nationalid.source_may_hold(text) == _by_regex(text) == False, repr(gap)  # noqa: E712


def test_source_may_hold_finds_a_number_across_separators_of_every_kind() -> None:
    assert nationalid.source_may_hold("tlf: 12\u00a034 56\u201378 9\n  0")
    assert not nationalid.source_may_hold("dato: 2025-12-03\nneste: 2026-01-02 og Prøvedal 746")
    assert nationalid.source_may_hold("x: \uff11" + "1" * 9)  # a fullwidth digit: the regex judges


def _code(text: str) -> str | None:
    from ipcli.plan.limits import Limits
    from ipcli.plan.parse import ParseError, parse

    try:
        parse(text.encode(), Limits())
    except ParseError as e:
        return e.code
    return None


def test_only_comments_is_empty_however_long_and_a_plan_after_long_comments_is_read() -> None:
    comments = "# en merknad som er lang nok til å fylle linjen\n\n" * 100  # well past the first 2 kB
    assert _code(comments) == "IP005"
    assert _code(comments + "   # and one indented\n") == "IP005"
    assert _code(comments + "id: p-1\n") is None
    assert _code("#" * 3000 + "\nid: p-1\n") is None  # a comment line longer than the look ahead


def test_a_merge_conflict_is_found_only_at_a_lines_start() -> None:
    assert _code("id: p-1\n<<<<<<< HEAD\nname: a\n=======\nname: b\n>>>>>>> other\n") == "IP003"
    assert _code("id: p-1\nnote: a =======  b\n") is None
    assert _code("id: p-1\nnote: |\n  |||||||\n") is None  # indented: text, not a marker


_WORDS = ["no", "yes", "On", "~", "null", "True", "false", "0755", "1e3", ".inf", "-", "«aktiv»", 'a"']
_WORDS += ["2025-12-03", "12:30", "1" * 101, "1" * 100, "+", ".", "-1", '2025-12-03"', "0x1F", "1.5.3"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(_WORDS), st.text(alphabet="aæ tTfFnNyY0123456789+-.~\"'«»“”:#", max_size=8)))
def test_an_ordinary_plain_value_is_what_the_full_reading_gives(value: str) -> None:
    """The builder's shortcut (parse._ordinary) takes only what _plain returns unchanged and
    notes nothing about."""
    import yaml

    from ipcli.plan.limits import Limits
    from ipcli.plan.parse import _PLAIN, _Builder, _ordinary

    mark = yaml.Mark("plan", 0, 0, 0, None, 0)
    node = yaml.ScalarNode(_PLAIN, value, mark, mark, "")
    builder = _Builder(Limits())
    full = builder.build(node, 0)
    noted = builder.problems or builder.yaml11_bools or builder.typographic
    if _ordinary(node) is not None:
        assert full == value and isinstance(full, str) and not noted, value


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.sampled_from(
            ["0x1F", "0o17", "-.inf", ".NaN", "1e3", "+1.", ".5", "007", "2025-12-03", "1_000", "0x"]
        ),
        st.text(alphabet="0123456789+-.eExXoOabcfFinINaA_:", max_size=10),
    )
)
def test_the_one_number_pattern_is_the_six(value: str) -> None:
    from ipcli.plan import parse

    six = (parse._INT, parse._OCT, parse._HEX, parse._FLOAT, parse._INF, parse._NAN)
    assert bool(parse._NUMBER_LIKE.match(value)) == any(p.match(value) for p in six)


def test_masked_still_masks_a_number_in_every_place_of_a_result() -> None:
    """masked() looks at all of a result's strings at once first (one search, not ninety): a
    number shaped like an id in any one of them still sends the result through the masker."""
    from ipcli.checks.results import Facts, FileResult, Unread, masked

    number = "010190 12345"  # shaped like a fødselsnummer (6 + 5 digits): masked, checksum or not

    def facts(
        person: str = "Ida", key: str = "koord", name: str = "Lise", email: str = "l@example.org"
    ) -> Facts:
        return Facts(
            "p-1",
            "active",
            "full",
            "no-ip",
            person,
            "1990",
            "koord",
            {key: (name, email)},
            (1, 1),
            (2, 2),
            None,
        )

    def item(
        what: tuple[object, ...] = ("due.x", "goal", "g1"), text: str = "t", resp: str = "r"
    ) -> tuple[object, ...]:
        return ("IP306", 1, what, text, resp, 3, 4)

    places = [
        FileResult("p.yaml", findings=[(1, 1, "IP501", f"m {number}", "h")]),
        FileResult("p.yaml", findings=[(1, 1, "IP501", "m", f"h {number}")]),
        FileResult("p.yaml", future=[(9, 1, 1, f"m {number}", "h")]),
        FileResult("p.yaml", items=[item(what=("due.x", {"goal": f"g {number}"}))]),
        FileResult("p.yaml", items=[item(what=("due.x", {f"k {number}": "g"}))]),
        FileResult("p.yaml", items=[item(text=f"t {number}")]),
        FileResult("p.yaml", items=[item(resp=f"r {number}")]),
        FileResult("p.yaml", facts=facts(person=f"Ida {number}")),
        FileResult("p.yaml", facts=facts(key=f"k{number}")),
        FileResult("p.yaml", facts=facts(name=f"Lise {number}")),
        FileResult("p.yaml", facts=facts(email=f"{number}@example.org")),
        FileResult("p.yaml", unread=Unread([(1, 1, "IP101", f"m {number}", "h")], facts(), [])),
        FileResult("p.yaml", unread=Unread([], facts(name=f"Lise {number}"), [])),
        FileResult("p.yaml", unread=Unread([], facts(), [item(text=f"t {number}")])),
    ]
    for n, result in enumerate(places):
        shown = repr(vars(masked(result)))
        assert "12345" not in shown and nationalid.MASK in shown, n
    clean = FileResult(
        "p.yaml", findings=[(1, 1, "IP306", "m 2026-11-23", "h")], items=[item()], facts=facts()
    )
    assert masked(clean).to_plain() == clean.to_plain()
