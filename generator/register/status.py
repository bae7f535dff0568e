"""Computed task state: status, deadline in force, timeliness, completion (the contract's
"Computed, never typed").

Only progress entries and extensions dated on or before `as_of` count, so the state of
a task at any past date can be computed from today's register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.register.model import Document, IntakeItem, Register, Settings, Task
from generator.register.workdays import WorkCalendar

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
    id: str  # the global id, "<YYYY>/<slug>#<task id>"
    status: str  # not_started | in_progress | done | cancelled
    deadline_in_force: dt.date | None
    deadline_set: dt.date | None  # when the deadline in force was set: issue date or extension date
    timeliness: str  # on_time | late | no_deadline
    completed: dt.date | None
    overdue: bool  # not done, not cancelled, past the deadline in force
    overdue_unexplained: bool  # overdue and no delay_reason dated on or after deadline_set
    days_overdue: int  # 0 unless overdue
    category: str  # a key of CATEGORIES
    last_progress: dt.date | None  # date of the latest counted progress entry
    delay_reason: str | None  # latest delay_reason counted

    @property
    def label(self) -> str:
        """The human form of the id, «14/CT-UBND (2026) #3»."""
        return self.task.label


def now_for(settings: Settings) -> dt.datetime:
    """This moment in the register's time zone, whatever the machine's zone."""
    return dt.datetime.now(settings.zone)


def today_for(settings: Settings) -> dt.date:
    """Today's date in the register's time zone: the default `--as-of` of every command."""
    return now_for(settings).date()


def end_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The last second of `day` in `zone`: what `--as-of DAY` means for Git history."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)


def task_state(task: Task, document: Document, as_of: dt.date) -> TaskState:
    progress = [p for p in task.progress if p.date is not None and p.date <= as_of]
    extensions = [e for e in task.extensions if e.date is None or e.date <= as_of]

    status = progress[-1].status if progress else "not_started"
    deadline, deadline_set = task.deadline, document.issued
    for ext in extensions:
        if ext.deadline is not None:
            deadline, deadline_set = ext.deadline, ext.date or document.issued

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
    # A reason counts when given on or after the day the deadline in force was set: before the
    # deadline too (the regulation asks agencies to warn early), but not before an extension
    # that set a new deadline, which the old reason does not explain.
    explained = overdue and any(p.delay_reason for p in progress if p.date >= deadline_set)

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
        id=task.global_id,
        status=status,
        deadline_in_force=deadline,
        deadline_set=deadline_set if deadline is not None else None,
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


# What every rate means, printed next to it wherever it is shown.
RATE_DEFINITION = (
    "Tỷ lệ đúng hạn = số nhiệm vụ hoàn thành đúng hạn ÷ số nhiệm vụ đã đến hạn (đã hoàn thành có thời "
    "hạn, cộng chưa hoàn thành mà đã quá hạn). Nhiệm vụ còn trong hạn, không có thời hạn và đã hủy "
    "không tính."
)


def came_due(counts: dict[str, int]) -> int:
    """Tasks that have come due: done with a deadline (on time or late) plus open past the deadline."""
    return counts["done_on_time"] + counts["done_late"] + counts["overdue"]


def on_time_rate(counts: dict[str, int]) -> float | None:
    """Done on time ÷ tasks that have come due; None when none has (no rate can be measured).

    An agency with overdue open tasks can therefore never show 100 %."""
    due = came_due(counts)
    return counts["done_on_time"] / due if due else None


# -- intake items (R11)

INTAKE_LIMIT_DAYS = 3  # R11: "trong thời hạn 03 ngày làm việc"


@dataclass(frozen=True, slots=True)
class IntakeState:
    item: IntakeItem
    deadline: dt.date | None  # last day to issue the assignment (lead none) or to report
    status: str  # a key of INTAKE_STATUSES
    working_days_late: int  # working days past the deadline at as_of (overdue only)

    @property
    def late(self) -> bool:
        return self.status in ("overdue", "unreported")


def intake_deadline(item: IntakeItem, calendar: WorkCalendar) -> dt.date | None:
    """`none`: the 3rd working day after receipt; `pressing`: the day of receipt."""
    if item.lead == "none":
        return calendar.add_working_days(item.received, INTAKE_LIMIT_DAYS)
    if item.lead == "pressing":
        return item.received
    return None


def intake_state(item: IntakeItem, calendar: WorkCalendar, as_of: dt.date) -> IntakeState:
    """State at `as_of`: an assignment or report dated after `as_of` does not count yet."""
    deadline = intake_deadline(item, calendar)
    late_days = 0
    if item.lead == "regulation":
        status = "filed"
    elif item.lead == "pressing":
        status = "reported" if item.reported and item.reported <= as_of else "unreported"
    else:
        assigned = item.assignment and (item.assignment_date is None or item.assignment_date <= as_of)
        if assigned:
            late = item.assignment_date is not None and item.assignment_date > deadline
            status = "assigned_late" if late else "assigned"
        elif as_of > deadline:
            status = "overdue"
            late_days = calendar.working_days_between(deadline, as_of)
        else:
            status = "waiting"
    return IntakeState(item, deadline, status, late_days)


def intake_states(items: Iterable[IntakeItem], calendar: WorkCalendar, as_of: dt.date) -> list[IntakeState]:
    """States of the items received on or before `as_of`, oldest first."""
    chosen = [i for i in items if i.received <= as_of]
    chosen.sort(key=lambda i: (i.received, i.file, i.number))
    return [intake_state(i, calendar, as_of) for i in chosen]
