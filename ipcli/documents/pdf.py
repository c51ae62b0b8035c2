"""PDF/A from a plan, with Typst.

Typst (the `typst` package ships the compiler) lays out templates/plan.typ; the plan arrives as
JSON data (printdoc.document) and is shown as text only, so plan text cannot become commands.
Output is PDF/A-2a: tagged for screen readers, every font embedded (Typst's own fonts and the Noto
fonts of ipcli's dependencies, the same on every machine: other system fonts are not used), XMP
metadata that declares the level, and PDF/UA-1 besides (Typst checks it: a title, headings in
order, tables with header rows; the viewer shows the title). PDF/A allows no text without a glyph, so
every character no font has is replaced by a visible marker first (glyphs.printable): plan text never
stops the PDF. The creation date is when the file is made, or SOURCE_DATE_EPOCH's time when that is
set (a reproducible build: the same plan and day give the same bytes). `--today` is the day the
plan is shown for, in the text, not the file's date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcli.config import Config
from ipcli.documents.printdoc import Logo, PageFacts
from ipcli.errors import UserError
from ipcli.language.glyphs import FAMILIES, coverage, printable
from ipcli.language.i18n import tr
from ipcli.plan.model import Plan
from ipcli.plan.profiles import Profile
from ipcli.store.outfile import OutFolder
from ipcli.store.repo import Repo

if TYPE_CHECKING:
    from ipcli.documents.render import Failed


def made_at() -> dt.datetime:
    """When the file is made: now, or SOURCE_DATE_EPOCH (seconds since 1970, UTC) when it is set
    to a number (reproducible builds, https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (OverflowError, OSError, ValueError):  # past year 9999: ignored as unusable
            pass
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _template(own_templates: Path | None) -> bytes:
    """The Typst template: the repository's own plan.typ when its templates folder has one
    (Typst code from the repository runs with the template's folder as its only root, and the
    plan still arrives as data, never as markup), else ipcli's."""
    from ipcli.documents.builtin import builtin_templates

    own = own_template(own_templates)
    return (own or builtin_templates() / "plan.typ").read_bytes()


def own_template(own_templates: Path | None) -> Path | None:
    """The repository's own plan.typ, if its templates folder has one (inside it, not a link out)."""
    from ipcli.store.repo import is_inside

    if own_templates is None:
        return None
    own = own_templates / "plan.typ"
    return own if own.is_file() and is_inside(own, own_templates) else None


def printable_data(value: Any) -> Any:
    """Every text in the document's data with the characters no font has replaced by a marker."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: printable_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_data(v) for v in value]
    return value


_ESCAPE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Typst's message on one line, its control characters shown as code points (it may quote
    plan text, which must not reach the terminal as control sequences)."""
    return _ESCAPE.sub(lambda m: f"U+{ord(m.group()):04X}", " ".join(text.split()))


def compile_pdf(doc: dict[str, Any], own_templates: Path | None = None, logo: Logo | None = None) -> bytes:
    """One plan's printable blocks as PDF/A bytes. Raises UserError when Typst cannot lay it out."""
    try:
        import typst
    except ImportError:  # pragma: no cover - a dependency; a broken install says so plainly
        raise UserError(tr("error.no_typst")) from None
    import tempfile

    fonts = coverage()
    doc = printable_data(doc)
    doc["fonts"] = list(FAMILIES)

    # a folder of its own as Typst's root, holding only the template: nothing else can be read
    with tempfile.TemporaryDirectory(prefix="ipcli-pdf-") as root:
        main = os.path.join(root, "plan.typ")
        with open(main, "wb") as f:
            f.write(_template(own_templates))
        if logo is not None:  # beside the template, the one other file Typst may read
            with open(os.path.join(root, logo.name), "wb") as f:
                f.write(logo.data)
        try:
            out = typst.compile(
                main,
                root=root,
                format="pdf",
                ignore_system_fonts=True,
                font_paths=list(fonts.folders),
                sys_inputs={"doc": json.dumps(doc, ensure_ascii=False)},
                # PDF/A-2, level A (accessible: tagged, with the text's language), and PDF/UA-1
                pdf_standards=["a-2a", "ua-1"],
                timestamp=made_at(),
            )
        except typst.TypstError as e:
            # plan text is replaced where no glyph exists, so this is rare; but it comes from what
            # the plan holds, so it is said in one line (exit 2), never as an internal error
            # .message is set by the compiler; an error raised from Python has only its arguments
            message = str(getattr(e, "message", None) or (e.args[0] if e.args else ""))
            reason = tr("render.pdf_failed", reason=one_line(message))
            own = own_template(own_templates)
            if own is not None:  # the repository's own plan.typ: say where in it
                at = re.search(r"plan\.typ:(\d+):(\d+)", str(getattr(e, "diagnostic", "") or ""))
                reason = f"{own}:{at.group(1)}:{at.group(2)}: {reason}" if at else f"{own}: {reason}"
            raise UserError(reason) from None
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
    shows_staff: bool = False,
    own_templates: Path | None = None,
) -> bytes:
    from ipcli.documents.printdoc import document
    from ipcli.language.nationalid import mask_data

    # every text the page shows, masked where it is handed to the layout (the plan is masked
    # already, redact.shown_plan; this also covers words made from it on the way)
    doc = document(plan, profile, lang, audience, today, page, without, shows_staff)
    return compile_pdf(mask_data(doc), own_templates, page.logo)


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
    own_templates: Path | None = None,
    folder: str = "",
) -> tuple[list[Path], int, list[Failed]]:
    """Every plan as a PDF in `out` (<folder><id>.pdf: beside the site's pages), on every core.
    Returns the files written, the number of plans that could not be read (left out), and the
    plans whose PDF failed: one plan never stops the others."""
    from ipcli.documents.render import Failed, in_parallel
    from ipcli.store.versions import repo_path, versions

    global _job_config
    _job_config = repo.config  # inherited by the forked workers
    rels = [repo_path(f, repo.root) for f in files]
    known = versions(repo.root, rels)
    jobs = [
        (
            f,
            rel,
            known.get(rel),
            out,
            lang,
            audience,
            today,
            without,
            repo.root,
            redact,
            own_templates,
            folder,
        )
        for f, rel in zip(files, rels, strict=True)
    ]
    results = in_parallel(_one_pdf, jobs)
    written = [p for p in results if isinstance(p, Path)]
    failed = [p for p in results if isinstance(p, Failed)]
    return sorted(written), len(files) - len(written) - len(failed), failed


_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _one_pdf(job: tuple[Any, ...]) -> Path | Failed | None:
    from ipcli.documents.render import guarded_job

    return guarded_job(_pdf_of, job, job[1])


def _pdf_of(job: tuple[Any, ...]) -> Path | None:
    from ipcli.checks.load import load_file
    from ipcli.documents.prepare import facts_for

    file, rel, version, out, lang, audience, today, without, root, redact, own, prefix = job
    config = _job_config
    assert config is not None
    loaded = load_file(Path(file), rel, config.limits, root)
    plan = loaded.plan
    if plan is None or not _SAFE_ID.fullmatch(plan.id):  # the id names the file
        return None
    from ipcli.plan.redact import shown_plan

    plan = shown_plan(loaded.data, plan, redact)  # national id numbers masked
    page = facts_for(config, root, rel, version)
    profile = config.profile_named(plan.profile)
    data = render_pdf(
        plan, profile, lang or plan.language, audience, today, page, without, config.citizen_shows_staff, own
    )
    folder: OutFolder = out
    return folder.write(f"{prefix}{plan.id}.pdf", data)  # the checked writer (ipcli.store.outfile)
