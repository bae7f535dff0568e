"""The printable books of a secret register (R5): «Tài liệu đi» and «Tài liệu mật đến», as the
Office prints and signs them — A4 landscape, the columns in the order the letter lists them, a
row for each hand-over with a signature cell for the giver and one for the receiver, page
numbers, «MẬT» at the top and the bottom of every page, the year's totals.

`book_table` is plain data; `render_xlsx`, `render_docx` and `render_pdf` are its views.
Output is deterministic: the same books and year give the same bytes (times come from the
last day the book covers). The workbook is written through `_sheet_cell`, the one place that
puts a value into a cell, so that text never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import NhiemvuError
from generator.register.model import HANDOVER_ROLES, SECRECY_LEVELS, URGENCIES, BookEntry, Register
from generator.register.secrecy import SECRET_MARK
from generator.reports.xlsx import stable_zip, stamp, workbook_bytes
from generator.vi import fmt_date

COLUMNS = {
    "outgoing": (
        ("Số", 7),
        ("Ngày tháng", 14),
        ("Nơi nhận", 30),
        ("Trích yếu nội dung", 46),
        ("Độ mật", 12),
        ("Độ khẩn", 13),
        ("Người ký", 22),
        ("Ghi chú", 24),
    ),
    "incoming": (
        ("Số đến", 8),
        ("Ngày đến", 14),
        ("Nơi gửi", 22),
        ("Số, ký hiệu", 15),
        ("Ngày tháng", 14),
        ("Trích yếu nội dung", 30),
        ("Độ mật", 11),
        ("Độ khẩn", 13),
        ("Giao nhận (ngày, bên giao → bên nhận)", 30),
        ("Bên giao ký", 14),
        ("Bên nhận ký", 14),
    ),
}
TITLES = {
    "outgoing": "SỔ ĐĂNG KÝ TÀI LIỆU MẬT ĐI",
    "incoming": "SỔ ĐĂNG KÝ TÀI LIỆU MẬT ĐẾN",
}
NO_SUMMARY = "(không ghi trích yếu: tuyệt mật, chưa có phép)"
SIGNED = "(đã ký)"
# A formula would run when the book is opened: text cells starting like one are kept as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class BookRow:
    """One printed row: the entry's cells on its first row, then one row per further hand-over."""

    cells: tuple[str, ...]
    span: int = 1  # rows the entry's own cells cover (its hand-overs)
    first: bool = True  # the entry's first row (the one that carries its cells)


@dataclass(slots=True)
class BookTable:
    book: str
    year: int
    office: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: list[BookRow] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)
    entries: int = 0

    @property
    def title(self) -> str:
        return f"{TITLES[self.book]} NĂM {self.year}"

    @property
    def stamp_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)


def _summary(entry: BookEntry) -> str:
    if entry.summary:
        return entry.summary
    return NO_SUMMARY if entry.secrecy == "top_secret" else ""


def _signer(register: Register, code: str | None) -> str:
    signer = register.signers.get(code or "")
    return f"{signer.name} ({code})" if signer else (code or "")


def _handover(h) -> tuple[str, str, str]:
    role = HANDOVER_ROLES.get(h.role, h.role)
    return (
        f"{fmt_date(h.date)}: {h.giver} → {h.receiver} ({role.lower()})",
        SIGNED if h.signed_by_giver else "",
        SIGNED if h.signed_by_receiver else "",
    )


def book_table(register: Register, book: str, year: int) -> BookTable:
    """The rows of one book for one year, in the order of their numbers."""
    headers, widths = zip(*COLUMNS[book], strict=True)
    table = BookTable(book, year, register.settings.office, headers, widths)
    entries = [e for e in register.books if e.book == book and e.year == year]
    entries.sort(key=lambda e: (e.seq, e.index))
    table.entries = len(entries)
    for e in entries:
        secrecy = SECRECY_LEVELS.get(e.secrecy, e.secrecy)
        urgency = URGENCIES.get(e.urgency, e.urgency)
        if book == "outgoing":
            cells = (
                str(e.seq),
                fmt_date(e.date),
                "; ".join(e.recipients),
                _summary(e),
                secrecy,
                urgency,
                _signer(register, e.signer),
                e.notes or "",
            )
            table.rows.append(BookRow(cells))
            continue
        head = (str(e.seq), fmt_date(e.date), e.sender or "", e.number or "", fmt_date(e.issued, ""), _summary(e))
        head += (secrecy, urgency)
        handovers = [_handover(h) for h in e.handovers] or [("", "", "")]
        span = len(handovers)
        table.rows.append(BookRow(head + handovers[0], span))
        for more in handovers[1:]:
            table.rows.append(BookRow(("",) * len(head) + more, 1, first=False))
    table.totals = _totals(entries, book, year)
    return table


def _totals(entries: list[BookEntry], book: str, year: int) -> list[str]:
    levels = Counter(e.secrecy for e in entries)
    parts = ", ".join(f"{SECRECY_LEVELS[k].lower()}: {levels[k]}" for k in ("confidential", "secret", "top_secret"))
    lines = [f"Tổng số năm {year}: {len(entries)} tài liệu ({parts})."]
    if book == "incoming":
        handovers = [h for e in entries for h in e.handovers]
        incomplete = sum(1 for h in handovers if not h.complete)
        lines.append(f"Số lần giao nhận: {len(handovers)}; chưa đủ chữ ký hai bên: {incomplete}.")
    return lines


# -- Excel ----------------------------------------------------------------------------------------


def _sheet_cell(ws, row: int, column: int, value: object):
    """The one place a value goes into a cell: text stays text, never a formula."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
    return cell


def render_xlsx(table: BookTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ" if table.book == "outgoing" else "Sổ đến"
    span = len(table.headers)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = [(SECRET_MARK, Font(bold=True, size=14, color="C00000")), (table.office, Font(bold=True))]
    top.append((table.title, Font(bold=True, size=14)))
    for i, (text, font) in enumerate(top, start=1):
        _sheet_cell(ws, i, 1, text).font = font
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=span)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
    head = len(top) + 2
    for col, (text, width) in enumerate(zip(table.headers, table.widths, strict=True), start=1):
        cell = _sheet_cell(ws, head, col, text)
        cell.font, cell.border = Font(bold=True), border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    row = head
    entry_cols = span - 3 if table.book == "incoming" else span
    merges = []
    for item in table.rows:
        row += 1
        for col, text in enumerate(item.cells, start=1):
            cell = _sheet_cell(ws, row, col, text)
            cell.border, cell.alignment = border, wrap
        if table.book == "incoming":
            ws.row_dimensions[row].height = 36  # room for the two signatures of the hand-over
        if item.first and item.span > 1:
            merges += [(row, col, row + item.span - 1, col) for col in range(1, entry_cols + 1)]
    for top_row, col, bottom_row, _ in merges:  # an entry's own cells cover its hand-over rows
        ws.merge_cells(start_row=top_row, start_column=col, end_row=bottom_row, end_column=col)
    row += 1
    for line in table.totals:
        row += 1
        _sheet_cell(ws, row, 1, line).font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    row += 2
    _sheet_cell(ws, row, 1, SECRET_MARK).font = Font(bold=True, size=14, color="C00000")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    _print_setup(ws, head)
    return workbook_bytes(wb, table.stamp_day, table.title)


def _print_setup(ws, head: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head}:{head}"
    ws.freeze_panes = ws.cell(row=head + 1, column=1).coordinate
    for header in (ws.oddHeader, ws.evenHeader):
        header.center.text = SECRET_MARK
        header.center.size = 14
        header.center.font = "Times New Roman,Bold"
    for footer in (ws.oddFooter, ws.evenFooter):
        footer.center.text = f"{SECRET_MARK} — Trang &P/&N"


# -- Word -----------------------------------------------------------------------------------------


def render_docx(table: BookTable) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.8)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def mark(paragraph) -> None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(SECRET_MARK)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), RGBColor(0xC0, 0, 0)

    mark(section.header.paragraphs[0])
    footer = section.footer.paragraphs[0]
    mark(footer)
    footer.add_run(" — Trang ")
    _field(footer, "PAGE")
    footer.add_run("/")
    _field(footer, "NUMPAGES")

    for text, size in ((table.office, 12), (table.title, 14)):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold, run.font.size = True, Pt(size)

    grid = doc.add_table(rows=0, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = 29.7 - 3.0
    scale = usable / sum(table.widths)
    for column, width in zip(grid.columns, table.widths, strict=True):
        column.width = Cm(width * scale)
    _docx_row(grid, table.headers, bold=True)
    trs = grid.rows[0]._tr.get_or_add_trPr()
    trs.append(trs.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    entry_cols = len(table.headers) - 3 if table.book == "incoming" else len(table.headers)
    for item in table.rows:
        tr = _docx_row(grid, item.cells)
        if table.book == "incoming":  # room for the two signatures of the hand-over
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(qn("w:trHeight"), {qn("w:val"): "680", qn("w:hRule"): "atLeast"}))
        if table.book == "incoming" and item.span > 1 or not item.first:
            for tc in tr.tc_lst[:entry_cols]:
                tc_pr = tc.get_or_add_tcPr()
                attrs = {qn("w:val"): "restart"} if item.first else {}
                tc_pr.append(tc_pr.makeelement(qn("w:vMerge"), attrs))
    for line in table.totals:
        doc.add_paragraph().add_run(line).bold = True
    mark(doc.add_paragraph())
    props = doc.core_properties
    when = stamp(table.stamp_day)
    props.title, props.keywords, props.author, props.last_modified_by = table.title, SECRET_MARK, "nhiemvu", "nhiemvu"
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue(), when)


def _docx_row(grid, texts, *, bold: bool = False):
    from docx.shared import Pt
    from docx.table import _Cell

    row = grid.add_row()
    for tc, text in zip(row._tr.tc_lst, texts, strict=False):
        run = _Cell(tc, grid).paragraphs[0].add_run(text)
        run.font.size = Pt(10)
        run.bold = bold
    return row._tr


def _field(paragraph, name: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader fills in when the page is laid out."""
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, f" {name} "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        elif text.strip() == name:
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        else:
            t = run._r.makeelement(qn("w:t"), {})
            t.text = text
            run._r.append(t)


# -- PDF (LibreOffice) -----------------------------------------------------------------------------


class OfficeMissing(NhiemvuError):
    """LibreOffice is needed to print a PDF and is not installed."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_PDF_DATE = re.compile(rb"D:\d{14}[^)>]*")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def _stable_pdf(data: bytes, when: dt.datetime) -> bytes:
    """LibreOffice stamps the PDF with the current time and a random id: both are replaced by
    values of the same length (so that the cross-reference offsets stay right)."""

    def date(found: re.Match) -> bytes:
        fixed = when.strftime("D:%Y%m%d%H%M%S").encode() + b"Z"
        return fixed.ljust(len(found.group(0)), b" ")[: len(found.group(0))]

    data = _PDF_DATE.sub(date, data)
    digest = hashlib.sha256(_PDF_ID.sub(b"", data)).hexdigest().upper().encode()

    def ident(found: re.Match) -> bytes:
        a, b = found.group(1), found.group(2)
        return found.group(0).replace(a, digest[: len(a)]).replace(b, digest[-len(b) :])

    return _PDF_ID.sub(ident, data)


def render_pdf(table: BookTable) -> bytes:
    """The Word book printed to PDF by LibreOffice (`soffice --headless`)."""
    exe = soffice()
    if exe is None:
        raise OfficeMissing(
            "Không in được sổ ra PDF: máy chưa cài LibreOffice.",
            "Cài LibreOffice (gói libreoffice-writer-nogui trên Debian/Ubuntu, hoặc bản cài từ đĩa trên máy "
            "không nối mạng), hoặc in từ tệp --format docx.",
        )
    with tempfile.TemporaryDirectory(prefix="nhiemvu-book-") as work:
        folder = Path(work)
        source = folder / "so.docx"
        source.write_bytes(render_docx(table))
        profile = (folder / "profile").as_uri()
        result = subprocess.run(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", work, source],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        pdf = folder / "so.pdf"
        if result.returncode != 0 or not pdf.is_file():
            raise NhiemvuError(
                f"LibreOffice không in được sổ ra PDF (mã thoát {result.returncode}).",
                "In từ tệp --format docx, hoặc kiểm tra bản cài LibreOffice.",
            )
        return _stable_pdf(pdf.read_bytes(), stamp(table.stamp_day))


RENDERERS = {"xlsx": render_xlsx, "docx": render_docx, "pdf": render_pdf}
FILE_STEMS = {"outgoing": "so-tai-lieu-mat-di", "incoming": "so-tai-lieu-mat-den"}
