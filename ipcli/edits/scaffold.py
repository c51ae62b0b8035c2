"""Start a plans repository (`ipcli init`) and a plan (`ipcli new`). Nothing is ever overwritten."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import unicodedata
from importlib import resources
from pathlib import Path

from ipcli.errors import UserError
from ipcli.language.i18n import LANGS, tr
from ipcli.plan.profiles import BUILTIN, Profile
from ipcli.store.git import Done, run
from ipcli.store.identity import chosen_identity
from ipcli.store.outfile import check_new_folder, create_new, make_folder

PLAN_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")

PRE_COMMIT = """\
# Checks plans before each commit: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: ipcli-lint
        name: ipcli lint
        entry: ipcli lint
        language: system
        files: ^plans/.*\\.ya?ml$
"""

# CI installs ipcli as ipcli.toml's [ci] install says (no public package index serves ipcli)
INSTALL_SCRIPT = """\
python - <<'PY'
import shlex, subprocess, sys, tomllib
spec = tomllib.load(open("ipcli.toml", "rb")).get("ci", {}).get("install", "")
if not spec.strip():
    sys.exit("ipcli.toml has no [ci] install: set it to where ipcli comes from (a git URL or a wheel)")
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "-q", *shlex.split(spec)]))
PY
"""


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))


GITHUB = (
    """\
# Lint on every push; the weekly due report on Monday mornings (in the run's summary).
# CI logs are read by people who need not see the plans: the report is redacted.
# ipcli is installed as [ci] install in ipcli.toml says.
name: plans
on:
  push:
  pull_request:
  schedule:
    - cron: "0 5 * * 1"
jobs:
  lint:
    if: github.event_name != 'schedule'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install ipcli
        run: |
"""
    + _indented(INSTALL_SCRIPT, 10)
    + """\
      - run: ipcli lint
  due:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install ipcli
        run: |
"""
    + _indented(INSTALL_SCRIPT, 10)
    + """\
      - run: ipcli due --redact --format md >> "$GITHUB_STEP_SUMMARY"
"""
)

GITLAB = (
    """\
# Lint on every push; the weekly due report from a pipeline schedule (CI/CD > Schedules).
# CI logs are read by people who need not see the plans: the report is redacted.
# ipcli is installed as [ci] install in ipcli.toml says.
default:
  image: python:3.12-slim
  before_script:
    - apt-get update -qq && apt-get install -y -qq git > /dev/null
    - |
"""
    + _indented(INSTALL_SCRIPT, 6)
    + """\

lint:
  script:
    - ipcli lint
  rules:
    - if: $CI_PIPELINE_SOURCE != "schedule"

due:
  script:
    - ipcli due --redact --format text
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
"""
)

GITIGNORE = """\
/site/
*.html
"""


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.splitlines())


def _config(profile: str, language: str, ci_install: str) -> str:
    """ipcli.toml, its comments in the repository's language."""
    lang = language if language in LANGS else "en"
    profile_note, language_note = tr("init.toml.profile", lang), tr("init.toml.language", lang)
    return (
        _comment(tr("init.toml.intro", lang))
        + f'profile = "{profile}"   # {profile_note}\n'
        + f'language = "{language}"      # {language_note}\n'
        + 'plans = ["plans/**/*.yaml"]\n\n[ci]\n'
        + _comment(tr("init.toml.ci", lang))
        + f"install = {json.dumps(ci_install)}\n"
    )


def init(folder: Path, profile: str, language: str, ci_install: str = "") -> list[tuple[str, bool]]:
    """Create a plans repository in `folder`; returns (file, created) for every file it has."""
    if profile not in BUILTIN:
        raise UserError(
            tr("error.unknown_profile", profile=profile),
            tr("error.use_one_of", choices=", ".join(sorted(BUILTIN))),
        )
    lang = language if language in LANGS else "en"
    check_new_folder(folder, str(folder))
    make_folder(folder)
    schema = resources.files("ipcli").joinpath("schemas/plan.schema.json").read_text(encoding="utf-8")
    vscode = (
        json.dumps(
            {
                "yaml.schemas": {"./schemas/plan.schema.json": ["plans/**/*.yaml", "plans/*.yaml"]},
                # the ipcli extension (`ipcli lsp`) reports schema problems in plain words with the
                # rules; the YAML extension keeps key completion and descriptions, not a 2nd report
                "yaml.validate": False,
                "ipcli.command": ["ipcli", "lsp"],
            },
            indent=2,
        )
        + "\n"
    )
    files = {
        "ipcli.toml": _config(profile, language, ci_install),
        "plans/README.md": tr("init.readme", lang) + "\n",  # a msgid ends without one, so its msgstr must too
        "schemas/plan.schema.json": schema,
        ".gitignore": _comment(tr("init.gitignore", lang)) + GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/ipcli.yml": GITHUB,
        ".gitlab-ci.yml": GITLAB,
        ".vscode/settings.json": vscode,
    }
    report: list[tuple[str, bool]] = []
    if not (folder / ".git").exists():
        # before any file is written: without git, init stops in one line and leaves nothing
        done = run(folder, "init", "-q", check=False, deliberate=True)
        if not done.ok:
            raise UserError(
                tr("error.git_init_failed", folder=folder, why=done.last_line() or done.returncode)
            )
        report.append((".git", True))
    else:
        report.append((".git", False))
    for rel, text in files.items():
        path = folder / rel
        if os.path.lexists(path):
            report.append((rel, False))  # never overwrite: the organisation may have changed it
            continue
        make_folder(path.parent)
        # made exclusively, inside the folder (not through a link out of it, not into .git)
        create_new(path, text.encode("utf-8"), str(path), folder)
        report.append((rel, True))
    return report


def start_message(lang: str) -> str:
    """The first commit's message, in the repository's language (colleagues read its history)."""
    return tr("init.start_message", lang)


def _git(folder: Path, *args: str) -> Done:
    # the first commit is init's own, deliberate git action (no hooks: --no-verify below)
    return run(folder, *args, check=False, deliberate=True)


def first_commit(folder: Path, files: list[str], lang: str = "en") -> tuple[str | None, str]:
    """Commit the files init created, when the repository has no commit yet: (short id, "") on
    success, else (None, what to run instead, in one line)."""
    add = "git add " + " ".join(files)
    if not files:
        return None, ""
    if _git(folder, "rev-parse", "--verify", "-q", "HEAD").returncode == 0:
        return None, tr("init.has_commits", add=add)
    if not chosen_identity(folder):
        # never git's guess (`root <root@vm>`): a history names who did what, for good
        return None, tr("init.no_identity", message=start_message(lang))
    added = _git(folder, "add", "--", *files)
    done = (
        _git(folder, "commit", "-q", "--no-verify", "-m", start_message(lang), "--", *files)
        if added.returncode == 0
        else added
    )
    if done.returncode != 0:
        reason = (done.err or done.text).strip().splitlines()
        why = reason[0] if reason else tr("init.no_reason")
        return None, tr("init.commit_failed", why=why, add=add)
    return _git(folder, "rev-parse", "--short", "HEAD").text.strip(), ""


def pre_commit_program() -> str | None:
    """The pre-commit tool: on PATH, or beside this Python (a virtual environment not activated)."""
    import shutil
    import sys

    return shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))


def install_hook(folder: Path) -> tuple[bool, str]:
    """`pre-commit install`, when pre-commit is there: (installed, what to run otherwise)."""
    import shutil

    program = pre_commit_program()
    if program is None:
        return False, "python3 -m pip install pre-commit && pre-commit install"
    if shutil.which("ipcli") is None:  # the hook runs `ipcli lint`: without it every commit would fail
        return False, tr("init.hook_needs_ipcli")
    try:
        done = subprocess.run([program, "install"], cwd=folder, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return False, "pre-commit install"
    return done.returncode == 0, "pre-commit install"


def slug(name: str) -> str:
    """A participant id from a name: 'Kari Hansen' -> 'kari', 'Søren Ærø' -> 'søren', 'Åse' -> 'åse'.

    The id keeps æ, ø and å (letters of their own in Norwegian and Danish: the schema's id
    pattern allows them); other marks are left out (René -> rene), and anything else that is no
    lowercase letter, digit, '_' or '-' too, so an id is always safe in YAML, a file name and an
    HTML anchor."""
    from ipcli.language.fold import fold

    first = name.split()[0] if name.split() else "x"
    kept = []
    for char in fold(first):
        if char in "æøå":
            kept.append(char)
        else:
            kept.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    cleaned = re.sub(r"[^a-z0-9æøå_-]", "", "".join(kept))[:40]
    return cleaned if cleaned[:1].isalpha() else f"p{cleaned}"[:40]


def plan_text(
    plan_id: str,
    profile: Profile,
    language: str,
    person: str,
    coordinator: str,
    email: str | None,
    today: dt.date,
    schema_path: str,
) -> str:
    """A new plan in draft, with comments that teach each part, in the plan's language."""
    lang = language if language in LANGS else "en"

    def say(text: str) -> list[str]:  # a comment of one or more lines
        return ["# " + line for line in text.splitlines()]

    person_id, coord_id = slug(person), slug(coordinator)
    if coord_id == person_id:
        coord_id = f"{coord_id}-k"
    danish = profile.country == "dk"
    start_key = "enrolled" if danish else "referred"
    role = "contact_person" if danish else "coordinator"
    q = json.dumps  # quote free text safely for YAML (JSON strings are YAML)
    why_declined = tr("new.participation_note", lang)
    born, communication = tr("new.born", lang), tr("new.communication", lang)
    started = tr("new.enrolled", lang) if danish else tr("new.referred", lang)
    yearly, and_ = tr("new.revised_yearly", lang), tr("new.and", lang)
    main_responsibility, where_form = tr("new.coordinator", lang), tr("new.document", lang)
    lines = [
        f"# yaml-language-server: $schema={schema_path}",
        *say(tr("new.intro", lang)),
        "schema: ipcli/plan/1",
        f"id: {plan_id}",
        f"profile: {profile.name}",
        f"language: {language}",
        "status: draft               # referred | draft | active | paused | closed",
        f"participation: full         # full | partial | declined ({why_declined})",
        "person:",
        f"  name: {q(person, ensure_ascii=False)}",
        f"  # born: 1990              # {born}",
        f"  # communication: ...      # {communication}",
        f"{start_key}: {today.isoformat()}      # {started}",
        "# work_started: YYYY-MM-DD",
    ]
    if danish:
        lines += [
            *say(tr("new.basis", lang)),
            "basis:",
            "  kind: sel-141",
            '  # reference: "Handleplan efter servicelovens § 141, ... Kommune, sag ..."',
            "  # date: YYYY-MM-DD",
            f"# next_revision: YYYY-MM-DD   # {yearly}",
        ]
    else:
        lines += [
            "# period: {start: YYYY-MM-DD, end: YYYY-MM-DD}",
            "# next_revision: YYYY-MM-DD",
            *say(tr("new.declined", lang)),
            f"# participation: declined, {and_}",
            "# decline: {by: self, date: YYYY-MM-DD, coordinator_offered: true, offer_again: YYYY-MM-DD}",
        ]
    lines += [
        f"coordinator: {coord_id}           # {main_responsibility}",
        "",
        *say(tr("new.participants", lang)),
        "participants:",
        f"  - id: {person_id}",
        "    role: self",
        f"    name: {q(person, ensure_ascii=False)}",
        f"  - id: {coord_id}",
        f"    role: {role}",
        f"    name: {q(coordinator, ensure_ascii=False)}",
    ]
    if email:
        lines.append(f"    email: {q(email)}")
    lines += [
        f"    from: {today.isoformat()}",
        "",
        *say(tr("new.consents", lang)),
        "consents: []",
        (
            "#  - {id: c1, kind: collect_information, given_by: self, date: YYYY-MM-DD, document: ...}"
            if danish
            else "#  - {id: c1, kind: plan, given_by: self, date: YYYY-MM-DD, document: " + where_form + "}"
        ),
        "",
        *say(tr("new.long_term_goal", lang)),
        "# long_term_goal: {text: ..., said_by: citizen}",
        "",
        *say(tr("new.themes", lang)),
        "themes:",
    ]
    for theme in profile.themes:
        lines += [
            f"  - theme: {theme.key}  # {theme.label(language)}",
            "    # situation: {citizen: ..., staff: ...}",
        ]
        if profile.focus_areas:  # Orion's "aftale om indsatsområde": Danish only
            # left for the citizen and staff to decide: "later" written here would read as a
            # decision nobody took, and IP407 could never remind anyone (seed 000)
            lines.append("    # focus_agreement: agreed | not_needed | later")
    lines += [
        "",
        "meetings: []",
        "#  - {date: YYYY-MM-DD, kind: plan_meeting, attendees: [ids], notes: ...}",
    ]
    return "\n".join(lines) + "\n"


def check_plan_id(plan_id: str) -> None:
    """A new plan's id: a safe file name, and never shaped like a national id number (the id
    becomes the file's name and goes into commit messages, where it would stay in the history)."""
    from ipcli.language.nationalid import looks_like_id

    if looks_like_id(plan_id):
        # the number itself is not repeated: it may be a real person's
        raise UserError(tr("error.national_id"), tr("error.national_id.hint"))
    if not PLAN_ID.match(plan_id):
        raise UserError(tr("error.bad_plan_id", id=plan_id), tr("error.bad_plan_id.hint"))


def inside_repository(root: Path, folder: Path) -> None:
    """Refuse a plans or unit folder that is a link to somewhere outside the repository: a new
    plan written there would be outside git, and outside the access domain the repository is."""
    real_root = root.resolve()
    here = folder
    while not here.exists() and here != here.parent:  # the part that exists decides
        here = here.parent
    if not here.resolve().is_relative_to(real_root):
        raise UserError(
            tr("error.link_out", folder=folder.relative_to(root), target=here.resolve()),
            tr("error.link_out.hint"),
        )


def new_plan(
    root: Path,
    existing: list[str],
    plan_id: str,
    profile: Profile,
    language: str,
    person: str,
    coordinator: str,
    email: str | None,
    unit: str | None,
    today: dt.date,
) -> Path:
    """Write a new plan file; refuses an id in use or one that is not a safe file name."""
    check_plan_id(plan_id)
    if unit is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,62}", unit):
        raise UserError(tr("error.bad_unit", unit=unit), tr("error.bad_unit.hint"))
    taken = [f for f in existing if Path(f).stem == plan_id]
    if taken:
        raise UserError(tr("error.id_taken", id=plan_id, file=taken[0]))
    folder = root / "plans" / unit if unit else root / "plans"
    path = folder / f"{plan_id}.yaml"
    if os.path.lexists(path):
        raise UserError(tr("error.exists", path=path))
    inside_repository(root, folder)
    make_folder(folder)
    inside_repository(root, folder)  # a link made meanwhile
    schema = os.path.relpath(root / "schemas" / "plan.schema.json", folder).replace(os.sep, "/")
    text = plan_text(plan_id, profile, language, person, coordinator, email, today, schema)
    # made exclusively: of two `new` with this id at once, the second fails, nothing replaced
    create_new(path, text.encode("utf-8"), str(path), root, root)
    return path
