"""The message catalogue's cycle, with Babel: extract the keys from the code and the templates,
update the four .po files, compile them to the .mo files ipcli reads.

    .venv/bin/python tools/catalogue.py            # extract, update, compile
    .venv/bin/python tools/catalogue.py compile    # only compile (after editing .po files)
    .venv/bin/python tools/catalogue.py union      # settle a git conflict in the .po files

`union` is for two branches that each added messages: during a merge or rebase that stopped on
a conflicted ipcli.po, it writes every message of both sides into each conflicted .po file —
for a key, the incoming side's text where it changed it since the common ancestor, else ours —
then compiles.

Then fill in every empty `msgstr` in ipcli/locale/{en,nb,nn,da}/LC_MESSAGES/ipcli.po and run it
again; tests/test_catalogue.py fails while any language misses a message.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ipcli" / "locale"
# tr(key, ...), tr_n(one, other, n, ...), N_(key), said(key, ...) in Python; L(key) in the templates
KEYWORDS = ["-k", "tr", "-k", "tr_n:1,2", "-k", "N_", "-k", "said", "-k", "L"]


def extract(pot: Path) -> None:
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS, "--no-location", "--no-wrap",
         "--sort-output", "--omit-header", "-o", str(pot), str(ROOT / "ipcli"), str(ROOT / "templates")]
    )  # fmt: skip


def update(pot: Path) -> None:
    CommandLineInterface().run(
        ["pybabel", "-q", "update", "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap", "-i", str(pot),
         "-d", str(LOCALE), "-D", "ipcli"]
    )  # fmt: skip


# Header fields `msgfmt --check-header` wants, with values that never change: a date that moved on
# every run would conflict between branches, so the revision date is a fixed one, not today's
STEADY = {
    "PO-Revision-Date": "2026-01-01 00:00+0000",
    "Last-Translator": "ipcli contributors <ipcli@example.org>",
}


def steady_headers() -> None:
    """No changing date in the .po headers, and the fields msgfmt checks, always the same."""
    for po in LOCALE.glob("*/LC_MESSAGES/ipcli.po"):
        lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
        dropped = ('"POT-Creation-Date:', *(f'"{key}:' for key in STEADY))
        kept = [line for line in lines if not line.startswith(dropped)]
        at = next(i for i, line in enumerate(kept) if line.startswith('"Project-Id-Version:')) + 1
        kept[at:at] = [f'"{key}: {value}\\n"\n' for key, value in STEADY.items()]
        po.write_text("".join(kept), encoding="utf-8")


def compile_all() -> None:
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(LOCALE), "-D", "ipcli"])


def union() -> None:
    """Both sides' messages into every .po file git marks as conflicted (stages 2 and 3)."""
    import io
    import subprocess

    from babel.messages.pofile import read_po, write_po

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout

    listed = git("diff", "--name-only", "--diff-filter=U").decode().split()
    for name in (n for n in listed if n.endswith(".po")):
        sides = []
        for stage in ("1", "2", "3"):  # the common ancestor, ours, theirs
            shown = subprocess.run(["git", "show", f":{stage}:{name}"], cwd=ROOT, capture_output=True)
            sides.append(read_po(io.BytesIO(shown.stdout if shown.returncode == 0 else b"")))
        base, merged, incoming = sides
        for message in incoming:
            if not message.id:
                continue
            before = base.get(message.id)
            if before is not None and before.string == message.string and message.id in merged:
                continue  # the incoming side did not change it: ours stands (it may be newer)
            # Babel's catalogue only adds to an existing message's comments and flags when it
            # is set again: out first, so the incoming side's text is the one kept
            if message.id in merged:
                del merged[message.id]
            merged[message.id] = message
        out = io.BytesIO()
        write_po(out, merged, sort_output=True, no_location=True, width=0)  # as the files are
        (ROOT / name).write_bytes(out.getvalue())
        steady_headers()
        git("add", name)
        print(f"merged {name}")


def main(argv: list[str]) -> int:
    if argv[1:] == ["union"]:
        union()
    elif argv[1:] != ["compile"]:
        pot = LOCALE / "ipcli.pot"
        extract(pot)
        update(pot)
    steady_headers()
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
