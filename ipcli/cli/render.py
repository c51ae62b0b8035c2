"""`ipcli render`: a plan as Markdown or HTML, or a static site of all plans."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ipcli.cli.common import MineOpt, RedactOpt, RepoOpt, TodayOpt, err, guarded, parse_today
from ipcli.errors import UserError
from ipcli.language.i18n import N_

if TYPE_CHECKING:
    from ipcli.documents.render import Failed
    from ipcli.store.repo import Repo


class RenderFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"


class Audience(StrEnum):
    staff = "staff"
    citizen = "citizen"


@guarded
def render(
    plan: Annotated[
        str | None, typer.Argument(metavar="[PLAN]", help=N_("help.render.plan"), show_default=False)
    ] = None,
    output_format: Annotated[
        RenderFormat,
        typer.Option("--format", "-f", help=N_("help.render.output_format")),
    ] = RenderFormat.md,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_("help.render.lang"),
            show_default=False,
        ),
    ] = None,
    audience: Annotated[
        Audience,
        typer.Option("--audience", help=N_("help.render.audience")),
    ] = Audience.staff,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=N_("help.render.output"), show_default=False)
    ] = None,
    all_plans: Annotated[bool, typer.Option("--all", help=N_("help.render.all_plans"))] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help=N_("help.render.out"), show_default=False),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help=N_("help.render.at"),
            show_default=False,
        ),
    ] = None,
    without: Annotated[
        str | None,
        typer.Option(
            "--without",
            help=N_("help.render.without"),
            show_default=False,
        ),
    ] = None,
    redact: RedactOpt = False,
    mine: MineOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Write a plan for a meeting, for print, or for the person it is about. With --redact: its
    structure, dates and statuses with initials for names and no free text (for sharing a layout
    or a problem with someone who has no need to read the plan).

    Markdown goes to standard output unless -o is given; HTML and PDF need -o. `--all --out DIR`
    writes a site that opens from disk: an index of plans, a page per coordinator, a page per plan
    and the person's version of it, the due overview, one CSS file; with --format pdf, one PDF/A
    file per plan beside the pages as well.

    Example: ipcli render p-0042 --format pdf --without due,dilemmas -o p-0042.pdf
    """
    from ipcli.documents import prepare
    from ipcli.language.i18n import LANGS, tr
    from ipcli.store.repo import configured_plans, find_plan, open_repo

    if lang is not None and lang not in LANGS:
        raise UserError(tr("error.bad_lang", code=lang, choices=", ".join(LANGS)))
    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    own = prepare.own_templates(the_repo)
    the_day = parse_today(today)
    left_out = prepare.left_out(without, the_repo.config)
    if all_plans:
        _render_all(
            the_repo, out or output, output_format, lang, audience, the_day, own, left_out, redact, mine
        )
        return
    if plan is None:
        raise UserError(tr("render.name_a_plan"))
    if mine:
        raise UserError(tr("error.mine_for_all"), tr("error.mine_for_all.hint"))
    file = find_plan(the_repo, plan, cwd)
    if at is None:
        the_plan, at_version = prepare.shown_now(the_repo, file, cwd, redact, the_day), None
    else:
        the_plan, at_version = prepare.shown_at(the_repo, file, at, redact)
    target = output or out
    if output_format is RenderFormat.html and target is None:
        raise UserError(tr("render.html_needs_file"), tr("render.html_needs_file.hint"))
    if output_format is RenderFormat.pdf and target is None:
        raise UserError(tr("render.pdf_needs_file"), tr("render.pdf_needs_file.hint"))
    from ipcli.store.outfile import output_target

    # checked before the work (a plan file, .git, a device): the same check again when writing
    plan_files = configured_plans(the_repo) if target is not None else []
    checked = output_target(target, cwd, the_repo.root, plan_files) if target is not None else None
    page = prepare.page_facts(the_repo, file, at_version)
    config = the_repo.config
    profile, plan_lang = config.profile_named(the_plan.profile), lang or the_plan.language
    if output_format is RenderFormat.pdf:
        assert checked is not None
        from ipcli.documents.pdf import render_pdf

        data = render_pdf(
            the_plan,
            profile,
            plan_lang,
            audience.value,
            the_day,
            page,
            left_out,
            config.citizen_shows_staff,
            own,
        )
        checked.write(data, the_repo.root, plan_files, binary=True)
        err(tr("render.pdf_written", plan=the_plan.id, target=target))
        return
    from ipcli.documents.render import render_plan

    text = render_plan(
        the_plan,
        profile,
        output_format.value,
        plan_lang,
        audience.value,
        the_day,
        own,
        show_staff_to_citizen=config.citizen_shows_staff,
        without=left_out,
        page=page,
    )
    if checked is None:
        sys.stdout.write(text)
        return
    checked.write(text.encode("utf-8"), the_repo.root, plan_files)
    err(tr("render.written", plan=the_plan.id, target=target))


def _render_all(
    the_repo: Repo,
    target: Path | None,
    output_format: RenderFormat,
    lang: str | None,
    audience: Audience,
    the_day: dt.date,
    own: Path | None,
    left_out: frozenset[str],
    redact: bool,
    mine: bool,
) -> None:
    """`render --all`: every plan (or the user's own), as a site or as PDFs, and what was written."""
    from ipcli.cli.progress import progress_shown
    from ipcli.documents.render import write_site
    from ipcli.language.i18n import tr, tr_n
    from ipcli.store.outfile import out_folder
    from ipcli.store.repo import configured_plans

    if target is None:
        raise UserError(tr("render.all_needs_out"), tr("render.all_needs_out.hint"))
    every_plan = configured_plans(the_repo)
    files = every_plan
    if mine:
        from ipcli.reports.selection import Selection, my_email, select_files

        files = select_files(the_repo, files, Selection(mine=my_email(the_repo.root)))
    folder = out_folder(target, Path.cwd(), the_repo.root, every_plan)
    failed: list[Failed] = []
    pdf_ids: frozenset[str] = frozenset()
    if output_format is RenderFormat.pdf:
        from ipcli.documents.pdf import write_pdfs

        # the PDFs first, into the site's plans/ beside the pages, so each page links only to a
        # PDF that was made
        folder.make("plans")
        with progress_shown():  # a PDF a plan: minutes for a big repository
            pdfs, _skipped, failed = write_pdfs(
                files,
                the_repo,
                folder,
                lang,
                audience.value,
                the_day,
                left_out,
                redact,
                own,
                folder="plans/",
            )
        pdf_ids = frozenset(p.stem for p in pdfs)
        err(
            tr(
                "render.pdfs_written",
                plans=tr_n("count.plans.one", "count.plans.other", len(pdfs)),
                target=target,
            )
        )
        # a plan that cannot be read is told once, by the site below
    with progress_shown():  # a page a plan: seconds for a big repository
        written, skipped, site_failed, kept = write_site(
            files,
            the_repo,
            folder,
            lang,
            the_day,
            own,
            redact=redact,
            without=left_out,
            pdfs=pdf_ids,
        )
    pages = [p for p in written if p.parent.name == "plans" and not p.name.endswith(".citizen.html")]
    plans_written = tr_n("count.plans.one", "count.plans.other", len(pages))
    err(tr("render.site_written", plans=plans_written, target=target, files=len(written)))
    if kept:  # a second run into the same folder: what was already as it should be
        err("ipcli: " + tr("render.site_kept", n=kept))
    if skipped:
        err("ipcli: " + tr("render.site_skipped", n=skipped))
    # a plan whose page and PDF both failed is named once
    named = {f.shown for f in failed}
    _name_failures(failed + [f for f in site_failed if f.shown not in named])


def _name_failures(failed: list[Failed]) -> None:
    """One line for each plan that has no page or PDF (the others were written); exit 1, or 3
    when one of them failed through a bug in ipcli rather than through what the plan holds."""
    if not failed:
        return
    from ipcli.cli.common import EXIT_FINDINGS, EXIT_INTERNAL
    from ipcli.language.i18n import tr

    for f in sorted(failed, key=lambda f: f.shown):
        err("ipcli: " + tr("render.plan_failed", plan=f.shown, reason=f.reason))
    raise typer.Exit(EXIT_INTERNAL if any(f.bug for f in failed) else EXIT_FINDINGS)
