"""The coordinators' guides (docs/guide.nb.md, guide.nn.md, guide.da.md) do what they say: every
command in their console blocks is run in order, as a reader would type it, in a new folder
on a machine set to the guide's language (git, ipcli init, a new plan, lint, commit, the Monday
report, printing); the output the guides quote after `<!-- output -->` is the real output (run
with --update-goldens to write it anew); the typical mistakes the guide shows are the ones
lint is run on; and no guide uses a word the glossary forbids."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PINNED_TODAY
from test_glossary import forbidden

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)
GUIDES = {"nb": "nb_NO.UTF-8", "nn": "nn_NO.UTF-8", "da": "da_DK.UTF-8"}
# a console block, and whether the guide quotes its output as the real one
BLOCK = re.compile(r"(?P<mark><!-- output -->\n)?```console\n(?P<body>.*?)```", re.DOTALL)
# the typical mistakes each guide shows (its yaml block holds the new lines), made in the new plan
# before the block marked `<!-- output: mistakes -->`, and undone after it
MISTAKES = {
    "nb": [("status: draft", "status: utkast"), ("referred: 2026-11-23", "referred: 2026-11-31"),
           ('email: "kari', 'emal: "kari')],
    "nn": [("status: draft", "status: utkast"), ("referred: 2026-11-23", "referred: 2026-11-31"),
           ('email: "kari', 'emal: "kari')],
    "da": [("status: draft", "status: udkast"), ("enrolled: 2026-11-23", "enrolled: 2026-11-31"),
           ('email: "jonas', 'emal: "jonas')],
}  # fmt: skip
MISTAKES_MARK = "<!-- output: mistakes -->\n"


def guide(lang: str) -> Path:
    return ROOT / "docs" / f"guide.{lang}.md"


def commands(body: str) -> list[tuple[str, str]]:
    """The commands of a console block (after `$ `) and the output the guide shows for each."""
    found: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return [(command, "\n".join(out).rstrip()) for command, out in found]


class Reader:
    """A coordinator's terminal: a new home (git's settings), a folder, the guide's language."""

    def __init__(self, home: Path, lang: str) -> None:
        self.cwd = home / "work"
        self.cwd.mkdir()
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "IP_", "GIT_"))}
        self.env = {
            **keep,
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LANG": GUIDES[lang],
            "IP_TODAY": PINNED_TODAY,  # the guides' examples are from Monday 23 November 2026
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        }

    def run(self, command: str) -> str:
        if command.startswith("cd "):
            self.cwd = (self.cwd / shlex.split(command)[1]).resolve()
            return ""
        done = subprocess.run(
            command, shell=True, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode in (0, 1), f"{command}\n{done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
        return (done.stdout + done.stderr).rstrip()


def follow(lang: str, home: Path) -> tuple[str, list[tuple[str, str, str]]]:
    """Every command of the guide run in order: the guide as it would be with the real outputs,
    and (command, quoted, real) for each quoted output."""
    text = guide(lang).read_text(encoding="utf-8")
    reader = Reader(home, lang)
    quoted: list[tuple[str, str, str]] = []
    out: list[str] = []
    at = 0
    for block in BLOCK.finditer(text):
        mistakes = text[: block.start()].endswith(MISTAKES_MARK)
        plan = next(reader.cwd.glob("plans/*/p-0001.yaml"), None)
        original = plan.read_text(encoding="utf-8") if plan is not None else ""
        if mistakes:
            assert plan is not None
            changed = original
            for old, new in MISTAKES[lang]:
                assert old in changed, old
                changed = changed.replace(old, new, 1)
            plan.write_text(changed, encoding="utf-8")
        lines = []
        for command, shown in commands(block.group("body")):
            real = reader.run(command)
            if block.group("mark") or mistakes:
                quoted.append((command, shown, real))
                lines += [f"$ {command}", *([real] if real else [])]
            else:
                lines += [f"$ {command}", *([shown] if shown else [])]
        if mistakes and plan is not None:
            plan.write_text(original, encoding="utf-8")
        out += [text[at : block.start("body")], "\n".join(lines) + "\n"]
        at = block.end("body")
    out.append(text[at:])
    return "".join(out), quoted


@pytest.mark.slow  # some twenty ipcli and git commands, as a reader runs them: 6-10 s
@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_guide_runs_as_written(lang: str, tmp_path: Path, update_goldens: bool) -> None:
    written, quoted = follow(lang, tmp_path)
    if update_goldens:
        guide(lang).write_text(written, encoding="utf-8")
        return
    assert len(quoted) >= 3  # lint's mistakes, the Monday report, at least one more
    for command, shown, real in quoted:
        assert shown == real, f"$ {command}: the guide quotes another output than ipcli gives"


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_guide_covers_the_first_day_and_the_week(lang: str) -> None:
    text = guide(lang).read_text(encoding="utf-8")
    for command in ("git config --global user.name", "git config --global user.email", "$ ipcli init",
                    "$ ipcli new", "$ ipcli lint", "git commit", "$ ipcli due", "$ ipcli render",
                    "pipx install", "VS Code", "$ ipcli evaluate"):  # fmt: skip
        assert command in text, command
    assert MISTAKES_MARK in text
    for _old, new in MISTAKES[lang]:  # the reader sees the mistakes lint is run on
        assert new.strip('"') in text, new


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_guide_uses_the_glossarys_words(lang: str) -> None:
    # the prose only: what ipcli prints is checked in the catalogue, and code is code
    text = re.sub(r"```.*?```|`[^`\n]*`", " ", guide(lang).read_text(encoding="utf-8"), flags=re.DOTALL)
    bad = [(p.pattern, use) for p, use in forbidden()[lang] if p.search(text)]
    assert bad == []
    # the README points coordinators, IT and developers each to their own part
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("\n## ", readme.index("\n## ") + 1)]
    assert f"docs/guide.{lang}.md" in head and "docs/development.md" in head
