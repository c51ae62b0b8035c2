"""Questions on a terminal (issue 14 §5): each answer is checked as it is given and asked again;
evaluate asks for the person's own words and the next date; goal does not ask forever; Ctrl-C or
the end of input stops with one line and exit 130, nothing written. Driven through the CLI with
typed input, and through a real pseudo-terminal for the installed command."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PINNED_TODAY, git

PLAN = Path("plans") / "nordvik" / "p-0042.yaml"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if a person sat at the keyboard (CliRunner's input is not a terminal)."""
    monkeypatch.setattr("ipcli.cli.prompts.interactive", lambda: True)


def test_evaluate_asks_again_after_each_wrong_answer(cli, plans_repo: Path, terminal: None) -> None:  # type: ignore[no-untyped-def]
    before = (plans_repo / PLAN).read_text(encoding="utf-8")
    answers = (
        "bedre\nimproving\nfortsett\ncontinue\nnobody\nkari,ola\nDet går bedre.\n2026-01-01\n2027-02-01\n"
    )
    result = cli(
        ["evaluate", "p-0042", "g1", "--today", PINNED_TODAY], cwd=plans_repo, env=None, input=answers
    )
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert '"bedre" is not an achievement' in err and '"fortsett" is not an outcome' in err
    assert "nobody is not a participant of the plan" in err
    assert "What does the person say, in their own words?" in err
    assert "2026-01-01 is not after 2026-11-23" in err
    after = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert after != before
    assert "citizen: Det går bedre." in after and "next_evaluation: 2027-02-01" in after
    assert "achievement: improving" in after and "by: [kari, ola]" in after


def test_evaluate_offers_the_interval_date_and_enter_takes_it(cli, plans_repo: Path, terminal: None) -> None:  # type: ignore[no-untyped-def]
    # g2 is evaluated every 6 months: Enter takes 2027-05-23; Enter leaves out the person's words
    answers = "sustaining\ncontinue\nper\n\n\n"
    result = cli(["evaluate", "p-0042", "g2", "--today", PINNED_TODAY], cwd=plans_repo, input=answers)
    assert result.exit_code == 0, result.stderr
    assert "Next evaluation (every 6 months) [2027-05-23]:" in result.stderr
    text = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert "next_evaluation: 2027-05-23" in text


def test_evaluate_in_a_script_requires_the_next_date_when_the_goal_has_no_interval(
    cli, plans_repo: Path
) -> None:  # type: ignore[no-untyped-def]
    args = ["evaluate", "p-0042", "g1", "-a", "improving", "-o", "continue", "--by", "kari"]
    result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 2 and "--next" in result.stderr
    assert result.stderr.count("\n") == 1
    ended = cli([*args[:6], "end", *args[7:], "--today", PINNED_TODAY, "--dry-run"], cwd=plans_repo)
    assert ended.exit_code == 0, ended.stderr  # an ended goal is not evaluated again


def test_a_wrong_option_is_reported_before_any_question(cli, plans_repo: Path, terminal: None) -> None:  # type: ignore[no-untyped-def]
    result = cli(["evaluate", "p-0042", "g1", "-a", "bedre"], cwd=plans_repo, input="")
    assert result.exit_code == 2 and '"bedre" is not an achievement' in result.stderr
    assert "?" not in result.stderr.split("ipcli:")[0]  # nothing was asked first


def test_goal_stops_after_empty_answers_instead_of_asking_forever(
    cli, plans_repo: Path, terminal: None
) -> None:  # type: ignore[no-untyped-def]
    result = cli(["goal", "p-0042", "housing"], cwd=plans_repo, input="\n\n\n\n\n\n")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "ipcli: no answer for --text (give it on the command line, e.g. --text …)\n"
    )
    assert git(plans_repo, "status", "--porcelain") == ""


def test_goal_asks_for_the_first_evaluation(cli, plans_repo: Path, terminal: None) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        ["goal", "p-0042", "housing", "--today", PINNED_TODAY],
        cwd=plans_repo,
        input="Bo i egen leilighet\nsnart\n3 months\n",
    )
    assert result.exit_code == 0, result.stderr
    assert '"snart" is not a date' in result.stderr
    text = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert "text: Bo i egen leilighet" in text and "next_evaluation: 2027-02-23" in text


def test_goal_in_a_script_needs_a_date_or_an_interval_once_the_plan_is_in_use(cli, plans_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(["goal", "p-0042", "housing", "--text", "Bo i egen leilighet"], cwd=plans_repo)
    assert result.exit_code == 2 and "--evaluate-every" in result.stderr
    draft = cli(
        ["goal", "p-0120", "collaboration", "--text", "Lære huset at kende", "--dry-run"], cwd=plans_repo
    )
    assert draft.exit_code == 0, draft.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["evaluate", "p-0042", "g1"],
        ["goal", "p-0042", "housing"],
        ["revise", "p-0042"],
        ["measure", "p-0042", "m2"],
    ],
)
def test_end_of_input_at_a_question_exits_130_with_one_line(
    cli, plans_repo: Path, terminal: None, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    result = cli(command, cwd=plans_repo, input="")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == "ipcli: stopped at a question; nothing was written"
    assert sum(1 for line in result.stderr.splitlines() if line.startswith("ipcli:")) == 1
    assert git(plans_repo, "status", "--porcelain") == ""


def _pty_run(repo: Path, args: list[str], keys: list[bytes]) -> tuple[int, str]:
    """The installed command on a real pseudo-terminal; `keys` are typed one after another,
    each once the previous question has appeared."""
    import pty
    import select

    exe = Path(sys.executable).parent / "ipcli"
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(repo)
        os.execv(str(exe), [str(exe), *args])
    out = b""
    deadline = time.monotonic() + 60
    pending = list(keys)
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if pending and out.rstrip().endswith((b"?", b"]:", b":")):
                os.write(fd, pending.pop(0))
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize(("key", "name"), [(b"\x03", "ctrl-c"), (b"\x04", "ctrl-d")])
def test_ctrl_c_and_ctrl_d_on_a_real_terminal(plans_repo: Path, key: bytes, name: str) -> None:
    before = (plans_repo / PLAN).read_bytes()
    code, out = _pty_run(plans_repo, ["evaluate", "p-0042", "g1"], [b"improving\r", key])
    assert code == 130, out
    assert out.count("ipcli:") == 1 and "ipcli: stopped at a question; nothing was written" in out
    assert "Traceback" not in out and "Aborted" not in out
    assert (plans_repo / PLAN).read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_whole_evaluation_typed_on_a_real_terminal(plans_repo: Path) -> None:
    keys = [b"improving\r", b"continue\r", b"kari\r", b"Det g\xc3\xa5r bedre.\r", b"2027-03-01\r"]
    code, out = _pty_run(plans_repo, ["evaluate", "p-0042", "g1", "--today", PINNED_TODAY], keys)
    assert code == 0, out
    text = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert "citizen: Det går bedre." in text and "next_evaluation: 2027-03-01" in text
