"""Reconciliation (R8): an agency's own report compared with the register.

Agencies send spreadsheets written by hand: titles above the table, header rows merged over
two lines, a row of column numbers, dates typed as text, statuses in Vietnamese with or without
diacritics, stray spaces, CSV saved by Excel with `;` and a byte-order mark. Reading is
therefore tolerant, and every row that cannot be used is listed with its row number and why,
so that nothing an agency sent is silently dropped.

Scope of "tasks not mentioned": the agency's tasks (it is the lead agency) of documents issued
on or before the as-of date, except those finished or cancelled before 1 January of the as-of
year, the same year-to-date scope as the monthly report.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.register.model import Register, is_secret
from generator.register.status import TaskState
from generator.vi import fmt_date, md_page

HEADER_SCAN_ROWS = 20
MAX_ROWS = 100_000

KINDS = {
    "done_but_open": "Cơ quan báo đã hoàn thành, sổ theo dõi chưa ghi hoàn thành",
    "open_but_done": "Sổ theo dõi ghi đã hoàn thành, cơ quan báo chưa hoàn thành",
    "date_differs": "Ngày hoàn thành khác nhau",
    "not_mentioned": "Nhiệm vụ của cơ quan không có trong báo cáo",
    "unknown": "Không tìm thấy nhiệm vụ trong sổ theo dõi",
    "other_agency": "Nhiệm vụ giao cho cơ quan khác",
    "duplicate": "Nhiệm vụ ghi lặp lại trong báo cáo",
    "cancelled": "Nhiệm vụ đã hủy trong sổ theo dõi",
}
AGENCY_STATUSES = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "cancelled": "Đã hủy",
}

# Header words (folded: no diacritics, lower case), most specific first within each field.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "id": ("ma nhiem vu", "ma so nhiem vu", "ma nv", "task id", "id"),
    "document": (
        "so ky hieu van ban",
        "so ky hieu",
        "so hieu van ban",
        "so van ban",
        "van ban giao",
        "van ban chi dao",
        "document number",
        "document",
        "van ban",
    ),
    "content": (
        "noi dung nhiem vu",
        "noi dung cong viec",
        "ten nhiem vu",
        "noi dung",
        "nhiem vu",
        "task content",
        "content",
        "task",
    ),
    "status": (
        "tinh trang thuc hien",
        "tinh hinh thuc hien",
        "ket qua thuc hien",
        "trang thai",
        "tinh trang",
        "tien do",
        "ket qua",
        "status",
    ),
    "completed": (
        "ngay hoan thanh",
        "thoi gian hoan thanh",
        "ngay thuc hien xong",
        "completion date",
        "completed",
        "date done",
    ),
    "note": ("kho khan vuong mac", "kien nghi", "ghi chu", "note", "notes", "remarks"),
}
STATUS_WORDS = (  # checked in order on the folded text
    ("cancelled", ("da huy", "huy bo", "cancelled", "canceled")),
    (
        "not_started",
        ("chua thuc hien", "chua trien khai", "chua bat dau", "chua lam", "not started", "chua hoan thanh"),
    ),
    (
        "in_progress",
        (
            "dang thuc hien",
            "dang trien khai",
            "dang lam",
            "dang xu ly",
            "dang hoan thien",
            "in progress",
            "ongoing",
            "dang",
        ),
    ),
    ("done", ("da hoan thanh", "hoan thanh", "da thuc hien", "da xong", "xong", "done", "completed", "finished")),
)


# ---------------------------------------------------------------- text


def fold(text: object) -> str:
    """Lower case, no diacritics, `đ` → `d`, punctuation as spaces, spaces collapsed."""
    value = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value).split())


def norm_number(text: object) -> str:
    """A document number compared loosely: NFC, upper case, no spaces (`14/ct-ubnd ` → `14/CT-UBND`)."""
    value = unicodedata.normalize("NFC", str(text or ""))
    return re.sub(r"\s+", "", value).upper()


def norm_id(text: object) -> str:
    """`14/CT-UBND # 1` → `14/CT-UBND#1`."""
    return norm_number(text)


def parse_status(text: object) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for status, words in STATUS_WORDS:
        if any(folded == w or folded.startswith(w + " ") or f" {w} " in f" {folded} " for w in words):
            return status
    return None


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, None), or (None, reason) when a value is there but is not a date; (None, None) if empty.

    Accepts real date cells, `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`
    and a day-first two-digit year (`5/3/26`). Never guesses month-first.
    """
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = " ".join(str(value).split())
    text = re.sub(r"^(ngay|ngày)\s+", "", text, flags=re.IGNORECASE)
    if not text or text in ("-", "—", "x"):
        return None, None
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            year += 2000 if year < 100 else 0
            return dt.date(year, month, day), None
        match = _ISO.match(text)
        if match:
            return dt.date(*(int(g) for g in match.groups())), None
    except ValueError:
        return None, f"ngày «{text}» không có trên lịch"
    return None, f"«{text}» không phải ngày (viết dạng dd/mm/yyyy)"


# ---------------------------------------------------------------- reading


_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$|^\(?[a-z]\)?$")


@dataclass(frozen=True, slots=True)
class AgencyRow:
    row: int  # row number as the agency sees it (1-based, in the sheet or the CSV file)
    task_id: str | None
    document: str | None
    content: str | None
    status: str | None
    status_text: str
    completed: dt.date | None
    note: str | None


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int
    reason: str
    text: str  # what the row said, shortened


@dataclass(slots=True)
class Sheet:
    name: str  # file name, plus the sheet name for workbooks
    header_row: int
    columns: dict[str, int]
    rows: list[AgencyRow] = field(default_factory=list)
    unreadable: list[RowIssue] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)  # titles, signatures, column numbers


def read_agency_report(path: Path) -> Sheet:
    """Read an agency's .xlsx or .csv report; InputError if no usable table is found."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        tables = _xlsx_tables(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path.read_bytes())
        tables = [(path.name, rows, rows)]
    elif suffix == ".xls":
        raise InputError(
            f"«{path.name}» là định dạng Excel cũ (.xls); mở bằng Excel và lưu lại dạng "
            ".xlsx (Excel Workbook) hoặc .csv."
        )
    else:
        raise InputError(f"«{path.name}»: chỉ đọc được tệp .xlsx hoặc .csv.")
    best = None
    for name, grid, filled in tables:
        found = _find_header(filled)
        if found and (best is None or found[2] > best[3]):
            best = (name, grid, found[0], found[2], found[1])
    if best is None:
        raise InputError(
            f"Không tìm thấy dòng tiêu đề bảng trong «{path.name}» (đã xem {HEADER_SCAN_ROWS} dòng đầu). "
            "Bảng cần có cột trạng thái («Tình trạng», «Trạng thái», «Kết quả thực hiện») và cột "
            "«Mã nhiệm vụ» hoặc «Số, ký hiệu văn bản» cùng «Nội dung nhiệm vụ»."
        )
    name, grid, header_rows, _, columns = best
    sheet = Sheet(name, header_rows[0] + 1, columns)
    _read_rows(grid, header_rows[-1] + 1, columns, sheet)
    return sheet


def _xlsx_tables(path: Path) -> list[tuple[str, list[list[object]], list[list[object]]]]:
    """(name, cells, cells with merged header labels spread over their range) per sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputError(
            f"Không mở được tệp Excel «{path.name}»: {exc}. Lưu lại tệp bằng Excel dạng .xlsx rồi thử lại."
        ) from None
    except Exception as exc:  # noqa: BLE001 - a broken zip raises many kinds; the clerk needs one message
        raise InputError(f"Tệp «{path.name}» không phải tệp Excel .xlsx hợp lệ ({type(exc).__name__}).") from None
    tables = []
    for ws in wb.worksheets:
        grid = [list(row) for row in ws.iter_rows(max_row=min(ws.max_row, MAX_ROWS), values_only=True)]
        filled = [list(row) for row in grid[: HEADER_SCAN_ROWS + 1]]
        for merged in ws.merged_cells.ranges:  # a merged header label covers all its cells
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, min(merged.max_row, len(filled)) + 1):
                row = filled[r - 1]
                row.extend([None] * (merged.max_col - len(row)))
                for c in range(merged.min_col, merged.max_col + 1):
                    row[c - 1] = value
        tables.append((f"{path.name} › {ws.title}", grid, filled))
    return tables


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258, the Vietnamese code page; NFC."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return unicodedata.normalize("NFC", data.decode("latin-1"))


def _csv_rows(data: bytes) -> list[list[object]]:
    text = decode_text(data)
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:  # too irregular for the sniffer: the most frequent candidate
        delimiter = max(",;\t", key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(row) for _, row in zip(range(MAX_ROWS), reader, strict=False)]


def _cell_text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _match_columns(texts: Sequence[str]) -> dict[str, int]:
    """Column index of each field, by the longest header word found in each column's text."""
    scored = []
    for col, text in enumerate(texts):
        folded = f" {fold(text)} "
        if not folded.strip():
            continue
        for name, words in HEADER_WORDS.items():
            for word in words:
                if f" {word} " in folded:
                    scored.append((len(word), -col, name, col))
                    break
    columns: dict[str, int] = {}
    used: set[int] = set()
    for _, _, name, col in sorted(scored, reverse=True):
        if name not in columns and col not in used:
            columns[name], used = col, used | {col}
    return columns


def _usable(columns: dict[str, int]) -> bool:
    return "status" in columns and ("id" in columns or {"document", "content"} <= columns.keys())


def _find_header(grid: list[list[object]]) -> tuple[list[int], dict[str, int], int] | None:
    """(header row indexes, columns, score): one row, or two rows read together (merged headers)."""
    best = None
    limit = min(len(grid), HEADER_SCAN_ROWS)
    for r in range(limit):
        options = [[r]] + ([[r, r + 1]] if r + 1 < len(grid) else [])
        for rows in options:
            width = max(len(grid[i]) for i in rows)
            texts = [" ".join(_cell_text(grid[i][c]) if c < len(grid[i]) else "" for i in rows) for c in range(width)]
            columns = _match_columns(texts)
            if not _usable(columns):
                continue
            score = len(columns) * 10 - len(rows)
            if best is None or score > best[2]:
                best = (rows, columns, score)
        if best is not None and r > best[0][-1] + 1:
            break
    if best is not None and len(best[0]) == 1 and _continues_header(grid, best[0][0] + 1, best[1]):
        r = best[0][0]
        width = max(len(grid[r]), len(grid[r + 1]))
        texts = [" ".join(_cell_text(grid[i][c]) if c < len(grid[i]) else "" for i in (r, r + 1)) for c in range(width)]
        columns = _match_columns(texts)
        best = ([r, r + 1], columns if _usable(columns) else best[1], best[2])
    return best


def _continues_header(grid, index: int, columns: dict[str, int]) -> bool:
    """The row under a header is a second header line (merged header) and not a task."""
    if index >= len(grid):
        return False
    row = grid[index]
    cells = [_cell_text(v) for v in row]

    def at(name):
        col = columns.get(name)
        return cells[col] if col is not None and col < len(cells) else ""

    if parse_status(at("status")) or "#" in at("id") or any(_NUMBERING.match(c) for c in cells if c):
        return False
    return any(c and _match_columns([c]) for c in cells)


def _read_rows(grid, start: int, columns: dict[str, int], sheet: Sheet) -> None:
    def get(row, name):
        col = columns.get(name)
        return row[col] if col is not None and col < len(row) else None

    for index in range(start, len(grid)):
        row, number = grid[index], index + 1
        cells = [_cell_text(v) for v in row]
        filled = [c for c in cells if c]
        shown = " | ".join(filled)[:160]
        if not filled:
            continue
        if all(_NUMBERING.match(c) for c in filled):
            sheet.skipped.append(RowIssue(number, "dòng đánh số cột", shown))
            continue
        raw_id, raw_doc, raw_content = (_cell_text(get(row, k)) for k in ("id", "document", "content"))
        raw_status = _cell_text(get(row, "status"))
        if not raw_status and not raw_id and not (raw_doc and raw_content):
            sheet.skipped.append(
                RowIssue(
                    number,
                    "không phải dòng nhiệm vụ (tiêu đề nhóm, tổng cộng, chữ ký…): không có mã nhiệm vụ và trạng thái",
                    shown,
                )
            )
            continue
        task_id = norm_id(raw_id) if raw_id else None
        if task_id and task_id.isdigit() and raw_doc:
            task_id = f"{norm_number(raw_doc)}#{task_id}"  # id column holding only the task number
        if task_id and "#" not in task_id:
            sheet.unreadable.append(
                RowIssue(
                    number,
                    f"mã nhiệm vụ «{raw_id}» không đúng dạng <số ký hiệu>#<số thứ tự>, ví dụ 14/CT-UBND#1",
                    shown,
                )
            )
            continue
        if not task_id and not (raw_doc and raw_content):
            sheet.unreadable.append(
                RowIssue(
                    number,
                    "thiếu mã nhiệm vụ, hoặc số ký hiệu văn bản và nội dung nhiệm vụ, nên không biết là nhiệm vụ nào",
                    shown,
                )
            )
            continue
        status = parse_status(raw_status)
        if status is None:
            reason = (
                (
                    f"trạng thái «{raw_status}» không hiểu được (dùng «Đã hoàn thành», «Đang thực hiện» "
                    "hoặc «Chưa thực hiện»)"
                )
                if raw_status
                else "thiếu trạng thái thực hiện"
            )
            sheet.unreadable.append(RowIssue(number, reason, shown))
            continue
        completed, date_problem = parse_date(get(row, "completed"))
        if date_problem:
            sheet.unreadable.append(
                RowIssue(number, f"ngày hoàn thành: {date_problem}; đã đối chiếu trạng thái, bỏ qua ngày", shown)
            )
        note = _cell_text(get(row, "note")) or None
        sheet.rows.append(
            AgencyRow(number, task_id, raw_doc or None, raw_content or None, status, raw_status, completed, note)
        )


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True, slots=True)
class Mismatch:
    kind: str  # a key of KINDS
    row: int | None  # row in the agency's file (None for tasks it does not mention)
    task_id: str | None
    content: str | None
    agency_status: str | None
    register_status: str | None
    agency_date: dt.date | None
    register_date: dt.date | None
    detail: str


@dataclass(slots=True)
class Reconciliation:
    agency: str
    agency_name: str
    source: str
    as_of: dt.date
    header_row: int
    rows_read: int
    agreed: int
    mismatches: list[Mismatch]
    unreadable: list[RowIssue]
    skipped: list[RowIssue]

    def count(self, kind: str) -> int:
        return sum(1 for m in self.mismatches if m.kind == kind)


def reconcile(
    sheet: Sheet, states: Iterable[TaskState], register: Register, agency: str, as_of: dt.date
) -> Reconciliation:
    """Compare every readable row with the register's state of the task at `as_of`."""
    states = [s for s in states if s.document.issued <= as_of and not is_secret(s)]
    by_id = {s.id.upper(): s for s in states}
    # an agency may write «14/CT-UBND#1»: accepted when that number is held in one year only
    by_number: dict[str, list[TaskState]] = {}
    for s in states:
        by_number.setdefault(f"{norm_number(s.document.number)}#{s.task.id}".upper(), []).append(s)
    by_id.update({key: found[0] for key, found in by_number.items() if len(found) == 1 and key not in by_id})
    by_doc: dict[str, list[TaskState]] = {}
    for s in states:
        by_doc.setdefault(norm_number(s.document.number), []).append(s)

    mismatches: list[Mismatch] = []
    seen: dict[str, int] = {}
    agreed = 0
    for row in sheet.rows:
        state = by_id.get(row.task_id) if row.task_id else _by_content(row, by_doc)
        if state is None:
            what = row.task_id or f"{row.document}: {row.content}"
            mismatches.append(
                Mismatch(
                    "unknown",
                    row.row,
                    row.task_id,
                    row.content,
                    row.status,
                    None,
                    row.completed,
                    None,
                    f"Không có nhiệm vụ «{what}» trong sổ theo dõi.",
                )
            )
            continue
        if state.id in seen:
            mismatches.append(
                _mismatch("duplicate", row, state, f"Đã ghi ở dòng {seen[state.id]}; chỉ dòng đầu được đối chiếu.")
            )
            continue
        seen[state.id] = row.row
        found = _compare(row, state, agency)
        mismatches.extend(found)
        agreed += not found

    start = dt.date(as_of.year, 1, 1)
    for s in states:
        if s.task.assignee != agency or s.id in seen or s.status == "cancelled":
            continue
        if s.status == "done" and s.completed and s.completed < start:
            continue
        mismatches.append(
            Mismatch(
                "not_mentioned",
                None,
                s.id,
                s.task.content,
                None,
                s.status,
                None,
                s.completed,
                "Nhiệm vụ cơ quan chủ trì nhưng không có trong báo cáo của cơ quan.",
            )
        )
    order = list(KINDS)
    mismatches.sort(key=lambda m: (order.index(m.kind), m.row or 0, m.task_id or ""))
    agency_obj = register.agencies.get(agency)
    return Reconciliation(
        agency,
        agency_obj.name if agency_obj else agency,
        sheet.name,
        as_of,
        sheet.header_row,
        len(sheet.rows),
        agreed,
        mismatches,
        sheet.unreadable,
        sheet.skipped,
    )


def _by_content(row: AgencyRow, by_doc: dict[str, list[TaskState]]) -> TaskState | None:
    """The task of the same document whose content reads the same (diacritics, case and spaces
    aside), or clearly the closest one."""
    candidates = by_doc.get(norm_number(row.document), [])
    wanted = fold(row.content)
    if not candidates or not wanted:
        return None
    for s in candidates:
        if fold(s.task.content) == wanted:
            return s
    scored = sorted(
        ((difflib.SequenceMatcher(None, wanted, fold(s.task.content)).ratio(), i) for i, s in enumerate(candidates)),
        reverse=True,
    )
    best, index = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    return candidates[index] if best >= 0.75 and best - runner_up >= 0.1 else None


def _mismatch(kind: str, row: AgencyRow, state: TaskState, detail: str) -> Mismatch:
    return Mismatch(
        kind, row.row, state.id, state.task.content, row.status, state.status, row.completed, state.completed, detail
    )


def _compare(row: AgencyRow, state: TaskState, agency: str) -> list[Mismatch]:
    if state.task.assignee != agency:
        role = " (cơ quan này chỉ phối hợp)" if agency in state.task.coordinators else ""
        return [_mismatch("other_agency", row, state, f"Nhiệm vụ giao cho {state.task.assignee} chủ trì{role}.")]
    if state.status == "cancelled":
        return [_mismatch("cancelled", row, state, "Sổ theo dõi ghi nhiệm vụ đã hủy.")]
    agency_done, register_done = row.status == "done", state.status == "done"
    if agency_done and not register_done:
        return [
            _mismatch(
                "done_but_open", row, state, "Cần cập nhật sổ theo dõi (kèm văn bản báo cáo) hoặc xác minh với cơ quan."
            )
        ]
    if register_done and not agency_done and row.status != "cancelled":
        return [
            _mismatch(
                "open_but_done",
                row,
                state,
                f"Sổ theo dõi ghi hoàn thành ngày {fmt_date(state.completed)}; xác minh với cơ quan.",
            )
        ]
    if agency_done and register_done and row.completed and row.completed != state.completed:
        return [
            _mismatch(
                "date_differs",
                row,
                state,
                f"Cơ quan ghi {fmt_date(row.completed)}, sổ theo dõi ghi {fmt_date(state.completed)}.",
            )
        ]
    return []


# ---------------------------------------------------------------- views


def _status(key: str | None, register: bool) -> str:
    from generator.register.model import STATUSES

    if key is None:
        return ""
    return (STATUSES if register else AGENCY_STATUSES).get(key, key)


def render_markdown(result: Reconciliation) -> str:

    out = [
        f"# Đối chiếu báo cáo của {md_page(result.agency_name)} ({md_page(result.agency)})",
        "",
        (
            f"Tệp: {md_page(result.source)} — dòng tiêu đề bảng: {result.header_row}; "
            f"sổ theo dõi tính đến ngày {fmt_date(result.as_of)}."
        ),
        "",
        (
            f"Đọc được {result.rows_read} dòng nhiệm vụ: {result.agreed} dòng khớp với sổ theo dõi, "
            f"{sum(1 for m in result.mismatches if m.row is not None)} dòng chênh lệch; "
            f"{result.count('not_mentioned')} nhiệm vụ không được nhắc tới; "
            f"{len(result.unreadable)} dòng không đọc được (hoặc đọc được một phần)."
        ),
        "",
    ]
    out += ["## Tổng hợp chênh lệch", "", "| Loại | Số lượng |", "| --- | ---: |"]
    out += [f"| {label} | {result.count(kind)} |" for kind, label in KINDS.items()]
    for kind, label in KINDS.items():
        items = [m for m in result.mismatches if m.kind == kind]
        if not items:
            continue
        out += [
            "",
            f"## {label}",
            "",
            "| Dòng | Nhiệm vụ | Nội dung | Cơ quan báo | Sổ theo dõi | Ghi chú |",
            "| ---: | --- | --- | --- | --- | --- |",
        ]
        for m in items:
            agency = " ".join(x for x in (_status(m.agency_status, False), fmt_date(m.agency_date)) if x)
            register = " ".join(x for x in (_status(m.register_status, True), fmt_date(m.register_date)) if x)
            out.append(
                f"| {m.row or ''} | {md_page(m.task_id or '')} | {md_page(m.content or '')} | {md_page(agency)} | "
                f"{md_page(register)} | {md_page(m.detail)} |"
            )
    out += ["", "## Dòng không đọc được", ""]
    if result.unreadable:
        out += ["| Dòng | Lý do | Nội dung dòng |", "| ---: | --- | --- |"]
        out += [f"| {i.row} | {md_page(i.reason)} | {md_page(i.text)} |" for i in result.unreadable]
    else:
        out.append("Mọi dòng nhiệm vụ đều đọc được.")
    if result.skipped:
        out += ["", "## Dòng bỏ qua", "", "| Dòng | Lý do | Nội dung dòng |", "| ---: | --- | --- |"]
        out += [f"| {i.row} | {md_page(i.reason)} | {md_page(i.text)} |" for i in result.skipped]
    return "\n".join(out) + "\n"


def render_xlsx(result: Reconciliation) -> bytes:
    from openpyxl import Workbook

    from generator.reports.xlsx import workbook_bytes, write_table

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws["A1"] = f"ĐỐI CHIẾU BÁO CÁO CỦA {result.agency_name.upper()} ({result.agency})"
    ws["A2"] = f"Tệp: {result.source}; sổ theo dõi tính đến ngày {fmt_date(result.as_of)}"
    ws["A3"] = f"Đọc được {result.rows_read} dòng; khớp {result.agreed}; không đọc được {len(result.unreadable)}"
    write_table(
        ws,
        5,
        ("Loại chênh lệch", "Số lượng"),
        [[label, result.count(k)] for k, label in KINDS.items()],
        [70, 12],
        autofilter=False,
    )
    rows = [
        [
            m.row,
            KINDS[m.kind],
            m.task_id,
            m.content,
            _status(m.agency_status, False),
            m.agency_date,
            _status(m.register_status, True),
            m.register_date,
            m.detail,
        ]
        for m in result.mismatches
    ]
    write_table(
        wb.create_sheet("Chênh lệch"),
        1,
        (
            "Dòng",
            "Loại chênh lệch",
            "Mã nhiệm vụ",
            "Nội dung",
            "Cơ quan báo",
            "Ngày hoàn thành (cơ quan)",
            "Sổ theo dõi",
            "Ngày hoàn thành (sổ)",
            "Ghi chú",
        ),
        rows,
        [7, 40, 18, 50, 16, 14, 16, 14, 50],
        date_columns=[6, 8],
    )
    issues = [[i.row, i.reason, i.text] for i in result.unreadable]
    issues += [[i.row, "Bỏ qua: " + i.reason, i.text] for i in result.skipped]
    write_table(
        wb.create_sheet("Dòng không đọc được"),
        1,
        ("Dòng", "Lý do", "Nội dung dòng"),
        sorted(issues, key=lambda r: r[0]),
        [7, 60, 80],
    )
    return workbook_bytes(wb, result.as_of, f"Đối chiếu {result.agency}")
