"""Reconciliation (R8) of agencies' own spreadsheets with the register.

The spreadsheets under tests/data/reconcile/ are made by make_fixtures.py (committed, and
checked below to be what the script produces); the register beside them says what is true.
Expected results follow from the comments in make_fixtures.py and the register's YAML.
"""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from registerkit import DATA as TEST_DATA

from generator.cli import main
from generator.errors import InputError
from generator.register.load import load_register
from generator.register.status import compute_states
from generator.reports.reconcile import read_agency_report, reconcile, render_markdown
from generator.reports.sheets import read_book
from generator.reports.words import fold, parse_date, parse_status

DATA = TEST_DATA / "reconcile"
REGISTER = DATA / "register"
AS_OF = dt.date(2026, 3, 25)


@pytest.fixture(scope="module")
def loaded():
    register, problems = load_register(REGISTER)
    assert not [p for p in problems if p.severity == "error"], problems
    return register, compute_states(register, AS_OF)


def compare(loaded, name, agency="STC"):
    register, states = loaded
    return reconcile(read_agency_report(DATA / name), states, register, agency, AS_OF)


def kinds(result):
    """(finding, row, task) of every row that does not agree, and of every task not mentioned."""
    found = {(r.finding, r.row, r.task) for r in result.rows if r.finding not in ("agrees", "unreadable")}
    return found | {("not_mentioned", None, m.task) for m in result.not_mentioned}


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---------------------------------------------------------------- words and dates


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Đã hoàn thành", "done"),
        ("Hoàn thành", "done"),
        ("  hoàn   thành ", "done"),
        ("DA HOAN THANH", "done"),
        ("Hoàn thành quá hạn", "done"),
        ("Đã thực hiện", "done"),
        ("Đang thực hiện", "in_progress"),
        ("dang thuc hien", "in_progress"),
        ("ĐANG TRIỂN KHAI", "in_progress"),
        ("Chưa thực hiện", "not_started"),
        ("Chưa hoàn thành", "not_started"),
        ("chua thuc hien", "not_started"),
        ("Đã hủy", "cancelled"),
        ("Tạm dừng", None),
        ("", None),
        ("x", None),
    ],
)
def test_status_words(text, status):
    assert parse_status(text) == status


def test_text_is_folded_for_comparison():
    assert fold("  Hướng dẫn  XÂY DỰNG dự toán, năm 2027. ") == "huong dan xay dung du toan nam 2027"
    assert fold("Đắk Lắk") == "dak lak"


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("06/03/2026", dt.date(2026, 3, 6)),
        ("6/3/2026", dt.date(2026, 3, 6)),
        (" 27/2/2026 ", dt.date(2026, 2, 27)),
        ("06-03-2026", dt.date(2026, 3, 6)),
        ("06.03.2026", dt.date(2026, 3, 6)),
        ("2026-03-06", dt.date(2026, 3, 6)),
        ("ngày 06/03/2026", dt.date(2026, 3, 6)),
        ("6/3/26", dt.date(2026, 3, 6)),
        (dt.datetime(2026, 3, 6, 0, 0), dt.date(2026, 3, 6)),
        (dt.date(2026, 3, 6), dt.date(2026, 3, 6)),
    ],
)
def test_dates_as_cells_or_text(value, date):
    assert parse_date(value) == (date, None)


def test_bad_dates_say_why():
    assert parse_date("31/02/2026")[1] == "ngày «31/02/2026» không có trên lịch"
    assert "không phải ngày" in parse_date("tháng 3")[1]
    assert parse_date("") == (None, None) and parse_date(None) == (None, None)


def test_encodings(tmp_path):
    text = "Mã nhiệm vụ;Tình trạng\n20/KH-UBND#1;Đã hoàn thành\n"
    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    for name, data in (
        ("bom.csv", b"\xef\xbb\xbf" + text.encode()),
        ("plain.csv", text.encode()),
        ("cp1258.csv", fixtures.to_cp1258(text)),  # tones as combining marks, back to NFC
    ):
        (tmp_path / name).write_bytes(data)
        book = read_book(tmp_path / name)
        assert book.grids[0].rows == [["Mã nhiệm vụ", "Tình trạng"], ["20/KH-UBND#1", "Đã hoàn thành"]], name
        assert bool(book.notes) == (name == "cp1258.csv")  # Windows-1258 is read, and said so


# ---------------------------------------------------------------- the messy workbook


def test_workbook_every_finding(loaded):
    result = compare(loaded, "stc-2026-03.xlsx")
    assert result.source == "stc-2026-03.xlsx › Báo cáo T3"  # the sheet with the table, not the first
    assert result.header_row == 5  # two merged header rows 5-6
    assert kinds(result) == {
        ("status_differs", 9, "2026/20-KH-UBND#1"),  # agency done, register open
        ("status_differs", 10, "2026/20-KH-UBND#2"),  # " 20/kh-ubnd # 2 " read as 20/KH-UBND#2
        ("date_differs", 11, "2026/20-KH-UBND#3"),
        ("not_mentioned", None, "2026/20-KH-UBND#4"),
        ("not_found", 15, None),
        ("other_agency", 13, "2026/20-KH-UBND#6"),
        ("duplicate", 17, "2026/20-KH-UBND#1"),
        ("cancelled", 14, "2026/20-KH-UBND#7"),
    }
    # rows 12 (matched by document and content without diacritics), 16 and 21 agree
    assert result.agreed == 3 and result.rows_read == 13
    by_row = {r.row: r for r in result.rows}
    assert "Cơ quan báo đã hoàn thành" in by_row[9].reason and "Sổ theo dõi ghi hoàn thành" in by_row[10].reason
    assert (by_row[11].agency_date, by_row[11].register_date) == (dt.date(2026, 3, 6), dt.date(2026, 3, 5))
    assert "SNNMT" in by_row[13].reason and "phối hợp" in by_row[13].reason
    assert "31/02/2026" in by_row[21].reason and "không đối chiếu ngày" in by_row[21].reason


def test_workbook_unreadable_rows_are_all_listed_with_a_reason(loaded):
    result = compare(loaded, "stc-2026-03.xlsx")
    reasons = {r.row: r.reason for r in result.rows if r.finding == "unreadable"}
    assert sorted(reasons) == [18, 19, 20]
    assert "không biết là nhiệm vụ nào" in reasons[18]
    assert "«Tạm dừng» không hiểu được" in reasons[19]
    assert "«NV-15» không đúng dạng" in reasons[20]
    skipped = {i.row: i.reason for i in result.skipped}
    # letterhead and title, the two header rows, column numbers, group heading, total, signature
    assert sorted(skipped) == [1, 2, 3, 5, 6, 7, 8, 23, 25]
    assert skipped[7] == "dòng đánh số cột" and skipped[5] == skipped[6] == "dòng tiêu đề cột"
    # every non-empty row of the sheet is accounted for exactly once
    ws = load_workbook(DATA / "stc-2026-03.xlsx")["Báo cáo T3"]
    filled = {r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r])}
    rows = [r.row for r in result.rows] + list(skipped)
    assert sorted(rows) == sorted(filled)


# ---------------------------------------------------------------- CSV variants


def test_csv_utf8_bom_semicolon_with_title_row(loaded):
    result = compare(loaded, "stc-semicolon-bom.csv")
    assert result.header_row == 3
    assert kinds(result) == {
        ("status_differs", 4, "2026/20-KH-UBND#1"),
        ("status_differs", 8, "2026/20-KH-UBND#4"),  # «Chưa thực hiện» where the register says in progress
        ("not_mentioned", None, "2026/20-KH-UBND#2"),
    }
    assert result.agreed == 4 and result.count("unreadable") == 0  # 5/3/2026 agrees with 2026-03-05


def test_csv_utf8_comma_matched_by_document_and_content(loaded):
    result = compare(loaded, "stc-comma.csv")
    found = kinds(result)
    assert ("not_found", 5, None) in found
    assert result.agreed == 3  # upper-case content without diacritics, lower-case number still match
    assert {m.task for m in result.not_mentioned} == {
        "2026/14-CT-UBND#1",
        "2026/14-CT-UBND#5",
        "2026/20-KH-UBND#4",
        "2026/20-KH-UBND#5",
    }


def test_csv_windows_1258(loaded):
    result = compare(loaded, "stc-cp1258.csv")
    assert result.rows_read == 2 and result.agreed == 2 and result.count("unreadable") == 0
    assert "Windows-1258" in result.notes[0] and "CSV UTF-8" in result.notes[0]


def test_not_mentioned_leaves_out_other_years_and_cancelled(loaded):
    result = compare(loaded, "stc-cp1258.csv")
    missing = {m.task for m in result.not_mentioned}
    assert "2026/20-KH-UBND#7" not in missing  # cancelled
    assert all(m.startswith(("2026/14-CT-UBND", "2026/20-KH-UBND")) for m in missing)


def test_a_file_without_a_table_is_refused(loaded):
    with pytest.raises(InputError, match="Không tìm thấy dòng tiêu đề bảng"):
        read_agency_report(DATA / "not-a-table.xlsx")


def test_old_excel_and_broken_files_are_refused_in_vietnamese(tmp_path):
    old = tmp_path / "bao-cao.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"\.xls"):
        read_agency_report(old)
    broken = tmp_path / "bao-cao.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="Excel"):
        read_agency_report(broken)


def test_english_headers_and_single_header_row(tmp_path, loaded):
    wb = Workbook()
    ws = wb.active
    ws.append(["Task ID", "Status", "Completion date"])
    ws.append(["20/KH-UBND#2", "Done", dt.datetime(2026, 3, 9)])
    path = tmp_path / "english.xlsx"
    wb.save(path)
    register, states = loaded
    result = reconcile(read_agency_report(path), states, register, "STC", AS_OF)
    assert ("status_differs", 2, "2026/20-KH-UBND#2") not in kinds(result)
    assert ("date_differs", 2, "2026/20-KH-UBND#2") in kinds(result)


# ---------------------------------------------------------------- outputs and CLI


def test_markdown_escapes_what_the_agency_wrote(tmp_path, loaded):
    path = tmp_path / "x.csv"
    path.write_text("Mã nhiệm vụ,Tình trạng\n<script>alert(1)</script>#1,Đã hoàn thành\n", "utf-8")
    register, states = loaded
    text = render_markdown(reconcile(read_agency_report(path), states, register, "STC", AS_OF))
    assert "<script>" not in text.lower() and "&lt;script&gt;" in text


def test_cli_markdown_and_excel(tmp_path):
    args = ["--agency", "stc", "--register", str(REGISTER), "--as-of", "2026-03-25"]
    result = run("reconcile", str(DATA / "stc-2026-03.xlsx"), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Đối chiếu báo cáo của Sở Tài chính (STC)")
    assert "## Tình trạng khác sổ theo dõi" in result.stdout
    assert "| 19 | 14/CT-UBND (2026) #5 |  |  | tình trạng «Tạm dừng» không hiểu được" in result.stdout

    out = tmp_path / "doi-chieu.xlsx"
    result = run("reconcile", str(DATA / "stc-2026-03.xlsx"), *args, "--output", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Chi tiết", "Dòng bỏ qua"]
    sheet = wb["Chi tiết"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 14  # 13 rows read + 1 task not mentioned
    date_row = next(r for r in rows if r[1] == "Ngày hoàn thành khác nhau")
    assert date_row[5] == dt.datetime(2026, 3, 6) and date_row[7] == dt.datetime(2026, 3, 5)
    assert sheet.cell(row=2 + rows.index(date_row), column=6).number_format == "dd/mm/yyyy"
    skipped = [r[0] for r in wb["Dòng bỏ qua"].iter_rows(min_row=2, values_only=True)]
    assert skipped == [1, 2, 3, 5, 6, 7, 8, 23, 25]
    assert out.read_bytes() == (
        run("reconcile", str(DATA / "stc-2026-03.xlsx"), *args, "--output", str(tmp_path / "again.xlsx"))
        and (tmp_path / "again.xlsx").read_bytes()
    )


def test_cli_refusals(tmp_path):
    base = ["--register", str(REGISTER), "--as-of", "2026-03-25"]
    result = run("reconcile", str(DATA / "stc-comma.csv"), "--agency", "XYZ", *base)
    assert result.exit_code == 2 and "XYZ" in result.stderr
    result = run("reconcile", str(tmp_path / "missing.csv"), "--agency", "STC", *base)
    assert result.exit_code == 2 and "không tìm thấy tệp" in result.stderr.lower()
    result = run("reconcile", str(DATA / "not-a-table.xlsx"), "--agency", "STC", *base)
    assert result.exit_code == 1 and "dòng tiêu đề bảng" in result.stderr
    result = run("reconcile", str(DATA / "stc-comma.csv"), "--agency", "STC", "--format", "xlsx", *base)
    assert result.exit_code == 2 and "--output" in result.stderr


def test_committed_fixtures_are_what_the_script_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    fixtures.main(tmp_path)
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (DATA / made.name).read_bytes(), made.name
