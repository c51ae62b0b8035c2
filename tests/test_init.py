"""`ipcli init` leaves nothing half-done (issue 14 §5): the first commit, the pre-commit hook (or
the one command to run), and CI files that install ipcli as ipcli.toml's [ci] install says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Cli, git

from ipcli.edits.ciinstall import installed_from
from ipcli.edits.scaffold import INSTALL_SCRIPT, start_message

VENV_BIN = str(Path(sys.executable).parent)


@pytest.fixture
def ipcli_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", VENV_BIN + os.pathsep + os.environ.get("PATH", ""))


@pytest.mark.slow
def test_init_commits_and_installs_the_hook(cli: Cli, tmp_path: Path, ipcli_on_path: None) -> None:
    repo = tmp_path / "plans-repo"
    spec = "ipcli @ git+https://example.org/it/ipcli@v0.1.0"
    result = cli(["init", str(repo), "--ci-install", spec], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "--format=%s").splitlines() == [start_message("nb")]
    assert git(repo, "status", "--porcelain") == ""  # nothing left to commit
    tracked = set(git(repo, "ls-files").split())
    assert {
        "ipcli.toml",
        ".pre-commit-config.yaml",
        ".github/workflows/ipcli.yml",
        ".gitlab-ci.yml",
    } <= tracked
    assert (repo / ".git" / "hooks" / "pre-commit").is_file()
    assert "pre-commit hook installed" in result.stderr
    assert f"CI installs ipcli with: pip install {spec}" in result.stderr
    assert f'install = "{spec}"' in (repo / "ipcli.toml").read_text(encoding="utf-8")
    # the hook works: a broken plan is not committed
    git(repo, "config", "user.name", "Kari Test")
    assert cli(["new", "p-0001", "--today", "2026-11-23"], cwd=repo).exit_code == 0
    plan = repo / "plans" / "p-0001.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("status: draft", "status: drafted"))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home")}
    git(repo, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-qm", "x"], cwd=repo, env=env, capture_output=True, text=True)
    assert blocked.returncode != 0 and "IP104" in blocked.stdout + blocked.stderr


def test_without_pre_commit_init_says_the_one_command(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ipcli.edits.scaffold.pre_commit_program", lambda: None)
    result = cli(["init", "r"], cwd=tmp_path)
    assert result.exit_code == 0
    assert (
        "no pre-commit hook yet; to check plans before each commit, run: "
        "python3 -m pip install pre-commit && pre-commit install\n"
    ) in result.stderr
    assert not (tmp_path / "r" / ".git" / "hooks" / "pre-commit").exists()


def test_without_a_git_identity_init_says_what_to_commit(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name)
    Path(os.environ["GIT_CONFIG_GLOBAL"]).write_text("[user]\n\tuseConfigOnly = true\n")
    result = cli(["init", "r"], cwd=tmp_path)
    assert result.exit_code == 0
    line = next(x for x in result.stderr.splitlines() if x.startswith("not committed:"))
    assert 'git config --global user.name "Your Name"' in line and "git add -A && git commit" in line
    assert "fatal" not in result.stderr.lower()


@pytest.mark.slow
def test_init_never_commits_as_an_identity_git_guessed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No user.name/user.email anywhere, but git could guess one (here from EMAIL, elsewhere from
    the login and the machine's name: `root <root@vm>`): init makes the repository and does not
    commit, says in one line how to set the identity, and exits 0."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EMAIL", "root@vm.example.org")
    assert git(tmp_path, "var", "GIT_AUTHOR_IDENT")  # git itself would have committed as this
    result = cli(["init", "r", "--lang", "nn"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    repo = tmp_path / "r"
    assert (repo / ".git").is_dir() and (repo / "ipcli.toml").is_file()
    head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=repo, capture_output=True)
    assert head.returncode != 0  # no commit
    lines = [x for x in result.stderr.splitlines() if "git config --global user.name" in x]
    assert len(lines) == 1 and "veit ikkje kven du er" in lines[0]
    # once the user has said who they are, a later commit is theirs
    (home / "gitconfig").write_text("[user]\n\tname = Kari Testesen\n\temail = kari@example.org\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    assert git(repo, "log", "--format=%an <%ae>").strip() == "Kari Testesen <kari@example.org>"


@pytest.mark.slow
def test_in_a_repository_with_commits_init_names_the_files_to_commit(cli: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "existing"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "notes.txt").write_text("ours\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "ours")
    result = cli(["init", "."], cwd=repo)
    assert result.exit_code == 0
    assert (
        "not committed: the repository has commits already; to commit the new files: git add ipcli.toml"
        in (result.stderr)
    )
    assert git(repo, "log", "--format=%s").splitlines() == ["ours"]
    again = cli(["init", "."], cwd=repo)
    assert "not committed" not in again.stderr  # nothing new: nothing to say


def _install_steps(repo: Path) -> list[str]:
    github = yaml.safe_load((repo / ".github" / "workflows" / "ipcli.yml").read_text(encoding="utf-8"))
    steps = [s["run"] for job in github["jobs"].values() for s in job["steps"] if "pip" in s.get("run", "")]
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    steps += [s for s in gitlab["default"]["before_script"] if "tomllib" in s]
    return steps


@pytest.mark.slow
def test_the_ci_files_install_what_ipcli_toml_says(cli: Cli, tmp_path: Path, ipcli_on_path: None) -> None:
    repo = tmp_path / "r"
    # a real pip run that changes nothing: pip checks this project without installing it
    spec = f"--dry-run --no-deps --no-index --no-build-isolation {ROOT}"
    assert cli(["init", str(repo), "--ci-install", spec], cwd=tmp_path).exit_code == 0
    steps = _install_steps(repo)
    assert len(steps) == 3 and all(step == INSTALL_SCRIPT for step in steps)
    assert "pip install ipcli" not in (repo / ".github" / "workflows" / "ipcli.yml").read_text()
    done = subprocess.run(["bash", "-c", steps[0]], cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    # with nothing configured, CI stops at once and says what to set
    toml = repo / "ipcli.toml"
    toml.write_text(toml.read_text().replace(json.dumps(spec), '""'))
    assert cli(["lint"], cwd=repo).exit_code == 0  # ipcli accepts the setting
    empty = subprocess.run(["bash", "-c", steps[0]], cwd=repo, capture_output=True, text=True, timeout=60)
    assert empty.returncode == 1 and "[ci] install" in empty.stderr


def test_ci_install_setting_is_checked(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "ipcli.toml").write_text("[ci]\ninstall = 3\n")
    result = cli(["lint"], cwd=tmp_path)
    assert result.exit_code == 2 and "install must be text" in result.stderr


class _Dist:
    version = "0.1.0"

    def __init__(self, direct: dict[str, object] | None) -> None:
        self.direct = direct

    def read_text(self, name: str) -> str | None:
        return None if self.direct is None else json.dumps(self.direct)


@pytest.mark.parametrize(
    ("direct", "spec"),
    [
        (None, "ipcli==0.1.0"),
        (
            {"url": "https://example.org/it/ipcli", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
            "ipcli @ git+https://example.org/it/ipcli@abc123",
        ),
        (
            {"url": "https://example.org/ipcli-0.1.0.tar.gz", "archive_info": {}},
            "ipcli @ https://example.org/ipcli-0.1.0.tar.gz",
        ),
        ({"url": "file:///home/x/ipcli", "dir_info": {"editable": True}}, ""),
    ],
)
def test_where_ci_gets_ipcli_by_default(
    monkeypatch: pytest.MonkeyPatch, direct: dict[str, object] | None, spec: str
) -> None:
    monkeypatch.setattr("ipcli.edits.ciinstall.metadata.distribution", lambda _name: _Dist(direct))
    source = installed_from()
    assert source.spec == spec
    assert bool(source.why) == (spec == "")


def test_a_wheel_ipcli_came_from_is_kept_in_the_repository(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = tmp_path / "ipcli-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK fictional wheel")
    monkeypatch.setattr(
        "ipcli.edits.ciinstall.metadata.distribution",
        lambda _name: _Dist({"url": wheel.as_uri(), "archive_info": {}}),
    )
    result = cli(["init", "r"], cwd=tmp_path)
    assert result.exit_code == 0
    kept = tmp_path / "r" / "ci" / "wheels" / wheel.name
    assert kept.read_bytes() == wheel.read_bytes()
    assert "ci/wheels/ipcli-0.1.0-py3-none-any.whl" in git(tmp_path / "r", "ls-files")
    assert 'install = "ci/wheels/ipcli-0.1.0-py3-none-any.whl"' in (tmp_path / "r" / "ipcli.toml").read_text()


def test_a_nynorsk_system_makes_a_nynorsk_repository(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LANG=nn_NO.UTF-8 and no --lang: ipcli.toml says language = "nn" and the files are in
    nynorsk (every later plan follows ipcli.toml), not bokmål with nynorsk messages."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    result = cli(["init", "r"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    repo = tmp_path / "r"
    config = (repo / "ipcli.toml").read_text(encoding="utf-8")
    assert 'language = "nn"' in config
    assert "reglane" in config and "verksemda" in config  # nynorsk, not bokmål's "reglene", "virksomheten"
    readme = (repo / "plans" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Planar\n") and "eining" in readme and "aldri eit fødselsnummer" in readme
    new = cli(["new", "p-0001", "--person", "Ola Testmann", "--coordinator", "Kari Testesen"], cwd=repo)
    assert new.exit_code == 0, new.stderr
    plan = (repo / "plans" / "p-0001.yaml").read_text(encoding="utf-8")
    assert "language: nn" in plan


def test_new_commit_never_commits_as_an_identity_git_guessed(
    cli: Cli, plans_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new --commit` asks the same question as init: a name and an e-mail the user gave git,
    never git's own guess (here from EMAIL); without one it refuses in one line, commits nothing."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EMAIL", "root@vm.example.org")
    for key in ("user.name", "user.email"):  # none in the repository either
        subprocess.run(["git", "config", "--unset-all", key], cwd=plans_repo, capture_output=True)
    assert git(plans_repo, "var", "GIT_AUTHOR_IDENT")  # git itself would have committed as this
    before = git(plans_repo, "rev-parse", "HEAD")
    result = cli(
        ["new", "p-0900", "--profile", "no-ip", "--coordinator", "Kari Hansen", "--commit"], cwd=plans_repo
    )
    assert result.exit_code == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "git does not know who you are" in result.stderr
    assert git(plans_repo, "rev-parse", "HEAD") == before
