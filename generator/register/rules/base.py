"""The rule framework: what a rule gets (Context), what it yields (Finding), how it registers
(@rule) and how rules are run.

The rules of the register. Each rule is a small function whose docstring is its page
in the documentation: a title, why it exists, a passing example ("Đúng:") and a failing
one ("Sai:"). `@rule` registers it in the one code registry (`generator.register.codes`),
from which the "Mã lỗi" page is generated.

A document rule gets one Document and the Context and yields Findings; the framework adds
code, severity and file. Register rules see the whole register. Codes found while reading
files are defined in `generator.register.loader_codes`, history codes in
`generator.history.rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.register import loader_codes  # noqa: F401  (the loader's codes join the catalog)
from generator.register.codes import CODES, Code, define
from generator.register.model import Document, Register, document_relpath
from generator.register.problems import Fix, Problem, Severity
from generator.register.workdays import WorkCalendar


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    column: int
    message: str
    hint: str = ""
    file: str | None = None  # defaults to the document's file
    fix: tuple[Fix, ...] = ()  # the hint's edits (see generator.register.problems.Fix)


@dataclass(slots=True)
class Context:
    register: Register
    as_of: dt.date
    calendar: WorkCalendar
    historical: bool = False  # as_of is in the past: later entries are simply not counted yet
    today: dt.date | None = None  # today in the register's time zone (None: as_of)
    overdue_scope: set[str] | None = None  # with --since: only these task ids face the overdue rule
    states: dict = field(default_factory=dict)  # id(task) → TaskState, computed once by check
    cache: dict = field(default_factory=dict)  # work shared by several rules, keyed by the rule module


def rule(code: str, severity: Severity = "error", scope: str = "document"):
    """Register a rule function under `code`; its docstring becomes its documentation."""

    def wrap(func):
        define(code, severity, func.__doc__, scope=scope, func=func)
        return func

    return wrap


def at(doc: Document, path: tuple) -> tuple[int, int]:
    """Line and column of the key at `path` in a document (the line a clerk edits)."""
    if doc.positions is None:
        return doc.line, 1
    return doc.positions.key_of(path)


def at_task(task, *path) -> tuple[int, int]:
    """Line and column of a key inside a task, e.g. at_task(t, "progress", 2, "date")."""
    return at(task.document, ("tasks", task.index) + path)


def register_path(register: Register, inner: str) -> str:
    """A path inside the register (`documents/2026/x.yaml`) as hints name it: relative to the
    repository root, where the clerk runs commands."""
    prefix = register.prefix.strip("/")
    return inner if prefix in ("", ".") else f"{prefix}/{inner}"


def document_path(register: Register, number: str, year: int) -> str:
    """Where the file of document `number` issued in `year` belongs, relative to the repository root."""
    return register_path(register, document_relpath(number, year))


def fix_command(register: Register) -> str:
    """`nhiemvu fix`, as typed in the repository root for this register."""
    prefix = register.prefix.strip("/")
    return "nhiemvu fix" if prefix == "register" else f"nhiemvu fix --register {prefix or '.'}"


def value_fix(doc: Document, path: tuple, text: str) -> Fix:
    """Write `text` (YAML) in place of the value at `path` of a document."""
    line, col = doc.positions.of(path) if doc.positions is not None else (doc.line, 1)
    return Fix("replace", text, line=line, column=col)


def delete_fix(doc: Document, path: tuple) -> Fix:
    """Delete the key (or list item) at `path` of a document, with its value."""
    if doc.positions is None:
        return Fix("delete", line=doc.line, column=1)
    line, col = doc.positions.key_of(path) if isinstance(path[-1], str) else doc.positions.of(path)
    return Fix("delete", line=line, column=col)


_RULES: dict[tuple[str, int], list[Code]] = {}


def _rules(scope: str) -> list[Code]:
    """The rules of a scope, listed once per state of the registry (asked for each document)."""
    key = (scope, len(CODES))
    found = _RULES.get(key)
    if found is None:
        found = _RULES[key] = [c for c in CODES.values() if c.scope == scope and c.func is not None]
    return found


def run_document_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    for code in _rules("document"):
        for f in code.func(doc, ctx):
            yield code(f.file or doc.file, f.line, f.column, f.message, f.hint, f.fix)


def run_register_rules(ctx: Context) -> Iterator[Problem]:
    for code in _rules("register"):
        for f in code.func(ctx.register, ctx):
            yield code(f.file or "", f.line, f.column, f.message, f.hint, f.fix)
