"""Computed task state: status, deadline in force, timeliness, completion (the contract's
"Computed, never typed").

Only progress entries and extensions dated on or before `as_of` count, so the state of
a task at any past date can be computed from today's register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.register.model import Document, Register, Task

# The Government Office's reporting categories (requirements, "Status as the Government
# reports it"), with the labels the site and reports show.
CATEGORIES = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "open_on_time": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn chưa hoàn thành",
    "no_deadline": "Không có thời hạn",
    "cancelled": "Đã hủy",
}


@dataclass(frozen=True, slots=True)
class TaskState:
    task: Task
    document: Document
    id: str  # "<number>#<task id>"
    status: str  # not_started | in_progress | done | cancelled
    deadline_in_force: dt.date | None
    timeliness: str  # on_time | late | no_deadline
    completed: dt.date | None
    overdue: bool  # not done, not cancelled, past the deadline in force
    overdue_unexplained: bool  # overdue and no delay_reason dated after the deadline
    days_overdue: int  # 0 unless overdue
    category: str  # a key of CATEGORIES
    last_progress: dt.date | None  # date of the latest counted progress entry
    delay_reason: str | None  # latest delay_reason counted


def today_in(timezone: str) -> dt.date:
    """Today's date in the register's time zone, whatever the machine's zone."""
    return dt.datetime.now(ZoneInfo(timezone)).date()


def task_state(task: Task, document: Document, as_of: dt.date) -> TaskState:
    progress = [p for p in task.progress if p.date is not None and p.date <= as_of]
    extensions = [e for e in task.extensions if e.date is None or e.date <= as_of]

    status = progress[-1].status if progress else "not_started"
    deadline = task.deadline
    for ext in extensions:
        if ext.deadline is not None:
            deadline = ext.deadline

    completed = None
    if status == "done":
        completed = progress[-1].date
        for entry in reversed(progress):
            if entry.status != "done":
                break
            completed = entry.date

    if deadline is None:
        timeliness = "no_deadline"
    elif status == "done":
        timeliness = "on_time" if completed <= deadline else "late"
    else:
        timeliness = "on_time" if as_of <= deadline else "late"

    overdue = status not in ("done", "cancelled") and timeliness == "late"
    reason = None
    for entry in progress:
        if entry.delay_reason:
            reason = entry.delay_reason
    explained = overdue and any(p.delay_reason for p in progress if deadline is not None and p.date > deadline)

    if status == "cancelled":
        category = "cancelled"
    elif deadline is None:
        category = "no_deadline"
    elif status == "done":
        category = "done_on_time" if timeliness == "on_time" else "done_late"
    else:
        category = "overdue" if overdue else "open_on_time"

    return TaskState(
        task=task,
        document=document,
        id=f"{document.number}#{task.id}",
        status=status,
        deadline_in_force=deadline,
        timeliness=timeliness,
        completed=completed,
        overdue=overdue,
        overdue_unexplained=overdue and not explained,
        days_overdue=(as_of - deadline).days if overdue else 0,
        category=category,
        last_progress=progress[-1].date if progress else None,
        delay_reason=reason,
    )


def compute_states(register: Register, as_of: dt.date) -> list[TaskState]:
    """Every task's state, in register order (documents by year and number, tasks by id)."""
    return [task_state(t, doc, as_of) for doc in register.documents for t in doc.tasks]


def count_categories(states) -> dict[str, int]:
    counts = {key: 0 for key in CATEGORIES}
    for state in states:
        counts[state.category] += 1
    return counts


def on_time_rate(counts: dict[str, int]) -> float | None:
    """Share of finished tasks with a deadline that were done on time (None if none)."""
    done = counts["done_on_time"] + counts["done_late"]
    return counts["done_on_time"] / done if done else None
