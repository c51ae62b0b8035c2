"""`ipcli log`, `ipcli diff`, `ipcli show`: the plan's history from git, in plan words."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ipcli.cli.common import LangOpt, RedactOpt, RepoOpt, TodayOpt, err, guarded, parse_date, parse_today
from ipcli.errors import UserError
from ipcli.language.i18n import N_

if TYPE_CHECKING:
    from ipcli.changes.changewords import Words
    from ipcli.store.repo import Repo


class LogFormat(StrEnum):
    text = "text"
    json = "json"


def _write_entries(entries: list, words: Any, indent: str = "") -> None:  # type: ignore[type-arg]
    from ipcli.changes import changewords
    from ipcli.language.dateforms import short_date
    from ipcli.language.i18n import tr
    from ipcli.plan.redact import REDACTED

    out = sys.stdout
    for e in entries:
        if e.commit == "uncommitted":
            out.write(indent + tr("history.uncommitted") + "\n")
        else:
            message = tr("history.redacted_message") if e.message == REDACTED else e.message
            out.write(f"{indent}{_day(e.date[:10], short_date)}  {e.author}  {e.commit[:8]}  {message}\n")
        for change in e.changes:
            out.write(f"{indent}    - {changewords.sentence(change, words)}\n")
        if e.unreadable:
            out.write(f"{indent}    ! {changewords.unreadable(e, words)}\n")
        if not e.changes and not e.unreadable:
            out.write(indent + "    " + tr("history.layout_only") + "\n")


def _rev(rev: str) -> str:
    """A revision as given: a date (YYYY-MM-DD) the language's way, anything else as it is."""
    from ipcli.language.dateforms import long_date

    return _day(rev, long_date) if len(rev) == 10 and rev[4:5] == "-" else rev


def _day(iso: str, form: Any) -> str:
    """A date in the language's short form (ISO in English), as the due report's columns."""
    import datetime as dt

    from ipcli.language.i18n import current

    try:
        return str(form(dt.date.fromisoformat(iso), current()))
    except ValueError:
        return iso


@guarded
def log(
    plan: Annotated[
        str | None,
        typer.Argument(
            metavar="[PLAN]",
            help=N_("help.log.plan"),
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help=N_("help.log.since"),
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help=N_("help.log.until"), show_default=False)
    ] = None,
    author: Annotated[
        str | None,
        typer.Option("--author", help=N_("help.log.author"), show_default=False),
    ] = None,
    output_format: Annotated[
        LogFormat, typer.Option("--format", "-f", help=N_("help.log.output_format"))
    ] = LogFormat.text,
    redact: RedactOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """The revision log: who changed what, when — in plan words, not lines.

    With a plan: its commits, newest first (following renames), and uncommitted changes.
    Without: what changed across the repository in a period, grouped by plan.

    Example: ipcli log p-0042 --since 2026-01-01
    """
    from ipcli.changes import changewords, history
    from ipcli.store.repo import open_repo

    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    history.require_git(the_repo.root)
    the_day = parse_today(today)
    start = _since(since, the_day)
    end = parse_date(until, "--until")
    note = history.shallow_note(the_repo.root)
    if note:
        err(f"ipcli: {note}")
    words = changewords.Words(changewords.theme_labels(the_repo.config), redact)
    if plan is not None:
        _log_plan(
            the_repo, plan, cwd, (start, end, author), words, output_format, redact, bool(since or until)
        )
        return
    if start is None:
        from ipcli.language.calendar import parse_interval

        start = parse_interval("7d").before(the_day)
    _log_repo(the_repo, (start, end, author), words, output_format, redact)


def _since(since: str | None, the_day: dt.date) -> dt.date | None:
    """--since: a date (YYYY-MM-DD) or how long ago (7d, 4w, 3m)."""
    from ipcli.language.calendar import parse_interval

    start = parse_date(since, "--since") if since and since[:1].isdigit() and "-" in since else None
    if since and start is None:
        try:
            start = parse_interval(since).before(the_day)
        except ValueError as e:
            raise UserError(f"--since: {e}") from None
    return start


Period = tuple[dt.date | None, dt.date | None, str | None]  # since, until, author


def _log_plan(
    the_repo: Repo,
    plan: str,
    cwd: Path,
    period: Period,
    words: Words,
    output_format: LogFormat,
    redact: bool,
    dated: bool,
) -> None:
    """`log PLAN`: the plan's commits, newest first, after its uncommitted changes."""
    from ipcli.changes import history
    from ipcli.changes import log as plan_log
    from ipcli.language.i18n import tr
    from ipcli.store.repo import find_plan, sparse_plans

    file = find_plan(the_repo, plan, cwd, sparse_ok=True)
    rel = file.resolve().relative_to(the_repo.root).as_posix()
    limits = the_repo.config.limits
    entries = history.plan_log(the_repo.root, rel, limits, *period)
    left_out = rel in sparse_plans(the_repo)  # not checked out: history only, nothing on disk
    if left_out:
        err("ipcli: " + tr("note.sparse.history", plan=file.stem))
    entries = plan_log.with_pending(the_repo.root, rel, limits, entries, on_disk=not left_out)
    if redact:
        entries = history.redacted(entries)
    if output_format is LogFormat.json:
        json.dump(plan_log.plan_json(file.stem, entries, words), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if not entries:
        author = period[2]
        err(
            tr("history.never_committed", plan=file.stem)
            if not dated and not author
            else tr("history.none_in_period", plan=file.stem)
        )
    _write_entries(entries, words)


def _log_repo(the_repo: Repo, period: Period, words: Words, output_format: LogFormat, redact: bool) -> None:
    """`log` without a plan: what changed across the repository in the period, by plan."""
    from ipcli.changes import history
    from ipcli.changes import log as plan_log
    from ipcli.language.dateforms import long_date
    from ipcli.language.i18n import current, tr

    start, end, _author = period
    assert start is not None
    from ipcli.cli.progress import progress_shown

    with progress_shown():  # each change in a busy repository's history read as a plan
        entries = history.repo_log(the_repo.root, the_repo.config.plans, the_repo.config.limits, *period)
    if redact:
        entries = history.redacted(entries)
    by_plan = plan_log.by_plan(entries)
    if output_format is LogFormat.json:
        json.dump(plan_log.repo_json(start, end, by_plan, words), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    lang = current()
    if end:
        heading = tr("history.period_until", since=long_date(start, lang), until=long_date(end, lang))
    else:
        heading = tr("history.period", since=long_date(start, lang))
    sys.stdout.write(heading + "\n")
    if not by_plan:
        sys.stdout.write("\n" + tr("history.no_plan_changed") + "\n")
    for pid, es in sorted(by_plan.items()):
        sys.stdout.write(f"\n{pid} ({es[0].path})\n")
        _write_entries(es, words, indent="  ")


@guarded
def diff(
    plan: Annotated[str, typer.Argument(metavar="PLAN", help=N_("help.diff.plan"), show_default=False)],
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV [REV]]",
            help=N_("help.diff.revisions"),
            show_default=False,
        ),
    ] = None,
    staged: Annotated[bool, typer.Option("--staged", help=N_("help.diff.staged"))] = False,
    redact: RedactOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
) -> None:
    """What changed in a plan between two versions, in plan words (by ids, not by lines).

    Example: ipcli diff p-0042 2026-02-10
    """
    from ipcli.changes import changewords, history
    from ipcli.changes.semdiff import changes
    from ipcli.language.i18n import tr
    from ipcli.store.repo import find_plan, open_repo

    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    history.require_git(the_repo.root)
    file = find_plan(the_repo, plan, cwd)
    rel = file.resolve().relative_to(the_repo.root).as_posix()
    limits = the_repo.config.limits
    revs = list(revisions or [])
    if len(revs) > 2:
        from ipcli.language.i18n import tr

        raise UserError(tr("error.two_revisions"))

    def version(rev: str | None) -> tuple[str, bytes | history.TooLarge | None]:
        if rev is None:
            return tr("history.work_tree"), history.work_file(file, limits)
        commit = history.resolve(the_repo.root, rev)
        return f"{_rev(rev)} ({commit[:8]})", history.content_at(the_repo.root, rel, commit, limits)

    new: bytes | history.TooLarge | None
    if staged:
        old_name, old = version("HEAD")
        new_name, new = tr("history.staged"), history.content_staged(the_repo.root, rel, limits)
    elif not revs:
        old_name, old = version("HEAD")
        new_name, new = version(None)
    elif len(revs) == 1:
        old_name, old = version(revs[0])
        new_name, new = version(None)
    else:
        old_name, old = version(revs[0])
        new_name, new = version(revs[1])
    words = changewords.Words(changewords.theme_labels(the_repo.config), redact)
    old_data, old_problem = history.read_data(old, limits)
    new_data, new_problem = history.read_data(new, limits)
    for name, problem in ((old_name, old_problem), (new_name, new_problem)):
        if problem:
            why = changewords.problem(problem, words)
            raise UserError(tr("history.diff.unreadable", file=rel, version=name, problem=why))
    found = changes(old_data, new_data)
    sys.stdout.write(f"{file.stem}: {old_name} → {new_name}\n")
    for change in found:
        sys.stdout.write(f"  - {changewords.sentence(change, words)}\n")
    if not found:
        sys.stdout.write("  " + tr("history.no_change") + "\n")


@guarded
def show(
    plan: Annotated[str, typer.Argument(metavar="PLAN", help=N_("help.show.plan"), show_default=False)],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help=N_("help.show.at"),
            show_default=False,
        ),
    ] = None,
    redact: RedactOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
) -> None:
    """The plan file as it is now, or as it stood on a date or at a revision (--at). With --redact:
    the plan's data with initials for names and no free text, as YAML.

    Example: ipcli show p-0042 --at 2025-02-10
    """
    from ipcli.changes import changewords, history
    from ipcli.language.i18n import tr
    from ipcli.store.repo import find_plan, open_repo

    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    file = find_plan(the_repo, plan, cwd)
    rel = file.resolve().relative_to(the_repo.root).as_posix()
    limits = the_repo.config.limits
    data: bytes | history.TooLarge | None
    if at is None:
        data = history.work_file(file, limits)
        where = tr("history.show.now_where")
        hint = tr("history.show.now_hint", file=the_repo.shown(file, cwd), plan=plan)
        title = tr("history.show.now", plan=file.stem, file=the_repo.shown(file, cwd))
    else:
        history.require_git(the_repo.root)
        commit = history.resolve(the_repo.root, at)
        data = history.content_at(the_repo.root, rel, commit, limits)
        where = tr("history.show.at_where", at=_rev(at))
        hint = tr("history.show.at_hint", git=f"git show {commit[:8]}:{rel}")
        title = tr("history.show.at", plan=file.stem, at=_rev(at), commit=commit[:8])
    plan_data, problem = history.read_data(data, limits)
    if problem or not isinstance(plan_data, dict) or not isinstance(data, bytes):
        why = changewords.problem(problem, changewords.Words()) if problem else tr("history.show.no_plan")
        raise UserError(tr("history.show.unreadable", file=rel, where=where, problem=why), hint)
    err(tr("history.show.redacted", title=title) if redact else title)
    if redact:
        import yaml

        from ipcli.plan.redact import redact_data

        sys.stdout.write(
            yaml.safe_dump(redact_data(plan_data), sort_keys=False, allow_unicode=True, width=100)
        )
        return
    sys.stdout.write(data.decode("utf-8"))
