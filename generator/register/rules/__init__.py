"""The rules of the register, one module per subject; importing this package registers them all
(see `generator.register.rules.base` for the framework)."""

from __future__ import annotations

from generator.register.codes import catalog
from generator.register.rules import (  # noqa: F401  (importing a rule module registers its rules)
    books,
    classification,
    dates,
    identity,
    intake,
    numbers,
    overdue,
    references,
    secrecy,
    settings,
    text,
)
from generator.register.rules.base import (
    Context,
    Finding,
    at,
    at_task,
    rule,
    run_document_rules,
    run_register_rules,
)

__all__ = [
    "Context",
    "Finding",
    "at",
    "at_task",
    "catalog",
    "rule",
    "run_document_rules",
    "run_register_rules",
]
