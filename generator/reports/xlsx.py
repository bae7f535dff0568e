"""Excel view of the monthly compilation: the appendices («Phụ lục») of the signed report.

Each sheet prints on A4 landscape, one page wide, with its header row repeated on every page
and page numbers in the footer; names stand beside the codes; the «DỮ LIỆU MẪU» mark is on
every sheet when the register is sample data. Written through the one workbook writer
(`generator.reports.workbook`): text stays text, dates stay dates, same bytes for the same
register and date.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from generator.register.model import INTAKE_STATUSES
from generator.reports.monthly import (
    COUNTED,
    MonthlyReport,
    category_label,
    lead_label,
    status_label,
    summary_sentence,
    title_line,
)
from generator.reports.workbook import (  # noqa: F401  (stable_zip, stamp: older import path)
    HEAD_FONT,
    new_workbook,
    print_setup,
    stable_zip,
    stamp,
    title_rows,
    workbook_bytes,
    write_table,
)
from generator.vi import fmt_date

SAMPLE_MARK = "DỮ LIỆU MẪU — không phải số liệu thật"
HEADER_ROW = 7  # every sheet: title block on rows 1–6, the table's header row here

SUMMARY_HEADERS = (
    "STT",
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
    "Mã cơ quan",
    "Cơ quan chủ trì",
    "Mã phòng",
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
    """Sheets: Tổng hợp (Phụ lục I), Nhiệm vụ (Phụ lục II), Kiến nghị (Phụ lục III), Hồ sơ trình
    (Phụ lục IV)."""
    wb = new_workbook()
    _summary_sheet(wb.active, report)
    _tasks_sheet(wb.create_sheet("Nhiệm vụ"), report)
    _recommendation_sheet(wb.create_sheet("Kiến nghị"), report)
    _intake_sheet(wb.create_sheet("Hồ sơ trình"), report)
    return workbook_bytes(wb, report.as_of, f"Báo cáo {report.month_label}")


def attached_to(report: MonthlyReport) -> str:
    """«(Kèm theo Báo cáo số      /BC-VPUBND ngày 25/3/2026 của Văn phòng UBND tỉnh Đắk Lắk)»: the
    number is left blank for the clerk who registers the signed report."""
    return f"(Kèm theo Báo cáo số        /{report.symbol} ngày {fmt_date(report.as_of)} của {report.office})"


def _head(ws: Worksheet, report: MonthlyReport, number: str, title: str, span: int, extra: str = "") -> None:
    """Rows 1–6: «Phụ lục N», the title, the report it belongs to, the as-of line, a free line
    (summary) and the sample-data mark; the table's header is row HEADER_ROW."""
    lines: list = [
        (f"Phụ lục {number}", {"bold": True, "size": 13}),
        (title.upper(), {"bold": True, "size": 13, "height": 36}),
        (attached_to(report), {"italic": True, "size": 11}),
        (
            f"Số liệu tính đến ngày {fmt_date(report.as_of)}; kỳ báo cáo từ {fmt_date(report.period_start)} "
            f"đến {fmt_date(report.as_of)}.",
            {"bold": False, "size": 11},
        ),
        (extra, {"bold": False, "size": 11, "align": "left", "height": 48 if extra else None}),
        (SAMPLE_MARK if report.sample_data else "", {"bold": True, "size": 12, "color": "C00000"}),
    ]
    title_rows(ws, lines, span)
    footer = f"{report.office} — Phụ lục {number} — {report.month_label}"
    print_setup(ws, header_row=HEADER_ROW, footer=footer, header=SAMPLE_MARK if report.sample_data else "")


def _summary_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    ws.title = "Tổng hợp"
    span = len(SUMMARY_HEADERS)
    _head(ws, report, "I", f"Kết quả thực hiện theo cơ quan — {title_line(report)}", span, summary_sentence(report))
    rows = []
    for i, a in enumerate(report.agencies, start=1):
        rows.append([i, a.code, a.name, a.total, *(a.counts[k] for k in COUNTED), a.counts["cancelled"], a.rate])
    rows.append(
        [
            None,
            None,
            "Tổng cộng",
            report.total,
            *(report.counts[k] for k in COUNTED),
            report.counts["cancelled"],
            report.rate,
        ]
    )
    end = write_table(
        ws,
        HEADER_ROW,
        SUMMARY_HEADERS,
        rows,
        [6, 15, 40, 9] + [13] * len(COUNTED) + [9, 14],
        percent_columns=[span],
        number_columns=range(4, span),
        center_columns=[1, 2],
        autofilter=False,
    )
    for col in range(1, span + 1):
        ws.cell(row=end - 1, column=col).font = HEAD_FONT


def _tasks_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    rows = [
        [
            i,
            t.label,
            t.document,
            t.issued,
            t.content,
            t.assignee,
            t.assignee_name,
            t.monitor,
            t.monitor_name,
            t.classification,
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
    _head(ws, report, "II", f"Danh sách nhiệm vụ — {title_line(report)}", len(TASK_HEADERS))
    write_table(
        ws,
        HEADER_ROW,
        TASK_HEADERS,
        rows,
        [6, 17, 14, 11, 50, 15, 24, 8, 16, 9, 11, 14, 11, 16, 9, 32, 11],
        date_columns=[4, 11, 13, 17],
        number_columns=[15],
        center_columns=[1, 6, 8, 10],
    )


def _recommendation_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    rows = [
        [i, r.assignee, r.assignee_name, r.task_label, r.date, r.text]
        for i, r in enumerate(report.recommendations, start=1)
    ]
    _head(ws, report, "III", f"Khó khăn, vướng mắc, kiến nghị — {report.month_label}", 6)
    write_table(
        ws,
        HEADER_ROW,
        ("STT", "Mã cơ quan", "Cơ quan", "Mã nhiệm vụ", "Ngày ghi nhận", "Khó khăn, vướng mắc, kiến nghị"),
        rows,
        [6, 15, 30, 18, 12, 80],
        date_columns=[5],
        center_columns=[1, 2],
    )


INTAKE_HEADERS = (
    "STT",
    "Số hồ sơ",
    "Trích yếu",
    "Mã cơ quan",
    "Cơ quan gửi",
    "Ngày nhận",
    "Loại",
    "Hạn xử lý",
    "Tình trạng",
    "Văn bản giao",
    "Ngày văn bản giao",
    "Quá hạn (ngày làm việc)",
)


def _intake_sheet(ws: Worksheet, report: MonthlyReport) -> None:
    rows = [
        [
            i,
            s.number,
            s.title,
            s.sender,
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
    _head(ws, report, "IV", f"Tiếp nhận hồ sơ trình, đề xuất — {report.month_label}", len(INTAKE_HEADERS))
    write_table(
        ws,
        HEADER_ROW,
        INTAKE_HEADERS,
        rows,
        [6, 18, 50, 15, 24, 12, 30, 12, 28, 18, 12, 12],
        date_columns=[6, 8, 11],
        number_columns=[12],
        center_columns=[1, 4],
    )
