"""Rule profiles: a theme list with labels, default intervals, and which rules are on.

Built in: `no-ip` (Norwegian individuell plan) and `dk-sel141` (Danish provider plan under
quality standard 1.3, built on the § 141 handleplan). A repository adjusts them in ipcli.toml;
rules are never loaded from a repository, only switched and re-weighted.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

from ipcli.calendar import Interval, parse_interval
from ipcli.findings import Severity


class ThemeDef(NamedTuple):
    key: str
    labels: MappingProxyType[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.key


class Profile(NamedTuple):
    name: str
    title: str
    themes: tuple[ThemeDef, ...]
    intervals: MappingProxyType[str, Interval]
    # code -> severity for rules that differ from the code's default; None switches a rule off
    rules: MappingProxyType[str, Severity | None] = MappingProxyType({})
    # "no" or "dk": whose law and vocabulary the profile follows (declines, roles, focus areas)
    country: str = "no"
    # code -> why this profile sets the rule so, with the source (shown by `ipcli rules`)
    why: MappingProxyType[str, str] = MappingProxyType({})

    def theme(self, key: str) -> ThemeDef | None:
        return next((t for t in self.themes if t.key == key), None)

    def is_on(self, code: str) -> bool:
        return self.rules.get(code, Severity.ERROR) is not None

    @property
    def decline_means_no_plan(self) -> bool:
        """NO: the person has a right to a plan *if they want one*; declining means no plan is
        made (seeds 001, 004). DK: the provider writes the plan all the same (seeds 000, 002)."""
        return self.country == "no"

    @property
    def lead_roles(self) -> tuple[str, ...]:
        """The roles that can hold the main responsibility: a service provider (seed 003), in the
        Danish provider plan the contact person (seed 002)."""
        return ("coordinator",) if self.country == "no" else ("contact_person", "coordinator")

    @property
    def focus_areas(self) -> bool:
        """Orion's "aftale om indsatsområde" (seed 000) is a Danish concept."""
        return self.country == "dk"

    def declined_plan(self, participation: str) -> bool:
        """The person said no to the plan itself, so there is no plan and no plan deadlines."""
        return participation == "declined" and self.decline_means_no_plan


_RANDERS = "seed 002 (Randers std. 1.3), Retningslinjer for løbende evaluering og eventuel revidering"

# What each interval means (keys of [deadlines] in ipcli.toml).
INTERVALS = {
    "work_start": "plan work starts within this long after enrolment",
    "revision": "the whole plan is evaluated and revised at least this often",
    "municipality_meeting": "a meeting with the handlekommune (the acting municipality) at least this often",
    "consent_warning": "warn this long before a consent runs out",
    "stale": "a plan with no evaluation, revision or meeting for this long is stale",
}
# Where each default comes from; "not set by the sources" where the number is ipcli's own.
INTERVAL_SOURCES = {
    "work_start": _RANDERS + ': "Indenfor den 1. måned efter indskrivning" (DK only; '
    "no Norwegian source here sets a start deadline)",
    "revision": _RANDERS + ': "mindst én gang årligt"; seed 000 (Orion): "en gang årligt" (DK only)',
    "municipality_meeting": "seed 002 (Randers std. 1.3): "
    '"Én gang årligt afholdes der møde med handlekommunen" (DK only)',
    "consent_warning": "not set by the sources: 30 days is ipcli's own warning time "
    "(the sources say only that consent is given and signed: seeds 002, 003)",
    "stale": "not set by the sources: seed 004 asks for continuous evaluation "
    '("under kontinuerlig evaluering") without a number; 6 months is ipcli\'s own',
}
_DEFAULT_INTERVALS = {
    "work_start": "1 month",
    "revision": "12 months",
    "municipality_meeting": "12 months",
    "consent_warning": "30 days",
    "stale": "6 months",
}


def _themes(*rows: tuple[str, str, str, str, str]) -> tuple[ThemeDef, ...]:
    return tuple(
        ThemeDef(k, MappingProxyType({"nb": nb, "nn": nn, "da": da, "en": en})) for k, nb, nn, da, en in rows
    )


def _intervals(**overrides: str) -> MappingProxyType[str, Interval]:
    merged = {**_DEFAULT_INTERVALS, **overrides}
    return MappingProxyType({k: parse_interval(v) for k, v in merged.items()})


NO_IP = Profile(
    name="no-ip",
    title="Norwegian individual plan (individuell plan)",
    themes=_themes(
        ("daily_living", "Daglige gjøremål", "Daglege gjeremål", "Dagligdag", "Daily living"),
        ("health", "Helse", "Helse", "Helbred", "Health"),
        ("communication", "Kommunikasjon", "Kommunikasjon", "Kommunikation", "Communication"),
        (
            "social_life_and_leisure",
            "Sosialt liv og fritid",
            "Sosialt liv og fritid",
            "Socialt liv og fritid",
            "Social life and leisure",
        ),
        (
            "work_and_activity",
            "Arbeid og aktivitet",
            "Arbeid og aktivitet",
            "Arbejde og aktivitet",
            "Work and activity",
        ),
        ("education", "Opplæring og utdanning", "Opplæring og utdanning", "Uddannelse", "Education"),
        ("housing", "Bolig", "Bustad", "Bolig", "Housing"),
        ("finances", "Økonomi", "Økonomi", "Økonomi", "Finances"),
        (
            "family_and_network",
            "Familie og nettverk",
            "Familie og nettverk",
            "Familie og netværk",
            "Family and network",
        ),
    ),
    intervals=_intervals(),
    # Norway sets no national interval: the plan states its own dates. The start deadline, the
    # yearly rules and the focus-area decision are Danish local standards.
    rules=MappingProxyType(
        {
            "IP301": None,
            "IP302": None,
            "IP303": None,
            "IP310": None,
            "IP407": None,
            "IP497": None,
            "IP496": None,
        }
    ),
    country="no",
    why=MappingProxyType(
        {
            "IP301": "off: the 1-month start comes from the Danish Randers standard (seed 002); "
            "no Norwegian source here sets a start deadline. Switch it on in ipcli.toml "
            '([rules] IP301 = "info") if your service has one',
            "IP302": "off: the first action-plan meeting (handleplansmøde) is Danish (seed 002); "
            "the Norwegian sources set no such meeting",
            "IP303": "off: the yearly revision is Danish (seeds 000, 002); in Norway the plan states "
            "its own revision date (IP304)",
            "IP310": "off: the handlekommune meeting is Danish (seed 002)",
            "IP407": "off: the focus-area agreement is Orion's (seed 000), a Danish concept",
            "IP497": "off: the § 141 handleplan is Danish (seed 002); a Norwegian plan may name "
            "its decisions in basis, but no source requires it",
            "IP496": "off: consent to collect information at enrolment is the Danish standard's "
            "(seed 002); the Norwegian sources ask for a signed consent to share information "
            "(seed 003, IP406)",
        }
    ),
)

DK_SEL141 = Profile(
    name="dk-sel141",
    title="Danish provider plan (individuel plan, quality standard 1.3, SEL § 141)",
    themes=_themes(
        ("collaboration", "Samarbeid", "Samarbeid", "Samarbejde", "Collaboration"),
        (
            "practical_and_finances",
            "Praktiske forhold og økonomi",
            "Praktiske forhold og økonomi",
            "Praktiske forhold og økonomi",
            "Practical matters and finances",
        ),
        (
            "network_and_family",
            "Nettverk og familie",
            "Nettverk og familie",
            "Netværk og familie",
            "Network and family",
        ),
        (
            "interests_and_activities",
            "Interesser og aktiviteter",
            "Interesser og aktivitetar",
            "Interesser og aktiviteter",
            "Interests and activities",
        ),
        (
            "learning_and_education",
            "Læring og utdanning",
            "Læring og utdanning",
            "Læring og uddannelse",
            "Learning and education",
        ),
        ("employment", "Arbeid og sysselsetting", "Arbeid og sysselsetjing", "Beskæftigelse", "Employment"),
        (
            "health_and_wellbeing",
            "Fysisk og psykisk helse og trivsel",
            "Fysisk og psykisk helse og trivsel",
            "Fysisk og psykisk sundhed og trivsel",
            "Physical and mental health and wellbeing",
        ),
    ),
    intervals=_intervals(),
    # The Norwegian content list asks for a stated period and revision date and a plan consent.
    rules=MappingProxyType({"IP410": None, "IP412": None, "IP498": None, "IP499": None}),
    country="dk",
    why=MappingProxyType(
        {
            "IP410": "off: a stated period and revision date are the Norwegian content list's "
            "(point 7); the Danish plan is revised yearly (IP303)",
            "IP412": "off: the Danish sources ask for consent to collect information at enrolment "
            "(seed 002, IP496), not for a consent to make the plan",
            "IP498": "off: the Danish concepts are this profile's own",
            "IP499": "off: in Denmark the plan is written even when the person declines "
            "(seeds 000, 002); participation_note says how the person is invited in",
        }
    ),
)

BUILTIN: dict[str, Profile] = {p.name: p for p in (NO_IP, DK_SEL141)}


def customised(
    profile: Profile,
    intervals: dict[str, Interval],
    rules: dict[str, Severity | None],
    extra_themes: tuple[ThemeDef, ...],
) -> Profile:
    """The profile with a repository's overrides from ipcli.toml applied."""
    known = {t.key for t in profile.themes}
    why = {
        code: "set in ipcli.toml"
        + (f" (the profile's default: {profile.why[code]})" if code in profile.why else "")
        for code in rules
    }
    return profile._replace(
        why=MappingProxyType({**profile.why, **why}),
        intervals=MappingProxyType({**profile.intervals, **intervals}),
        rules=MappingProxyType({**profile.rules, **rules}),
        themes=profile.themes + tuple(t for t in extra_themes if t.key not in known),
    )
