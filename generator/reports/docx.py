"""Word view (python-docx) of the monthly compilation, ready to sign: laid out as Nghị định
30/2020/NĐ-CP, Phụ lục I, asks for a report (báo cáo):

- A4 portrait, margins 2 cm top and bottom, 3 cm left, 1.5 cm right, Times New Roman 14;
- the letterhead as a borderless table: issuing body and national motto on the first row, each
  with its short rule (a paragraph border, never typed «———»), «Số: …/BC-VPUBND» (the symbol from
  register.yaml, the number left for the clerk) on the same line as the place and date;
- «BÁO CÁO», its summary line and a short rule; an opening paragraph citing the regulations
  (QĐ 45/2016/QĐ-UBND, Công văn 419/VPUBND-HCTC, or `report_basis`);
- sections whose headings stay with what follows (keep with next), tables with a header row
  repeated on every page, a wide STT column, numbers right-aligned, rows never split;
- «Nơi nhận» (from register.yaml) and the signature block (`report_signer` in signers.yaml:
  «KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG / name»);
- page numbers from page 2, centred in the header.
Deterministic: core properties come from the as-of date, zip entries are stamped.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from generator.register.model import INTAKE_STATUSES
from generator.reports.cells import xml_text
from generator.reports.monthly import (
    COUNTED,
    SECTIONS,
    MonthlyReport,
    category_label,
    lead_label,
    summary_sentence,
    title_line,
)
from generator.reports.workbook import stable_zip, stamp
from generator.vi import fmt_date, fmt_rate

FONT = "Times New Roman"
BODY = 14
TABLE = 12
SAMPLE_MARK = "DỮ LIỆU MẪU — không phải số liệu thật"
CELL_STYLE = "Nội dung bảng"  # the paragraphs of table cells: 12 pt, single spacing, no space after


def long_date(report: MonthlyReport) -> str:
    """«Đắk Lắk, ngày 05 tháng 02 năm 2026»: day below 10 and months 1, 2 written with a zero."""
    day = report.as_of
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{report.province or '……'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def render_docx(report: MonthlyReport) -> bytes:
    doc = Document()
    _page_and_font(doc)
    _letterhead(doc, report)
    _heading(doc, "BÁO CÁO", space_before=12)
    _heading(doc, title_line(report), space_before=0)
    _rule(doc.add_paragraph(), Cm(5.5))
    _centered(doc, f"(Số liệu tính đến ngày {fmt_date(report.as_of)})", italic=True)
    if report.sample_data:
        _centered(doc, SAMPLE_MARK, bold=True)
    who = report.office or "Văn phòng UBND tỉnh"
    _para(
        doc,
        f"{report.basis}, {who} báo cáo tình hình thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao "
        f"{report.month_label}" + (f" ({report.monitor_name} theo dõi)" if report.monitor else "") + " như sau:",
    )

    _section(doc, SECTIONS[0])
    _para(doc, summary_sentence(report), keep=True)
    rows = [[str(i), category_label(k), str(report.counts[k])] for i, k in enumerate(COUNTED, start=1)]
    rows.append(["", "Tổng số", str(report.total)])
    rows.append(["", f"{category_label('cancelled')} (không tính)", str(report.counts["cancelled"])])
    _table(doc, ["STT", "Chỉ tiêu", "Số nhiệm vụ"], rows, [1.4, 11.1, 4.0], right=[2], bold_rows=[len(COUNTED)])

    _section(doc, SECTIONS[1])
    if report.agencies:
        _para(
            doc, "Kết quả thực hiện của từng cơ quan chủ trì (chi tiết từng nhiệm vụ tại Phụ lục kèm theo):", keep=True
        )
        heads = ["STT", "Cơ quan chủ trì", "Tổng số", *(category_label(k) for k in COUNTED), "Tỷ lệ đúng hạn"]
        rows = [
            [str(i), a.name, str(a.total), *(str(a.counts[k]) for k in COUNTED), fmt_rate(a.rate)]
            for i, a in enumerate(report.agencies, start=1)
        ]
        rows.append(
            ["", "Tổng cộng", str(report.total), *(str(report.counts[k]) for k in COUNTED), fmt_rate(report.rate)]
        )
        _table(
            doc,
            heads,
            rows,
            [1.2, 3.7, 1.3, 1.75, 1.75, 1.75, 1.75, 1.75, 1.55],
            right=range(2, 9),
            bold_rows=[len(rows) - 1],
        )
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
            [1.2, 2.3, 4.2, 2.2, 2.4, 1.5, 2.7],
            right=[5],
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
            [1.2, 4.0, 2.0, 2.4, 2.1, 2.4, 2.4],
        )
    else:
        _para(doc, "Trong kỳ không tiếp nhận hồ sơ trình nào; không có hồ sơ quá hạn giao nhiệm vụ.")

    _para(
        doc,
        f"Trên đây là báo cáo tình hình thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao {report.month_label}.",
    )
    _signature(doc, report)
    _properties(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue(), stamp(report.as_of))


# ---------------------------------------------------------------- page


def _page_and_font(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = Cm(1.0)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.element.rPr.rFonts.set(qn("w:cs"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    cells = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = style
    cells.font.size = Pt(TABLE)
    cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.line_spacing = 1.0
    # page numbers from page 2: the first page has its own (empty) header
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _text(value: object) -> str:
    return xml_text(str(value or ""))


def _run(para, text: str, *, bold=False, italic=False, size: float | None = None):
    """A run; only what differs from its paragraph's style is set (each setting is an XML element,
    and a long report has tens of thousands of runs)."""
    run = para.add_run(_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size:
        run.font.size = Pt(size)
    return run


def _rule(para, width, *, centered: bool = True, available=None) -> None:
    """A short horizontal line under a heading: an empty, tiny paragraph with a top border,
    indented so that the line is `width` long and centred in `available` (the text width)."""
    available = available or Cm(16.5)
    indent = max(int((available - width) / 2), 0)
    fmt = para.paragraph_format
    fmt.left_indent, fmt.right_indent = indent, indent
    fmt.space_before, fmt.space_after = Pt(1), Pt(2)
    fmt.line_spacing = 1.0
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)
    run = para.add_run("")
    run.font.size = Pt(2)


def _cell_lines(cell, lines) -> None:
    """Lines (text, bold, italic, size) centred in a table cell."""
    cell.paragraphs[0].text = ""
    for i, (text, bold, italic, size) in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.line_spacing = 1.0
        _run(para, text, bold=bold, italic=italic, size=size)


def _letterhead(doc, report: MonthlyReport) -> None:
    """Issuing body | national motto, each with its rule; then «Số: …» | place and date on one line."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(6.5), Cm(10.0))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    province = (report.province or "").upper()
    left, right = table.rows[0].cells
    _cell_lines(left, [(f"UBND TỈNH {province}".strip(), False, False, 13), ("VĂN PHÒNG", True, False, 13)])
    _rule(left.add_paragraph(), Cm(2.2), available=widths[0])
    _cell_lines(
        right,
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 12.5), ("Độc lập - Tự do - Hạnh phúc", True, False, 13)],
    )
    _rule(right.add_paragraph(), Cm(5.6), available=widths[1])
    number, date = table.rows[1].cells
    _cell_lines(number, [(f"Số:        /{report.symbol}", False, False, 13)])
    _cell_lines(date, [(long_date(report), False, True, 14)])


def _heading(doc, text: str, *, space_before: int = 6) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(space_before), Pt(0), True
    _run(para, text, bold=True)


def _centered(doc, text: str, *, bold: bool = False, italic: bool = False) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.keep_with_next = True
    _run(para, text, bold=bold, italic=italic)


def _section(doc, text: str) -> None:
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.space_before, fmt.keep_with_next = Pt(6), True
    fmt.first_line_indent = Cm(1.0)
    _run(para, text, bold=True)


def _para(doc, text: str, *, keep: bool = False) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para.paragraph_format.first_line_indent = Cm(1.0)
    para.paragraph_format.keep_with_next = keep
    _run(para, text)


# ---------------------------------------------------------------- tables


def _table(doc, headers, rows, widths_cm, *, right=(), bold_rows=()) -> None:
    """A grid table: header row repeated on every page, rows never split across pages, numbers
    right-aligned (`right`: 0-based columns), STT centred. Cells are reached through each new
    row's own `<w:tc>` elements: python-docx's `row.cells` walks the whole table each time."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)  # new rows take their cell widths from the grid
    style = doc.styles[CELL_STYLE].style_id
    _add_row(table, headers, style, header=True)
    right = set(right)
    bold_rows = set(bold_rows)
    for index, values in enumerate(rows):
        _add_row(table, [str(v) for v in values], style, right=right, bold=index in bold_rows)
    _repeat_header(table)
    gap = doc.add_paragraph()  # a table must not touch the next heading
    gap.paragraph_format.space_after = Pt(0)
    gap.paragraph_format.line_spacing = 1.0


def _add_row(table, texts, style: str, *, header: bool = False, right=frozenset(), bold: bool = False) -> None:
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))
    for col, (tc, text) in enumerate(zip(row._tr.tc_lst, texts, strict=False)):
        para = _Cell(tc, table).paragraphs[0]  # the cell's width comes from the table's grid
        para._p.style = style  # the style's id, set on the XML: python-docx's setter looks the style up each time
        if header or col == 0:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif col in right:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(para, text, bold=header or bold, size=TABLE - 1 if header else None)


def _repeat_header(table) -> None:
    """Repeat the header row on every page of a long table."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


# ---------------------------------------------------------------- signature


def _signature(doc, report: MonthlyReport) -> None:
    """«Nơi nhận» at the left, the signature block at the right, kept on one page."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    widths = (Cm(8.0), Cm(8.5))
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))
    left, right = table.rows[0].cells
    para = left.paragraphs[0]
    para.paragraph_format.space_after = Pt(0)
    _run(para, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in report.recipients:
        item = left.add_paragraph()
        item.paragraph_format.space_after = Pt(0)
        item.paragraph_format.line_spacing = 1.0
        _run(item, f"- {line}", size=11)
    block = report.signer
    lines = [(block.authority, True, False, 14)]
    if block.position:
        lines.append((block.position, True, False, 14))
    lines += [("", False, False, 14)] * 4
    lines.append((block.name, True, False, 14))
    _cell_lines(right, lines)


def _properties(doc, report: MonthlyReport) -> None:
    props = doc.core_properties
    when = stamp(report.as_of)
    props.author = "nhiemvu"
    props.last_modified_by = "nhiemvu"
    props.title = f"Báo cáo {report.month_label}"
    props.subject = _text(title_line(report))
    props.language = "vi-VN"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.keywords = "báo cáo tháng; nhiệm vụ"
    props.comments = ""
