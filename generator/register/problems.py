"""The one problem type: every loader error and rule finding is a Problem.

Every output format (terminal text, GitHub annotations, JSON) is a view of a list
of these, so they carry everything a reader needs: where, what and how to fix it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    file: str  # relative to the repository root, with "/" separators
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    message: str  # Vietnamese, says what is wrong
    hint: str = ""  # Vietnamese, says how to fix it

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        return asdict(self)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order, duplicates removed, so output is deterministic."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
