"""Reading what people type into spreadsheets (generator/reports/words.py): dates, deadlines,
document numbers, task references, classifications, names. Each parser gives a value or says
why not; none guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.reports.words import (
    find_report_number,
    fold_name,
    number_key,
    parse_classification,
    parse_date,
    parse_deadline,
    parse_number,
    parse_task_ref,
)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("8/9/2017", dt.date(2017, 9, 8)),
        ("08/09/2017", dt.date(2017, 9, 8)),
        ("08-09-2017", dt.date(2017, 9, 8)),
        ("08.09.2017", dt.date(2017, 9, 8)),
        ("ngày 08 tháng 9 năm 2017", dt.date(2017, 9, 8)),
        ("Ngày 8 tháng 09 năm 2017", dt.date(2017, 9, 8)),
        ("ngày 08/9/2017", dt.date(2017, 9, 8)),
        ("2017-09-08", dt.date(2017, 9, 8)),
        (dt.datetime(2017, 9, 8, 0, 0), dt.date(2017, 9, 8)),
    ],
)
def test_dates_as_people_write_them(text, day):
    assert parse_date(text) == (day, None)


def test_a_date_is_never_read_month_first_or_made_up():
    assert parse_date("13/25/2017")[1] == "ngày «13/25/2017» không có trên lịch"
    assert parse_date("31/02/2026")[0] is None
    assert "không phải ngày" in parse_date("tháng 9/2017")[1]


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("Hằng quý", (None, None)),
        ("hàng quý", (None, None)),
        ("Thường xuyên", (None, None)),
        ("thường xuyên, liên tục", (None, None)),
        ("Hằng tháng", (None, None)),
        ("", (None, None)),
        ("Trước 30/6/2026", (dt.date(2026, 6, 30), None)),
        ("chậm nhất ngày 15/10/2017", (dt.date(2017, 10, 15), None)),
        ("15-10-2017", (dt.date(2017, 10, 15), None)),
    ],
)
def test_deadlines(text, result):
    assert parse_deadline(text) == result


def test_a_quarter_is_not_a_deadline():
    day, why = parse_deadline("Quý IV/2017")
    assert day is None and "«Quý IV/2017» không phải một ngày" in why


@pytest.mark.parametrize(
    ("text", "number", "date"),
    [
        ("Công văn số 419/VPUBND-HCTC ngày 08/9/2017", "419/VPUBND-HCTC", dt.date(2017, 9, 8)),
        ("262/TB-VPUBND ngày 21/7/2026", "262/TB-VPUBND", dt.date(2026, 7, 21)),
        ("1855/QD-UBND", "1855/QĐ-UBND", None),  # QD is no other type: QĐ
        ("Quyết định 1855 / QĐ-UBND", "1855/QĐ-UBND", None),  # spaces around /
        ("05 / qđ-ubnd", "05/QĐ-UBND", None),
        ("5/CT-UBND", "05/CT-UBND", None),  # two digits below 10
        ("Chỉ thị số 014/CT-UBND", "14/CT-UBND", None),
        ("Tờ trình 59/ttr-snnmt", "59/TTr-SNNMT", None),
        ("Quyết định số 45/2016/QĐ-UBND ngày 30/12/2016", "45/2016/QĐ-UBND", dt.date(2016, 12, 30)),
        ("Đề án 12/DA-UBND", "12/DA-UBND", None),  # DA (dự án) stays: ĐA (đề án) is another type
        ("Công văn số 7185/UBND-TH", "7185/UBND-TH", None),
    ],
)
def test_document_numbers_wrapped_in_words(text, number, date):
    found = parse_number(text)
    assert (found.number, found.date) == (number, date)


def test_no_number_no_guess():
    assert parse_number("Công văn của Sở") is None
    assert parse_number("08/9/2017") is None  # a date is not a number


def test_number_keys_compare_spellings():
    assert number_key("1855/QD-UBND") == number_key("1855/QĐ-UBND") == number_key(" 1855 / qđ-ubnd ")
    assert number_key("05/CT-UBND") == number_key("5/CT-UBND")
    assert number_key("05/CT-UBND") != number_key("05/KH-UBND")


def test_task_references():
    ref = parse_task_ref("2026/03-CT-UBND#2")
    assert (ref.key, ref.year, ref.task) == ("2026/03-CT-UBND", 2026, 2)
    ref = parse_task_ref("03/CT-UBND (2026) #2")
    assert (ref.key, ref.number, ref.year, ref.task) == (None, "03/CT-UBND", 2026, 2)
    ref = parse_task_ref(" 03/ct-ubnd # 2 ")
    assert (ref.number, ref.year, ref.task) == ("03/CT-UBND", None, 2)
    assert parse_task_ref("NV-15") is None


@pytest.mark.parametrize("text", ["QC45_a", "QC45 a", "QC45-a", "QC45a", "qc45_a", "QC 45 a", "QC45.a", "QC45/a"])
def test_classification_spellings(text):
    assert parse_classification(text) == "QC45_a"


@pytest.mark.parametrize("text", ["QC45", "QC45_e", "loại a", "QC46_a", ""])
def test_classification_not_guessed(text):
    assert parse_classification(text) is None


def test_report_number_in_a_note():
    assert find_report_number("Báo cáo số 2150/BC-STC ngày 12/3/2026") == "2150/BC-STC"
    assert find_report_number("Đã trình tại Tờ trình số 59/TTr-SNNMT") == "59/TTr-SNNMT"
    assert find_report_number("Đã xong") is None


def test_names_fold_ubnd():
    assert fold_name("Ủy ban nhân dân phường Tân An") == fold_name("UBND phường Tân An") == "ubnd phuong tan an"
    assert fold_name("Uỷ ban Nhân dân xã Ea Kar") == "ubnd xa ea kar"
