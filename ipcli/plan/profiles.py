"""Rule profiles: a theme list with labels, default intervals, and which rules are on.

Built in: `no-ip` (Norwegian individuell plan) and `dk-sel141` (Danish provider plan under
quality standard 1.3, built on the § 141 handleplan). A repository adjusts them in ipcli.toml;
rules are never loaded from a repository, only switched and re-weighted.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from ipcli.language.calendar import Interval, parse_interval
from ipcli.language.i18n import N_
from ipcli.plan.findings import Severity, said

if TYPE_CHECKING:
    from ipcli.plan.model import Plan


class ThemeDef(NamedTuple):
    key: str
    labels: MappingProxyType[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.key


class Profile(NamedTuple):
    name: str
    title: str  # a catalogue key for a built-in profile (`words()` shows it)
    themes: tuple[ThemeDef, ...]
    intervals: MappingProxyType[str, Interval]
    # code -> severity for rules that differ from the code's default; None switches a rule off
    rules: MappingProxyType[str, Severity | None] = MappingProxyType({})
    # "no" or "dk": whose law and vocabulary the profile follows (declines, roles, focus areas)
    country: str = "no"
    # code -> why this profile sets the rule so, with the source (shown by `ipcli rules`): a
    # catalogue key, or a said() message for a rule set in ipcli.toml
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

    def no_plan(self, plan: Plan) -> bool:
        """NO: the person declined the plan, or withdrew the consent to it (the plan rests on
        their wish: the withdrawal ends the plan work, seed 001): no plan, no plan deadlines."""
        return self.decline_means_no_plan and plan.declined


# What each interval means (keys of [deadlines] in ipcli.toml), and where each default comes
# from ("not set by the sources" where the number is ipcli's own): catalogue keys, the English
# text in the en catalogue.
INTERVALS = {
    "work_start": N_("interval.work_start"),
    "revision": N_("interval.revision"),
    "municipality_meeting": N_("interval.municipality_meeting"),
    "consent_warning": N_("interval.consent_warning"),
    "stale": N_("interval.stale"),
}
INTERVAL_SOURCES = {
    "work_start": N_("interval.work_start.source"),
    "revision": N_("interval.revision.source"),
    "municipality_meeting": N_("interval.municipality_meeting.source"),
    "consent_warning": N_("interval.consent_warning.source"),
    "stale": N_("interval.stale.source"),
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
    title=N_("profile.no-ip.title"),
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
            "IP415": None,
        }
    ),
    country="no",
    why=MappingProxyType(
        {
            "IP301": N_("profile.no-ip.why.IP301"),
            "IP302": N_("profile.no-ip.why.IP302"),
            "IP303": N_("profile.no-ip.why.IP303"),
            "IP310": N_("profile.no-ip.why.IP310"),
            "IP407": N_("profile.no-ip.why.IP407"),
            "IP497": N_("profile.no-ip.why.IP497"),
            "IP496": N_("profile.no-ip.why.IP496"),
            "IP415": N_("profile.no-ip.why.IP415"),
        }
    ),
)

DK_SEL141 = Profile(
    name="dk-sel141",
    title=N_("profile.dk-sel141.title"),
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
            "IP410": N_("profile.dk-sel141.why.IP410"),
            "IP412": N_("profile.dk-sel141.why.IP412"),
            "IP498": N_("profile.dk-sel141.why.IP498"),
            "IP499": N_("profile.dk-sel141.why.IP499"),
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
        code: said("profile.set_here.default", default_term=profile.why[code])
        if code in profile.why
        else said("profile.set_here")
        for code in rules
    }
    return profile._replace(
        why=MappingProxyType({**profile.why, **why}),
        intervals=MappingProxyType({**profile.intervals, **intervals}),
        rules=MappingProxyType({**profile.rules, **rules}),
        themes=profile.themes + tuple(t for t in extra_themes if t.key not in known),
    )
