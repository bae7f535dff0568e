"""The rules of the register. Each rule is a small function whose docstring is its page
in the documentation: a title, why it exists, a passing example ("Đúng:") and a failing
one ("Sai:"). `catalog()` turns them into the "Mã lỗi" page.

A document rule gets one Document and the Context and yields Findings; the framework adds
code, severity and file. Register rules see the whole register. Loader codes (YAML syntax,
unknown keys…) are registered as documentation-only rules so the catalog lists every code
a user can meet.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from generator.register.model import Document, Register
from generator.register.problems import Problem, Severity
from generator.register.workdays import WorkCalendar


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    column: int
    message: str
    hint: str = ""
    file: str | None = None  # defaults to the document's file


@dataclass(slots=True)
class Context:
    register: Register
    as_of: dt.date
    calendar: WorkCalendar
    historical: bool = False  # as_of is in the past: later entries are simply not counted yet
    overdue_scope: set[str] | None = None  # with --since: only these task ids face the overdue rule
    states: dict = field(default_factory=dict)  # id(task) → TaskState, computed once by check
    cache: dict = field(default_factory=dict)  # work shared by several rules, keyed by the rule module


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    severity: Severity
    scope: str  # document | register | loading
    title: str
    doc: str  # Markdown explanation
    passing: str  # YAML example that passes
    failing: str  # YAML example that fails
    func: Callable | None = None


_RULES: dict[str, RuleInfo] = {}


def _split_doc(doc: str) -> tuple[str, str, str, str]:
    doc = inspect.cleandoc(doc or "")
    title, _, rest = doc.partition("\n")
    passing = failing = ""
    parts = re.split(r"^(Đúng|Sai):\s*$", rest, flags=re.M)
    body = parts[0].strip()
    for label, block in zip(parts[1::2], parts[2::2], strict=True):
        block = textwrap.dedent(block.strip("\n")).rstrip()
        if label == "Đúng":
            passing = block
        else:
            failing = block
    return title.strip(), body, passing, failing


def rule(code: str, severity: Severity = "error", scope: str = "document"):
    """Register a rule function under `code`; its docstring becomes its documentation."""

    def wrap(func):
        title, body, passing, failing = _split_doc(func.__doc__)
        if code in _RULES:
            raise ValueError(f"duplicate rule code {code}")
        _RULES[code] = RuleInfo(code, severity, scope, title, body, passing, failing, func)
        return func

    return wrap


def documented(code: str, severity: Severity, doc: str) -> None:
    """A code raised by the loader: documented here, detected there."""
    title, body, passing, failing = _split_doc(doc)
    _RULES[code] = RuleInfo(code, severity, "loading", title, body, passing, failing, None)


def catalog() -> list[RuleInfo]:
    """Every code a user can meet, in a stable order (loading codes first, then rules)."""
    order = {"loading": 0, "register": 1, "document": 2}
    return sorted(_RULES.values(), key=lambda r: (order[r.scope], r.code))


def at(doc: Document, path: tuple) -> tuple[int, int]:
    """Line and column of the key at `path` in a document (the line a clerk edits)."""
    if doc.positions is None:
        return doc.line, 1
    return doc.positions.key_of(path)


def at_task(task, *path) -> tuple[int, int]:
    """Line and column of a key inside a task, e.g. at_task(t, "progress", 2, "date")."""
    return at(task.document, ("tasks", task.index) + path)


def run_document_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    for info in _RULES.values():
        if info.scope != "document" or info.func is None:
            continue
        for f in info.func(doc, ctx):
            yield Problem(info.code, info.severity, f.file or doc.file, f.line, f.column, f.message, f.hint)


def run_register_rules(ctx: Context) -> Iterator[Problem]:
    for info in _RULES.values():
        if info.scope != "register" or info.func is None:
            continue
        for f in info.func(ctx.register, ctx):
            yield Problem(info.code, info.severity, f.file or "", f.line, f.column, f.message, f.hint)


def _load_all() -> None:
    from generator.register.rules import (  # noqa: F401
        classification,
        dates,
        identity,
        intake,
        loading,
        numbers,
        overdue,
        references,
        secrecy,
        text,
    )


_load_all()

__all__ = [
    "Context",
    "Finding",
    "RuleInfo",
    "at",
    "at_task",
    "catalog",
    "rule",
    "run_document_rules",
    "run_register_rules",
]
