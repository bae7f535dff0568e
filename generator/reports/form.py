"""The form sent to an agency (`nhiemvu report form`): its open tasks, pre-filled, with columns
for it to fill, read back exactly by `reconcile`.

Sheet «Báo cáo»: a title block, short instructions, then one row per open task of the agency
(it is the lead agency) — the task's global id, the document with its date, the content, the
deadline in force and what the register holds — and the columns the agency fills: status (a
drop-down list of Vietnamese words), completion date, report number, difficulties and
recommendations. The pre-filled columns are locked (the sheet is protected without a password,
so a clerk can still unprotect it), the agency's columns are not. Sheet «Hướng dẫn» explains
each column. A very hidden sheet «nhiemvu» names the table's sheet, header row, columns and the
task ids, so that `reconcile` reads the returned file by position, whatever the agency typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from generator.register.model import STATUSES, Register, is_secret
from generator.register.status import TaskState
from generator.reports.reconcile import AGENCY_STATUSES
from generator.reports.sheets import FORM_SHEET
from generator.reports.workbook import (
    FONT,
    new_workbook,
    print_setup,
    put,
    title_rows,
    workbook_bytes,
    write_table,
)
from generator.vi import fmt_date

FORM_ID = "nhiemvu-phieu-bao-cao"
SHEET = "Báo cáo"
HEADER_ROW = 7
# (key read back by reconcile, header, width, filled by the agency)
COLUMNS = (
    ("stt", "STT", 6, False),
    ("id", "Mã nhiệm vụ", 20, False),
    ("document", "Văn bản giao", 24, False),
    ("content", "Nội dung nhiệm vụ", 50, False),
    ("deadline", "Thời hạn", 12, False),
    ("register_status", "Sổ theo dõi đang ghi", 18, False),
    ("status", "Tình trạng thực hiện", 18, True),
    ("completed", "Ngày hoàn thành", 13, True),
    ("report", "Số văn bản báo cáo", 16, True),
    ("difficulties", "Khó khăn, vướng mắc", 30, True),
    ("recommendation", "Kiến nghị, đề xuất", 30, True),
)
CHOICES = tuple(AGENCY_STATUSES[k] for k in ("done", "in_progress", "not_started"))
_FILL = PatternFill("solid", fgColor="FFF2CC")  # the agency's columns: pale yellow


@dataclass(frozen=True, slots=True)
class FormTask:
    id: str
    label: str
    document: str  # «14/CT-UBND ngày 05/01/2026»
    content: str
    deadline: dt.date | None
    held: str  # what the register holds: «Đang thực hiện; quá hạn 12 ngày»


def form_tasks(states: list[TaskState], agency: str, as_of: dt.date) -> list[FormTask]:
    """The agency's open tasks (not done, not cancelled) of public documents issued by `as_of`."""
    out = []
    for s in states:
        doc = s.document
        if s.task.assignee != agency or is_secret(doc) or doc.issued > as_of:
            continue
        if s.status not in ("not_started", "in_progress"):
            continue
        held = STATUSES[s.status] + (f"; quá hạn {s.days_overdue} ngày" if s.overdue else "")
        out.append(
            FormTask(
                s.id,
                s.label,
                f"{doc.number} ngày {fmt_date(doc.issued)}",
                s.task.content,
                s.deadline_in_force,
                held,
            )
        )
    return out


def render_form(
    register: Register, states: list[TaskState], agency: str, year: int, month: int, as_of: dt.date
) -> bytes:
    tasks = form_tasks(states, agency, as_of)
    name = register.agencies[agency].name if agency in register.agencies else agency
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    _table(ws, register, tasks, name, agency, month, year, as_of)
    _guide(wb.create_sheet("Hướng dẫn"), name)
    _description(wb.create_sheet(FORM_SHEET), agency, year, month, as_of, tasks)
    return workbook_bytes(wb, as_of, f"Phiếu báo cáo tháng {month}/{year} — {agency}")


def _table(ws, register: Register, tasks: list[FormTask], name: str, agency: str, month, year, as_of) -> None:
    span = len(COLUMNS)
    title_rows(
        ws,
        [
            "PHIẾU BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
            (f"Tháng {month} năm {year} — Cơ quan chủ trì: {name} ({agency})", {"bold": True, "size": 12}),
            (
                f"Nhiệm vụ chưa hoàn thành theo sổ theo dõi của {register.settings.office or 'Văn phòng UBND tỉnh'}, "
                f"tính đến ngày {fmt_date(as_of)}.",
                {"italic": True, "size": 11},
            ),
            (
                "Cơ quan điền các cột nền vàng: chọn «Tình trạng thực hiện» trong danh sách; ghi «Ngày hoàn "
                "thành» dạng dd/mm/yyyy và «Số văn bản báo cáo» (ví dụ 2150/BC-STC) cho nhiệm vụ đã hoàn thành. "
                "Không sửa các cột khác, không thêm, xóa dòng hay đổi tên trang; xem thêm trang «Hướng dẫn».",
                {"size": 11, "align": "left", "height": 32},
            ),
            (
                "DỮ LIỆU MẪU — không phải số liệu thật" if register.settings.sample_data else "",
                {"bold": True, "color": "C00000"},
            ),
        ],
        span,
    )
    rows = [
        [i, t.id, t.document, t.content, t.deadline, t.held, None, None, None, None, None]
        for i, t in enumerate(tasks, 1)
    ]
    numbering = [f"({i})" for i in range(1, span + 1)]
    end = write_table(
        ws,
        HEADER_ROW,
        [c[1] for c in COLUMNS],
        [numbering, *rows],
        [c[2] for c in COLUMNS],
        date_columns=[5, 8],
        center_columns=[1],
        autofilter=False,
    )
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 2, column=1).coordinate
    for col in range(1, span + 1):
        cell = ws.cell(row=HEADER_ROW + 1, column=col)
        cell.alignment = Alignment(horizontal="center")
        cell.font = Font(name=FONT, italic=True, size=10)
    filled = [i for i, c in enumerate(COLUMNS, start=1) if c[3]]
    for r in range(HEADER_ROW + 2, end):
        for col in range(1, span + 1):
            cell = ws.cell(row=r, column=col)
            if col in filled:
                cell.protection = Protection(locked=False)
                cell.fill = _FILL
            if col == 8:
                cell.number_format = "dd/mm/yyyy"
    for col in filled:
        ws.cell(row=HEADER_ROW, column=col).fill = _FILL
    if tasks:
        last = end - 1
        status = DataValidation(
            type="list",
            formula1='"' + ",".join(CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tình trạng thực hiện",
            error="Chọn một tình trạng trong danh sách: " + ", ".join(CHOICES) + ".",
            promptTitle="Tình trạng thực hiện",
            prompt="Chọn trong danh sách.",
        )
        status.add(f"G{HEADER_ROW + 2}:G{last}")
        date = DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2100,12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ngày hoàn thành",
            error="Ghi ngày dạng dd/mm/yyyy, ví dụ 15/03/2026.",
        )
        date.add(f"H{HEADER_ROW + 2}:H{last}")
        ws.add_data_validation(status)
        ws.add_data_validation(date)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    print_setup(ws, header_row=HEADER_ROW, footer=f"Phiếu báo cáo tháng {month}/{year} — {agency}")


def _guide(ws, name: str) -> None:
    lines = [
        ("HƯỚNG DẪN ĐIỀN PHIẾU", {"bold": True, "size": 13}),
        (f"Phiếu gửi {name}. Mỗi dòng là một nhiệm vụ chưa hoàn thành theo sổ theo dõi.", {"size": 11}),
    ]
    lines += [
        (f"• {head}: {text}", {"size": 11, "align": "left", "height": 30})
        for head, text in (
            ("Mã nhiệm vụ", "mã của nhiệm vụ trong sổ theo dõi (năm/số-ký-hiệu#số thứ tự); không sửa."),
            ("Văn bản giao, Nội dung, Thời hạn", "trích từ sổ theo dõi; nếu thấy sai, ghi vào cột Kiến nghị."),
            ("Sổ theo dõi đang ghi", "tình trạng Văn phòng đang ghi nhận, để cơ quan đối chiếu."),
            ("Tình trạng thực hiện", "chọn " + ", ".join(f"«{c}»" for c in CHOICES) + "."),
            ("Ngày hoàn thành", "chỉ ghi khi đã hoàn thành, dạng dd/mm/yyyy."),
            ("Số văn bản báo cáo", "số, ký hiệu văn bản báo cáo kết quả, ví dụ 2150/BC-STC."),
            ("Khó khăn, vướng mắc; Kiến nghị, đề xuất", "ghi ngắn gọn, nếu có."),
        )
    ]
    lines.append(("Gửi lại tệp này (dạng .xlsx) cho Văn phòng; không đổi tên các trang.", {"size": 11, "bold": True}))
    title_rows(ws, lines, 1)
    ws.column_dimensions["A"].width = 110
    print_setup(ws, landscape=False)


def _description(ws, agency: str, year: int, month: int, as_of: dt.date, tasks: list[FormTask]) -> None:
    """What `reconcile` reads to find the table exactly (a very hidden sheet)."""
    pairs = [
        ("form", FORM_ID),
        ("version", 1),
        ("agency", agency),
        ("month", f"{year}-{month:02d}"),
        ("as_of", as_of.isoformat()),
        ("sheet", SHEET),
        ("header_row", HEADER_ROW),
        ("columns", ",".join(c[0] for c in COLUMNS)),
    ] + [("task", t.id) for t in tasks]  # one per row: a cell holds at most 32,767 characters
    for r, (key, value) in enumerate(pairs, start=1):
        put(ws, r, 1, key)
        put(ws, r, 2, value)
    ws.sheet_state = "veryHidden"
