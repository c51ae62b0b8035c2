"""Help and usage errors in the reader's language (issue 28): every command's --help and Click's
own usage errors in nb, nn and da, chosen by --lang (before or after the command), ipcli.toml or
LANG; lint's severity words, lint -v's plural, init's first commit message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli, git

from ipcli.cli.main import COMMANDS

IPCLI = str(Path(sys.executable).parent / "ipcli")
ENGLISH = [
    *("the", "is", "not", "missing", "option", "options", "argument", "arguments", "error", "warning"),
    *("usage", "invalid", "choose", "from", "show", "this", "message", "and", "exit"),
]
_ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
# what a reader does not read as English prose: option names, metavars and choices, command
# names, values quoted or typed as code, words joined by - or _ (values such as not-achieved)
_NOT_PROSE = [
    r"(?<!\w)--?[\w-]+(?:/--?[\w-]+)*",
    r"<[^>\n]*>|\[[^\]\n]*\]|\{[^}\n]*\}",
    r"`[^`\n]*`|'[^'\n]*'|\"[^\"\n]*\"",
    r"\b\w+(?:[-_.]\w+)+\b",
    r"\b[A-Z]{2,}\b",
    r"\b(?:" + "|".join(COMMANDS) + r")\b",
]


def english_words(text: str) -> list[str]:
    text = re.sub(r"-\n\s+", "-", text)  # a word the help's wrapping broke at its hyphen
    for pattern in _NOT_PROSE:
        text = re.sub(pattern, " ", text)
    return sorted({m.group(0).lower() for m in _ENGLISH.finditer(text)})


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return subprocess.run([IPCLI, *args], cwd=cwd, env={**environ, **env}, capture_output=True, text=True)


@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
@pytest.mark.parametrize("command", [*COMMANDS, None])
def test_every_help_is_in_the_language(cli: Cli, tmp_path: Path, lang: str, command: str | None) -> None:
    result = cli([*([command] if command else []), "--help", "--lang", lang], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert english_words(result.stdout) == [], result.stdout
    assert "help." not in result.stdout  # no key shows as itself


def test_the_english_help_is_english(cli: Cli, tmp_path: Path) -> None:
    """The check above finds English where there is some (it is no check that passes on anything)."""
    result = cli(["lint", "--help"], cwd=tmp_path)
    assert {"show", "this", "message", "and", "exit", "options", "usage"} <= set(english_words(result.stdout))


# each: a command line with a usage error, and the words its error says in nb
USAGE_ERRORS = [
    (["show"], "Argumentet 'PLAN' mangler."),
    (["lint", "-f", "docx"], "Ugyldig verdi for '--format' / '-f': 'docx' er ikke en av 'text'"),
    (["lint", "--formt"], "Ukjent valg: --formt"),
    (["lintt"], "Ukjent kommando 'lintt'."),
    (["lint", "--format"], "Valget '--format' trenger en verdi."),
]


@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
@pytest.mark.parametrize(("args", "nb"), USAGE_ERRORS)
def test_usage_errors_are_in_the_language(
    cli: Cli, tmp_path: Path, lang: str, args: list[str], nb: str
) -> None:
    result = cli(["--lang", lang, *args], cwd=tmp_path)
    assert result.exit_code == 2
    assert english_words(result.stderr) == [], result.stderr
    if lang == "nb":
        assert nb in result.stderr
        assert "Feil: " in result.stderr


def test_a_usage_error_stays_english_in_english(cli: Cli, tmp_path: Path) -> None:
    result = cli(["show"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "Error: Missing argument 'PLAN'." in result.stderr
    assert "Try 'ipcli show --help' for help." in result.stderr


@pytest.mark.slow
def test_lang_before_and_after_the_command_and_the_help(tmp_path: Path) -> None:
    """The real CLI: --lang is read wherever it stands, also after --help (help is written before
    Click has read the options that follow it)."""
    before = run(["--lang", "nb", "--help"], tmp_path, LANG="C.UTF-8")
    after = run(["--help", "--lang", "nb"], tmp_path, LANG="C.UTF-8")
    command = run(["lint", "--lang", "nb", "--help"], tmp_path, LANG="C.UTF-8")
    for result in (before, after, command):
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Bruk: ipcli"), result.stdout
    assert before.stdout == after.stdout
    assert "Kommandoer:" in before.stdout and "Valg:" in command.stdout


def test_lang_from_the_environment(tmp_path: Path) -> None:
    result = run(["lint", "--help"], tmp_path, LANG="da_DK.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Brug: ipcli lint")
    assert "Tjek planer" in result.stdout and "Tilvalg:" in result.stdout
    assert english_words(result.stdout) == []


def test_lang_from_the_repository(cli: Cli, tmp_path: Path) -> None:
    """ipcli.toml's language, of the repository around the folder or of --repo, over LANG."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "ipcli.toml").write_text('language = "nn"\n', encoding="utf-8")
    here = cli(["due", "--help"], cwd=repo, env={"LANG": "da_DK.UTF-8"})
    named = cli(["--repo", str(repo), "due", "--help"], cwd=tmp_path)
    for result in (here, named):
        assert result.stdout.startswith("Bruk: ipcli due"), result.stdout
        assert "Kva for fristar som er overskridne" in result.stdout


def test_common_options_before_and_after_every_command(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    """--lang, --repo, --no-color and -q are taken before the command name and after it, also
    by a command that has no such option of its own (schema has no --repo, rules no -q)."""
    before = cli(["--lang", "nb", "--repo", str(plans_repo), "-q", "--no-color", "rules"], cwd=tmp_path)
    after = cli(["rules", "--repo", str(plans_repo), "-q", "--no-color", "--lang", "nb"], cwd=tmp_path)
    assert before.exit_code == after.exit_code == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout
    assert "IP305" in before.stdout
    schema = cli(["schema", "--repo", str(plans_repo), "--no-color", "-q"], cwd=tmp_path)
    assert schema.exit_code == 0, schema.stderr
    # the application's --lang is the command's when it was given none
    lint = cli(["--lang", "nb", "lint", "--today", "2030-01-01"], cwd=plans_repo)
    assert "sjekket" in lint.stderr, lint.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nb", {"feil", "advarsel", "merknad"}), ("nn", {"feil", "åtvaring", "merknad"}),
     ("da", {"fejl", "advarsel", "bemærkning"}), ("en", {"error", "warning", "info"})],
)  # fmt: skip
def test_lint_lines_carry_the_severity_in_the_language(
    cli: Cli, plans_repo: Path, lang: str, words: set[str]
) -> None:
    broken = plans_repo / "plans" / "p-9999.yaml"  # no person, an unknown status: errors
    broken.write_text("schema: ipcli/plan/1\nid: p-9999\nstatus: aktiv\n", encoding="utf-8")
    result = cli(["lint", "--today", "2030-01-01", "--lang", lang], cwd=plans_repo)
    assert result.exit_code == 1, result.stderr
    severities = {m.group(1) for m in re.finditer(r"^\S+:\d+:\d+: (\S+) IP\d{3} ", result.stdout, re.M)}
    assert severities and severities <= words, severities
    # machine formats keep the English keys
    doc = cli(["lint", "--today", "2030-01-01", "--lang", lang, "-f", "json"], cwd=plans_repo).stdout
    assert '"severity": "warning"' in doc or '"severity": "error"' in doc


def test_lint_verbose_counts_plan_files_in_words(cli: Cli, plans_repo: Path) -> None:
    plans = sorted(str(p.relative_to(plans_repo)) for p in (plans_repo / "plans").rglob("*.yaml"))
    one = cli(["lint", "-v", "--today", "2026-11-23", plans[0]], cwd=plans_repo)
    two = cli(["lint", "-v", "--today", "2026-11-23", *plans[:2]], cwd=plans_repo)
    assert "; 1 plan file\n" in one.stderr, one.stderr
    assert "; 2 plan files\n" in two.stderr, two.stderr
    nb = cli(["lint", "-v", "--lang", "nb", "--today", "2026-11-23", plans[0]], cwd=plans_repo)
    assert "planmappe: " in nb.stderr and "; 1 planfil\n" in nb.stderr, nb.stderr


@pytest.mark.slow
def test_init_commits_in_the_repository_language(cli: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "plans-repo"
    result = cli(["init", str(repo), "--profile", "dk-sel141", "--ci-install", "ipcli"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "--format=%s").splitlines() == ["Start planmappen (ipcli init)"]
    english = tmp_path / "english"
    assert cli(["init", str(english), "--lang", "en", "--ci-install", "ipcli"], cwd=tmp_path).exit_code == 0
    assert git(english, "log", "--format=%s").splitlines() == ["Start the plans repository (ipcli init)"]


# the placeholders Click and Typer write in English: the type names (<str>, <directory>, <path>,
# <int>), [OPTIONS], COMMAND [ARGS]..., ipcli's own metavars and argument names
ENGLISH_PLACEHOLDERS = {
    *("options", "command", "args", "str", "text", "directory", "folder", "path", "paths", "file"),
    *("int", "integer", "number", "yyyy", "goal", "measure", "rev", "code", "theme"),
}
_SECTION = re.compile(r"^\S[^:]*:$")


def placeholders(text: str) -> list[str]:
    """The words of the usage lines and of the option and argument columns of a help or an
    error: not the prose, not option or command names, not a choice's values (what is typed:
    <text|json>)."""
    terms = []
    in_section = False
    for line in text.splitlines():
        if re.match(r"(Usage|Bruk|Brug):", line):
            terms.append(line.split(":", 1)[1])
            in_section = False
        elif _SECTION.match(line):
            in_section = True
        elif in_section and re.match(r"  \S", line):
            terms.append(re.split(r"\s{2,}", line.strip())[0])
    words = []
    for term in terms:
        term = re.sub(r"(?<![\w])--?[\w-]+|<[^>]*\|[^>]*>|\bipcli\b", " ", term)
        term = re.sub(r"\b(?:" + "|".join(COMMANDS) + r")\b(?![\w-])", " ", term)  # the command names
        words += [w for w in re.findall(r"[A-Za-zÅÆØåæø]+", term) if w.lower() in ENGLISH_PLACEHOLDERS]
    return words


@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
@pytest.mark.parametrize("command", [*COMMANDS, None])
def test_placeholders_are_in_the_language(cli: Cli, tmp_path: Path, lang: str, command: str | None) -> None:
    """[OPTIONS], <str>, YYYY-MM-DD, GOAL … in the usage line and the option columns (issue 28)."""
    result = cli([*([command] if command else []), "--help", "--lang", lang], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert placeholders(result.stdout) == [], result.stdout


def test_placeholders_in_english_and_in_usage_errors(cli: Cli, tmp_path: Path) -> None:
    """English keeps its words (the check finds them); a usage error's usage line and its message
    name the placeholders in the reader's language, and a path Typer refuses is said in words."""
    english = cli(["evaluate", "--help"], cwd=tmp_path)
    assert {"OPTIONS", "GOAL", "text", "YYYY"} <= set(placeholders(english.stdout)), english.stdout
    for lang, usage, words in [
        ("nb", "Bruk: ipcli evaluate [VALG] {PLAN} {MÅL}", "Argumentet 'MÅL' mangler."),
        ("nn", "Bruk: ipcli evaluate [VAL] {PLAN} {MÅL}", "Argumentet 'MÅL' manglar."),
        ("da", "Brug: ipcli evaluate [TILVALG] {PLAN} {MÅL}", "Argumentet 'MÅL' mangler."),
    ]:
        missing = cli(["--lang", lang, "evaluate", "p-0042"], cwd=tmp_path)
        assert missing.exit_code == 2
        assert usage in missing.stderr and words in missing.stderr, missing.stderr
        assert placeholders(missing.stderr) == []
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    refused = cli(["--lang", "nb", "lint", "--repo", str(a_file)], cwd=tmp_path)
    assert refused.exit_code == 2
    assert f"'{a_file}' er en fil, ikke en mappe." in refused.stderr, refused.stderr
    assert english_words(refused.stderr) == []
    assert placeholders("Usage: ipcli lint [OPTIONS] [PATHS]...") == ["OPTIONS", "PATHS"]
    assert placeholders("Bruk: ipcli lint [VALG] [FILER...]\n\nValg:\n  -f <text|json>  Format") == []
