"""`ipcli init` and `ipcli new`: start a plans repository, start a plan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ipcli.cli.common import RepoOpt, TodayOpt, err, guarded, parse_today
from ipcli.errors import UserError
from ipcli.language.i18n import N_, plan_language, tr
from ipcli.store.git import GitError, run

ProfileOpt = Annotated[
    str | None, typer.Option("--profile", help=N_("help.scaffold.profile"), show_default=False)
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=N_("help.scaffold.lang"),
        show_default=False,
    ),
]


@guarded
def init(
    folder: Annotated[Path, typer.Argument(help=N_("help.init.folder"))] = Path("."),
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    ci_install: Annotated[
        str | None,
        typer.Option(
            "--ci-install",
            help=N_("help.init.ci_install"),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make a ready plans repository: git, ipcli.toml, plans/, the schema, editor settings,
    a pre-commit hook, and CI for GitHub and GitLab; then the first commit. Existing files are
    left alone.

    Example: ipcli init plans-repo --profile dk-sel141 --lang da
    """
    from ipcli.config import LANGUAGES
    from ipcli.edits.ciinstall import Source, copy_wheel, installed_from
    from ipcli.edits.scaffold import first_commit, install_hook
    from ipcli.edits.scaffold import init as make

    chosen = profile or "no-ip"
    language = lang or plan_language(chosen == "dk-sel141")
    if language not in LANGUAGES:
        raise UserError(tr("error.bad_lang", code=language, choices=", ".join(LANGUAGES)))
    where = Path.cwd() / folder
    source = Source(ci_install) if ci_install is not None else installed_from()
    report = make(where, chosen, language, source.spec)
    wheel = copy_wheel(source, where) if ("ipcli.toml", True) in report else None
    if wheel is not None:
        report.append((wheel, True))
    said = {True: tr("init.created"), False: tr("init.kept")}
    width = max(len(w) for w in said.values())
    for rel, created in report:
        sys.stdout.write(f"{said[created].ljust(width + 1)} {rel}\n")
    made = [rel for rel, created in report if created and rel != ".git"]
    commit, instead = first_commit(where, made, language)
    if commit:
        err(tr("init.committed", commit=commit))
    elif instead:
        err(tr("init.not_committed", instead=instead))
    hooked, command = install_hook(where)
    if hooked:
        err(tr("init.hooked"))
    else:
        err(tr("init.no_hook", command=command))
    if ("ipcli.toml", True) in report:
        if source.spec:
            err(tr("init.ci_installs", spec=source.spec))
        else:
            err(tr("init.ci_cannot", why=tr(source.why)))
    err(tr("init.ready", folder=folder))


def _git_identity(root: Path) -> tuple[str | None, str | None]:
    def get(key: str) -> str | None:
        try:
            out = run(root, "config", key, check=False)
        except GitError:  # no git: `new` works without it, the coordinator is then not named
            return None
        return out.text.strip() or None

    return get("user.name"), get("user.email")


@guarded
def new(
    plan_id: Annotated[str, typer.Argument(metavar="ID", help=N_("help.new.plan_id"), show_default=False)],
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    person: Annotated[
        str | None,
        typer.Option("--person", help=N_("help.new.person"), show_default=False),
    ] = None,
    coordinator: Annotated[
        str | None,
        typer.Option(
            "--coordinator",
            help=N_("help.new.coordinator"),
            show_default=False,
        ),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help=N_("help.new.unit"), show_default=False)] = None,
    commit: Annotated[bool, typer.Option("--commit", help=N_("help.new.commit"))] = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Start a plan from the profile's template, in draft, with comments that teach each part.

    Example: ipcli new p-0042 --unit nordvik --person "Ola Nordmann"
    """
    from ipcli.edits.scaffold import check_plan_id, new_plan
    from ipcli.store.repo import configured_plans, open_repo

    check_plan_id(plan_id)  # before anything is asked or read
    the_repo = open_repo(repo, Path.cwd())
    config = the_repo.config
    chosen = config.profile_named(profile or config.profile)
    if chosen is None:
        raise UserError(tr("error.unknown_profile", profile=profile), tr("error.profiles_hint"))
    name, email = _git_identity(the_repo.root)
    who = coordinator or name
    if who is None:
        from ipcli.cli import prompts

        if prompts.interactive():
            who = prompts.ask(tr("new.ask_coordinator"), prompts.text, option="--coordinator")
            assert who is not None
        else:
            raise UserError(tr("new.no_coordinator"), tr("new.no_coordinator.hint"))
    danish = chosen.name == "dk-sel141"
    if lang:
        language = lang
    elif not profile or (not danish and config.language in ("nb", "nn")):
        language = config.language or plan_language(danish)
    else:
        language = plan_language(danish)
    if commit:  # what a commit needs is checked before the plan is written
        from ipcli.store.commit import prepare_repository

        prepare_repository(the_repo.root)
    path = new_plan(
        the_repo.root,
        configured_plans(the_repo),
        plan_id,
        chosen,
        language,
        person or "NN",
        who,
        email if coordinator is None else None,
        unit,
        parse_today(today),
    )
    shown = the_repo.shown(path, Path.cwd())
    sys.stdout.write(f"{shown}\n")
    if commit:
        from ipcli.language.i18n import repository_language
        from ipcli.store.commit import commit as make_commit
        from ipcli.store.commit import prepare

        try:
            message = tr("commit.new_plan", repository_language(language), plan=plan_id)
            made = make_commit(prepare(the_repo.root, path, shown, new=True), message, parse_today(today))
        except BaseException:
            path.unlink(missing_ok=True)  # all or nothing: no plan left behind uncommitted
            raise
        err(tr("new.committed", plan=plan_id, commit=made))
    else:
        err(tr("new.written", plan=plan_id, file=shown))
