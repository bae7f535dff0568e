"""Who must update what (`nhiemvu remind`, R7 weekly, R8 monthly, R9 overdue): per office
division, as plain data and as Markdown for GitHub issues.

Every value that comes from the register is escaped for GitHub (`generator.vi.md_github`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.history.log import History
from generator.register.model import STATUSES, Register, is_secret
from generator.register.status import TaskState
from generator.vi import WEEKDAYS, WEEKDAYS_VI, fmt_date, md_github, md_table, truncate

ISSUE_LIMIT = 60_000


def weekly_cutoff(now: dt.datetime, weekly_update: dict | None) -> dt.datetime:
    """The latest `weekday before HH:MM` moment at or before `now` (R7: Friday 15:00)."""
    setting = weekly_update or {}
    weekday = (
        WEEKDAYS.index(str(setting.get("weekday", "friday")).lower())
        if str(setting.get("weekday", "friday")).lower() in WEEKDAYS
        else 4
    )
    try:
        hour, minute = (int(x) for x in str(setting.get("before", "15:00")).split(":", 1))
        moment = dt.time(hour, minute)
    except ValueError:
        moment = dt.time(15, 0)
    day = now.date() - dt.timedelta(days=(now.weekday() - weekday) % 7)
    cutoff = dt.datetime.combine(day, moment, tzinfo=now.tzinfo)
    return cutoff if cutoff <= now else cutoff - dt.timedelta(days=7)


@dataclass(slots=True)
class Division:
    code: str
    name: str
    rows: list[TaskState] = field(default_factory=list)
    total: int = 0  # tasks the division follows that the reminder considered


def divisions(register: Register, as_of: dt.date) -> list[Division]:
    return [
        Division(a.code, a.name)
        for a in sorted(register.agencies.values(), key=lambda a: a.code)
        if a.kind == "office_division" and a.valid_on(as_of)
    ]


def _by_division(register: Register, as_of: dt.date, states: list[TaskState]) -> list[Division]:
    result = divisions(register, as_of)
    index = {d.code: d for d in result}
    for state in states:
        division = index.get(state.task.monitor)
        if division is None:
            division = index[state.task.monitor] = Division(state.task.monitor, state.task.monitor)
            result.append(division)
        division.rows.append(state)
    return result


def weekly_reminders(
    register: Register, states: list[TaskState], hist: History | None, now: dt.datetime
) -> tuple[dt.datetime, list[Division]]:
    """R7: per office division, its open tasks with no progress entry since the weekly cutoff.

    An entry counts if it is dated after the cutoff day, or if Git shows the task's progress
    changed at or after the cutoff moment (an entry dated the cutoff Friday itself). Tasks
    entered into the register after the cutoff are not due yet.
    """
    cutoff = weekly_cutoff(now, register.settings.weekly_update)
    late = []
    for state in states:
        if state.status not in ("not_started", "in_progress") or is_secret(state):
            continue
        doc = state.document
        entered = hist.documents.get(doc.file) if hist else None
        if hist is not None and entered is None:
            continue  # not committed yet: entered after the cutoff
        if (entered and entered.first and entered.first.committed >= cutoff) or doc.issued > cutoff.date():
            continue
        if any(p.date and cutoff.date() < p.date <= now.date() for p in state.task.progress):
            continue
        task_hist = hist.tasks.get(state.id) if hist else None
        if task_hist and task_hist.progress_changed and cutoff <= task_hist.progress_changed.committed <= now:
            continue
        late.append(state)
    return cutoff, _by_division(register, now.date(), late)


def overdue_by_division(register: Register, states: list[TaskState], as_of: dt.date) -> list[Division]:
    overdue = sorted((s for s in states if s.overdue), key=lambda s: (-s.days_overdue, s.id))
    return _by_division(register, as_of, overdue)


def open_by_division(register: Register, states: list[TaskState], as_of: dt.date) -> list[Division]:
    """R8: what each division must check before the monthly compilation: its open tasks."""
    rows = sorted(
        (s for s in states if s.status in ("not_started", "in_progress")),
        key=lambda s: (not s.overdue, s.deadline_in_force or dt.date.max, s.id),
    )
    return _by_division(register, as_of, rows)


def _task_rows(rows: list[TaskState], kind: str) -> list[list[str]]:
    out = []
    for s in rows:
        content = md_github(truncate(s.task.content, 70))
        if kind == "overdue":
            reason = md_github(truncate(s.delay_reason, 60)) if not s.overdue_unexplained else "**chưa giải trình**"
            out.append(
                [
                    md_github(s.label),
                    content,
                    md_github(s.task.assignee),
                    fmt_date(s.deadline_in_force, "—"),
                    str(s.days_overdue),
                    reason,
                ]
            )
        elif kind == "weekly":
            out.append(
                [
                    md_github(s.label),
                    content,
                    md_github(s.task.assignee),
                    STATUSES.get(s.status, s.status),
                    fmt_date(s.last_progress, "—"),
                ]
            )
        else:
            state = "quá hạn" if s.overdue else STATUSES.get(s.status, s.status)
            out.append(
                [md_github(s.label), content, md_github(s.task.assignee), fmt_date(s.deadline_in_force, "—"), state]
            )
    return out


HEADERS = {
    "overdue": ["Nhiệm vụ", "Nội dung", "Chủ trì", "Hạn", "Số ngày quá hạn", "Lý do chậm"],
    "weekly": ["Nhiệm vụ", "Nội dung", "Chủ trì", "Trạng thái", "Tiến độ gần nhất"],
    "monthly": ["Nhiệm vụ", "Nội dung", "Chủ trì", "Hạn", "Tình trạng"],
}


def division_section(division: Division, kind: str, limit: int, site_url: str = "") -> str:
    """One division's table, cut to `limit` bytes with a count of what was left out."""
    lines = [f"### {md_github(division.name)} ({md_github(division.code)}): {len(division.rows)} nhiệm vụ", ""]
    if not division.rows:
        return "\n".join(lines + ["Không có nhiệm vụ nào.", ""])
    rows = _task_rows(division.rows, kind)
    shown = len(rows)
    while True:
        text = "\n".join(lines + md_table(HEADERS[kind], rows[:shown])) + "\n"
        if shown < len(rows):
            text += (
                f"\n… và {len(rows) - shown} nhiệm vụ khác"
                + (f": xem {md_github(site_url)}" if site_url else "")
                + ".\n"
            )
        if len(text.encode("utf-8")) <= limit or shown == 0:
            return text
        shown = max(0, shown - max(1, shown // 5))


def reminder_intro(kind: str, as_of: dt.date, cutoff: dt.datetime | None, register: Register) -> str:
    if kind == "weekly":
        setting = register.settings.weekly_update or {}
        return (
            f"Nhiệm vụ đang theo dõi **chưa có tiến độ mới** kể từ {cutoff:%H:%M} "
            f"{WEEKDAYS_VI[cutoff.weekday()]} {fmt_date(cutoff.date(), '—')}. Các phòng cập nhật trước "
            f"{md_github(setting.get('before', '15:00'))} {WEEKDAYS_VI[cutoff.weekday()]} tuần này (R7)."
        )
    if kind == "monthly":
        day = register.settings.monthly_report_day or 25
        return (
            f"Rà soát, tổng hợp nhiệm vụ của lĩnh vực mình và gửi Phòng Tổng hợp **trước ngày {day}/"
            f"{as_of:%m/%Y}** (R8). Danh sách nhiệm vụ chưa hoàn thành tính đến "
            f"{fmt_date(as_of)}, quá hạn lên đầu."
        )
    return (
        f"Nhiệm vụ **quá hạn** tính đến {fmt_date(as_of)}. Mỗi nhiệm vụ quá hạn phải có mục tiến độ ghi lý do "
        "chậm (delay_reason) sau thời hạn; đôn đốc cơ quan chủ trì (R9)."
    )


TITLES = {
    "overdue": "Nhiệm vụ quá hạn: {name} ({code})",
    "weekly": "Nhắc cập nhật tiến độ tuần đến {day}",
    "monthly": "Nhắc tổng hợp nhiệm vụ tháng {month}",
}


def reminders_markdown(
    kind: str,
    groups: list[Division],
    register: Register,
    as_of: dt.date,
    cutoff: dt.datetime | None = None,
) -> str:
    total = sum(len(g.rows) for g in groups)
    lines = [
        f"## {_heading(kind, as_of, cutoff)}",
        "",
        reminder_intro(kind, as_of, cutoff, register),
        "",
        f"Tổng cộng: {total} nhiệm vụ.",
        "",
    ]
    body = "\n".join(lines)
    for group in groups:
        body += "\n" + division_section(group, kind, ISSUE_LIMIT, register.settings.site_url)
    return body


def _heading(kind: str, as_of: dt.date, cutoff: dt.datetime | None) -> str:
    if kind == "weekly":
        return TITLES["weekly"].format(
            day=fmt_date(cutoff.date() + dt.timedelta(days=7)) if cutoff else fmt_date(as_of)
        )
    if kind == "monthly":
        return TITLES["monthly"].format(month=f"{as_of:%m/%Y}")
    return f"Nhiệm vụ quá hạn theo phòng, ngày {fmt_date(as_of)}"


def reminders_issues(
    kind: str,
    groups: list[Division],
    register: Register,
    as_of: dt.date,
    cutoff: dt.datetime | None = None,
) -> dict:
    """The JSON that .github/scripts/sync-issues.cjs turns into GitHub issues."""
    site = register.settings.site_url
    issues = []
    if kind == "overdue":
        for group in groups:
            marker = f"<!-- nhiemvu-overdue:{group.code} -->"
            intro = reminder_intro(kind, as_of, cutoff, register)
            body = "\n".join([marker, intro, "", division_section(group, kind, ISSUE_LIMIT, site)])
            issues.append(
                {
                    "marker": marker,
                    "mode": "update",
                    "open": bool(group.rows),
                    "division": group.code,
                    "count": len(group.rows),
                    "title": TITLES["overdue"].format(name=group.name, code=group.code),
                    "body": body,
                    "closing": f"Ngày {fmt_date(as_of)}: phòng không còn nhiệm vụ quá hạn. Đóng issue.",
                }
            )
    else:
        marker = f"<!-- nhiemvu-{kind} -->"
        total = sum(len(g.rows) for g in groups)
        body = marker + "\n" + reminders_markdown(kind, groups, register, as_of, cutoff)
        if len(body.encode("utf-8")) > ISSUE_LIMIT:
            per = max(2_000, ISSUE_LIMIT // max(1, len(groups)) - 200)
            head = "\n".join([marker, reminder_intro(kind, as_of, cutoff, register), ""])
            body = head + "\n".join(division_section(g, kind, per, site) for g in groups)
        issues.append(
            {
                "marker": marker,
                "mode": "replace",
                "open": total > 0 or kind == "monthly",
                "count": total,
                "title": _heading(kind, as_of, cutoff),
                "body": body,
            }
        )
    return {"kind": kind, "as_of": as_of.isoformat(), "issues": issues}
