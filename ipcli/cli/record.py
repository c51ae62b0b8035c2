"""`ipcli evaluate`, `ipcli revise`, `ipcli measure`: record what happened without editing YAML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcli.cli.common import RepoOpt, TodayOpt, err, guarded, parse_date, parse_today
from ipcli.errors import UserError

CommitOpt = Annotated[
    bool, typer.Option("--commit", help="Commit this plan file (only it) with a message in plan words.")
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]
PlanArg = Annotated[
    str, typer.Argument(metavar="PLAN", help="The plan: its id (p-0042) or its file.", show_default=False)
]


def _ask(value: Any, option: str, question: str) -> Any:
    """A missing option: asked for on a terminal, a usage error otherwise."""
    if value not in (None, "", []):
        return value
    if sys.stdin.isatty():
        return typer.prompt(question)
    raise UserError(f"{option} is missing", f"give it on the command line, e.g. {option} …")


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _apply(plan: str, repo: Path | None, commit: bool, dry_run: bool, change: Any) -> None:
    """Open the plan, apply `change(data, repo) -> message`, then show, write or commit."""
    from ipcli.edit import open_plan, save
    from ipcli.repo import find_plan, open_repo

    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    file = find_plan(the_repo, plan, cwd)
    ed = open_plan(file, the_repo.shown(file, cwd), the_repo.config.limits)
    message = change(ed.data, the_repo)
    if dry_run:
        sys.stdout.write(ed.diff())
        err(f"{message} (dry run: nothing written)")
        return
    save(ed, the_repo.config.limits)
    if commit:
        from ipcli.commit import commit_file

        err(f"{message} — committed as {commit_file(the_repo.root, file, message)}")
    else:
        err(message)


@guarded
def evaluate(
    plan: PlanArg,
    goal: Annotated[str, typer.Argument(metavar="GOAL", help="The goal's id (g1).", show_default=False)],
    achievement: Annotated[
        str | None,
        typer.Option(
            "--achievement",
            "-a",
            help="in-progress, improving, "
            "worsening, no-change, achieved, sustaining, not-achieved, no-progress, "
            "not-attainable.",
            show_default=False,
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", "-o", help="continue, change, end or reassess.", show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Participant ids of who took part, e.g. kari,ola.", show_default=False),
    ] = None,
    citizen: Annotated[
        str | None, typer.Option("--citizen", help="The person's own words.", show_default=False)
    ] = None,
    staff: Annotated[
        str | None, typer.Option("--staff", help="Staff's assessment.", show_default=False)
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Date of the evaluation (default: today).", show_default=False),
    ] = None,
    next_date: Annotated[
        str | None,
        typer.Option(
            "--next", help="Next evaluation (default: evaluate_every after this one).", show_default=False
        ),
    ] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Record an evaluation of a goal and move its next evaluation date.

    Example: ipcli evaluate p-0042 g1 -a improving -o continue --by kari,ola --citizen "Det går bedre."
    """
    from ipcli.record import add_evaluation

    day = parse_date(date, "--date") or parse_today(today)
    achievement = _ask(achievement, "--achievement", "How far is the goal reached (improving, achieved, …)?")
    outcome = _ask(outcome, "--outcome", "What happens next (continue, change, end, reassess)?")
    who = _ids(_ask(by, "--by", "Who took part (participant ids, comma-separated)?"))
    nxt = parse_date(next_date, "--next")
    _apply(
        plan,
        repo,
        commit,
        dry_run,
        lambda data, _r: add_evaluation(
            data,
            goal,
            day=day,
            achievement=achievement,
            outcome=outcome,
            by=who,
            citizen=citizen,
            staff=staff,
            next_day=nxt,
        ),
    )


@guarded
def revise(
    plan: PlanArg,
    summary: Annotated[
        str | None,
        typer.Option("--summary", "-s", help="What was evaluated and changed.", show_default=False),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Participant ids of who took part.", show_default=False)
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date of the revision (default: today).", show_default=False)
    ] = None,
    next_revision: Annotated[
        str | None,
        typer.Option(
            "--next-revision",
            help="The next revision date "
            "(default: the profile's revision interval after this one, if the plan "
            "states one).",
            show_default=False,
        ),
    ] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Record a whole-plan evaluation and revision.

    Example: ipcli revise p-0107 --summary "Årlig revision." --by jonas,anne --next-revision 2027-11-05
    """
    from ipcli.record import add_revision

    day = parse_date(date, "--date") or parse_today(today)
    text = _ask(summary, "--summary", "What was evaluated and changed?")
    who = _ids(_ask(by, "--by", "Who took part (participant ids, comma-separated)?"))
    nxt = parse_date(next_revision, "--next-revision")

    def change(data: Any, the_repo: Any) -> str:
        profile = the_repo.config.profile_named(str(data.get("profile")))
        interval = str(profile.intervals["revision"]) if profile else "12 months"
        return add_revision(data, day=day, summary=text, by=who, next_day=nxt, default_interval=interval)

    _apply(plan, repo, commit, dry_run, change)


@guarded
def measure(
    plan: PlanArg,
    measure_id: Annotated[
        str, typer.Argument(metavar="MEASURE", help="The measure's id (m1).", show_default=False)
    ],
    status: Annotated[
        str | None, typer.Option("--status", help="planned, ongoing, done or cancelled.", show_default=False)
    ] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Set a measure's status.

    Example: ipcli measure p-0042 m2 --status done
    """
    from ipcli.record import set_measure_status

    parse_today(today)  # accepted like everywhere; a status change carries no date
    new = _ask(status, "--status", "New status (planned, ongoing, done, cancelled)?")
    _apply(plan, repo, commit, dry_run, lambda data, _r: set_measure_status(data, measure_id, new))


@guarded
def goal(
    plan: PlanArg,
    theme: Annotated[
        str, typer.Argument(help="The theme's key (ipcli rules --themes lists them).", show_default=False)
    ],
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help="The goal, as concretely as possible.", show_default=False),
    ] = None,
    said_by: Annotated[
        str, typer.Option("--said-by", help="Whose goal: citizen, staff, relative, guardian.")
    ] = "citizen",
    goal_id: Annotated[
        str | None,
        typer.Option("--id", help="The goal's id (default: the next free gN).", show_default=False),
    ] = None,
    evaluate_every: Annotated[
        str | None, typer.Option("--evaluate-every", help="e.g. '3 months'.", show_default=False)
    ] = None,
    next_date: Annotated[
        str | None, typer.Option("--next", help="First evaluation date.", show_default=False)
    ] = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Add a goal to a theme of a plan.

    Example: ipcli goal p-0042 daily_living --text "Kle på meg selv om morgenen" --evaluate-every "3 months"
    """
    from ipcli.record import add_goal

    parse_today(today)
    words = _ask(text, "--text", "The goal, in the person's words?")
    nxt = parse_date(next_date, "--next")

    def change(data: Any, the_repo: Any) -> str:
        profile = the_repo.config.profile_named(str(data.get("profile")))
        if profile is not None and profile.theme(theme) is None:
            raise UserError(
                f'"{theme}" is not a theme of profile {profile.name}',
                "themes: " + ", ".join(t.key for t in profile.themes),
            )
        return add_goal(
            data,
            theme,
            text=words,
            said_by=said_by,
            goal_id=goal_id,
            evaluate_every=evaluate_every,
            next_day=nxt,
        )

    _apply(plan, repo, commit, dry_run, change)
