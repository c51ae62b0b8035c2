"""Which plans a command is about: `--mine`, `--coordinator`, `--plan`, `--profile`. One
definition for every command that selects plans, so that `ipcli plans`, `ipcli due`, `ipcli lint`
and `ipcli stats` agree on which plans are "mine" and count them the same way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ipcli.checks.results import Facts
from ipcli.errors import UserError
from ipcli.language.fold import loose, same
from ipcli.store.repo import Repo


class Selection(NamedTuple):
    """All given parts must match. Empty: every plan."""

    mine: str | None = None  # git's user.email: plans I coordinate or hold a task in
    coordinator: str | None = None  # a coordinator's id, e-mail or (part of the) name
    plans: tuple[str, ...] = ()
    profile: str | None = None

    def __bool__(self) -> bool:
        return bool(self.mine or self.coordinator or self.plans or self.profile)


def coordinates(facts: Facts, wanted: str) -> bool:
    """Is the plan's coordinator this one (participant id, e-mail, or part of the name)?"""
    cid = facts.coordinator
    if cid is None or cid not in facts.participants:
        return False
    name, email = facts.participants[cid]
    return same(cid, wanted) or same(email, wanted) or loose(wanted) in loose(name)


def is_mine(facts: Facts, items: Sequence[Sequence[Any]], email: str) -> bool:
    """A plan is mine when I coordinate it or am responsible for one of its deadlines (items
    are stored tuples or Items: the responsible participant is the fifth field)."""
    if same(facts.email_of(facts.coordinator), email):
        return True
    return any(item[4] is not None and same(facts.email_of(item[4]), email) for item in items)


def matches(facts: Facts, items: Sequence[Sequence[Any]], s: Selection) -> bool:
    if s.plans and facts.id not in s.plans:
        return False
    if s.profile and facts.profile != s.profile:
        return False
    if s.coordinator and not coordinates(facts, s.coordinator):
        return False
    return not (s.mine and not is_mine(facts, items, s.mine))


def my_email(root: Path) -> str:
    """git's user.email, which `--mine` matches to the plans' participants."""
    from ipcli.store.identity import git_user_email

    email = git_user_email(root)
    if email is None:
        from ipcli.language.i18n import tr

        raise UserError(tr("error.mine_no_email"), tr("error.mine_no_email.hint"))
    return email


def unit_of(rel: str) -> str | None:
    """The unit: the folder under plans/ (plans/nordvik/p-0042.yaml -> nordvik)."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "plans" else None


def select_files(repo: Repo, files: Sequence[str], s: Selection, use_cache: bool = True) -> list[str]:
    """The plan files the selection matches. A file that cannot be read is kept: whose it is
    cannot be told, and it must not silently disappear."""
    from ipcli.checks.scan import scan

    if not s:
        return list(files)
    return [
        file
        for file, result in zip(files, scan(repo, files, use_cache), strict=True)
        if result.facts is None or matches(result.facts, result.items, s)
    ]
