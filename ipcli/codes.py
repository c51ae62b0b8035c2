"""Every finding code ipcli can report: stable code, family, default severity and its explanation.

Codes are part of the public interface (CI configs and `# ip: ignore[...]` comments name them):
never reuse or renumber one. IP0xx file, IP1xx schema, IP2xx references.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipcli.findings import Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    family: str
    severity: Severity
    title: str
    explanation: str
    source: str = ""


_E, _W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code(
            "IP001",
            "file",
            _E,
            "the file cannot be read as text",
            "A plan file must be UTF-8 text. Binary data, UTF-16 or Latin-1 files cannot be read "
            "the same way by every tool; save the file as UTF-8.",
        ),
        Code(
            "IP002",
            "file",
            _E,
            "the YAML syntax is broken",
            "The file is not valid YAML: a missing colon, a wrong indentation, a tab, an unclosed "
            "quote. Nothing else in the file can be checked until it reads.",
        ),
        Code(
            "IP003",
            "file",
            _E,
            "unresolved merge conflict",
            "Git left conflict markers (<<<<<<<, =======, >>>>>>>) in the file when two changes "
            "met. Choose what the plan should say, remove the markers and commit.",
        ),
        Code(
            "IP004",
            "file",
            _E,
            "a key appears twice",
            "The same key twice in one place: YAML tools disagree on which value wins, so the plan "
            "would mean different things to different readers. Merge the two.",
        ),
        Code(
            "IP005",
            "file",
            _E,
            "the file is not a plan",
            "The file is empty, or holds a list or a single value instead of a plan's keys.",
        ),
        Code(
            "IP006",
            "file",
            _E,
            "a YAML feature plans do not use",
            "Tags (!!python/object, !custom) and merge keys (<<) can make YAML tools run code or "
            "read data differently. Plans hold only text, numbers, dates, lists and keys.",
        ),
        Code(
            "IP007",
            "file",
            _E,
            "the file exceeds a safety limit",
            "The file is larger, deeper or expands to more values than any plan needs. The limits "
            "protect the tool and CI from hostile or broken files; see [limits] in ipcli.toml.",
        ),
        Code(
            "IP101",
            "schema",
            _E,
            "unknown key",
            "The key is not part of the plan format (often a misspelling). Editors with the schema "
            "configured suggest the right keys as you type.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP102",
            "schema",
            _E,
            "a required key is missing",
            "Every plan needs schema, id, profile, language, status and person; parts of a plan "
            "(goals, measures, consents, ...) have their own required keys.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP103",
            "schema",
            _E,
            "a value has the wrong type",
            "A list where text is expected, text where a list is expected, a number where text is "
            "expected (put it in quotes), or an empty value.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP104",
            "schema",
            _E,
            "a value is not one of the allowed ones",
            "Closed vocabularies (status, role, outcome, ...) accept only the listed words.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP105",
            "schema",
            _E,
            "not a real date",
            "Dates are written YYYY-MM-DD and must exist in the calendar (2025-02-30 does not).",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP106",
            "schema",
            _E,
            "a value has the wrong form",
            "Ids use lowercase letters, digits and - _ . (the plan id: letters, digits and -); "
            "lengths of time are written like '3 months'; e-mail addresses need an @.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP107",
            "schema",
            _E,
            "the same entry is listed twice",
            "A list of participant ids names the same participant twice.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP109",
            "schema",
            _E,
            "the plan does not match the plan format",
            "Another mismatch with the plan format; the message names the rule.",
            "schemas/plan.schema.json",
        ),
        Code(
            "IP201",
            "references",
            _E,
            "the file name does not match the plan id",
            "A plan's file is named after its id (p-0042.yaml holds `id: p-0042`), so that a plan "
            "can be found by its id and links between plans stay right.",
            "design: one file per plan",
        ),
        Code(
            "IP202",
            "references",
            _E,
            "two plans have the same id",
            "Every plan id must be unique in the repository.",
            "design: stable plan ids",
        ),
        Code(
            "IP203",
            "references",
            _E,
            "refers to a participant who is not in the plan",
            "coordinator, responsible, by, attendees and covers name participants by their id; the "
            "id must be listed under participants.",
            "NO content list points 2-5: who takes part and who is responsible",
        ),
        Code(
            "IP204",
            "references",
            _E,
            "an id is used twice in the plan",
            "Participant, consent, goal, sub-goal and measure ids must be unique within the plan, "
            "so that evaluations, history and reports point at one thing.",
            "design: stable ids",
        ),
    )
}


def severity_of(code: str) -> Severity:
    return CODES[code].severity
