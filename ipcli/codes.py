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
# Sources: the seed documents (docs/domain.md lists them) with their section, or the law.
_ORION = "seed 000 (Orion, Individuel plan)"
_HDIR = "seed 001 (Hva er en individuell plan?, quoting Helsedirektoratet)"
_RANDERS = "seed 002 (Randers Kommune, retningslinjer for standard 1.3 individuelle planer)"
_R_INVOLVE = _RANDERS + ", Retningslinjer for inddragelse af de enkeltes ønsker, mål og behov"
_R_PARTIES = _RANDERS + ", Retningslinjer for at formulering af mål og delmål ... foregår i samarbejde"
_R_EVAL = _RANDERS + ", Retningslinjer for løbende evaluering og eventuel revidering"
_R_DEFS = _RANDERS + ", Definitioner af begreber: Individuel plan"
_NO_SERVICE = "seed 003 (a Norwegian municipality's service description, Individuell plan)"
_NO_INDICATOR = "seed 004 (a Norwegian municipality's quality indicator)"
_NO_LIST = (
    "forskrift om habilitering og rehabilitering, individuell plan og koordinator § 19 "
    "(the content list; the regulation is named in seed 003, Lovgrunnlag)"
)
_FORMAT = "not from the sources: a check of the file format, so that every tool reads the plan alike"

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
            _FORMAT,
        ),
        Code(
            "IP002",
            "file",
            _E,
            "the YAML syntax is broken",
            "The file is not valid YAML: a missing colon, a wrong indentation, a tab, an unclosed "
            "quote. Nothing else in the file can be checked until it reads.",
            _FORMAT,
        ),
        Code(
            "IP003",
            "file",
            _E,
            "unresolved merge conflict",
            "Git left conflict markers (<<<<<<<, =======, >>>>>>>) in the file when two changes "
            "met. Choose what the plan should say, remove the markers and commit.",
            _FORMAT,
        ),
        Code(
            "IP004",
            "file",
            _E,
            "a key appears twice",
            "The same key twice in one place: YAML tools disagree on which value wins, so the plan "
            "would mean different things to different readers. Merge the two.",
            _FORMAT,
        ),
        Code(
            "IP005",
            "file",
            _E,
            "the file is not a plan",
            "The file is empty, or holds a list or a single value instead of a plan's keys.",
            _FORMAT,
        ),
        Code(
            "IP006",
            "file",
            _E,
            "a YAML feature plans do not use",
            "Tags (!!python/object, !custom) and merge keys (<<) can make YAML tools run code or "
            "read data differently. Plans hold only text, numbers, dates, lists and keys.",
            _FORMAT,
        ),
        Code(
            "IP007",
            "file",
            _E,
            "the file exceeds a safety limit",
            "The file is larger, deeper or expands to more values than any plan needs. The limits "
            "protect the tool and CI from hostile or broken files; see [limits] in ipcli.toml.",
            _FORMAT,
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
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP102",
            "schema",
            _E,
            "a required key is missing",
            "Every plan needs schema, id, profile, language, status and person; parts of a plan "
            "(goals, measures, consents, ...) have their own required keys.",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP103",
            "schema",
            _E,
            "a value has the wrong type",
            "A list where text is expected, text where a list is expected, a number where text is "
            "expected (put it in quotes), or an empty value.",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP104",
            "schema",
            _E,
            "a value is not one of the allowed ones",
            "Closed vocabularies (status, role, outcome, ...) accept only the listed words.",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP105",
            "schema",
            _E,
            "not a real date",
            "Dates are written YYYY-MM-DD and must exist in the calendar (2025-02-30 does not).",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP106",
            "schema",
            _E,
            "a value has the wrong form",
            "Ids use lowercase letters, digits and - _ . (the plan id: letters, digits and -); "
            "lengths of time are written like '3 months'; e-mail addresses need an @.",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP107",
            "schema",
            _E,
            "the same entry is listed twice",
            "A list of participant ids names the same participant twice.",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP109",
            "schema",
            _E,
            "the plan does not match the plan format",
            "Another mismatch with the plan format; the message names the rule.",
            "schemas/plan.schema.json (" + _FORMAT[len("not from the sources: ") :] + ")",
        ),
        Code(
            "IP201",
            "references",
            _E,
            "the file name does not match the plan id",
            "A plan's file is named after its id (p-0042.yaml holds `id: p-0042`), so that a plan "
            "can be found by its id and links between plans stay right.",
            "not from the sources: ipcli's design (one file per plan, named by its id)",
        ),
        Code(
            "IP202",
            "references",
            _E,
            "two plans have the same id",
            "Every plan id must be unique in the repository.",
            "not from the sources: ipcli's design (stable, pseudonymous plan ids)",
        ),
        Code(
            "IP203",
            "references",
            _E,
            "refers to a participant who is not in the plan",
            "coordinator, responsible, by, attendees and covers name participants by their id; the "
            "id must be listed under participants.",
            _NO_LIST + ", points 2-5: who takes part and who is responsible",
        ),
        Code(
            "IP204",
            "references",
            _E,
            "an id is used twice in the plan",
            "Participant, consent, goal, sub-goal and measure ids must be unique within the plan, "
            "so that evaluations, history and reports point at one thing.",
            "not from the sources: ipcli's design (evaluations and history point at one thing)",
        ),
        Code(
            "IP205",
            "references",
            _W,
            "the same person seems to have two plans",
            "One person has one plan. Two plans with the same name and birth year in the "
            "repository are probably the same person: merge them or close one.",
            "one person, one plan: "
            + _NO_SERVICE
            + " (helhetlig ... tjenestetilbud); "
            + _ORION
            + " (overordnet og koordinerende dokument)",
        ),
        Code(
            "IP301",
            "deadlines",
            _I,
            "plan work has not started in time after enrolment",
            "Plan work should start within a month (profile: work_start) of enrolment. Set "
            "work_started when it starts. Danish rule; off in no-ip, where no source sets a start "
            "deadline (a service can switch it on in ipcli.toml).",
            _R_EVAL + ': "Indenfor den 1. måned efter indskrivning påbegyndes udarbejdelse"',
        ),
        Code(
            "IP302",
            "deadlines",
            _I,
            "the plan is not ready for the first plan meeting",
            "The plan should be ready (status active) by the first action-plan meeting "
            "(the first meeting of kind plan_meeting).",
            _R_EVAL + ': "Den individuelle plan skal foreligge ved først kommende handleplansmøde"',
        ),
        Code(
            "IP303",
            "deadlines",
            _I,
            "the yearly whole-plan revision is due",
            "The whole plan is evaluated and revised at least every 12 months (profile: "
            "revision), counted from the last revision, else from the start of plan work.",
            _R_EVAL
            + ': "mindst én gang årligt evalueres i sin helhed og revideres"; '
            + _ORION
            + ': "en gang årligt foretages en gennemgående revision"',
        ),
        Code(
            "IP304",
            "deadlines",
            _I,
            "the plan's own revision date has come",
            "The plan states when it is revised next (next_revision). Revise it, record the "
            "revision, and set the next date.",
            _NO_LIST + ", point 7 (times for adjustment and revision)",
        ),
        Code(
            "IP305",
            "deadlines",
            _I,
            "a measure is past its due date and not done",
            "A measure with a due date that has passed while its status is planned or ongoing. "
            "Mark it done or cancelled, or agree a new date.",
            _NO_SERVICE + ': "hvem som har ansvar for hva, og når det skal gjøres"',
        ),
        Code(
            "IP306",
            "deadlines",
            _I,
            "a goal's or sub-goal's evaluation is due",
            "A goal (or sub-goal) is evaluated on its next_evaluation date, or evaluate_every "
            "after its last evaluation. Record the evaluation (and the next date).",
            _NO_INDICATOR
            + ': "under kontinuerlig evaluering"; '
            + _R_EVAL
            + ': "om planen, mål og delmål er fulgt"',
        ),
        Code(
            "IP307",
            "deadlines",
            _I,
            "a consent runs out or has run out while still relied on",
            "Consents are time-limited. A consent that covers participants still in the plan "
            "must be renewed before valid_until (warning from 30 days before, profile: "
            "consent_warning).",
            "the sources ask for consent (seeds 002, 003) but set no period: valid_until is the "
            "plan's own date, and the 30-day warning is ipcli's",
        ),
        Code(
            "IP308",
            "deadlines",
            _E,
            "the plan has no active coordinator, or more than one",
            "Exactly one service provider has the main responsibility at any time: the "
            "coordinator (DK: the contact person, or a coordinator). Counted over both roles; a "
            "relative, guardian or the person cannot be it. In Norway a coordinator is offered "
            "even when the person declines the plan, and they may decline that too.",
            _NO_SERVICE
            + ': "til en hver tid er en tjenesteyter som har hovedansvaret"; '
            + _R_INVOLVE
            + ": the contact person writes the plan; forskrift om habilitering og rehabilitering § 21",
        ),
        Code(
            "IP309",
            "deadlines",
            _I,
            "the plan period has ended while the plan is active",
            "Revise the plan and set a new period, or close the plan.",
            _NO_LIST + ", point 7 (the plan period)",
        ),
        Code(
            "IP310",
            "deadlines",
            _I,
            "the yearly meeting with the handlekommune is due",
            "Once a year the provider meets the handlekommune — the acting municipality, which has "
            "the case and the duty to follow it up — to make sure the information about the "
            "current services in the plan is right: a meeting of kind municipality at least "
            "every 12 months (profile: municipality_meeting).",
            _R_PARTIES + ': "Én gang årligt afholdes der møde med handlekommunen, for at sikre, at '
            'informationsniveauet omkring aktuelle ydelser i den individuelle plan er i orden"',
        ),
        Code(
            "IP311",
            "deadlines",
            _I,
            "the plan looks stale",
            "No evaluation, revision or meeting recorded for 6 months (profile: stale): an "
            "active plan is continuously evaluated.",
            _NO_INDICATOR + ': "planen er i bruk som et aktivt verktøy ... under kontinuerlig '
            "evaluering\"; the 6 months are ipcli's own (the source sets no number)",
        ),
        Code(
            "IP399",
            "deadlines",
            _I,
            "the date to invite the person again has come",
            "The person declined (the plan itself in Norway, taking part in Denmark). When the "
            "service has set a date to offer the plan again (decline.offer_again), that date is "
            "due. Record the answer: a new decline date, or the plan work starting.",
            _NO_INDICATOR + ": many decline the offer of a plan; " + _R_INVOLVE + ': "Der skal '
            'løbende arbejdes hen imod, at det bliver muligt, at inddrage borgeren". The sources '
            "set no interval: the date is the service's own",
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
            _ORION + ': "tydeligt fremgår hvilke udsagn ... er formuleret af brugeren"; ' + _R_INVOLVE,
        ),
        Code(
            "IP402",
            "content",
            _W,
            "a wish that cannot be met has no justification",
            "Wishes are recorded even when they cannot be met now; then the professional "
            "reason, and what is done about it, must be written.",
            _R_INVOLVE + ': "fagpersonerne skal fagligt begrunde, hvorfor det ikke kan lade sig gøre"',
        ),
        Code(
            "IP403",
            "content",
            _W,
            "an external participant has no reason for taking part",
            "Professionals and agencies from outside the coordinator's organisation need a "
            "reason: why this party takes part in the plan.",
            _R_PARTIES + ': "dokumenteres hvem det er og begrundelse for inddragelsen"',
        ),
        Code(
            "IP404",
            "content",
            _W,
            "a measure has no responsible participant",
            "Every planned or ongoing measure needs someone responsible (a participant id).",
            _NO_LIST + ", point 5; " + _NO_SERVICE + ': "hvem som har ansvar for hva"',
        ),
        Code(
            "IP405",
            "content",
            _W,
            "a measure has no due date",
            "Every planned or ongoing measure needs a date by which it is done or reviewed.",
            _NO_SERVICE + ': "hvem som har ansvar for hva, og når det skal gjøres"',
        ),
        Code(
            "IP406",
            "content",
            _W,
            "a participant is relied on without a covering consent",
            "Sharing information with a participant outside the coordinator's organisation "
            "needs a share_information consent that covers them (IP307 follows consents that "
            "run out).",
            _NO_SERVICE + ': "At du underskriver samtykke, slik at koordinator kan utveksle nødvendig '
            'informasjon"; ' + _NO_LIST + ", point 8; " + _HDIR + ': "Forutsetningen er at mannen er enig"',
        ),
        Code(
            "IP407",
            "content",
            _W,
            "a theme has no focus-area decision",
            "For each theme, decide whether there is an agreement on a focus area "
            "(focus_agreement: agreed, not_needed or later). Danish (Orion); off in no-ip.",
            _ORION + ": stillingtagen til hvorvidt der skal udarbejdes en 'aftale om indsatsområde'",
        ),
        Code(
            "IP408",
            "content",
            _W,
            "the theme is not in the profile's theme list",
            "Themes come from the profile (`ipcli rules --themes` lists them); a repository can "
            "add its own in ipcli.toml under [themes].",
            _ORION + " (the seven themes, dk-sel141); the no-ip themes are ipcli's own: the "
            "Norwegian sources set no theme list",
        ),
        Code(
            "IP409",
            "content",
            _E,
            "unknown profile",
            "The plan names a profile that is not built in (no-ip, dk-sel141); its rules cannot be applied.",
            "not from the sources: ipcli's design (profiles)",
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
            "The person (or whoever represents them) consents to the plan being made; record it "
            "under consents with kind plan. Not asked when the person declined.",
            _NO_LIST + ", point 8; " + _HDIR + ': "rett til ... dersom personen selv ønsker det"',
        ),
        Code(
            "IP492",
            "content",
            _W,
            "the consent or representation does not fit who represents the person",
            "A person who cannot take a stand may be represented by a relative, a guardian "
            "(verge/værge) or others after consent; a child by the custody holder. When "
            "person.represented_by names someone, they must be a participant with role "
            "relative, guardian or custody_holder; consents to make the plan or collect "
            "information for a child are given by the custody holder; a relative represents "
            "only after a consent from the person or guardian.",
            _R_INVOLVE
            + ': "kan pårørende, værge eller andre efter samtykke repræsentere borgeren"; '
            + "Vedrørende indhentning af relevante oplysninger: samtykke fra borgeren, værgen "
            "eller forældremyndighedsindehaveren",
        ),
        Code(
            "IP493",
            "content",
            _I,
            "an evaluation or revision without the person's own view",
            "An evaluation of a goal or a revision of the plan records the person's own view "
            "(citizen:), or their representative's (guardian:, custody_holder:, relative:). Off "
            "when participation is declined.",
            _R_INVOLVE
            + ': "Borgeren skal være inddraget i udarbejdelsen ... på alle niveauer"; '
            + _NO_SERVICE
            + ': "IP er en brukerstyrt individuell plan"',
        ),
        Code(
            "IP494",
            "content",
            _I,
            "the person did not take part",
            "Plan meetings, revision meetings, evaluations and revisions are held with the person "
            "or whoever represents them. Off when participation is declined.",
            _R_EVAL
            + ': "med inddragelse af relevante parter"; '
            + _R_INVOLVE
            + ': "udarbejdes i samarbejde med borgerne"; '
            + _NO_SERVICE
            + ": brukermedvirkning",
        ),
        Code(
            "IP495",
            "content",
            _I,
            "who took part is not recorded",
            "A plan meeting or revision meeting without attendees, or an evaluation or revision "
            "without `by:`: record who took part, so that the person's part can be seen.",
            _R_PARTIES + ': "dokumenteres hvem det er"; ' + _NO_LIST + ", point 2",
        ),
        Code(
            "IP496",
            "content",
            _W,
            "no consent to collect information at enrolment",
            "At enrolment, relevant information is collected from earlier and current partners "
            "with consent from the person, the guardian (værge) or the custody holder "
            "(forældremyndighedsindehaver): a consent with kind collect_information. Danish; "
            "off in no-ip.",
            _R_INVOLVE + ", Vedrørende indhentning af relevante oplysninger ved indflytning/indskrivning",
        ),
        Code(
            "IP497",
            "content",
            _W,
            "the plan does not name its § 141 handleplan",
            "The Danish provider plan builds on the municipality's handleplan (Serviceloven § 141) "
            "and never replaces it: basis with kind sel-141, its reference and its date. Danish; "
            "off in no-ip.",
            _R_DEFS
            + ': "skal tage afsæt i den kommunale handleplan, men kan aldrig erstatte"; '
            + _ORION
            + ': "med udgangspunkt i den kommunale handleplan"',
        ),
        Code(
            "IP498",
            "content",
            _I,
            "a Danish concept in a Norwegian plan",
            "focus_agreement (Orion's 'aftale om indsatsområde') and a § 141 basis are Danish; a "
            "no-ip plan does not use them. Remove them, or use the dk-sel141 profile.",
            _ORION + " (aftale om indsatsområde); " + _R_DEFS + " (SEL § 141)",
        ),
        Code(
            "IP499",
            "content",
            _W,
            "the decline is not recorded",
            "In Norway the person has a right to a plan if they want one; when they decline, no "
            "plan is made, but a coordinator is still offered. Record decline: who declined "
            "(by), when (date), that a coordinator was offered (coordinator_offered: true) and, "
            "if the service wants one, a date to offer again (offer_again).",
            _HDIR + ': "rett til å få utarbeidet en inidviduell plan dersom personen selv ønsker '
            'det"; ' + _NO_INDICATOR + ': "Flere har takket nei til tilbudet om individuell plan"; '
            "forskrift om habilitering og rehabilitering § 21 (coordinator)",
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
            "GDPR art. 9 (special categories of personal data); the sources ask for no national id: "
            "plans use pseudonymous ids (ipcli's design)",
        ),
        Code(
            "IP601",
            "hygiene",
            _W,
            "a word older YAML tools read as true or false",
            "YAML 1.1 tools (many editors' plugins, PyYAML) read unquoted yes, no, on, off, "
            "y and n as true/false. Put the word in quotes.",
            _FORMAT + " (YAML 1.1 and 1.2 read these words differently)",
        ),
        Code(
            "IP602",
            "hygiene",
            _I,
            "a tab character in the text",
            "Tabs show differently in every editor and break YAML when used for indentation. Use spaces.",
            _FORMAT,
        ),
        Code(
            "IP603",
            "hygiene",
            _E,
            "an ignore comment without a reason",
            "`# ip: ignore[CODE] reason` silences a finding on its line only with a reason, so "
            "that the next reader knows why.",
            "not from the sources: ipcli's design (a silenced rule says why)",
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
