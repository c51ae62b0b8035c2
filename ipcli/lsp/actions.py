"""Code actions: the fixes lint's own hints name (did you mean …, put it in quotes, a date as
YYYY-MM-DD), and an ignore comment for a finding on its line."""

from __future__ import annotations

import datetime as dt
import json
import re

from lsprotocol import types as t
from pygls.workspace import PositionCodec

from ipcli.lsp.document import OpenPlan
from ipcli.lsp.features import client_range
from ipcli.plan.findings import Finding, unsaid

_IGNORE = re.compile(r"#\s*ip:\s*ignore\[([^\]]*)\]")


def actions(
    doc: OpenPlan, params: t.CodeActionParams, codec: PositionCodec, today: dt.date
) -> list[t.CodeAction]:
    from ipcli.language.i18n import tr

    first, last = params.range.start.line, params.range.end.line
    found = [f for f in doc.findings if first <= f.line - 1 <= last]
    out: list[t.CodeAction] = []
    for f in found:
        rng = client_range(codec, doc, *doc.range_of(f))
        diagnostic = next(
            (d for d in params.context.diagnostics if d.code == f.code and d.range.start.line == f.line - 1),
            None,
        )
        fix = _replacement(doc, f)
        if fix is not None:
            out.append(
                t.CodeAction(
                    title=tr("lsp.action.change", doc.language, text=fix, code=f.code),
                    kind=t.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic] if diagnostic else None,
                    is_preferred=True,
                    edit=t.WorkspaceEdit(changes={doc.uri: [t.TextEdit(rng, fix)]}),
                )
            )
        edit = _ignore_edit(doc, f, codec)
        if edit is not None:
            out.append(
                t.CodeAction(
                    title=tr("lsp.action.ignore", doc.language, code=f.code),
                    kind=t.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic] if diagnostic else None,
                    edit=t.WorkspaceEdit(changes={doc.uri: [edit]}),
                )
            )
    out += _templates(doc, params, codec, today)
    return out


def _templates(
    doc: OpenPlan, params: t.CodeActionParams, codec: PositionCodec, today: dt.date
) -> list[t.CodeAction]:
    """ "Record an evaluation" and "Add a measure" for the goal under the cursor."""
    from ipcli.language.i18n import tr
    from ipcli.lsp import templates
    from ipcli.lsp.document import split_lines

    goal = templates.goal_at(doc, params.range.start.line)
    if goal is None:
        return []
    newline = "\r\n" if "\r\n" in doc.text else "\n"
    out = []
    for title, make in (
        (tr("lsp.action.evaluate", doc.language, goal=goal), templates.evaluation),
        (tr("lsp.action.measure", doc.language, goal=goal), templates.measure),
    ):
        text = make(doc, goal, today)
        if text is None:
            continue
        start, end, lines = templates.changed_lines(doc.lines, split_lines(text))
        if end >= len(doc.lines):  # the change reaches the last line: replace to its end
            last = len(doc.lines) - 1
            rng = client_range(codec, doc, start, 0, last, len(doc.lines[last]))
            new = newline.join(lines)
        else:
            rng = client_range(codec, doc, start, 0, end, 0)
            new = "".join(line + newline for line in lines)
        out.append(
            t.CodeAction(
                title=title,
                kind=t.CodeActionKind.RefactorRewrite,
                edit=t.WorkspaceEdit(changes={doc.uri: [t.TextEdit(rng, new)]}),
            )
        )
    return out


def _replacement(doc: OpenPlan, f: Finding) -> str | None:
    """The text lint's hint says to write instead, if it names one (did you mean …, put it in
    quotes): from the stored hint's values, since its words are in the plan's language."""
    for line, col, code, _message, hint in doc.result.findings:
        if (line, col, code) == (f.line, f.col, f.code):
            key, values = unsaid(hint)
            if key == "schema.did_you_mean":
                return str(values.get("key", ""))
            if key == "schema.hint.quote":
                # the value as it stands in the text (the hint's copy is shortened and masked)
                line, col, end_line, end_col = doc.range_of(f)
                if end_line != line or not 0 <= line < len(doc.lines):
                    return None
                return json.dumps(doc.lines[line][col:end_col], ensure_ascii=False)
            if key == "schema.date_write":  # 1.2.2027, 2027–02–01 -> 2027-02-01
                return str(values.get("iso", "")) or None
    return None


def _ignore_edit(doc: OpenPlan, f: Finding, codec: PositionCodec) -> t.TextEdit | None:
    """`# ip: ignore[CODE] ` at the end of the finding's line, or the code added to the
    comment already there. Not for findings about the file as a whole or the comment itself."""
    line = f.line - 1
    if f.code.startswith("IP0") or f.code == "IP603" or not 0 <= line < len(doc.lines):
        return None
    text = doc.lines[line]
    m = _IGNORE.search(text)
    if m:
        codes = [c.strip() for c in m.group(1).split(",") if c.strip()]
        if f.code in codes:
            return None
        new = ", ".join([*codes, f.code])
        return t.TextEdit(client_range(codec, doc, line, m.start(1), line, m.end(1)), new)
    end = len(text.rstrip())
    return t.TextEdit(client_range(codec, doc, line, end, line, end), f"  # ip: ignore[{f.code}] ")
