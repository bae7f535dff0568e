"""The agency figures that rank agencies: one computation, shown by the site's ranking, the
monitoring-division tables and the monthly report, and published as open data
(`data/agencies.json`, `data/agencies.csv`) so that anyone can check them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from generator.register.model import Register
from generator.register.status import RATE_DEFINITION, TaskState, count_categories, on_time_rate
from generator.reports.export import csv_bytes

# The open data's columns, in order, with their meaning (the site's «Dữ liệu mở» page).
AGENCY_FIELDS = {
    "code": "Mã cơ quan (agencies.yaml).",
    "name": "Tên cơ quan.",
    "tasks": "Tổng số nhiệm vụ được giao chủ trì, kể cả nhiệm vụ đã hủy.",
    "done_on_time": "Đã hoàn thành đúng hạn.",
    "done_late": "Đã hoàn thành quá hạn.",
    "overdue": "Chưa hoàn thành, đã quá thời hạn đang áp dụng.",
    "in_progress_on_time": "Chưa hoàn thành, còn trong hạn.",
    "no_deadline": "Không có thời hạn.",
    "cancelled": "Đã hủy (không tính vào tỷ lệ).",
    "on_time_rate": RATE_DEFINITION + " Rỗng (null) khi chưa có nhiệm vụ nào đến hạn.",
}


@dataclass(frozen=True, slots=True)
class AgencyFigures:
    code: str
    name: str
    tasks: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress_on_time: int
    no_deadline: int
    cancelled: int
    on_time_rate: float | None


def figures_of(code: str, name: str, states: Iterable[TaskState]) -> AgencyFigures:
    counts = count_categories(states)
    rate = on_time_rate(counts)
    return AgencyFigures(
        code=code,
        name=name,
        tasks=sum(counts.values()),
        done_on_time=counts["done_on_time"],
        done_late=counts["done_late"],
        overdue=counts["overdue"],
        in_progress_on_time=counts["open_on_time"],
        no_deadline=counts["no_deadline"],
        cancelled=counts["cancelled"],
        on_time_rate=None if rate is None else round(rate, 6),
    )


def agency_figures(states: Iterable[TaskState], register: Register) -> list[AgencyFigures]:
    """Per lead agency (assignee) with tasks, in code order."""
    by_code: dict[str, list[TaskState]] = {}
    for state in states:
        by_code.setdefault(state.task.assignee, []).append(state)
    names = {code: agency.name for code, agency in register.agencies.items()}
    return [figures_of(code, names.get(code, code), by_code[code]) for code in sorted(by_code)]


def figures_json(rows: list[AgencyFigures], as_of: dt.date) -> str:
    data = {"as_of": as_of.isoformat(), "rate_definition": RATE_DEFINITION, "agencies": [asdict(r) for r in rows]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def figures_csv(rows: list[AgencyFigures]) -> bytes:
    return csv_bytes([asdict(r) for r in rows], list(AGENCY_FIELDS))
