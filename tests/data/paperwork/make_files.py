"""Writes the Office's own spreadsheets used by tests/reports/test_import.py and
test_reconcile_agencies.py (the files are committed; re-running this script gives the same bytes).

Run from the repository root: `python tests/data/paperwork/make_files.py`.

import/so-theo-doi-2017.xlsx — the register a Văn phòng kept in Excel in 2017, as such files
really are: a letterhead and a title, a header merged over two rows («Văn bản giao nhiệm vụ» over
«Số, ký hiệu | Ngày ban hành | Trích yếu | Người ký», «Cơ quan» over «Chủ trì | Phối hợp»), the
columns in an order of its own, a row of column numbers, group rows («A. NHIỆM VỤ CÓ THỜI HẠN»,
«I. SỞ TÀI CHÍNH»), a document number merged down over the rows of its three tasks, a number
written «Công văn số 419/VPUBND-HCTC ngày 08/9/2017», `QD` for `QĐ`, «05 / qđ-ubnd», dates as
date cells and as text (`8/9/2017`, `08.09.2017`, `15-10-2017`, «ngày 24 tháng 11 năm 2017»),
«Hằng quý» and «Thường xuyên» for no deadline, classifications `QC45a`, `QC45 b`, `QC45-a`,
`qc45_c`, report numbers in the notes («Báo cáo số 88/BC-STC», «Tờ trình số 90/TTr-VPUBND») or
in the status text, agencies by name, by alias («Sở TC», «Sở Tài chánh», «Phòng HC-TC»), by code
and as «Ủy ban nhân dân thành phố …»; a document's own row followed by its tasks; rows a person
must decide about (an agency list, «Quý IV/2017», «QC45», an unknown signer, «Đã hoàn thành»
without a date), a total and signature rows. EXPECTED below says what becomes of each row.

import/so-theo-doi-2017.csv — the same table saved by Excel as CSV UTF-8 (`;`, byte-order mark,
the two header rows as two lines, merged cells only in their first cell); so-theo-doi-cp1258.csv —
saved as plain «CSV» on a Vietnamese Windows (Windows-1258).

reconcile/stc-tu-viet.xlsx — Sở Tài chính's own report on the tasks of reconcile/register, in its
own words: numbers with prefixes and dates, `QD`, spaces around `/`, contents shortened or
reworded, a number held in two years; reconcile/stc-danh-dau.xlsx — the same agency with tick
boxes under «Đã hoàn thành | Đang thực hiện | Chưa thực hiện» and ids as labels or global ids;
reconcile/stc-1258.csv — a CSV in Windows-1258.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
STAMP = dt.datetime(2018, 2, 28, 9, 0, 0)
D = dt.datetime

HEADER_TOP = [
    "STT",
    "Văn bản giao nhiệm vụ",
    None,
    None,
    None,
    "Nội dung nhiệm vụ (giao)",
    "Thời hạn",
    "Cơ quan",
    None,
    "Phân loại",
    "Phòng theo dõi",
    "Tình hình/Kết quả thực hiện",
    "Ngày hoàn thành",
    "Ghi chú",
]
HEADER_BOTTOM = [None, "Số, ký hiệu", "Ngày ban hành", "Trích yếu", "Người ký", None, None, "Chủ trì", "Phối hợp"]
TITLE_419 = "Về việc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao"
# The table from row 8; None leaves a cell empty. Columns: STT, số ký hiệu, ngày ban hành, trích yếu,
# người ký, nội dung, thời hạn, chủ trì, phối hợp, phân loại, phòng theo dõi, tình hình, ngày hoàn thành, ghi chú.
ROWS: list[list[object]] = [
    ["A. NHIỆM VỤ CÓ THỜI HẠN"],  # 8 group row
    ["I. SỞ TÀI CHÍNH"],  # 9 group row naming the lead agency of the rows under it
    [
        1,
        "Chỉ thị số 14/CT-UBND",
        D(2017, 9, 1),
        "Về việc tăng cường trách nhiệm trong thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao",
        "Chủ tịch UBND tỉnh",
        "Rà soát, báo cáo tình hình bố trí kinh phí thực hiện nhiệm vụ do UBND tỉnh giao năm 2017.",
        "15-10-2017",
        None,
        None,
        "QC45a",
        "Phòng Tổng hợp",
        "Đã hoàn thành",
        "ngày 24 tháng 11 năm 2017",
        "Báo cáo số 88/BC-STC",
    ],  # 10
    [
        2,
        None,
        None,
        None,
        None,
        "Hướng dẫn các sở, ngành lập dự toán kinh phí theo dõi, đôn đốc nhiệm vụ năm 2018.",
        "30/11/2017",
        "Sở TC",
        "Sở Kế hoạch và Đầu tư",
        "QC45 b",
        "TH",
        "Đang thực hiện",
        None,
        None,
    ],  # 11 number only on the row above
    ["II. CÁC ĐƠN VỊ THUỘC VĂN PHÒNG"],  # 12 group row naming no agency
    [
        3,
        "Công văn số 419/VPUBND-HCTC ngày 08/9/2017",
        None,
        TITLE_419,
        "Nguyễn Thị Thu An",
        "Tham mưu UBND tỉnh thành lập Đoàn kiểm tra việc thực hiện nhiệm vụ do UBND tỉnh giao.",
        D(2017, 10, 31),
        "Phòng Tổng hợp",
        None,
        "QC45-a",
        "Phòng HC-TC",
        "Hoàn thành",
        D(2017, 10, 25),
        "Tờ trình số 90/TTr-VPUBND ngày 25/10/2017",
    ],  # 13 number, date, title and signer merged down over rows 13-15
    [
        4,
        None,
        None,
        None,
        None,
        "Cập nhật đầy đủ thông tin nhiệm vụ vào Hệ thống Idesk ngay khi văn bản được ban hành.",
        "Thường xuyên",
        "Phòng Hành chính - Tổ chức",
        None,
        "QC45_d",
        "TH",
        "Đang thực hiện; đã cập nhật toàn bộ văn bản tháng 9",
        None,
        None,
    ],  # 14
    [
        5,
        None,
        None,
        None,
        None,
        "Làm đầu mối tổng hợp tình hình, kết quả thực hiện nhiệm vụ; báo cáo định kỳ.",
        "Hằng quý",
        "TH",
        None,
        "qc45_c",
        "HCTC",
        "Đã hoàn thành báo cáo năm 2017 (Báo cáo số 326/BC-VPUBND ngày 29/12/2017)",
        None,
        None,
    ],  # 15 completion date and report number from the status text
    ["B. NHIỆM VỤ KHÔNG CÓ THỜI HẠN"],  # 16
    [
        6,
        "Quyết định số 45/2016/QĐ-UBND ngày 30/12/2016",
        None,
        "Ban hành Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao",
        "Phạm Ngọc Nghị",
        "Tổ chức thực hiện Quy chế; tổng hợp kết quả theo dõi, đôn đốc định kỳ.",
        "thường xuyên",
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ; Sở Tư pháp",
        "QC45_d",
        "Phòng Tổng hợp",
        "Đang thực hiện",
        None,
        None,
    ],  # 17
    [
        7,
        "1855/QD-UBND",
        "8/9/2017",
        "Về việc giao chỉ tiêu thu, chi ngân sách năm 2017",
        "PCT Võ Văn Cảnh",
        "Tổ chức thu ngân sách nhà nước đạt dự toán được giao.",
        D(2017, 12, 31),
        "Sở Tài chánh",
        "Sở Kế hoạch và Đầu tư, Sở Xây dựng",
        "QC45_b",
        "P.TH",
        "Chưa thực hiện",
        None,
        None,
    ],  # 18
    [
        8,
        "1855/QD-UBND",
        "8/9/2017",
        "Về việc giao chỉ tiêu thu, chi ngân sách năm 2017",
        "PCT Võ Văn Cảnh",
        "Rà soát các khoản chi chưa thật cần thiết; đề xuất cắt giảm.",
        "30-11-2017",
        "Sở Tài chính",
        "Thanh tra tỉnh",
        "QC45 b",
        "Phòng Kinh tế",
        "Đã thực hiện",
        "20/11/2017",
        None,
    ],  # 19 the same number repeated on the next task's row
    [
        9,
        "05 / qđ-ubnd",
        "08.09.2017",
        "Về việc phê duyệt quy hoạch chung đô thị Buôn Ma Thuột",
        "Nguyễn Tuấn Hà",
        "Tổ chức công bố quy hoạch chung được duyệt.",
        D(2017, 10, 15),
        "Ủy ban nhân dân thành phố Buôn Ma Thuột",
        "SXD",
        "QC45_b",
        "Phòng Kinh tế",
        "đang triển khai",
        None,
        None,
    ],  # 20
    [
        10,
        "120/UBND-TH ngày 15/9/2017",
        None,
        "V/v triển khai kế hoạch cải cách hành chính",
        "Võ Văn Cảnh",
        "Xây dựng kế hoạch cải cách hành chính năm 2018.",
        "31/12/2017",
        "Sở Nội vụ",
        None,
        "QC45_a",
        "TH",
        "Chưa thực hiện",
        None,
        None,
    ],  # 21 refused with its document (row 22)
    [
        11,
        None,
        None,
        None,
        None,
        "Triển khai kế hoạch tại các huyện.",
        "31/12/2017",
        "UBND các huyện, thị xã, thành phố",
        None,
        "QC45_b",
        "TH",
        None,
        None,
        None,
    ],  # 22 a list of agencies as the lead: a person decides
    [
        12,
        "130/UBND-KT ngày 20/9/2017",
        None,
        "V/v báo cáo giải ngân vốn đầu tư công",
        "Võ Văn Cảnh",
        "Báo cáo tình hình giải ngân vốn đầu tư công.",
        "Quý IV/2017",
        "Sở Kế hoạch và Đầu tư",
        None,
        "QC45_a",
        "KT",
        None,
        None,
        None,
    ],  # 23 a quarter is not a date
    [
        13,
        "131/UBND-KT ngày 20/9/2017",
        None,
        "V/v rà soát quy hoạch khoáng sản",
        "Võ Văn Cảnh",
        "Rà soát quy hoạch khoáng sản trên địa bàn tỉnh.",
        "31/12/2017",
        "Sở Tài nguyên và Môi trường",
        None,
        "QC45",
        "KT",
        None,
        None,
        None,
    ],  # 24 classification without its letter
    [
        14,
        "132/UBND-VX ngày 21/9/2017",
        None,
        "V/v chuẩn bị năm học mới",
        "Nguyễn Văn Không Có",
        "Chuẩn bị cơ sở vật chất cho năm học mới.",
        "30/9/2017",
        "Sở Giáo dục và Đào tạo",
        None,
        "QC45_b",
        "VX",
        None,
        None,
        None,
    ],  # 25 a signer nobody knows
    [
        15,
        "133/UBND-VX ngày 22/9/2017",
        None,
        "V/v phòng, chống dịch sốt xuất huyết",
        "H'Yim Kđoh",
        "Phun hóa chất diệt muỗi tại các ổ dịch.",
        "31/10/2017",
        "Sở Y tế",
        None,
        "QC45_b",
        "VX",
        "Đã hoàn thành",
        None,
        None,
    ],  # 26 done, but when?
    [
        None,
        "202/TB-VPUBND",
        D(2017, 9, 25),
        "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Y tế",
        "Nguyễn Thị Thu An",
    ],  # 27 the document's own row; its tasks below
    [
        16,
        None,
        None,
        None,
        None,
        "Rà soát nhu cầu trang thiết bị y tế tuyến huyện; báo cáo UBND tỉnh.",
        "30/11/2017",
        "Sở Y tế",
        None,
        "QC45_a",
        "VX",
        "Đang thực hiện",
        None,
        None,
    ],  # 28
    [
        17,
        None,
        None,
        None,
        None,
        "Bố trí kinh phí mua sắm trang thiết bị y tế.",
        "31/12/2017",
        "STC",
        None,
        "QC45_b",
        "VX",
        "Chưa thực hiện",
        None,
        None,
    ],  # 29
    [],  # 30
    ["Tổng cộng: 17 nhiệm vụ"],  # 31
    [],  # 32
    ["NGƯỜI LẬP BIỂU", None, None, None, None, None, None, None, None, None, "KT. CHÁNH VĂN PHÒNG"],  # 33
    [None, None, None, None, None, None, None, None, None, None, "PHÓ CHÁNH VĂN PHÒNG"],  # 34
    [],
    [],
    ["Nguyễn Văn Bình", None, None, None, None, None, None, None, None, None, "Nguyễn Thị Thu An"],  # 37
]
# What becomes of each row: imported (document, task id), skipped, refused.
EXPECTED = {
    "imported": {
        10: ("2017/14-CT-UBND", 1),
        11: ("2017/14-CT-UBND", 2),
        13: ("2017/419-VPUBND-HCTC", 1),
        14: ("2017/419-VPUBND-HCTC", 2),
        15: ("2017/419-VPUBND-HCTC", 3),
        17: ("2016/45-2016-QD-UBND", 1),
        18: ("2017/1855-QD-UBND", 1),
        19: ("2017/1855-QD-UBND", 2),
        20: ("2017/05-QD-UBND", 1),
        28: ("2017/202-TB-VPUBND", 1),
        29: ("2017/202-TB-VPUBND", 2),
    },
    "refused": {21, 22, 23, 24, 25, 26},
    "skipped": {1, 2, 3, 5, 6, 7, 8, 9, 12, 16, 27, 31, 33, 34, 37},
}


def save(wb: Workbook, path: Path, when: dt.datetime = STAMP) -> None:
    """Deterministic bytes: fixed core times and zip entry times."""
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = "Văn phòng UBND tỉnh"
    buffer = io.BytesIO()
    wb.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "docProps/core.xml":  # openpyxl writes the current time as `modified`
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso, content)
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            dst.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def register_workbook() -> Workbook:
    wb = Workbook()
    notes = wb.active
    notes.title = "Ghi chú"
    notes["A1"] = "Sổ theo dõi của Phòng Tổng hợp; cập nhật hằng tuần, trước 15 giờ thứ Sáu."
    ws = wb.create_sheet("Sổ theo dõi 2017")
    ws["A1"], ws["A2"], ws["F1"] = "UBND TỈNH ĐẮK LẮK", "VĂN PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("F1:N1")
    ws["A3"] = "SỔ THEO DÕI NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO NĂM 2017"
    ws.merge_cells("A3:N3")
    ws["A3"].font = Font(bold=True, size=14)
    for col, (top, bottom) in enumerate(zip(HEADER_TOP, HEADER_BOTTOM + [None] * 5, strict=True), start=1):
        ws.cell(row=5, column=col, value=top)
        ws.cell(row=6, column=col, value=bottom)
        ws.cell(row=5, column=col).alignment = Alignment(wrap_text=True, horizontal="center")
    for col in ("A", "F", "G", "J", "K", "L", "M", "N"):
        ws.merge_cells(f"{col}5:{col}6")
    ws.merge_cells("B5:E5")
    ws.merge_cells("H5:I5")
    for col in range(1, 15):
        ws.cell(row=7, column=col, value=f"({col})")
    for offset, values in enumerate(ROWS):
        row = 8 + offset
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
        if len(values) == 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=14 if row != 31 else 6)
        for col in (3, 7, 13):
            ws.cell(row=row, column=col).number_format = "dd/mm/yyyy"
    for col in ("B", "C", "D", "E"):  # document 419: its cells merged down over its three tasks
        ws.merge_cells(f"{col}13:{col}15")
    ws.column_dimensions["F"].width = 50
    return wb


def register_rows() -> list[list[object]]:
    """The sheet as Excel writes it to CSV: merged cells only in their first cell, dates as shown."""
    rows: list[list[object]] = [
        ["UBND TỈNH ĐẮK LẮK", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["VĂN PHÒNG"],
        ["SỔ THEO DÕI NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO NĂM 2017"],
        [],
        list(HEADER_TOP),
        list(HEADER_BOTTOM),
        [f"({i})" for i in range(1, 15)],
    ]
    for values in ROWS:
        rows.append([f"{v:%d/%m/%Y}" if isinstance(v, dt.datetime) else v for v in values])
    return rows


def to_csv(rows: list[list[object]], sep: str = ";") -> str:
    def cell(v):
        text = "" if v is None else str(v)
        return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in f'{sep}"\n') else text

    return "".join(sep.join(cell(v) for v in row) + "\r\n" for row in rows)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 writes tones as combining marks after a base letter (ê, ơ, ư, ă, â, ô, đ)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        options = [
            (unicodedata.normalize("NFC", base + marks[i]), marks[:i] + marks[i + 1 :]) for i in range(len(marks))
        ]
        for head, tail in options + [(base, marks)]:
            try:
                out += head.encode("cp1258") + tail.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise ValueError(f"cannot encode {ch!r} in cp1258")
    return bytes(out)


# ---------------------------------------------------------------- agencies' replies

# Sở Tài chính's report in its own words (rows from 7); EXPECTED_REPLY gives each row's finding.
REPLY = [
    [
        1,
        "Công văn số 7185/UBND-TH",
        "Hướng dẫn xây dựng dự toán ngân sách năm 2027",
        "Đã hoàn thành",
        D(2026, 8, 14),
        "Báo cáo số 205/BC-STC",
    ],
    [
        2,
        "7185/UBND-TH ngày 09/7/2026",
        "Hoàn thiện kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030",
        "Đang thực hiện",
        None,
        None,
    ],
    [
        3,
        "262/TB-VPUBND ngày 21/7/2026",
        "Bán đấu giá các trụ sở dôi dư theo phương án",
        "Đã hoàn thành",
        "20/11/2026",
        "Báo cáo số 2150/BC-STC",
    ],
    [4, "1855/QD-UBND", "Hướng dẫn phân bổ, giao dự toán ngân sách năm 2026", "Hoàn thành", "30/12/2025", None],
    [
        5,
        "Quyết định 1855 / QĐ-UBND",
        "Tiết kiệm 10% chi thường xuyên tạo nguồn cải cách tiền lương",
        "Đang thực hiện",
        None,
        None,
    ],
    [6, "Chỉ thị 05/CT-UBND ngày 22/9/2026", "Tổng hợp tỷ lệ giải ngân hằng tuần", "Đang thực hiện", None, None],
    [
        7,
        "Chỉ thị 05/CT-UBND",
        "Rà soát nhu cầu kinh phí tinh giản biên chế năm 2025",
        "Đã hoàn thành",
        "20/10/2025",
        None,
    ],
    [8, "02/CT-UBND", "Thẩm định bổ sung kinh phí mua hóa chất phòng, chống dịch", "Đã hoàn thành", "28/8/2025", None],
    [9, "86/QĐ-UBND", "Kinh tế - xã hội năm 2026", "Đang thực hiện", None, None],
    [10, "7185/UBND-TH", "Rà soát nhu cầu vốn các công trình thủy lợi", "Đã hoàn thành", None, None],
    [11, "Công văn 999/UBND-TH", "Việc không có trong sổ", "Đang thực hiện", None, None],
    [12, "262/TB-VPUBND", "Bán đấu giá trụ sở dôi dư", "Đã hoàn thành", "20/11/2026", "Ghi lặp"],
]
EXPECTED_REPLY = {
    7: ("agrees", "2026/7185-UBND-TH#1"),
    8: ("agrees", "2026/7185-UBND-TH#2"),
    9: ("status_differs", "2026/262-TB-VPUBND#1"),
    10: ("agrees", "2025/1855-QD-UBND#1"),
    11: ("status_differs", "2025/1855-QD-UBND#3"),
    12: ("agrees", "2026/05-CT-UBND#1"),
    13: ("agrees", "2025/05-CT-UBND#1"),
    14: ("agrees", "2025/02-CT-UBND#5"),
    15: ("not_found", None),  # close to both tasks of 86/QĐ-UBND: «Có phải là …?»
    16: ("other_agency", "2026/7185-UBND-TH#3"),
    17: ("not_found", None),
    18: ("duplicate", "2026/262-TB-VPUBND#1"),
}


def reply_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws["A1"], ws["D1"] = "UBND TỈNH ĐẮK LẮK", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "SỞ TÀI CHÍNH"
    ws["A3"] = "BÁO CÁO Kết quả thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao (tháng 11/2026)"
    ws.merge_cells("A3:F3")
    for col, text in enumerate(
        ["TT", "Văn bản giao", "Nội dung công việc", "Kết quả thực hiện", "Thời gian hoàn thành", "Ghi chú"], start=1
    ):
        ws.cell(row=5, column=col, value=text)
    for col in range(1, 7):
        ws.cell(row=6, column=col, value=f"({col})")
    for offset, values in enumerate(REPLY):
        for col, value in enumerate(values, start=1):
            ws.cell(row=7 + offset, column=col, value=value)
    ws["A20"] = "Tổng cộng: 12 nhiệm vụ"
    ws.merge_cells("A20:C20")
    ws["A22"], ws["E22"] = "NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC"
    ws["E23"] = "PHÓ GIÁM ĐỐC"
    ws["A26"], ws["E26"] = "Trần Văn Cường", "Lê Thị Hoa"
    return wb


TICKS = [
    [1, "7185/UBND-TH (2026) #2", "Hoàn thiện kế hoạch đầu tư công trung hạn", None, "x", None, None],
    [2, "2026/262-TB-VPUBND#1", "Bán đấu giá trụ sở dôi dư", "X", None, None, "Báo cáo số 2150/BC-STC"],
    [3, "02/CT-UBND#5", "Thẩm định kinh phí hóa chất", "✓", None, None, None],
    [4, "05/CT-UBND#1", "Giải ngân", None, "x", None, None],
    [5, "2025/1855-QD-UBND#3", "Tiết kiệm chi", None, "x", "x", None],
    [6, "2026/86-QD-UBND#2", "Kế hoạch 5 năm", None, None, None, None],
]
EXPECTED_TICKS = {
    6: ("agrees", "2026/7185-UBND-TH#2"),
    7: ("status_differs", "2026/262-TB-VPUBND#1"),
    8: ("agrees", "2025/02-CT-UBND#5"),  # the only year whose 02/CT-UBND has a task 5 of STC
    9: ("not_found", None),  # 05/CT-UBND#1 is STC's in 2025 and 2026: the year is asked for
    10: ("unreadable", "2025/1855-QD-UBND#3"),  # two boxes ticked
    11: ("unreadable", "2026/86-QD-UBND#2"),  # no box ticked
}


def ticks_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws["A1"] = "SỞ TÀI CHÍNH — TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THÁNG 11/2026"
    ws.merge_cells("A1:G1")
    for col, text in ((1, "STT"), (2, "Mã nhiệm vụ"), (3, "Nội dung"), (7, "Ghi chú")):
        ws.cell(row=4, column=col, value=text)
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    ws["D4"] = "Tình trạng thực hiện"
    ws.merge_cells("D4:F4")
    ws["D5"], ws["E5"], ws["F5"] = "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"
    for offset, values in enumerate(TICKS):
        for col, value in enumerate(values, start=1):
            ws.cell(row=6 + offset, column=col, value=value)
    ws["A14"] = "GIÁM ĐỐC"
    return wb


CSV_1258 = "Mã nhiệm vụ,Tình trạng thực hiện,Ngày hoàn thành\n2026/7185-UBND-TH#1,Đã hoàn thành,14/08/2026\n"


def main(target: Path = HERE) -> None:
    (target / "import").mkdir(parents=True, exist_ok=True)
    (target / "reconcile").mkdir(parents=True, exist_ok=True)
    save(register_workbook(), target / "import" / "so-theo-doi-2017.xlsx")
    text = to_csv(register_rows())
    (target / "import" / "so-theo-doi-2017.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (target / "import" / "so-theo-doi-cp1258.csv").write_bytes(to_cp1258(text))
    when = dt.datetime(2026, 11, 24, 9, 0, 0)
    save(reply_workbook(), target / "reconcile" / "stc-tu-viet.xlsx", when)
    save(ticks_workbook(), target / "reconcile" / "stc-danh-dau.xlsx", when)
    (target / "reconcile" / "stc-1258.csv").write_bytes(to_cp1258(CSV_1258).replace(b"\n", b"\r\n"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
