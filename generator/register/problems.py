"""The one problem type: every loader error and rule finding is a Problem.

Every output format (terminal text, GitHub annotations, JSON) is a view of a list
of these, so they carry everything a reader needs: where, what and how to fix it.

A hint that proposes a definite edit also carries it as `fix`, in a form a program can apply
(an editor, and the test that follows every hint literally); the hint's text is written from
it (`Fix.shown`), so what the clerk reads and what a program applies are the same edit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FixAction = Literal["replace", "line", "delete", "move", "remove", "unlink", "command", "resave"]


@dataclass(frozen=True, slots=True)
class Fix:
    """One edit a hint asks for. Lines and columns are 1-based; paths are relative to the
    repository root (where the clerk runs commands).

    - replace: the YAML scalar (a value or a key) that starts at line:column becomes `text`
    - line: line `line` of `file` becomes `text` (for files YAML cannot read as they are)
    - delete: the entry whose key starts at line:column, or the list item that starts there, goes
    - move: `file` is renamed to `text` (`git mv`)
    - remove: `file` is deleted (`git rm`)
    - unlink: `file`, which Git does not track (a pipe, a socket), is deleted (`rm`)
    - command: the command `text` is run in the repository root
    - resave: `file` is saved again as UTF-8 without a byte-order mark
    """

    action: FixAction
    text: str = ""
    file: str = ""  # empty: the problem's file
    line: int = 0
    column: int = 0

    def shown(self) -> str:
        """The words of the hint that say this edit (the hint contains them verbatim)."""
        if self.action == "move":
            return f"git mv {self.file} {self.text}"
        if self.action == "remove":
            return f"git rm {self.file}"
        if self.action == "unlink":
            return f"rm {self.file}"
        if self.action == "delete":
            return f"dòng {self.line}"
        if self.action == "resave":
            return "UTF-8"
        if self.action == "line":
            return self.text.strip()  # the line's indentation is kept as the hint says
        return self.text


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    file: str  # relative to the repository root, with "/" separators
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    message: str  # Vietnamese, says what is wrong
    hint: str = ""  # Vietnamese, says how to fix it
    fix: tuple[Fix, ...] = ()  # the hint's edits, when it proposes definite ones

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        """The problem as JSON-ready data (what `check --format json` prints for each)."""
        data = {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "fix": [asdict(f) for f in self.fix],
        }
        return data


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order, duplicates removed, so output is deterministic."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
