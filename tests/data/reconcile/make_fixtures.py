"""Writes the agencies' messy reports used by tests/test_reconcile*.py (the files are committed).

Run from the repository root: `python tests/data/reconcile/make_fixtures.py`. Output is
deterministic (fixed workbook timestamps), so re-running it changes nothing.

They imitate what Sở Tài chính (STC) sends back about the tasks in ./register: a workbook
with a letterhead, a two-row merged header, a row of column numbers, a group heading, dates
as real cells and as text, statuses with and without diacritics; and CSV exports in UTF-8
with a BOM and `;`, plain UTF-8 with `,`, and Windows-1258.
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
STAMP = dt.datetime(2026, 3, 24, 9, 0, 0)


def save_workbook(wb: Workbook, path: Path) -> None:
    wb.properties.created = wb.properties.modified = STAMP
    wb.properties.creator = "Sở Tài chính"
    buffer = io.BytesIO()
    wb.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "docProps/core.xml":  # openpyxl writes the current time as `modified`
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-03-24T09:00:00Z", content)
            dst.writestr(
                zipfile.ZipInfo(name, date_time=STAMP.timetuple()[:6]), content, compress_type=zipfile.ZIP_DEFLATED
            )
    path.write_bytes(out.getvalue())


def stc_workbook() -> Workbook:
    """Sheet «Báo cáo T3» (the table) after a sheet of instructions that has no table."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Hướng dẫn"
    notes["A1"] = "Điền số liệu vào sheet «Báo cáo T3»; không sửa dòng tiêu đề."
    ws = wb.create_sheet("Báo cáo T3")
    ws["A1"] = "UBND TỈNH ĐẮK LẮK"
    ws["A2"] = "SỞ TÀI CHÍNH"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("E1:G1")
    ws["A3"] = "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO (đến ngày 24/3/2026)"
    ws.merge_cells("A3:G3")
    ws["A3"].font = Font(bold=True)
    # Two-row header: "Văn bản giao nhiệm vụ" is merged over «Số, ký hiệu» and «Nội dung».
    for col, text in (
        ("A", "STT"),
        ("B", "Mã nhiệm vụ"),
        ("E", "Tình trạng thực hiện"),
        ("F", "Ngày hoàn thành"),
        ("G", "Ghi chú"),
    ):
        ws[f"{col}5"] = text
        ws.merge_cells(f"{col}5:{col}6")
    ws["C5"] = "Văn bản giao nhiệm vụ"
    ws.merge_cells("C5:D5")
    ws["C6"] = "Số, ký hiệu"
    ws["D6"] = "Nội dung  nhiệm vụ "
    for cell in ws[5] + ws[6]:
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for i, col in enumerate("ABCDEFG", start=1):
        ws[f"{col}7"] = f"({i})"
    ws["A8"] = "I. NHIỆM VỤ NĂM 2026"
    ws.merge_cells("A8:G8")
    rows = [
        # row 9: agency says done, register open
        (1, "20/KH-UBND#1", None, None, "Đã hoàn thành", dt.datetime(2026, 3, 15), None),
        # row 10: stray spaces, lower case; agency says in progress, register done
        (2, " 20/kh-ubnd # 2 ", None, None, "đang thực hiện ", None, None),
        # row 11: both done, dates disagree (text date)
        (3, "20/KH-UBND#3", None, None, "Hoàn thành", "06/03/2026", None),
        # row 12: no id; document + content without diacritics; agrees
        (4, None, "20/KH-UBND", "huong dan xay dung du toan nam 2027", "DA HOAN THANH", "27/2/2026", None),
        # row 13: a task whose lead agency is SNNMT (STC only coordinates)
        (5, "20/KH-UBND#6", None, None, "Đang thực hiện", None, "Phối hợp với Sở NN&MT"),
        # row 14: cancelled in the register
        (6, "20/KH-UBND#7", None, None, "Đang thực hiện", None, None),
        # row 15: an id that does not exist
        (7, "99/KH-UBND#1", None, None, "Đã hoàn thành", dt.datetime(2026, 3, 1), None),
        # row 16: agrees (real date cell)
        (8, "14/CT-UBND#1", None, None, "Đã hoàn thành", dt.datetime(2026, 2, 20), None),
        # row 17: the same task twice
        (9, "20/KH-UBND#1", None, None, "Đã hoàn thành", None, "Ghi lặp"),
        # row 18: nothing says which task
        (10, None, None, "Công việc khác", "Đang thực hiện", None, None),
        # row 19: a status nobody can read
        (11, "14/CT-UBND#5", None, None, "Tạm dừng", None, None),
        # row 20: an id in the wrong shape
        (12, "NV-15", None, None, "Đã hoàn thành", None, None),
        # row 21: a date that does not exist; the status still counts (agrees)
        (13, "14/CT-UBND#5", None, None, "Dang thuc hien", "31/02/2026", None),
    ]
    for offset, values in enumerate(rows):
        for col, value in zip("ABCDEFG", values, strict=False):
            ws[f"{col}{9 + offset}"] = value
    for r in range(9, 9 + len(rows)):
        ws[f"F{r}"].number_format = "dd/mm/yyyy"
    ws["A23"] = "Tổng cộng: 13 nhiệm vụ"
    ws.merge_cells("A23:D23")
    ws["F25"] = "NGƯỜI LẬP BIỂU"
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["D"].width = 40
    return wb


def not_a_table() -> Workbook:
    wb = Workbook()
    wb.active["A1"] = "Kính gửi Văn phòng UBND tỉnh,"
    wb.active["A2"] = "Sở Tài chính xin gửi báo cáo bằng văn bản giấy."
    return wb


CSV_SEMICOLON = """Báo cáo của Sở Tài chính tháng 3/2026;;;
;;;
Mã nhiệm vụ;Tình trạng;Ngày hoàn thành;Ghi chú
20/KH-UBND#1;Đã hoàn thành;15/03/2026;
20/KH-UBND#3;Hoàn thành;5/3/2026;
14/CT-UBND#1;Đã hoàn thành;20/02/2026;
20/KH-UBND#5;hoàn thành;27/02/2026;Đúng hạn
20/KH-UBND#4;Chưa thực hiện;;Chờ hướng dẫn của Bộ Tài chính
14/CT-UBND#5;Đang thực hiện;;
"""

CSV_COMMA = """"Số, ký hiệu văn bản","Nội dung nhiệm vụ","Trạng thái","Ngày hoàn thành"
"20/KH-UBND","Lập dự toán ngân sách bổ sung năm 2026","Đang thực hiện",""
"20/KH-UBND","Thẩm định phương án giá nước sạch","Đã hoàn thành","10/03/2026"
"20/kh-ubnd","BAO CAO QUYET TOAN VON DAU TU DU AN HOAN THANH","Đã hoàn thành","2026-03-05"
"20/KH-UBND","Việc không có trong sổ","Đã hoàn thành","01/03/2026"
"""

CSV_1258 = """Mã nhiệm vụ,Tình trạng thực hiện,Ngày hoàn thành
20/KH-UBND#2,Đã hoàn thành,10/03/2026
20/KH-UBND#4,Đang thực hiện,
"""


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
        ] + [(base, marks)]
        for head, tail in options:  # the vowel mark stays in the letter, the tone follows it
            try:
                out += head.encode("cp1258") + tail.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise ValueError(f"cannot encode {ch!r} in cp1258")
    return bytes(out)


def main(target: Path = HERE) -> None:
    save_workbook(stc_workbook(), target / "stc-2026-03.xlsx")
    save_workbook(not_a_table(), target / "not-a-table.xlsx")
    (target / "stc-semicolon-bom.csv").write_bytes(b"\xef\xbb\xbf" + CSV_SEMICOLON.replace("\n", "\r\n").encode())
    (target / "stc-comma.csv").write_bytes(CSV_COMMA.encode("utf-8"))
    (target / "stc-cp1258.csv").write_bytes(to_cp1258(CSV_1258).replace(b"\n", b"\r\n"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
