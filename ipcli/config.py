"""ipcli.toml: the repository's settings, validated like a plan (unknown keys are errors)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ipcli.calendar import Interval
from ipcli.errors import UserError
from ipcli.findings import Severity
from ipcli.limits import Limits
from ipcli.profiles import BUILTIN, Profile, ThemeDef, customised

CONFIG_NAME = "ipcli.toml"
LANGUAGES = ("nb", "nn", "da", "en")
DEFAULT_PLAN_GLOBS = ("plans/**/*.yaml", "plans/**/*.yml")


@dataclass(frozen=True, slots=True)
class Config:
    profile: str = "no-ip"
    language: str = "nb"
    plans: tuple[str, ...] = DEFAULT_PLAN_GLOBS
    limits: Limits = field(default_factory=Limits)
    deadlines: MappingProxyType[str, Interval] = field(default_factory=lambda: MappingProxyType({}))
    rules: MappingProxyType[str, Severity | None] = field(default_factory=lambda: MappingProxyType({}))
    themes: tuple[ThemeDef, ...] = ()

    def profile_named(self, name: str) -> Profile | None:
        """A built-in profile with this repository's overrides, or None if there is none."""
        base = BUILTIN.get(name)
        if base is None:
            return None
        return customised(base, dict(self.deadlines), dict(self.rules), self.themes)


_TOP_KEYS = {"profile", "language", "plans", "limits", "deadlines", "rules", "themes"}
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}
_LIMIT_KEYS = {"max_file_bytes", "max_depth", "max_nodes"}


def load_config(path: Path) -> Config:
    """Read and check ipcli.toml; every problem is a UserError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: cannot read the settings file ({e})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{path}: the settings file is not valid TOML: {e}") from None
    return _check(raw, path, text)


def _line_of(text: str, key: str) -> int:
    m = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _fail(path: Path, text: str, key: str, message: str, hint: str = "") -> UserError:
    return UserError(f"{path}:{_line_of(text, key)}: {message}", hint)


def _check(raw: dict[str, Any], path: Path, text: str) -> Config:
    for key in raw:
        if key not in _TOP_KEYS:
            raise _fail(
                path, text, key, f'unknown setting "{key}"', "known settings: " + ", ".join(sorted(_TOP_KEYS))
            )
    profile = raw.get("profile", "no-ip")
    if profile not in BUILTIN:
        raise _fail(
            path,
            text,
            "profile",
            f'unknown profile "{profile}"',
            "built-in profiles: " + ", ".join(sorted(BUILTIN)),
        )
    language = raw.get("language", "nb")
    if language not in LANGUAGES:
        raise _fail(path, text, "language", f"language must be one of: {', '.join(LANGUAGES)}")
    plans = raw.get("plans", list(DEFAULT_PLAN_GLOBS))
    if isinstance(plans, str):
        plans = [plans]
    if not isinstance(plans, list) or not all(isinstance(p, str) and p for p in plans):
        raise _fail(path, text, "plans", 'plans must be a list of patterns, e.g. ["plans/**/*.yaml"]')
    for pattern in plans:
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            raise _fail(path, text, "plans", f'the pattern "{pattern}" points outside the repository')
    limits_raw = raw.get("limits", {})
    if not isinstance(limits_raw, dict):
        raise _fail(path, text, "limits", "[limits] must be a table")
    for key, value in limits_raw.items():
        if key not in _LIMIT_KEYS:
            raise _fail(
                path, text, key, f'unknown limit "{key}"', "known limits: " + ", ".join(sorted(_LIMIT_KEYS))
            )
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _fail(path, text, key, f"{key} must be a positive whole number")
    return Config(profile=profile, language=language, plans=tuple(plans), limits=Limits(**limits_raw))
