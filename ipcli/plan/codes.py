"""Every finding code ipcli can report: stable code, family, default severity and its explanation.

Codes are part of the public interface (CI configs and `# ip: ignore[...]` comments name them):
never reuse or renumber one. IP0xx file, IP1xx schema, IP2xx references, IP3xx deadlines,
IP4xx content, IP5xx privacy, IP6xx hygiene.

Deadline rules are info by default: a commit's lint verdict must not change because the calendar
moved on. `ipcli due --fail-on overdue` is the gate for deadlines; a repository can raise any rule
to warning or error in ipcli.toml.
"""

from __future__ import annotations

from typing import NamedTuple

from ipcli.language.i18n import N_, tr
from ipcli.plan.findings import Severity


class Code(NamedTuple):
    """A finding code. Its title, explanation and source are catalogue keys (rule.IP305.title,
    ...): the English text is in the en catalogue, beside the nb, nn and da ones."""

    code: str
    family: str
    severity: Severity
    title: str
    explanation: str
    source: str = ""

    def title_words(self, lang: str | None = None) -> str:
        return tr(self.title, lang)

    def explanation_words(self, lang: str | None = None, country: str | None = None) -> str:
        """The explanation; a rule that differs by country has its own (rule.IP308.explain.no)."""
        if country:
            key = f"{self.explanation}.{country}"
            own = tr(key, lang)
            if own != key:
                return own
        return tr(self.explanation, lang)

    def source_words(self, lang: str | None = None) -> str:
        return tr(self.source, lang) if self.source else ""

    def family_words(self, lang: str | None = None) -> str:
        return tr(FAMILIES[self.family], lang)


# the rules whose explanation differs by the profile's country (rule.IP308.explain.no, ...)
N_("rule.IP308.explain.no"), N_("rule.IP308.explain.dk")
_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
# the families' names, as `ipcli rules` shows them
FAMILIES = {
    "file": N_("family.file"),
    "schema": N_("family.schema"),
    "references": N_("family.references"),
    "deadlines": N_("family.deadlines"),
    "content": N_("family.content"),
    "privacy": N_("family.privacy"),
    "hygiene": N_("family.hygiene"),
}

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code(
            "IP001",
            "file",
            _E,
            N_("rule.IP001.title"),
            N_("rule.IP001.explain"),
            N_("rule.IP001.source"),
        ),
        Code(
            "IP002",
            "file",
            _E,
            N_("rule.IP002.title"),
            N_("rule.IP002.explain"),
            N_("rule.IP002.source"),
        ),
        Code(
            "IP003",
            "file",
            _E,
            N_("rule.IP003.title"),
            N_("rule.IP003.explain"),
            N_("rule.IP003.source"),
        ),
        Code(
            "IP004",
            "file",
            _E,
            N_("rule.IP004.title"),
            N_("rule.IP004.explain"),
            N_("rule.IP004.source"),
        ),
        Code(
            "IP005",
            "file",
            _E,
            N_("rule.IP005.title"),
            N_("rule.IP005.explain"),
            N_("rule.IP005.source"),
        ),
        Code(
            "IP006",
            "file",
            _E,
            N_("rule.IP006.title"),
            N_("rule.IP006.explain"),
            N_("rule.IP006.source"),
        ),
        Code(
            "IP007",
            "file",
            _E,
            N_("rule.IP007.title"),
            N_("rule.IP007.explain"),
            N_("rule.IP007.source"),
        ),
        Code(
            "IP008",
            "file",
            _E,
            N_("rule.IP008.title"),
            N_("rule.IP008.explain"),
            N_("rule.IP008.source"),
        ),
        Code(
            "IP101",
            "schema",
            _E,
            N_("rule.IP101.title"),
            N_("rule.IP101.explain"),
            N_("rule.IP101.source"),
        ),
        Code(
            "IP102",
            "schema",
            _E,
            N_("rule.IP102.title"),
            N_("rule.IP102.explain"),
            N_("rule.IP102.source"),
        ),
        Code(
            "IP103",
            "schema",
            _E,
            N_("rule.IP103.title"),
            N_("rule.IP103.explain"),
            N_("rule.IP103.source"),
        ),
        Code(
            "IP104",
            "schema",
            _E,
            N_("rule.IP104.title"),
            N_("rule.IP104.explain"),
            N_("rule.IP104.source"),
        ),
        Code(
            "IP105",
            "schema",
            _E,
            N_("rule.IP105.title"),
            N_("rule.IP105.explain"),
            N_("rule.IP105.source"),
        ),
        Code(
            "IP106",
            "schema",
            _E,
            N_("rule.IP106.title"),
            N_("rule.IP106.explain"),
            N_("rule.IP106.source"),
        ),
        Code(
            "IP107",
            "schema",
            _E,
            N_("rule.IP107.title"),
            N_("rule.IP107.explain"),
            N_("rule.IP107.source"),
        ),
        Code(
            "IP109",
            "schema",
            _E,
            N_("rule.IP109.title"),
            N_("rule.IP109.explain"),
            N_("rule.IP109.source"),
        ),
        Code(
            "IP201",
            "references",
            _E,
            N_("rule.IP201.title"),
            N_("rule.IP201.explain"),
            N_("rule.IP201.source"),
        ),
        Code(
            "IP202",
            "references",
            _E,
            N_("rule.IP202.title"),
            N_("rule.IP202.explain"),
            N_("rule.IP202.source"),
        ),
        Code(
            "IP203",
            "references",
            _E,
            N_("rule.IP203.title"),
            N_("rule.IP203.explain"),
            N_("rule.IP203.source"),
        ),
        Code(
            "IP204",
            "references",
            _E,
            N_("rule.IP204.title"),
            N_("rule.IP204.explain"),
            N_("rule.IP204.source"),
        ),
        Code(
            "IP205",
            "references",
            _W,
            N_("rule.IP205.title"),
            N_("rule.IP205.explain"),
            N_("rule.IP205.source"),
        ),
        Code(
            "IP301",
            "deadlines",
            _I,
            N_("rule.IP301.title"),
            N_("rule.IP301.explain"),
            N_("rule.IP301.source"),
        ),
        Code(
            "IP302",
            "deadlines",
            _I,
            N_("rule.IP302.title"),
            N_("rule.IP302.explain"),
            N_("rule.IP302.source"),
        ),
        Code(
            "IP303",
            "deadlines",
            _I,
            N_("rule.IP303.title"),
            N_("rule.IP303.explain"),
            N_("rule.IP303.source"),
        ),
        Code(
            "IP304",
            "deadlines",
            _I,
            N_("rule.IP304.title"),
            N_("rule.IP304.explain"),
            N_("rule.IP304.source"),
        ),
        Code(
            "IP305",
            "deadlines",
            _I,
            N_("rule.IP305.title"),
            N_("rule.IP305.explain"),
            N_("rule.IP305.source"),
        ),
        Code(
            "IP306",
            "deadlines",
            _I,
            N_("rule.IP306.title"),
            N_("rule.IP306.explain"),
            N_("rule.IP306.source"),
        ),
        Code(
            "IP307",
            "deadlines",
            _I,
            N_("rule.IP307.title"),
            N_("rule.IP307.explain"),
            N_("rule.IP307.source"),
        ),
        Code(
            "IP308",
            "deadlines",
            _E,
            N_("rule.IP308.title"),
            N_("rule.IP308.explain"),
            N_("rule.IP308.source"),
        ),
        Code(
            "IP309",
            "deadlines",
            _I,
            N_("rule.IP309.title"),
            N_("rule.IP309.explain"),
            N_("rule.IP309.source"),
        ),
        Code(
            "IP310",
            "deadlines",
            _I,
            N_("rule.IP310.title"),
            N_("rule.IP310.explain"),
            N_("rule.IP310.source"),
        ),
        Code(
            "IP311",
            "deadlines",
            _I,
            N_("rule.IP311.title"),
            N_("rule.IP311.explain"),
            N_("rule.IP311.source"),
        ),
        Code(
            "IP399",
            "deadlines",
            _I,
            N_("rule.IP399.title"),
            N_("rule.IP399.explain"),
            N_("rule.IP399.source"),
        ),
        Code(
            "IP312",
            "deadlines",
            _W,
            N_("rule.IP312.title"),
            N_("rule.IP312.explain"),
            N_("rule.IP312.source"),
        ),
        Code(
            "IP401",
            "content",
            _W,
            N_("rule.IP401.title"),
            N_("rule.IP401.explain"),
            N_("rule.IP401.source"),
        ),
        Code(
            "IP402",
            "content",
            _W,
            N_("rule.IP402.title"),
            N_("rule.IP402.explain"),
            N_("rule.IP402.source"),
        ),
        Code(
            "IP403",
            "content",
            _W,
            N_("rule.IP403.title"),
            N_("rule.IP403.explain"),
            N_("rule.IP403.source"),
        ),
        Code(
            "IP404",
            "content",
            _W,
            N_("rule.IP404.title"),
            N_("rule.IP404.explain"),
            N_("rule.IP404.source"),
        ),
        Code(
            "IP405",
            "content",
            _W,
            N_("rule.IP405.title"),
            N_("rule.IP405.explain"),
            N_("rule.IP405.source"),
        ),
        Code(
            "IP406",
            "content",
            _W,
            N_("rule.IP406.title"),
            N_("rule.IP406.explain"),
            N_("rule.IP406.source"),
        ),
        Code(
            "IP407",
            "content",
            _W,
            N_("rule.IP407.title"),
            N_("rule.IP407.explain"),
            N_("rule.IP407.source"),
        ),
        Code(
            "IP408",
            "content",
            _W,
            N_("rule.IP408.title"),
            N_("rule.IP408.explain"),
            N_("rule.IP408.source"),
        ),
        Code(
            "IP409",
            "content",
            _E,
            N_("rule.IP409.title"),
            N_("rule.IP409.explain"),
            N_("rule.IP409.source"),
        ),
        Code(
            "IP410",
            "content",
            _W,
            N_("rule.IP410.title"),
            N_("rule.IP410.explain"),
            N_("rule.IP410.source"),
        ),
        Code(
            "IP412",
            "content",
            _W,
            N_("rule.IP412.title"),
            N_("rule.IP412.explain"),
            N_("rule.IP412.source"),
        ),
        Code(
            "IP492",
            "content",
            _W,
            N_("rule.IP492.title"),
            N_("rule.IP492.explain"),
            N_("rule.IP492.source"),
        ),
        Code(
            "IP493",
            "content",
            _I,
            N_("rule.IP493.title"),
            N_("rule.IP493.explain"),
            N_("rule.IP493.source"),
        ),
        Code(
            "IP494",
            "content",
            _I,
            N_("rule.IP494.title"),
            N_("rule.IP494.explain"),
            N_("rule.IP494.source"),
        ),
        Code(
            "IP495",
            "content",
            _I,
            N_("rule.IP495.title"),
            N_("rule.IP495.explain"),
            N_("rule.IP495.source"),
        ),
        Code(
            "IP496",
            "content",
            _W,
            N_("rule.IP496.title"),
            N_("rule.IP496.explain"),
            N_("rule.IP496.source"),
        ),
        Code(
            "IP497",
            "content",
            _W,
            N_("rule.IP497.title"),
            N_("rule.IP497.explain"),
            N_("rule.IP497.source"),
        ),
        Code(
            "IP498",
            "content",
            _I,
            N_("rule.IP498.title"),
            N_("rule.IP498.explain"),
            N_("rule.IP498.source"),
        ),
        Code(
            "IP499",
            "content",
            _W,
            N_("rule.IP499.title"),
            N_("rule.IP499.explain"),
            N_("rule.IP499.source"),
        ),
        Code(
            "IP413",
            "content",
            _W,
            N_("rule.IP413.title"),
            N_("rule.IP413.explain"),
            N_("rule.IP413.source"),
        ),
        Code(
            "IP414",
            "content",
            _W,
            N_("rule.IP414.title"),
            N_("rule.IP414.explain"),
            N_("rule.IP414.source"),
        ),
        Code(
            "IP415",
            "content",
            _I,
            N_("rule.IP415.title"),
            N_("rule.IP415.explain"),
            N_("rule.IP415.source"),
        ),
        Code(
            "IP501",
            "privacy",
            _E,
            N_("rule.IP501.title"),
            N_("rule.IP501.explain"),
            N_("rule.IP501.source"),
        ),
        Code(
            "IP601",
            "hygiene",
            _W,
            N_("rule.IP601.title"),
            N_("rule.IP601.explain"),
            N_("rule.IP601.source"),
        ),
        Code(
            "IP602",
            "hygiene",
            _I,
            N_("rule.IP602.title"),
            N_("rule.IP602.explain"),
            N_("rule.IP602.source"),
        ),
        Code(
            "IP603",
            "hygiene",
            _E,
            N_("rule.IP603.title"),
            N_("rule.IP603.explain"),
            N_("rule.IP603.source"),
        ),
        Code(
            "IP604",
            "hygiene",
            _W,
            N_("rule.IP604.title"),
            N_("rule.IP604.explain"),
            N_("rule.IP604.source"),
        ),
        Code(
            "IP605",
            "hygiene",
            _W,
            N_("rule.IP605.title"),
            N_("rule.IP605.explain"),
            N_("rule.IP605.source"),
        ),
        Code(
            "IP606",
            "hygiene",
            _W,
            N_("rule.IP606.title"),
            N_("rule.IP606.explain"),
            N_("rule.IP606.source"),
        ),
        Code(
            "IP607",
            "hygiene",
            _E,
            N_("rule.IP607.title"),
            N_("rule.IP607.explain"),
            N_("rule.IP607.source"),
        ),
    )
}


def severity_of(code: str) -> Severity:
    return CODES[code].severity


# each rule's own severity, for loops over tens of thousands of findings
SEVERITY = {code: rule.severity for code, rule in CODES.items()}
