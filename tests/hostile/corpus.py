"""The hostile corpus: inputs a plans repository can contain, each with its expected outcome.

Small inputs are made from a real example plan (`examples/plans/solbakken/p-0113.yaml`) by one
change each; large ones (50 MB, 10,000 levels, 100,000 goals) are generated when the test runs,
so the repository stays small. Every input is placed as `plans/p-0113.yaml` in a fresh git
repository, committed, and given to every command that reads plans (see test_hostile.py).

`outcome` is what the input is: UNUSABLE when the file cannot be used as a plan at all (lint
reports that as a finding, exit 1; a command that needs the plan exits 2 with one line), FINDINGS
when it reads but lint has findings (exit 1), CLEAN when it is a good plan (a hostile-looking but
valid input, such as CRLF line ends or a byte-order mark, must still work). `says` is a phrase
lint's message must contain, in the reader's terms and language: the repository's ipcli.toml
says `language = "da"`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE_FILE = ROOT / "examples" / "plans" / "solbakken" / "p-0113.yaml"
PLAN_ID = "p-0113"

# the bounds every command must stay within, for every input (a run takes 0.1-1 s; the bounds
# leave room for a slow CI machine, and still catch anything quadratic or unbounded)
MAX_SECONDS = 15.0
CLEAN, FINDINGS, UNUSABLE = 0, 1, 2
MAX_PEAK_MB = 200.0


def base() -> str:
    return BASE_FILE.read_text(encoding="utf-8")


def swap(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        text = base()
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return make


def append(extra: str) -> Callable[[], bytes]:
    return lambda: (base() + extra).encode("utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    outcome: int
    says: str = ""
    # extra checks of what a command printed or wrote: command key -> check(output text)
    checks: dict[str, Callable[[str], None]] = field(default_factory=dict)
    symlink_outside: bool = False  # the plan is a link to a file outside the repository


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _deep_nesting() -> bytes:
    return b"id: p-0113\nnotes: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"


def _deep_block_nesting() -> bytes:
    out = ["id: p-0113"]
    for depth in range(2_000):
        out.append("  " * depth + f"k{depth}:")
    out.append("  " * 2_000 + "end")
    return ("\n".join(out) + "\n").encode()


def _fifty_mb() -> bytes:
    line = b"# " + b"x" * 97 + b"\n"
    return base().encode() + line * (50 * 1024 * 1024 // len(line))


def _hundred_thousand_goals() -> bytes:
    text = base()
    marker = "    goals:\n"
    goals = "".join(f"      - {{id: g{i}, text: x, said_by: staff}}\n" for i in range(2, 100_002))
    return text.replace(marker, marker + goals, 1).encode()


def _long_line() -> bytes:
    return swap(
        "communication: Dansk. Vil helst tale i korte bidder, gerne mens han arbejder.",
        "communication: " + "Dansk og lidt til. " * 200_000,
    )()


def _no_script(out: str) -> None:
    assert "<script>" not in out, "a <script> from the plan reached the HTML unescaped"


def _no_evaluation(out: str) -> None:
    # "zq" ~ "xv" evaluated gives a word no commit id, date or page text contains (7*7's 49
    # could turn up in a version's commit id)
    assert "zqxv" not in out, "template syntax in plan text was evaluated"
    assert "zq" in out and "xv" in out, "the plan text is shown as written"


def _csv_neutralised(out: str) -> None:
    for cell in ('"=HYPERLINK', ",=HYPERLINK", '"+cmd', ",+cmd", ",@SUM", '"@SUM', ",-2+3", '"-2+3'):
        assert cell not in out, f"a spreadsheet formula survived in CSV: {cell}"


def _ics_whole(out: str) -> None:
    lines = out.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    properties = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "UID", "DTSTAMP"}
    properties |= {"DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP", "CATEGORIES"}
    for line in lines[:-1]:
        assert "\n" not in line and "\r" not in line, f"a broken calendar line: {line!r}"
        if line.startswith(" "):
            continue  # a folded continuation
        name = line.split(":", 1)[0].split(";", 1)[0]
        assert name in properties, f"an injected calendar line: {line!r}"
        if name in ("BEGIN", "END"):
            assert line.split(":", 1)[1] in ("VCALENDAR", "VEVENT"), f"an injected component: {line!r}"


def _github_whole(out: str) -> None:
    for line in out.splitlines():
        assert line.startswith("::") or not line.strip(), f"a line that is no workflow command: {line!r}"
        assert line.count("::") <= 2, f"plan text started a workflow command: {line!r}"


def _formula_names() -> bytes:
    text = base()
    for old, new in (
        ("name: Karl Mikkelsen\n  born", 'name: \'=HYPERLINK("http://example.org","x")\'\n  born'),
        ("name: Mia Thomsen", "name: \"+cmd|' /C calc'!A0\""),
        ("name: Aaby Kommune, Socialafdelingen", 'name: "@SUM(1+1)"'),
        ("Personalet minder Karl", "-2+3 Personalet minder Karl"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


INJECTION = "Mia Thomsen\\n::error::hacked;\\r\\nBEGIN:VEVENT;SUMMARY:x"

CASES: list[Case] = [
    # resource exhaustion
    Case("alias-bomb", _billion_laughs, UNUSABLE, "aliasser"),
    Case("nesting-10000-flow", _deep_nesting, UNUSABLE, "inden i hinanden"),
    Case("nesting-2000-block", _deep_block_nesting, UNUSABLE, "inden i hinanden"),
    Case("file-50mb", _fifty_mb, UNUSABLE, "en planfil må højst være"),
    Case("goals-100000", _hundred_thousand_goals, UNUSABLE, "200.000 værdier"),
    Case("line-4mb", _long_line, CLEAN),
    Case("integer-100000-digits", swap("born: 1968", "born: " + "9" * 100_000), FINDINGS, "born"),
    # bytes that are not a YAML text
    Case("binary", lambda: bytes(range(256)) * 64, UNUSABLE, ""),
    Case("nul-bytes", swap("Karl har type 2", "Karl har\x00 type 2"), UNUSABLE, ""),
    Case(
        "invalid-utf8",
        lambda: base().encode().replace(b"Karl Mikkelsen", b"Karl \xff\xfe Mikkelsen", 1),
        UNUSABLE,
        "UTF-8",
    ),
    Case("utf16-with-bom", lambda: base().encode("utf-16"), UNUSABLE, "UTF-8"),
    Case("utf8-bom", lambda: b"\xef\xbb\xbf" + base().encode(), CLEAN),
    Case("crlf-line-ends", lambda: base().replace("\n", "\r\n").encode(), CLEAN),
    Case("empty-file", lambda: b"", UNUSABLE, "tom"),
    Case("only-comments", lambda: b"# nothing here yet\n", UNUSABLE, "tom"),
    Case("a-list-not-a-plan", lambda: b"- id: p-0113\n- id: p-0114\n", UNUSABLE, ""),
    Case("two-documents", append("---\nid: p-0114\n"), UNUSABLE, "dokument"),
    # editing accidents
    Case(
        "tab-indentation",
        swap("  - id: karl\n    role: self", "  - id: karl\n\trole: self"),
        UNUSABLE,
        "tabulator",
    ),
    Case(
        "merge-conflict-markers",
        swap(
            "next_revision: 2027-02-15\n",
            "<<<<<<< HEAD\nnext_revision: 2027-02-15\n=======\nnext_revision: 2027-03-01\n>>>>>>> theirs\n",
        ),
        UNUSABLE,
        "flettekonflikt",
    ),
    Case("duplicate-key", swap("status: active\n", "status: active\nstatus: closed\n"), FINDINGS, "to gange"),
    Case("yaml11-boolean", swap("focus_agreement: not_needed", "focus_agreement: no"), FINDINGS, ""),
    # YAML features that execute or include elsewhere
    Case(
        "python-object-tag",
        swap("status: active", "status: !!python/object/apply:os.system [echo pwned]"),
        UNUSABLE,
        "mærket",
    ),
    Case("custom-tag-include", swap("status: active", "status: !include /etc/passwd"), UNUSABLE, "mærket"),
    Case(
        "anchors-and-merge-keys",
        append("extra: &base {a: 1}\nmore:\n  <<: *base\n"),
        UNUSABLE,
        "",
    ),
    # impossible or extreme dates
    Case("date-0000-01-01", swap("enrolled: 2024-08-12", "enrolled: 0000-01-01"), FINDINGS, "dato"),
    Case(
        "date-9999-12-31",
        swap("next_revision: 2027-02-15", "next_revision: 9999-12-31"),
        FINDINGS,
        "9999-12-31",
    ),
    Case(
        "date-feb-30", swap("next_revision: 2027-02-15", "next_revision: 2027-02-30"), FINDINGS, "gyldig dato"
    ),
    Case(
        "timestamp-with-zone",
        swap("next_revision: 2027-02-15", "next_revision: 2027-02-15T10:00:00+01:00"),
        FINDINGS,
        "dato",
    ),
    # a link out of the repository
    Case("symlink-outside", lambda: base().encode(), UNUSABLE, "uden for planmappen", symlink_outside=True),
    # ids that would be paths
    Case("id-path-traversal", swap("id: p-0113", "id: ../../etc/x"), FINDINGS, "id"),
    Case("id-spaces-unicode", swap("id: p-0113", 'id: "p 0113 ø\u202e"'), FINDINGS, "id"),
    # text that other programs would run
    Case(
        "script-in-text",
        swap("Jeg passer selv mit sukker.", "<script>alert('x')</script><img src=x onerror=alert(1)>"),
        CLEAN,
        checks={"render-html": _no_script, "render-md": _no_script, "site": _no_script},
    ),
    Case(
        "template-in-text",
        swap(
            "Jeg passer selv mit sukker.",
            '\'{{ "zq" ~ "xv" }} {{ 7*7 }} {% raw %}{{ config }} {{ self.__init__ }}\'',
        ),
        CLEAN,
        checks={"render-html": _no_evaluation, "render-md": _no_evaluation},
    ),
    Case("formula-in-names", _formula_names, CLEAN, checks={"due-csv": _csv_neutralised}),
    Case(
        "newlines-and-semicolons",
        swap("name: Mia Thomsen", f'name: "{INJECTION}"'),
        CLEAN,
        checks={"due-ics": _ics_whole, "lint-github": _github_whole},
    ),
    Case(
        "national-id-shaped",
        swap("Kender sin sygdom godt", "Kender sin sygdom godt (cpr 010190-0000, checksum invalid)"),
        CLEAN,
    ),
]
