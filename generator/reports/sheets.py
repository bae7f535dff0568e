"""The one bounded reader of the spreadsheets people send (`reconcile`, `import`).

A workbook is read in openpyxl's read-only (streaming) mode, one row at a time, within a box of
MAX_ROWS × MAX_COLUMNS cells decided before anything is built, so that a 1.5 KB file declaring a
cell at XFD1048576 or one merged range over the whole sheet costs milliseconds and no memory:
- a sheet whose declared size (the `<dimension>` Excel writes) is beyond the box, or beyond what
  Excel itself allows, is refused with a Vietnamese message saying which cells to delete;
- zip entries whose declared size is absurd (a zip bomb) are refused before decompressing;
- read-only mode has no merged ranges, so the sheet's `<mergeCell>` elements are scanned from its
  XML as a byte stream (at most MAX_MERGES), and each range is clipped to the cells actually read;
  `spread` then copies a merged label over its range: fully in the header area (a label merged
  over two header rows or over several columns), only downwards in the table (a document number
  merged over the rows of its tasks), never sideways there (a group heading «I. SỞ TÀI CHÍNH»
  merged across the row stays one cell).

A CSV file is read within the same box and a size limit; its encoding is UTF-8 (with or without
BOM) or, diagnosed and said so, Windows-1258, the code page Excel uses for «CSV» on a Vietnamese
Windows. Text in the old TCVN3/VNI fonts is refused with a hint to convert it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.vi import fmt_number

MAX_ROWS = 100_000  # rows of one sheet: ten years of a province's tasks
MAX_COLUMNS = 256  # the old Excel limit (IV); no register has more than thirty
MAX_MERGES = 50_000  # merged ranges looked at in one sheet (a ten-year register has a few thousand)
MAX_FILE_BYTES = 64 * 1024 * 1024  # a file on disk (xlsx or csv)
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # one decompressed part of a workbook
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all parts together
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
FORM_SHEET = "nhiemvu"  # the very hidden sheet of the agencies' form (generator.reports.form)

_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?"')
# Characters TCVN3 (ABC) or VNI text shows when read as Windows-1258: never in Vietnamese words.
_LEGACY = re.compile(r"[©¸µ¶·¹¨¾»¼½Æ®¤¥¦§ª«¬ÇËÌÑ×Ø]|[aeiouyAEIOUY][ÙØÛÕÏÉÈÚÜÂÄÅÁÀÃÖÔÓÒ]")


@dataclass(slots=True)
class Grid:
    """One sheet's values: rows[i] is spreadsheet row i + 1, trailing empty cells left out."""

    name: str  # «tệp.xlsx › Trang 1», or the CSV file's name
    rows: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based, clipped
    hidden: bool = False


@dataclass(slots=True)
class Book:
    path: Path
    grids: list[Grid]
    notes: list[str] = field(default_factory=list)  # Vietnamese, for the reader
    encoding: str | None = None  # CSV only

    def form_sheet(self) -> Grid | None:
        return next((g for g in self.grids if g.hidden and g.name.endswith(f"› {FORM_SHEET}")), None)

    def visible(self) -> list[Grid]:
        return [g for g in self.grids if not g.hidden]


def read_book(path: Path, *, legacy_encoding: bool = True) -> Book:
    """An agency's .xlsx/.xlsm or .csv within the box; InputError (Vietnamese) otherwise.

    `legacy_encoding=False` refuses a Windows-1258 CSV instead of reading it with a note (import
    writes into the register: it takes no text whose encoding was guessed)."""
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, legacy_encoding)
    if suffix == ".xls":
        raise InputError(
            f"«{path.name}» là định dạng Excel cũ (.xls).",
            "Mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8.",
        )
    raise InputError(f"«{path.name}»: chỉ đọc được tệp .xlsx hoặc .csv.", "Lưu tệp dạng .xlsx hoặc CSV UTF-8.")


def _check_file(path: Path) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"Không đọc được tệp «{path}»: {exc.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"«{path}» không phải tệp thường (thư mục, thiết bị hay FIFO): không đọc.")
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(
            f"Tệp «{path.name}» quá lớn ({fmt_number(info.st_size // 1_048_576)} MB; "
            f"tối đa {MAX_FILE_BYTES // 1_048_576} MB).",
            "Xóa các trang, hình ảnh không cần, hoặc tách thành nhiều tệp.",
        )


# ---------------------------------------------------------------- xlsx


def _read_xlsx(path: Path) -> Book:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken zip or XML raises many kinds; the clerk needs one message
        raise InputError(
            f"Không mở được tệp Excel «{path.name}» ({type(exc).__name__}).",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx (Excel Workbook) rồi thử lại.",
        ) from None
    try:
        grids = [_read_sheet(wb, ws, path) for ws in wb.worksheets if _wanted(ws)]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(
            f"Không đọc được nội dung tệp Excel «{path.name}» ({type(exc).__name__}).",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx (Excel Workbook) rồi thử lại.",
        ) from None
    finally:
        wb.close()
    return Book(path, grids)


def _wanted(ws) -> bool:
    return ws.sheet_state == "visible" or ws.title == FORM_SHEET


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts declare absurd sizes, before decompressing any of them."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            f"Tệp «{path.name}» không phải tệp Excel .xlsx hợp lệ (không đọc được dạng nén).",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx (Excel Workbook) rồi thử lại.",
        ) from None
    _check_dimensions(path, infos)
    total = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    if biggest > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
        raise InputError(
            f"Tệp «{path.name}» khi giải nén lên tới {fmt_number(total // 1_048_576)} MB: quá lớn để là một bảng "
            "theo dõi nhiệm vụ.",
            "Xóa các trang, hình ảnh không cần, hoặc tách thành nhiều tệp.",
        )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')


def _check_dimensions(path: Path, infos) -> None:
    """The declared size of each sheet (its <dimension> element, near the start of its XML),
    refused before openpyxl parses it when it is beyond the box or beyond Excel itself."""
    from openpyxl.utils import column_index_from_string

    with zipfile.ZipFile(path) as archive:
        titles = _sheet_titles(archive)
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            try:
                with archive.open(info) as source:
                    head = source.read(4096)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                continue  # openpyxl reports the broken part below
            match = _DIMENSION.search(head)
            if not match:
                continue
            last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
            rows = int(last_row)
            try:
                cols = column_index_from_string(last_col.decode().upper())
            except ValueError:
                cols = EXCEL_COLUMNS + 1
            if rows > MAX_ROWS or cols > MAX_COLUMNS:
                title = titles.get(info.filename) or info.filename.rsplit("/", 1)[-1]
                _too_big(f"{path.name} › {title}", rows, cols)


_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\b(?:\w+:)?id="([^"]*)"')
_TARGET = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet title, from workbook.xml and its relationships (for messages only)."""
    try:
        book = archive.read("xl/workbook.xml")[:1_000_000]
        rels = archive.read("xl/_rels/workbook.xml.rels")[:1_000_000]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}
    targets = {rid.decode(): target.decode("utf-8", "replace").lstrip("/") for rid, target in _TARGET.findall(rels)}
    out = {}
    for name, rid in _SHEET.findall(book):
        target = targets.get(rid.decode("utf-8", "replace"), "")
        part = target if target.startswith("xl/") else f"xl/{target}"
        out[part] = html.unescape(name.decode("utf-8", "replace"))
    return out


def _read_sheet(wb, ws, path: Path) -> Grid:
    """The sheet's values within the box, streamed with openpyxl's own row parser; the parse
    stops at the end of <sheetData>, before the merged ranges openpyxl would build one by one."""
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    name = f"{path.name} › {ws.title}"
    declared_rows, declared_cols = ws.max_row or 0, ws.max_column or 0
    if declared_rows > MAX_ROWS or declared_cols > MAX_COLUMNS:
        _too_big(name, declared_rows, declared_cols)
    row_tag, data_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}sheetData"
    rows: list[list[object]] = []
    with wb._archive.open(ws._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            wb.shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for _, element in iterparse(source):
            if element.tag == data_tag:
                break
            if element.tag != row_tag:
                continue
            index, cells = parser.parse_row(element)
            element.clear()
            parser.row_dimensions.clear()
            filled = [c for c in cells if c["value"] is not None and c["value"] != ""]
            if not filled:
                continue
            far = max(c["column"] for c in filled)
            if index > MAX_ROWS or far > MAX_COLUMNS:
                _too_big(name, index, far)
            row = [None] * far
            for c in filled:
                row[c["column"] - 1] = c["value"]
            if index > len(rows):
                rows.extend([] for _ in range(index - len(rows)))
            rows[index - 1] = row
    merges = _merges(wb, ws, len(rows), max((len(r) for r in rows), default=0))
    return Grid(name, rows, merges, hidden=ws.sheet_state != "visible")


def _too_big(name: str, rows: int, columns: int, *, what: str = "Trang") -> None:
    from openpyxl.utils import get_column_letter

    absurd = rows > EXCEL_ROWS or columns > EXCEL_COLUMNS
    corner = f"{get_column_letter(min(max(columns, 1), EXCEL_COLUMNS))}{min(max(rows, 1), EXCEL_ROWS)}"
    raise InputError(
        (
            f"{what} «{name}» khai báo kích thước vượt giới hạn của Excel: không phải tệp Excel hợp lệ."
            if absurd
            else f"{what} «{name}» có dữ liệu tới ô {corner}, vượt giới hạn đọc "
            f"({fmt_number(MAX_ROWS)} dòng, {MAX_COLUMNS} cột)."
        ),
        "Xóa các dòng, cột thừa bên dưới và bên phải bảng (chọn chúng › chuột phải › Xóa), lưu lại rồi thử lại.",
    )


def _merges(wb, ws, height: int, width: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges from the sheet's XML, clipped to the `height` × `width` cells read."""
    from openpyxl.utils import column_index_from_string

    if not height or not width:
        return []
    found: list[tuple[int, int, int, int]] = []
    seen = [0]

    def scan(data: bytes, end: int) -> bool:
        ranges = _REF.findall(data, 0, end)
        room = MAX_MERGES - seen[0]
        seen[0] += len(ranges)
        for c1, r1, c2, r2 in ranges[:room]:
            top = int(r1)
            bottom = int(r2) if r2 else top
            if top > bottom:
                top, bottom = bottom, top
            if top > height:  # below what was read: most of a hostile file's ranges end here
                continue
            left = column_index_from_string(c1.decode().upper())
            right = column_index_from_string(c2.decode().upper()) if c2 else left
            if left > right:
                left, right = right, left
            if left <= width and (bottom > top or right > left):
                found.append((top, left, min(bottom, height), min(right, width)))
        return seen[0] < MAX_MERGES

    tail = b""
    with wb._archive.open(ws._worksheet_path) as source:  # read-only mode keeps no merged ranges
        while chunk := source.read(1 << 20):
            data = tail + chunk
            cut = data.rfind(b"<")  # an element cut by the chunk boundary is read with the next chunk
            cut = cut if cut > len(data) - 200 else len(data)
            if not scan(data, cut):
                return found
            tail = data[cut:]
    scan(tail, len(tail))
    return found


def spread(grid: Grid, header_rows: int) -> list[list[object]]:
    """The grid with each merged range's value copied over it: over the whole range within the
    first `header_rows` rows, only down the first column of the range below them."""
    rows = [list(r) for r in grid.rows]
    for top, left, bottom, right in grid.merges:
        source = rows[top - 1]
        value = source[left - 1] if left - 1 < len(source) else None
        if value is None:
            continue
        for r in range(top, bottom + 1):
            row = rows[r - 1]
            last = right if r <= header_rows else left
            if len(row) < last:
                row.extend([None] * (last - len(row)))
            for c in range(left, last + 1):
                if row[c - 1] is None:
                    row[c - 1] = value
    return rows


# ---------------------------------------------------------------- csv


def _read_csv(path: Path, legacy_encoding: bool) -> Book:
    data = path.read_bytes()
    text, encoding = _decode(data, path.name, legacy_encoding)
    notes = []
    if encoding == "cp1258":
        notes.append(
            f"Tệp «{path.name}» được lưu bằng bảng mã Windows-1258, không phải UTF-8: đã đọc theo bảng mã đó. "
            "Lần sau hãy lưu lại dạng CSV UTF-8 (Excel: Lưu thành › «CSV UTF-8»)."
        )
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:  # too irregular for the sniffer: the most frequent candidate
        delimiter = max(",;\t", key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                if any(cell.strip() for cell in record):
                    _too_big(path.name, number, 0, what="Tệp")
                break
            while record and not record[-1].strip():
                record.pop()
            if len(record) > MAX_COLUMNS:
                _too_big(path.name, number, len(record), what="Tệp")
            rows.append([cell if cell.strip() else None for cell in record])
    except csv.Error as exc:
        why = f"một ô dài quá {fmt_number(csv.field_size_limit())} ký tự" if "field limit" in str(exc) else str(exc)
        raise InputError(
            f"Tệp «{path.name}» không đọc được dạng CSV ở dòng {reader.line_num}: {why}.",
            "Mở bằng Excel rồi lưu lại dạng CSV UTF-8.",
        ) from None
    while rows and not rows[-1]:
        rows.pop()
    return Book(path, [Grid(path.name, rows)], notes, encoding)


def _decode(data: bytes, name: str, legacy_encoding: bool) -> tuple[str, str]:
    """(NFC text, encoding): UTF-8 with or without BOM, else Windows-1258 when allowed."""
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    hint = "Mở tệp bằng Excel, chọn Lưu thành › «CSV UTF-8 (phân cách bằng dấu phẩy)», rồi thử lại."
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise InputError(f"Tệp «{name}» không phải chữ UTF-8 hay Windows-1258.", hint) from None
    if _LEGACY.search(text):
        raise InputError(
            f"Tệp «{name}» có chữ theo bảng mã cũ (TCVN3 hoặc VNI), không đọc được đúng dấu.",
            "Chuyển mã sang Unicode (Unikey: công cụ chuyển mã), rồi lưu lại dạng CSV UTF-8.",
        )
    if not legacy_encoding:
        raise InputError(
            f"Tệp «{name}» được lưu bằng bảng mã Windows-1258, không phải UTF-8: không nhập vào sổ theo dõi "
            "chữ đọc theo bảng mã đoán được.",
            "Lưu lại dạng CSV UTF-8: " + hint,
        )
    return text, "cp1258"


# ---------------------------------------------------------------- finding the table


HEADER_SCAN_ROWS = 20  # a table's header is among the first rows, under at most a letterhead
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$|^\(?[a-zA-Z]\)?$")  # «(1) (2) …», «a b c»


def cell_text(value: object) -> str:
    """A cell as one line of text ("" for an empty cell; a date as dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def is_numbering(texts: list[str]) -> bool:
    """The row of column numbers under a header: «(1) (2) (3) …» or «1 2 3 …»."""
    filled = [t for t in texts if t]
    return len(filled) >= 2 and all(_NUMBERING.match(t) for t in filled)


@dataclass(frozen=True, slots=True)
class Header:
    rows: list[int]  # 0-based indexes of the header rows (one, or two for a merged header)
    columns: dict[str, int]  # field → 0-based column
    texts: list[str]  # each column's header text, rows joined


def match_columns(texts: list[str], vocabulary: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column of each field: the longest vocabulary phrase found in a column's folded text wins,
    each column serving one field and each field one column."""
    from generator.reports.words import fold

    scored = []
    for col, text in enumerate(texts):
        folded = f" {fold(text)} "
        if not folded.strip():
            continue
        for name, phrases in vocabulary.items():
            longest = max((len(p) for p in phrases if f" {p} " in folded), default=0)
            if longest:
                scored.append((longest, -col, name, col))
    columns: dict[str, int] = {}
    used: set[int] = set()
    for _, _, name, col in sorted(scored, reverse=True):
        if name not in columns and col not in used:
            columns[name] = col
            used.add(col)
    return columns


def find_header(rows: list[list[object]], vocabulary: dict[str, tuple[str, ...]], usable) -> Header | None:
    """The header among the first HEADER_SCAN_ROWS rows: one row, or two rows read together (a
    label merged over two lines), the one naming the most fields that `usable(columns, texts)`
    accepts (`texts`: each column's header text)."""
    best: tuple[list[int], dict[str, int], int] | None = None
    limit = min(len(rows), HEADER_SCAN_ROWS)
    for r in range(limit):
        for pair in ([r], [r, r + 1]) if r + 1 < len(rows) else ([r],):
            texts = _joined(rows, pair)
            columns = match_columns(texts, vocabulary)
            if not usable(columns, texts):
                continue
            score = len(columns) * 10 - len(pair)
            if best is None or score > best[2]:
                best = (pair, columns, score)
        if best is not None and r > best[0][-1] + 1:
            break
    if best is None:
        return None
    pair, columns, _ = best
    if len(pair) == 1:
        row = pair[0]
        for two, other in (([row - 1, row], row - 1), ([row, row + 1], row + 1)):
            if not _joins(rows, row, other, vocabulary):
                continue
            texts = _joined(rows, two)
            joined = match_columns(texts, vocabulary)
            if usable(joined, texts) and len(joined) >= len(columns):
                pair, columns = two, joined
                break
    return Header(pair, columns, _joined(rows, pair))


def _joined(rows: list[list[object]], indexes: list[int]) -> list[str]:
    width = max(len(rows[i]) for i in indexes)
    out = []
    for c in range(width):
        parts = []
        for i in indexes:
            text = cell_text(rows[i][c]) if c < len(rows[i]) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        out.append(" ".join(parts))
    return out


def _joins(rows: list[list[object]], found: int, other: int, vocabulary) -> bool:
    """Row `other` (just above or below the header row `found`) is the header's other line: every
    label in it repeats the cell of `found` (a vertically merged cell, spread), names a field, or
    is a status word (the labels of tick-box columns); and nothing in it looks like data."""
    from generator.reports.words import parse_date, parse_number, parse_status

    if other < 0 or other >= len(rows):
        return False
    texts = [cell_text(v) for v in rows[other]]
    filled = [(c, t) for c, t in enumerate(texts) if t]
    if len(filled) < 2 or is_numbering(texts):
        return False
    if any(not isinstance(v, str) for v in rows[other] if v is not None):
        return False  # numbers and dates are data
    labels = [cell_text(v) for v in rows[found]]
    for col, text in filled:
        if col < len(labels) and labels[col] == text:
            continue
        if parse_number(text) or parse_date(text)[0] or len(text) > 60:
            return False
        if not (match_columns([text], vocabulary) or parse_status(text)):
            return False
    return True
