"""The one registry of every code a user can meet (the "Mã lỗi" page is generated from it).

A code is registered once, with its severity and its documentation, by `define()` — directly
beside the code that detects it, or through the `@rule` decorator of `generator.register.rules`,
which calls `define()` with the rule's docstring. Problems are then made by calling the `Code`
(or `problem(code, …)`), so the severity is never written a second time.

A documentation string is a title line, an explanation, then a passing example after a line
«Đúng:» and a failing one after «Sai:».
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from generator.register.problems import Fix, Problem, Severity

# Where a code is detected; the catalog lists them in this order.
SCOPES = ("loading", "register", "document", "intake", "history")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    scope: str  # one of SCOPES
    title: str
    doc: str  # Markdown explanation
    passing: str  # YAML example that passes
    failing: str  # YAML example that fails
    func: Callable | None = None  # the check, for codes found by a rule function

    def __call__(
        self, file: str, line: int, column: int, message: str, hint: str = "", fix: Iterable[Fix] = ()
    ) -> Problem:
        return Problem(self.code, self.severity, file, line, column, message, hint, _own(fix, file))


CODES: dict[str, Code] = {}


def split_doc(doc: str) -> tuple[str, str, str, str]:
    """(title, explanation, passing example, failing example) of a documentation string."""
    doc = inspect.cleandoc(doc or "")
    title, _, rest = doc.partition("\n")
    passing = failing = ""
    parts = re.split(r"^(Đúng|Sai):\s*$", rest, flags=re.M)
    for label, block in zip(parts[1::2], parts[2::2], strict=True):
        block = textwrap.dedent(block.strip("\n")).rstrip()
        if label == "Đúng":
            passing = block
        else:
            failing = block
    return title.strip(), parts[0].strip(), passing, failing


def define(code: str, severity: Severity, doc: str, *, scope: str = "loading", func: Callable | None = None) -> Code:
    """Register `code` once; a second registration is a programming error."""
    if code in CODES:
        raise ValueError(f"duplicate code {code}")
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope}")
    title, body, passing, failing = split_doc(doc)
    CODES[code] = Code(code, severity, scope, title, body, passing, failing, func)
    return CODES[code]


def _own(fix: Iterable[Fix], file: str) -> tuple[Fix, ...]:
    """The edits of a problem, each naming its file (an edit without one is in the problem's)."""
    return tuple(f if f.file else replace(f, file=file) for f in fix)


def problem(
    code: str, file: str, line: int, column: int, message: str, hint: str = "", fix: Iterable[Fix] = ()
) -> Problem:
    """A Problem of a registered code, with the severity it was registered with."""
    return CODES[code](file, line, column, message, hint, fix)


def catalog() -> list[Code]:
    """Every registered code, loading codes first, then by code.

    Codes register when their module is imported: `generator.register.rules` imports every rule
    module of the core; history codes join when `generator.history.rules` is imported.
    """
    return sorted(CODES.values(), key=lambda c: (SCOPES.index(c.scope), c.code))
