"""The one workbook writer: every .xlsx the tool writes goes through here (the monthly report and
its e-mail attachment, the site's bao-cao/*.xlsx, reconcile results, the agencies' forms, the
secret books).

What it guarantees, whoever builds the sheet:
- every text cell is stored as text (cell type «s»), never as a formula or an error value, even
  when the text begins with `=` or is `#N/A`; text a spreadsheet could take for a formula
  (`cells.formula_like`) also carries Excel's quote-prefix flag, the workbook form of the CSV
  export's leading «'», so a clerk who edits the cell does not turn it into a formula;
- characters XML cannot hold are dropped instead of crashing the save;
- dates stay dates (with a dd/mm/yyyy format), numbers stay numbers;
- the file is deterministic: core properties and every zip entry carry the as-of date, so the
  same register and date give the same bytes.

`put` writes one value; `write_table` a bordered table; `title_rows`, `print_setup` the page;
`workbook_bytes` seals (re-checks every cell of every sheet) and saves.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from generator.reports.cells import formula_like, xml_text

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
HEAD_FONT = Font(name=FONT, bold=True, size=11)
BODY_FONT = Font(name=FONT, size=11)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(wrap_text=False, vertical="top", horizontal="right")
CENTER = Alignment(wrap_text=False, vertical="top", horizontal="center")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_PLAIN = (bool, int, float, Decimal, dt.datetime, dt.date, dt.time, dt.timedelta)


def new_workbook() -> Workbook:
    """An empty workbook whose default font is Times New Roman (administrative documents)."""
    wb = Workbook()
    # openpyxl has no public setter for the default font: font 0 is what unstyled cells use
    wb._fonts = IndexedList([Font(name=FONT, size=11, family=1)])
    wb._named_styles["Normal"].font = Font(name=FONT, size=11)
    return wb


def set_value(cell: Cell, value: object) -> Cell:
    """The one way a value reaches a cell: text as text (never a formula), numbers and dates
    as themselves, anything else as its text."""
    if value is None or (isinstance(value, _PLAIN) and not isinstance(value, str)):
        cell.value = value
        if isinstance(value, (dt.date, dt.datetime)) and not isinstance(value, dt.time):
            cell.number_format = DATE_FORMAT
        return cell
    text = xml_text(str(value))
    cell.value = text  # openpyxl types «=…» as a formula and «#N/A» as an error: undone below
    cell.data_type = "s"
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    return set_value(ws.cell(row=row, column=column), value)


def seal(wb: Workbook) -> None:
    """Every cell of every sheet checked once more before saving, whoever wrote it: no formula,
    no error value, no formula-like text without its quote prefix."""
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):  # only cells that exist; iter_rows would create the rest
            value = cell.value
            if cell.data_type in ("f", "e") or (isinstance(value, str) and formula_like(value)):
                set_value(cell, "" if value is None else str(value))


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
    """Seal, then save with fixed core properties and zip timestamps."""
    seal(wb)
    when = stamp(as_of)
    props = wb.properties
    props.created = when
    props.modified = when
    props.creator = "nhiemvu"
    props.lastModifiedBy = "nhiemvu"
    props.title = xml_text(title)
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
    number_columns: Sequence[int] = (),
    center_columns: Sequence[int] = (),
    freeze: bool = True,
    autofilter: bool = True,
) -> int:
    """A bordered table with a bold header row at `top`; returns the next free row.

    Columns are 1-based. Numbers in `number_columns` and `percent_columns` are right-aligned,
    `center_columns` (STT, codes) centred, the rest wrapped text."""
    lines = 1
    for col, (head, width) in enumerate(zip(headers, widths, strict=False), start=1):
        cell = put(ws, top, col, head)
        cell.font, cell.fill, cell.alignment, cell.border = HEAD_FONT, HEAD_FILL, HEAD_ALIGN, BORDER
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)
        lines = max(lines, _lines_needed(str(head), width))
    ws.row_dimensions[top].height = 15 * lines + 4  # spreadsheets do not grow a header row by themselves
    styles: dict[int, object] = {}  # per column: the style array of its first data cell
    room = [max(w * 1.15 - 2, 4) for w in widths]
    for r, values in enumerate(rows, start=top + 1):
        lines = 1
        for col, value in enumerate(values, start=1):
            if isinstance(value, str) and col <= len(room) and (len(value) > room[col - 1] or "\n" in value):
                lines = max(lines, _lines_needed(value, widths[col - 1]))
            cell = put(ws, r, col, value)
            if col in styles:  # copying the small index array is ~50× faster than re-styling
                quote = cell.quotePrefix
                cell._style = copy(styles[col])
                cell.quotePrefix = quote
                continue
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = RIGHT if col in number_columns or col in percent_columns else WRAP
            if col in center_columns:
                cell.alignment = CENTER
            if col in date_columns:
                cell.number_format = DATE_FORMAT
                cell.alignment = CENTER
            elif col in percent_columns:
                cell.number_format = PERCENT_FORMAT
            cell.quotePrefix = False
            styles[col] = copy(cell._style)
            cell.quotePrefix = formula_like(cell.value) if isinstance(cell.value, str) else False
        if lines > 1:  # neither Excel nor LibreOffice reliably grows a wrapped row when opening the file
            ws.row_dimensions[r].height = 15 * lines + 2
    if freeze:
        ws.freeze_panes = ws.cell(row=top + 1, column=1).coordinate
    if autofilter and rows:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{top + len(rows)}"
    return top + len(rows) + 1


def _lines_needed(text: str, width: float) -> int:
    """Lines a bold header needs in a column `width` characters wide, breaking at spaces."""
    usable, count = max(width * 1.15 - 2, 4), 0
    for paragraph in text.split("\n"):
        count, used = count + 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > usable:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
    return max(count, 1)


def title_rows(ws: Worksheet, lines: Sequence[str | tuple[str, dict]], span: int, start: int = 1) -> int:
    """Lines merged across `span` columns from row `start`: the first bold and larger. A line may
    be `(text, {"bold": …, "size": …, "italic": …, "align": …, "height": …})`. Returns the next row."""
    row = start
    for i, line in enumerate(lines):
        text, opts = (line, {}) if isinstance(line, str) else line
        cell = put(ws, row, 1, text)
        cell.font = Font(
            name=FONT,
            bold=opts.get("bold", i == 0),
            italic=opts.get("italic", False),
            size=opts.get("size", 13 if i == 0 else 11),
            color=opts.get("color"),
        )
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal=opts.get("align", "center"))
        if span > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        if opts.get("height"):
            ws.row_dimensions[row].height = opts["height"]
        row += 1
    return row


def header_footer_text(text: str) -> str:
    """Text for a page header or footer: `&` starts a code there, so it is doubled."""
    return xml_text(text).replace("&", "&&")


def print_setup(
    ws: Worksheet, *, header_row: int | None = None, landscape: bool = True, footer: str = "", header: str = ""
) -> None:
    """A4, landscape, one page wide (as many pages long as needed), the header row repeated on
    every printed page, page numbers at the right of the footer; `footer` at its left, `header`
    (the sample-data mark) centred at the top of every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.right.text = "Trang &P/&N"
    ws.oddFooter.right.font = FONT
    if footer:
        ws.oddFooter.left.text = header_footer_text(footer)
        ws.oddFooter.left.font = FONT
    if header:
        ws.oddHeader.center.text = header_footer_text(header)
        ws.oddHeader.center.font = f"{FONT},Bold"
        ws.oddHeader.center.color = "C00000"
