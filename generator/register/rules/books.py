"""The books of a secret register (R5): «Tài liệu đi» (books/outgoing/<YYYY>.yaml) and «Tài liệu
mật đến» (books/incoming/<YYYY>.yaml). The schema checks each row's shape; these rules check what
a row means: its year, its number, who may allow a top-secret summary, and the hand-overs."""

from __future__ import annotations

from generator.register.model import BOOKS, BookEntry
from generator.register.problems import Fix
from generator.register.rules.base import Finding, rule
from generator.register.rules.references import close_code
from generator.vi import fmt_date


def _at(entry: BookEntry, *path) -> tuple[int, int]:
    """Line and column of a key of a book row (the line a clerk edits)."""
    if entry.positions is None:
        return entry.line, 1
    return entry.positions.key_of(("entries", entry.index, *path))


def _finding(entry: BookEntry, path: tuple, message: str, hint: str, fix: tuple[Fix, ...] = ()) -> Finding:
    line, col = _at(entry, *path)
    return Finding(line, col, message, hint, file=entry.file, fix=fix)


def _value_at(entry: BookEntry, *path) -> tuple[int, int]:
    """Line and column of the value of a key of a book row (where a replacement is written)."""
    if entry.positions is None:
        return entry.line, 1
    return entry.positions.of(("entries", entry.index, *path))


def _row(entry: BookEntry) -> str:
    return f"dòng số {entry.seq} của {BOOKS[entry.book].split(' («')[0].lower()} năm {entry.year}"


@rule("book-entry-year", scope="register")
def book_entry_year(register, ctx):
    """Dòng của sổ mật ghi ngày không thuộc năm của sổ.

    Mỗi năm một tệp sổ, số thứ tự bắt đầu lại từ 1 mỗi năm: tài liệu đi ngày 05/01/2027 ghi vào
    `books/outgoing/2027.yaml`, không ghi tiếp vào sổ năm 2026.

    Đúng:

        # books/outgoing/2026.yaml
        - seq: 1
          date: 2026-03-12

    Sai:

        # books/outgoing/2026.yaml
        - seq: 1
          date: 2027-01-05
    """
    for entry in register.books:
        if entry.date.year != entry.year:
            key = "date" if entry.book == "outgoing" else "received"
            yield _finding(
                entry,
                (key,),
                f"{_row(entry).capitalize()} ghi ngày {fmt_date(entry.date)}, không thuộc năm {entry.year}.",
                f"Chuyển dòng này sang books/{entry.book}/{entry.date.year}.yaml, hoặc sửa ngày cho đúng.",
            )


@rule("book-seq", scope="register")
def book_seq(register, ctx):
    """Số thứ tự trong sổ mật bị trùng.

    Số thứ tự của sổ (số tài liệu mật đi, số đến) là số duy nhất trong năm; hai dòng cùng số thì
    không biết chữ ký giao nhận nào thuộc tài liệu nào. Dòng mới lấy số tiếp theo.

    Đúng:

        - seq: 1
        - seq: 2

    Sai:

        - seq: 1
        - seq: 1
    """
    seen: dict[tuple[str, int, int], BookEntry] = {}
    for entry in sorted(register.books, key=lambda e: (e.file, e.index)):
        key = (entry.book, entry.year, entry.seq)
        first = seen.setdefault(key, entry)
        if first is not entry:
            yield _finding(
                entry,
                ("seq",),
                f"Số {entry.seq} đã dùng ở dòng {first.line} của cùng sổ năm {entry.year}.",
                "Mỗi tài liệu một số: ghi số tiếp theo chưa dùng trong năm.",
            )


@rule("book-summary-approval", scope="register")
def book_summary_approval(register, ctx):
    """Trích yếu tài liệu tuyệt mật ghi khi chưa có Lãnh đạo Văn phòng cho phép.

    Với tài liệu tuyệt mật, trích yếu chỉ được ghi vào sổ «Tài liệu đi» khi Lãnh đạo Văn phòng
    phụ trách cho phép: ghi mã của người cho phép ở `summary_approved_by` (mã trong signers.yaml).
    Chưa có phép thì bỏ hẳn khóa `summary`. `summary_approved_by` chỉ dùng cho tài liệu tuyệt mật.

    Đúng:

        secrecy: top_secret
        summary: Về phương án bảo vệ mục tiêu A
        summary_approved_by: CVP

    Sai:

        secrecy: top_secret
        summary: Về phương án bảo vệ mục tiêu A
    """
    for entry in register.books:
        if entry.secrecy == "top_secret" and entry.summary and not entry.summary_approved_by:
            line, col = _at(entry, "summary")
            yield _finding(
                entry,
                ("summary",),
                f"{_row(entry).capitalize()} là tài liệu tuyệt mật: trích yếu chỉ được ghi khi Lãnh đạo Văn phòng "
                "phụ trách cho phép.",
                "Thêm «summary_approved_by: <mã Lãnh đạo Văn phòng>» nếu đã được cho phép; nếu chưa, xóa "
                f"dòng {line} («summary»).",
                (Fix("delete", line=line, column=col),),
            )
        elif entry.summary_approved_by and entry.secrecy != "top_secret":
            yield _finding(
                entry,
                ("summary_approved_by",),
                f"{_row(entry).capitalize()} không phải tài liệu tuyệt mật nên không cần «summary_approved_by».",
                "Xóa dòng «summary_approved_by» (chỉ tài liệu tuyệt mật mới cần phép ghi trích yếu).",
            )


@rule("book-reference", scope="register")
def book_reference(register, ctx):
    """Dòng của sổ mật ghi mã hoặc tệp không có trong sổ.

    Người ký (`signer`) và người cho phép ghi trích yếu (`summary_approved_by`) là mã trong
    signers.yaml của sổ mật (kể cả Lãnh đạo Văn phòng); `document` là đường dẫn tệp văn bản giao
    nhiệm vụ trong sổ mật, dạng `documents/<năm>/<số-ký-hiệu>.yaml`.

    Đúng:

        signer: CT
        document: documents/2026/12-UBND-M.yaml

    Sai:

        signer: CHU_TICH
        document: documents/2026/khong-co.yaml
    """
    prefix = register.prefix.strip("/")
    documents = {d.file[len(prefix) + 1 :] if prefix not in ("", ".") else d.file for d in register.documents}
    for entry in register.books:
        for key in ("signer", "summary_approved_by"):
            code = getattr(entry, key)
            if code and code not in register.signers:
                close = close_code(code, register.signers)
                line, col = _value_at(entry, key)
                yield _finding(
                    entry,
                    (key,),
                    f"Mã «{code}» ({_row(entry)}) không có trong signers.yaml.",
                    (f"Có phải ý bạn là «{close}»? Viết {close}. " if close else "")
                    + "Dùng mã có trong signers.yaml của sổ mật, hoặc thêm người đó vào signers.yaml.",
                    (Fix("replace", close, line=line, column=col),) if close else (),
                )
        if entry.document and entry.document not in documents:
            yield _finding(
                entry,
                ("document",),
                f"Không có tệp văn bản «{entry.document}» trong sổ mật ({_row(entry)}).",
                "Ghi đường dẫn tệp văn bản dưới thư mục sổ, dạng documents/<năm>/<số-ký-hiệu>.yaml.",
            )


@rule("handover-order", scope="register")
def handover_order(register, ctx):
    """Lần giao nhận tài liệu mật ghi ngày sai thứ tự.

    Tài liệu mật đến được giao nhận lần lượt (văn thư → người xử lý → người lưu giữ…): mỗi lần
    giao nhận không trước ngày đến và không trước lần giao nhận ghi phía trên. Danh sách
    `handovers` chỉ thêm mục mới ở cuối.

    Đúng:

        received: 2026-03-10
        handovers:
          - {date: 2026-03-10, from: Văn thư, to: TH, role: handler, signed_by_giver: true, signed_by_receiver: true}

    Sai:

        received: 2026-03-10
        handovers:
          - {date: 2026-03-09, from: Văn thư, to: TH, role: handler, signed_by_giver: true, signed_by_receiver: true}
    """
    for entry in register.books:
        previous = entry.date
        for handover in entry.handovers:
            if handover.date < previous:
                what = "ngày đến" if previous == entry.date else "lần giao nhận trước"
                yield _finding(
                    entry,
                    ("handovers", handover.index, "date"),
                    f"Lần giao nhận thứ {handover.index + 1} ({_row(entry)}) ghi ngày {fmt_date(handover.date)}, "
                    f"trước {what} ({fmt_date(previous)}).",
                    "Ghi đúng ngày giao nhận như trong sổ giấy; lần giao nhận mới thêm ở cuối danh sách.",
                )
            previous = max(previous, handover.date)


@rule("handover-incomplete", severity="warning", scope="register")
def handover_incomplete(register, ctx):
    """Lần giao nhận tài liệu mật chưa đủ chữ ký hai bên.

    Mỗi lần giao nhận tài liệu mật phải có chữ ký của cả bên giao và bên nhận trong sổ giấy. Khi
    cả hai đã ký, ghi `signed_by_giver: true` và `signed_by_receiver: true`; lần giao nhận còn
    thiếu chữ ký được liệt kê ở đây cho đến khi đủ.

    Đúng:

        - {date: 2026-03-10, from: Văn thư, to: TH, role: handler, signed_by_giver: true, signed_by_receiver: true}

    Sai:

        - {date: 2026-03-10, from: Văn thư, to: TH, role: handler, signed_by_giver: true, signed_by_receiver: false}
    """
    for entry in register.books:
        for handover in entry.handovers:
            if handover.complete:
                continue
            missing = [
                side
                for side, signed in (("bên giao", handover.signed_by_giver), ("bên nhận", handover.signed_by_receiver))
                if not signed
            ]
            yield _finding(
                entry,
                ("handovers", handover.index),
                f"Lần giao nhận ngày {fmt_date(handover.date)} ({_row(entry)}) chưa có chữ ký của "
                f"{' và '.join(missing)}.",
                "Mời các bên ký vào sổ giấy rồi ghi «signed_by_giver: true», «signed_by_receiver: true».",
            )
