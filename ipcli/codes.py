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

from ipcli.findings import Severity


class Code(NamedTuple):
    code: str
    family: str
    severity: Severity
    title: str
    explanation: str
    source: str = ""


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_RANDERS = "Randers Kommune, fælles retningslinjer for standard 1.3 individuelle planer"
_NO_LIST = "Helsedirektoratet: innholdet i individuell plan (forskrift om habilitering og rehabilitering)"

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
            "IP008",
            "file",
            _E,
            "a list item seems to have lost its `- `",
            "Each item of a list (a participant, a goal, a measure, an evaluation) starts with "
            "`- `. When the same keys start again inside one item, the `- ` of the next item is "
            "probably missing: put it back. Do not merge the keys, which would delete an entry.",
            "YAML: block sequences",
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
        Code(
            "IP205",
            "references",
            _W,
            "the same person seems to have two plans",
            "One person has one plan. Two plans with the same name and birth year in the "
            "repository are probably the same person: merge them or close one.",
            "both countries: one person, one plan",
        ),
        Code(
            "IP301",
            "deadlines",
            _I,
            "plan work has not started in time after enrolment",
            "Plan work should start within a month (profile: work_start) of enrolment or "
            "referral. Set work_started when it starts.",
            _RANDERS,
        ),
        Code(
            "IP302",
            "deadlines",
            _I,
            "the plan is not ready for the first plan meeting",
            "The plan should be ready (status active) by the first action-plan meeting "
            "(the first meeting of kind plan_meeting).",
            _RANDERS,
        ),
        Code(
            "IP303",
            "deadlines",
            _I,
            "the yearly whole-plan revision is due",
            "The whole plan is evaluated and revised at least every 12 months (profile: "
            "revision), counted from the last revision, else from the start of plan work.",
            _RANDERS + "; Orion's concept for the individual plan",
        ),
        Code(
            "IP304",
            "deadlines",
            _I,
            "the plan's own revision date has come",
            "The plan states when it is revised next (next_revision). Revise it, record the "
            "revision, and set the next date.",
            _NO_LIST + ", point 7",
        ),
        Code(
            "IP305",
            "deadlines",
            _I,
            "a measure is past its due date and not done",
            "A measure with a due date that has passed while its status is planned or ongoing. "
            "Mark it done or cancelled, or agree a new date.",
            _NO_LIST + ": who is responsible for what, and when",
        ),
        Code(
            "IP306",
            "deadlines",
            _I,
            "a goal's evaluation is due",
            "A goal is evaluated on its next_evaluation date, or evaluate_every after its last "
            "evaluation. Record the evaluation (and the next date).",
            "continuous evaluation; " + _RANDERS,
        ),
        Code(
            "IP307",
            "deadlines",
            _I,
            "a consent runs out or has run out while still relied on",
            "Consents are time-limited. A consent that covers participants still in the plan "
            "must be renewed before valid_until (warning from 30 days before, profile: "
            "consent_warning).",
            "consent is time-limited and can be withdrawn",
        ),
        Code(
            "IP308",
            "deadlines",
            _E,
            "the plan has no active coordinator, or more than one",
            "Exactly one coordinator (DK: contact person) has the main responsibility at any "
            "time, also when the person declines the plan itself.",
            "Forskrift om habilitering og rehabilitering § 21; municipal practice",
        ),
        Code(
            "IP309",
            "deadlines",
            _I,
            "the plan period has ended while the plan is active",
            "Revise the plan and set a new period, or close the plan.",
            _NO_LIST + ", point 7",
        ),
        Code(
            "IP310",
            "deadlines",
            _I,
            "the yearly meeting with the acting municipality (handlekommunen) is due",
            "A meeting of kind municipality at least every 12 months (profile: municipality_meeting).",
            _RANDERS,
        ),
        Code(
            "IP311",
            "deadlines",
            _I,
            "the plan looks stale",
            "No evaluation, revision or meeting recorded for 6 months (profile: stale): an "
            "active plan is continuously evaluated.",
            "quality indicator 'active individual plan'",
        ),
        Code(
            "IP312",
            "deadlines",
            _W,
            "something that has happened is dated in the future",
            "An evaluation, a revision or a consent is recorded when it has happened, so it cannot "
            "be dated after today. Meetings can be recorded when agreed, but not more than a year "
            "ahead. A date like 2207-01-15 is usually a typing error in the year.",
            "design: dates are checked against --today",
        ),
        Code(
            "IP401",
            "content",
            _W,
            "the person's own words are missing",
            "Each theme's situation should hold the person's own words (citizen), apart from "
            "staff's. Not required when participation is declined.",
            "Orion: it must be clear which statements are the citizen's; " + _RANDERS,
        ),
        Code(
            "IP402",
            "content",
            _W,
            "a wish that cannot be met has no justification",
            "Wishes are recorded even when they cannot be met now; then the professional "
            "reason, and what is done about it, must be written.",
            _RANDERS,
        ),
        Code(
            "IP403",
            "content",
            _W,
            "an external participant has no reason for taking part",
            "Professionals and agencies from outside the coordinator's organisation need a "
            "reason: why this party takes part in the plan.",
            _RANDERS,
        ),
        Code(
            "IP404",
            "content",
            _W,
            "a measure has no responsible participant",
            "Every planned or ongoing measure needs someone responsible (a participant id).",
            _NO_LIST + ", point 5",
        ),
        Code(
            "IP405",
            "content",
            _W,
            "a measure has no due date",
            "Every planned or ongoing measure needs a date by which it is done or reviewed.",
            _NO_LIST + ": who is responsible for what, and when",
        ),
        Code(
            "IP406",
            "content",
            _W,
            "a participant is relied on without a covering consent",
            "Sharing information with a participant outside the coordinator's organisation "
            "needs a share_information consent that covers them (IP307 follows consents that "
            "run out).",
            _NO_LIST + ", point 8",
        ),
        Code(
            "IP407",
            "content",
            _W,
            "a theme has no focus-area decision",
            "For each theme, decide whether there is an agreement on a focus area "
            "(focus_agreement: agreed, not_needed or later).",
            "Orion: stillingtagen til aftale om indsatsområde",
        ),
        Code(
            "IP408",
            "content",
            _W,
            "the theme is not in the profile's theme list",
            "Themes come from the profile (`ipcli rules --themes` lists them); a repository can "
            "add its own in ipcli.toml under [themes].",
            "design: profiles",
        ),
        Code(
            "IP409",
            "content",
            _E,
            "unknown profile",
            "The plan names a profile that is not built in (no-ip, dk-sel141); its rules cannot be applied.",
            "design: profiles",
        ),
        Code(
            "IP410",
            "content",
            _W,
            "an active plan has no period or revision date",
            "A Norwegian plan states its period and when it is adjusted and revised.",
            _NO_LIST + ", point 7",
        ),
        Code(
            "IP412",
            "content",
            _W,
            "no consent to make the plan",
            "The person (or guardian) consents to the plan being made; record it under "
            "consents with kind plan.",
            _NO_LIST + ", point 8",
        ),
        Code(
            "IP413",
            "content",
            _W,
            "an active goal is never evaluated",
            "An active goal needs a next evaluation date (next_evaluation) or an interval "
            "(evaluate_every); without one, `ipcli due` never reminds anyone to evaluate it.",
            "continuous evaluation; " + _RANDERS,
        ),
        Code(
            "IP501",
            "privacy",
            _E,
            "text looks like a national id number",
            "A CPR number or fødselsnummer (the checksum matches) in a plan. Plans use "
            "pseudonymous ids; remove the number. If it was committed, see the README on "
            "erasing data from git history.",
            "GDPR art. 9; design: pseudonymous plan ids",
        ),
        Code(
            "IP601",
            "hygiene",
            _W,
            "a word older YAML tools read as true or false",
            "YAML 1.1 tools (many editors' plugins, PyYAML) read unquoted yes, no, on, off, "
            "y and n as true/false. Put the word in quotes.",
            "YAML 1.1 vs 1.2",
        ),
        Code(
            "IP602",
            "hygiene",
            _I,
            "a tab character in the text",
            "Tabs show differently in every editor and break YAML when used for indentation. Use spaces.",
            "hygiene",
        ),
        Code(
            "IP603",
            "hygiene",
            _E,
            "an ignore comment without a reason",
            "`# ip: ignore[CODE] reason` silences a finding on its line only with a reason, so "
            "that the next reader knows why.",
            "design: rules",
        ),
        Code(
            "IP604",
            "hygiene",
            _W,
            "a quote mark out of place",
            'A text that ends with a quote mark (") but does not start with one keeps the mark as '
            "part of the text; a quote that is not closed where the value ends runs on and swallows "
            "the next lines. Quote the whole text, or remove the mark.",
            "YAML: quoted and plain scalars",
        ),
        Code(
            "IP605",
            "hygiene",
            _W,
            "part of a text became a comment",
            "In YAML, ` #` starts a comment: in `med #1 ønske`, everything from `#1` on is left "
            "out of the plan. Put the whole text in quotes to keep it.",
            "YAML: comments",
        ),
    )
}


def severity_of(code: str) -> Severity:
    return CODES[code].severity
