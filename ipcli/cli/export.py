"""`ipcli export`: plans in other formats for other systems (FHIR R4)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcli.cli.common import MineOpt, RedactOpt, RepoOpt, TodayOpt, err, guarded, parse_today
from ipcli.errors import UserError
from ipcli.language.i18n import N_


@guarded
def export(
    plan: Annotated[
        str | None, typer.Argument(metavar="[PLAN]", help=N_("help.export.plan"), show_default=False)
    ] = None,
    fhir: Annotated[bool, typer.Option("--fhir", help=N_("help.export.fhir"))] = False,
    all_plans: Annotated[bool, typer.Option("--all", help=N_("help.export.all_plans"))] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=N_("help.export.output"), show_default=False)
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_("help.export.lang"),
            show_default=False,
        ),
    ] = None,
    redact: RedactOpt = False,
    mine: MineOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """Export a plan as a FHIR R4 Bundle for other systems. The person is pseudonymous: the plan
    id, never a name or a national id number. The mapping: docs/fhir.md. With --redact, names of
    participants are initials and texts are left out (test data for another system).

    Example: ipcli export p-0042 --fhir -o p-0042.fhir.json
    """
    from ipcli.checks.load import load_file
    from ipcli.documents.fhir import bundle
    from ipcli.language.i18n import tr
    from ipcli.plan.findings import words
    from ipcli.plan.redact import shown_plan
    from ipcli.store.repo import configured_plans, find_plan, open_repo

    parse_today(today)
    if not fhir:
        raise UserError(tr("export.which_format"))
    cwd = Path.cwd()
    the_repo = open_repo(repo, cwd)
    config = the_repo.config
    from ipcli.store.outfile import output_target

    plan_files = configured_plans(the_repo) if output is not None else []
    checked = output_target(output, cwd, the_repo.root, plan_files) if output is not None else None
    if all_plans:
        found = configured_plans(the_repo)
        if mine:
            from ipcli.reports.selection import Selection, my_email, select_files

            found = select_files(the_repo, found, Selection(mine=my_email(the_repo.root)))
        files = [Path(f) for f in found]
    elif mine:
        raise UserError(tr("error.mine_for_all"), tr("error.mine_for_all.hint"))
    elif plan is not None:
        files = [find_plan(the_repo, plan, cwd)]
    else:
        raise UserError(tr("export.name_a_plan"))
    entries = []
    for file in files:
        loaded = load_file(file, the_repo.shown(file, cwd), config.limits, the_repo.root)
        if loaded.plan is None:
            if not all_plans:
                f = next(f for f in loaded.findings if f.severity.value == "error")
                place = f"{f.path}:{f.line}:{f.col}"
                raise UserError(tr("export.fix_first", place=place, problem=words(f.message)))
            err("ipcli: " + tr("export.skipped", file=loaded.shown))
            continue
        the_plan = shown_plan(loaded.data, loaded.plan, redact)
        del loaded  # the file's text and node tree: a large plan's as large as the bundle
        doc = bundle(the_plan, config.profile_named(the_plan.profile), lang or the_plan.language)
        entries.extend(doc["entry"])
        del the_plan, doc
    count = len(entries)
    text = _json({"resourceType": "Bundle", "type": "collection", "entry": entries})
    del entries
    if checked is None:
        sys.stdout.write(text)
        return
    checked.write(text.encode("utf-8"), the_repo.root, plan_files)
    err(tr("export.written", n=count, target=output))


def _json(doc: dict[str, Any]) -> str:
    """json.dumps(doc, ensure_ascii=False, indent=1) and a line end, joined a few thousand pieces
    at a time: the indenting encoder yields a piece per value and key, and a list of all of
    them for a large plan takes several times the memory of the text."""
    out = io.StringIO()
    pieces: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(doc):
        pieces.append(piece)
        if len(pieces) >= 4096:
            out.write("".join(pieces))
            pieces.clear()
    out.write("".join(pieces))
    out.write("\n")
    return out.getvalue()
