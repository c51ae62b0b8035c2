"""Write ipcli's own YAML-syntax cases (tests/yamlcases/*.yaml) from one small fictional plan.

Each case changes the base plan in one way that exercises one YAML feature of the kinds the
yaml-test-suite covers (anchors, tags, block scalars, escapes, directives, line ends, ...). The
cases are ipcli's own text, written here; none is taken from the yaml-test-suite. Each file starts
with `# yaml-case: FEATURE; expect: clean|findings|unusable` (after a byte-order mark or before a
directive where the case needs one): what `ipcli lint` must say of it (exit 0, findings, or a file
that cannot be read as a plan). Run `python tests/yamlcases/generate.py` after changing a case;
tests/test_yaml_cases.py checks the files are what this script writes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASE = """\
schema: ipcli/plan/1
id: p-9000
profile: no-ip
language: nb
status: active
participation: full
person:
  name: Ola Testesen
  born: 2001
referred: 2026-01-05
work_started: 2026-01-12
period:
  start: 2026-02-01
  end: 2028-02-01
next_revision: 2027-02-01
basis:
  kind: decision
  reference: Vedtak 2026/1
  date: 2026-01-02
coordinator: kari
participants:
  - id: ola
    role: self
    name: Ola Testesen
  - id: kari
    role: coordinator
    name: Kari Prøvesen
    email: kari@example.org
  - id: per
    role: professional
    name: Per Eksempel
    reason: Trening for å holde på ferdigheter
consents:
  - id: c0
    kind: plan
    given_by: self
    date: 2026-01-15
  - id: c1
    kind: share_information
    given_by: self
    date: 2026-01-15
    covers: [per]
    valid_until: 2027-06-01
long_term_goal:
  text: Å klare mest mulig selv
  said_by: citizen
themes:
  - theme: daily_living
    situation:
      citizen: Jeg vil klare morgenen selv.
      staff: Trenger hjelp til påkledning.
    goals:
      - id: g1
        text: Kle på meg selv om morgenen
        said_by: citizen
        status: active
        next_evaluation: 2027-01-15
        measures:
          - id: m1
            text: Trening i påkledning
            responsible: per
            start: 2026-02-01
            due: 2027-03-01
            status: ongoing
        evaluations:
          - date: 2026-06-01
            by: [kari, ola]
            achievement: improving
            outcome: continue
            citizen: Det går bedre.
meetings:
  - date: 2026-02-10
    kind: plan_meeting
    attendees: [ola, kari, per]
revisions:
  - date: 2026-02-10
    by: [kari, ola]
    summary: Planen laget.
    citizen: Jeg vil være med.
"""

# a second goal, for the cases that point one goal's list at another's
GOAL2 = """\
      - id: g2
        text: Lage frokost selv
        said_by: citizen
        status: active
        next_evaluation: 2027-01-20
"""
AFTER_G1 = "            citizen: Det går bedre.\n"


def swap(*pairs: str) -> Callable[[str], str]:
    """Replace each old text (once) by its new text."""

    def make(text: str) -> str:
        for old, new in zip(pairs[::2], pairs[1::2], strict=True):
            assert old in text, old
            text = text.replace(old, new, 1)
        return text

    return make


def then(*steps: Callable[[str], str]) -> Callable[[str], str]:
    def make(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return make


def add_goal2(extra: str) -> Callable[[str], str]:
    return swap(AFTER_G1, AFTER_G1 + GOAL2 + extra)


def line_ends(end: str) -> Callable[[str], str]:
    return lambda text: text.replace("\n", end)


LONG = "Lang tekst om morgenrutiner og hjelp, " * 600  # some 23,000 characters on one line

# (file name, feature, expected outcome, change to the base plan, prefix before the header)
CASES: list[tuple[str, str, str, Callable[[str], str], str]] = [
    ("anchor-alias-scalar", "an anchored scalar and its alias as a value", "clean",
     swap("coordinator: kari", "coordinator: &koord kari", "            responsible: per",
          "            responsible: *koord"), ""),
    ("anchor-alias-flow-list", "an anchored flow list reused by an alias", "clean",
     swap("            by: [kari, ola]", "            by: &who [kari, ola]",
          "    by: [kari, ola]\n    summary", "    by: *who\n    summary"), ""),
    ("anchor-alias-mapping", "an anchored mapping reused as another theme's situation", "clean",
     swap("    situation:\n      citizen: Jeg vil", "    situation: &sit\n      citizen: Jeg vil",
          "meetings:", "  - theme: housing\n    situation: *sit\nmeetings:"), ""),
    ("alias-as-evaluations", "an alias where a list is expected: one goal's evaluations are another's",
     "clean",
     then(swap("        evaluations:\n          - date: 2026-06-01",
               "        evaluations: &evals\n          - date: 2026-06-01"),
          add_goal2("        evaluations: *evals\n")), ""),
    ("alias-as-measures", "an alias where a list is expected: one goal's measures are another's",
     "findings",
     then(swap("        measures:\n          - id: m1", "        measures: &ms\n          - id: m1"),
          add_goal2("        measures: *ms\n")), ""),
    ("alias-as-participant", "an alias as a whole list item (the same participant twice)", "findings",
     swap("  - id: per\n", "  - &per\n    id: per\n", "consents:", "  - *per\nconsents:"), ""),
    ("alias-as-key", "an alias of a scalar used as a mapping key", "clean",
     swap("status: active\nparticipation", "&st status: active\nparticipation",
          "        status: active", "        *st : active"), ""),
    ("merge-key", "a merge key (<<) bringing in an anchored mapping", "unusable",
     swap("  - id: per\n    role: professional",
          "  - &pro\n    id: per\n    role: professional",
          "consents:", "  - <<: *pro\n    id: pia\n    name: Pia Eksempel\nconsents:"), ""),
    ("merge-key-quoted", "a quoted \"<<\" key is an ordinary (unknown) key", "findings",
     swap("participation: full", "participation: full\n\"<<\": ingen sammenslåing"), ""),
    ("tag-str-on-date", "an explicit !!str tag on dates and on a word", "clean",
     swap("next_revision: 2027-02-01", "next_revision: !!str 2027-02-01",
          "status: active\nparticipation", "status: !!str active\nparticipation"), ""),
    ("tag-str-on-number", "!!str makes a year into text where a number is expected", "findings",
     swap("born: 2001", "born: !!str 2001"), ""),
    ("tag-int", "an explicit !!int tag", "unusable", swap("born: 2001", "born: !!int 2001"), ""),
    ("tag-custom", "a custom local tag (!note)", "unusable",
     swap("summary: Planen laget.", "summary: !note Planen laget."), ""),
    ("tag-non-specific", "the non-specific tag ! on a plain scalar (text, as if quoted)", "clean",
     swap("            citizen: Det går bedre.", "            citizen: ! Det går bedre."), ""),
    ("tag-verbatim", "a verbatim tag !<tag:yaml.org,2002:str>", "clean",
     swap("  reference: Vedtak 2026/1", "  reference: !<tag:yaml.org,2002:str> Vedtak 2026/1"), ""),
    ("tag-directive", "a %TAG directive and a tag that uses its handle", "unusable",
     then(swap("summary: Planen laget.", "summary: !e!tekst Planen laget."),
          lambda t: "%TAG !e! tag:example.org,2026:\n---\n" + t), ""),
    ("literal-keep-strip", "literal block scalars with keep (|+) and strip (|-) chomping", "clean",
     swap("      citizen: Jeg vil klare morgenen selv.",
          "      citizen: |+\n        Jeg vil klare\n        morgenen selv.\n\n",
          "      staff: Trenger hjelp til påkledning.",
          "      staff: |-\n        Trenger hjelp\n        til påkledning."), ""),
    ("literal-indent-indicator", "a literal block scalar with an indentation indicator (|2)", "clean",
     swap("    summary: Planen laget.", "    summary: |2\n         Planen laget,\n        innrykket.\n"), ""),
    ("folded-more-indented", "a folded scalar (>) with more-indented lines and blank lines", "clean",
     swap("  text: Å klare mest mulig selv",
          "  text: >\n    Å klare\n    mest mulig\n\n      selv, med\n      innrykk\n\n    til slutt."), ""),
    ("folded-indent-keep", "a folded scalar with indentation indicator and keep (>1+)", "clean",
     swap("    reason: Trening for å holde på ferdigheter",
          "    reason: >1+\n      Trening for å\n     holde på ferdigheter\n"), ""),
    ("block-trailing-spaces", "literal and folded scalars whose lines end in spaces", "clean",
     swap("      citizen: Jeg vil klare morgenen selv.",
          "      citizen: |\n        Jeg vil klare   \n        morgenen selv.  ",
          "      staff: Trenger hjelp til påkledning.",
          "      staff: >\n        Trenger hjelp \n        til påkledning.   "), ""),
    ("block-header-comment", "block scalar headers followed by comments", "clean",
     swap("    summary: Planen laget.", "    summary: |- # what was agreed\n      Planen laget.\n"), ""),
    ("flow-in-block", "flow mappings and sequences inside block collections, over several lines",
     "clean",
     swap("  - id: ola\n    role: self\n    name: Ola Testesen\n",
          "  - {id: ola, role: self,\n     name: Ola Testesen}\n",
          "    covers: [per]", "    covers: [\n      per,\n    ]"), ""),
    ("flow-nested", "a whole list of participants as one flow sequence of flow mappings", "clean",
     swap("""  - id: ola
    role: self
    name: Ola Testesen
  - id: kari
    role: coordinator
    name: Kari Prøvesen
    email: kari@example.org
  - id: per
    role: professional
    name: Per Eksempel
    reason: Trening for å holde på ferdigheter
""", """  [ {id: ola, role: self, name: Ola Testesen},
    {id: kari, role: coordinator, name: "Kari Prøvesen", email: kari@example.org},
    {id: per, role: professional, name: Per Eksempel,
     reason: Trening for å holde på ferdigheter} ]
"""), ""),
    ("flow-empty-values", "a flow mapping entry with no value and an empty flow list", "findings",
     swap("    attendees: [ola, kari, per]", "    attendees: [ola, kari, per]\n    notes: {kort, }"), ""),
    ("multiline-plain", "plain scalars over several lines, with a blank line inside", "clean",
     swap("    reason: Trening for å holde på ferdigheter",
          "    reason: Trening for å\n      holde på\n\n      ferdigheter",
          "            citizen: Det går bedre.",
          "            citizen: Det går\n              bedre nå."), ""),
    ("double-quoted-escapes", "double-quoted escapes: \\u, \\x, \\t, \\/, \\\" and a non-BMP \\U",
     "clean",
     swap("    summary: Planen laget.",
          '    summary: "Planen \\u00e5pnet: \\x41 og \\t tab, \\/ skr\\u00e5, \\"sitat\\", \\U0001F600."'),
     ""),
    ("double-quoted-breaks", "double-quoted \\N, \\L, \\P, \\_ and \\0 escapes (line and paragraph "
     "separators, a non-breaking space, a NUL) in text", "findings",
     swap("            citizen: Det går bedre.",
          '            citizen: "Det\\Ngår\\Lbedre\\Pnå\\_i dag\\0."'), ""),
    ("double-quoted-folding", "a double-quoted scalar folded over lines, with an escaped line break",
     "clean",
     swap("      staff: Trenger hjelp til påkledning.",
          '      staff: "Trenger hjelp\n        til på\\\n        kledning,\n\n        hver dag."'), ""),
    ("single-quoted", "single-quoted scalars with '' and line folding", "clean",
     swap("      staff: Trenger hjelp til påkledning.",
          "      staff: 'Trenger ''litt'' hjelp\n        til påkledning.'",
          "  name: Ola Testesen", "  name: 'Ola Testesen'"), ""),
    ("comments-odd-places", "comments between key and value, after dashes, in flow lists, "
     "after the last line", "clean",
     then(swap("coordinator: kari", "coordinator: # who leads\n  kari",
               "  - id: kari\n", "  - # the coordinator\n    id: kari\n",
               "    attendees: [ola, kari, per]",
               "    attendees: [ola, # the person\n      kari, per] # all"),
          lambda t: t + "# the end, without a line break"), ""),
    ("document-markers", "a document start --- with a comment, and an end marker ... with one",
     "clean", lambda t: "--- # the plan\n" + t + "... # end of the plan\n", ""),
    ("directive-yaml-1-2", "a %YAML 1.2 directive", "clean", lambda t: "%YAML 1.2\n---\n" + t, ""),
    ("directive-yaml-1-1", "a %YAML 1.1 directive (the plan is still read with YAML 1.2 meaning)",
     "clean", lambda t: "%YAML 1.1\n---\n" + t, ""),
    ("two-documents", "two documents in one file", "unusable",
     lambda t: t + "---\nid: p-9999\n", ""),
    ("document-then-empty", "a document end marker, then an empty second document", "unusable",
     lambda t: t + "...\n---\n", ""),
    ("end-marker-then-comments", "an end marker followed only by comments", "clean",
     lambda t: t + "...\n# notes after the end\n", ""),
    ("complex-key-flow", "a complex key (? [a, b]): a list as a key", "unusable",
     swap("participation: full", "participation: full\n? [kort, lang]\n: verdi"), ""),
    ("explicit-scalar-keys", "explicit keys (? key : value) with plain scalars", "clean",
     swap("status: active\nparticipation: full", "? status\n: active\n? participation\n: full"), ""),
    ("empty-values", "empty values: nothing, ~ and null on optional keys", "findings",
     swap("    email: kari@example.org", "    email:",
          "    reason: Trening for å holde på ferdigheter", "    reason: ~",
          "            citizen: Det går bedre.", "            citizen: null"), ""),
    ("empty-evaluations", "a list key with nothing (evaluations:) where a list is expected", "findings",
     swap("""        evaluations:
          - date: 2026-06-01
            by: [kari, ola]
            achievement: improving
            outcome: continue
            citizen: Det går bedre.
""", "        evaluations:\n"), ""),
    ("empty-key", "an empty key (? with nothing) and a null key (~)", "findings",
     swap("participation: full", "participation: full\n?\n: tom\n~: ingenting"), ""),
    ("bom", "a UTF-8 byte-order mark", "clean", lambda t: t, "\ufeff"),
    ("crlf", "CRLF line ends throughout", "clean", line_ends("\r\n"), ""),
    ("cr-only", "CR-only line ends (old Mac)", "clean", line_ends("\r"), ""),
    ("mixed-line-ends", "LF, CRLF and CR line ends mixed", "clean",
     lambda t: "".join(ln + ("\n", "\r\n", "\r")[i % 3] for i, ln in enumerate(t.splitlines())), ""),
    ("tabs-as-separation", "tabs after colons and before comments (not as indentation)", "clean",
     swap("status: active\nparticipation", "status:\tactive\t# tabbed\nparticipation",
          "    role: self", "    role:\tself"), ""),
    ("tab-in-flow", "tabs inside a flow sequence", "clean",
     swap("    attendees: [ola, kari, per]", "    attendees: [ola,\tkari,\tper]"), ""),
    ("long-line", "one line of some 23,000 characters", "clean",
     swap("    summary: Planen laget.", "    summary: " + LONG.strip()), ""),
    ("non-bmp", "characters outside the Basic Multilingual Plane (emoji, mathematical letters)",
     "findings",
     swap("            citizen: Det går bedre.", "            citizen: Det går bedre 😀 𝔒𝔩𝔞 🇳🇴.",
          "  name: Ola Testesen", "  name: Ola 𝓣estesen"), ""),
    ("unicode-line-separator", "raw U+2028 and NEL characters inside a plain scalar", "unusable",
     swap("    summary: Planen laget.", "    summary: Planen\u2028laget\u0085i dag."), ""),
    ("duplicate-key", "a key written twice in one mapping", "findings",
     swap("        status: active\n", "        status: active\n        status: achieved\n"), ""),
    ("yaml11-booleans", "YAML 1.1 booleans (yes, no, on, off) as plain words", "findings",
     swap("participation: full", "participation: off",
          "        status: active", "        status: on"), ""),
    ("octal-looking", "numbers with a leading zero and 0o octal, where text and a year are expected",
     "findings",
     swap("  reference: Vedtak 2026/1", "  reference: 0755", "  born: 2001", "  born: 0o3721"), ""),
    ("sexagesimal", "a sexagesimal-looking 1:20 (YAML 1.1 base 60), text in YAML 1.2", "clean",
     swap("            responsible: per", "            responsible: per\n            how: 1:20 hver dag"),
     ""),
    ("timestamp-zone", "timestamps with a time and a time zone where dates are expected", "findings",
     swap("  date: 2026-01-02", "  date: 2026-01-02T10:00:00+01:00",
          "          - date: 2026-06-01", "          - date: 2026-06-01 10:00:00 Z"), ""),
    ("date-short-forms", "YAML 1.1 timestamp forms with one-digit month and day", "findings",
     swap("next_revision: 2027-02-01", "next_revision: 2027-2-1"), ""),
    ("inf-nan", ".inf and .nan where a year is expected", "findings",
     swap("  born: 2001", "  born: .nan", "  date: 2026-01-02", "  date: -.inf"), ""),
    ("quoted-keys", "quoted keys, single and double", "clean",
     swap("\nid: ", '\n"id": ', "status: active\nparticipation", "'status': active\nparticipation"),
     ""),
    ("key-space-before-colon", "spaces between a key and its colon", "clean",
     swap("profile: no-ip", "profile   : no-ip"), ""),
    ("hash-inside-text", "a # inside plain text and a : inside a plain scalar", "clean",
     swap("  reference: Vedtak 2026/1", "  reference: Vedtak#1 kl. 10:30"), ""),
    ("nested-sequence", "a sequence of sequences where a list of mappings is expected", "findings",
     swap("meetings:\n  - date: 2026-02-10\n    kind: plan_meeting\n    attendees: [ola, kari, per]\n",
          "meetings:\n  - - 2026-02-10\n    - plan_meeting\n"), ""),
    ("big-integer", "an integer of 40 digits where a year is expected", "findings",
     swap("  born: 2001", "  born: " + "9" * 40), ""),
    ("nbsp-zero-width", "no-break spaces and zero-width characters inside plain text", "clean",
     swap("    summary: Planen laget.", "    summary: Planen\u00a0laget\u200b i\u2060dag."), ""),
    ("line-separator-in-quotes", "raw U+2028 and NEL inside a double-quoted scalar, then an unknown "
     "key: found on the line an editor shows", "findings",
     swap("  name: Ola Testesen\n  born", '  name: "Ola\u2028Test\u0085esen"\n  born',
          "    summary: Planen laget.", "    summary: Planen laget.\n    bogus: 1"), ""),
]  # fmt: skip


def files() -> dict[str, bytes]:
    """File name -> the bytes of every case."""
    out = {}
    for n, (name, feature, expect, change, prefix) in enumerate(CASES, 1):
        body = change(BASE.replace("id: p-9000", f"id: p-9{n:03d}", 1))
        header = f"# yaml-case: {feature}; expect: {expect}\n"
        if "\r" in body and "\n" not in body:
            header = header.replace("\n", "\r")
        elif "\r\n" in body and "\n" not in body.replace("\r\n", ""):
            header = header.replace("\n", "\r\n")
        out[f"{n:02d}-{name}.yaml"] = (prefix + header + body).encode("utf-8")
    return out


def main() -> int:
    for old in HERE.glob("*.yaml"):
        old.unlink()
    for name, data in files().items():
        (HERE / name).write_bytes(data)
    print(f"{len(CASES)} cases written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
