"""--redact on every command that prints people, in every output format: no name, e-mail, phone
number, commit message or free text of the example plans appears, while the structure (ids,
dates) does. The secrets are read from the plan files by this test, not from ipcli's redaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PINNED_TODAY, Cli, git

from ipcli.plan.redact import REDACTED, redact_data

T = ["--today", PINNED_TODAY]
PLAN = "p-0113"
WISH = "Et hemmeligt ønske om at flytte til Aarhus"
MESSAGE = "Karl Mikkelsen ringede om sit blodsukker"


def _secrets(repo: Path) -> set[str]:
    """Names, e-mail addresses, phone numbers and long free texts of every plan."""
    found: set[str] = {WISH, MESSAGE}
    for file in (repo / "plans").rglob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        found.add(data["person"]["name"])
        for p in data.get("participants", []):
            found.add(p["name"])
            found.update(p[k] for k in ("email", "phone") if k in p)
        for theme in data.get("themes", []):
            for goal in theme.get("goals", []):
                found.add(goal["text"])
                found.update(m["text"] for m in goal.get("measures", []))
            found.update(str(v) for v in (theme.get("situation") or {}).values())
    # excerpts are shortened in some outputs: the first 30 characters are enough to recognise
    return {" ".join(s.split())[:30] for s in found if len(s) >= 6}


@pytest.fixture
def history_repo(plans_repo: Path) -> Path:
    """The examples, plus a commit that records a wish, with a message naming the person."""
    plan = next(plans_repo.rglob(f"{PLAN}.yaml"))
    text = plan.read_text(encoding="utf-8")
    old = "  - theme: employment\n"
    assert old in text
    plan.write_text(
        text.replace(old, f"{old}    wishes:\n      - text: {WISH}\n        said_by: citizen\n", 1),
        encoding="utf-8",
    )
    git(plans_repo, "commit", "-q", "-am", MESSAGE)
    return plans_repo


def _outputs(cli: Any, repo: Path, tmp: Path) -> dict[str, str]:
    runs: dict[str, list[str]] = {}
    for fmt in ("text", "json", "github", "junit", "sarif", "gitlab"):
        runs[f"lint {fmt}"] = ["lint", "--redact", "--format", fmt, *T]
    for fmt in ("text", "table", "json", "csv", "md", "ics"):
        runs[f"due {fmt}"] = ["due", "--redact", "--format", fmt, *T]
    runs["render md"] = ["render", PLAN, "--redact", *T]
    runs["render md, at a revision"] = ["render", PLAN, "--redact", "--at", "HEAD", *T]
    runs["export fhir"] = ["export", PLAN, "--fhir", "--redact", *T]
    runs["export fhir, all"] = ["export", "--all", "--fhir", "--redact", *T]
    runs["log plan"] = ["log", PLAN, "--redact", *T]
    runs["log plan json"] = ["log", PLAN, "--redact", "--format", "json", *T]
    runs["log repository"] = ["log", "--since", "30d", "--redact", *T]
    runs["diff"] = ["diff", PLAN, "HEAD~1", "HEAD", "--redact"]
    runs["show"] = ["show", PLAN, "--at", "HEAD", "--redact"]
    for fmt in ("table", "json", "csv", "html"):
        runs[f"stats {fmt}"] = ["stats", "--redact", "--by", "coordinator", "--format", fmt, *T]
    out: dict[str, str] = {}
    for name, args in runs.items():
        result = cli(args, cwd=repo)
        assert result.exit_code in (0, 1), f"{name}: {result.output}"
        out[name] = result.stdout + result.stderr
    result = cli(["render", PLAN, "--redact", "--format", "html", "-o", str(tmp / "p.html"), *T], cwd=repo)
    assert result.exit_code == 0, result.output
    out["render html"] = (tmp / "p.html").read_text(encoding="utf-8")
    result = cli(["render", "--all", "--redact", "--out", str(tmp / "site"), *T], cwd=repo)
    assert result.exit_code == 0, result.output
    for page in (tmp / "site").rglob("*.html"):
        out[f"site {page.name}"] = page.read_text(encoding="utf-8")
    return out


@pytest.mark.slow  # every output of every command, the site and a PDF: about 1.7 s of CPU
def test_redacted_output_carries_no_names_and_no_text(cli: Cli, history_repo: Path, tmp_path: Path) -> None:
    secrets = _secrets(history_repo)
    assert len(secrets) > 20
    outputs = _outputs(cli, history_repo, tmp_path)
    leaks = [(name, s) for name, text in outputs.items() for s in secrets if s in text]
    assert not leaks, leaks[:10]
    # ...and the structure is still there
    assert PLAN in outputs["due text"] and PLAN in outputs["render md"] and "g1" in outputs["render md"]
    assert "wish recorded" in outputs["diff"] and "[redacted]" in outputs["log plan"]


def test_without_redact_the_same_outputs_do_name_people(cli: Cli, history_repo: Path) -> None:
    """The oracle works: the secrets are there when nothing is redacted."""
    out = cli(["log", PLAN, *T], cwd=history_repo).stdout
    assert MESSAGE in out
    assert WISH[:30] in cli(["diff", PLAN, "HEAD~1", "HEAD"], cwd=history_repo).stdout
    assert "Karl Mikkelsen" in cli(["render", PLAN, *T], cwd=history_repo).stdout


def test_free_text_is_found_from_the_schema() -> None:
    data = {
        "id": "p-0001",
        "status": "active",
        "person": {"name": "Ola Nordmann", "born": 1970, "communication": "Norsk"},
        "participants": [
            {"id": "kari", "role": "coordinator", "name": "Kari Hansen", "email": "k@example.org"}
        ],
        "unknown_key": "Some text the schema does not know",
    }
    red = redact_data(data)
    assert red["id"] == "p-0001" and red["status"] == "active"
    assert red["person"] == {"name": "O.N.", "communication": REDACTED}
    assert red["participants"] == [{"id": "kari", "role": "coordinator", "name": "K.H."}]
    assert red["unknown_key"] == REDACTED


@pytest.mark.parametrize(
    ("rule", "shown", "hidden"),
    [
        ("IP403", "P.F.", "Per Fysio"),  # a participant's name in a content rule's message
        ("IP605", "IP605", "#1 ønske"),  # free text quoted by a hint about ` #`
    ],
)
def test_lint_redact_leaves_plan_text_out_of_every_message(
    cli: Cli, tmp_path: Path, rule: str, shown: str, hidden: str
) -> None:
    from conftest import ROOT

    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    source = ROOT / "tests" / "rules" / rule / "bad" / "p-0001.yaml"
    (repo / "plans" / "p-0001.yaml").write_bytes(source.read_bytes())
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    for lang in ("en", "nb"):
        plain = cli(["lint", "--today", PINNED_TODAY, "--lang", lang, "--no-redact"], cwd=repo)
        assert hidden in plain.stdout
        redacted = cli(["lint", "--today", PINNED_TODAY, "--lang", lang, "--redact"], cwd=repo)
        assert redacted.exit_code == 1 and rule in redacted.stdout
        assert hidden not in redacted.stdout and shown in redacted.stdout
