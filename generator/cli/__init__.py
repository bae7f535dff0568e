"""The `nhiemvu` command line: click lives only in this package.

Each command parses its options, opens the register through `session.open_session`, calls the
library and prints. Command areas, one module each: `check` (check), `edit` (new, add-task,
progress, extend, fix, edit), `site` (build, serve), `history` (diff), `reports` (report,
reconcile, remind, export, codeowners), `paperwork` (import, report form), `books` (book);
each adds itself to `main.main`, which imports a module only when one of its commands runs
(`main.COMMANDS`). `vi_click` makes click's own texts Vietnamese.
"""

from __future__ import annotations

import gc
import os
import sys

from generator.cli.main import main

__all__ = ["main", "run"]

# Commands that load the register, print or write one file, and end: their process keeps every
# object to the end, so the cyclic garbage collector would only walk the whole register again
# (twice: during the run and at the interpreter's shutdown) to find nothing to free.
SHORT_RUNS = frozenset(("check", "export", "diff", "remind"))


def run() -> None:
    """Console-script entry: click exits 2 on wrong usage, as the contract says."""
    if sys.argv[1:2] and sys.argv[1] in SHORT_RUNS:
        gc.disable()
        try:
            main(prog_name="nhiemvu")
        except SystemExit as done:
            status = _status(done.code)
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except OSError:  # a reader that went away (`| head`): what it wanted, it has
                    status = status or 1
            os._exit(status)  # every file is written and closed; nothing is left to tidy
    main(prog_name="nhiemvu")


def _status(code) -> int:
    """The exit status Python gives a SystemExit's code."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
