"""The indicators for people: a text table and a small HTML page with an inline SVG bar chart
(no scripts, no libraries), in the language in use. JSON and CSV keep their English keys."""

from __future__ import annotations

import datetime as dt
from html import escape

from ipcli.language import i18n
from ipcli.language.dateforms import long_date
from ipcli.language.i18n import N_, tr, tr_n

# the parts of the indicator: (row key, column heading's message key)
_PARTS = (
    ("active_ip", N_("stats.col.active_ip")),
    ("coordinator_appointed", N_("stats.col.coordinator")),
    ("work_started", N_("stats.col.started")),
    ("in_active_use", N_("stats.col.in_use")),
    ("evaluated_on_time", N_("stats.col.evaluated")),
)
# the groups stats names itself (the others are names from the plans)
_GROUPS = {
    "all": N_("stats.group.all"),
    "(no unit)": N_("stats.group.no_unit"),
    "(no coordinator)": N_("stats.group.no_coordinator"),
}
_BY = {
    "coordinator": N_("stats.by.coordinator"),
    "unit": N_("stats.by.unit"),
    "profile": N_("stats.by.profile"),
}


def group(name: object) -> str:
    key = _GROUPS.get(str(name))
    return tr(key) if key else str(name)


def by_words(by: str) -> str:
    return tr(_BY[by]) if by in _BY else by


def text(rows: list[dict[str, object]], today: dt.date, by: str) -> str:
    """A table for a terminal or a mail: one line per group, the total last."""
    lang = i18n.current()
    heads = [tr("stats.col.plans"), *(tr(k) for _c, k in _PARTS), tr("stats.col.declined")]
    keys = ["plans", *(c for c, _k in _PARTS), "declined"]
    names = [group(r["group"]) for r in rows]
    width = max(len(n) for n in names)

    def cell(r: dict[str, object], key: str) -> str:
        if key == "active_ip":
            return f"{r['active_ip']} {float(r['active_ip_share']):.0%}"  # type: ignore[arg-type]
        return str(r[key])

    widths = [max(len(h), *(len(cell(r, k)) for r in rows)) for h, k in zip(heads, keys, strict=True)]
    lines = [
        tr("stats.title", today=long_date(today, lang), by=by_words(by)),
        "",
        "  ".join([" " * width, *(h.rjust(w) for h, w in zip(heads, widths, strict=True))]),
    ]
    for name, r in zip(names, rows, strict=True):
        cells = [cell(r, k).rjust(w) for k, w in zip(keys, widths, strict=True)]
        lines.append("  ".join([name.ljust(width), *cells]))
    return "\n".join(lines) + "\n"


def recipients_lines(rows: list[dict[str, object]]) -> str:
    """The share of service recipients with a plan, for each group whose number is known."""
    lines = [
        tr("stats.recipients", group=group(r["group"]), plans=r["plans"], recipients=r["recipients"],
           share=f"{float(r['plan_share']):.0%}")  # type: ignore[arg-type]
        for r in rows
        if r.get("recipients")
    ]  # fmt: skip
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def html(
    rows: list[dict[str, object]],
    today: dt.date,
    by: str,
    not_counted: list[str] | None = None,
    note: str | None = None,
) -> str:
    lang = i18n.current()
    by_text = by_words(by)
    chart = tr("stats.chart", by=by_text)
    as_of = tr("stats.as_of", today=long_date(today, lang), by=by_text)
    explain = tr("stats.explain")
    not_started, closed = tr("stats.col.not_started"), tr("stats.col.closed")
    plans, declined = tr("stats.col.plans"), tr("stats.col.declined")
    bar_h, gap, label_w, chart_w = 22, 8, 220, 400
    groups = rows
    height = len(groups) * (bar_h + gap) + 30
    bars = []
    for i, r in enumerate(groups):
        share = float(r["active_ip_share"])  # type: ignore[arg-type]
        y = 20 + i * (bar_h + gap)
        of = tr("stats.of", share=f"{share:.0%}", n=r["active_ip"], total=r["plans"])
        bars.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(group(r["group"]))}</text>'
            f'<rect x="{label_w}" y="{y}" width="{chart_w * share:.1f}" height="{bar_h}" fill="#0b4f8a"/>'
            f'<text x="{label_w + chart_w * share + 6:.1f}" y="{y + 15}">{escape(of)}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + chart_w + 140}" '
        f'height="{height}" font-family="sans-serif" font-size="13" fill="#1a1a1a">'
        f"<title>{escape(chart)}</title>{''.join(bars)}</svg>"
    )
    head = "".join(f'<th scope="col">{escape(tr(k))}</th>' for _c, k in _PARTS)
    body = "".join(
        f'<tr><th scope="row">{escape(group(r["group"]))}</th><td>{r["plans"]}</td>'
        + "".join(f"<td>{r[c]}</td>" for c, _k in _PARTS)
        + f"<td>{r['declined']}</td><td>{r['not_started']}</td><td>{r['closed']}</td></tr>"
        for r in rows
    )
    title = escape(tr("stats.heading"))
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>body{font-family:sans-serif;color:#1a1a1a;max-width:60rem;margin:auto;padding:1rem}"
        "table{border-collapse:collapse}th,td{border:1px solid #8a8a8a;padding:.25rem .5rem;text-align:right}"
        "th[scope=row]{text-align:left}</style></head><body>"
        f"<h1>{title}</h1><p>{escape(as_of)} {escape(explain)}</p>"
        + (f"<p>{escape(note)}</p>" if note else "")
        + f"{svg}<table><thead><tr>"
        f'<th scope="col">{escape(by_text)}</th><th scope="col">{escape(plans)}</th>{head}'
        f'<th scope="col">{escape(declined)}</th>'
        f'<th scope="col">{escape(not_started)}</th><th scope="col">{escape(closed)}</th></tr>'
        f"</thead><tbody>{body}</tbody></table>{_not_counted(not_counted or [])}</body></html>\n"
    )


def _not_counted(whys: list[str]) -> str:
    """The plan files left out of the counts, and why: the indicator is only as good as this."""
    if not whys:
        return ""
    items = "".join(f"<li>{escape(w)}</li>" for w in whys)
    heading = escape(tr("stats.not_counted.heading"))
    said = escape(tr_n("stats.not_counted.html.one", "stats.not_counted.html.other", len(whys)))
    return f"<h2>{heading}</h2><p>{said}</p><ul>{items}</ul>"
