"""PDF/A from a plan, with Typst.

Typst (the `typst` package ships the compiler) lays out templates/plan.typ; the plan arrives as
JSON data (printdoc.document) and is shown as text only, so plan text cannot become commands.
Output is PDF/A-2a: tagged for screen readers, every font embedded (Typst's own fonts, the same on
every machine: system fonts are not used), XMP metadata that declares the level. The creation
date is the day the plan was made for (`--today`), so the same plan and day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any, Final

from ipcli.config import Config
from ipcli.errors import UserError
from ipcli.i18n import tr
from ipcli.model import Plan
from ipcli.outfile import OutFolder
from ipcli.printdoc import PageFacts
from ipcli.profiles import Profile
from ipcli.repo import Repo

PDF_STANDARD: Final = "a-2a"  # PDF/A-2, level A (accessible: tagged, with the text's language)
PDF_STANDARD_NAME = "PDF/A-2a"


def _template() -> bytes:
    return resources.files("ipcli").joinpath("templates/plan.typ").read_bytes()


def compile_pdf(doc: dict[str, Any], today: dt.date) -> bytes:
    """One plan's printable blocks as PDF/A bytes."""
    try:
        import typst
    except ImportError:  # pragma: no cover - a dependency; a broken install says so plainly
        raise UserError(tr("error.no_typst")) from None
    import tempfile

    # a folder of its own as Typst's root, holding only the template: nothing else can be read
    with tempfile.TemporaryDirectory(prefix="ipcli-pdf-") as root:
        main = os.path.join(root, "plan.typ")
        with open(main, "wb") as f:
            f.write(_template())
        try:
            out = typst.compile(
                main,
                root=root,
                format="pdf",
                ignore_system_fonts=True,
                sys_inputs={"doc": json.dumps(doc, ensure_ascii=False)},
                pdf_standards=PDF_STANDARD,
                timestamp=dt.datetime(today.year, today.month, today.day, 12, tzinfo=dt.UTC),
            )
        except typst.TypstError as e:  # our template and our data: a bug, not the user's input
            raise RuntimeError(f"the PDF could not be laid out: {e.message}") from None
    if not isinstance(out, bytes):  # pragma: no cover - pdf is one file
        raise RuntimeError("the PDF engine returned pages instead of one file")
    return out


def render_pdf(
    plan: Plan,
    profile: Profile | None,
    lang: str,
    audience: str,
    today: dt.date,
    page: PageFacts,
    without: frozenset[str],
) -> bytes:
    from ipcli.printdoc import document

    return compile_pdf(document(plan, profile, lang, audience, today, page, without), today)


_job_config: Config | None = None


def write_pdfs(
    files: list[str],
    repo: Repo,
    out: OutFolder,
    lang: str | None,
    audience: str,
    today: dt.date,
    without: frozenset[str],
    redact: bool = False,
) -> tuple[list[Path], int]:
    """Every plan as a PDF in `out` (<id>.pdf), on every core. Returns the files written and
    the number of plans that could not be read (left out)."""
    from ipcli.render import in_parallel
    from ipcli.versions import repo_path, versions

    global _job_config
    _job_config = repo.config  # inherited by the forked workers
    rels = [repo_path(f, repo.root) for f in files]
    known = versions(repo.root, rels)
    jobs = [
        (f, rel, known.get(rel), out, lang, audience, today, without, repo.root, redact)
        for f, rel in zip(files, rels, strict=True)
    ]
    written = [p for p in in_parallel(_one_pdf, jobs) if p is not None]
    return sorted(written), len(files) - len(written)


_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _one_pdf(job: tuple[Any, ...]) -> Path | None:
    from ipcli.load import load_file
    from ipcli.render import unit_of

    file, rel, version, out, lang, audience, today, without, root, redact = job
    config = _job_config
    assert config is not None
    loaded = load_file(Path(file), rel, config.limits, root)
    plan = loaded.plan
    if plan is None or not _SAFE_ID.fullmatch(plan.id):  # the id names the file
        return None
    if redact:
        from ipcli.redact import redacted_plan

        plan = redacted_plan(loaded.data)
    page = PageFacts(version, config.render_organisation, unit_of(rel))
    profile = config.profile_named(plan.profile)
    data = render_pdf(plan, profile, lang or plan.language, audience, today, page, without)
    folder: OutFolder = out
    return folder.write(f"{plan.id}.pdf", data)  # the checked writer (ipcli.outfile)
