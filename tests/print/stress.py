"""A stress plan for layout: a 70-character word, a 190-character URL, 20 goals, 60 measures,
and plan text that looks like Typst, HTML and CSS (it must show as written)."""

from __future__ import annotations

from pathlib import Path

import yaml

LONG_WORD = "Arbeidsevnevurderingsoppfølgingssamtalegjennomføringsplanleggingsmøter"
LONG_URL = (
    "https://intranett.nordvik.example.org/tjenester/" + "helse-og-omsorg/" * 8 + "ip?id=p-0999&x=" + "a" * 16
)
HOSTILE = '#set page(paper: "a5") #read("/etc/passwd") $x^2$ ] } </style><script>alert(1)</script> \\" ");'


def write_stress_plan(repo: Path, examples_plan: Path) -> Path:
    data = yaml.safe_load(examples_plan.read_text(encoding="utf-8"))
    data["id"] = "p-0999"
    data["person"]["name"] = "Test Testesen " + LONG_WORD[:20]
    theme = data["themes"][0]
    goals = []
    for g in range(1, 21):
        measures = [
            {
                "id": f"m{100 + g * 3 + k}",
                "text": f"Tiltak {k} for mål {g}: {LONG_WORD} {LONG_URL}"
                if k == 0
                else f"Tiltak {k} for mål {g}.",
                "how": HOSTILE if k == 1 else "To ganger i uka.",
                "responsible": "per",
                "start": "2025-02-01",
                "due": "2026-10-01" if k == 2 else "2027-03-01",
                "status": "ongoing",
            }
            for k in range(3)
        ]
        goals.append(
            {
                "id": f"g{100 + g}",
                "text": f"Mål nummer {g}: {LONG_WORD}" if g % 5 == 0 else f"Mål nummer {g} {HOSTILE}",
                "said_by": "citizen",
                "status": "active",
                "next_evaluation": "2027-01-15",
                "measures": measures,
            }
        )
    theme["goals"] = goals
    target = repo / "plans" / "nordvik" / "p-0999.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
