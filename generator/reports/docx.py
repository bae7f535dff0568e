"""Word view (python-docx) of the monthly compilation, laid out as an administrative report
(Nghị định 30/2020/NĐ-CP): title block, place and date, BÁO CÁO, numbered sections, tables,
"Nơi nhận". Deterministic: core properties come from the as-of date, zip entries are stamped.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from generator.register.model import INTAKE_STATUSES
from generator.reports.monthly import (
    COUNTED,
    SECTIONS,
    MonthlyReport,
    category_label,
    lead_label,
    summary_sentence,
    title_line,
)
from generator.reports.xlsx import stable_zip, stamp
from generator.vi import fmt_date, fmt_rate

FONT = "Times New Roman"


def render_docx(report: MonthlyReport) -> bytes:
    doc = Document()
    _page_and_font(doc)
    _title_block(doc, report)
    _heading(doc, "BÁO CÁO", size=14, space_before=12)
    _centered(doc, title_line(report), bold=True)
    _centered(doc, f"(Số liệu tính đến ngày {fmt_date(report.as_of)})", italic=True)
    if report.sample_data:
        _centered(doc, "DỮ LIỆU MẪU — không phải số liệu thật", bold=True)

    _section(doc, SECTIONS[0])
    _para(doc, summary_sentence(report))
    rows = [[category_label(k), str(report.counts[k])] for k in COUNTED]
    rows.append(["Tổng số", str(report.total)])
    rows.append([f"{category_label('cancelled')} (không tính)", str(report.counts["cancelled"])])
    _table(doc, ["Chỉ tiêu", "Số nhiệm vụ"], rows, [10, 4])

    _section(doc, SECTIONS[1])
    if report.agencies:
        heads = ["STT", "Cơ quan chủ trì", "Tổng số", *(category_label(k) for k in COUNTED), "Tỷ lệ đúng hạn"]
        rows = [
            [str(i), a.name, str(a.total), *(str(a.counts[k]) for k in COUNTED), fmt_rate(a.rate)]
            for i, a in enumerate(report.agencies, start=1)
        ]
        _table(doc, heads, rows, [1, 5.5, 1.6, 1.8, 1.8, 1.8, 1.8, 1.8, 2])
    else:
        _para(doc, "Không có nhiệm vụ nào trong phạm vi báo cáo.")

    _section(doc, SECTIONS[2])
    if report.overdue:
        rows = [
            [
                str(i),
                t.label,
                t.content,
                t.assignee_name,
                fmt_date(t.deadline),
                str(t.days_overdue),
                t.delay_reason or "Chưa có giải trình",
            ]
            for i, t in enumerate(report.overdue, start=1)
        ]
        _table(
            doc,
            ["STT", "Nhiệm vụ", "Nội dung", "Cơ quan chủ trì", "Thời hạn", "Quá hạn (ngày)", "Lý do chậm"],
            rows,
            [1, 2.6, 6, 3.2, 2.2, 1.6, 5],
        )
    else:
        _para(doc, "Không có nhiệm vụ quá hạn chưa hoàn thành.")

    _section(doc, SECTIONS[3])
    if report.recommendations:
        for i, r in enumerate(report.recommendations, start=1):
            _para(doc, f"{i}. {r.assignee_name} (nhiệm vụ {r.task_label}, ngày {fmt_date(r.date)}): {r.text}")
    else:
        _para(doc, "Trong kỳ, các cơ quan không có kiến nghị, phản ánh.")

    _section(doc, SECTIONS[4])
    if report.intake:
        rows = [
            [
                str(i),
                f"{s.number}: {s.title}",
                s.sender_name,
                fmt_date(s.received),
                lead_label(s.lead),
                fmt_date(s.deadline),
                INTAKE_STATUSES[s.status] + (f" ({s.assignment})" if s.assignment else ""),
            ]
            for i, s in enumerate(report.intake, start=1)
        ]
        _table(
            doc,
            ["STT", "Hồ sơ", "Cơ quan gửi", "Ngày nhận", "Loại", "Hạn xử lý", "Tình trạng"],
            rows,
            [1, 6.5, 2, 2.2, 4, 2.2, 4],
        )
    else:
        _para(doc, "Trong kỳ không tiếp nhận hồ sơ trình nào; không có hồ sơ quá hạn giao nhiệm vụ.")

    _recipients(doc, report)
    _properties(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue(), stamp(report.as_of))


def _page_and_font(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(4)


def _title_block(doc, report: MonthlyReport) -> None:
    """Left: issuing body; right: national motto; then place and date, as NĐ 30/2020 lays out."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(9.5), Cm(15.0)
    province = (report.province or "").upper()
    _cell_lines(
        left,
        [(f"UBND TỈNH {province}".strip(), False), ("VĂN PHÒNG", True), ("———", False), ("Số:       /BC-VP", False)],
    )
    _cell_lines(
        right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True), ("———————", False)]
    )
    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = date.add_run(
        f"{report.province or '……'}, ngày {report.as_of.day:02d} tháng {report.as_of.month:02d} năm {report.as_of.year}"
    )
    run.italic = True


def _cell_lines(cell, lines) -> None:
    cell.paragraphs[0].text = ""
    for i, (text, bold) in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(text)
        run.bold = bold
        run.font.size = Pt(13)


def _heading(doc, text: str, *, size: int = 13, space_before: int = 6) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_before = Pt(space_before)
    run = para.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _centered(doc, text: str, *, bold: bool = False, italic: bool = False) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text)
    run.bold, run.italic = bold, italic


def _section(doc, text: str) -> None:
    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(10)
    para.add_run(text).bold = True


def _para(doc, text: str) -> None:
    para = doc.add_paragraph(text)
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para.paragraph_format.first_line_indent = Cm(1.0)


def _table(doc, headers, rows, widths_cm) -> None:
    """A grid table. Cells are reached through each new row's own `<w:tc>` elements:
    python-docx's `row.cells` walks the whole table each time, which is quadratic."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)  # new rows take their cell widths from the grid
    _add_row(table, headers, bold=True)
    for values in rows:
        _add_row(table, [str(v) for v in values])
    _repeat_header(table)


def _add_row(table, texts, *, bold: bool = False) -> None:
    row = table.add_row()
    for tc, text in zip(row._tr.tc_lst, texts, strict=False):
        para = _Cell(tc, table).paragraphs[0]
        run = para.add_run(text)
        run.font.size = Pt(11)
        if bold:
            run.bold = True
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(table) -> None:
    """Repeat the header row on every page of a long table."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    element = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(element)


def _recipients(doc, report: MonthlyReport) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(12.0), Cm(12.5)
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic = True, True
    for line in ("- Lãnh đạo Văn phòng;", "- Phòng Tổng hợp;", "- Lưu: VT, TH."):
        left.add_paragraph(line).runs[0].font.size = Pt(11)
    _cell_lines(
        right,
        [
            ("TL. CHÁNH VĂN PHÒNG" if not report.monitor else "TRƯỞNG PHÒNG", True),
            ("", False),
            ("", False),
            ("", False),
        ],
    )


def _properties(doc, report: MonthlyReport) -> None:
    props = doc.core_properties
    when = stamp(report.as_of)
    props.author = "nhiemvu"
    props.last_modified_by = "nhiemvu"
    props.title = f"Báo cáo {report.month_label}"
    props.subject = title_line(report)
    props.language = "vi-VN"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.keywords = "báo cáo tháng; nhiệm vụ"
    props.comments = ""
