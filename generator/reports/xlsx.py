"""Excel views (openpyxl): the monthly compilation, plus helpers the reconciliation reuses.

Files are deterministic: the workbook's created/modified properties come from the as-of date
and every zip entry gets that same timestamp, so the same register and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.register.model import INTAKE_STATUSES
from generator.reports.monthly import (
    COUNTED,
    MonthlyReport,
    category_label,
    classification_label,
    lead_label,
    status_label,
    summary_sentence,
    title_line,
)
from generator.vi import fmt_date

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEAD_FONT = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


def stamp(as_of: dt.date) -> dt.datetime:
    """The fixed timestamp of generated files: noon of the as-of date (no current time)."""
    return dt.datetime(as_of.year, as_of.month, as_of.day, 12, 0, 0)


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with fixed entry times and order, so output is byte-identical.

    openpyxl stamps `modified` with the current time when saving; it is set back here.
    """
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp_tuple = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + [n for n in names if n != "[Content_Types].xml"]:
            info = zipfile.ZipInfo(name, date_time=stamp_tuple)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            content = src.read(name)
            if name == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>" + iso + rb"\g<2>", content)
            dst.writestr(info, content)
    return out.getvalue()


def workbook_bytes(wb: Workbook, as_of: dt.date, title: str) -> bytes:
    """Save with fixed core properties and zip timestamps."""
    when = stamp(as_of)
    props = wb.properties
    props.created = when
    props.modified = when
    props.creator = "nhiemvu"
    props.lastModifiedBy = "nhiemvu"
    props.title = title
    props.language = "vi-VN"
    buffer = io.BytesIO()
    wb.save(buffer)
    return stable_zip(buffer.getvalue(), when)


def write_table(
    ws: Worksheet,
    top: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    date_columns: Sequence[int] = (),
    percent_columns: Sequence[int] = (),
    freeze: bool = True,
    autofilter: bool = True,
) -> int:
    """A bordered table with a bold header row at `top`; returns the next free row."""
    for col, (head, width) in enumerate(zip(headers, widths, strict=False), start=1):
        cell = ws.cell(row=top, column=col, value=head)
        cell.font, cell.fill, cell.alignment, cell.border = _HEAD_FONT, _HEAD_FILL, _HEAD_ALIGN, _BORDER
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)
    styles: dict[int, object] = {}  # per column: the style array of its first data cell
    for r, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if col in styles:  # copying the small index array is ~50× faster than re-styling
                cell._style = copy(styles[col])
                continue
            cell.alignment, cell.border = _WRAP, _BORDER
            if col in date_columns:
                cell.number_format = DATE_FORMAT
            elif col in percent_columns:
                cell.number_format = PERCENT_FORMAT
            styles[col] = copy(cell._style)
    if freeze:
        ws.freeze_panes = ws.cell(row=top + 1, column=1).coordinate
    if autofilter and rows:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{top + len(rows)}"
    return top + len(rows) + 1


def _title(ws: Worksheet, lines: Sequence[str], span: int) -> None:
    for i, text in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=text).font = Font(bold=(i == 1), size=13 if i == 1 else 11)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=span)
        ws.cell(row=i, column=1).alignment = Alignment(wrap_text=True, vertical="top")


SUMMARY_HEADERS = (
    "Mã cơ quan",
    "Cơ quan chủ trì",
    "Tổng số",
    *(category_label(k) for k in COUNTED),
    category_label("cancelled"),
    "Tỷ lệ hoàn thành đúng hạn",
)
TASK_HEADERS = (
    "STT",
    "Mã nhiệm vụ",
    "Văn bản giao",
    "Ngày ban hành",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Phòng theo dõi",
    "Phân loại",
    "Thời hạn",
    "Trạng thái",
    "Ngày hoàn thành",
    "Kết quả",
    "Số ngày quá hạn",
    "Lý do chậm",
    "Cập nhật gần nhất",
)


def render_xlsx(report: MonthlyReport) -> bytes:
    """Sheets: Tổng hợp (totals per agency), Nhiệm vụ (every task), Kiến nghị, Hồ sơ trình."""
    wb = Workbook()
    _summary_sheet(wb.active, report)
    _tasks_sheet(wb.create_sheet("Nhiệm vụ"), report)
    _recommendation_sheet(wb.create_sheet("Kiến nghị"), report)
    _intake_sheet(wb.create_sheet("Hồ sơ trình"), report)
    return workbook_bytes(wb, report.as_of, f"Báo cáo {report.month_label}")


def _summary_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    ws.title = "Tổng hợp"
    span = len(SUMMARY_HEADERS)
    _title(
        ws,
        [
            f"BÁO CÁO {title_line(report).upper()}",
            f"{report.office} — số liệu tính đến ngày {fmt_date(report.as_of)}",
            summary_sentence(report),
        ],
        span,
    )
    ws.row_dimensions[3].height = 48
    rows = []
    for a in report.agencies:
        rows.append([a.code, a.name, a.total, *(a.counts[k] for k in COUNTED), a.counts["cancelled"], a.rate])
    rows.append(
        ["", "Tổng cộng", report.total, *(report.counts[k] for k in COUNTED), report.counts["cancelled"], report.rate]
    )
    end = write_table(
        ws,
        5,
        SUMMARY_HEADERS,
        rows,
        [12, 40, 10] + [14] * len(COUNTED) + [10, 14],
        percent_columns=[span],
        autofilter=False,
    )
    for col in range(1, span + 1):
        ws.cell(row=end - 1, column=col).font = _HEAD_FONT


def _tasks_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    rows = [
        [
            i,
            t.label,
            t.document,
            t.issued,
            t.content,
            t.assignee_name,
            t.monitor,
            classification_label(t.classification),
            t.deadline,
            status_label(t.status),
            t.completed,
            category_label(t.category),
            t.days_overdue or None,
            t.delay_reason,
            t.last_progress,
        ]
        for i, t in enumerate(report.tasks, start=1)
    ]
    write_table(
        ws,
        1,
        TASK_HEADERS,
        rows,
        [6, 18, 16, 12, 60, 30, 10, 24, 12, 16, 12, 22, 10, 40, 12],
        date_columns=[4, 9, 11, 15],
    )


def _recommendation_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    rows = [[i, r.assignee_name, r.task_label, r.date, r.text] for i, r in enumerate(report.recommendations, start=1)]
    write_table(
        ws,
        1,
        ("STT", "Cơ quan", "Mã nhiệm vụ", "Ngày ghi nhận", "Khó khăn, vướng mắc, kiến nghị"),
        rows,
        [6, 30, 18, 12, 80],
        date_columns=[4],
    )


def _intake_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    rows = [
        [
            i,
            s.number,
            s.title,
            s.sender_name,
            s.received,
            lead_label(s.lead),
            s.deadline,
            INTAKE_STATUSES[s.status],
            s.assignment,
            s.assignment_date,
            s.working_days_late or None,
        ]
        for i, s in enumerate(report.intake, start=1)
    ]
    write_table(
        ws,
        1,
        (
            "STT",
            "Số hồ sơ",
            "Trích yếu",
            "Cơ quan gửi",
            "Ngày nhận",
            "Loại",
            "Hạn xử lý",
            "Tình trạng",
            "Văn bản giao",
            "Ngày văn bản giao",
            "Quá hạn (ngày làm việc)",
        ),
        rows,
        [6, 18, 50, 12, 12, 34, 12, 30, 18, 12, 12],
        date_columns=[5, 7, 10],
    )
