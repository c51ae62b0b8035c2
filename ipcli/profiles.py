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

    def theme(self, key: str) -> ThemeDef | None:
        return next((t for t in self.themes if t.key == key), None)

    def is_on(self, code: str) -> bool:
        return self.rules.get(code, Severity.ERROR) is not None


# What each interval means (keys of [deadlines] in ipcli.toml).
INTERVALS = {
    "work_start": "plan work starts within this long after enrolment or referral",
    "revision": "the whole plan is evaluated and revised at least this often",
    "municipality_meeting": "a meeting with the acting municipality (handlekommunen) at least this often",
    "consent_warning": "warn this long before a consent runs out",
    "stale": "a plan with no evaluation, revision or meeting for this long is stale",
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
    # Norway sets no national interval: the plan states its own dates. The yearly rules and the
    # focus-area decision are Danish local standards.
    rules=MappingProxyType({"IP302": None, "IP303": None, "IP310": None, "IP407": None}),
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
    rules=MappingProxyType({"IP410": None, "IP412": None}),
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
    return profile._replace(
        intervals=MappingProxyType({**profile.intervals, **intervals}),
        rules=MappingProxyType({**profile.rules, **rules}),
        themes=profile.themes + tuple(t for t in extra_themes if t.key not in known),
    )
