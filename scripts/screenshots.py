"""Screenshots for the README and docs/screenshots/: the staff, citizen, index and due pages on a
desktop (1,280 px) and a phone (390 px), and the first two pages of the printed PDF.

    .venv/bin/python scripts/screenshots.py        # needs Debian's chromium and pdftoppm

It renders the bundled examples as of 23 November 2026 into a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def ipcli(repo: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "ipcli", *args, "--today", "2026-11-23"], cwd=repo, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "plans"
        shutil.copytree(ROOT / "examples", repo, ignore=shutil.ignore_patterns(".git"))
        who = ["-c", "user.name=Kari Hansen", "-c", "user.email=kari.hansen@example.org"]
        for step in (["init", "-q"], ["add", "-A"], [*who, "commit", "-q", "-m", "Eksempelplaner"]):
            subprocess.run(["git", *step], cwd=repo, check=True)
        ipcli(repo, "render", "--all", "--out", "site")
        citizen = ["--audience", "citizen", "-o", "site/citizen.html"]
        ipcli(repo, "render", "p-0042", "--format", "html", *citizen)
        ipcli(repo, "render", "p-0042", "--format", "pdf", "-o", "p-0042.pdf")
        site = repo / "site"
        shots = [
            ("staff-desktop", site / "plans" / "p-0042.html", 1280),
            ("staff-phone", site / "plans" / "p-0042.html", 390),
            ("citizen-phone", site / "citizen.html", 390),
            ("citizen-desktop", site / "citizen.html", 1280),
            ("index-desktop", site / "index.html", 1280),
            ("index-phone", site / "index.html", 390),
            ("due-desktop", site / "due.html", 1280),
            ("due-phone", site / "due.html", 390),
        ]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            for name, page_file, width in shots:
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844})
                page.goto(page_file.as_uri())
                page.screenshot(path=str(OUT / f"{name}.png"))
                page.close()
            browser.close()
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(repo / "p-0042.pdf"),
                        str(OUT / "print")], check=True)  # fmt: skip


if __name__ == "__main__":
    main()
