"""Where ipcli's own templates are.

They live in `templates/` at the top of the source tree, where the project's design names them
and where a municipality looks for the files to copy into its own repository's `templates/`.
The wheel packs that folder as `ipcli/templates` (pyproject's `force-include`); an editable
install or a source checkout reads it where it is.
"""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def builtin_templates() -> Path:
    """The folder of ipcli's own templates: inside the installed package, else the checkout's."""
    package = Path(__file__).resolve().parent.parent
    packed = package / "templates"
    if packed.is_dir():
        return packed
    return package.parent / "templates"


def builtin_text(name: str) -> str:
    """One of ipcli's own template files, as text."""
    return (builtin_templates() / name).read_text(encoding="utf-8")
