"""National id numbers are found by checksum and never shown. The numbers here are generated at
run time: a synthetic fødselsnummer (month + 80, the test range) and a CPR number for a birth
date in 2036, so neither can belong to a living person; nothing id-shaped is stored in the repo."""

from __future__ import annotations

from pathlib import Path

from conftest import PINNED_TODAY, Cli, git

from ipcli.language import nationalid


def synthetic_fodselsnummer() -> str:
    for individual in range(400, 500):
        base = f"018199{individual}"
        d = [int(c) for c in base]
        k1 = 11 - sum(a * b for a, b in zip(d, (3, 7, 6, 1, 8, 9, 4, 5, 2), strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        d.append(k1)
        k2 = 11 - sum(a * b for a, b in zip(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return base + str(k1) + str(k2)
    raise AssertionError("no synthetic number found")


def future_cpr() -> str:
    for serial in range(4000, 5000):
        digits = f"311236{serial}"
        if sum(int(c) * w for c, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0:
            return digits
    raise AssertionError("no number found")


def broken(number: str) -> str:
    """The same shape with a wrong check digit."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_checksums() -> None:
    fnr, cpr = synthetic_fodselsnummer(), future_cpr()
    assert nationalid.is_fodselsnummer(fnr) and not nationalid.is_fodselsnummer(broken(fnr))
    assert nationalid.is_cpr(cpr) and not nationalid.is_cpr(broken(cpr))
    assert list(nationalid.find(f"nr {cpr[:6]}-{cpr[6:]} og {fnr}")) == ["CPR number", "fødselsnummer"]
    assert list(nationalid.find(f"telefon {broken(cpr)}")) == []


def test_lint_finds_and_masks_them(cli: Cli, plans_repo: Path) -> None:
    cpr, fnr = future_cpr(), synthetic_fodselsnummer()
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("  born: 2004\n", f"  born: 2004\n  contact: CPR {cpr[:6]}-{cpr[6:]}\n")
    text = text.replace("    title: mor\n", f"    title: mor, fnr {fnr}\n")
    plan.write_text(text, encoding="utf-8")
    git(plans_repo, "commit", "-qam", "oops")
    result = cli(["lint", "plans/nordvik", "--today", PINNED_TODAY], cwd=plans_repo)
    assert result.exit_code == 1
    hits = [line for line in result.stdout.splitlines() if "IP501" in line]
    assert len(hits) == 2
    assert "CPR number (******-****)" in hits[0] and "fødselsnummer" in hits[1]
    for secret in (cpr, cpr[6:], fnr, fnr[6:]):
        assert secret not in result.stdout + result.stderr


def test_lint_finds_them_however_the_yaml_writes_them(cli: Cli, plans_repo: Path) -> None:
    """IP501 looks at a plan's values only when its source may hold a number
    (nationalid.source_may_hold): a number split over two lines of a folded value, written with
    escapes or as a hexadecimal integer is still found — each alone in a plan that has no other
    long number."""
    cpr, fnr = future_cpr(), synthetic_fodselsnummer()
    escaped = "".join(f"\\u{ord(c):04x}" for c in fnr)
    plan = plans_repo / "plans" / "nordvik" / "p-0042.yaml"
    original = plan.read_text(encoding="utf-8").replace('    phone: "+47 400 00 001"\n', "", 1)
    assert not nationalid.source_may_hold(original)  # without its one phone number, nothing to look at
    forms = {
        "folded": ("  born: 2004\n", f"  born: 2004\n  contact: >-\n    CPR {cpr[:6]}\n    {cpr[6:]}\n"),
        "escaped": ("    title: mor\n", f'    title: "mor, {escaped}"\n'),
        "hexadecimal": ("  born: 2004\n", f"  born: 2004\n  contact: {hex(int(cpr))}\n"),
    }
    for form, (old, new) in forms.items():
        text = original.replace(old, new, 1)
        assert text != original and cpr not in text and fnr not in text  # not in the source as one run
        plan.write_text(text, encoding="utf-8")
        result = cli(["lint", "plans/nordvik", "--today", PINNED_TODAY, "--no-cache"], cwd=plans_repo)
        hits = [line for line in result.stdout.splitlines() if "IP501" in line]
        assert len(hits) == 1, (form, result.stdout)
    examples = sorted(Path(__file__).parent.parent.glob("examples/plans/*/*.yaml"))
    spared = [e.name for e in examples if not nationalid.source_may_hold(e.read_text(encoding="utf-8"))]
    assert len(spared) == len(examples) - 1  # p-0042 has a phone number: ten digits, looked at


def test_the_examples_in_the_maskers_own_text_are_no_ones_number() -> None:
    """The module's docstring shows how numbers are written with a made-up number: its checksum
    is wrong in every form shown, so it is not found (and the repository holds no real one)."""
    from ipcli.language import nationalid

    assert nationalid.__doc__ is not None and "01019000084" in nationalid.__doc__
    assert list(nationalid.find(nationalid.__doc__)) == []
