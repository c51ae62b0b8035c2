"""What `ipcli render` settles before it renders: the templates folder, the sections left out, the
plan as shown (today's file or a past version from git) and what its pages say about it.

The command only reads its options and prints; the rules for each of these live here.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from ipcli.config import LOGO_TYPES, Config
from ipcli.documents.printdoc import Logo, PageFacts
from ipcli.errors import UserError
from ipcli.language.i18n import tr
from ipcli.plan.model import Plan
from ipcli.store.repo import Repo
from ipcli.store.versions import Version

DEFAULT_OWN_TEMPLATES = "templates"


def own_templates(the_repo: Repo) -> Path | None:
    """The repository's own templates folder ([render] templates, else `templates/` when there
    is one), refused when outside it."""
    from ipcli.store.repo import is_inside

    config = the_repo.config
    own = the_repo.root / config.render_templates if config.render_templates else None
    if own is None and (the_repo.root / DEFAULT_OWN_TEMPLATES).is_dir():
        own = the_repo.root / DEFAULT_OWN_TEMPLATES  # the folder the README names, without a setting
    if own is not None and not is_inside(own, the_repo.root):
        raise UserError(
            tr("render.templates_outside", folder=config.render_templates),
            tr("render.templates_outside.hint"),
        )
    return own


def left_out(without: str | None, config: Config) -> frozenset[str]:
    """The sections --without names, or [render] without in ipcli.toml when it is not given."""
    from ipcli.plan.sections import parse_without

    try:
        return parse_without(without) if without is not None else frozenset(config.render_without)
    except ValueError as e:
        raise UserError(f"--without: {e}") from None


def shown_now(the_repo: Repo, file: Path, cwd: Path, redact: bool, today: dt.date) -> Plan:
    """The plan in its file as it is, redacted if asked; a plan with errors is refused, with
    every finding of it as lint gives them (not only the first: one run shows them all)."""
    from ipcli.checks.load import load_file
    from ipcli.plan.redact import shown_plan

    shown = the_repo.shown(file, cwd)
    lp = load_file(file, shown, the_repo.config.limits, the_repo.root)
    if lp.plan is None:
        import io

        from ipcli.checks.lint import lint
        from ipcli.output.findings import TextReporter

        found = lint(the_repo, [file], cwd, today, redact=redact).findings
        out = io.StringIO()
        TextReporter().report(found, 1, out)
        raise UserError(tr("render.fix_these", file=shown), details=tuple(out.getvalue().splitlines()))
    return shown_plan(lp.data, lp.plan, redact)


def shown_at(the_repo: Repo, file: Path, at: str, redact: bool) -> tuple[Plan, Version]:
    """The plan as it stood on a date or at a revision (what did we agree at the meeting on 10
    February?), and the version that was."""
    from ipcli.changes import history
    from ipcli.checks.load import LoadedPlan, load_bytes
    from ipcli.plan.redact import shown_plan

    limits = the_repo.config.limits
    history.require_git(the_repo.root)
    rel = file.resolve().relative_to(the_repo.root).as_posix()
    commit = history.resolve(the_repo.root, at)
    at_version = Version(commit[:7], None, False)
    old = load_bytes(
        history.content_at(the_repo.root, rel, commit, limits), LoadedPlan(file, f"{rel}@{at}"), limits
    )
    if old.plan is None:
        raise UserError(tr("render.not_a_plan_at", rel=rel, at=at, plan=file.stem))
    return shown_plan(old.data, old.plan, redact), at_version


def page_facts(the_repo: Repo, file: Path, at_version: Version | None) -> PageFacts:
    """Which version the pages show (the file's own, or the past one asked for), by whom, for which unit."""
    from ipcli.store.versions import repo_path, versions

    rel = repo_path(file, the_repo.root)
    version = versions(the_repo.root, [rel]).get(rel) if at_version is None else at_version
    return facts_for(the_repo.config, the_repo.root, rel, version)


def facts_for(config: Config, root: Path, rel: str, version: Version | None) -> PageFacts:
    """What every page of one plan says about itself, from the repository's settings: the one
    place a page's facts are put together, for one plan, the site and the PDFs alike."""
    from ipcli.reports.selection import unit_of

    logo = logo_of(root, config.render_logo) if config.render_logo else None
    return PageFacts(version, config.render_organisation, unit_of(rel), logo, config.render_case_label)


MAX_LOGO_BYTES = 1_048_576  # a logo in every page of a site: a megabyte is already generous


@functools.lru_cache(maxsize=4)  # read once per run (and per worker), not once per page
def logo_of(root: Path, name: str) -> Logo:
    """The organisation's logo ([render] logo in ipcli.toml), read from inside the repository."""
    from ipcli.store.repo import is_inside

    path = root / name
    suffix = path.suffix.lower()
    if not is_inside(path, root):
        raise UserError(tr("render.logo_unreadable", file=name, reason=tr("render.logo_outside")))
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_LOGO_BYTES + 1)
    except OSError as e:
        raise UserError(tr("render.logo_unreadable", file=name, reason=e.strerror or str(e))) from None
    if len(data) > MAX_LOGO_BYTES:
        raise UserError(tr("render.logo_unreadable", file=name, reason=tr("render.logo_too_big")))
    return Logo(f"logo{suffix}", data, LOGO_TYPES[suffix])
