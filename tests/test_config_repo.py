"""ipcli.toml and finding the repository and its plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES

from ipcli.config import load_config
from ipcli.errors import UserError
from ipcli.store.repo import find_root, open_repo, plan_files


def test_examples_config() -> None:
    config = load_config(EXAMPLES / "ipcli.toml")
    assert config.profile == "no-ip" and config.plans == ("plans/**/*.yaml",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('profil = "no-ip"\n', 'ipcli.toml:1: unknown setting "profil"'),
        ('language = "de"\n', "ipcli.toml:1: language must be one of"),
        ('plans = ["../other/*.yaml"]\n', "points outside the repository"),
        ("[limits]\nmax_depth = -1\n", "ipcli.toml:2: max_depth must be a positive whole number"),
        ("profile = \n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "ipcli.toml").write_text(text)
    with pytest.raises(UserError) as e:
        load_config(tmp_path / "ipcli.toml")
    assert message in e.value.message


def test_root_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "ipcli.toml").write_text("")
    sub = tmp_path / "plans" / "unit"
    sub.mkdir(parents=True)
    assert find_root(sub) == tmp_path


def test_plans_in_unit_folders_are_found_hidden_ones_are_not(tmp_path: Path) -> None:
    for rel in ("plans/a/p-1.yaml", "plans/b/c/p-2.yaml", "plans/.trash/p-3.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x: 1\n")
    (tmp_path / "ipcli.toml").write_text("")
    repo = open_repo(None, tmp_path)
    names = [Path(p).name for p in plan_files(repo, [], tmp_path)]
    assert names == ["p-1.yaml", "p-2.yaml"]


def test_missing_path_is_a_user_error(tmp_path: Path) -> None:
    repo = open_repo(None, tmp_path)
    with pytest.raises(UserError):
        plan_files(repo, [Path("nope")], tmp_path)


def test_git_listing_and_folder_walk_find_the_same_plans(tmp_path: Path) -> None:
    import subprocess

    for rel in (
        "plans/a/p-1.yaml",
        "plans/b/c/p-2.yaml",
        "plans/.trash/p-3.yaml",
        "plans/p-4.yaml",
        "plans/a/.hidden.yaml",
        "other/p-5.yaml",
        "plans/a/notes.txt",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x: 1\n")
    (tmp_path / "ipcli.toml").write_text('plans = ["plans/**/*.yaml"]\n')
    walked = [
        Path(p).relative_to(tmp_path).as_posix() for p in plan_files(open_repo(None, tmp_path), [], tmp_path)
    ]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "plans/a"], cwd=tmp_path, check=True)  # some tracked, some not
    listed = [
        Path(p).relative_to(tmp_path).as_posix() for p in plan_files(open_repo(None, tmp_path), [], tmp_path)
    ]
    assert walked == listed == ["plans/a/p-1.yaml", "plans/b/c/p-2.yaml", "plans/p-4.yaml"]
