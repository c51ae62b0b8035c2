"""Generate a plans repository of N realistic, fictional plans with git history.

    python benchmarks/generate.py DIR --plans 1000 [--seed 1] [--today 2026-11-23]

Every plan follows the schema with all sections (participants, consents, 4-6 themes with goals,
sub-goals, measures and evaluations, meetings, revisions); dates are spread so that some items are
overdue and some come up soon. Plans live in one folder per unit (about 100 each). The history
has five versions of every plan, committed by several authors over two years, in commits that
each touch a handful of plans, written with `git fast-import` (seconds, not minutes).
Names are drawn from short lists of invented names; no text is a real person's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

FIRST = ["Ola", "Kari", "Anne", "Per", "Lise", "Jonas", "Mia", "Karl", "Sofie", "Emil", "Ida", "Nora"]
LAST = ["Testesen", "Eksempel", "Fiktivsen", "Prøvedal", "Opdigt", "Modellund", "Skissebakk"]
AUTHORS = [
    ("Kari Koordinator", "kari@example.org"),
    ("Jonas Kontakt", "jonas@example.org"),
    ("Mia Miljø", "mia@example.org"),
    ("Per Planlegger", "per@example.org"),
    ("Lise Leder", "lise@example.org"),
]
THEMES_NO = [
    "daily_living",
    "health",
    "communication",
    "social_life_and_leisure",
    "work_and_activity",
    "education",
    "housing",
    "finances",
    "family_and_network",
]
THEMES_DK = [
    "collaboration",
    "practical_and_finances",
    "network_and_family",
    "interests_and_activities",
    "learning_and_education",
    "employment",
    "health_and_wellbeing",
]
PLANS_PER_UNIT = 100
VERSIONS = 5


def d(day: dt.date) -> str:
    return day.isoformat()


def plan_text(n: int, version: int, rng: random.Random, today: dt.date) -> str:
    """Version `version` (1..VERSIONS) of plan number n."""
    dk = n % 3 == 0
    first, last = rng.choice(FIRST), rng.choice(LAST)
    start = today - dt.timedelta(days=rng.randint(200, 700))
    coord = rng.choice(AUTHORS)
    lines = [
        "# yaml-language-server: $schema=../../schemas/plan.schema.json",
        "schema: ipcli/plan/1",
        f"id: p-{n:05d}",
        f"profile: {'dk-sel141' if dk else 'no-ip'}",
        f"language: {'da' if dk else 'nb'}",
        f"status: {'draft' if version == 1 else 'active'}",
        "participation: full",
        "person:",
        f"  name: {first} {last} {n}",
        f"  born: {rng.randint(1950, 2006)}",
        "  communication: Korte setninger og skriftlige avtaler. Trenger tid til å svare.",
        f"{'enrolled' if dk else 'referred'}: {d(start)}",
        f"work_started: {d(start + dt.timedelta(days=rng.randint(5, 25)))}",
        "period:",
        f"  start: {d(start + dt.timedelta(days=30))}",
        f"  end: {d(start + dt.timedelta(days=760))}",
        f"next_revision: {d(today + dt.timedelta(days=rng.randint(-40, 200)))}",
        "basis:",
        f"  kind: {'sel-141' if dk else 'decision'}",
        f"  reference: Sak {2020 + n % 6}/{n:05d}",
        f"  date: {d(start - dt.timedelta(days=20))}",
        "coordinator: koord",
        "participants:",
        "  - id: self",
        "    role: self",
        f"    name: {first} {last} {n}",
        "  - id: koord",
        f"    role: {'contact_person' if dk else 'coordinator'}",
        f"    name: {coord[0]}",
        "    organisation: Testkommunen, koordinerende enhet",
        f"    email: {coord[1]}",
        f"    from: {d(start)}",
    ]
    helpers = ["fysio", "ergo", "nav", "familie"]
    for h in helpers:
        lines += [
            f"  - id: {h}",
            f"    role: {'relative' if h == 'familie' else 'professional'}",
            f"    name: {h.capitalize()} {rng.choice(LAST)}",
            "    reason: Bidrar med oppfølging innen sitt fagområde etter avtale.",
            "    contributes: Faste timer og råd til personalet.",
        ]
    lines += [
        "consents:",
        "  - id: c1",
        f"    kind: {'collect_information' if dk else 'plan'}",
        "    given_by: self",
        f"    date: {d(start)}",
        "  - id: c2",
        "    kind: share_information",
        "    given_by: self",
        f"    date: {d(start)}",
        f"    covers: [{', '.join(helpers)}]",
        f"    valid_until: {d(today + dt.timedelta(days=rng.randint(-30, 400)))}",
        "    document: Arkiv 2025/0001",
        "long_term_goal:",
        "  text: Jeg vil bo hjemme og klare mest mulig selv.",
        "  said_by: citizen",
        "themes:",
    ]
    themes = rng.sample(THEMES_DK if dk else THEMES_NO, 3 + n % 2)
    goal_no = 0
    for theme in themes:
        lines += [
            f"  - theme: {theme}",
            "    situation:",
            "      citizen: Jeg vil gjøre mer selv, men trenger litt hjelp.",
            "      staff: Klarer en del selv; trenger støtte til planlegging og oppstart.",
            "    resources:",
            "      citizen: Jeg er sta og gir meg ikke.",
            "    wishes:",
            "      - text: Prøve noe nytt hver måned.",
            "        said_by: citizen",
            "        feasible: true",
        ]
        if dk:  # Orion's focus-area agreement is Danish
            lines.append("    focus_agreement: agreed")
        lines += [
            "    goals:",
        ]
        for _ in range(1):
            goal_no += 1
            g = goal_no
            evals = min(2, max(0, version - 2))
            next_evaluation = today + dt.timedelta(days=rng.randint(-60, 120))
            lines += [
                f"      - id: g{g}",
                "        text: Klare et konkret delmål i hverdagen.",
                "        said_by: citizen",
                "        kind: develop",
                "        status: active",
                "        subgoals:",
                f"          - id: g{g}.1",
                "            text: Første trinn.",
                f"        next_evaluation: {d(next_evaluation)}",
                "        measures:",
                f"          - id: m{g}",
                "            text: Fast trening med oppfølging.",
                "            how: To ganger i uka.",
                f"            responsible: {rng.choice(helpers[:3])}",
                f"            start: {d(start + dt.timedelta(days=30))}",
                f"            due: {d(today + dt.timedelta(days=rng.randint(-45, 300)))}",
                f"            status: {'ongoing' if version > 1 else 'planned'}",
            ]
            if evals:
                lines.append("        evaluations:")
                for e in range(evals):
                    # evaluated before the next evaluation date, and not after today (IP413, IP312)
                    before = next_evaluation - dt.timedelta(days=30 * (evals - e))
                    lines += [
                        f"          - date: {d(min(start + dt.timedelta(days=90 * (e + 1)), before, today))}",
                        "            by: [koord, self]",
                        "            achievement: improving",
                        "            outcome: continue",
                        "            citizen: Det går litt bedre.",
                        "            staff: Jevn framgang; fortsetter som avtalt.",
                    ]
    lines += [
        "meetings:",
        f"  - date: {d(start + dt.timedelta(days=30))}",
        "    kind: plan_meeting",
        "    attendees: [self, koord, familie]",
        "    notes: Første planmøte.",
    ]
    if dk:
        lines += [
            f"  - date: {d(today - dt.timedelta(days=rng.randint(100, 420)))}",
            "    kind: municipality",
            "    attendees: [koord]",
        ]
    lines += [
        "revisions:",
        # what happened is dated no later than today (lint warns otherwise: IP312)
        f"  - date: {d(min(start + dt.timedelta(days=rng.randint(300, 420)), today))}",
        "    by: [koord, self]",
        "    summary: Hele planen gjennomgått; mål justert.",
        "    citizen: Det meste fungerer; jeg vil ha færre møter.",
        "expectations:",
        "  from_services:",
        "    - Koordinatoren svarer innen to arbeidsdager.",
        "  from_citizen:",
        "    - Si fra hvis noe ikke fungerer.",
        f"notes: Planen er oppdatert {version} ganger etter planmøtet.",
    ]
    return "\n".join(lines) + "\n"


def generate(target: Path, plans: int, seed: int, today: dt.date, versions: int = VERSIONS) -> None:
    """The repository; with fewer `versions`, only the last ones of each plan are committed
    (the plans read the same, with less history: quicker to make, for tests)."""
    target.mkdir(parents=True, exist_ok=False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    (target / "ipcli.toml").write_text('profile = "no-ip"\nlanguage = "nb"\nplans = ["plans/**/*.yaml"]\n')
    rng = random.Random(seed)
    seeds = [rng.randrange(1 << 30) for _ in range(plans)]
    t0 = int(dt.datetime.combine(today - dt.timedelta(days=730), dt.time(9)).timestamp())
    span = 730 * 86400
    batch = 10  # plans touched per commit
    chunks: list[bytes] = []
    steps = [(v, i) for v in range(VERSIONS - versions + 1, VERSIONS + 1) for i in range(plans)]
    commits = [steps[k : k + batch] for k in range(0, len(steps), batch)]
    for c, group in enumerate(commits):
        ts = t0 + span * c // max(1, len(commits))
        name, email = AUTHORS[c % len(AUTHORS)]
        msg = f"Plans: version {group[0][0]} of {len(group)} plans".encode()
        out = [
            b"commit refs/heads/main\n",
            f"author {name} <{email}> {ts} +0100\n".encode(),
            f"committer {name} <{email}> {ts} +0100\n".encode(),
            b"data %d\n" % len(msg),
            msg,
            b"\n",
        ]
        if c:
            out.append(b"from :%d\n" % c)
        for version, i in group:
            text = plan_text(i + 1, version, random.Random(seeds[i]), today).encode()
            path = f"plans/unit-{i // PLANS_PER_UNIT:03d}/p-{i + 1:05d}.yaml"
            out += [f"M 100644 inline {path}\n".encode(), b"data %d\n" % len(text), text, b"\n"]
        out.insert(1, b"mark :%d\n" % (c + 1))
        chunks.append(b"".join(out))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=target, input=b"".join(chunks), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    subprocess.run(["git", "add", "ipcli.toml"], cwd=target, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
            "commit",
            "-q",
            "-m",
            "Settings",
        ],
        cwd=target,
        check=True,
    )
    subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=target, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 23))
    parser.add_argument("--versions", type=int, choices=range(1, VERSIONS + 1), default=VERSIONS)
    args = parser.parse_args(argv)
    generate(args.target, args.plans, args.seed, args.today, args.versions)
    print(f"{args.plans} plans with {args.versions} versions each in {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
