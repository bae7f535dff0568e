"""Monthly compilation (R8, R9): data, Markdown, Excel and Word, through the real CLI.

The register under tests/data/reports/register is small enough to reason about by hand; the
expected figures below follow from its YAML (see the comments), as of 25/03/2026.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil

import markdown
import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from registerkit import DATA as TEST_DATA
from registerkit import REPO, outside_git

from generator.cli import main
from generator.register.load import load_intake, load_register
from generator.register.status import compute_states, intake_states
from generator.register.workdays import WorkCalendar
from generator.reports.docx import render_docx
from generator.reports.monthly import monthly_report, parse_month, render_markdown, report_day
from generator.reports.xlsx import render_xlsx

DATA = outside_git(TEST_DATA / "reports" / "register")
AS_OF = dt.date(2026, 3, 25)


def compile_month(year=2026, month=3, as_of=AS_OF, monitor=None, register_dir=DATA):
    register, problems = load_register(register_dir)
    assert not [p for p in problems if p.severity == "error"], problems
    items, intake_problems = load_intake(register_dir, repo_root=register.repo_root)
    assert not intake_problems
    calendar = WorkCalendar.from_data(register.calendar)
    return monthly_report(
        compute_states(register, as_of),
        register,
        year,
        month,
        as_of=as_of,
        monitor=monitor,
        intake=intake_states(items, calendar, as_of),
    )


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


# ---------------------------------------------------------------- data


def test_totals_follow_the_register():
    report = compile_month()
    # 120/KH-UBND#1 was done in 2025 and 45/QĐ-UBND is issued after the report day: both out.
    ids = {t.id for t in report.tasks}
    assert "2025/120-KH-UBND#1" not in ids and "2026/45-QD-UBND#1" not in ids
    assert report.counts == {
        "done_on_time": 1,
        "done_late": 1,
        "open_on_time": 2,
        "overdue": 2,
        "no_deadline": 1,
        "cancelled": 1,
    }
    assert report.total == 7 and report.carried_over == 1
    # done on time ÷ come due (1 on time + 1 late + 2 overdue): the overdue ones count against it
    assert report.rate == pytest.approx(1 / 4)
    assert report.period_start == dt.date(2026, 2, 26)


def test_per_agency_table_and_overdue_list_with_reasons():
    report = compile_month()
    by_code = {a.code: a for a in report.agencies}
    assert by_code["STC"].counts["done_on_time"] == 1 and by_code["STC"].total == 2
    assert by_code["SYT"].counts["done_late"] == 1 and by_code["SYT"].counts["cancelled"] == 1
    assert by_code["SYT"].total == 1  # the cancelled task is shown apart, not counted
    assert [o.id for o in report.overdue] == ["2025/120-KH-UBND#2", "2026/14-CT-UBND#3"]  # most days first
    assert report.overdue[0].days_overdue == 25
    assert report.overdue[0].delay_reason.startswith("Chờ ý kiến của Bộ")
    assert report.overdue[1].delay_reason is None


def test_recommendations_are_those_of_the_report_period():
    report = compile_month()
    texts = [r.text for r in report.recommendations]
    assert any("gia hạn đến ngày 30/4/2026" in t for t in texts)
    assert any("Thiếu kinh phí bồi thường" in t for t in texts)
    # dated 10/02/2026, before the period 26/02–25/03: it belonged to February's report
    assert not any("mẫu phương án" in t for t in texts)
    february = compile_month(month=2, as_of=dt.date(2026, 2, 25))
    assert any("mẫu phương án" in r.text for r in february.recommendations)


def test_monitor_filter_keeps_only_that_division():
    report = compile_month(monitor="KGVX")
    assert {t.monitor for t in report.tasks} == {"KGVX"}
    assert report.total == 1 and report.counts["cancelled"] == 1
    assert [i.number for i in report.intake] == ["30/TTr-SYT"]


def test_intake_items_of_the_period_and_late_ones():
    report = compile_month()
    by_number = {i.number: i for i in report.intake}
    late = by_number["215/TTr-SNNMT"]  # received Wed 18/03: due Mon 23/03
    assert late.status == "overdue" and late.deadline == dt.date(2026, 3, 23)
    assert late.working_days_late == 2 and late.sender_name == "Sở Nông nghiệp và Môi trường"
    assert by_number["30/TTr-SYT"].status == "assigned"
    assert [i.number for i in report.intake_late] == ["215/TTr-SNNMT"]


def test_as_of_defaults_to_the_report_day_clamped_to_the_month():
    assert report_day(2026, 3) == dt.date(2026, 3, 25)
    assert report_day(2026, 2, 31) == dt.date(2026, 2, 28)
    assert parse_month("2026-03") == (2026, 3)
    for bad in ("2026-13", "03/2026", "", "2026"):
        with pytest.raises(ValueError, match="tháng không hợp lệ"):
            parse_month(bad)


# ---------------------------------------------------------------- Markdown


def test_markdown_has_every_section_and_escapes_register_text(tmp_path):
    register_dir = tmp_path / "register"
    shutil.copytree(DATA, register_dir)
    doc = register_dir / "documents" / "2026" / "14-CT-UBND.yaml"
    doc.write_text(
        doc.read_text("utf-8").replace(
            "Thiếu kinh phí bồi thường",
            "<script>alert(1)</script> [x](javascript:alert(1)) | Thiếu kinh phí bồi thường",
        ),
        "utf-8",
    )
    text = render_markdown(compile_month(register_dir=register_dir))
    for heading in (
        "I. TỔNG HỢP",
        "II. KẾT QUẢ THEO CƠ QUAN",
        "III. NHIỆM VỤ QUÁ HẠN",
        "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ",
        "V. TIẾP NHẬN HỒ SƠ TRÌNH",
    ):
        assert f"## {heading}" in text
    assert "Tỷ lệ đúng hạn: 25,0%. Tỷ lệ đúng hạn = số nhiệm vụ hoàn thành đúng hạn ÷ số nhiệm vụ đã đến hạn" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    html = markdown.markdown(text, extensions=["tables"])
    assert "<script>" not in html and "javascript:" not in html.split("href=")[-1][:20]
    assert "<a " not in html and "[x](javascript:alert(1))" in html
    assert "\\| Thiếu kinh phí" in text  # a `|` cannot break the table
    assert "*Chưa có giải trình*" in text


def test_markdown_through_the_cli_is_the_default_on_stdout():
    result = run("report", "monthly", "--month", "2026-03", "--register", str(DATA))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Báo cáo tháng 3 năm 2026")
    assert "số liệu tính đến ngày 25/03/2026" in result.stdout
    assert "| **Tổng số** | **7** |" in result.stdout


def test_as_of_option_moves_the_compilation():
    result = run("report", "monthly", "--month", "2026-03", "--as-of", "2026-03-10", "--register", str(DATA))
    assert result.exit_code == 0, result.output
    assert "số liệu tính đến ngày 10/03/2026" in result.stdout
    assert "14/CT-UBND (2026) #3" not in result.stdout.split("## III.")[1].split("## IV.")[0]


# ---------------------------------------------------------------- Excel


def test_excel_workbook_content(tmp_path):
    out = tmp_path / "bao-cao.xlsx"
    result = run(
        "report", "monthly", "--month", "2026-03", "--format", "xlsx", "--output", str(out), "--register", str(DATA)
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Tổng hợp", "Nhiệm vụ"]
    summary = wb["Tổng hợp"]
    assert summary["A1"].value == "Phụ lục I"
    attached = summary["A3"].value
    assert attached.startswith("(Kèm theo Báo cáo số") and "/BC-VPUBND ngày 25/03/2026" in attached
    assert summary.freeze_panes == "A8"
    headers = [c.value for c in summary[7]]
    assert headers[:4] == ["STT", "Mã cơ quan", "Cơ quan chủ trì", "Tổng số"]
    assert "Quá hạn chưa hoàn thành" in headers
    total_row = next(r for r in summary.iter_rows(min_row=8, values_only=True) if r[2] == "Tổng cộng")
    assert total_row[3] == 7 and total_row[-1] == pytest.approx(1 / 4)
    assert summary.column_dimensions["C"].width >= 30

    tasks = wb["Nhiệm vụ"]
    assert tasks["A1"].value == "Phụ lục II"
    assert tasks.freeze_panes == "A8"
    head = [c.value for c in tasks[7]]
    assert head[:5] == ["STT", "Mã nhiệm vụ", "Văn bản giao", "Ngày ban hành", "Nội dung nhiệm vụ"]
    # names stand beside the codes
    assert head[5:9] == ["Mã cơ quan", "Cơ quan chủ trì", "Mã phòng", "Phòng theo dõi"]
    rows = {r[1]: r for r in tasks.iter_rows(min_row=8, values_only=True)}
    assert len(rows) == 8  # 7 counted + 1 cancelled
    done = rows["14/CT-UBND (2026) #1"]
    assert done[5:9] == ("STC", "Sở Tài chính", "TH", "Phòng Tổng hợp")
    deadline_col, completed_col = head.index("Thời hạn"), head.index("Ngày hoàn thành")
    assert done[deadline_col] == dt.datetime(2026, 2, 27) and done[completed_col] == dt.datetime(2026, 2, 20)
    cell = tasks.cell(row=8, column=deadline_col + 1)
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"
    assert (
        rows["14/CT-UBND (2026) #7"][head.index("Nội dung nhiệm vụ")]
        == "Rà soát <b>hạ tầng</b> | cấp nước *khẩn* [đợt 1]"
    )
    assert rows["120/KH-UBND (2025) #2"][head.index("Số ngày quá hạn")] == 25
    assert wb.properties.created == dt.datetime(2026, 3, 25, 12, 0)
    assert wb.properties.modified == dt.datetime(2026, 3, 25, 12, 0)


def test_excel_prints_on_a4_landscape_one_page_wide(tmp_path):
    """The file printed as 31 portrait pages: every sheet is now A4 landscape, fitted to one page
    wide, its header row repeated on each printed page, page numbers in the footer, Times New Roman."""
    out = tmp_path / "bao-cao.xlsx"
    run("report", "monthly", "--month", "2026-03", "--format", "xlsx", "--output", str(out), "--register", str(DATA))
    wb = load_workbook(out)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$7:$7"
        assert "&P" in ws.oddFooter.right.text
        assert ws["A1"].value.startswith("Phụ lục")
        assert ws.cell(row=7, column=1).font.name == "Times New Roman"


def test_excel_marks_sample_data(tmp_path):
    register_dir = tmp_path / "register"
    shutil.copytree(DATA, register_dir)
    with open(register_dir / "register.yaml", "a", encoding="utf-8") as handle:
        handle.write("sample_data: true\n")
    out = tmp_path / "bao-cao.xlsx"
    run("report", "monthly", "--month", "2026-03", "--output", str(out), "--register", str(register_dir))
    wb = load_workbook(out)
    for ws in wb.worksheets:
        assert ws["A6"].value == "DỮ LIỆU MẪU — không phải số liệu thật"
        assert "DỮ LIỆU MẪU" in ws.oddHeader.center.text


def test_binary_formats_need_an_output_file():
    for fmt in ("xlsx", "docx"):
        result = run("report", "monthly", "--month", "2026-03", "--format", fmt, "--register", str(DATA))
        assert result.exit_code == 2
        assert "--output" in result.stderr and "Lỗi" in result.stderr


def test_files_are_byte_identical_for_the_same_register_and_date():
    report = compile_month()
    assert render_xlsx(report) == render_xlsx(compile_month())
    assert render_docx(report) == render_docx(compile_month())
    assert render_markdown(report) == render_markdown(compile_month())


# ---------------------------------------------------------------- Word


def _docx_text(data: bytes) -> tuple[list[str], list]:
    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs], doc


def test_word_report_is_an_administrative_report(tmp_path):
    out = tmp_path / "bao-cao.docx"
    result = run("report", "monthly", "--month", "2026-03", "--output", str(out), "--register", str(DATA))
    assert result.exit_code == 0, result.output  # format taken from the file's suffix
    paragraphs, doc = _docx_text(out.read_bytes())
    title_block = doc.tables[0]
    left = [p.text for p in title_block.cell(0, 0).paragraphs]
    right = [p.text for p in title_block.cell(0, 1).paragraphs]
    assert left[:2] == ["UBND TỈNH ĐẮK LẮK", "VĂN PHÒNG"]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    # «Số» and the date on one line (the title block's second row); the symbol from register.yaml
    assert title_block.cell(1, 0).text == "Số:        /BC-VPUBND"
    assert title_block.cell(1, 1).text == "Đắk Lắk, ngày 25 tháng 3 năm 2026"
    assert "BÁO CÁO" in paragraphs
    assert any(p.startswith("Thực hiện Quyết định số 45/2016/QĐ-UBND") and "419/VPUBND-HCTC" in p for p in paragraphs)
    sections = [p for p in paragraphs if p[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert [s.split(".")[0] for s in sections] == ["I", "II", "III", "IV", "V"]
    totals = doc.tables[1]
    assert [c.text for c in totals.rows[0].cells] == ["STT", "Chỉ tiêu", "Số nhiệm vụ"]
    assert ["", "Tổng số", "7"] == [c.text for c in totals.rows[6].cells]
    overdue = doc.tables[3]
    assert overdue.rows[1].cells[1].text == "120/KH-UBND (2025) #2"
    assert overdue.rows[2].cells[6].text == "Chưa có giải trình"
    assert any("Thiếu kinh phí bồi thường" in p for p in paragraphs)
    signature = doc.tables[-1]
    block = [p.text for p in signature.cell(0, 1).paragraphs]
    assert block[:2] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"] and block[-1] == "Lê Thị Hồng Nhung"
    recipients = [p.text for p in signature.cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- Thường trực UBND tỉnh (b/c);", "- Phòng Tổng hợp;", "- Lưu: VT, TH."]
    assert doc.core_properties.created.replace(tzinfo=None) == dt.datetime(2026, 3, 25, 12, 0)
    assert doc.core_properties.modified.replace(tzinfo=None) == dt.datetime(2026, 3, 25, 12, 0)
    assert doc.core_properties.title == "Báo cáo tháng 3 năm 2026"


def test_word_layout_is_ready_to_sign(tmp_path):
    """Page numbers from page 2 (a PAGE field in the header, none on the first page), headings kept
    with what follows, table header rows repeated and rows never split, numbers right-aligned,
    rules drawn as borders: no typed «———» anywhere."""
    out = tmp_path / "bao-cao.docx"
    run("report", "monthly", "--month", "2026-03", "--output", str(out), "--register", str(DATA))
    paragraphs, doc = _docx_text(out.read_bytes())
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    xml = doc.element.xml
    assert "———" not in xml and "---" not in "".join(paragraphs)
    assert xml.count("<w:pBdr>") >= 3  # the three rules: issuing body, motto, title
    headings = [p for p in doc.paragraphs if p.text[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert all(p.paragraph_format.keep_with_next for p in headings)
    for table in doc.tables[1:-1]:
        assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml
        assert all("w:cantSplit" in row._tr.xml for row in table.rows)
    agencies = doc.tables[2]
    assert agencies.rows[1].cells[2].paragraphs[0].alignment == 2  # right
    assert agencies.rows[1].cells[0].paragraphs[0].alignment == 1  # STT centred
    assert agencies.columns[0].width.cm >= 1.1  # «STT» fits on one line


def test_default_signature_without_report_signer(tmp_path):
    register_dir = tmp_path / "register"
    shutil.copytree(DATA, register_dir)
    text = (register_dir / "register.yaml").read_text("utf-8")
    (register_dir / "register.yaml").write_text(text.split("report_symbol")[0], "utf-8")
    out = tmp_path / "bao-cao.docx"
    run("report", "monthly", "--month", "2026-03", "--output", str(out), "--register", str(register_dir))
    _, doc = _docx_text(out.read_bytes())
    assert doc.tables[0].cell(1, 0).text == "Số:        /BC-VPUBND"  # the default symbol
    assert doc.tables[-1].cell(0, 1).paragraphs[0].text == "TL. CHÁNH VĂN PHÒNG"


# ---------------------------------------------------------------- refusals


def test_unknown_monitor_and_bad_month_are_usage_errors():
    result = run("report", "monthly", "--month", "2026-03", "--monitor", "STC", "--register", str(DATA))
    assert result.exit_code == 2 and "không phải một phòng thuộc Văn phòng" in result.stderr
    assert "TH, KGVX" in result.stderr
    result = run("report", "monthly", "--month", "03/2026", "--register", str(DATA))
    assert result.exit_code == 2 and "tháng không hợp lệ" in result.stderr


def test_register_with_errors_gives_no_report(tmp_path):
    register_dir = tmp_path / "register"
    shutil.copytree(DATA, register_dir)
    (register_dir / "documents" / "2026" / "14-CT-UBND.yaml").write_text("number: [\n", "utf-8")
    result = run("report", "monthly", "--month", "2026-03", "--register", str(register_dir))
    assert result.exit_code == 1
    assert "14-CT-UBND.yaml" in result.stderr and "chưa lập được báo cáo" in result.stderr
    assert result.stdout == ""


def test_missing_register_directory(tmp_path):
    result = run("report", "monthly", "--month", "2026-03", "--register", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "không tìm thấy thư mục sổ theo dõi" in result.stderr.lower()


def test_output_dir_writes_all_three_formats(tmp_path):
    out = tmp_path / "bao-cao"
    result = run(
        "report", "monthly", "--month", "2026-03", "--monitor", "th", "--output-dir", str(out), "--register", str(DATA)
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "bao-cao-2026-03-TH.docx",
        "bao-cao-2026-03-TH.md",
        "bao-cao-2026-03-TH.xlsx",
    ]
    assert "Phòng Tổng hợp theo dõi" in (out / "bao-cao-2026-03-TH.md").read_text("utf-8")
    assert load_workbook(out / "bao-cao-2026-03-TH.xlsx")["Nhiệm vụ"].max_row == 13  # title, header + 6 TH tasks
    assert Document(str(out / "bao-cao-2026-03-TH.docx")).paragraphs
    result = run(
        "report", "monthly", "--month", "2026-03", "--output-dir", str(out), "--output", "x.md", "--register", str(DATA)
    )
    assert result.exit_code == 2


def test_readme_command_on_the_shipped_register(tmp_path):
    """The README's one command: the shipped register's monthly report in md, xlsx and docx."""
    import subprocess
    import sys

    repo = REPO
    out = tmp_path / "bao-cao"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from generator.cli import run; run()",
            "report",
            "monthly",
            "--month",
            "2026-11",
            "--output-dir",
            str(out),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["bao-cao-2026-11.docx", "bao-cao-2026-11.md", "bao-cao-2026-11.xlsx"]
    text = (out / "bao-cao-2026-11.md").read_text("utf-8")
    assert "số liệu tính đến ngày 25/11/2026" in text and "Dữ liệu mẫu" in text
    wb = load_workbook(out / "bao-cao-2026-11.xlsx")
    total = next(r for r in wb["Tổng hợp"].iter_rows(min_row=8, values_only=True) if r[2] == "Tổng cộng")
    assert wb["Nhiệm vụ"].max_row - 7 == total[3] + total[-2]  # every counted and cancelled task listed
    paragraphs = [p.text for p in Document(str(out / "bao-cao-2026-11.docx")).paragraphs]
    assert "DỮ LIỆU MẪU — không phải số liệu thật" in paragraphs
