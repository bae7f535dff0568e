"""Importing the register an Office keeps today in Excel or CSV (`nhiemvu import`).

The sheet is read by the one bounded reader (`sheets`): any column order and spelling of the
headers (VOCABULARY), title rows above, a header merged over two rows, a row of column numbers
«(1) (2) …», group rows («I. SỞ TÀI CHÍNH», «A. NHIỆM VỤ CÓ THỜI HẠN»), signature rows below.
A row with a task content is a task; the document it belongs to is named on the row («Công văn
số 419/VPUBND-HCTC ngày 08/9/2017», `1855/QD-UBND`) or, when the number cell is empty or merged,
on the rows above. Names become codes through agencies.yaml and signers.yaml (`names`); a group
row naming an agency («I. SỞ TÀI CHÍNH») is the lead agency of the rows under it that name none.

Nothing is guessed: a row that cannot be mapped is reported with its row number and why, and
nothing is written for its document. Each document becomes one file written by
`register.edit.render_document` (path, slug, modeline and key order of the contract), checked
with every rule before it is written (`register.edit.write_checked`); a document already in the
register is never overwritten, its differences with the sheet are listed. Importing the same
sheet again finds every document present and identical, so it changes nothing.

Status: «Đã hoàn thành» needs a completion date (the completion column, else a date written in
the status text); the report number («Báo cáo số 2150/BC-STC») comes from the report column,
the notes or the status text. «Đang thực hiện» is recorded as of the import's as-of day (the
sheet says what held when it was last saved, not since when), «Chưa thực hiện» adds no entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.register.model import URGENCIES, Register, document_relpath
from generator.reports.names import NameIndex, SignerIndex, agency_index, division_index
from generator.reports.sheets import (
    HEADER_SCAN_ROWS,
    cell_text,
    find_header,
    is_numbering,
    read_book,
    spread,
)
from generator.reports.words import (
    NumberCell,
    clean,
    find_date,
    find_report_number,
    fold,
    number_key,
    parse_classification,
    parse_date,
    parse_deadline,
    parse_number,
    parse_status,
)
from generator.vi import fmt_date, truncate

VOCABULARY: dict[str, tuple[str, ...]] = {
    "stt": ("so thu tu", "so tt", "stt", "tt"),
    "number": (
        "so ky hieu van ban",
        "so ky hieu",
        "so hieu van ban",
        "so van ban",
        "van ban giao nhiem vu",
        "van ban chi dao",
        "van ban giao",
        "so vb",
        "van ban",
    ),
    "issued": ("ngay ban hanh", "ngay thang nam van ban", "ngay van ban", "ngay vb", "ngay ky"),
    "title": ("trich yeu noi dung van ban", "trich yeu noi dung", "trich yeu", "ten van ban"),
    "signer": ("nguoi ky van ban", "lanh dao ky", "nguoi ky"),
    "content": (
        "noi dung nhiem vu giao",
        "noi dung nhiem vu duoc giao",
        "noi dung nhiem vu",
        "nhiem vu duoc giao",
        "noi dung cong viec",
        "noi dung giao",
        "ten nhiem vu",
        "noi dung",
        "nhiem vu",
    ),
    "assignee": (
        "co quan duoc giao nhiem vu",
        "co quan chu tri",
        "don vi chu tri",
        "co quan duoc giao",
        "co quan thuc hien",
        "don vi thuc hien",
        "chu tri",
    ),
    "coordinators": ("co quan phoi hop", "don vi phoi hop", "phoi hop"),
    "monitor": ("phong theo doi", "phong chuyen mon theo doi", "don vi theo doi", "theo doi don doc", "theo doi"),
    "classification": ("phan loai nhiem vu", "phan loai", "loai nhiem vu"),
    "deadline": ("thoi han hoan thanh", "thoi han thuc hien", "thoi han", "han hoan thanh", "han xu ly"),
    "status": (
        "tinh hinh ket qua thuc hien",
        "tinh hinh thuc hien",
        "ket qua thuc hien",
        "tinh trang thuc hien",
        "tinh trang",
        "trang thai",
        "ket qua",
    ),
    "completed": ("ngay hoan thanh", "thoi gian hoan thanh", "ngay thuc hien xong"),
    "report": ("so van ban bao cao", "so bao cao", "van ban bao cao"),
    "delay_reason": ("ly do cham", "nguyen nhan cham"),
    "note": ("ghi chu",),
    "secrecy": ("do mat",),
    "urgency": ("do khan",),
    "submitted_by": ("co quan trinh",),
}
SIGNATURE_WORDS = (
    "nguoi lap bieu",
    "nguoi lap",
    "thu truong",
    "chanh van phong",
    "giam doc",
    "ky ten",
    "ky ghi ro ho ten",
    "dong dau",
    "noi nhan",
    "luu vt",
    "tong cong",
)
_GROUP = re.compile(r"^\s*(?:[IVXLC]+|[A-ZĐ]|\d{1,2})\s*[.)/-]\s*\S")
_URGENCY = {"hoa toc": "flash", "thuong khan": "very_urgent", "khan": "urgent", "thuong": "normal"}


# ---------------------------------------------------------------- the outcome


@dataclass(slots=True)
class RowOutcome:
    row: int
    outcome: str  # imported | present | skipped | refused
    reason: str
    text: str
    document: str | None = None  # «419/VPUBND-HCTC (2017)»
    path: str | None = None  # documents/2017/419-VPUBND-HCTC.yaml
    task: int | None = None


@dataclass(slots=True)
class DocumentPlan:
    path: str  # under the register directory
    label: str
    text: str
    rows: list[int]
    task_rows: list[int] = field(default_factory=list)  # the row of each task, in task id order
    state: str = "new"  # new | same | different | refused | written
    differences: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    source: str
    header_row: int
    rows: list[RowOutcome]
    documents: list[DocumentPlan]
    notes: list[str] = field(default_factory=list)

    def by(self, outcome: str) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == outcome]


# ---------------------------------------------------------------- reading the rows


@dataclass(slots=True)
class _Doc:
    """A document as the rows give it, and the rows (task rows) that belong to it."""

    cell: NumberCell
    year: int
    issued: dt.date | None
    title: str
    signer: str
    urgency: str
    secrecy: str
    first_row: int
    rows: list[int] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    undated: set[int] = field(default_factory=set)  # task indexes whose last entry is dated as-of


@dataclass(slots=True)
class SheetToImport:
    """The table found in the file: its grid (merged labels spread), header and columns."""

    name: str
    header_row: int  # 1-based
    first_row: int  # 0-based index of the first row under the header
    header_rows: list[int]  # 0-based
    rows: list[list[object]]
    columns: dict[str, int]
    notes: list[str]


def open_sheet(path: Path) -> SheetToImport:
    """The register's table in an .xlsx or .csv file (the sheet naming the most columns);
    InputError when there is none."""
    book = read_book(Path(path), legacy_encoding=False)
    best = None
    for grid in book.visible():
        top = spread(grid, HEADER_SCAN_ROWS + 2)[: HEADER_SCAN_ROWS + 2]
        header = find_header(top, VOCABULARY, lambda c, _: {"content", "number"} <= c.keys())
        if header and (best is None or len(header.columns) > len(best[1].columns)):
            best = (grid, header)
    if best is None:
        raise InputError(
            f"Không tìm thấy dòng tiêu đề bảng trong «{Path(path).name}» (đã xem {HEADER_SCAN_ROWS} dòng đầu).",
            "Bảng cần ít nhất cột «Số, ký hiệu văn bản» và cột «Nội dung nhiệm vụ»; các cột khác: Ngày ban hành, "
            "Trích yếu, Người ký, Cơ quan chủ trì, Cơ quan phối hợp, Phòng theo dõi, Phân loại, Thời hạn, "
            "Tình hình thực hiện, Ngày hoàn thành, Ghi chú.",
        )
    grid, header = best
    notes = list(book.notes)
    missing = [f for f in _FIELD_NAMES if f not in header.columns]
    if missing:
        notes.append(
            "Bảng không có cột: "
            + ", ".join(_FIELD_NAMES[f] for f in missing)
            + ("; ngày ban hành lấy từ ô số, ký hiệu nếu có." if "issued" in missing else ".")
        )
    rows = spread(grid, header.rows[-1] + 1)
    return SheetToImport(grid.name, header.rows[0] + 1, header.rows[-1] + 1, header.rows, rows, header.columns, notes)


def import_register(
    sheet: SheetToImport,
    register: Register,
    as_of: dt.date,
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Plan the import of the sheet: every row's outcome and every document's text; nothing is
    written here (`register.edit.write_checked` writes what passes). `progress(n)` is told of
    each row read."""
    reader = _Reader(register, sheet.columns, as_of)
    result = ImportResult(sheet.name, sheet.header_row, [], [], list(sheet.notes))
    for index in range(sheet.first_row):  # the letterhead, the title and the header itself
        texts = [t for t in (cell_text(v) for v in sheet.rows[index]) if t]
        if texts:
            why = "dòng tiêu đề cột" if index in sheet.header_rows else "tiêu đề phía trên bảng"
            result.rows.append(RowOutcome(index + 1, "skipped", why, truncate(" | ".join(dict.fromkeys(texts)), 160)))
    for index in range(sheet.first_row, len(sheet.rows)):
        outcome = reader.row(index + 1, sheet.rows[index])
        if outcome is not None:
            result.rows.append(outcome)
        if progress:
            progress(1)
    result.documents = reader.plans(result)
    return result


_FIELD_NAMES = {
    "assignee": "Cơ quan chủ trì",
    "monitor": "Phòng theo dõi",
    "classification": "Phân loại",
    "signer": "Người ký",
    "title": "Trích yếu",
    "issued": "Ngày ban hành",
}


class _Reader:
    def __init__(self, register: Register, columns: dict[str, int], as_of: dt.date):
        self.register = register
        self.columns = columns
        self.as_of = as_of
        self.agencies: NameIndex = agency_index(register)
        self.divisions: NameIndex = division_index(register)
        self.signers = SignerIndex(register)
        self.docs: dict[tuple[str, int], _Doc] = {}
        self.current: _Doc | None = None  # the document of the rows above (number only on its first row)
        self.group_agency: str | None = None

    def get(self, row: list[object], name: str) -> object:
        col = self.columns.get(name)
        return row[col] if col is not None and col < len(row) else None

    def text(self, row: list[object], name: str) -> str:
        return clean(self.get(row, name))

    # ---------------------------------------------------------- one row

    def row(self, number: int, row: list[object]) -> RowOutcome | None:
        texts = [cell_text(v) for v in row]
        filled = [t for t in texts if t]
        if not filled:
            return None
        shown = truncate(" | ".join(filled), 160)
        if is_numbering(texts):
            return RowOutcome(number, "skipped", "dòng đánh số cột", shown)
        content = self.text(row, "content")
        raw_number = self.text(row, "number")
        if not content:
            return self._other_row(number, row, filled, raw_number, shown)
        if raw_number:
            cell = parse_number(raw_number)
            if cell is None:
                self.current = None
                return RowOutcome(
                    number, "refused", f"ô số, ký hiệu «{raw_number}» không có số, ký hiệu văn bản", shown
                )
            doc, problem = self._document(number, row, cell)
            if doc is None:
                self.current = None
                return RowOutcome(number, "refused", problem, shown)
        elif self.current is not None:
            doc = self.current
            title = self.text(row, "title")
            if title and fold(title) != fold(doc.title):
                return RowOutcome(
                    number,
                    "refused",
                    "không ghi số, ký hiệu văn bản mà trích yếu khác văn bản ở dòng trên: ghi số, ký hiệu cho dòng này",
                    shown,
                )
        else:
            return RowOutcome(number, "refused", "không có số, ký hiệu văn bản (cũng không có ở các dòng trên)", shown)
        self.current = doc
        task, problem = self._task(number, row, doc)
        label = f"{doc.cell.number} ({doc.year})"
        if task is None:
            doc.problems[number] = problem
            doc.rows.append(number)
            return RowOutcome(number, "refused", problem, shown, label)
        task["id"] = len(doc.tasks) + 1
        doc.tasks.append(task)
        doc.rows.append(number)
        return RowOutcome(number, "imported", "", shown, label, task=task["id"])

    def _other_row(self, number: int, row, filled: list[str], raw_number: str, shown: str) -> RowOutcome:
        """A row without a task content: a group heading, a signature, a document's own row."""
        joined = " ".join(filled)
        folded = fold(joined)
        if raw_number and parse_number(raw_number) and len(filled) > 1:
            cell = parse_number(raw_number)
            doc, problem = self._document(number, row, cell)
            if doc is None:
                return RowOutcome(number, "refused", problem, shown)
            self.current = doc
            return RowOutcome(number, "skipped", "dòng văn bản: các nhiệm vụ ở các dòng dưới", shown)
        if any(f" {w} " in f" {folded} " for w in SIGNATURE_WORDS):
            return RowOutcome(number, "skipped", "dòng chữ ký, tổng cộng hoặc nơi nhận", shown)
        if len(filled) == 1 or _GROUP.match(filled[0]):
            self.current = None
            heading = re.sub(
                r"^\s*(?:[IVXLC]+|[A-ZĐ]|\d{1,2})\s*[.)/-]\s*", "", filled[-1] if len(filled) > 1 else joined
            )
            code, _ = self.agencies.one(heading)
            self.group_agency = code
            named = f": cơ quan chủ trì {code} cho các dòng dưới không ghi cơ quan" if code else ""
            return RowOutcome(number, "skipped", "dòng tiêu đề nhóm" + named, shown)
        return RowOutcome(number, "skipped", "không phải dòng nhiệm vụ: không có nội dung nhiệm vụ", shown)

    def _document(self, number: int, row, cell: NumberCell) -> tuple[_Doc | None, str]:
        issued, problem = parse_date(self.get(row, "issued"))
        if problem:
            return None, f"ngày ban hành: {problem}"
        if issued and cell.date and issued != cell.date:
            return None, (f"ngày ban hành {fmt_date(issued)} khác ngày ghi trong ô số, ký hiệu ({fmt_date(cell.date)})")
        issued = issued or cell.date
        if issued is None:
            if self.current is not None and number_key(self.current.cell.number) == number_key(cell.number):
                return self.current, ""
            return None, "thiếu ngày ban hành (ghi ở cột Ngày ban hành, hoặc «… ngày dd/mm/yyyy» sau số, ký hiệu)"
        key = (number_key(cell.number), issued.year)
        doc = self.docs.get(key)
        if doc is None:
            secrecy = fold(self.text(row, "secrecy"))
            doc = _Doc(
                cell,
                issued.year,
                issued,
                self.text(row, "title"),
                self.text(row, "signer"),
                _URGENCY.get(fold(self.text(row, "urgency")), "normal"),
                "none" if secrecy in ("", "khong", "thuong", "khong mat") else secrecy,
                number,
            )
            self.docs[key] = doc
            return doc, ""
        for name, held in (("title", doc.title), ("signer", doc.signer)):
            value = self.text(row, name)
            if value and held and fold(value) != fold(held):
                what = "trích yếu" if name == "title" else "người ký"
                doc.problems[number] = f"{what} khác với dòng {doc.first_row} của cùng văn bản {cell.number}"
            elif value and not held:
                setattr(doc, name, value)
        if issued != doc.issued:
            doc.problems[number] = f"ngày ban hành khác với dòng {doc.first_row} của cùng văn bản {cell.number}"
        return doc, ""

    def _task(self, number: int, row, doc: _Doc) -> tuple[dict | None, str]:
        day = doc.issued
        raw = self.text(row, "assignee")
        if raw:
            assignee, why = self.agencies.one(raw, day)
            if assignee is None:
                return None, f"cơ quan chủ trì «{raw}» {why}: thêm tên này vào aliases: của cơ quan trong agencies.yaml"
        elif self.group_agency:
            assignee = self.group_agency
        else:
            return None, "thiếu cơ quan chủ trì"
        coordinators: list[str] = []
        raw = self.text(row, "coordinators")
        if raw:
            coordinators, rest = self.agencies.all(raw, day)
            if rest:
                return None, (
                    f"cơ quan phối hợp «{raw}»: không nhận ra «{rest}» (ghi tên cơ quan như trong agencies.yaml, "
                    "hoặc thêm vào aliases:)"
                )
            coordinators = [c for c in coordinators if c != assignee]
        raw = self.text(row, "monitor")
        if not raw:
            return None, "thiếu phòng theo dõi"
        monitor, why = self.divisions.one(raw, day)
        if monitor is None:
            return None, f"phòng theo dõi «{raw}» {why} (các phòng thuộc Văn phòng trong agencies.yaml)"
        raw = self.text(row, "classification")
        classification = parse_classification(raw)
        if classification is None:
            return None, (
                f"phân loại «{raw}» không đọc được (QC45_a … QC45_d, QC42_a … QC42_d)" if raw else "thiếu phân loại"
            )
        deadline, problem = parse_deadline(self.get(row, "deadline"))
        if problem:
            return None, problem
        task: dict = {"content": clean(self.get(row, "content")), "assignee": assignee}
        if coordinators:
            task["coordinators"] = coordinators
        task.update(monitor=monitor, classification=classification)
        if deadline:
            task["deadline"] = deadline
        entry, problem = self._progress(row, doc)
        if problem:
            return None, problem
        task["progress"] = [entry] if entry else []
        if entry and entry.pop("_undated", False):
            doc.undated.add(len(doc.tasks))
        return task, ""

    def _progress(self, row, doc: _Doc) -> tuple[dict | None, str]:
        status_text = self.text(row, "status")
        note = self.text(row, "note")
        completed, problem = parse_date(self.get(row, "completed"))
        if problem:
            return None, f"ngày hoàn thành: {problem}"
        status = parse_status(status_text)
        if status is None and status_text:
            if not completed:
                return None, (
                    f"tình hình thực hiện «{truncate(status_text, 60)}» không nói rõ tình trạng: ghi «Đã hoàn thành», "
                    "«Đang thực hiện» hoặc «Chưa thực hiện» ở đầu ô (giữ phần diễn giải sau đó)"
                )
            status = "done"
        if status is None:
            status = "done" if completed else "not_started"
        words = " ".join(x for x in (status_text if not _bare(status_text) else "", note) if x) or None
        if status == "not_started":
            return None, ""
        entry: dict = {}
        if status == "done":
            date = completed or find_date(status_text) or find_date(note)
            if date is None:
                return None, "đã hoàn thành nhưng không có ngày hoàn thành (cột Ngày hoàn thành)"
            entry = {"date": date, "status": "done"}
            report = self.text(row, "report")
            report = find_report_number(report) or report if report else None
            report = report or _report_in(status_text, doc) or _report_in(note, doc)
            if report and note and _only_cites(note, report):
                words = " ".join(x for x in (status_text if not _bare(status_text) else "",) if x) or None
            if words:
                entry["note"] = words
            if report:
                entry["report"] = report
        elif status == "cancelled":
            entry = {"date": completed or self.as_of, "status": "cancelled", "note": words or "Đã hủy."}
            entry["_undated"] = completed is None
        else:
            entry = {"date": self.as_of, "status": "in_progress", "_undated": True}
            if words:
                entry["note"] = words
        reason = self.text(row, "delay_reason")
        if reason and status != "done":
            entry["delay_reason"] = reason
        return entry, ""

    # ---------------------------------------------------------- documents

    def plans(self, result: ImportResult) -> list[DocumentPlan]:
        outcomes = {r.row: r for r in result.rows}
        plans = []
        for doc in sorted(self.docs.values(), key=lambda d: (d.year, d.first_row)):
            label = f"{doc.cell.number} ({doc.year})"
            path = document_relpath(doc.cell.number, doc.year)
            problems = dict(doc.problems)
            problems.update(self._document_problems(doc))
            for row in doc.rows:
                outcomes[row].path = path
            if problems:
                for row in doc.rows:
                    if row in problems:
                        outcomes[row].outcome, outcomes[row].reason = "refused", problems[row]
                    elif outcomes[row].outcome == "imported":
                        first = min(problems)
                        outcomes[row].outcome = "refused"
                        outcomes[row].reason = f"văn bản {label} còn dòng {first} cần xử lý; chưa nhập văn bản này"
                plans.append(DocumentPlan(path, label, "", doc.rows, state="refused"))
                continue
            if not doc.tasks:
                continue
            text = _render(doc)
            task_rows = [r for r in doc.rows if outcomes[r].outcome == "imported"]
            plans.append(DocumentPlan(path, label, text, doc.rows, task_rows, "new"))
        return plans

    def _document_problems(self, doc: _Doc) -> dict[int, str]:
        row = doc.first_row
        if not doc.title:
            return {row: f"văn bản {doc.cell.number}: thiếu trích yếu"}
        if not doc.signer:
            return {row: f"văn bản {doc.cell.number}: thiếu người ký"}
        code, why = self.signers.one(doc.signer, doc.issued)
        if code is None:
            return {row: f"người ký «{doc.signer}» {why}"}
        if doc.secrecy != "none":
            return {row: "văn bản mật: không nhập vào sổ theo dõi công khai (quản lý trên máy riêng)"}
        doc.signer = code
        return {}


def _bare(text: str) -> bool:
    """A status cell that says only the status («Đã hoàn thành»), nothing worth keeping as a note."""
    folded = fold(text)
    return not folded or any(folded == w for _, words in _STATUS_ONLY for w in words)


_STATUS_ONLY = (
    ("done", ("da hoan thanh", "hoan thanh", "da thuc hien", "xong", "da xong")),
    ("in_progress", ("dang thuc hien", "dang trien khai")),
    ("not_started", ("chua thuc hien", "chua trien khai", "chua hoan thanh")),
    ("cancelled", ("da huy",)),
)


_CITING = frozenset("bao cao to trinh cong van van ban so ngay kem theo tai".split())


def _only_cites(note: str, report: str) -> bool:
    """A note that only names the report («Báo cáo số 88/BC-STC ngày 24/11/2017»): the report
    number says it all."""
    rest = fold(note.replace(report, " "))
    rest = re.sub(r"\b\d+\b|\b\d{1,2} \d{1,2} \d{2,4}\b", " ", rest)
    return all(word in _CITING or word.isdigit() for word in rest.split())


def _report_in(text: str, doc: _Doc) -> str | None:
    """A report number written in a note, not the assigning document's own number."""
    found = find_report_number(text)
    return found if found and number_key(found) != number_key(doc.cell.number) else None


def _render(doc: _Doc) -> str:
    from generator.register.edit import render_document

    return render_document(
        {
            "number": doc.cell.number,
            "title": doc.title,
            "issued": doc.issued,
            "signer": doc.signer,
            "submitted_by": None,
            "urgency": doc.urgency if doc.urgency in URGENCIES else "normal",
            "secrecy": "none",
            "tasks": [{"id": i, **{k: v for k, v in t.items() if k != "id"}} for i, t in enumerate(doc.tasks, 1)],
        }
    )


# ---------------------------------------------------------------- against the register


def compare_existing(plan: DocumentPlan, existing: str, as_of: dt.date) -> list[str]:
    """What differs between the document the sheet gives and the file already in the register
    (Vietnamese, one line each); progress entries the import dates as of its own day are compared
    without their date, so that importing again another day finds no difference."""
    from generator.register.yamlsrc import parse_yaml

    mine, _, _ = parse_yaml(plan.text.encode("utf-8"), plan.path)
    theirs, _, problems = parse_yaml(existing.encode("utf-8"), plan.path)
    if not isinstance(theirs, dict) or problems:
        return ["tệp trong sổ có lỗi cú pháp; sửa tệp đó trước"]
    out = []
    for key, name in (("title", "trích yếu"), ("issued", "ngày ban hành"), ("signer", "người ký")):
        if mine.get(key) != theirs.get(key):
            out.append(f"{name}: sổ ghi «{_show(theirs.get(key))}», bảng ghi «{_show(mine.get(key))}»")
    held = theirs.get("tasks") or []
    new = mine.get("tasks") or []
    if len(held) != len(new):
        out.append(f"số nhiệm vụ: sổ có {len(held)}, bảng có {len(new)}")
    for a, b in zip(held, new, strict=False):
        if not isinstance(a, dict):
            continue
        for key, name in (
            ("content", "nội dung"),
            ("assignee", "cơ quan chủ trì"),
            ("coordinators", "cơ quan phối hợp"),
            ("monitor", "phòng theo dõi"),
            ("classification", "phân loại"),
            ("deadline", "thời hạn"),
        ):
            if (a.get(key) or None) != (b.get(key) or None):
                out.append(
                    f"nhiệm vụ {b.get('id')}, {name}: sổ ghi «{_show(a.get(key))}», bảng ghi «{_show(b.get(key))}»"
                )
        entries = [e for e in a.get("progress") or [] if isinstance(e, dict)]
        for wanted in b.get("progress") or []:
            undated = wanted.get("status") in ("in_progress", "cancelled") and wanted.get("date") == as_of
            if not any(_same_entry(e, wanted, undated) for e in entries):
                last = entries[-1] if entries else {}
                out.append(
                    f"nhiệm vụ {b.get('id')}, tình trạng: sổ ghi «{_status(last)}», bảng ghi «{_status(wanted)}»"
                )
    return out


def _same_entry(held: dict, wanted: dict, undated: bool) -> bool:
    return held.get("status") == wanted.get("status") and (undated or held.get("date") == wanted.get("date"))


def _status(entry: dict) -> str:
    from generator.register.model import STATUSES

    if not entry:
        return STATUSES["not_started"]
    return f"{STATUSES.get(entry.get('status'), entry.get('status'))} ngày {_show(entry.get('date'))}"


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return fmt_date(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return truncate(str(value), 60)
