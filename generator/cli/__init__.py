"""The `nhiemvu` command line: click lives only in this package.

Each command parses its options, opens the register through `session.open_session`, calls the
library and prints. Command areas, one module each: `check` (check), `edit` (new, add-task,
progress, extend, fix, edit), `site` (build, serve), `history` (diff), `reports` (report,
reconcile, remind, export, codeowners), `paperwork` (import, report form), `books` (book);
each adds itself to `main.main`, which imports a module only when one of its commands runs
(`main.COMMANDS`). `vi_click` makes click's own texts Vietnamese.
"""

from __future__ import annotations

from generator.cli.main import main

__all__ = ["main", "run"]


def run() -> None:
    """Console-script entry: click exits 2 on wrong usage, as the contract says."""
    main(prog_name="nhiemvu")
