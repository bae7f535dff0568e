"""Running every rule over a loaded register: the checker CI calls on each pull request."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from generator.register.load import no_gc
from generator.register.model import Register
from generator.register.problems import Fix, Problem, has_errors, sort_problems
from generator.register.rules import Context, run_document_rules, run_register_rules
from generator.register.rules.base import fix_command
from generator.register.status import TaskState, compute_states, today_for
from generator.register.workdays import WorkCalendar
from generator.register.yamlsrc import FIX_COMMAND


@dataclass(slots=True)
class CheckResult:
    problems: list[Problem]
    states: list[TaskState]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def overdue_unexplained(self) -> int:
        return sum(p.code == "overdue-unexplained" for p in self.problems)

    def exit_code(self) -> int:
        return exit_code_for(self.problems)


def exit_code_for(problems: list[Problem]) -> int:
    """0 clean, 1 errors, 3 no errors but overdue tasks without a reason (the contract)."""
    if has_errors(problems):
        return 1
    return 3 if any(p.code == "overdue-unexplained" for p in problems) else 0


def check_register(
    register: Register,
    load_problems: list[Problem],
    as_of: dt.date,
    *,
    historical: bool = False,
    overdue_scope: set[str] | None = None,
    today: dt.date | None = None,
) -> CheckResult:
    """Every rule over every document; statuses are computed once and shared with the rules.

    `today` (default: today in the register's time zone) bounds the dates an entry may carry,
    whatever `as_of` is."""
    with no_gc():
        return _check(register, load_problems, as_of, historical, overdue_scope, today or today_for(register.settings))


def _check(register, load_problems, as_of, historical, overdue_scope, today) -> CheckResult:
    states = compute_states(register, as_of)
    ctx = Context(
        register,
        as_of,
        WorkCalendar.from_data(register.calendar),
        historical=historical,
        today=today,
        overdue_scope=overdue_scope,
        states={id(s.task): s for s in states},
    )
    problems = register_commands(load_problems, fix_command(register))
    for doc in register.documents:
        problems.extend(run_document_rules(doc, ctx))
    problems.extend(run_register_rules(ctx))
    return CheckResult(sort_problems(problems), states)


def register_commands(problems: list[Problem], command: str) -> list[Problem]:
    """The reader's problems with `nhiemvu fix` typed for this register's folder: the reader
    sees one file, not where its register lies."""
    if command == FIX_COMMAND:
        return list(problems)
    ours = (Fix("command", FIX_COMMAND),)
    return [
        dataclasses.replace(p, hint=p.hint.replace(f"«{FIX_COMMAND}»", f"«{command}»"), fix=(Fix("command", command),))
        if tuple(p.fix) == ours
        else p
        for p in problems
    ]
