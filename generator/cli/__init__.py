"""The `nhiemvu` command line: click lives only in this package.

Each command parses its options, opens the register through `session.open_session`, calls the
library and prints. Command areas, one module each: `check` (check), `edit` (new, fix),
`site` (build, serve), `history` (diff), `reports` (report, reconcile, remind, export,
codeowners), `paperwork` (import, report form); each adds itself to `main.main`.
"""

from __future__ import annotations

from generator.cli import check, edit, history, paperwork, reports, site  # noqa: F401  (they add their commands)
from generator.cli.main import main

__all__ = ["main", "run"]


def run() -> None:
    """Console-script entry: click exits 2 on wrong usage, as the contract says."""
    main(prog_name="nhiemvu")
