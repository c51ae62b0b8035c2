"""The indicators as a small HTML page with an inline SVG bar chart (no scripts, no libraries)."""

from __future__ import annotations

import datetime as dt
from html import escape

_PARTS = (
    ("active_ip", "active IP"),
    ("coordinator_appointed", "coordinator"),
    ("work_started", "started"),
    ("in_active_use", "in use"),
    ("evaluated_on_time", "evaluated on time"),
)


def html(rows: list[dict[str, object]], today: dt.date, by: str) -> str:
    bar_h, gap, label_w, chart_w = 22, 8, 220, 400
    groups = rows
    height = len(groups) * (bar_h + gap) + 30
    bars = []
    for i, r in enumerate(groups):
        share = float(r["active_ip_share"])  # type: ignore[arg-type]
        y = 20 + i * (bar_h + gap)
        bars.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(str(r["group"]))}</text>'
            f'<rect x="{label_w}" y="{y}" width="{chart_w * share:.1f}" height="{bar_h}" fill="#0b4f8a"/>'
            f'<text x="{label_w + chart_w * share + 6:.1f}" y="{y + 15}">{share:.0%} ({r["active_ip"]} of '
            f"{r['plans']})</text>"
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + chart_w + 140}" '
        f'height="{height}" font-family="sans-serif" font-size="13" fill="#1a1a1a">'
        f"<title>Share of active individual plans by {escape(by)}</title>{''.join(bars)}</svg>"
    )
    head = "".join(f'<th scope="col">{escape(t)}</th>' for _k, t in _PARTS)
    body = "".join(
        f'<tr><th scope="row">{escape(str(r["group"]))}</th><td>{r["plans"]}</td>'
        + "".join(f"<td>{r[k]}</td>" for k, _t in _PARTS)
        + f"<td>{r['declined']}</td><td>{r['not_started']}</td><td>{r['closed']}</td></tr>"
        for r in rows
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Active individual plans</title>'
        "<style>body{font-family:sans-serif;color:#1a1a1a;max-width:60rem;margin:auto;padding:1rem}"
        "table{border-collapse:collapse}th,td{border:1px solid #8a8a8a;padding:.25rem .5rem;text-align:right}"
        "th[scope=row]{text-align:left}</style></head><body>"
        f"<h1>Active individual plans</h1><p>As of {today.isoformat()}, by {escape(by)}. "
        "An active plan has a "
        "coordinator, plan work started, something recorded within the stale interval, and evaluations on "
        f'time.</p>{svg}<table><thead><tr><th scope="col">{escape(by)}</th><th scope="col">plans</th>{head}'
        '<th scope="col">declined</th><th scope="col">not started</th><th scope="col">closed</th></tr>'
        f"</thead><tbody>{body}</tbody></table></body></html>\n"
    )
