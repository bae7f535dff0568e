"""Reconciliation (R8): an agency's own report compared with the register.

Agencies send spreadsheets written by hand: titles above the table, header rows merged over two
lines, a row of column numbers, group headings and signatures, dates typed as text, statuses in
Vietnamese with or without diacritics or as tick boxes («x» under «Đã hoàn thành | Đang thực
hiện | Chưa thực hiện»), document numbers wrapped in words («Công văn số 7185/UBND-TH», «262/TB-
VPUBND ngày 21/7/2026», `1855/QD-UBND`), contents shortened or reworded, CSV saved by Excel with
`;`, a byte-order mark or in Windows-1258. The form this tool sends (`generator.reports.form`) is
read exactly, by its hidden sheet; anything else by its header words.

Every row of the table gets one finding, with its row number and a reason: `agrees`,
`status_differs`, `date_differs`, `not_found` (with «Có phải là …?» suggestions when some tasks
come close), `other_agency`, `duplicate`, `cancelled` or `unreadable`. Titles, headers, column
numbers, group headings and signatures are skipped, listed apart. Nothing is matched silently:
a content is matched only within the agency's tasks of the document named on the row, and only
when it clearly reads like one task (see MATCH, MARGIN); otherwise the closest tasks are
suggested and the row is `not_found`.

`not_mentioned`: the agency's tasks (it is the lead agency) of documents issued on or before the
as-of date, except those finished or cancelled before 1 January of the as-of year (the monthly
report's year-to-date scope) — for a returned form, the open tasks the form listed — that no row
names or suggests.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError, UsageError
from generator.register.model import STATUSES, Register, is_secret
from generator.register.status import TaskState
from generator.reports.sheets import HEADER_SCAN_ROWS, Book, cell_text, find_header, is_numbering, read_book, spread
from generator.reports.words import (
    NumberCell,
    TaskRef,
    clean,
    find_report_number,
    fold,
    is_tick,
    number_key,
    parse_date,
    parse_number,
    parse_status,
    parse_task_ref,
    similarity,
)
from generator.vi import fmt_date, md_page, truncate

FINDINGS = {
    "agrees": "Khớp với sổ theo dõi",
    "status_differs": "Tình trạng khác sổ theo dõi",
    "date_differs": "Ngày hoàn thành khác nhau",
    "not_found": "Không tìm thấy nhiệm vụ trong sổ theo dõi",
    "other_agency": "Nhiệm vụ giao cho cơ quan khác chủ trì",
    "duplicate": "Nhiệm vụ ghi lặp lại trong báo cáo",
    "cancelled": "Nhiệm vụ đã hủy trong sổ theo dõi",
    "unreadable": "Dòng không đọc được",
}
NOT_MENTIONED = "Nhiệm vụ của cơ quan không có trong báo cáo"
AGENCY_STATUSES = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "cancelled": "Đã hủy",
}

# Content matching (token overlap, diacritics folded; words.similarity): a row is matched to a
# task when its score is at least MATCH and ahead of the next task by MARGIN; tasks scoring at
# least SUGGEST are offered as «Có phải là …?». Chosen on the cases of tests/reports/
# test_reconcile_matching.py: a shortened content scores 0.7–1.0 against its task, a reworded
# one 0.45–0.9, another task of the same document at most 0.5.
MATCH = 0.6
MARGIN = 0.15
SUGGEST = 0.25

# Header words (folded), most specific first within each field.
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
    "report": ("so van ban bao cao", "so bao cao", "van ban bao cao", "report number"),
    "difficulties": ("kho khan vuong mac", "kho khan"),
    "recommendation": ("kien nghi de xuat", "kien nghi", "de xuat"),
    "note": ("ghi chu", "note", "notes", "remarks"),
}
SIGNATURE_WORDS = (
    "nguoi lap bieu",
    "nguoi lap",
    "thu truong",
    "giam doc",
    "chanh van phong",
    "chu tich",
    "truong phong",
    "ky ten",
    "ky ghi ro ho ten",
    "dong dau",
    "noi nhan",
    "luu vt",
    "tong cong",
    "tong so",
    "xac nhan",
)
_TICK_PHRASES = (
    ("done", ("da hoan thanh", "hoan thanh", "da thuc hien")),
    ("in_progress", ("dang thuc hien", "dang trien khai")),
    ("not_started", ("chua thuc hien", "chua hoan thanh", "chua trien khai")),
    ("cancelled", ("da huy",)),
)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class AgencyRow:
    row: int  # row number as the agency sees it (1-based, in the sheet or the CSV file)
    text: str  # what the row said, shortened
    ref: TaskRef | None
    raw_id: str
    document: NumberCell | None
    raw_document: str
    content: str | None
    status: str | None
    status_text: str
    completed: dt.date | None
    report: str | None
    note: str | None
    difficulties: str | None
    recommendation: str | None
    problem: str | None = None  # why the row cannot be read (then it is `unreadable`)
    date_problem: str | None = None  # the completion date could not be read (the status still counts)


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
    skipped: list[RowIssue] = field(default_factory=list)  # titles, signatures, column numbers
    notes: list[str] = field(default_factory=list)
    form: dict | None = None  # the form's own description (agency, as_of, task ids) when it is one


def read_agency_report(path: Path) -> Sheet:
    """Read an agency's .xlsx or .csv report; InputError if no usable table is found."""
    book = read_book(Path(path))
    form = _form_description(book)
    if form is not None:
        sheet = _read_form(book, form)
    else:
        sheet = _read_free(book)
    sheet.notes = book.notes + sheet.notes
    return sheet


def _usable(columns: dict[str, int]) -> bool:
    return ("status" in columns or "ticks" in columns) and (
        "id" in columns or {"document", "content"} <= columns.keys()
    )


def _read_free(book: Book) -> Sheet:
    best = None
    for grid in book.visible():
        top = spread(grid, HEADER_SCAN_ROWS + 2)[: HEADER_SCAN_ROWS + 2]
        header = find_header(top, HEADER_WORDS, lambda c, texts: _usable(_with_ticks(c, texts)))
        if header is None:
            continue
        columns = _with_ticks(header.columns, header.texts)
        score = len(columns)
        if best is None or score > best[0]:
            best = (score, grid, header, columns)
    if best is None:
        name = book.path.name
        raise InputError(
            f"Không tìm thấy dòng tiêu đề bảng trong «{name}» (đã xem {HEADER_SCAN_ROWS} dòng đầu của mỗi trang).",
            "Bảng cần có cột trạng thái («Tình trạng», «Trạng thái», «Kết quả thực hiện», hoặc các cột đánh dấu "
            "«Đã hoàn thành | Đang thực hiện | Chưa thực hiện») và cột «Mã nhiệm vụ» hoặc «Số, ký hiệu văn bản» "
            "cùng «Nội dung nhiệm vụ».",
        )
    _, grid, header, columns = best
    rows = spread(grid, header.rows[-1] + 1)
    sheet = Sheet(grid.name, header.rows[0] + 1, columns)
    _above(rows, header.rows, sheet)
    _read_rows(rows, header.rows[-1] + 1, columns, sheet)
    return sheet


def _above(rows: list[list[object]], header_rows: list[int], sheet: Sheet) -> None:
    """The letterhead, the title and the header: skipped, and said so."""
    for index in range(header_rows[-1] + 1):
        texts = [t for t in (cell_text(v) for v in rows[index]) if t]
        if texts:
            why = "dòng tiêu đề cột" if index in header_rows else "tiêu đề phía trên bảng"
            sheet.skipped.append(RowIssue(index + 1, why, truncate(" | ".join(dict.fromkeys(texts)), 160)))


def _with_ticks(columns: dict[str, int], texts: list[str] | None) -> dict:
    """Columns plus `ticks` ({column: status}) when the status is given by marks in two or more
    columns headed by status words; the `status` column is then dropped if it is one of them."""
    if texts is None:
        return columns
    ticks: dict[int, str] = {}
    taken = {c for k, c in columns.items() if k not in ("status", "note", "content")}
    for col, text in enumerate(texts):
        if col in taken:
            continue
        folded = f" {fold(text)} "
        for status, phrases in _TICK_PHRASES:
            if any(f" {p} " in folded for p in phrases):
                ticks[col] = status
                break
    if len(set(ticks.values())) < 2:
        return columns
    out = {k: c for k, c in columns.items() if c not in ticks}
    out["ticks"] = ticks
    return out


def _read_rows(rows: list[list[object]], start: int, columns: dict, sheet: Sheet) -> None:
    ticks: dict[int, str] = columns.get("ticks", {})

    def get(row, name):
        col = columns.get(name)
        return row[col] if isinstance(col, int) and col < len(row) else None

    for index in range(start, len(rows)):
        row, number = rows[index], index + 1
        texts = [cell_text(v) for v in row]
        filled = [t for t in texts if t]
        if not filled:
            continue
        shown = truncate(" | ".join(filled), 160)
        if is_numbering(texts):
            sheet.skipped.append(RowIssue(number, "dòng đánh số cột", shown))
            continue
        raw_id, raw_doc, content = (cell_text(get(row, k)) for k in ("id", "document", "content"))
        status_text = cell_text(get(row, "status"))
        marked = [s for c, s in ticks.items() if c < len(row) and is_tick(row[c])]
        if ticks:
            status_text = " + ".join(AGENCY_STATUSES[s] for s in marked)
        status = marked[0] if len(marked) == 1 else parse_status(status_text) if not ticks else None
        skip = _skip_reason(raw_id, raw_doc, content, status_text, status, filled)
        if skip:
            sheet.skipped.append(RowIssue(number, skip, shown))
            continue
        ref = parse_task_ref(raw_id) if raw_id else None
        document = parse_number(raw_doc) if raw_doc else None
        if raw_id and ref is None and raw_id.isdigit() and document:
            ref = parse_task_ref(f"{document.number}#{raw_id}")  # an id column holding only the task's number
            if ref is not None and document.date:
                ref = TaskRef(number=ref.number, year=document.date.year, task=ref.task)
        problem = None
        if raw_id and ref is None and not (document and content):
            problem = f"mã nhiệm vụ «{raw_id}» không đúng dạng (ví dụ 2026/14-CT-UBND#1, hoặc 14/CT-UBND (2026) #1)"
        elif ref is None and not (document and content):
            if raw_doc and document is None:
                problem = f"«{raw_doc}» không có số, ký hiệu văn bản (ví dụ 14/CT-UBND)"
            else:
                problem = (
                    "thiếu mã nhiệm vụ, hoặc số, ký hiệu văn bản và nội dung nhiệm vụ, nên không biết là nhiệm vụ nào"
                )
        elif status is None:
            if len(marked) > 1:
                problem = "đánh dấu nhiều ô tình trạng cùng lúc: " + status_text
            elif status_text:
                problem = (
                    f"tình trạng «{status_text}» không hiểu được (dùng «Đã hoàn thành», «Đang thực hiện» "
                    "hoặc «Chưa thực hiện»)"
                )
            else:
                problem = "thiếu tình trạng thực hiện"
        completed, date_problem = parse_date(get(row, "completed"))
        note = clean(get(row, "note")) or None
        report = clean(get(row, "report")) or None
        if report:
            report = find_report_number(report) or report
        elif status == "done":
            report = find_report_number(note) or find_report_number(status_text)
        sheet.rows.append(
            AgencyRow(
                number,
                shown,
                ref,
                raw_id,
                document,
                raw_doc,
                content or None,
                status,
                status_text,
                completed,
                report,
                note,
                clean(get(row, "difficulties")) or None,
                clean(get(row, "recommendation")) or None,
                problem,
                date_problem,
            )
        )


def _skip_reason(raw_id, raw_doc, content, status_text, status, filled) -> str | None:
    """Why a row is not a task row (title, group heading, total, signature), or None."""
    if raw_id or raw_doc or status is not None:
        return None
    folded = fold(" ".join(filled))
    if any(f" {w} " in f" {folded} " for w in SIGNATURE_WORDS) and not (content and status_text):
        return "dòng chữ ký, tổng cộng hoặc nơi nhận"
    if content and status_text:
        return None  # a task row that names no task: unreadable, with its reason
    return "không phải dòng nhiệm vụ (tiêu đề nhóm, ghi chú…): không có mã nhiệm vụ, văn bản hay tình trạng"


# ---------------------------------------------------------------- the form


def _form_description(book: Book) -> dict | None:
    grid = book.form_sheet()
    if grid is None:
        return None
    pairs = {cell_text(r[0]): r[1] for r in grid.rows if len(r) >= 2 and r[0]}
    if pairs.get("form") != "nhiemvu-phieu-bao-cao":
        return None
    pairs["tasks"] = [cell_text(r[1]) for r in grid.rows if len(r) >= 2 and cell_text(r[0]) == "task"]
    return pairs


def _read_form(book: Book, form: dict) -> Sheet:
    """The returned form, read by the columns its hidden sheet names: ids survive whatever the
    agency typed into the other cells."""
    name = cell_text(form.get("sheet"))
    grid = next((g for g in book.visible() if g.name.endswith(f"› {name}")), None)
    try:
        header_row = int(form.get("header_row"))
        keys = [k.strip() for k in str(form.get("columns", "")).split(",")]
    except (TypeError, ValueError):
        grid = None
    if grid is None:
        raise InputError(
            f"Tệp «{book.path.name}» là phiếu báo cáo của nhiemvu nhưng thiếu trang «{name}» hoặc bị sửa cấu trúc.",
            "Điền vào đúng phiếu đã nhận (không xóa, đổi tên trang), hoặc xuất phiếu mới bằng «nhiemvu report form».",
        )
    columns = {key: i for i, key in enumerate(keys) if key and key not in ("register_status", "deadline", "stt")}
    sheet = Sheet(grid.name, header_row, columns)
    rows = spread(grid, header_row)
    _above(rows, [header_row - 1], sheet)
    _read_rows(rows, header_row, columns, sheet)
    sheet.form = {"agency": cell_text(form.get("agency")), "as_of": form.get("as_of"), "tasks": form["tasks"]}
    return sheet


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True, slots=True)
class RowResult:
    row: int
    finding: str  # a key of FINDINGS
    task: str | None  # the task's global id
    suggestions: list[str]  # global ids
    reason: str
    text: str  # what the row said, shortened
    label: str | None = None
    content: str | None = None
    agency_status: str | None = None
    register_status: str | None = None
    agency_date: dt.date | None = None
    register_date: dt.date | None = None
    report: str | None = None
    note: str | None = None
    recommendation: str | None = None


@dataclass(frozen=True, slots=True)
class Missing:
    task: str
    label: str
    content: str
    register_status: str
    register_date: dt.date | None


@dataclass(slots=True)
class Reconciliation:
    agency: str
    agency_name: str
    source: str
    as_of: dt.date
    header_row: int
    rows: list[RowResult]
    not_mentioned: list[Missing]
    skipped: list[RowIssue]
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # global id → «03/CT-UBND (2026) #2»

    def count(self, finding: str) -> int:
        if finding == "not_mentioned":
            return len(self.not_mentioned)
        return sum(1 for r in self.rows if r.finding == finding)

    @property
    def rows_read(self) -> int:
        return len(self.rows)

    @property
    def agreed(self) -> int:
        return self.count("agrees")


class _Index:
    """The register's tasks by global id and by document number (numbers restart every year)."""

    def __init__(self, states: list[TaskState]):
        self.by_id = {s.id.upper(): s for s in states}
        self.by_number: dict[str, dict[int, list[TaskState]]] = {}
        for s in states:
            years = self.by_number.setdefault(number_key(s.document.number), {})
            years.setdefault(s.document.issued.year, []).append(s)

    def years(self, number: str) -> dict[int, list[TaskState]]:
        return self.by_number.get(number_key(number), {})


def reconcile(
    sheet: Sheet, states: Iterable[TaskState], register: Register, agency: str, as_of: dt.date
) -> Reconciliation:
    """Compare every row with the register's state of its task at `as_of`."""
    states = [s for s in states if s.document.issued <= as_of and not is_secret(s.document)]
    index = _Index(states)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    named: set[str] = set()
    for row in sheet.rows:
        if row.problem:
            state = None
            if row.ref is not None or (row.document and row.content):
                state, suggestions, _ = _find(row, index, agency)  # the row still names its task
                named.update(suggestions)
            if state is not None:
                named.add(state.id)
            results.append(RowResult(row.row, "unreadable", state.id if state else None, [], row.problem, row.text))
            continue
        state, suggestions, reason = _find(row, index, agency)
        named.update(suggestions)
        if state is None:
            results.append(RowResult(row.row, "not_found", None, suggestions, reason, row.text, content=row.content))
            continue
        named.add(state.id)
        if state.id in seen:
            results.append(
                _result(row, state, "duplicate", f"Đã ghi ở dòng {seen[state.id]}; chỉ dòng đầu được đối chiếu.")
            )
            continue
        seen[state.id] = row.row
        results.append(_compare(row, state, agency, register))
    missing = _not_mentioned(states, agency, as_of, named, sheet.form)
    agency_obj = register.agencies.get(agency)
    return Reconciliation(
        agency,
        agency_obj.name if agency_obj else agency,
        sheet.name,
        as_of,
        sheet.header_row,
        results,
        missing,
        sheet.skipped,
        list(sheet.notes),
        {s.id: s.label for s in states},
    )


def _not_mentioned(states, agency, as_of, named, form) -> list[Missing]:
    start = dt.date(as_of.year, 1, 1)
    listed = {i.upper() for i in form["tasks"]} if form else None
    out = []
    for s in states:
        if s.task.assignee != agency or s.id in named or s.status == "cancelled":
            continue
        if listed is not None and s.id.upper() not in listed:
            continue  # a form lists the open tasks on its day; the others were not asked
        if s.status == "done" and s.completed and s.completed < start:
            continue
        out.append(Missing(s.id, s.label, s.task.content, s.status, s.completed))
    return out


def _find(row: AgencyRow, index: _Index, agency: str) -> tuple[TaskState | None, list[str], str]:
    """(task, suggestions, reason): by the id column when there is one, else by document and content."""
    if row.ref is not None:
        return _by_ref(row, index, agency)
    return _by_content(row, index, agency)


def _by_ref(row: AgencyRow, index: _Index, agency: str) -> tuple[TaskState | None, list[str], str]:
    ref = row.ref
    if ref.key:
        state = index.by_id.get(f"{ref.key}#{ref.task}".upper())
        if state is not None:
            return state, [], ""
        return None, [], f"Không có nhiệm vụ «{row.raw_id}» trong sổ theo dõi."
    years = index.years(ref.number)
    if not years:
        return None, [], f"Không có văn bản «{ref.number}» trong sổ theo dõi."
    year = _year(ref.year or (row.document.date.year if row.document and row.document.date else None), years)
    if year is None:
        with_task = [y for y, found in years.items() if any(_is(s, ref.task, agency) for s in found)]
        if len(with_task) == 1:
            year = with_task[0]
        else:
            suggestions = [s.id for y in sorted(years) for s in years[y] if s.task.id == ref.task]
            return (
                None,
                suggestions,
                f"Số «{ref.number}» có ở nhiều năm ({', '.join(str(y) for y in sorted(years))}): "
                "ghi thêm năm, ví dụ " + f"{ref.number} ({max(years)}) #{ref.task}.",
            )
    found = years.get(year, [])
    state = next((s for s in found if s.task.id == ref.task), None)
    if state is not None:
        return state, [], ""
    mine = [s.id for s in found if s.task.assignee == agency]
    return None, mine[:5], f"Văn bản {ref.number} ({year}) không có nhiệm vụ số {ref.task}."


def _is(state: TaskState, task_id: int, agency: str) -> bool:
    return state.task.id == task_id and state.task.assignee == agency


def _year(wanted: int | None, years: dict[int, list[TaskState]]) -> int | None:
    if wanted is not None:
        return wanted
    return next(iter(years)) if len(years) == 1 else None


def _by_content(row: AgencyRow, index: _Index, agency: str) -> tuple[TaskState | None, list[str], str]:
    number = row.document.number
    years = index.years(number)
    if not years:
        return None, [], f"Không có văn bản «{number}» trong sổ theo dõi."
    wanted = row.document.date.year if row.document.date else row.document.year
    if wanted is not None and wanted in years:
        pool = years[wanted]
    elif wanted is not None:
        return None, [], f"Sổ theo dõi không có văn bản {number} ban hành năm {wanted}."
    else:
        pool = [s for found in years.values() for s in found]
    content = fold(row.content)
    same = [s for s in pool if fold(s.task.content) == content]
    mine = [s for s in same if s.task.assignee == agency]
    if len(mine) == 1 or (not mine and len(same) == 1):
        return (mine or same)[0], [], ""
    for group in ([s for s in pool if s.task.assignee == agency], [s for s in pool if s.task.assignee != agency]):
        state, suggestions, reason = _closest(row, group)
        if state is not None:
            return state, [], ""
        if suggestions:
            return None, suggestions, reason
    return None, [], f"Văn bản {number} không có nhiệm vụ nào có nội dung gần với «{truncate(row.content, 60)}»."


def _closest(row: AgencyRow, group: list[TaskState]) -> tuple[TaskState | None, list[str], str]:
    if not group:
        return None, [], ""
    scored = sorted(((similarity(row.content, s.task.content), s.id, s) for s in group), key=lambda x: (-x[0], x[1]))
    best, _, state = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if best >= MATCH and best - runner >= MARGIN:
        return state, [], ""
    close = [s for score, _, s in scored if score >= SUGGEST][:3]
    if not close:
        return None, [], ""
    asked = ", ".join(s.label for s in close)
    return (
        None,
        [s.id for s in close],
        f"Nội dung không khớp rõ với một nhiệm vụ của văn bản {row.document.number}: có phải là {asked}?",
    )


def _result(row: AgencyRow, state: TaskState, finding: str, reason: str) -> RowResult:
    return RowResult(
        row.row,
        finding,
        state.id,
        [],
        reason,
        row.text,
        state.label,
        state.task.content,
        row.status,
        state.status,
        row.completed,
        state.completed,
        row.report,
        row.note,
        " ".join(x for x in (row.difficulties, row.recommendation) if x) or None,
    )


def _compare(row: AgencyRow, state: TaskState, agency: str, register: Register) -> RowResult:
    if state.task.assignee != agency:
        lead = register.agencies.get(state.task.assignee)
        role = " (cơ quan này chỉ phối hợp)" if agency in state.task.coordinators else ""
        name = lead.name if lead else state.task.assignee
        return _result(row, state, "other_agency", f"Nhiệm vụ giao cho {name} ({state.task.assignee}) chủ trì{role}.")
    if state.status == "cancelled":
        return _result(row, state, "cancelled", "Sổ theo dõi ghi nhiệm vụ đã hủy.")
    said, held = row.status, state.status
    if said != held and not (said == "not_started" and held == "not_started"):
        if said == "done" and held != "done":
            reason = "Cơ quan báo đã hoàn thành, sổ theo dõi chưa ghi hoàn thành: cập nhật sổ (kèm văn bản báo cáo)."
        elif held == "done":
            reason = f"Sổ theo dõi ghi hoàn thành ngày {fmt_date(state.completed)}; xác minh với cơ quan."
        else:
            reason = f"Cơ quan báo «{AGENCY_STATUSES[said]}», sổ theo dõi ghi «{STATUSES[held]}»."
        return _result(row, state, "status_differs", reason)
    if said == "done" and row.completed and row.completed != state.completed:
        reason = f"Cơ quan ghi {fmt_date(row.completed)}, sổ theo dõi ghi {fmt_date(state.completed)}."
        return _result(row, state, "date_differs", reason)
    extra = f"; ngày hoàn thành: {row.date_problem}, không đối chiếu ngày" if row.date_problem else ""
    return _result(row, state, "agrees", f"Cùng ghi «{STATUSES[held]}»{extra}.")


# ---------------------------------------------------------------- views


def render_json(result: Reconciliation) -> str:
    """`{"agency", "rows": [{"row", "task", "finding", "suggestions", "reason"}], "not_mentioned"}`."""
    data = {
        "agency": result.agency,
        "rows": [
            {"row": r.row, "task": r.task, "finding": r.finding, "suggestions": r.suggestions, "reason": r.reason}
            for r in result.rows
        ],
        "not_mentioned": [m.task for m in result.not_mentioned],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _status(key: str | None, register: bool) -> str:
    if key is None:
        return ""
    return (STATUSES if register else AGENCY_STATUSES).get(key, key)


def _who(result: Reconciliation, task: str | None) -> str:
    return result.labels.get(task, task or "")


def render_markdown(result: Reconciliation) -> str:
    out = [
        f"# Đối chiếu báo cáo của {md_page(result.agency_name)} ({md_page(result.agency)})",
        "",
        (
            f"Tệp: {md_page(result.source)} — dòng tiêu đề bảng: {result.header_row}; "
            f"sổ theo dõi tính đến ngày {fmt_date(result.as_of)}."
        ),
        "",
    ]
    for note in result.notes:
        out += [f"> {md_page(note)}", ""]
    out += [
        (
            f"Đọc được {result.rows_read} dòng nhiệm vụ: {result.agreed} dòng khớp với sổ theo dõi, "
            f"{result.rows_read - result.agreed} dòng cần xem; {len(result.not_mentioned)} nhiệm vụ không được "
            f"nhắc tới; {len(result.skipped)} dòng bỏ qua (tiêu đề, chữ ký…)."
        ),
        "",
        "## Tổng hợp",
        "",
        "| Kết quả | Số dòng |",
        "| --- | ---: |",
    ]
    out += [f"| {label} | {result.count(k)} |" for k, label in FINDINGS.items()]
    out.append(f"| {NOT_MENTIONED} | {len(result.not_mentioned)} |")
    for finding, label in FINDINGS.items():
        items = [r for r in result.rows if r.finding == finding]
        if not items or finding == "agrees":
            continue
        out += ["", f"## {label}", ""]
        out += [
            "| Dòng | Nhiệm vụ | Cơ quan báo | Sổ theo dõi | Lý do | Nội dung dòng |",
            "| ---: | --- | --- | --- | --- | --- |",
        ]
        for r in items:
            agency = " ".join(x for x in (_status(r.agency_status, False), fmt_date(r.agency_date)) if x)
            held = " ".join(x for x in (_status(r.register_status, True), fmt_date(r.register_date)) if x)
            out.append(
                f"| {r.row} | {md_page(_who(result, r.task))} | {md_page(agency)} | {md_page(held)} | "
                f"{md_page(r.reason)} | {md_page(r.text)} |"
            )
    if result.not_mentioned:
        out += ["", f"## {NOT_MENTIONED}", "", "| Nhiệm vụ | Nội dung | Sổ theo dõi |", "| --- | --- | --- |"]
        for m in result.not_mentioned:
            held = " ".join(x for x in (_status(m.register_status, True), fmt_date(m.register_date)) if x)
            out.append(f"| {md_page(m.label)} | {md_page(m.content)} | {md_page(held)} |")
    agreed = [r for r in result.rows if r.finding == "agrees"]
    if agreed:
        out += ["", f"## {FINDINGS['agrees']}", "", "| Dòng | Nhiệm vụ | Tình trạng |", "| ---: | --- | --- |"]
        out += [
            f"| {r.row} | {md_page(_who(result, r.task))} | {md_page(_status(r.register_status, True))} |"
            for r in agreed
        ]
    if result.skipped:
        out += ["", "## Dòng bỏ qua", "", "| Dòng | Lý do | Nội dung dòng |", "| ---: | --- | --- |"]
        out += [f"| {i.row} | {md_page(i.reason)} | {md_page(i.text)} |" for i in result.skipped]
    return "\n".join(out) + "\n"


def render_xlsx(result: Reconciliation) -> bytes:
    from generator.reports.workbook import new_workbook, print_setup, title_rows, workbook_bytes, write_table

    wb = new_workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    top = title_rows(
        ws,
        [
            f"ĐỐI CHIẾU BÁO CÁO CỦA {result.agency_name.upper()} ({result.agency})",
            (f"Tệp: {result.source}; sổ theo dõi tính đến ngày {fmt_date(result.as_of)}", {"size": 11}),
            (f"Đọc được {result.rows_read} dòng; khớp {result.agreed}; bỏ qua {len(result.skipped)}", {"size": 11}),
            *((n, {"size": 11, "italic": True}) for n in result.notes),
        ],
        2,
    )
    counts = [[label, result.count(k)] for k, label in FINDINGS.items()] + [[NOT_MENTIONED, len(result.not_mentioned)]]
    write_table(ws, top + 1, ("Kết quả", "Số dòng"), counts, [70, 12], number_columns=[2], autofilter=False)
    print_setup(ws, landscape=False)
    rows = [
        [
            r.row,
            FINDINGS[r.finding],
            _who(result, r.task),
            r.content,
            _status(r.agency_status, False),
            r.agency_date,
            _status(r.register_status, True),
            r.register_date,
            r.reason,
            ", ".join(_who(result, s) for s in r.suggestions),
            r.text,
        ]
        for r in result.rows
    ]
    rows += [
        [None, NOT_MENTIONED, m.label, m.content, None, None, _status(m.register_status, True), m.register_date]
        for m in result.not_mentioned
    ]
    sheet = wb.create_sheet("Chi tiết")
    write_table(
        sheet,
        1,
        (
            "Dòng",
            "Kết quả",
            "Nhiệm vụ",
            "Nội dung (sổ theo dõi)",
            "Cơ quan báo",
            "Ngày hoàn thành (cơ quan)",
            "Sổ theo dõi",
            "Ngày hoàn thành (sổ)",
            "Lý do",
            "Có phải là",
            "Nội dung dòng",
        ),
        rows,
        [7, 30, 20, 45, 15, 13, 15, 13, 45, 25, 45],
        date_columns=[6, 8],
        number_columns=[1],
    )
    print_setup(sheet, header_row=1)
    skipped = wb.create_sheet("Dòng bỏ qua")
    write_table(
        skipped, 1, ("Dòng", "Lý do", "Nội dung dòng"), [[i.row, i.reason, i.text] for i in result.skipped], [7, 60, 80]
    )
    print_setup(skipped, header_row=1)
    return workbook_bytes(wb, result.as_of, f"Đối chiếu {result.agency}")


def check_form_agency(sheet: Sheet, agency: str) -> None:
    """A returned form is reconciled as the agency it was made for."""
    if sheet.form and sheet.form.get("agency") and sheet.form["agency"] != agency:
        raise UsageError(
            f"Phiếu này lập cho cơ quan {sheet.form['agency']}, không phải {agency}.",
            f"Chạy lại với --agency {sheet.form['agency']}.",
        )


# ---------------------------------------------------------------- --apply


@dataclass(frozen=True, slots=True)
class Planned:
    """A progress entry `reconcile --apply` adds: what the agency reported, as a new entry of
    the task's `progress` list (append-only, so the register keeps what it said before)."""

    row: int
    task: str  # global id
    file: str  # the document file, relative to the register directory
    task_index: int  # position in the file's `tasks` list
    entry: dict


@dataclass(slots=True)
class Plan:
    entries: list[Planned]
    skipped: list[tuple[int, str, str]]  # (row, task id, why it is not applied)


def plan_apply(result: Reconciliation, states: Iterable[TaskState], register: Register, report: str | None) -> Plan:
    """The differences `--apply` writes: a task the agency reports done (with its completion
    date and report number) that the register holds open, and a task it reports in progress
    that the register holds not started. Anything else needs a person: the register says done
    and the agency does not, dates differ, a cancellation (decided by UBND tỉnh, not the agency)."""
    by_id = {s.id: s for s in states}
    plan = Plan([], [])
    for r in result.rows:
        if r.finding == "date_differs":
            plan.skipped.append((r.row, r.task, "ngày hoàn thành khác nhau: xác minh với cơ quan rồi sửa tay"))
        if r.finding != "status_differs":
            continue
        state = by_id[r.task]
        entry, why = _entry(r, state, result, report)
        if entry is None:
            plan.skipped.append((r.row, r.task, why))
            continue
        rel = _relative(state.document.file, register.prefix)
        plan.entries.append(Planned(r.row, r.task, rel, state.task.index, entry))
    return plan


def _relative(file: str, prefix: str) -> str:
    return file[len(prefix) + 1 :] if prefix not in ("", ".") and file.startswith(prefix + "/") else file


def _entry(r: RowResult, state: TaskState, result: Reconciliation, report: str | None) -> tuple[dict | None, str]:
    from generator.register.model import needs_report

    last = max((p.date for p in state.task.progress if p.date), default=None)
    source = f"Theo báo cáo của {result.agency_name}"
    note = f"{source}: {r.note.rstrip('.')}." if r.note else f"{source}."
    if r.agency_status == "done" and r.register_status != "done":
        if r.agency_date is None:
            return None, "cơ quan báo hoàn thành nhưng không ghi ngày hoàn thành"
        if r.agency_date > result.as_of:
            return None, f"ngày hoàn thành {fmt_date(r.agency_date)} sau ngày đối chiếu"
        if last and r.agency_date < last:
            return None, (
                f"ngày hoàn thành {fmt_date(r.agency_date)} trước lần cập nhật gần nhất trong sổ ({fmt_date(last)})"
            )
        number = r.report or report
        if needs_report(state.task.classification) and not number:
            return None, f"nhiệm vụ loại {state.task.classification} cần số văn bản báo cáo (ghi --report SỐ)"
        entry = {"date": r.agency_date, "status": "done", "note": note}
        if number:
            entry["report"] = number
    elif r.agency_status == "in_progress" and r.register_status == "not_started":
        if last and result.as_of < last:
            return None, f"sổ đã có cập nhật ngày {fmt_date(last)}, sau ngày đối chiếu"
        entry = {"date": result.as_of, "status": "in_progress", "note": note}
    else:
        return None, "cơ quan báo lùi tình trạng hoặc hủy: xác minh với cơ quan rồi sửa tay"
    if r.recommendation:
        entry["recommendation"] = r.recommendation
    return entry, ""
