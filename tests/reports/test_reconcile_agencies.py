"""Reconcile as agencies really write (tests/data/paperwork/reconcile/, made by
tests/data/paperwork/make_files.py), the form sent to an agency read back exactly (the shipped
register exported, filled in here, reconciled with no row unmatched), `--format json` as the
issue specifies it, and `--apply`."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from registerkit import DATA, REPO, run_cli, tree_digest

from generator.register.load import load_register
from generator.register.status import compute_states
from generator.reports.form import CHOICES, HEADER_ROW

HERE = DATA / "paperwork"
REGISTER = HERE / "reconcile" / "register"
AS_OF = "2026-11-25"
spec = importlib.util.spec_from_file_location("make_files", HERE / "make_files.py")
files = importlib.util.module_from_spec(spec)
spec.loader.exec_module(files)


def as_json(path, register=REGISTER, agency="STC"):
    result = run_cli(
        ["reconcile", str(path), "--agency", agency, "--register", str(register), "--as-of", AS_OF, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result


def test_committed_files_are_what_the_script_makes(tmp_path):
    files.main(tmp_path)
    for made in sorted(tmp_path.rglob("*.*")):
        assert made.read_bytes() == (HERE / made.relative_to(tmp_path)).read_bytes(), made.name


def test_an_agency_in_its_own_words():
    """Numbers with prefixes and dates, QD for QĐ, spaces around /, shortened and reworded
    contents, a number held in 2025 and 2026, a task of another agency, a duplicate."""
    data, _ = as_json(HERE / "reconcile" / "stc-tu-viet.xlsx")
    found = {r["row"]: (r["finding"], r["task"]) for r in data["rows"]}
    assert found == files.EXPECTED_REPLY
    by_row = {r["row"]: r for r in data["rows"]}
    assert by_row[15]["suggestions"] == ["2026/86-QD-UBND#1", "2026/86-QD-UBND#2"]
    assert "có phải là 86/QĐ-UBND (2026) #1, 86/QĐ-UBND (2026) #2?" in by_row[15]["reason"]
    assert "999/UBND-TH" in by_row[17]["reason"]
    # a task the agency named only as a suggestion is not listed again as not mentioned
    assert data["not_mentioned"] == []


def test_json_is_exactly_the_specified_object():
    data, _ = as_json(HERE / "reconcile" / "stc-tu-viet.xlsx")
    assert list(data) == ["agency", "rows", "not_mentioned"] and data["agency"] == "STC"
    for row in data["rows"]:
        assert list(row) == ["row", "task", "finding", "suggestions", "reason"]
        assert isinstance(row["row"], int) and isinstance(row["suggestions"], list) and row["reason"]
        assert row["finding"] in {
            "agrees",
            "status_differs",
            "date_differs",
            "not_found",
            "other_agency",
            "duplicate",
            "cancelled",
            "unreadable",
        }
    # titles, headers, column numbers, totals and signatures are skipped, not listed as unreadable
    assert {r["row"] for r in data["rows"]} == set(range(7, 19))


def test_tick_boxes():
    data, _ = as_json(HERE / "reconcile" / "stc-danh-dau.xlsx")
    found = {r["row"]: (r["finding"], r["task"]) for r in data["rows"]}
    assert found == files.EXPECTED_TICKS
    by_row = {r["row"]: r for r in data["rows"]}
    assert by_row[9]["suggestions"] == ["2025/05-CT-UBND#1", "2026/05-CT-UBND#1"]
    assert "nhiều năm (2025, 2026)" in by_row[9]["reason"]
    assert "nhiều ô" in by_row[10]["reason"] and "thiếu tình trạng" in by_row[11]["reason"]
    # rows that name a task, even unreadable ones, keep it out of not_mentioned
    assert "2025/1855-QD-UBND#3" not in data["not_mentioned"] and "2026/86-QD-UBND#2" not in data["not_mentioned"]


def test_windows_1258_is_diagnosed():
    data, result = as_json(HERE / "reconcile" / "stc-1258.csv")
    assert data["rows"] == [
        {
            "row": 2,
            "task": "2026/7185-UBND-TH#1",
            "finding": "agrees",
            "suggestions": [],
            "reason": "Cùng ghi «Đã thực hiện».",
        }
    ]
    assert "Windows-1258" in result.stderr and "CSV UTF-8" in result.stderr


# ---------------------------------------------------------------- the form


@pytest.fixture
def shipped(tmp_path):
    """A copy of the shipped register (as sample data it may change: tests read it, never pin it)."""
    target = tmp_path / "register"
    shutil.copytree(REPO / "register", target)
    return target


def make_form(register_dir, tmp_path, agency="STC", month="2026-11"):
    out = tmp_path / f"phieu-{agency}.xlsx"
    result = run_cli(
        ["report", "form", "--agency", agency, "--month", month, "--register", str(register_dir), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def fill(path, out, choose):
    """The agency fills its columns (status, completion date, report number, difficulties)."""
    wb = load_workbook(path)
    ws = wb["Báo cáo"]
    for r in range(HEADER_ROW + 2, ws.max_row + 1):
        task = ws.cell(row=r, column=2).value
        if not task:
            continue
        status, date, report, note = choose(task)
        ws.cell(row=r, column=7).value = status
        ws.cell(row=r, column=8).value = date
        ws.cell(row=r, column=9).value = report
        ws.cell(row=r, column=10).value = note
    wb.save(out)
    return out


def test_the_form_is_prefilled_and_protected(shipped, tmp_path):
    path = make_form(shipped, tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Báo cáo", "Hướng dẫn", "nhiemvu"] and wb["nhiemvu"].sheet_state == "veryHidden"
    ws = wb["Báo cáo"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:3] == ["STT", "Mã nhiệm vụ", "Văn bản giao"] and header[6] == "Tình trạng thực hiện"
    register, _ = load_register(shipped)
    states = compute_states(register, dt.date(2026, 11, 25))
    open_tasks = [s.id for s in states if s.task.assignee == "STC" and s.status in ("not_started", "in_progress")]
    ids = [ws.cell(row=r, column=2).value for r in range(HEADER_ROW + 2, ws.max_row + 1)]
    assert ids == open_tasks and ids  # the agency's open tasks, global ids
    documents = [ws.cell(row=r, column=3).value for r in range(HEADER_ROW + 2, ws.max_row + 1)]
    assert all(" ngày " in d for d in documents)  # number with date
    [status, date] = ws.data_validations.dataValidation
    assert status.type == "list" and status.formula1 == '"' + ",".join(CHOICES) + '"'
    assert date.type == "date"
    assert ws.protection.sheet
    assert not ws.cell(row=HEADER_ROW + 2, column=7).protection.locked
    assert ws.cell(row=HEADER_ROW + 2, column=2).protection.locked


def test_the_shipped_register_round_trip(shipped, tmp_path):
    """Export the form, fill every row as an agency would, read it back: every row is matched,
    none is unreadable or not found, no task is left unmentioned, and the findings follow the
    answers given."""
    path = make_form(shipped, tmp_path)

    def choose(task):
        if task.endswith("#1"):
            return "Đã hoàn thành", dt.datetime(2026, 11, 20), "2150/BC-STC", "Đã xong"
        return "Đang thực hiện", None, None, "Chờ hướng dẫn của Bộ"

    filled = fill(path, tmp_path / "da-dien.xlsx", choose)
    data, _ = as_json(filled, shipped)
    assert data["rows"] and data["not_mentioned"] == []
    findings = {r["finding"] for r in data["rows"]}
    assert findings <= {"agrees", "status_differs"}
    for row in data["rows"]:
        assert row["task"] is not None and row["suggestions"] == []
    register, _ = load_register(shipped)
    held = {s.id: s.status for s in compute_states(register, dt.date(2026, 11, 25))}
    for row in data["rows"]:
        expected = "status_differs" if row["task"].endswith("#1") or held[row["task"]] == "not_started" else "agrees"
        assert row["finding"] == expected, row


def test_ids_survive_whatever_the_agency_types(shipped, tmp_path):
    path = make_form(shipped, tmp_path)
    wb = load_workbook(path)
    ws = wb["Báo cáo"]
    for r in range(HEADER_ROW + 2, ws.max_row + 1):
        ws.cell(row=r, column=3).value = "(đã xóa)"  # the pre-filled text overwritten
        ws.cell(row=r, column=4).value = None
        ws.cell(row=r, column=7).value = "Đang thực hiện"
    ws.cell(row=HEADER_ROW, column=7).value = "Kết quả"  # even a header renamed
    wb.save(tmp_path / "sua.xlsx")
    data, _ = as_json(tmp_path / "sua.xlsx", shipped)
    assert all(r["task"] and r["finding"] in ("agrees", "status_differs") for r in data["rows"])


def test_a_form_is_reconciled_as_its_agency(shipped, tmp_path):
    path = make_form(shipped, tmp_path)
    result = run_cli(["reconcile", str(path), "--agency", "SXD", "--register", str(shipped), "--as-of", AS_OF])
    assert result.exit_code == 2 and "lập cho cơ quan STC" in result.stderr and "--agency STC" in result.stderr


# ---------------------------------------------------------------- --apply


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_apply_writes_the_confirmed_differences(shipped, tmp_path):
    root = shipped.parent
    git(root, "init", "-q", "-b", "nhanh-doi-chieu")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.gov.vn", "commit", "-q", "-m", "sổ")
    path = make_form(shipped, tmp_path)

    def choose(task):
        if task == "2026/262-TB-VPUBND#1":
            return "Đã hoàn thành", dt.datetime(2026, 11, 20), "2150/BC-STC", "Đấu giá xong 27/27 cơ sở"
        if task == "2026/113-KH-UBND#2":
            return "Đang thực hiện", None, None, "Đang trình phương án kinh phí"
        if task == "2026/263-KH-UBND#3":
            return "Đã hoàn thành", None, None, None  # no completion date: not applied
        return "Đang thực hiện" if task.startswith("2026/86") else "Chưa thực hiện", None, None, None

    filled = fill(path, tmp_path / "da-dien.xlsx", choose)
    args = ["reconcile", str(filled), "--agency", "STC", "--register", str(shipped), "--as-of", AS_OF, "--apply"]
    result = run_cli(args, cwd=root)
    assert result.exit_code == 0, result.output
    diff = result.stdout
    assert "+++ b/register/documents/2026/262-TB-VPUBND.yaml" in diff
    assert "+      - date: 2026-11-20\n+        status: done\n" in diff
    assert "+        report: 2150/BC-STC\n" in diff
    assert "+        recommendation: Đấu giá xong 27/27 cơ sở\n" in diff
    assert "+      - date: 2026-11-25\n+        status: in_progress\n" in diff  # 113-KH-UBND#2, not started before
    assert "263-KH-UBND" not in diff and "không ghi ngày hoàn thành" in result.stderr
    assert "chưa commit" in result.stderr
    assert git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "nhanh-doi-chieu"  # the current branch
    changed = git(root, "status", "--short", "register").split()
    assert changed == [
        "M",
        "register/documents/2026/113-KH-UBND.yaml",
        "M",
        "register/documents/2026/262-TB-VPUBND.yaml",
    ]
    check = run_cli(["check", "--register", str(shipped), "--as-of", AS_OF, "--format", "json"])
    assert check.exit_code in (0, 3) and not [
        p for p in json.loads(check.stdout)["problems"] if p["severity"] == "error"
    ]
    # applied once: the same form again finds those rows in agreement and writes nothing more
    before = tree_digest(shipped)
    again = run_cli(args, cwd=root)
    assert again.exit_code == 0 and "Đã ghi 0 cập nhật" in again.stderr
    assert tree_digest(shipped) == before


def test_apply_keeps_comments_and_layout(tmp_path):
    from generator.register.edit import append_progress

    text = (
        "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\n"
        "number: 05/CT-UBND\n"
        "tasks:\n"
        "  - id: 1  # nhiệm vụ chính\n"
        "    content: A\n"
        "    progress: []\n"
        "  # ghi chú giữa hai nhiệm vụ\n"
        "  - id: 2\n"
        "    content: B\n"
        "    progress:\n"
        "      - {date: 2026-10-01, status: in_progress}\n"
        "  - id: 3\n"
        "    content: C\n"
        "    progress: [{date: 2026-10-01, status: in_progress}]\n"
    )
    entry = {"date": dt.date(2026, 11, 20), "status": "done", "note": "Theo báo cáo: xong"}
    first = append_progress(text, "x.yaml", 0, [entry])
    assert "  # ghi chú giữa hai nhiệm vụ\n" in first and "  - id: 1  # nhiệm vụ chính\n" in first
    assert (
        "    progress:\n      - date: 2026-11-20\n        status: done\n        note: 'Theo báo cáo: xong'\n" in first
    )
    second = append_progress(text, "x.yaml", 1, [entry])
    # a new entry follows the style of the entries above it (`nhiemvu progress` does the same)
    assert (
        "      - {date: 2026-10-01, status: in_progress}\n"
        "      - {date: 2026-11-20, status: done, note: 'Theo báo cáo: xong'}\n" in second
    )
    assert append_progress(text, "x.yaml", 2, [entry]) is None  # a one-line list is left to a person
