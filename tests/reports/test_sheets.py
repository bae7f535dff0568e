"""The one bounded reader of spreadsheets (reconcile, import): hostile files finish in
milliseconds with bounded memory, with a Vietnamese reason when refused; merged headers are
still read; CSV is bounded the same way and its encoding diagnosed.

The hostile workbooks are tiny hand-written .xlsx files (tests/data/sheets/make_hostile.py);
bench/bench_sheets.py times the same files.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registerkit import DATA as TEST_DATA
from registerkit import run_cli

from generator.errors import InputError
from generator.reports.sheets import MAX_COLUMNS, MAX_ROWS, read_book, spread

DATA = TEST_DATA / "sheets"
SECOND = 1.0  # every hostile file: refused or read well under a second
MEMORY = 32 * 1024 * 1024  # and well under 32 MB traced


def _read(path):
    try:
        return read_book(path)
    except InputError as exc:
        return exc


def measure(path):
    """(outcome, seconds, peak bytes): timed on its own, then read again under tracemalloc
    (which slows Python down several times) for the memory."""
    import openpyxl.reader.excel  # noqa: F401  (import time is not the file's cost)

    start = time.perf_counter()
    outcome = _read(path)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    _read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, elapsed, peak


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("far-cell.xlsx", "có dữ liệu tới ô XFD1048576, vượt giới hạn đọc"),
        ("far-cell-no-dimension.xlsx", "có dữ liệu tới ô XFD1048576"),
        ("absurd-dimension.xlsx", "khai báo kích thước vượt giới hạn của Excel"),
        ("zip-bomb.xlsx", "khi giải nén lên tới 1.907 MB"),
        ("wide.csv", "vượt giới hạn đọc"),
        ("long-field.csv", "không đọc được dạng CSV ở dòng 2"),
    ],
)
def test_hostile_files_are_refused_quickly_in_vietnamese(name, said):
    outcome, elapsed, peak = measure(DATA / name)
    assert isinstance(outcome, InputError), outcome
    assert said in outcome.message and outcome.hint
    assert elapsed < SECOND and peak < MEMORY, (elapsed, peak)


def test_one_huge_merged_range_is_clipped():
    """A1:XFD1048576 merged (17 billion cells) over a two-row table: read in milliseconds, the
    range clipped to the cells read."""
    outcome, elapsed, peak = measure(DATA / "merged-huge.xlsx")
    assert elapsed < SECOND and peak < MEMORY, (elapsed, peak)
    [grid] = outcome.grids
    assert grid.merges == [(1, 1, 2, 2)]
    assert grid.rows[1] == ["2026/20-KH-UBND#1", "Đã hoàn thành"]


def test_many_merges_stay_bounded():
    outcome, elapsed, peak = measure(DATA / "many-merges.xlsx")
    assert elapsed < SECOND and peak < MEMORY, (elapsed, peak)
    assert outcome.grids[0].merges == [(1, 1, 2, 1)]  # the 200,000 others lie below the table


def test_through_the_commands(tmp_path):
    register = TEST_DATA / "reconcile" / "register"
    args = ["--register", str(register), "--as-of", "2026-03-25"]
    result = run_cli(["reconcile", str(DATA / "far-cell.xlsx"), "--agency", "STC", *args])
    assert result.exit_code == 1 and "XFD1048576" in result.stderr and "Traceback" not in result.output
    result = run_cli(["import", str(DATA / "far-cell.xlsx"), *args, "--dry-run"])
    assert result.exit_code == 1 and "XFD1048576" in result.stderr
    start = time.perf_counter()
    result = run_cli(["reconcile", str(DATA / "merged-huge.xlsx"), "--agency", "STC", *args, "--format", "json"])
    assert result.exit_code == 0 and '"finding": "status_differs"' in result.stdout
    assert time.perf_counter() - start < 10 * SECOND  # the whole command, register included


def test_merged_header_labels_spread_over_their_range():
    book = read_book(TEST_DATA / "reconcile" / "stc-2026-03.xlsx")
    grid = book.visible()[1]
    rows = spread(grid, 6)
    assert rows[4][2:4] == ["Văn bản giao nhiệm vụ", "Văn bản giao nhiệm vụ"]  # merged over two columns
    assert rows[5][0] == "STT"  # merged over two rows
    assert rows[7][1:] == []  # a group heading merged across the row below the header stays one cell


def test_committed_files_are_what_the_script_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_hostile", DATA / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (DATA / made.name).read_bytes(), made.name


def test_rows_beyond_the_box_are_refused(tmp_path):
    path = tmp_path / "dai.csv"
    path.write_text("Mã nhiệm vụ,Tình trạng\n" + "x,y\n" * MAX_ROWS, encoding="utf-8")
    with pytest.raises(InputError, match="vượt giới hạn đọc"):
        read_book(path)
    path.write_text("a;" * (MAX_COLUMNS - 1) + "b\n", encoding="utf-8")
    assert len(read_book(path).grids[0].rows[0]) == MAX_COLUMNS  # the box itself is read


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "bao-cao.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="không phải tệp thường"):
        read_book(fifo)  # a FIFO would block a reader for ever
    with pytest.raises(InputError, match="Không đọc được tệp"):
        read_book(tmp_path / "khong-co.csv")


def test_encodings_are_diagnosed(tmp_path):
    text = "Mã nhiệm vụ,Tình trạng thực hiện\n2026/20-KH-UBND#1,Đã hoàn thành\n"
    spec = importlib.util.spec_from_file_location("make_files", TEST_DATA / "paperwork" / "make_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "bao-cao.csv"
    path.write_bytes(module.to_cp1258(text))
    book = read_book(path)
    assert book.encoding == "cp1258" and book.grids[0].rows[1] == ["2026/20-KH-UBND#1", "Đã hoàn thành"]
    assert "Windows-1258" in book.notes[0] and "CSV UTF-8" in book.notes[0]
    with pytest.raises(InputError, match="Windows-1258") as refused:
        read_book(path, legacy_encoding=False)  # import writes into the register: no guessed encoding
    assert "CSV UTF-8" in refused.value.hint
    path.write_bytes(b"S\xad T\xb5i ch\xddnh,x\n")  # «Sở Tài chính» typed with a TCVN3 (.VnTime) font
    with pytest.raises(InputError, match="TCVN3 hoặc VNI"):
        read_book(path)


# ---------------------------------------------------------------- random input


HEADERS = [
    "STT",
    "Mã nhiệm vụ",
    "Số, ký hiệu văn bản",
    "Ngày ban hành",
    "Trích yếu",
    "Người ký",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Phòng theo dõi",
    "Phân loại",
    "Thời hạn",
    "Tình trạng thực hiện",
    "Ngày hoàn thành",
    "Ghi chú",
    "Đã hoàn thành",
    "Đang thực hiện",
]
CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(-(10**6), 10**6),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from(
        [
            "Mã nhiệm vụ",
            "Tình trạng thực hiện",
            "Số, ký hiệu văn bản",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Phòng theo dõi",
            "Phân loại",
            "Đã hoàn thành",
            "x",
            "2026/20-KH-UBND#1",
            "14/CT-UBND",
            "=1+1",
            "QC45_a",
            "Sở Tài chính",
        ]
    ),
)


def _attempt(path) -> None:
    """reconcile and import on one file: a result or an InputError, nothing else, quickly."""
    from generator.reports.import_register import import_register, open_sheet
    from generator.reports.reconcile import read_agency_report, reconcile

    register, _ = _REGISTER
    start = time.perf_counter()
    try:
        sheet = read_agency_report(path)
        reconcile(sheet, _STATES, register, "STC", dt.date(2026, 3, 25))
    except InputError:
        pass
    try:
        import_register(open_sheet(path), register, dt.date(2026, 3, 25))
    except InputError:
        pass
    assert time.perf_counter() - start < 5 * SECOND


def _load():
    from generator.register.load import load_register
    from generator.register.status import compute_states

    loaded = load_register(TEST_DATA / "reconcile" / "register")
    return loaded, compute_states(loaded[0], dt.date(2026, 3, 25))


(_REGISTER, _STATES) = _load()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(HEADERS), max_size=10, unique=True),
    rows=st.lists(st.lists(CELL, max_size=10), max_size=14),
    merges=st.lists(
        st.tuples(st.integers(1, 20), st.integers(1, 10), st.integers(0, 3), st.integers(0, 3)), max_size=4
    ),
)
def test_random_workbooks_never_crash(tmp_path, header, rows, merges):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(header)  # a header the readers recognise, so that the rows below are read too
    for row in rows:
        wb.active.append([_safe(v) for v in row])
    for top, left, down, right in merges:
        try:
            wb.active.merge_cells(start_row=top, start_column=left, end_row=top + down, end_column=left + right)
        except ValueError:
            pass
    path = tmp_path / f"bang-{abs(hash((str(rows), str(merges))))}.xlsx"
    wb.save(path)
    _attempt(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".csv"]))
def test_random_bytes_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"tep-{abs(hash(data))}{suffix}"
    path.write_bytes(data)
    _attempt(path)


def _safe(value):
    """openpyxl refuses control characters on its own; the reader must meet everything else."""
    if isinstance(value, str):
        return "".join(c for c in value if c.isprintable() or c in "\t\n")
    return value
