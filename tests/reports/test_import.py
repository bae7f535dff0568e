"""`nhiemvu import`: the register an Office kept in Excel (tests/data/paperwork/import/, made by
tests/data/paperwork/make_files.py, whose EXPECTED says what becomes of every row) into a
register that has its agencies and signers but no documents yet."""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from registerkit import DATA, REPO, run_cli, tree_digest

from generator.register.edit import MODELINE, _scalar, render_document
from generator.register.yamlsrc import parse_yaml

HERE = DATA / "paperwork" / "import"
XLSX = HERE / "so-theo-doi-2017.xlsx"
CSV = HERE / "so-theo-doi-2017.csv"
AS_OF = "2018-03-01"
spec = importlib.util.spec_from_file_location("make_files", HERE.parent / "make_files.py")
files = importlib.util.module_from_spec(spec)
spec.loader.exec_module(files)
WRITTEN = sorted(
    {f"documents/{key.split('/')[0]}/{key.split('/')[1]}.yaml" for key, _ in files.EXPECTED["imported"].values()}
)


@pytest.fixture
def register(tmp_path):
    target = tmp_path / "register"
    shutil.copytree(HERE / "register", target)
    return target


def do_import(register, source=XLSX, *more):
    return run_cli(["import", str(source), "--register", str(register), "--as-of", AS_OF, *more])


def outcomes(stdout: str) -> dict[str, set[int]]:
    """Row numbers per section of the summary the command prints."""
    found: dict[str, set[int]] = {"skipped": set(), "refused": set()}
    section = None
    for line in stdout.splitlines():
        if line.startswith("Dòng bỏ qua"):
            section = "skipped"
        elif line.startswith("Dòng cần xử lý"):
            section = "refused"
        elif section and line.startswith("  dòng "):
            found[section].add(int(line.split()[1].rstrip(":")))
    return found


def documents(register) -> dict[str, str]:
    root = register / "documents"
    return {p.relative_to(register).as_posix(): p.read_text("utf-8") for p in sorted(root.rglob("*.yaml"))}


def test_every_row_is_accounted_for(register):
    result = do_import(register)
    assert result.exit_code == 1, result.output  # some rows need a person: said, with row numbers
    assert "6 dòng cần xử lý chưa được nhập" in result.stderr
    found = outcomes(result.stdout)
    assert found["refused"] == files.EXPECTED["refused"]
    assert found["skipped"] == files.EXPECTED["skipped"]
    assert "32 dòng = 11 dòng nhập mới + 0 đã có + 15 bỏ qua + 6 cần xử lý." in result.stdout
    assert sorted(documents(register)) == WRITTEN
    # every non-empty row of the sheet is in exactly one of the three
    from openpyxl import load_workbook

    ws = load_workbook(XLSX)["Sổ theo dõi 2017"]
    filled = {r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r])}
    imported = set(files.EXPECTED["imported"])
    assert filled == imported | found["refused"] | found["skipped"]
    assert not (imported & found["refused"]) and not (imported & found["skipped"])


def test_each_refusal_says_why(register):
    lines = {
        int(line.split()[1].rstrip(":")): line
        for line in do_import(register).stdout.splitlines()
        if line.startswith("  dòng ")
    }
    assert "«UBND các huyện, thị xã, thành phố» không có trong danh sách" in lines[22] and "aliases:" in lines[22]
    assert "còn dòng 22 cần xử lý" in lines[21]  # nothing is written for a document with a row left
    assert "«Quý IV/2017» không phải một ngày" in lines[23]
    assert "phân loại «QC45» không đọc được" in lines[24]
    assert "«Nguyễn Văn Không Có» không có trong signers.yaml" in lines[25]
    assert "không có ngày hoàn thành" in lines[26]
    assert "dòng tiêu đề nhóm: cơ quan chủ trì STC" in lines[9]


def test_the_files_are_written_as_the_contract_says_and_pass_check(register):
    do_import(register)
    written = documents(register)
    for rel, text in written.items():
        assert text.startswith(MODELINE)
        value, _, problems = parse_yaml(text.encode("utf-8"), rel)
        assert not problems and render_document(value) == text  # the shipped files' layout
    check = run_cli(["check", "--register", str(register), "--as-of", AS_OF, "--format", "json"])
    assert check.exit_code in (0, 3), check.output  # 3: old overdue tasks without a reason (warnings)
    assert not [p for p in json.loads(check.stdout)["problems"] if p["severity"] == "error"]

    doc = yaml.safe_load(written["documents/2017/419-VPUBND-HCTC.yaml"])
    assert (doc["number"], str(doc["issued"]), doc["signer"]) == ("419/VPUBND-HCTC", "2017-09-08", "PCVP_2017")
    first, second, third = doc["tasks"]  # number, date, title and signer merged down over three rows
    assert (first["monitor"], first["classification"], str(first["deadline"])) == ("HCTC", "QC45_a", "2017-10-31")
    # the note only cited the report: its number is the entry's `report`
    assert first["progress"] == [{"date": yaml.safe_load("2017-10-25"), "status": "done", "report": "90/TTr-VPUBND"}]
    assert "deadline" not in second and second["classification"] == "QC45_d"  # «Thường xuyên»
    assert second["progress"][0]["status"] == "in_progress" and str(second["progress"][0]["date"]) == AS_OF
    assert "deadline" not in third and third["progress"][0]["report"] == "326/BC-VPUBND"  # «Hằng quý»
    assert str(third["progress"][0]["date"]) == "2017-12-29"  # the date in the status text

    doc = yaml.safe_load(written["documents/2017/14-CT-UBND.yaml"])
    assert doc["signer"] == "CT"  # «Chủ tịch UBND tỉnh»: the one chairman in office that day
    one, two = doc["tasks"]
    assert one["assignee"] == "STC"  # from the group row «I. SỞ TÀI CHÍNH»
    assert one["progress"][0]["report"] == "88/BC-STC" and "note" not in one["progress"][0]
    assert str(one["progress"][0]["date"]) == "2017-11-24"  # «ngày 24 tháng 11 năm 2017»
    assert (two["assignee"], two["coordinators"], two["classification"]) == ("STC", ["SKHDT"], "QC45_b")  # «Sở TC»

    doc = yaml.safe_load(written["documents/2017/1855-QD-UBND.yaml"])
    assert doc["number"] == "1855/QĐ-UBND" and doc["signer"] == "PCT2"  # QD → QĐ; «PCT Võ Văn Cảnh»
    assert [t["coordinators"] for t in doc["tasks"]] == [["SKHDT", "SXD"], ["TTR"]]
    assert doc["tasks"][0]["progress"] == [] and doc["tasks"][0]["monitor"] == "TH"  # «P.TH»
    doc = yaml.safe_load(written["documents/2017/05-QD-UBND.yaml"])
    assert doc["number"] == "05/QĐ-UBND" and doc["tasks"][0]["assignee"] == "UBND_BMT"  # «Ủy ban nhân dân thành phố…»
    assert yaml.safe_load(written["documents/2016/45-2016-QD-UBND.yaml"])["number"] == "45/2016/QĐ-UBND"
    doc = yaml.safe_load(written["documents/2017/202-TB-VPUBND.yaml"])
    assert [t["assignee"] for t in doc["tasks"]] == ["SYT", "STC"]  # the document's row, its tasks below


def test_dry_run_writes_nothing(register):
    before = tree_digest(register)
    result = do_import(register, XLSX, "--dry-run")
    assert tree_digest(register) == before
    assert "--- documents/2017/419-VPUBND-HCTC.yaml (sẽ ghi) ---" in result.stdout
    assert "Sẽ ghi 6 văn bản mới (11 nhiệm vụ)" in result.stdout


def test_importing_again_changes_nothing(register):
    do_import(register)
    before = tree_digest(register)
    again = run_cli(["import", str(XLSX), "--register", str(register), "--as-of", "2018-04-15"])  # another day
    assert tree_digest(register) == before
    assert "6 văn bản đã có trong sổ, giống bảng: không ghi lại." in again.stdout
    assert "11 đã có" in again.stdout


def test_csv_gives_the_same_documents(register, tmp_path):
    do_import(register)
    other = tmp_path / "csv" / "register"
    shutil.copytree(HERE / "register", other)
    result = do_import(other, CSV)
    assert outcomes(result.stdout)["refused"] == files.EXPECTED["refused"]
    assert documents(other) == documents(register)


def test_windows_1258_csv_is_refused_with_the_hint(register):
    before = tree_digest(register)
    result = do_import(register, HERE / "so-theo-doi-cp1258.csv")
    assert result.exit_code == 1 and "Windows-1258" in result.stderr and "CSV UTF-8" in result.stderr
    assert tree_digest(register) == before


def test_an_existing_document_is_never_overwritten(register):
    do_import(register)
    path = register / "documents" / "2017" / "14-CT-UBND.yaml"
    edited = path.read_text("utf-8").replace("deadline: 2017-11-30", "deadline: 2017-12-15")
    path.write_text(edited, "utf-8")
    result = do_import(register)
    assert path.read_text("utf-8") == edited
    assert "1 văn bản đã có trong sổ nhưng khác bảng (không ghi đè):" in result.stdout
    assert "nhiệm vụ 2, thời hạn: sổ ghi «15/12/2017», bảng ghi «30/11/2017»" in result.stdout


def test_what_the_checker_refuses_is_not_written(register, tmp_path):
    """Names that map to a code valid another year: the checker's error, on the row it comes from."""
    source = tmp_path / "so.csv"
    source.write_text(
        "Số, ký hiệu;Ngày ban hành;Trích yếu;Người ký;Nội dung nhiệm vụ;Cơ quan chủ trì;Phòng theo dõi;"
        "Phân loại;Thời hạn\n"
        "15/CT-UBND;02/10/2017;Về việc thử;Phạm Ngọc Nghị;Nhiệm vụ một.;Sở Tài chính;TH;QC45_b;30/11/2017\n"
        ";;;;Nhiệm vụ hai.;Sở Nông nghiệp và Môi trường;TH;QC45_b;30/11/2017\n",
        encoding="utf-8",
    )
    result = do_import(register, source)
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("  dòng 3:"))
    assert "SNNMT" in line and "01/03/2025" in line  # agency-not-valid, from the checker
    assert not (register / "documents" / "2017" / "15-CT-UBND.yaml").exists()


def test_no_progress_bar_in_a_pipe(register):
    result = do_import(register)
    assert "Đọc các dòng" not in result.stderr


def test_a_progress_bar_on_a_terminal(register):
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "import", str(XLSX), "--register", str(register), "--as-of", AS_OF],
            stdout=subprocess.PIPE,
            stderr=slave,
            cwd=REPO,
            timeout=120,
            env={**os.environ, "COLUMNS": "100"},
            check=False,
        )
        os.close(slave)
        slave = None
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert done.returncode == 1
    assert "Đọc các dòng" in shown.decode("utf-8", "replace")


def test_aliases_are_part_of_the_agencies_schema(tmp_path):
    target = tmp_path / "register"
    shutil.copytree(HERE / "register", target)
    path = target / "agencies.yaml"
    path.write_text(path.read_text("utf-8").replace("aliases: [Sở TC, Sở Tài chánh]", "aliases: Sở TC"), "utf-8")
    result = run_cli(["check", "--register", str(target), "--as-of", AS_OF, "--format", "json"])
    problems = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1 and any(
        p["code"] == "wrong-type" and p["file"].endswith("agencies.yaml") for p in problems
    )


def test_render_document_writes_every_shipped_file_as_it_is():
    for path in sorted((REPO / "register" / "documents").rglob("*.yaml")):
        text = path.read_text("utf-8")
        value, _, _ = parse_yaml(text.encode("utf-8"), path.name)
        assert render_document(value) == text, path


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_the_fast_yaml_scalar_is_what_pyyaml_writes(text):
    slow = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=1_000_000)
    assert _scalar(text) == slow.removesuffix("\n").removesuffix("\n...").strip()
