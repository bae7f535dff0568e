"""What a change does to the register (`nhiemvu diff`) and who must update what (`nhiemvu remind`),
as plain data and as Markdown for pull-request comments, step summaries and issues.

Every value that comes from the register is escaped: Markdown and HTML characters, and `@`
(a task's text must never mention, and so notify, a GitHub user).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.history.log import History
from generator.register.model import STATUSES, Register
from generator.register.problems import Problem
from generator.register.status import TaskState

COMMENT_LIMIT = 65_000  # GitHub caps a comment at 65,536 characters
ISSUE_LIMIT = 60_000
SUMMARY_LIMIT = 1_000_000  # a step summary's cap is 1 MiB
DIFF_MARKER = "<!-- nhiemvu-diff -->"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_VI = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo"}

_MD = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "@": "&#64;",
        "~": "\\~",
        "\n": " ",
        "\r": " ",
    }
)


def md(value) -> str:
    """A register value made safe for a Markdown table cell."""
    return "" if value is None else " ".join(str(value).translate(_MD).split())


def vn(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def short(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# --------------------------------------------------------------------------- diff


@dataclass(slots=True)
class RegisterDiff:
    base: str  # short SHA
    head: str  # short SHA or "bản làm việc"
    as_of: dt.date
    documents_added: list = field(default_factory=list)  # Document
    documents_removed: list = field(default_factory=list)
    tasks_added: list[TaskState] = field(default_factory=list)
    status_changed: list[tuple[TaskState, TaskState]] = field(default_factory=list)  # (before, after)
    extensions: list[tuple[TaskState, object]] = field(default_factory=list)  # (after, Extension)
    became_overdue: list[TaskState] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # in the change
    other_problems: int = 0  # elsewhere in the register
    notes: list[str] = field(default_factory=list)


def compare_states(
    base_register: Register,
    base_states: list[TaskState],
    head_register: Register,
    head_states: list[TaskState],
    as_of: dt.date,
    base: str,
    head: str,
) -> RegisterDiff:
    """Documents and tasks added, statuses changed, extensions granted, new overdue tasks."""
    diff = RegisterDiff(base, head, as_of)
    base_docs = {(d.issued.year, d.number) for d in base_register.documents}
    head_docs = {(d.issued.year, d.number) for d in head_register.documents}
    diff.documents_added = [d for d in head_register.documents if (d.issued.year, d.number) not in base_docs]
    diff.documents_removed = [d for d in base_register.documents if (d.issued.year, d.number) not in head_docs]
    before = {s.id: s for s in base_states}
    for state in head_states:
        old = before.get(state.id)
        if old is None:
            diff.tasks_added.append(state)
            if state.overdue:
                diff.became_overdue.append(state)
            continue
        if old.status != state.status:
            diff.status_changed.append((old, state))
        for ext in state.task.extensions[len(old.task.extensions) :]:
            diff.extensions.append((state, ext))
        if state.overdue and not old.overdue:
            diff.became_overdue.append(state)
    return diff


def _title(doc) -> str:
    return "(văn bản mật: không hiển thị)" if doc.secrecy != "none" else md(short(doc.title))


def _counts(diff: RegisterDiff) -> list[list[str]]:
    return [
        ["Văn bản thêm", str(len(diff.documents_added))],
        ["Văn bản bị xóa", str(len(diff.documents_removed))],
        ["Nhiệm vụ thêm", str(len(diff.tasks_added))],
        ["Nhiệm vụ đổi trạng thái", str(len(diff.status_changed))],
        ["Gia hạn", str(len(diff.extensions))],
        ["Trở thành quá hạn", str(len(diff.became_overdue))],
        ["Lỗi", str(sum(p.severity == "error" for p in diff.problems))],
        ["Cảnh báo", str(sum(p.severity == "warning" for p in diff.problems))],
    ]


def _verdict(diff: RegisterDiff) -> str:
    errors = sum(p.severity == "error" for p in diff.problems)
    warnings = len(diff.problems) - errors
    unexplained = sum(p.code == "overdue-unexplained" for p in diff.problems)
    if errors:
        return f"❌ **{errors} lỗi** cần sửa trước khi hợp nhất" + (f", {warnings} cảnh báo." if warnings else ".")
    if unexplained:
        return f"⚠️ **{unexplained} nhiệm vụ quá hạn chưa ghi lý do chậm** (delay_reason)."
    return "✅ Không có lỗi" + (f"; {warnings} cảnh báo cần xem." if warnings else ".")


def diff_markdown(diff: RegisterDiff, *, max_bytes: int = COMMENT_LIMIT, link: str | None = None) -> str:
    """The reviewer's summary; when longer than `max_bytes`, counts and a link instead of tables."""
    head = [
        DIFF_MARKER,
        "## Tóm tắt thay đổi sổ theo dõi",
        "",
        f"So sánh `{md(diff.base)}` → `{md(diff.head)}`; trạng thái tính tại ngày {vn(diff.as_of)}.",
        "",
        _verdict(diff),
        "",
    ]
    head += [f"> {md(note)}" for note in diff.notes]
    if diff.notes:
        head.append("")
    full = "\n".join(head + _details(diff)) + "\n"
    if len(full.encode("utf-8")) <= max_bytes:
        return full
    short_text = head + table(["Thay đổi", "Số lượng"], _counts(diff)) + [""]
    short_text.append(
        "Bảng chi tiết quá dài để đăng ở đây"
        + (
            f": xem [tóm tắt đầy đủ của lần chạy kiểm tra]({link})."
            if link
            else "; chạy «nhiemvu diff» trên máy để xem."
        )
    )
    text = "\n".join(short_text) + "\n"
    return (
        text if len(text.encode("utf-8")) <= max_bytes else text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
    )


def _details(diff: RegisterDiff) -> list[str]:
    out = table(
        ["Thay đổi", "Số lượng"],
        [row for row in _counts(diff) if row[1] != "0"] or [["Không có thay đổi nào", "0"]],
    )
    out.append("")
    if diff.documents_added:
        out += ["### Văn bản mới", ""]
        out += table(
            ["Số, ký hiệu", "Ngày ban hành", "Trích yếu", "Số nhiệm vụ"],
            [[md(d.number), vn(d.issued), _title(d), str(len(d.tasks))] for d in diff.documents_added],
        ) + [""]
    if diff.documents_removed:
        out += ["### Văn bản bị xóa", ""]
        out += table(
            ["Số, ký hiệu", "Ngày ban hành", "Tệp"],
            [[md(d.number), vn(d.issued), f"`{md(d.file)}`"] for d in diff.documents_removed],
        ) + [""]
    if diff.tasks_added:
        out += ["### Nhiệm vụ mới", ""]
        out += table(
            ["Nhiệm vụ", "Nội dung", "Chủ trì", "Theo dõi", "Phân loại", "Thời hạn"],
            [
                [
                    md(s.id),
                    md(short(s.task.content)) if s.document.secrecy == "none" else "—",
                    md(s.task.assignee),
                    md(s.task.monitor),
                    md(s.task.classification),
                    vn(s.deadline_in_force),
                ]
                for s in diff.tasks_added
            ],
        ) + [""]
    if diff.status_changed:
        out += ["### Trạng thái thay đổi", ""]
        out += table(
            ["Nhiệm vụ", "Trước", "Sau", "Theo dõi"],
            [
                [
                    md(a.id),
                    STATUSES.get(b.status, b.status),
                    STATUSES.get(a.status, a.status),
                    md(a.task.monitor),
                ]
                for b, a in diff.status_changed
            ],
        ) + [""]
    if diff.extensions:
        out += ["### Gia hạn", ""]
        out += table(
            ["Nhiệm vụ", "Hạn mới", "Văn bản quyết định", "Ngày"],
            [[md(s.id), vn(e.deadline), md(e.document), vn(e.date)] for s, e in diff.extensions],
        ) + [""]
    if diff.became_overdue:
        out += ["### Trở thành quá hạn", ""]
        out += table(
            ["Nhiệm vụ", "Hạn", "Số ngày quá hạn", "Lý do chậm"],
            [
                [
                    md(s.id),
                    vn(s.deadline_in_force),
                    str(s.days_overdue),
                    md(short(s.delay_reason)) or "**chưa có**",
                ]
                for s in diff.became_overdue
            ],
        ) + [""]
    if diff.problems:
        out += ["### Vấn đề phát hiện", ""]
        out += table(
            ["Mức", "Mã", "Vị trí", "Nội dung", "Cách sửa"],
            [
                [
                    SEVERITY_VI.get(p.severity, p.severity),
                    f"`{md(p.code)}`",
                    f"`{md(p.file)}`" + (f" dòng {p.line}" if p.line else ""),
                    md(p.message),
                    md(p.hint),
                ]
                for p in diff.problems
            ],
        ) + [""]
    if diff.other_problems:
        out += [
            f"Ngoài ra sổ có {diff.other_problems} vấn đề ở các tệp mà thay đổi này không chạm tới "
            "(xem «nhiemvu check»).",
            "",
        ]
    return out


# --------------------------------------------------------------------------- reminders


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
        if state.status not in ("not_started", "in_progress") or state.document.secrecy != "none":
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
        content = md(short(s.task.content, 70))
        if kind == "overdue":
            reason = md(short(s.delay_reason, 60)) if not s.overdue_unexplained else "**chưa giải trình**"
            out.append(
                [
                    md(s.id),
                    content,
                    md(s.task.assignee),
                    vn(s.deadline_in_force),
                    str(s.days_overdue),
                    reason,
                ]
            )
        elif kind == "weekly":
            out.append(
                [
                    md(s.id),
                    content,
                    md(s.task.assignee),
                    STATUSES.get(s.status, s.status),
                    vn(s.last_progress),
                ]
            )
        else:
            state = "quá hạn" if s.overdue else STATUSES.get(s.status, s.status)
            out.append([md(s.id), content, md(s.task.assignee), vn(s.deadline_in_force), state])
    return out


HEADERS = {
    "overdue": ["Nhiệm vụ", "Nội dung", "Chủ trì", "Hạn", "Số ngày quá hạn", "Lý do chậm"],
    "weekly": ["Nhiệm vụ", "Nội dung", "Chủ trì", "Trạng thái", "Tiến độ gần nhất"],
    "monthly": ["Nhiệm vụ", "Nội dung", "Chủ trì", "Hạn", "Tình trạng"],
}


def division_section(division: Division, kind: str, limit: int, site_url: str = "") -> str:
    """One division's table, cut to `limit` bytes with a count of what was left out."""
    lines = [f"### {md(division.name)} ({md(division.code)}): {len(division.rows)} nhiệm vụ", ""]
    if not division.rows:
        return "\n".join(lines + ["Không có nhiệm vụ nào.", ""])
    rows = _task_rows(division.rows, kind)
    shown = len(rows)
    while True:
        text = "\n".join(lines + table(HEADERS[kind], rows[:shown])) + "\n"
        if shown < len(rows):
            text += f"\n… và {len(rows) - shown} nhiệm vụ khác" + (f": xem {md(site_url)}" if site_url else "") + ".\n"
        if len(text.encode("utf-8")) <= limit or shown == 0:
            return text
        shown = max(0, shown - max(1, shown // 5))


def reminder_intro(kind: str, as_of: dt.date, cutoff: dt.datetime | None, register: Register) -> str:
    if kind == "weekly":
        setting = register.settings.weekly_update or {}
        return (
            f"Nhiệm vụ đang theo dõi **chưa có tiến độ mới** kể từ {cutoff:%H:%M} "
            f"{WEEKDAYS_VI[cutoff.weekday()]} {vn(cutoff.date())}. Các phòng cập nhật trước "
            f"{md(setting.get('before', '15:00'))} {WEEKDAYS_VI[cutoff.weekday()]} tuần này (R7)."
        )
    if kind == "monthly":
        day = register.settings.monthly_report_day or 25
        return (
            f"Rà soát, tổng hợp nhiệm vụ của lĩnh vực mình và gửi Phòng Tổng hợp **trước ngày {day}/"
            f"{as_of:%m/%Y}** (R8). Danh sách nhiệm vụ chưa hoàn thành tính đến {vn(as_of)}, quá hạn lên đầu."
        )
    return (
        f"Nhiệm vụ **quá hạn** tính đến {vn(as_of)}. Mỗi nhiệm vụ quá hạn phải có mục tiến độ ghi lý do "
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
        return TITLES["weekly"].format(day=vn(cutoff.date() + dt.timedelta(days=7)) if cutoff else vn(as_of))
    if kind == "monthly":
        return TITLES["monthly"].format(month=f"{as_of:%m/%Y}")
    return f"Nhiệm vụ quá hạn theo phòng, ngày {vn(as_of)}"


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
                    "closing": f"Ngày {vn(as_of)}: phòng không còn nhiệm vụ quá hạn. Đóng issue.",
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
