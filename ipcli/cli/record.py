"""`ipcli evaluate`, `ipcli revise`, `ipcli measure`: record what happened without editing YAML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcli.cli.common import LangOpt, RepoOpt, TodayOpt, err, guarded, parse_date, parse_today
from ipcli.errors import UserError
from ipcli.language import i18n
from ipcli.language.i18n import N_, tr

CommitOpt = Annotated[bool, typer.Option("--commit", help=N_("help.record.commit"))]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help=N_("help.record.dry_run"))]
# the voices besides the person's and staff's, the same for an evaluation and a revision
RelativeOpt = Annotated[
    str | None, typer.Option("--relative", help=N_("help.voice.relative"), show_default=False)
]
GuardianOpt = Annotated[
    str | None, typer.Option("--guardian", help=N_("help.voice.guardian"), show_default=False)
]
CustodyHolderOpt = Annotated[
    str | None,
    typer.Option("--custody-holder", help=N_("help.voice.custody_holder"), show_default=False),
]
PlanArg = Annotated[str, typer.Argument(metavar="PLAN", help=N_("help.record.plan"), show_default=False)]


def _given(value: Any) -> bool:
    return value not in (None, "", [])


def _read(plan: str, repo: Path | None) -> Any:
    """The plan's data as it is now, to check answers against (its goals, its participants)
    before anything is asked. None when it does not read: opening it for the edit says why."""
    from ipcli.checks.load import load_file
    from ipcli.store.repo import find_plan, open_repo

    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    file = find_plan(the_repo, plan, cwd)
    data = load_file(file, the_repo.shown(file, cwd), the_repo.config.limits, the_repo.root).data
    return data if isinstance(data, dict) else None


def _participants(data: Any) -> dict[str, str]:
    """The plan's participants, id -> name: what --by and --responsible are matched against."""
    people = data.get("participants") if isinstance(data, dict) else None
    return {
        str(p.get("id")): str(p.get("name") or "")
        for p in people or []
        if isinstance(p, dict) and p.get("id")
    }


def _next(value: str | None, option: str, day: dt.date) -> dt.date | None:
    """A next date given as an option: what its question accepts (a date, or a length of time
    after `day`: "3 months", "3 måneder", "om 3 uker"), checked by the same parser."""
    if value is None:
        return None
    from ipcli.cli import prompts

    try:
        return prompts.date_after(day)(value)
    except UserError as e:
        raise UserError(f"{option}: {e.message}", e.hint) from None


def _apply(plan: str, repo: Path | None, commit: bool, dry_run: bool, today: str | None, change: Any) -> None:
    """Apply `change(plan, repo) -> message` to the plan, then show what was written or committed.
    `today` (--today / IP_TODAY) is also the day the repository's commit hook checks the plan on."""
    from ipcli.edits.edit import record
    from ipcli.store.repo import find_plan, open_repo

    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    file = find_plan(the_repo, plan, cwd)
    done = record(
        the_repo.root,
        file,
        the_repo.shown(file, cwd),
        the_repo.config.limits,
        lambda ed: str(change(ed, the_repo)),
        commit=commit,
        dry_run=dry_run,
        today=parse_today(today),
    )
    if done.diff is not None:
        sys.stdout.write(done.diff)
        err(tr("record.dry_run", message=done.message))
    elif done.commit is not None:
        err(tr("record.committed", message=done.message, commit=done.commit))
    else:
        err(done.message)


@guarded
def evaluate(
    plan: PlanArg,
    goal: Annotated[str, typer.Argument(metavar="GOAL", help=N_("help.evaluate.goal"), show_default=False)],
    achievement: Annotated[
        str | None,
        typer.Option(
            "--achievement",
            "-a",
            help=N_("help.evaluate.achievement"),
            show_default=False,
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", "-o", help=N_("help.evaluate.outcome"), show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help=N_("help.evaluate.by"), show_default=False),
    ] = None,
    citizen: Annotated[
        str | None, typer.Option("--citizen", help=N_("help.evaluate.citizen"), show_default=False)
    ] = None,
    staff: Annotated[
        str | None, typer.Option("--staff", help=N_("help.evaluate.staff"), show_default=False)
    ] = None,
    relative: RelativeOpt = None,
    guardian: GuardianOpt = None,
    custody_holder: CustodyHolderOpt = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help=N_("help.evaluate.date"), show_default=False),
    ] = None,
    next_date: Annotated[
        str | None,
        typer.Option("--next", help=N_("help.evaluate.next_date"), show_default=False),
    ] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Record an evaluation of a goal and move its next evaluation date.

    Example: ipcli evaluate p-0042 g1 -a improving -o continue --by kari,ola --citizen "Det går bedre."
    """
    from ipcli.cli import prompts
    from ipcli.edits.record import ACHIEVEMENTS, OUTCOMES, add_evaluation, find_goal

    day = parse_date(date, "--date") or parse_today(today)
    nxt = _next(next_date, "--next", day)
    # what was given is checked before anything is asked
    if achievement is not None:
        achievement = prompts.one_of(ACHIEVEMENTS, "achievement")(achievement)
    if outcome is not None:
        outcome = prompts.one_of(OUTCOMES, "outcome")(outcome)
    data = _read(plan, repo)
    the_goal = find_goal(data, goal)[1] if data is not None else {}
    known = _participants(data)
    who = prompts.ids_of(known)(by) if by is not None else None
    every = the_goal.get("evaluate_every") if isinstance(the_goal, dict) else None
    asking = prompts.interactive()
    if not asking:
        for option, value in (("--achievement", achievement), ("--outcome", outcome), ("--by", by)):
            if not _given(value):
                raise prompts.missing(option)
    else:
        if achievement is None:
            achievement = prompts.ask(
                tr("ask.achievement", choices=prompts.choices(ACHIEVEMENTS, "achievement")),
                prompts.one_of(ACHIEVEMENTS, "achievement"),
                option="--achievement",
            )
        if outcome is None:
            outcome = prompts.ask(
                tr("ask.outcome", choices=prompts.choices(OUTCOMES, "outcome")),
                prompts.one_of(OUTCOMES, "outcome"),
                option="--outcome",
            )
        if who is None:
            who = prompts.ask(
                tr("ask.who_took_part", ids=", ".join(sorted(known))),
                prompts.ids_of(known),
                option="--by",
            )
        if citizen is None:
            citizen = prompts.ask(
                tr("ask.citizen_words"),
                prompts.text,
                option="--citizen",
                optional=True,
            )
    if nxt is None and outcome != "end" and data is not None:
        from ipcli.language.calendar import parse_interval

        if every:
            interval = parse_interval(str(every))
            default = interval.after(day).isoformat()
            if asking:
                nxt = prompts.ask(
                    tr("ask.next_evaluation", every=i18n.every(str(interval), i18n.current())),
                    prompts.date_after(day),
                    option="--next",
                    default=default,
                )
        elif asking:
            nxt = prompts.ask(
                tr("ask.when_next_evaluation"),
                prompts.date_after(day),
                option="--next",
            )
        else:
            raise UserError(tr("error.goal_needs_next", goal=goal), tr("error.goal_needs_next.hint"))
    assert achievement is not None and outcome is not None
    chosen_achievement, chosen_outcome, chosen_by = achievement, outcome, who or []
    others = _texts(relative=relative, guardian=guardian, custody_holder=custody_holder)
    del data, the_goal  # read for the questions; the edit reads the plan again (a large plan's memory)
    _apply(
        plan,
        repo,
        commit,
        dry_run,
        today,
        lambda ed, _r: add_evaluation(
            ed,
            goal,
            day=day,
            achievement=chosen_achievement,
            outcome=chosen_outcome,
            by=chosen_by,
            citizen=citizen,
            staff=staff,
            next_day=nxt,
            voices=others,
        ),
    )


def _texts(**given: str | None) -> dict[str, str]:
    """The voices given on the command line (the ones left out or empty are not written)."""
    return {voice: text for voice, text in given.items() if text}


@guarded
def revise(
    plan: PlanArg,
    summary: Annotated[
        str | None,
        typer.Option("--summary", "-s", help=N_("help.revise.summary"), show_default=False),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help=N_("help.revise.by"), show_default=False)] = None,
    date: Annotated[
        str | None, typer.Option("--date", help=N_("help.revise.date"), show_default=False)
    ] = None,
    next_revision: Annotated[
        str | None,
        typer.Option(
            "--next-revision",
            help=N_("help.revise.next_revision"),
            show_default=False,
        ),
    ] = None,
    citizen: Annotated[
        str | None, typer.Option("--citizen", help=N_("help.revise.citizen"), show_default=False)
    ] = None,
    staff: Annotated[
        str | None, typer.Option("--staff", help=N_("help.revise.staff"), show_default=False)
    ] = None,
    relative: RelativeOpt = None,
    guardian: GuardianOpt = None,
    custody_holder: CustodyHolderOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Record a whole-plan evaluation and revision, with the person's own view.

    Example: ipcli revise p-0107 -s "Årlig revision." --by jonas,anne --citizen "Jeg bliver boende."
    """
    from ipcli.cli import prompts
    from ipcli.edits.record import add_revision

    day = parse_date(date, "--date") or parse_today(today)
    nxt = _next(next_revision, "--next-revision", day)
    known = _participants(_read(plan, repo))
    given_by = prompts.ids_of(known)(by) if by is not None else None
    if not prompts.interactive():
        for option, value in (("--summary", summary), ("--by", by)):
            if not _given(value):
                raise prompts.missing(option)
    text = summary or prompts.ask(tr("ask.revision_summary"), prompts.text, option="--summary")
    who = (
        given_by
        if given_by is not None
        else prompts.ask(
            tr("ask.who_took_part", ids=", ".join(sorted(known))),
            prompts.ids_of(known),
            option="--by",
        )
    )
    if citizen is None and prompts.interactive():
        citizen = prompts.ask(tr("ask.citizen_words"), prompts.text, option="--citizen", optional=True)
    assert text is not None and who is not None
    voices = _texts(
        citizen=citizen, staff=staff, relative=relative, guardian=guardian, custody_holder=custody_holder
    )

    def change(ed: Any, the_repo: Any) -> str:
        profile = the_repo.config.profile_named(str(ed.data.get("profile")))
        interval = str(profile.intervals["revision"]) if profile else "12 months"
        return add_revision(
            ed, day=day, summary=text, by=who, next_day=nxt, default_interval=interval, voices=voices
        )

    _apply(plan, repo, commit, dry_run, today, change)


@guarded
def measure(
    plan: PlanArg,
    measure_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[MEASURE]",
            help=N_("help.measure.measure_id"),
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help=N_("help.measure.status"), show_default=False)
    ] = None,
    add: Annotated[bool, typer.Option("--add", help=N_("help.measure.add"))] = False,
    goal: Annotated[
        str | None, typer.Option("--goal", help=N_("help.measure.goal"), show_default=False)
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help=N_("help.measure.text"), show_default=False),
    ] = None,
    how: Annotated[str | None, typer.Option("--how", help=N_("help.measure.how"), show_default=False)] = None,
    responsible: Annotated[
        str | None,
        typer.Option("--responsible", help=N_("help.measure.responsible"), show_default=False),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help=N_("help.measure.start"), show_default=False)
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help=N_("help.measure.due"), show_default=False)] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Set a measure's status, or add a new measure to a goal (--add).

    Example: ipcli measure p-0042 m2 --status done

    Example: ipcli measure p-0042 --add --goal g1 --text "Trening med fysioterapeut" --responsible per
    --due 2027-01-01
    """
    from ipcli.cli import prompts
    from ipcli.edits.record import MEASURE_STATUSES, add_measure, set_measure_status

    the_day = parse_today(today)
    check = prompts.one_of(MEASURE_STATUSES, "measure")
    if status is not None:
        status = check(status)
    asking = prompts.interactive()
    if not add:
        for option, value in (
            ("--goal", goal),
            ("--text", text),
            ("--how", how),
            ("--responsible", responsible),
            ("--start", start),
            ("--due", due),
        ):
            if value is not None:
                raise UserError(tr("error.only_with_add", option=option), tr("error.only_with_add.hint"))
        if not asking:
            for option, given in (("MEASURE", measure_id), ("--status", status)):
                if not _given(given):
                    raise prompts.missing(option)
        which = measure_id or prompts.ask(tr("ask.which_measure"), prompts.text, option="MEASURE")
        new = status or prompts.ask(
            tr("ask.new_status", choices=prompts.choices(MEASURE_STATUSES, "measure")),
            check,
            option="--status",
        )
        assert which is not None and new is not None
        _apply(plan, repo, commit, dry_run, today, lambda ed, _r: set_measure_status(ed, which, new))
        return
    due_day = parse_date(due, "--due")
    start_day = parse_date(start, "--start")
    known = _participants(_read(plan, repo))  # the data itself is not kept: a large plan's memory
    if responsible is not None:  # an id or a name: the plan stores the id
        responsible = ",".join(prompts.ids_of(known)(responsible))
    if not asking:
        for option, value in (
            ("--goal", goal),
            ("--text", text),
            ("--responsible", responsible),
            ("--due", due),
        ):
            if not _given(value):
                raise prompts.missing(option)
    the_goal = goal or prompts.ask(tr("ask.which_goal"), prompts.text, option="--goal")
    words = text or prompts.ask(tr("ask.what_will_be_done"), prompts.text, option="--text")
    who = responsible or ",".join(
        prompts.ask(tr("ask.who_is_responsible"), prompts.ids_of(known), option="--responsible") or []
    )
    if due_day is None:
        due_day = prompts.ask(tr("ask.when_due"), prompts.date_after(the_day), option="--due")
    assert the_goal is not None and words is not None
    _apply(
        plan,
        repo,
        commit,
        dry_run,
        today,
        lambda ed, _r: add_measure(
            ed,
            the_goal,
            text=words,
            responsible=who or None,
            how=how,
            start=start_day,
            due=due_day,
            status=status or "planned",
            measure_id=measure_id,
        ),
    )


@guarded
def goal(
    plan: PlanArg,
    theme: Annotated[str, typer.Argument(help=N_("help.goal.theme"), show_default=False)],
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help=N_("help.goal.text"), show_default=False),
    ] = None,
    said_by: Annotated[str, typer.Option("--said-by", help=N_("help.goal.said_by"))] = "citizen",
    goal_id: Annotated[
        str | None,
        typer.Option("--id", help=N_("help.goal.goal_id"), show_default=False),
    ] = None,
    evaluate_every: Annotated[
        str | None, typer.Option("--evaluate-every", help=N_("help.goal.evaluate_every"), show_default=False)
    ] = None,
    next_date: Annotated[
        str | None, typer.Option("--next", help=N_("help.goal.next_date"), show_default=False)
    ] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    lang: LangOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Add a goal to a theme of a plan.

    Example: ipcli goal p-0042 daily_living --text "Kle på meg selv om morgenen" --evaluate-every "3 months"
    """
    from ipcli.cli import prompts
    from ipcli.edits.record import add_goal

    the_day = parse_today(today)
    nxt = _next(next_date, "--next", the_day)
    data = _read(plan, repo)
    asking = prompts.interactive()
    if not asking and not _given(text):
        raise prompts.missing("--text")
    words = text or prompts.ask(tr("ask.goal_text"), prompts.text, option="--text")
    assert words is not None
    if nxt is None and evaluate_every is None and data is not None:
        # a goal with neither date nor interval never falls due: ask for one, or require it
        # once the plan is in use (a draft may get its dates at the plan meeting)
        draft = data.get("status") in ("draft", "referred")
        if asking:
            nxt = prompts.ask(
                tr("ask.when_first_evaluation"),
                prompts.date_after(the_day),
                option="--next",
                optional=draft,
            )
        elif not draft:
            raise UserError(tr("error.goal_needs_first"), tr("error.goal_needs_first.hint"))

    def change(ed: Any, the_repo: Any) -> str:
        profile = the_repo.config.profile_named(str(ed.data.get("profile")))
        if profile is not None and profile.theme(theme) is None:
            raise UserError(
                tr("error.not_a_theme", theme=theme, profile=profile.name),
                tr("error.themes", themes=", ".join(t.key for t in profile.themes)),
            )
        return add_goal(
            ed,
            theme,
            text=words,
            said_by=said_by,
            goal_id=goal_id,
            evaluate_every=evaluate_every,
            next_day=nxt,
        )

    _apply(plan, repo, commit, dry_run, today, change)
