"""Questions on a terminal (issue 14 §5): each answer is checked as it is given and asked again;
evaluate asks for the person's own words and the next date; goal does not ask forever; Ctrl-C or
the end of input stops with one line and exit 130, nothing written. Driven through the CLI with
typed input, and through a real pseudo-terminal for the installed command."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli, git

PLAN = Path("plans") / "nordvik" / "p-0042.yaml"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if a person sat at the keyboard (CliRunner's input is not a terminal)."""
    monkeypatch.setattr("ipcli.cli.prompts.interactive", lambda: True)


def test_evaluate_asks_again_after_each_wrong_answer(cli: Cli, plans_repo: Path, terminal: None) -> None:
    before = (plans_repo / PLAN).read_text(encoding="utf-8")
    answers = (
        "bedre\nimproving\nkanskje\ncontinue\nnobody\nkari,ola\nDet går bedre.\n2026-01-01\n2027-02-01\n"
    )
    result = cli(
        ["evaluate", "p-0042", "g1", "--today", PINNED_TODAY], cwd=plans_repo, env=None, input=answers
    )
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert '"bedre" is not an achievement' in err and '"kanskje" is not an outcome' in err
    assert "nobody is not a participant of the plan" in err
    assert "What does the person say, in their own words?" in err
    assert "2026-01-01 is not after 2026-11-23" in err
    after = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert after != before
    assert "citizen: Det går bedre." in after and "next_evaluation: 2027-02-01" in after
    assert "achievement: improving" in after and "by: [kari, ola]" in after


def test_evaluate_offers_the_interval_date_and_enter_takes_it(
    cli: Cli, plans_repo: Path, terminal: None
) -> None:
    # g2 is evaluated every 6 months: Enter takes 2027-05-23; Enter leaves out the person's words
    answers = "sustaining\ncontinue\nper\n\n\n"
    result = cli(["evaluate", "p-0042", "g2", "--today", PINNED_TODAY], cwd=plans_repo, input=answers)
    assert result.exit_code == 0, result.stderr
    assert "Next evaluation (every 6 months) [2027-05-23]:" in result.stderr
    text = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert "next_evaluation: 2027-05-23" in text


def test_evaluate_in_a_script_requires_the_next_date_when_the_goal_has_no_interval(
    cli: Cli, plans_repo: Path
) -> None:
    args = ["evaluate", "p-0042", "g1", "-a", "improving", "-o", "continue", "--by", "kari"]
    result = cli([*args, "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 2 and "--next" in result.stderr
    assert result.stderr.count("\n") == 1
    ended = cli([*args[:6], "end", *args[7:], "--today", PINNED_TODAY, "--dry-run"], cwd=plans_repo)
    assert ended.exit_code == 0, ended.stderr  # an ended goal is not evaluated again


def test_a_wrong_option_is_reported_before_any_question(cli: Cli, plans_repo: Path, terminal: None) -> None:
    result = cli(["evaluate", "p-0042", "g1", "-a", "bedre"], cwd=plans_repo, input="")
    assert result.exit_code == 2 and '"bedre" is not an achievement' in result.stderr
    assert "?" not in result.stderr.split("ipcli:")[0]  # nothing was asked first


def test_goal_stops_after_empty_answers_instead_of_asking_forever(
    cli: Cli, plans_repo: Path, terminal: None
) -> None:
    result = cli(["goal", "p-0042", "housing"], cwd=plans_repo, input="\n\n\n\n\n\n")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "ipcli: no answer for --text (give it on the command line, e.g. --text …)\n"
    )
    assert git(plans_repo, "status", "--porcelain") == ""


def test_goal_asks_for_the_first_evaluation(cli: Cli, plans_repo: Path, terminal: None) -> None:
    result = cli(
        ["goal", "p-0042", "housing", "--today", PINNED_TODAY],
        cwd=plans_repo,
        input="Bo i egen leilighet\nsnart\n3 months\n",
    )
    assert result.exit_code == 0, result.stderr
    assert '"snart" is not a date' in result.stderr
    text = (plans_repo / PLAN).read_text(encoding="utf-8")
    assert "text: Bo i egen leilighet" in text and "next_evaluation: 2027-02-23" in text


def test_goal_in_a_script_needs_a_date_or_an_interval_once_the_plan_is_in_use(
    cli: Cli, plans_repo: Path
) -> None:
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
    cli: Cli, plans_repo: Path, terminal: None, command: list[str]
) -> None:
    result = cli(command, cwd=plans_repo, input="")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == "ipcli: stopped at a question; nothing was written"
    assert sum(1 for line in result.stderr.splitlines() if line.startswith("ipcli:")) == 1
    assert git(plans_repo, "status", "--porcelain") == ""


# a run on the terminal that has not ended this long after its start or its last key is killed and
# the test fails (it never waits for ever: a Ctrl-C that the command swallowed would otherwise hang
# the whole suite)
PTY_DEADLINE = 30.0
QUESTION_ENDS = (b"?", b"]:", b":")


class Terminal:
    """A command on a real pseudo-terminal: the installed `ipcli` (or `python -c CODE`), started
    in `repo`. Each step waits at most until one deadline; past it the child is killed and the
    test fails with what the terminal showed."""

    def __init__(self, repo: Path, args: list[str], code: str | None = None) -> None:
        import pty

        exe = Path(sys.executable).parent / "ipcli"
        argv = [sys.executable, "-c", code, *args] if code else [str(exe), *args]
        # a pipe closed on exec: its end of file tells that the child runs the command (a
        # Ctrl-C before that would reach a copy of this test process)
        started_r, started_w = os.pipe()
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                import signal

                os.close(started_r)
                os.chdir(repo)
                # as a shell on a real terminal starts a command: Ctrl-C neither ignored nor
                # blocked (a test process's own state would otherwise be inherited)
                signal.pthread_sigmask(signal.SIG_SETMASK, set())
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        os.close(started_w)
        os.read(started_r, 1)
        os.close(started_r)
        self.pid, self.fd, self.out = pid, fd, b""
        self.started = time.monotonic()
        self.step_began = self.started
        self.deadline = self.started + PTY_DEADLINE
        self.typed_at = 0  # how much the terminal had shown when a key was last typed

    def _fail(self, why: str) -> None:
        import signal

        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        now = time.monotonic()
        pytest.fail(
            f"{why} within {PTY_DEADLINE:.0f} s ({now - self.started:.1f} s since the start, "
            f"{now - self.step_began:.1f} s since the last key); the terminal showed: {self.text()[-800:]!r}"
        )

    def _read(self, wait: float) -> bool:
        """What the child wrote within `wait` seconds; False at its end (end of file)."""
        import select

        ready, _, _ = select.select([self.fd], [], [], max(0.0, wait))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # Linux: the child closed the terminal
            return False
        self.out += chunk
        return bool(chunk)

    def question(self) -> None:
        """Wait until a question is on the screen, one that came after the last key typed."""
        while len(self.out) <= self.typed_at or not self.out.rstrip().endswith(QUESTION_ENDS):
            if time.monotonic() > self.deadline:
                self._fail("no question appeared")
            if not self._read(0.2):
                pytest.fail(f"the command ended before a question: {self.text()[-800:]!r}")

    def wait(self, seconds: float) -> None:
        """Let `seconds` pass, reading what the child writes meanwhile."""
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0 and self._read(min(left, 0.2)):
            pass

    def type(self, key: bytes) -> None:
        self.typed_at = len(self.out)
        os.write(self.fd, key)
        self.step()

    def step(self) -> None:
        """A key typed (or a Ctrl-C sent another way): it gets the whole time to be answered, so
        that a slow start on a busy machine does not eat the time to stop after a Ctrl-C."""
        self.step_began = time.monotonic()
        self.deadline = self.step_began + PTY_DEADLINE

    def end(self) -> tuple[int, str]:
        """Exit code (-N for a signal) and everything the terminal showed."""
        while self._read(0.2):
            if time.monotonic() > self.deadline:
                self._fail("the command did not end")
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > self.deadline:
                self._fail("the command did not exit")
            time.sleep(0.02)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status), self.text()

    def text(self) -> str:
        return self.out.decode("utf-8", "replace")


def _pty_run(repo: Path, args: list[str], keys: list[bytes]) -> tuple[int, str]:
    """The installed command on a real pseudo-terminal; `keys` are typed one after another,
    each once the next question has appeared."""
    term = Terminal(repo, args)
    for key in keys:
        term.question()
        term.type(key)
    return term.end()


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


STOPPED = "ipcli: stopped at a question; nothing was written"
INTERRUPTED = "ipcli: interrupted"


def _stopped_cleanly(repo: Path, before: bytes, code: int, out: str, when: str) -> None:
    """Exit 130, at most one line (the command may not have begun), no traceback, nothing written."""
    assert code == 130, f"{when}: exit {code}: {out[-800:]!r}"
    said = re.findall(r"ipcli: [^\r\n]*", out)
    assert said in ([], [STOPPED], [INTERRUPTED]), f"{when}: {out[-800:]!r}"
    for word in ("Traceback", "KeyboardInterrupt", "Aborted", "Error"):
        assert word not in out, f"{when}: {out[-800:]!r}"
    assert (repo / PLAN).read_bytes() == before, when
    assert git(repo, "status", "--porcelain") == "", when


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_ctrl_c_at_any_moment_from_the_start_to_the_question(plans_repo: Path) -> None:
    """Issue 25 §4: a Ctrl-C typed the moment the question appears was once swallowed (the
    command went on waiting for an answer). Typed at the question, three times, then at several
    moments between the start and the question (fractions of the time the question took to
    appear: Python's own start, before any of ipcli runs, is the first tenth or less)."""
    before = (plans_repo / PLAN).read_bytes()
    args = ["evaluate", "p-0042", "g1", "--today", PINNED_TODAY]
    took = []
    for attempt in range(3):
        term = Terminal(plans_repo, args)
        term.question()
        took.append(time.monotonic() - term.started)
        term.type(b"\x03")
        code, out = term.end()
        _stopped_cleanly(plans_repo, before, code, out, f"at the question ({attempt + 1})")
        assert STOPPED in out
    to_question = min(took)
    for fraction in (0.3, 0.5, 0.7, 0.85, 1.0):
        term = Terminal(plans_repo, args)
        term.wait(to_question * fraction)
        term.type(b"\x03")
        code, out = term.end()
        _stopped_cleanly(plans_repo, before, code, out, f"after {fraction:.0%} of the start")


# `ipcli` with one more thread, which sends the process a Ctrl-C (SIGINT) once the question is on
# the screen and the command waits for the answer: the kernel may hand a Ctrl-C to any thread of
# a process, and then a read that has begun goes on waiting, exactly as when the Ctrl-C comes
# just before the read begins. The test creates the file named first once the question is shown.
CTRL_C_IN_ANOTHER_THREAD = r"""
import os, signal, sys, threading, time
go = sys.argv.pop(1)
def ctrl_c() -> None:
    while not os.path.exists(go):
        time.sleep(0.01)
    time.sleep(0.3)  # the command is waiting for the answer by now
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)
threading.Thread(target=ctrl_c, daemon=True).start()
sys.argv[0] = "ipcli"
from ipcli.cli.main import run
run()
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_ctrl_c_that_misses_the_waiting_read_still_stops_the_question(
    plans_repo: Path, tmp_path: Path
) -> None:
    before = (plans_repo / PLAN).read_bytes()
    go = tmp_path / "go"
    term = Terminal(plans_repo, [str(go), "evaluate", "p-0042", "g1"], code=CTRL_C_IN_ANOTHER_THREAD)
    term.question()
    go.touch()
    term.step()
    code, out = term.end()
    _stopped_cleanly(plans_repo, before, code, out, "Ctrl-C in another thread")
    assert STOPPED in out


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed one
def test_a_ctrl_c_python_swallowed_still_stops_the_next_question(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load a Ctrl-C once landed in a weakref callback of an import (Python printed
    "Exception ignored … KeyboardInterrupt" and went on), and the question that came next waited
    for an answer until the test's deadline. Every Ctrl-C is noted (ipcli.cli): the next question
    stops at once, nothing written, as a Ctrl-C at the question does."""
    import gc
    import signal
    import weakref

    import ipcli.cli

    monkeypatch.setattr("ipcli.cli.prompts.interactive", lambda: True)
    before = (plans_repo / PLAN).read_bytes()

    class Held:
        pass

    held = Held()
    previous = signal.signal(signal.SIGINT, ipcli.cli._on_ctrl_c)
    gone = weakref.ref(held, lambda _ref: os.kill(os.getpid(), signal.SIGINT))  # noqa: F841
    try:
        del held  # the callback runs, the KeyboardInterrupt in it is swallowed
        gc.collect()
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert ipcli.cli.ctrl_c_came()
    result = cli(["evaluate", "p-0042", "g1", "--today", PINNED_TODAY], cwd=plans_repo, input="improving\n")
    assert result.exit_code == 130 and "How far is the goal reached" not in result.stderr, result.stderr
    assert (plans_repo / PLAN).read_bytes() == before


def test_a_ctrl_c_wrapped_in_another_error_is_still_a_ctrl_c(
    cli: Cli, plans_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI once saw "internal error (RuntimeError at model.py:93)", exit 3, for a Ctrl-C: it landed
    while a dataclass was being made (a field's `__set_name__`, as a module was imported), and
    Python 3.11 wraps that in "RuntimeError: Error calling __set_name__". It is the same Ctrl-C:
    one line, exit 130, nothing written."""

    class LandsHere:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    def starting() -> bool:
        type("Consent", (), {"given_by": LandsHere()})  # Python wraps the KeyboardInterrupt here
        return True

    monkeypatch.setattr("ipcli.cli.prompts.interactive", starting)
    before = (plans_repo / PLAN).read_bytes()
    result = cli(["evaluate", "p-0042", "g1", "--today", PINNED_TODAY], cwd=plans_repo, input="improving\n")
    assert result.exit_code == 130, result.stderr
    assert "internal error" not in result.stderr and "RuntimeError" not in result.stderr
    assert (plans_repo / PLAN).read_bytes() == before
