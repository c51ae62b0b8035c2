"""Plans as Markdown and HTML, for meetings, for print and for the person: Jinja2 templates
shipped in the package (an organisation may put its own first, from ipcli.toml).

Plan text is untrusted. Templates run in Jinja2's sandbox; HTML is autoescaped; in Markdown,
every value is escaped on output (`finalize`), so no plan text becomes a link, an image, HTML or a
table cell of its own. Nothing from a plan is ever evaluated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ipcli import i18n
from ipcli.due import deadlines
from ipcli.model import Participant, Plan
from ipcli.output.due import md_escape
from ipcli.profiles import Profile

AUDIENCES = ("staff", "citizen")
FORMATS = ("md", "html")


@dataclass(frozen=True)
class DueLine:
    date: dt.date
    what: str
    overdue: bool


def _environment(kind: str, own_templates: Path | None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = [PackageLoader("ipcli", "templates")]
    if own_templates is not None:
        loaders.insert(0, FileSystemLoader(str(own_templates)))
    if kind == "html":
        return SandboxedEnvironment(
            loader=ChoiceLoader(loaders), autoescape=True, trim_blocks=True, lstrip_blocks=True
        )
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=lambda v: md_escape(v) if isinstance(v, str) else ("" if v is None else v),
        keep_trailing_newline=True,
    )


def due_lines(plan: Plan, profile: Profile | None, today: dt.date, within_days: int = 30) -> list[DueLine]:
    if profile is None:
        return []
    until = today + dt.timedelta(days=within_days)
    return [
        DueLine(i.date or today, i.describe(), (i.date or today) < today or i.date is None)
        for i in deadlines(plan, profile)
        if i.date is None or i.date <= until
    ]


def context(
    plan: Plan,
    profile: Profile | None,
    lang: str,
    audience: str,
    today: dt.date,
    show_staff_to_citizen: bool = False,
) -> dict[str, Any]:
    by_id = {p.id: p for p in plan.participants}

    def name(pid: str | None) -> str:
        p: Participant | None = by_id.get(pid) if pid else None
        return p.name if p else (pid or "")

    def theme_label(key: str) -> str:
        theme = profile.theme(key) if profile else None
        return theme.label(lang) if theme else key.replace("_", " ")

    goals = list(plan.goals())
    view = plan
    if audience == "citizen" and not show_staff_to_citizen:
        view = _without_staff_notes(plan)
    return {
        "plan": view,
        "lang": lang,
        "audience": audience,
        "coordinator": by_id.get(plan.coordinator) if plan.coordinator else None,
        "own_goals": [(t, g) for t, g in goals if g.said_by == "citizen" and g.status != "dropped"],
        "other_goals": [(t, g) for t, g in goals if g.said_by != "citizen" and g.status != "dropped"],
        "open_measures": [m for _g, m in plan.measures() if m.status in ("planned", "ongoing")],
        "due": due_lines(plan, profile, today) if audience == "staff" else [],
        "L": lambda key: i18n.label(key, lang),
        "fmt_date": lambda d: i18n.date(d, lang) if isinstance(d, dt.date) else ("" if d is None else str(d)),
        "name": name,
        "names": lambda ids: ", ".join(name(i) for i in ids),
        "theme_label": theme_label,
    }


def _without_staff_notes(plan: Plan) -> Plan:
    """The person's version leaves staff-internal parts out: dilemmas and staff's assessments."""
    from copy import deepcopy

    view = deepcopy(plan)
    view.dilemmas = []
    for theme in view.themes:
        theme.situation = {k: v for k, v in theme.situation.items() if k != "staff"}
        theme.resources = {k: v for k, v in theme.resources.items() if k != "staff"}
        for goal in theme.goals:
            for e in goal.evaluations:
                e.voices = {k: v for k, v in e.voices.items() if k != "staff"}
    return view


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
) -> str:
    """One plan as Markdown or HTML. HTML without `css` carries its stylesheet inline (one file
    that prints and mails as it is)."""
    from jinja2 import TemplateError

    env = _environment(fmt, own_templates)
    ctx = context(plan, profile, lang, audience, today, show_staff_to_citizen)
    try:
        return _render(env, fmt, ctx, css, nav)
    except TemplateError as e:  # an organisation's template: a mistake, or something the sandbox refused
        from ipcli.errors import UserError

        filename, lineno = getattr(e, "filename", None), getattr(e, "lineno", None)
        where = f"{filename}:{lineno}: " if filename else ""
        raise UserError(f"{where}the template could not be used ({type(e).__name__}: {e})") from None


def _render(env: Any, fmt: str, ctx: dict[str, Any], css: str | None, nav: dict[str, str] | None) -> str:
    if fmt == "html":
        return str(env.get_template("plan.html.j2").render(**ctx, css=css, nav=nav, inline_css=stylesheet()))
    text = str(env.get_template("plan.md.j2").render(**ctx))
    # the template keeps its logic readable; blank lines between blocks are normalised here
    lines = [line.rstrip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    # consecutive list items and table rows belong together
    text = re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", text)
    text = re.sub(r"(?m)^(> .*)\n\n(?=> )", r"\1\n>\n", text)
    return text.strip() + "\n"


def stylesheet() -> str:
    return resources.files("ipcli").joinpath("templates/style.css").read_text(encoding="utf-8")


def write_site(
    plans: list[tuple[Plan, Profile | None]],
    out: Path,
    lang: str | None,
    today: dt.date,
    own_templates: Path | None = None,
) -> list[Path]:
    """A static site that opens from disk: index, one page per plan, the due overview, one CSS."""
    from ipcli.edit import write_atomically

    written: list[Path] = []
    (out / "plans").mkdir(parents=True, exist_ok=True)
    site_lang = lang or (plans[0][0].language if plans else "en")

    def put(path: Path, text: str) -> None:
        write_atomically(path, text.encode("utf-8"))
        written.append(path)

    put(out / "style.css", stylesheet())
    env = _environment("html", own_templates)
    common = {
        "lang": site_lang,
        "audience": "staff",
        "L": lambda key: i18n.label(key, site_lang),
        "fmt_date": lambda d: i18n.date(d, site_lang),
    }
    rows, due_rows = [], []
    for plan, profile in sorted(plans, key=lambda pp: pp[0].id):
        page_lang = lang or plan.language
        html = render_plan(
            plan,
            profile,
            "html",
            page_lang,
            "staff",
            today,
            own_templates,
            css="../style.css",
            nav={"index": "../index.html", "due": "../due.html"},
        )
        put(out / "plans" / f"{plan.id}.html", html)
        lines = due_lines(plan, profile, today)
        coordinator = next((p.name for p in plan.participants if p.id == plan.coordinator), "—")
        rows.append(
            {
                "id": plan.id,
                "href": f"plans/{plan.id}.html",
                "person": plan.person.name,
                "status": plan.status,
                "coordinator": coordinator,
                "next": lines[0] if lines else None,
            }
        )
        due_rows += [
            {
                "coordinator": coordinator,
                "plan_id": plan.id,
                "person": plan.person.name,
                "date": d.date,
                "what": d.what,
                "overdue": d.overdue,
            }
            for d in lines
        ]
    nav = {"index": "index.html", "due": "due.html"}
    put(
        out / "index.html",
        env.get_template("index.html.j2").render(**common, rows=rows, css="style.css", nav=nav),
    )
    groups: dict[Any, list[dict[str, Any]]] = {}
    for r in sorted(due_rows, key=lambda r: (r["date"], r["plan_id"])):
        groups.setdefault(r["coordinator"], []).append(r)
    put(
        out / "due.html",
        env.get_template("due.html.j2").render(
            **common, groups=sorted(groups.items()), css="style.css", nav=nav
        ),
    )
    return written
