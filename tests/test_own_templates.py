"""A municipality's own look: its templates/ folder before ipcli's, its logo and its archive
reference in the header of every format, and a broken template said in one line (exit 2).

ipcli's own templates live in the top-level templates/ (the wheel packs them as
ipcli/templates: tests/test_wheel.py renders from the installed wheel)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from conftest import Cli
from pypdf import PdfReader

TODAY = "2026-12-07"
CASE = "2026/4711"


def tiny_png() -> bytes:
    """A valid 2×2 PNG, made here (no image file in the repository)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x20\x40\x80" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def with_case_number(repo: Path) -> Path:
    plan = repo / "plans" / "nordvik" / "p-0042.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\nprofile:", f'\ncase_number: "{CASE}"\nprofile:', 1), encoding="utf-8")
    assert f'case_number: "{CASE}"' in plan.read_text(encoding="utf-8")
    return plan


def own_look(repo: Path) -> Path:
    own = repo / "templates"
    own.mkdir()
    (own / "logo.png").write_bytes(tiny_png())
    (own / "style.css").write_text(
        "/* kommunens egen stil */\nbody { font-family: serif; }\n", encoding="utf-8"
    )
    (repo / "ipcli.toml").write_text(
        '[render]\norganisation = "Nordvik kommune"\nlogo = "templates/logo.png"\ncase_label = "Saksnr."\n',
        encoding="utf-8",
    )
    return own


def test_the_case_number_has_the_languages_word_without_settings(cli: Cli, plans_repo: Path) -> None:
    with_case_number(plans_repo)
    assert cli(["lint", "--today", TODAY], cwd=plans_repo).exit_code == 0
    for lang, word in (
        ("nb", "Saksnummer"),
        ("nn", "Saksnummer"),
        ("da", "Sagsnummer"),
        ("en", "Case number"),
    ):
        md = cli(["render", "p-0042", "--lang", lang, "--today", TODAY], cwd=plans_repo)
        assert md.exit_code == 0, md.stderr
        assert f"{word}: {CASE}" in md.stdout, (lang, md.stdout[:400])


@pytest.mark.slow
def test_a_repository_renders_with_its_own_templates_logo_and_case_label(
    cli: Cli, plans_repo: Path, tmp_path: Path
) -> None:
    with_case_number(plans_repo)
    own_look(plans_repo)
    md = cli(["render", "p-0042", "--today", TODAY], cwd=plans_repo)
    assert md.exit_code == 0, md.stderr
    assert "Nordvik kommune" in md.stdout and f"Saksnr.: {CASE}" in md.stdout

    for audience in ("staff", "citizen"):
        page = tmp_path / f"p-0042.{audience}.html"
        html = cli(
            ["render", "p-0042", "-f", "html", "--audience", audience, "-o", str(page), "--today", TODAY],
            cwd=plans_repo,
        )
        assert html.exit_code == 0, html.stderr
        text = page.read_text(encoding="utf-8")
        assert "kommunens egen stil" in text  # the repository's style.css, inline
        assert 'class="logo" src="data:image/png;base64,' in text and 'alt="Nordvik kommune"' in text
        assert f"Saksnr.: {CASE}" in text

    site = tmp_path / "site"
    assert cli(["render", "--all", "--out", str(site), "--today", TODAY], cwd=plans_repo).exit_code == 0
    assert "kommunens egen stil" in (site / "style.css").read_text(encoding="utf-8")
    assert "data:image/png;base64," in (site / "plans" / "p-0042.html").read_text(encoding="utf-8")

    for audience in ("staff", "citizen"):
        pdf = tmp_path / f"p-0042.{audience}.pdf"
        made = cli(
            ["render", "p-0042", "-f", "pdf", "--audience", audience, "-o", str(pdf), "--today", TODAY],
            cwd=plans_repo,
        )
        assert made.exit_code == 0, made.stderr
        first = PdfReader(str(pdf)).pages[0].extract_text()
        assert "Nordvik kommune" in first and "Saksnr.:" in first and CASE in first
        with pikepdf.open(pdf) as doc:
            images = list(doc.pages[0].get_images())
        assert images, "the logo is not on page one"


def test_own_typst_template_is_used(cli: Cli, plans_repo: Path, tmp_path: Path) -> None:
    own = plans_repo / "templates"
    own.mkdir()
    (own / "plan.typ").write_text(
        '#let doc = json(bytes(sys.inputs.at("doc")))\n'
        "#set document(title: doc.title)\n"
        "#set text(lang: doc.lang, font: doc.fonts)\n"
        "= Kommunens egen mal\n\n#doc.title\n",
        encoding="utf-8",
    )
    pdf = tmp_path / "p.pdf"
    made = cli(["render", "p-0042", "-f", "pdf", "-o", str(pdf), "--today", TODAY], cwd=plans_repo)
    assert made.exit_code == 0, made.stderr
    assert "Kommunens egen mal" in PdfReader(str(pdf)).pages[0].extract_text()


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("plan.md.j2", "{% if %}\n", "md"),
        ("_staff.html.j2", "{{ plan.id \n", "html"),
        ("plan.typ", "#let x = (\n", "pdf"),
    ],
)
def test_a_broken_own_template_is_one_line_exit_2(
    cli: Cli, plans_repo: Path, tmp_path: Path, name: str, text: str, fmt: str
) -> None:
    own = plans_repo / "templates"
    own.mkdir()
    (own / name).write_text(text, encoding="utf-8")
    args = ["render", "p-0042", "-f", fmt, "--today", TODAY]
    if fmt != "md":
        args += ["-o", str(tmp_path / f"out.{fmt}")]
    broken = cli(args, cwd=plans_repo)
    assert broken.exit_code == 2, (broken.exit_code, broken.stderr)
    lines = broken.stderr.strip().splitlines()
    assert len(lines) <= 2 and "Traceback" not in broken.stderr, broken.stderr
    assert not (tmp_path / f"out.{fmt}").exists()  # nothing half-written
    assert name in broken.stderr  # which template


@pytest.mark.parametrize(
    ("setting", "word"),
    [
        ('logo = "/etc/logo.png"', "logo"),
        ('logo = "templates/logo.gif"', "logo"),
        ('logo = "../logo.png"', "logo"),
        ('case_label = ""', "case_label"),
        ('case_label = "a\\nb"', "case_label"),
    ],
)
def test_bad_look_settings_are_named(cli: Cli, plans_repo: Path, setting: str, word: str) -> None:
    (plans_repo / "ipcli.toml").write_text(f"[render]\n{setting}\n", encoding="utf-8")
    bad = cli(["render", "p-0042", "--today", TODAY], cwd=plans_repo)
    assert bad.exit_code == 2 and word in bad.stderr and "Traceback" not in bad.stderr, bad.stderr


def test_a_missing_logo_is_one_line(cli: Cli, plans_repo: Path) -> None:
    (plans_repo / "ipcli.toml").write_text('[render]\nlogo = "templates/logo.png"\n', encoding="utf-8")
    missing = cli(["render", "p-0042", "--today", TODAY, "--lang", "nb"], cwd=plans_repo)
    assert missing.exit_code == 2, missing.stderr
    assert "logoen templates/logo.png kan ikke brukes" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) <= 2
