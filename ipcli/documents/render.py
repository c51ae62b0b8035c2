"""Plans as Markdown and HTML, for meetings, for print and for the person: Jinja2 templates
shipped in the package (an organisation may put its own first, from ipcli.toml).

Plan text is untrusted. Templates run in Jinja2's sandbox; HTML is autoescaped; in Markdown,
every value is escaped on output (`finalize`), so no plan text becomes a link, an image, HTML or a
table cell of its own. Nothing from a plan is ever evaluated.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

# imported here, not per call: two of them are called for every value of every page (and
# this module is imported only to render, which needs Jinja2 and so MarkupSafe anyway)
from markupsafe import Markup, escape

from ipcli.config import Config
from ipcli.deadlines.words import DueLine, due_lines
from ipcli.documents.printdoc import PageFacts, tel_href
from ipcli.language import i18n
from ipcli.language.i18n import N_
from ipcli.language.nationalid import mask
from ipcli.output.due import md_escape
from ipcli.plan.model import Participant, Plan
from ipcli.plan.profiles import Profile
from ipcli.store.outfile import OutFolder
from ipcli.store.repo import Repo

if TYPE_CHECKING:
    from ipcli.documents.sitestate import SiteState

PROGRESS_RENDERING = N_("progress.rendering")  # what a progress display calls this work

J = TypeVar("J")
R = TypeVar("R")


@functools.cache
def _confined_loader() -> Any:
    """A loader for the repository's own templates that reads only files inside their folder:
    never `..`, never a link that leads out of it (checked before the file is opened)."""
    from jinja2 import FileSystemLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    from ipcli.store.repo import is_inside

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            pieces = split_template_path(template)  # refuses ".." itself
            for folder in self.searchpath:
                candidate = os.path.join(folder, *pieces)
                if os.path.lexists(candidate) and not is_inside(candidate, Path(folder)):
                    raise TemplateNotFound(template)
            return super().get_source(environment, template)

    return ConfinedLoader


@functools.lru_cache(maxsize=8)  # compiling the templates costs more than rendering a plan
def _environment(kind: str, own_templates: Path | None) -> Any:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    from ipcli.documents.builtin import builtin_templates

    loaders: list[Any] = [FileSystemLoader(str(builtin_templates()))]
    if own_templates is not None:
        loaders.insert(0, _confined_loader()(str(own_templates)))
    # the sandbox guards against templates from the repository; ipcli's own are trusted code, and
    # the sandbox's checks on every attribute cost a third of the rendering time
    env_class = SandboxedEnvironment if own_templates is not None else Environment
    options: dict[str, Any] = {"loader": ChoiceLoader(loaders), "trim_blocks": True, "lstrip_blocks": True}
    if kind == "html":
        env = env_class(autoescape=True, finalize=_html_value, **options)
        env.filters["w"] = breakable  # plan text with its break opportunities (style.css)
        return env
    return env_class(autoescape=False, keep_trailing_newline=True, finalize=_md_value, **options)


# The plan a template gets is masked already (redact.shown_plan); every value a template prints is
# masked again here, so an organisation's own template, or a value made from the plan on the way
# (a heading, the due list, a page of the site), cannot show a national id number either.


def _html_value(value: Any) -> Any:
    if type(value) is str:  # the usual value: plan text (Markup is a subclass of str)
        return mask(value)
    if isinstance(value, Markup):  # made by ipcli from escaped parts: stays markup
        return Markup(mask(str(value)))
    return mask(value) if isinstance(value, str) else value


def _md_value(value: Any) -> Any:
    """Every value printed into Markdown is escaped: plan text cannot become markup. A macro's
    output marked `| safe` is made of values escaped here already (ipcli's _blocks.md.j2): masked only."""
    if isinstance(value, Markup):
        return mask(str(value))
    if isinstance(value, str):
        return md_escape(mask(value))
    return "" if value is None else value


def css_string(text: str) -> str:
    """Text as a CSS string literal that no plan text can break out of (every character that is
    not a letter, digit or space is a CSS escape), safe inside an HTML <style> element too."""
    out = []
    for ch in text:
        # CSS takes one space after an escape as its end: each escape carries its own, so a
        # space the text has after it stays ("Ola Nordmann · p-0042", not "…·p-0042")
        out.append(ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):06x} ")
    return '"' + "".join(out) + '"'


# a run of 21 or more characters without a space (a URL, a path, a compound with slashes), and
# the punctuation inside it after which a line may break
_LONG_TOKEN = re.compile(r"\S{21,}")
_BREAK_AFTER = re.compile(r"(?<=[/.?&=_:@,;-])(?=[^/.?&=_:@,;-])")
# a run of 12 or more letters: the only words the stylesheet lets break anywhere (class lw)
_LONG_WORD = re.compile(r"[^\W\d_]{12,}")


def breakable(value: Any) -> Any:
    """Plan text for HTML with its break opportunities made explicit: a long URL or path may
    break after its slashes and dots (<wbr>), a word of 12 or more letters anywhere, hyphenated
    where the browser can (class lw), and nothing else: a table column is never narrower than
    its longest short word, and no long text widens the page (style.css). Returns markup."""
    if value is None:
        return Markup("")
    return _breakable(str(value))


@functools.lru_cache(maxsize=16384)  # the same names and words recur on the site's pages
def _breakable(value: str) -> Markup:
    text = mask(value)
    if len(text) < 12:
        return escape(text)

    def words(part: str) -> Markup:
        pieces, last = [], 0
        for m in _LONG_WORD.finditer(part):
            pieces += [escape(part[last : m.start()]), Markup('<span class="lw">%s</span>') % m.group()]
            last = m.end()
        pieces.append(escape(part[last:]))
        return Markup("").join(pieces)

    out, last = [], 0
    for m in _LONG_TOKEN.finditer(text):
        out.append(words(text[last : m.start()]))
        out.append(Markup("<wbr>").join(words(p) for p in _BREAK_AFTER.split(m.group())))
        last = m.end()
    out.append(words(text[last:]))
    return Markup("").join(out)


_QUOTED = re.compile(r'^(.*?[«»“„"])(.+)([«»”“"].*)$', re.S)


def quoted(text: str) -> tuple[str, str, str] | None:
    """A line split around what it quotes (before the first quote mark, the quote, from the last
    one on), or None: the quote is plan text in the plan's language."""
    m = _QUOTED.match(text)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def context(
    plan: Plan,
    profile: Profile | None,
    lang: str,
    audience: str,
    today: dt.date,
    show_staff_to_citizen: bool = False,
    without: frozenset[str] = frozenset(),
    page: PageFacts | None = None,
) -> dict[str, Any]:
    from ipcli.documents.printdoc import (
        Words,
        basis_words,
        citizen_blocks,
        dates_by_place,
        header,
        next_box,
        participant_notes,
        period_words,
        signature_rows,
        without_staff_notes,
    )

    by_id = {p.id: p for p in plan.participants}
    words = Words(plan, profile, lang, today)
    dates = dates_by_place(plan, profile)
    facts = page or PageFacts()
    head, running_left, running_right = header(words, facts)
    # the running header of every printed page after the first: person, plan id, version, day
    left, right = css_string(running_left), css_string(running_right)
    # page one has the header block instead: its margin boxes are emptied after the rule that
    # fills them (Chromium lets the later rule win over :first's higher specificity)
    running = Markup(
        f"@media print {{ @page {{ @top-left {{ content: {left}; font-size: 8pt; }} "
        f"@top-right {{ content: {right}; font-size: 8pt; }} }} "
        "@page :first { @top-left { content: none; } @top-right { content: none; } } }"
    )

    def name(pid: str | None) -> str:
        p: Participant | None = by_id.get(pid) if pid else None
        return p.name if p else (pid or "")

    def theme_label(key: str) -> str:
        theme = profile.theme(key) if profile else None
        return theme.label(lang) if theme else key.replace("_", " ")

    goals = list(plan.goals())
    view = plan
    if audience == "citizen" and not show_staff_to_citizen:
        view = without_staff_notes(plan)
    # the person's copy is one description (printdoc.citizen_blocks) that every format lays out
    person_blocks = []
    if audience == "citizen":
        person_blocks = citizen_blocks(words, set(without), show_staff_to_citizen)
    return {
        "plan": view,
        "lang": lang,
        "audience": audience,
        "coordinator": by_id.get(plan.coordinator) if plan.coordinator else None,
        "own_goals": [(t, g) for t, g in goals if g.said_by == "citizen" and g.status != "dropped"],
        "other_goals": [(t, g) for t, g in goals if g.said_by != "citizen" and g.status != "dropped"],
        "open_measures": [m for _g, m in plan.measures() if m.status in ("planned", "ongoing")],
        "due": due_lines(plan, profile, today, lang) if audience == "staff" and "due" not in without else [],
        "without": without,
        "today": today,
        "head": head,
        "logo_src": facts.logo.data_uri() if facts.logo is not None else None,
        # the version's commit: for tools, in the page's metadata (the page says the version's date)
        "commit": facts.version.commit if facts.version is not None else None,
        "running_css": running,
        "next_box": next_box(words, dates),
        "person_blocks": person_blocks,
        "signers": signature_rows(words),
        "next_eval": lambda g: dates.get(tuple(g.at)) or g.next_evaluation,
        "measure_due": lambda m: dates.get(tuple(m.at)) or m.due,
        "late": lambda d: d is not None and d < today,
        "tl": plan.language if plan.language != lang else None,
        "tel": tel_href,
        "quoted": quoted,
        "L": lambda key: i18n.label(key, lang),
        "fmt_date": lambda d: i18n.date(d, lang) if isinstance(d, dt.date) else ("" if d is None else str(d)),
        "name": name,
        "names": lambda ids: ", ".join(name(i) for i in ids),
        "theme_label": theme_label,
        # each profile's vocabulary stays in its own country: focus areas are Danish (Orion)
        "focus_areas": profile is not None and profile.focus_areas,
        "country": profile.country if profile is not None else None,
        "declined_plan": profile is not None and profile.declined_plan(plan.participation),
        "representative": plan.representative(),
        "basis_date": _basis_date(plan),
        "basis_words": basis_words(words),
        "period_words": period_words(words),
        "participant_notes": lambda p: participant_notes(words, p),
        "from_date": lambda d: i18n.tr("from_date", lang, date=i18n.date(d, lang)),
        "basis_agreed": _basis_date(plan, "agreed"),
        "every": lambda interval: i18n.every(interval, lang),
    }


def _basis_date(plan: Plan, key: str = "date") -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(plan.basis.get(key) or ""))
    except ValueError:
        return None


def render_plan(
    plan: Plan,
    profile: Profile | None,
    fmt: str,
    lang: str,
    audience: str,
    today: dt.date,
    own_templates: Path | None = None,
    css: str | None = None,
    nav: dict[str, str] | None = None,
    show_staff_to_citizen: bool = False,
    without: frozenset[str] = frozenset(),
    page: PageFacts | None = None,
) -> str:
    """One plan as Markdown or HTML. HTML without `css` carries its stylesheet inline (one file
    that prints and mails as it is)."""
    from jinja2 import TemplateError

    env = _environment(fmt, own_templates)
    ctx = context(plan, profile, lang, audience, today, show_staff_to_citizen, without, page)
    try:
        return _render(env, fmt, ctx, css, nav, own_templates)
    except TemplateError as e:  # an organisation's template: a mistake, or something the sandbox refused
        from ipcli.errors import UserError

        filename, lineno = getattr(e, "filename", None), getattr(e, "lineno", None)
        where = f"{filename}:{lineno}: " if filename else ""
        from ipcli.language.i18n import tr

        raise UserError(where + tr("error.template", problem=f"{type(e).__name__}: {e}")) from None


def _render(
    env: Any, fmt: str, ctx: dict[str, Any], css: str | None, nav: dict[str, str] | None, own: Path | None
) -> str:
    if fmt == "html":
        inline = stylesheet(own) if css is None else ""
        return str(env.get_template("plan.html.j2").render(**ctx, css=css, nav=nav, inline_css=inline))
    text = str(env.get_template("plan.md.j2").render(**ctx))
    # the template keeps its logic readable; blank lines between blocks are normalised here
    lines = [line.rstrip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    # consecutive list items and table rows belong together
    text = re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", text)
    text = re.sub(r"(?m)^(> .*)\n\n(?=> )", r"\1\n>\n", text)
    return text.strip() + "\n"


def stylesheet(own_templates: Path | None = None) -> str:
    """The pages' CSS: the repository's own style.css when its templates folder has one."""
    if own_templates is not None:
        from ipcli.store.repo import is_inside

        own = own_templates / "style.css"
        if own.is_file() and is_inside(own, own_templates):
            return own.read_text(encoding="utf-8")
    from ipcli.documents.builtin import builtin_text

    return builtin_text("style.css")


def write_site(
    files: list[str],
    repo: Repo,
    out: OutFolder,
    lang: str | None,
    today: dt.date,
    own_templates: Path | None = None,
    redact: bool = False,
    without: frozenset[str] = frozenset(),
    pdfs: frozenset[str] = frozenset(),
) -> tuple[list[Path], int, list[Failed], int]:
    """A static site that opens from disk: the index with a page per coordinator, a page per plan
    and the person's version of it (linked to its PDF when `pdfs` names the plan: made beside the
    site), the deadlines in three windows (a week, a month, all), one CSS file and the filter's
    script. Plans are read and rendered on every core; a plan whose pages the last run into this
    folder made from the same inputs is not rendered again, and a file whose bytes do not change is
    not written (ipcli.documents.sitestate). Returns the site's files, the number of plans that
    could not be read (left out), the plans whose page failed (the others are written), and how
    many of the site's files were left as they were."""
    from ipcli.documents import sitestate
    from ipcli.store.cache import blob_ids
    from ipcli.store.repo import is_inside
    from ipcli.store.versions import repo_path, versions

    out.make("plans")
    out.make("coordinators")
    site_stamp = _site_stamp(repo, own_templates, lang, today, redact, without, pdfs)
    state = sitestate.SiteState.open(repo.root, out.real, site_stamp)
    records: dict[str, sitestate.Record] = {}  # this run's record of every file of the site
    kept = 0

    def put(name: str, data: bytes) -> Path:
        nonlocal kept
        records[name], written = sitestate.put(out, name, data, state.old_record(name), state.saved_ns)
        kept += not written
        return out.path(name)

    put("style.css", stylesheet(own_templates).encode("utf-8"))
    put("site.js", _package_file("site.js"))
    import gc

    # rendering leaves reference cycles behind (Jinja's contexts): unlike lint and due, this
    # command needs the collector, or memory grows with every page
    gc.enable()
    global _site_config, _site_pdfs, _site_state
    _site_config = repo.config  # inherited by the forked workers; settings are not picklable
    _site_pdfs = pdfs
    _site_state = state
    rels = {f: repo_path(f, repo.root) for f in files}
    known = versions(repo.root, list(rels.values()))
    # what each plan's file holds, as the result cache knows it (git's index for a tracked file
    # that did not change, the bytes hashed like git for the others); a file not inside the
    # repository is not read (ipcli.checks.load reports it), and always rendered
    inside = [rels[f] for f in files if is_inside(f, repo.root)]
    blobs = blob_ids(repo.root, repo.git_listing(), inside)
    keys = {f: sitestate.plan_key(site_stamp, rels[f], known.get(rels[f]), blobs.get(rels[f])) for f in files}
    # a plan made from the same inputs as last time, its pages as they were left: not rendered
    reused = {f: state.unchanged_plan(rels[f], keys[f], out.real) for f in files}
    todo = [f for f in files if reused[f] is sitestate.MISSING]
    if todo:
        _environment("html", own_templates)  # compiled once here, inherited by the workers
    jobs = [
        (f, out, lang, today, own_templates, repo.root, redact, known.get(rels[f]), rels[f], without)
        for f in todo
    ]
    made = dict(zip(todo, in_parallel(_render_one, jobs), strict=True)) if jobs else {}
    failed: list[Failed] = []
    summaries: list[dict[str, Any] | None] = []
    plans_record: dict[str, tuple[bytes, Any]] = {}
    for f in files:
        key, rel = keys[f], rels[f]
        if f in made:
            result = made[f]
            if isinstance(result, Failed):
                failed.append(result)
                continue
            summary, page_records, left = result
            records.update(page_records)
            kept += left
            plain = sitestate.to_plain(summary)  # before the problems are put into words below
        else:
            plain = reused[f]
            summary = sitestate.from_plain(plain)
            if plain is not None and plain["page"]:
                for name in sitestate.pages_of(plain["id"]):
                    records[name] = state.files[name]
                    kept += 1
        summaries.append(summary)
        if key is not None:
            plans_record[rel] = (key, plain)
    found = sorted((s for s in summaries if s is not None), key=lambda s: s["id"])
    pages = [s for s in found if s["page"]]
    written = [out.path("style.css"), out.path("site.js")]
    for s in pages:
        written += [out.path(name) for name in sitestate.pages_of(s["id"])]
    # the shared pages list every plan: made again when any plan's inputs or the list changed
    shared_digest = b""  # none: made again, also next time (a plan failed or could not be read)
    if not failed:
        shared_digest = sitestate.shared_key(site_stamp, [(rels[f], keys[f]) for f in files])
    shared_names = [n for n in state.files if not n.startswith("plans/") and n not in _FIXED_FILES]
    as_left = {n: sitestate.as_left(out.path(n), state.files[n], state.saved_ns) for n in shared_names}
    if shared_digest and shared_digest == state.shared and shared_names and all(as_left.values()):
        for name, record in as_left.items():
            assert record is not None
            records[name] = record
            written.append(out.path(name))
        kept += len(shared_names)
    else:
        written += _shared_pages(found, pages, own_templates, out, today, lang, put)
    state.save(plans_record, records, shared_digest)
    return written, len(files) - len(pages) - len(failed), failed, kept


_FIXED_FILES = ("style.css", "site.js")  # written (when changed) on every run


def _shared_pages(
    found: list[dict[str, Any]],
    pages: list[dict[str, Any]],
    own_templates: Path | None,
    out: OutFolder,
    today: dt.date,
    lang: str | None,
    put: Callable[[str, bytes], Path],
) -> list[Path]:
    """The index, the due overview in its windows and a page per coordinator."""
    site_lang = lang or (pages[0]["language"] if pages else "en")
    _problems_in_words(found, today, site_lang)
    site = _Site(_environment("html", own_templates), put, today, site_lang)
    rows = [site.plan_row(s) for s in pages]
    due_rows = [site.due_row(s, d) for s in found for d in s["due"]]
    coordinators = site.coordinators(rows)
    written = [site.page("index.html", "index.html.j2", rows=rows, coordinators=coordinators)]
    written += site.due_pages(due_rows, {c["name"] for c in coordinators})
    for c in coordinators:
        mine = [r for r in rows if r["coordinator"] == c["name"]]
        theirs = sorted(
            (r for r in due_rows if r["coordinator"] == c["name"]), key=lambda r: (r["date"], r["plan_id"])
        )
        target = f"coordinators/{c['slug']}.html"
        written.append(site.page(target, "coordinator.html.j2", "../", who=c["name"], rows=mine, due=theirs))
    return written


def _site_stamp(
    repo: Repo,
    own_templates: Path | None,
    lang: str | None,
    today: dt.date,
    redact: bool,
    without: frozenset[str],
    pdfs: frozenset[str],
) -> bytes:
    """What every page of the site depends on besides its own plan (ipcli.documents.sitestate)."""
    from ipcli.documents.sitestate import stamp

    try:
        config_bytes = repo.config_path.read_bytes() if repo.config_path is not None else b""
    except OSError:
        config_bytes = b"?"
    logo = repo.root / repo.config.render_logo if repo.config.render_logo else None
    options = (
        f"lang={lang}",
        f"today={today.isoformat()}",
        f"redact={redact}",
        "without=" + ",".join(sorted(without)),
        "pdfs=" + ",".join(sorted(pdfs)),
    )
    return stamp(config_bytes, own_templates, logo, options, repo.root)


def _package_file(name: str) -> bytes:
    from ipcli.documents.builtin import builtin_templates

    return (builtin_templates() / name).read_bytes()


# the due page's windows: each with how many days ahead it shows (None: every deadline); what
# is overdue and what cannot be read is in every window. due.html is the month.
DUE_WINDOWS: tuple[tuple[str, str, int | None], ...] = (
    ("week", "due-week.html", 7),
    ("month", "due.html", 31),
    ("all", "due-all.html", None),
)
_WINDOW_WORDS = (N_("window.week"), N_("window.month"), N_("window.all"))


def slug(name: str) -> str:
    """A file name and anchor for a coordinator: from a hash of the name (plan text never
    names a file), the same on every run."""
    import hashlib

    return "c-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


class _Site:
    """The site's shared pages, in one language."""

    def __init__(self, env: Any, put: Callable[[str, bytes], Path], today: dt.date, lang: str) -> None:
        self.env, self.put, self.today, self.lang = env, put, today, lang

    def page(self, name: str, template: str, base: str = "", **values: Any) -> Path:
        common = {
            "lang": self.lang,
            "audience": "staff",
            "today": self.today,
            "L": lambda key: i18n.label(key, self.lang),
            "fmt_date": lambda d: i18n.date(d, self.lang),
            "css": base + "style.css",
            "script": base + "site.js",
            "nav": {"index": base + "index.html", "due": base + "due.html"},
        }
        # made whole in memory (the due page of 10,000 plans: about 11 MB), so that a page
        # whose bytes have not changed is not written again
        text = self.env.get_template(template).render(**common, **values)
        return self.put(name, text.encode("utf-8"))

    def plan_row(self, s: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": s["id"],
            "href": f"plans/{s['id']}.html",
            "person": s["person"],
            "status": s["status"],
            "coordinator": s["coordinator"],
            "next": s["due"][0] if s["due"] else None,
            # the due words are in the plan's language: marked where the site's is another
            "lang": s["words_lang"] if s["words_lang"] != self.lang else None,
        }

    def due_row(self, s: dict[str, Any], d: DueLine) -> dict[str, Any]:
        return {
            "coordinator": s["coordinator"],
            "plan_id": s["id"],
            "person": s["person"],
            "date": d.date,
            "what": d.what,
            "overdue": d.overdue,
            "page": s["page"],
            "problem": d.where,
            "draft": s["status"] == "draft",
            "lang": s["words_lang"] if s["words_lang"] != self.lang else None,
        }

    def coordinators(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["coordinator"]] = counts.get(r["coordinator"], 0) + 1
        return [{"name": n, "slug": slug(n), "plans": k} for n, k in sorted(counts.items())]

    def due_pages(self, due_rows: list[dict[str, Any]], with_page: set[str]) -> list[Path]:
        """The due overview in its windows, grouped by coordinator; what cannot be read first
        (its group first, and first in its group)."""
        from ipcli.reports.duereport import UNREADABLE as unreadable

        named = {unreadable: i18n.tr("due.unreadable_group", self.lang)}
        ordered = sorted(due_rows, key=lambda r: (not r["problem"], r["date"], r["plan_id"]))
        shown = {}
        for key, _name, days in DUE_WINDOWS:
            end = None if days is None else self.today + dt.timedelta(days=days)
            shown[key] = [
                r for r in ordered if end is None or r["problem"] or r["overdue"] or r["date"] <= end
            ]
        written = []
        for key, name, _days in DUE_WINDOWS:
            groups: dict[str, list[dict[str, Any]]] = {}
            for r in shown[key]:
                groups.setdefault(r["coordinator"], []).append(r)
            problem_groups = {g for g, rows in groups.items() if rows[0]["problem"]}
            order = sorted(groups, key=lambda g: (g not in problem_groups, g != unreadable, g))
            windows = [
                {"key": k, "href": n, "current": k == key, "rows": len(shown[k])} for k, n, _d in DUE_WINDOWS
            ]
            listed = [
                {"name": named.get(g, g), "slug": slug(g), "page": g in with_page, "rows": groups[g]}
                for g in order
            ]
            written.append(self.page(name, "due.html.j2", groups=listed, windows=windows))
        return written


_site_pdfs: frozenset[str] = frozenset()


_site_config: Config | None = None
_site_state: SiteState | None = None  # the last run's record of the site (sitestate)


def _problems_in_words(found: list[dict[str, Any]], today: dt.date, lang: str) -> None:
    """The problems of plan files that do not read, as due rows in the site's language."""
    from ipcli.output.due import PROBLEM_AFTER
    from ipcli.plan.findings import words

    for s in found:
        problems = s.pop("problems", None)
        if problems:
            rows = [
                DueLine(today, f"{words(m, lang)} — {i18n.tr(PROBLEM_AFTER[after], lang)}", True, where)
                for m, after, where in problems
            ]
            s["due"] = rows + s["due"]


_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


PageResult = tuple[dict[str, Any] | None, dict[str, Any], int]


def _render_one(job: tuple[Any, ...]) -> PageResult | Failed:
    return guarded_job(_page_of, job, job[8])


def _page_of(job: tuple[Any, ...]) -> PageResult:
    """Read one plan, write its pages; what the index and the due page need of it, the record
    of each page (sitestate.Record) and how many were left as they were (the same bytes)."""
    from ipcli.checks.load import load_file
    from ipcli.documents.prepare import facts_for
    from ipcli.documents.sitestate import put

    file, out, lang, today, own, root, redact, version, rel, without = job
    config, state = _site_config, _site_state
    assert config is not None and state is not None
    loaded = load_file(Path(file), file, config.limits, root)
    plan = loaded.plan
    if plan is None:  # no page, but the due page says what keeps it from being read
        shown = os.path.relpath(file, root).replace(os.sep, "/")
        return _unread_summary(loaded, config, today, shown, root, lang), {}, 0
    if not _SAFE_ID.fullmatch(plan.id):  # the id names the page's file
        return None, {}, 0
    from ipcli.plan.redact import shown_plan

    plan = shown_plan(loaded.data, plan, redact)
    profile = config.profile_named(plan.profile)
    pdf = f"{plan.id}.pdf" if plan.id in _site_pdfs else None
    records, kept = {}, 0
    # the staff page and the person's version, each linking to the other and to the PDF
    for audience, name, other in (
        ("staff", f"{plan.id}.html", {"citizen": f"{plan.id}.citizen.html"}),
        ("citizen", f"{plan.id}.citizen.html", {"staff": f"{plan.id}.html"}),
    ):
        html = render_plan(
            plan,
            profile,
            "html",
            lang or plan.language,
            audience,
            today,
            own,
            css="../style.css",
            nav={"index": "../index.html", "due": "../due.html", **other, "pdf": pdf or ""},
            show_staff_to_citizen=config.citizen_shows_staff,
            without=without,
            page=facts_for(config, root, rel, version),
        )
        page_name = f"plans/{name}"
        records[page_name], written = put(
            out, page_name, html.encode("utf-8"), state.old_record(page_name), state.saved_ns
        )
        kept += not written
    coordinator = next((p.name for p in plan.participants if p.id == plan.coordinator), "—")
    summary = {
        "id": plan.id,
        "person": plan.person.name,
        "status": plan.status,
        "coordinator": coordinator,
        "language": plan.language,
        "words_lang": lang or plan.language,
        "due": due_lines(plan, profile, today, lang or plan.language),
        "page": True,
    }
    return summary, records, kept


def _unread_summary(
    loaded: Any, config: Config, today: dt.date, shown: str, root: Path, lang: str | None
) -> dict[str, Any]:
    """For the due page: a plan file that does not read as a plan, with each problem first and
    every deadline that can still be worked out."""
    from ipcli.checks import salvage
    from ipcli.reports.duereport import CANNOT_READ, MUST_FIX, NOT_A_PLAN, UNREADABLE

    problems = salvage.problems_of(loaded.findings)
    plan, bad_dates = loaded.lenient, salvage.bad_date_findings(loaded)  # the forgiving reading
    problems = salvage.merge(problems, bad_dates)
    if plan is not None:
        facts = salvage.who_from_data(loaded.data, shown)
        language = lang or (plan.language if plan.language in i18n.LANGS else "en")
        lines = due_lines(plan, config.profile_named(plan.profile), today, language)
        after = MUST_FIX
    else:
        facts = (
            salvage.who_from_data(loaded.data, shown)
            if loaded.document is not None
            else salvage.who_from_file(loaded.file, shown, config.limits.max_file_bytes, root)
        )
        lines = []
        after = CANNOT_READ
    known = facts.coordinator is not None and facts.coordinator in facts.participants
    # words in the site's language, made once it is known (write_site): the message as stored
    problem_lines = [
        (message, after, f"{shown}:{line}:{col}")
        for line, col, _code, message, _hint in problems or [(1, 1, "IP002", NOT_A_PLAN, "")]
    ]
    return {
        "id": facts.id,
        "person": facts.person,
        "status": plan.status if plan is not None else "",
        "coordinator": (facts.name_of(facts.coordinator) if known else None) or UNREADABLE,
        "language": plan.language if plan is not None else "en",
        "words_lang": language if plan is not None else (lang or "en"),
        "due": lines,
        "problems": problem_lines,
        "page": False,
    }


@dataclass(frozen=True)
class Failed:
    """A plan whose page or PDF could not be made: named on stderr, the others still written."""

    shown: str  # the plan's file, as the repository names it
    reason: str  # one line, in the language in use
    bug: bool = False  # not the input's doing: ipcli's (the run ends with exit 3)


def guarded_job(fn: Callable[[J], R], job: J, shown: str) -> R | Failed:
    """fn(job), or Failed when it fails: in a run over every plan one plan never stops the rest.
    A bug is named by its kind and place only: its text could quote plan data."""
    from ipcli.errors import UserError

    try:
        return fn(job)
    except UserError as e:
        return Failed(shown, e.message)
    except Exception as e:
        import traceback

        frame = traceback.extract_tb(e.__traceback__)[-1]
        where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
        said = i18n.tr("error.internal", kind=type(e).__name__, place=where, command="render")
        return Failed(shown, said, bug=True)


def in_parallel(fn: Any, jobs: list[Any], what: str = PROGRESS_RENDERING) -> list[Any]:
    """fn over jobs, on every core when there are many (ipcli.store.work: forked workers)."""
    from ipcli.store.work import cores, each

    workers = cores() if len(jobs) >= 100 else 1
    return each(fn, jobs, what, workers, max(4, len(jobs) // (workers * 8)))
