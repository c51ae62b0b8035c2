"""ipcli's own YAML-syntax cases (tests/yamlcases/, modelled on the kinds of input the
yaml-test-suite covers) through every command, in one real git repository (issue 25 item 5):
lint in three formats, due in two, plans, stats, render to Markdown, HTML, a site and PDF, FHIR
export, log, diff, show, evaluate and revise (dry runs, and a real evaluation that must be a
correct splice or a one-line refusal), and the language server.

For every command and case: exit 0, 1 or 2 (never 3), no traceback and no "internal error",
one line on standard error for a refusal, nothing written outside the output target, and the
plan file unchanged by every command that only reads. Each file's first line says which YAML
feature it exercises and what lint must make of it (`expect: clean|findings|unusable`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, PINNED_TODAY, Cli, git
from typer.testing import Result

from ipcli.plan.limits import Limits
from ipcli.plan.parse import ParseError, parse

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "yamlcases"
FILES = sorted(CASES_DIR.glob("*.yaml"))
UNIT = "yamlcases"
T = ("--today", PINNED_TODAY)
# the codes of a file that cannot be read as a plan at all (IP004, a key twice, and IP008, a lost
# `- `, are read past)
UNREADABLE = {"IP001", "IP002", "IP003", "IP005", "IP006", "IP007"}
_HEADER = re.compile(r"# yaml-case: (.+); expect: (clean|findings|unusable)\r?\n?")


# what lint must say of a case, beyond its outcome: bugs this corpus found, kept fixed
SAYS = {
    # the hint quotes the number as written: `"755"` (and the editor's quick fix writing it)
    # would have dropped the leading zero of a reference
    "54-octal-looking": 'put it in quotes: "0755"',
    "58-inf-nan": 'put it in quotes: "-.inf"',  # not Python's "-Infinity"
}

# (code, text on the line) of a finding that must be on the line an editor shows, counting lines
# by LF, CRLF and CR only: libyaml also breaks lines at U+2028, U+2029 and NEL, which put every
# finding after one a line too low
ON_THE_LINE = {
    "51-unicode-line-separator": ("IP002", "summary: Planen"),
    "65-line-separator-in-quotes": ("IP101", "bogus: 1"),
}


def _meta(path: Path) -> tuple[str, str]:
    """(feature, expected outcome) from the case's header comment."""
    m = _HEADER.match(path.read_bytes().decode("utf-8-sig"))
    assert m, f"{path.name}: no `# yaml-case: FEATURE; expect: OUTCOME` header"
    return m.group(1), m.group(2)


def _id(path: Path) -> str:
    return f"p-9{int(path.name[:2]):03d}"


def _rel(path: Path) -> str:
    return f"plans/{UNIT}/{_id(path)}.yaml"


def _snapshot(root: Path) -> dict[str, str]:
    """Every file under root but .git, with a hash of its bytes."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if rel == ".git" or rel.startswith(".git/") or not p.is_file():
            continue
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _git_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Koordinator",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test Koordinator",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }


@pytest.fixture(scope="module")
def yaml_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """Every case as plans/yamlcases/p-9NNN.yaml in one repository, committed once; and the
    snapshot of its files, which no command but a real edit may change."""
    home = tmp_path_factory.mktemp("yaml-home")
    repo = tmp_path_factory.mktemp("yaml") / "plans-repo"
    (repo / "plans" / UNIT).mkdir(parents=True)
    shutil.copy(EXAMPLES / "ipcli.toml", repo / "ipcli.toml")
    for path in FILES:
        shutil.copy(path, repo / _rel(path))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "YAML cases"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=_git_env(home))
    yield repo, _snapshot(repo)


@pytest.fixture
def fast(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The `cli` fixture (whose command tree is built once per worker, conftest), with the plans
    read from ipcli's cache in .git/ipcli (every command reads all 65 plans)."""
    monkeypatch.delenv("IPCLI_NO_CACHE")
    return cli


_FINDING_LINE = re.compile(r"plans/\S+\.yaml:\d+:\d+: \w+ IP\d{3} ")


def _sane(result: Result, what: str, codes: set[int] = frozenset({0, 1, 2})) -> None:  # type: ignore[assignment]
    text = result.stdout + result.stderr
    assert result.exit_code in codes, f"{what}: exit {result.exit_code}: {text[-800:]}"
    assert "Traceback" not in text and "internal error" not in text, f"{what}: {text[-800:]}"
    said = [ln for ln in result.stderr.splitlines() if ln.strip()]
    if result.exit_code == 2:  # a refusal is one line, in ipcli's form
        assert said and said[-1].startswith("ipcli: "), f"{what}: {said[:5]}"
        # after the findings that are its reason, as lint writes them (render of a plan that
        # does not read lists them all)
        assert all(_FINDING_LINE.match(ln) for ln in said[:-1]), f"{what}: {said[:5]}"
    # one line per problem: no line said twice, none longer than a line of a message should be
    assert len(said) == len(set(said)), f"{what}: a line said twice: {said[:5]}"
    for line in said:
        assert len(line) < 600, f"{what}: not one line: {line[:300]}"


def _strict_json(text: str) -> Any:
    """JSON as other programs read it: NaN and Infinity are not JSON."""

    def refuse(word: str) -> Any:
        raise AssertionError(f"{word} in JSON output")

    return json.loads(text, parse_constant=refuse)


def test_the_cases_are_many_named_once_and_each_says_its_feature() -> None:
    sys.path.insert(0, str(CASES_DIR))
    import generate  # type: ignore[import-not-found]

    assert 40 <= len(FILES) <= 80
    assert {p.name: p.read_bytes() for p in FILES} == generate.files(), "run tests/yamlcases/generate.py"
    ids = [_id(p) for p in FILES]
    assert len(set(ids)) == len(ids)
    outcomes = {_meta(p)[1] for p in FILES}
    assert outcomes == {"clean", "findings", "unusable"}
    for path in FILES:
        raw = path.read_bytes()
        try:
            data = parse(raw, Limits()).data
        except ParseError:
            continue
        assert data.get("id") == _id(path), path.name


@pytest.mark.slow
@pytest.mark.parametrize("case", FILES, ids=[p.stem for p in FILES])
def test_each_case_through_every_per_plan_command(
    case: Path, yaml_repo: tuple[Path, dict[str, str]], fast: Cli, tmp_path: Path
) -> None:
    repo, before = yaml_repo
    _feature, expect = _meta(case)
    rel, pid = _rel(case), _id(case)
    out = tmp_path / "out"
    out.mkdir()

    def run(*args: str, codes: set[int] | None = None) -> Result:
        result = fast([*args], cwd=repo)
        _sane(result, " ".join(args), codes or {0, 1, 2})
        return result

    # lint: text, JSON, SARIF
    lint = run("lint", rel, *T, "--lang", "en")
    assert lint.exit_code == (0 if expect == "clean" else 1), f"{case.name}: {lint.stdout}"
    assert SAYS.get(case.stem, "") in lint.stdout, lint.stdout
    found = _strict_json(run("lint", rel, "-f", "json", *T).stdout)["findings"]
    codes = {f["code"] for f in found}
    read_error = codes & UNREADABLE
    assert bool(read_error) == (expect == "unusable"), f"{case.name}: {sorted(codes)}"
    if expect == "findings":
        assert any(f["severity"] in ("error", "warning") for f in found), found
    sarif = _strict_json(run("lint", rel, "-f", "sarif", *T).stdout)
    assert len(sarif["runs"][0]["results"]) == len(found)
    lines = re.split("\r\n|\r|\n", case.read_bytes().decode("utf-8-sig"))  # as an editor counts
    for f in found:  # every finding points into the file
        assert 1 <= f["line"] <= len(lines), f
    if case.stem in ON_THE_LINE:
        code, words = ON_THE_LINE[case.stem]
        assert [words in lines[f["line"] - 1] for f in found if f["code"] == code] == [True], found

    # the commands that need the plan: a plan that cannot be read is refused in one line
    need = {2} if expect == "unusable" else {0, 2} if expect == "findings" else {0}
    run("render", pid, *T, codes=need)
    run("render", pid, "--format", "html", "-o", str(out / "p.html"), *T, codes=need)
    run("render", pid, "--audience", "citizen", "--format", "html", "-o", str(out / "c.html"), *T, codes=need)
    fhir = run("export", pid, "--fhir", *T, codes=need)
    if fhir.exit_code == 0:
        assert _strict_json(fhir.stdout)["resourceType"] == "Bundle"
    run("show", rel, codes={0, 2})
    run("show", rel, "--at", "HEAD", codes={0, 2})
    run("log", rel, *T, codes={0, 2})
    run("diff", rel, codes={0, 2})
    # edits as dry runs: a diff, or a one-line refusal, and the file as it was
    edit = {2} if expect == "unusable" else {0, 2}
    evaluation = ["g1", "-a", "improving", "-o", "continue", "--by", "kari,ola", "--next", "2027-06-01"]
    run("evaluate", pid, *evaluation, "--dry-run", *T, codes=edit)
    run("revise", pid, "--summary", "Gjennomgått.", "--by", "kari,ola", "--dry-run", *T, codes=edit)
    run("measure", pid, "m1", "--status", "done", "--dry-run", *T, codes=edit)

    assert _snapshot(repo) == before, "a command that only reads, or a dry run, changed the repository"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert set(written) <= {"p.html", "c.html"}, written


# the evaluation the real edit adds, as the plan must read afterwards
_EVALUATION = {"date": PINNED_TODAY, "by": ["kari", "ola"], "achievement": "improving", "outcome": "continue"}


@pytest.mark.parametrize("case", FILES, ids=[p.stem for p in FILES])
def test_a_real_evaluation_is_a_correct_splice_or_one_line_and_nothing_written(
    case: Path, yaml_repo: tuple[Path, dict[str, str]], fast: Cli, tmp_path: Path
) -> None:
    """The edit itself (not a dry run), in a copy of the repository: either the plan reads back
    as before with one evaluation more and every other line kept, or exit 2 in one line and
    the file byte for byte as it was."""
    repo = tmp_path / "repo"
    shutil.copytree(yaml_repo[0], repo, symlinks=True)
    git(repo, "update-index", "-q", "--refresh")
    file = repo / _rel(case)
    old = file.read_bytes()
    result = fast(
        ["evaluate", _id(case), "g1", "-a", "improving", "-o", "continue", "--by", "kari,ola", "--next",
         "2027-06-01", *T],
        cwd=repo,
    )  # fmt: skip
    _sane(result, f"evaluate {case.name}", {2} if _meta(case)[1] == "unusable" else {0, 2})
    new = file.read_bytes()
    if result.exit_code != 0:
        assert new == old
        return
    limits = Limits()
    before, after = parse(old, limits).data, parse(new, limits).data
    goal = before["themes"][0]["goals"][0]
    goal["evaluations"] = [*(goal.get("evaluations") or []), _EVALUATION]
    goal["next_evaluation"] = "2027-06-01"
    assert after == before, case.name
    assert new.startswith(b"\xef\xbb\xbf") == old.startswith(b"\xef\xbb\xbf")
    # every old line is still there, in order, but the one whose date moved
    old_lines = [ln for ln in re.split(rb"\r\n|\r|\n", old) if b"next_evaluation: 2027-01-15" not in ln]
    new_lines = iter(re.split(rb"\r\n|\r|\n", new))
    assert all(any(ln == n for n in new_lines) for ln in old_lines), case.name
    assert git(repo, "status", "--porcelain") == f" M {_rel(case)}\n"


def _repo_run(cli: Cli, repo: Path, *args: str) -> Result:
    result = cli([*args], cwd=repo)
    _sane(result, " ".join(args), {0, 1})
    return result


@pytest.mark.slow
def test_every_case_through_the_commands_over_the_whole_repository(
    yaml_repo: tuple[Path, dict[str, str]], fast: Cli, tmp_path: Path
) -> None:
    repo, before = yaml_repo
    expected = {_rel(p): _meta(p)[1] for p in FILES}
    assert _repo_run(fast, repo, "lint", *T).exit_code == 1
    found = _strict_json(_repo_run(fast, repo, "lint", "-f", "json", *T).stdout)
    assert found["files_checked"] == len(FILES)
    for rel, expect in expected.items():
        mine = [f for f in found["findings"] if f["path"] == rel]
        # IP205: every case is about the same fictional person, so across plans they are one
        bad = [f for f in mine if f["severity"] in ("error", "warning") and f["code"] != "IP205"]
        assert bool(bad) == (expect != "clean"), (rel, expect, mine)
    sarif = _strict_json(_repo_run(fast, repo, "lint", "-f", "sarif", *T).stdout)
    assert len(sarif["runs"][0]["results"]) == len(found["findings"])
    _repo_run(fast, repo, "due", *T)
    due = _strict_json(_repo_run(fast, repo, "due", "-f", "json", *T).stdout)
    # a file with a syntax error is read around it (ipcli.plan.recover): "unusable" when what
    # reads of it has the plan's status, else "unreadable"; never absent
    unreadable = set(due["unreadable"]) | set(due["unusable"])
    assert {r for r, e in expected.items() if e == "unusable"} <= unreadable
    assert not {r for r, e in expected.items() if e == "clean"} & unreadable
    listed = _repo_run(fast, repo, "plans", *T)
    clean = [_id(p) for p in FILES if _meta(p)[1] == "clean"]
    assert all(pid in listed.stdout for pid in clean)
    _repo_run(fast, repo, "stats", *T)
    site = tmp_path / "site"
    _repo_run(fast, repo, "render", "--all", "--out", str(site), *T)
    pages = {p.stem for p in (site / "plans").iterdir()}
    assert set(clean) <= {p.split(".")[0] for p in pages}, sorted(pages)
    assert _snapshot(repo) == before
    assert all(p.is_relative_to(site) for p in tmp_path.rglob("*") if p.is_file())


def _ipcli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcli", *args, *T], cwd=repo, capture_output=True, text=True, timeout=240
    )


@pytest.mark.slow
def test_real_processes_lint_and_due(yaml_repo: tuple[Path, dict[str, str]]) -> None:
    """The installed command's own start and streams, with every case in the repository."""
    repo, before = yaml_repo
    for args in (["lint", "-f", "json"],):
        done = _ipcli(repo, *args)
        assert done.returncode == 1, (args, done.stderr[-500:])
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert _snapshot(repo) == before


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["staff", "citizen"])
def test_every_case_through_the_pdf(
    yaml_repo: tuple[Path, dict[str, str]], tmp_path: Path, audience: str
) -> None:
    repo, before = yaml_repo
    out = tmp_path / "pdfs"
    done = _ipcli(repo, "render", "--all", "--format", "pdf", "--audience", audience, "--out", str(out))
    assert done.returncode in (0, 1), done.stderr[-800:]
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    made = {p.stem for p in out.glob("plans/*.pdf")}  # beside the site's pages
    clean = {_id(p) for p in FILES if _meta(p)[1] == "clean"}
    assert clean <= made, sorted(clean - made)
    assert all(p.suffix in (".pdf", ".html") for p in (out / "plans").iterdir())
    assert _snapshot(repo) == before


@pytest.mark.slow  # one server, 65 plans opened: 10-20 s on a shared machine
def test_the_language_server_reads_every_case(yaml_repo: tuple[Path, dict[str, str]], fast: Cli) -> None:
    """Open each case in the editor: diagnostics on the lines lint names (in the editor's own
    line count), hover and outline answered, no internal error."""
    import asyncio

    from lsprotocol import types as t

    from tests.lsp_session import Session, uri_of

    repo, before = yaml_repo
    lint = _strict_json(fast(["lint", "-f", "json", *T], cwd=repo).stdout)["findings"]

    async def main() -> Session:
        s = Session(repo, PINNED_TODAY)
        await s.start()
        try:
            for case in FILES:
                path = repo / _rel(case)
                text = path.read_bytes().decode("utf-8-sig")
                found = await s.open(path, text)
                lines = re.split("\r\n|\r|\n", text)  # as the protocol counts lines
                for d in found:
                    assert 0 <= d.range.start.line < len(lines), (case.name, d)
                mine = {(f["line"], f["code"]) for f in lint if f["path"] == _rel(case)}
                shown = {(d.range.start.line + 1, d.code) for d in found}
                # every per-file finding lint reports is on the same line in the editor
                assert {m for m in mine if m[1] != "IP202"} <= shown | {m for m in mine if m[1] == "IP202"}, (
                    case.name,
                    sorted(mine - shown),
                )
                doc = t.TextDocumentIdentifier(uri_of(path))
                if case.stem == "54-octal-looking":  # the quick fix quotes the text as written
                    number = next(d for d in found if d.code == "IP103")
                    fixes = await s.client.text_document_code_action_async(
                        t.CodeActionParams(doc, number.range, t.CodeActionContext([number]))
                    )
                    fix = next(a for a in fixes or [] if isinstance(a, t.CodeAction) and a.edit)
                    assert fix.edit is not None and fix.edit.changes is not None
                    assert [e.new_text for e in fix.edit.changes[doc.uri]] == ['"0755"'], fix
                for line in (0, len(lines) // 2, len(lines) - 1):
                    await asyncio.wait_for(
                        s.client.text_document_hover_async(t.HoverParams(doc, t.Position(line, 2))), 30
                    )
                await asyncio.wait_for(
                    s.client.text_document_document_symbol_async(t.DocumentSymbolParams(doc)), 30
                )
                s.client.text_document_did_close(t.DidCloseTextDocumentParams(doc))
        finally:
            await s.stop()
        return s

    session = asyncio.run(main())
    assert not [m for m in session.logs if "internal error" in m or "Traceback" in m], session.logs
    assert _snapshot(repo) == before
