"""ipcli.toml: the repository's settings, validated like a plan (unknown keys are errors)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ipcli.errors import UserError
from ipcli.language.calendar import Interval, parse_interval
from ipcli.language.i18n import megabytes, tr
from ipcli.plan.codes import CODES
from ipcli.plan.findings import Severity
from ipcli.plan.limits import Limits
from ipcli.plan.profiles import BUILTIN, INTERVALS, Profile, ThemeDef, customised

CONFIG_NAME = "ipcli.toml"
LANGUAGES = ("nb", "nn", "da", "en")
DEFAULT_PLAN_GLOBS = ("plans/**/*.yaml", "plans/**/*.yml")


@dataclass(frozen=True)
class Config:
    profile: str = "no-ip"
    language: str | None = None  # messages' language (else the environment's) and new plans'
    plans: tuple[str, ...] = DEFAULT_PLAN_GLOBS
    limits: Limits = field(default_factory=Limits)
    deadlines: MappingProxyType[str, Interval] = field(default_factory=lambda: MappingProxyType({}))
    rules: MappingProxyType[str, Severity | None] = field(default_factory=lambda: MappingProxyType({}))
    themes: tuple[ThemeDef, ...] = ()
    render_templates: str | None = None  # a folder of the repository's own templates
    citizen_shows_staff: bool = False  # the person's version includes staff's assessments
    ci_install: str = ""  # [ci] install: what CI gives `pip install` to get ipcli
    render_organisation: str | None = None  # named in the header of printed plans
    render_without: tuple[str, ...] = ()  # sections left out of rendered plans by default
    render_logo: str | None = None  # an image in the repository shown in every document's header
    render_case_label: str | None = None  # what the organisation calls a plan's case_number
    # [stats] recipients: how many service recipients there are, for the share who have a plan
    # (seed 004's indicator): "" for all of them, or a unit's folder name
    stats_recipients: MappingProxyType[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # profiles with the overrides applied, made once per name (asked for once per plan)
    _profiles: dict[str, Profile | None] = field(default_factory=dict, compare=False, repr=False)

    def profile_named(self, name: str) -> Profile | None:
        """A built-in profile with this repository's overrides, or None if there is none."""
        if name not in self._profiles:
            base = BUILTIN.get(name)
            self._profiles[name] = (
                None
                if base is None
                else customised(base, dict(self.deadlines), dict(self.rules), self.themes)
            )
        return self._profiles[name]


_TOP_KEYS = {
    "profile",
    "language",
    "plans",
    "limits",
    "deadlines",
    "rules",
    "themes",
    "render",
    "ci",
    "stats",
}
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}
_LIMIT_KEYS = {"max_file_bytes", "max_depth", "max_nodes"}


MAX_CONFIG_BYTES = 1_048_576  # a real ipcli.toml is a few hundred bytes


def load_config(path: Path) -> Config:
    """Read and check ipcli.toml; every problem is a UserError naming the file and line. The
    file is untrusted input like a plan: its size is checked before reading, a byte-order mark
    is accepted, and nesting too deep for the reader is an error, not a crash."""
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise UserError(
                tr(
                    "config.too_large",
                    path=path,
                    size=megabytes(size),
                    most=MAX_CONFIG_BYTES // 1_048_576,
                ),
                tr("config.too_large.hint"),
            )
        text = path.read_bytes().decode("utf-8-sig")  # -sig: a byte-order mark is no error
    except OSError as e:
        raise UserError(tr("config.unreadable", path=path, reason=e.strerror)) from None
    except UnicodeDecodeError:
        raise UserError(tr("config.not_utf8", path=path), tr("config.not_utf8.hint")) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(tr("config.not_toml", path=path, error=e)) from None
    except RecursionError:
        raise UserError(tr("config.too_deep", path=path)) from None
    return _check(raw, path, text)


def _line_of(text: str, key: str) -> int:
    m = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _fail(path: Path, text: str, key: str, message: str, hint: str = "") -> UserError:
    return UserError(f"{path}:{_line_of(text, key)}: {message}", hint)


def _check(raw: dict[str, Any], path: Path, text: str) -> Config:
    for key in raw:
        if key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS))
            raise _fail(
                path,
                text,
                key,
                tr("config.unknown_setting", name=key),
                tr("config.known_settings", known=known),
            )
    profile = raw.get("profile", "no-ip")
    if not isinstance(profile, str):
        raise _fail(path, text, "profile", tr("config.profile_type"))
    if profile not in BUILTIN:
        raise _fail(
            path,
            text,
            "profile",
            tr("config.unknown_profile", profile=profile),
            tr("config.builtin_profiles", profiles=", ".join(sorted(BUILTIN))),
        )
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or language not in LANGUAGES):
        raise _fail(path, text, "language", tr("config.language", languages=", ".join(LANGUAGES)))
    plans = raw.get("plans", list(DEFAULT_PLAN_GLOBS))
    if isinstance(plans, str):
        plans = [plans]
    if not isinstance(plans, list) or not all(isinstance(p, str) and p for p in plans):
        raise _fail(path, text, "plans", tr("config.plans_type"))
    for pattern in plans:
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            raise _fail(path, text, "plans", tr("config.plans_outside", pattern=pattern))
    limits_raw = raw.get("limits", {})
    if not isinstance(limits_raw, dict):
        raise _fail(path, text, "limits", tr("config.table", name="limits"))
    for key, value in limits_raw.items():
        if key not in _LIMIT_KEYS:
            known = ", ".join(sorted(_LIMIT_KEYS))
            raise _fail(
                path, text, key, tr("config.unknown_limit", name=key), tr("config.known_limits", known=known)
            )
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _fail(path, text, key, tr("config.positive", name=key))
    return Config(
        profile=profile,
        language=language,
        plans=tuple(plans),
        limits=Limits(**limits_raw),
        deadlines=_deadlines(raw, path, text),
        rules=_rules(raw, path, text),
        themes=_themes(raw, path, text),
        **_render(raw, path, text),
        ci_install=_ci(raw, path, text),
        stats_recipients=_stats(raw, path, text),
    )


def _table(
    raw: dict[str, Any], name: str, path: Path, text: str, known: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The table `[name]` (empty when not there); with `known`, a key it does not know is refused."""
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise _fail(path, text, name, tr("config.table", name=name))
    for key in value:
        if known is not None and key not in known:
            unknown = tr("config.unknown_in", name=key, table=name)
            raise _fail(path, text, key, unknown, tr("config.known", known=", ".join(known)))
    return value


def _deadlines(raw: dict[str, Any], path: Path, text: str) -> MappingProxyType[str, Interval]:
    out = {}
    for key, value in _table(raw, "deadlines", path, text).items():
        if key not in INTERVALS:
            raise _fail(
                path,
                text,
                key,
                tr("config.unknown_deadline", name=key),
                tr("config.known_deadlines", known=", ".join(sorted(INTERVALS))),
            )
        try:
            out[key] = parse_interval(value)
        except ValueError as e:
            raise _fail(path, text, key, f"{key}: {e}") from None
    return MappingProxyType(out)


def _rules(raw: dict[str, Any], path: Path, text: str) -> MappingProxyType[str, Severity | None]:
    out = {}
    for code, value in _table(raw, "rules", path, text).items():
        if code not in CODES:
            raise _fail(
                path, text, code, tr("config.unknown_rule", code=code), tr("config.unknown_rule.hint")
            )
        if not isinstance(value, str) or value not in _SEVERITIES:
            raise _fail(path, text, code, tr("config.severity", code=code))
        if CODES[code].family in ("file", "schema") and value in ("off", "info"):
            raise _fail(
                path,
                text,
                code,
                tr("config.cannot_switch_off", code=code),
            )
        out[code] = _SEVERITIES[value]
    return MappingProxyType(out)


def _themes(raw: dict[str, Any], path: Path, text: str) -> tuple[ThemeDef, ...]:
    out = []
    for key, labels in _table(raw, "themes", path, text).items():
        if not re.fullmatch(r"[a-z][a-z0-9_]{1,49}", key):
            raise _fail(path, text, key, tr("config.theme_key", name=key))
        if (
            not isinstance(labels, dict)
            or not labels
            or not all(k in LANGUAGES and isinstance(v, str) and v for k, v in labels.items())
        ):
            raise _fail(
                path,
                text,
                key,
                tr("config.theme_labels", name=key),
            )
        out.append(ThemeDef(key, MappingProxyType(dict(labels))))
    return tuple(out)


_RENDER_KEYS = ("templates", "citizen_shows_staff", "organisation", "without", "logo", "case_label")
# the images a browser, Typst and a PDF/A file all take
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _inside_path(value: object) -> bool:
    """A relative path that stays inside the repository as written (links are checked on use)."""
    return (
        isinstance(value, str) and bool(value) and not value.startswith("/") and ".." not in Path(value).parts
    )


def _render(raw: dict[str, Any], path: Path, text: str) -> dict[str, Any]:
    table = _table(raw, "render", path, text, _RENDER_KEYS)
    folder = table.get("templates")
    if folder is not None and not _inside_path(folder):
        raise _fail(path, text, "templates", tr("config.templates"))
    logo = table.get("logo")
    if logo is not None and not (_inside_path(logo) and Path(logo).suffix.lower() in LOGO_TYPES):
        raise _fail(path, text, "logo", tr("config.logo", types=", ".join(LOGO_TYPES)))
    case_label = table.get("case_label")
    if case_label is not None and (
        not isinstance(case_label, str) or not 0 < len(case_label) <= 60 or not case_label.isprintable()
    ):
        raise _fail(path, text, "case_label", tr("config.case_label"))
    shows = table.get("citizen_shows_staff", False)
    if not isinstance(shows, bool):
        raise _fail(path, text, "citizen_shows_staff", tr("config.boolean", name="citizen_shows_staff"))
    organisation = table.get("organisation")
    if organisation is not None and (not isinstance(organisation, str) or len(organisation) > 200):
        raise _fail(path, text, "organisation", tr("config.organisation"))
    without = table.get("without", [])
    from ipcli.plan.sections import OPTIONAL_SECTIONS

    if not isinstance(without, list) or any(w not in OPTIONAL_SECTIONS for w in without):
        raise _fail(
            path,
            text,
            "without",
            tr("config.without", sections=", ".join(OPTIONAL_SECTIONS)),
            tr("config.without.hint"),
        )
    return {
        "render_templates": folder,
        "citizen_shows_staff": shows,
        "render_organisation": organisation,
        "render_without": tuple(without),
        "render_logo": logo,
        "render_case_label": case_label,
    }


def _stats(raw: dict[str, Any], path: Path, text: str) -> MappingProxyType[str, int]:
    """[stats] recipients: a whole number of service recipients, or one per unit."""
    table = _table(raw, "stats", path, text, ("recipients",))
    value = table.get("recipients", {})
    given = {"": value} if not isinstance(value, dict) else value
    for unit, n in given.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise _fail(path, text, unit or "recipients", tr("config.recipients"))
    return MappingProxyType(dict(given))


def _ci(raw: dict[str, Any], path: Path, text: str) -> str:
    """[ci] install: the arguments CI gives `pip install` (a git URL, a wheel in the repository,
    or a pinned version from the organisation's package index). Read by the CI files ipcli init
    writes; ipcli itself only checks it."""
    table = _table(raw, "ci", path, text, ("install",))
    value = table.get("install", "")
    if not isinstance(value, str):
        raise _fail(path, text, "install", tr("config.install"))
    return value
