"""`ipcli lsp`: the language server for editors, on stdin and stdout."""

from __future__ import annotations

from ipcli.cli.common import LangOpt, TodayOpt, err, guarded, parse_date


@guarded
def lsp(today: TodayOpt = None, lang: LangOpt = None) -> None:
    """Run the language server (stdio) for editors: findings as you type, hover, completion.

    Editors start it themselves; the README shows the set-up for VS Code, Neovim, Helix and
    Emacs. It checks plans with the same rules as `ipcli lint`, in the repository of each file.
    Words from the catalogue (status words, theme labels) are in each plan's language unless
    --lang is given.

    Example: ipcli lsp --today 2026-11-23   (a fixed date, for trying it out)
    """
    the_day = parse_date(today, "--today")
    try:
        from ipcli.lsp.server import serve
    except ImportError as e:  # pragma: no cover - pygls is a dependency; a broken install
        from ipcli.language.i18n import tr

        err("ipcli: " + tr("error.no_lsp", name=e.name))
        raise SystemExit(2) from None
    serve(the_day, lang)
