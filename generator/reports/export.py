"""The open-data views of task states: `nhiemvu export` and the site's data/ files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from generator.register.status import TaskState
from generator.reports.cells import csv_text

# The contract's fields first, in its order; extras after (extending is allowed, never renaming).
FIELDS = [
    "id",
    "document",
    "content",
    "assignee",
    "monitor",
    "classification",
    "deadline_in_force",
    "status",
    "timeliness",
    "completed",
    "task",
    "document_title",
    "issued",
    "coordinators",
    "deadline",
    "category",
    "overdue",
    "overdue_unexplained",
    "days_overdue",
    "last_progress",
    "delay_reason",
]

# Vietnamese description of every field, for the site's "Dữ liệu mở" page.
FIELD_DOCS = {
    "id": (
        "Mã nhiệm vụ toàn cục: năm ban hành / số, ký hiệu văn bản viết liền bằng «-» + «#» + số thứ tự "
        "nhiệm vụ trong văn bản (2026/03-CT-UBND#2). Số văn bản bắt đầu lại mỗi năm nên phải có năm."
    ),
    "document": "Số, ký hiệu văn bản giao nhiệm vụ.",
    "content": "Nội dung nhiệm vụ.",
    "assignee": "Mã cơ quan chủ trì thực hiện.",
    "monitor": "Mã phòng thuộc Văn phòng theo dõi, đôn đốc.",
    "classification": "Phân loại QC45/QC42 a–d.",
    "deadline_in_force": "Thời hạn đang áp dụng (sau gia hạn, nếu có), YYYY-MM-DD; rỗng nếu không có thời hạn.",
    "status": (
        "Tình trạng: not_started (chưa thực hiện), in_progress (đang thực hiện), done (đã thực hiện), "
        "cancelled (đã hủy)."
    ),
    "timeliness": "on_time (trong hạn), late (quá hạn), no_deadline (không có thời hạn).",
    "completed": "Ngày hoàn thành, YYYY-MM-DD; rỗng nếu chưa hoàn thành.",
    "task": "Mã nhiệm vụ trong văn bản (số nguyên).",
    "document_title": "Trích yếu văn bản.",
    "issued": "Ngày ban hành văn bản, YYYY-MM-DD.",
    "coordinators": "Mã các cơ quan phối hợp (trong CSV: ngăn cách bằng «;»).",
    "deadline": "Thời hạn giao ban đầu, YYYY-MM-DD.",
    "category": "Nhóm thống kê: done_on_time, done_late, open_on_time, overdue, no_deadline, cancelled.",
    "overdue": "true nếu chưa hoàn thành mà đã quá thời hạn.",
    "overdue_unexplained": "true nếu quá hạn mà chưa nêu lý do chậm.",
    "days_overdue": "Số ngày quá hạn (0 nếu không quá hạn).",
    "last_progress": "Ngày cập nhật tiến độ gần nhất, YYYY-MM-DD.",
    "delay_reason": "Lý do chậm được nêu gần nhất.",
}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def task_row(state: TaskState) -> dict:
    task, doc = state.task, state.document
    return {
        "id": state.id,
        "document": doc.number,
        "content": task.content,
        "assignee": task.assignee,
        "monitor": task.monitor,
        "classification": task.classification,
        "deadline_in_force": _iso(state.deadline_in_force),
        "status": state.status,
        "timeliness": state.timeliness,
        "completed": _iso(state.completed),
        "task": task.id,
        "document_title": doc.title,
        "issued": _iso(doc.issued),
        "coordinators": list(task.coordinators),
        "deadline": _iso(task.deadline),
        "category": state.category,
        "overdue": state.overdue,
        "overdue_unexplained": state.overdue_unexplained,
        "days_overdue": state.days_overdue,
        "last_progress": _iso(state.last_progress),
        "delay_reason": state.delay_reason,
    }


def task_rows(states: list[TaskState]) -> list[dict]:
    return [task_row(s) for s in states]


def export_json(rows: list[dict], as_of: dt.date) -> str:
    """One object {"as_of": …, "tasks": [...]}, stable key order, UTF-8 text (not \\u escapes)."""
    return json.dumps({"as_of": as_of.isoformat(), "tasks": rows}, ensure_ascii=False, indent=2) + "\n"


def csv_bytes(rows: list[dict], fields: list[str]) -> bytes:
    """UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly; booleans as
    true/false, lists joined by «;».

    Cells that start like a formula (`cells.formula_like`: =, +, -, @, tab, CR and their
    full-width forms) are prefixed with «'» so that opening the open-data file in Excel never
    runs text typed into the register (CSV injection).
    """
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        flat = {}
        for key in fields:
            value = row[key]
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, list | tuple):
                value = ";".join(map(str, value))
            flat[key] = csv_text(value)
        writer.writerow(flat)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def export_csv(rows: list[dict]) -> bytes:
    """The tasks' open data as CSV (see csv_bytes)."""
    return csv_bytes(rows, FIELDS)
