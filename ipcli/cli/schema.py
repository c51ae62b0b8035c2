"""`ipcli schema`: print the plan schema (JSON Schema, Draft 2020-12)."""

from __future__ import annotations

import sys

from ipcli.cli.common import LangOpt, guarded


@guarded
def schema(lang: LangOpt = None) -> None:
    """Print the plan schema, for editors and other validators.

    Example: ipcli schema > plan.schema.json
    """
    from ipcli.plan.schema import schema_text

    sys.stdout.write(schema_text())
