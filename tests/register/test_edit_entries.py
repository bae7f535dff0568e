"""Reading what a clerk types (dates, names, task ids) and appending one entry to a file's text,
without a terminal: the library under `nhiemvu new`, `progress`, `extend`, `add-task`."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import UsageError
from generator.register.edit import (
    EditRefused,
    Named,
    append_entry,
    match_classification,
    match_named,
    parse_day_vi,
    parse_task_ref,
)
from generator.register.yamlsrc import parse_yaml

DAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    "text",
    ["2026-11-20", "20/11/2026", "20-11-2026", "20.11.2026", " 20 / 11 / 2026 ", "ngày 20 tháng 11 năm 2026",
     "Ngày 20 tháng 11, năm 2026", "20 thang 11 nam 2026", "2026-11-20"],
)  # fmt: skip
def test_dates_as_clerks_write_them(text):
    assert parse_day_vi(text) == DAY


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "20/11/26", "11/20/2026", "hôm qua", "", "20/11/1800"])
def test_no_date_is_guessed(text):
    assert parse_day_vi(text) is None


def test_today_only_when_given():
    assert parse_day_vi("Hôm nay", DAY) == DAY and parse_day_vi("hôm nay") is None


CHOICES = [
    Named("SNV", "Sở Nội vụ", "Sở, ban, ngành"),
    Named("STC", "Sở Tài chính", "Sở, ban, ngành"),
    Named("TH", "Phòng Tổng hợp", "Phòng thuộc Văn phòng"),
    Named("XA_SON_HOA", "UBND xã Sơn Hòa", "Địa phương"),
]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("stc", ["STC"]),  # a code in any case
        ("Sở Tài chính", ["STC"]),
        ("SO TAI CHINH", ["STC"]),  # folded: no case, no diacritics
        ("tài chính", ["STC"]),  # words of the name
        ("Sở", ["SNV", "STC"]),  # several: the caller offers a numbered choice; «Sơn» is not «Sở»
        ("so", ["SNV", "STC", "XA_SON_HOA"]),  # typed without diacritics: any of them
        ("sơn hòa", ["XA_SON_HOA"]),
        ("XA_", ["XA_SON_HOA"]),  # written as a code: only codes can mean it
        ("TH", ["TH"]),
        ("T", ["TH"]),
        ("TAI", []),  # a code-like query never matches words of names
        ("Sở Giáo dục", []),
        ("", []),
    ],
)
def test_names_where_codes_are_asked(query, codes):
    assert [c.code for c in match_named(query, CHOICES)] == codes


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("QC45_a", ["QC45_a"]),
        ("qc42b", ["QC42_b"]),
        ("45 c", ["QC45_c"]),
        ("d", ["QC45_d", "QC42_d"]),
        ("QC44_a", []),
        ("e", []),
    ],
)
def test_classification_typed_loosely(text, found):
    assert match_classification(text) == found


@pytest.mark.parametrize(
    ("text", "document", "task"),
    [
        ("2026/03-CT-UBND#2", "2026/03-CT-UBND", 2),
        ("03/CT-UBND (2026) #2", "03/CT-UBND (2026)", 2),
        ("03/CT-UBND#12", "03/CT-UBND", 12),
        (" 45/2016/QĐ-UBND # 3 ", "45/2016/QĐ-UBND", 3),
    ],
)
def test_task_ids(text, document, task):
    ref = parse_task_ref(text)
    assert (ref.document, ref.task_id) == (document, task)


@pytest.mark.parametrize("text", ["03/CT-UBND", "#2", "03/CT-UBND#x"])
def test_not_task_ids(text):
    with pytest.raises(UsageError):
        parse_task_ref(text)


ENTRY = {"date": DAY, "status": "done", "note": "Ghi chú: có dấu hai chấm"}


def appended(text: str, parent: tuple, key: str, entry: dict = ENTRY, **kw) -> str:
    after, line = append_entry(text, parent, key, entry, **kw)
    before, _, problems = parse_yaml(text.encode(), "x.yaml")
    value, _, problems = parse_yaml(after.encode(), "x.yaml")
    assert problems == []
    node = value
    for step in parent:
        node = node[step]
    assert node[key][-1] == entry  # what was appended reads back as given
    first = after.replace("\r\n", "\n").split("\n")[line - 1].strip()
    assert first.startswith("- ")
    return after


def test_append_after_the_last_entry_of_a_block_list():
    text = "tasks:\n  - id: 1\n    progress:\n      - date: 2026-01-05\n        status: in_progress\n  - id: 2\n"
    assert appended(text, ("tasks", 0), "progress") == (
        "tasks:\n  - id: 1\n    progress:\n      - date: 2026-01-05\n        status: in_progress\n"
        "      - date: 2026-11-20\n        status: done\n        note: 'Ghi chú: có dấu hai chấm'\n  - id: 2\n"
    )


def test_a_flow_style_list_gets_a_flow_entry_and_comments_stay():
    text = "tasks:\n  - id: 1\n    progress:\n      - {date: 2026-01-05, status: in_progress}  # cũ\n    # ghi chú\n"
    assert appended(text, ("tasks", 0), "progress", {"date": DAY, "status": "done"}) == (
        "tasks:\n  - id: 1\n    progress:\n      - {date: 2026-01-05, status: in_progress}  # cũ\n"
        "      - {date: 2026-11-20, status: done}\n    # ghi chú\n"
    )


@pytest.mark.parametrize("empty", ["progress: []", "progress:", "progress: null", "progress: ~"])
def test_an_empty_list_becomes_a_block_list(empty):
    text = f"tasks:\n  - id: 1\n    {empty}\n  - id: 2\n"
    after = appended(text, ("tasks", 0), "progress", {"date": DAY, "status": "done"})
    assert after == "tasks:\n  - id: 1\n    progress:\n      - date: 2026-11-20\n        status: done\n  - id: 2\n"


def test_a_missing_list_is_created_before_the_keys_it_comes_before():
    text = "tasks:\n  - id: 1\n    deadline: 2026-06-30\n    progress:\n      - {date: 2026-01-05, status: done}\n"
    after = appended(text, ("tasks", 0), "extensions", {"deadline": DAY}, before=("progress",))
    assert after.index("    extensions:\n      - deadline: 2026-11-20\n") < after.index("    progress:")


def test_windows_line_ends_and_a_missing_final_line_break():
    text = "a: 1\r\ntasks:\r\n  - id: 1\r\n    content: x"
    after = appended(text, ("tasks", 0), "progress", {"date": DAY, "status": "done"})
    assert after == (
        "a: 1\r\ntasks:\r\n  - id: 1\r\n    content: x\r\n    progress:\r\n      - date: 2026-11-20\r\n"
        "        status: done\r\n"
    )


def test_after_a_block_scalar_and_its_blank_lines():
    text = "tasks:\n  - id: 1\n    content: |\n      dòng một\n\n      dòng hai\n\n# hết\n"
    after = appended(text, ("tasks", 0), "progress", {"date": DAY, "status": "done"})
    assert after.endswith("      dòng hai\n    progress:\n      - date: 2026-11-20\n        status: done\n\n# hết\n")


def test_values_yaml_would_misread_are_quoted():
    entry = {"date": DAY, "status": "done", "note": "yes", "report": "#12", "recommendation": "- không"}
    after = appended("tasks:\n  - id: 1\n", ("tasks", 0), "progress", entry)
    assert "note: 'yes'" in after and "report: '#12'" in after and "recommendation: '- không'" in after


def test_a_list_written_on_one_line_is_not_extended():
    with pytest.raises(EditRefused):
        append_entry(
            "tasks:\n  - id: 1\n    progress: [{date: 2026-01-05, status: done}]\n", ("tasks", 0), "progress", ENTRY
        )
