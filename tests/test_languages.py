"""Every word in the reader's language: the due report in nb, nn, da and en (golden files), the
choice of language (--lang, ipcli.toml, LANG), and rendered plans, the site and the due report
in nb, nn and da without the engine's English words or raw ids where a person reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PINNED_TODAY

GOLDEN = Path(__file__).parent / "golden" / "due"
TODAY = ["--today", PINNED_TODAY]

# the engine's and the reports' English vocabulary: none of it may show in nb, nn or da
STOPLIST = [
    "overdue", "evaluate", "renew", "consent", "revise", "measure", "goal", "goals", "responsible",
    "finish", "review", "valid", "until", "items", "ongoing", "meeting", "municipality", "share",
    "information", "nothing", "recorded", "since", "today", "days", "yearly", "whole", "appoint",
    "enrolled", "enrolment", "referred", "referral", "draft", "closed", "none", "cancelled",
    "planned", "done", "achieved", "improving", "continue", "what", "when", "where", "who",
    "due", "items", "declined", "plans", "paying",
]  # fmt: skip
_STOP = re.compile(r"\b(" + "|".join(STOPLIST) + r")\b", re.IGNORECASE)
# ids of consents, goals, measures, sub-goals, and profile keys (health_and_wellbeing)
_RAW_ID = re.compile(r"\b[cgms]\d+(\.\d+)?\b|\b[a-z]+(?:_[a-z]+)+\b")


def _words(text: str) -> str:
    """What a person reads: no markup, no file places (plans/x/p-0042.yaml:12), no addresses."""
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\S+\.(yaml|html|css)(:\d+)?\)?", " ", text)
    return re.sub(r"\S+@\S+", " ", text)


def _english(text: str) -> list[str]:
    return sorted({m.group(0) for m in _STOP.finditer(_words(text))})


def _raw_ids(text: str, staff_references: bool = False) -> list[str]:
    found = {m.group(0) for m in _RAW_ID.finditer(_words(text))}
    if staff_references:  # the staff version names goals and measures by id, to work with them
        found = {f for f in found if not re.fullmatch(r"[gms]\d+(\.\d+)?", f)}
    return sorted(found)


@pytest.mark.parametrize("lang", ["nb", "nn", "da", "en"])
def test_due_golden_in_each_language(cli, plans_repo: Path, lang: str, update_goldens: bool) -> None:  # type: ignore[no-untyped-def]
    result = cli(["due", *TODAY, "--lang", lang], cwd=plans_repo)
    out = result.stdout + result.stderr
    golden = GOLDEN / f"lang-{lang}.txt"
    if update_goldens:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
    if lang != "en":
        assert _english(out) == []
        assert _raw_ids(out) == []


def test_ipcli_toml_and_lang_switch_it_and_lang_wins(cli, plans_repo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    english = cli(["due", *TODAY, "--plan", "p-0107"], cwd=plans_repo).stdout
    assert english.startswith("Due as of 23 November 2026")
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    assert cli(["due", *TODAY], cwd=plans_repo).stdout.startswith("Frister pr. 23. november 2026")
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert cli(["due", *TODAY], cwd=plans_repo).stdout.startswith("Fristar per 23. november 2026")
    monkeypatch.setenv("LANG", "C.UTF-8")
    config = plans_repo / "ipcli.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'language = "da"\n', encoding="utf-8")
    assert cli(["due", *TODAY], cwd=plans_repo).stdout.startswith("Frister pr. 23. november 2026")
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")  # ipcli.toml comes before the environment
    assert cli(["due", *TODAY], cwd=plans_repo).stdout.startswith("Frister pr. 23. november 2026")
    assert cli(["due", *TODAY, "--lang", "en"], cwd=plans_repo).stdout.startswith("Due as of")
    nb = cli(["due", *TODAY, "--lang", "nb"], cwd=plans_repo)
    assert nb.stdout.startswith("Frister per 23. november 2026") and "6 planer" in nb.stderr


def test_lint_deadlines_and_machine_formats_follow_the_language(cli, plans_repo: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    out = cli(["lint", *TODAY, "--lang", "nb"], cwd=plans_repo).stdout
    assert "IP307 fristen gikk ut 1. mars 2026 (267 dager siden): forny samtykket til å dele" in out
    doc = json.loads(cli(["due", *TODAY, "--lang", "da", "-f", "json"], cwd=plans_repo).stdout)
    item = next(i for i in doc["items"] if i["code"] == "IP307")
    assert item["key"] == "due.consent" and item["values"]["kind"] == "share_information"  # stable
    assert item["what"].startswith("forny samtykket til at dele oplysninger med Birgit Sørensen")


@pytest.mark.parametrize("lang", ["nb", "nn", "da"])
def test_rendered_plans_and_the_site_in_the_language(  # type: ignore[no-untyped-def]
    cli, plans_repo: Path, tmp_path: Path, lang: str
) -> None:
    plans = sorted(p.stem for p in (plans_repo / "plans").rglob("p-*.yaml"))
    assert len(plans) >= 4
    for plan in plans:
        for audience in ("staff", "citizen"):
            for fmt in ("md", "html"):
                target = tmp_path / f"{plan}.{audience}.{fmt}"
                args = ["render", plan, *TODAY, "--lang", lang, "--audience", audience, "-f", fmt]
                result = cli([*args, "-o", str(target)], cwd=plans_repo)
                assert result.exit_code == 0, result.stderr
                text = target.read_text(encoding="utf-8")
                assert _english(text) == [], (plan, audience, fmt)
                assert _raw_ids(text, staff_references=audience == "staff") == [], (plan, audience, fmt)
    site = tmp_path / "site"
    assert cli(["render", "--all", "--out", str(site), *TODAY, "--lang", lang], cwd=plans_repo).exit_code == 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert _english(text) == [], page.name
        assert _raw_ids(text, staff_references=True) == [], page.name
