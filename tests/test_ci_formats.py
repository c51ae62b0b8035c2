"""Lint's CI formats, each read back by a parser for that format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PINNED_TODAY, Cli


@pytest.fixture
def broken_repo(plans_repo: Path) -> Path:
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    # an error whose message quotes plan text that tries to start a workflow command of its own
    text = text.replace("outcome: continue", 'outcome: "keep\\n::error::pwned, 100%"', 1)
    text = text.replace(
        "    reason: Ola ønsker at moren er med; hun kjenner ham og rutinene best.\n", "", 1
    )  # a warning
    plan.write_text(text, encoding="utf-8")
    return plans_repo


def _lint(cli: Cli, repo: Path, fmt: str, env: dict[str, str] | None = None) -> str:
    args = ["lint", "--today", PINNED_TODAY] + (["--format", fmt] if fmt else [])
    result = cli(args, cwd=repo, env=env)
    assert result.exit_code == 1, result.stderr
    return str(result.stdout)


def test_github_annotations_cannot_be_injected(cli: Cli, broken_repo: Path) -> None:
    out = _lint(cli, broken_repo, "", env={"GITHUB_ACTIONS": "true"})  # chosen automatically
    lines = out.splitlines()
    assert lines and all(
        re.match(r"::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=IP\d{3}::", x) for x in lines
    )
    assert any(x.startswith("::error file=plans/nordvik/p-0042.yaml") and "IP104" in x for x in lines)
    assert not any(x.startswith("::error::pwned") for x in lines)


def test_junit_reads_as_junit(cli: Cli, broken_repo: Path) -> None:
    root = ET.fromstring(_lint(cli, broken_repo, "junit"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == root.get("tests") == "6"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert len(suite.findall("testcase")) == len(cases) == 6  # the count is the test cases written
    clean = [c for c in cases.values() if not list(c)]
    assert clean  # a plan without findings is a passing test case
    failure = cases["plans/nordvik/p-0042.yaml"].find("failure")
    assert failure is not None and "IP104" in (failure.text or "")
    assert cases["plans/solbakken/p-0120.yaml"].find("failure") is None  # info only


def test_sarif_reads_as_sarif_2_1_0(cli: Cli, broken_repo: Path) -> None:
    sarif_pydantic = pytest.importorskip("sarif_pydantic")
    doc = json.loads(_lint(cli, broken_repo, "sarif"))
    parsed = sarif_pydantic.Sarif.model_validate(doc)
    assert parsed.version == "2.1.0"
    results = doc["runs"][0]["results"]
    rules = [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    error = next(r for r in results if r["ruleId"] == "IP104")
    assert error["level"] == "error"
    region = error["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] > 1 and region["startColumn"] > 1


def test_gitlab_code_quality(cli: Cli, broken_repo: Path) -> None:
    issues = json.loads(_lint(cli, broken_repo, "gitlab"))
    assert isinstance(issues, list) and issues
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"].startswith("plans/") and issue["location"]["lines"]["begin"] >= 1


def test_github_escaping_of_any_text() -> None:
    import io

    from ipcli.output.ci import GithubReporter
    from ipcli.plan.findings import Finding, Severity

    out = io.StringIO()
    GithubReporter().report(
        [Finding("plans/a,b:c.yaml", 3, 4, "IP104", Severity.ERROR, "x\n::error::pwned 100%")], 1, out
    )
    assert (
        out.getvalue()
        == "::error file=plans/a%2Cb%3Ac.yaml,line=3,col=4,title=IP104::x%0A::error::pwned 100%25\n"
    )


def _fingerprints(cli: Cli, repo: Path, *args: str) -> dict[tuple[str, int, str], str]:
    result = cli(["lint", "--format", "gitlab", *args], cwd=repo)
    assert result.exit_code in (0, 1), result.stderr
    issues = json.loads(result.stdout)
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # different findings, different prints
    return {
        (i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]): i["fingerprint"]
        for i in issues
    }


def test_gitlab_fingerprints_follow_the_finding_not_the_words_or_the_day(cli: Cli, plans_repo: Path) -> None:
    en = _fingerprints(cli, plans_repo, "--today", PINNED_TODAY, "--lang", "en")
    assert sum(code.startswith("IP3") for _, _, code in en) >= 5  # deadline findings, with day counts
    for lang in ("nb", "da"):
        assert _fingerprints(cli, plans_repo, "--today", PINNED_TODAY, "--lang", lang) == en
    later = _fingerprints(cli, plans_repo, "--today", "2026-12-09", "--lang", "nb")
    both = en.keys() & later.keys()
    assert len(both) >= 5 and all(en[k] == later[k] for k in both)
    # a line added above moves every finding: the fingerprints stay
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    plan.write_text("# a comment\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    moved = _fingerprints(cli, plans_repo, "--today", PINNED_TODAY, "--lang", "en")
    assert sorted(moved.values()) == sorted(en.values())


@pytest.mark.slow
def test_ci_formats_hold_characters_xml_cannot(cli: Cli, broken_repo: Path) -> None:
    plan = broken_repo / "plans" / "nordvik" / "p-0058.yaml"
    text = plan.read_text(encoding="utf-8")
    # YAML escapes make characters XML 1.0 cannot hold, even as references; the message quotes them
    assert "outcome: continue" in text
    plan.write_text(
        text.replace("outcome: continue", 'outcome: "a\\ufffe\\uffff\\x01\\x08\\x1f\\x85z"', 1),
        encoding="utf-8",
    )
    root = ET.fromstring(_lint(cli, broken_repo, "junit"))  # well-formed
    failure = next(c for c in root.iter("testcase") if c.get("name") == "plans/nordvik/p-0058.yaml").find(
        "failure"
    )
    assert failure is not None and "\\ufffe\\uffff" in (failure.get("message") or "")
    assert "\\ufffe" in (failure.text or "")
    for fmt in ("sarif", "gitlab", "json"):
        json.loads(_lint(cli, broken_repo, fmt))
    lines = _lint(cli, broken_repo, "github").splitlines()
    assert any("p-0058.yaml" in x and "IP104" in x for x in lines)
