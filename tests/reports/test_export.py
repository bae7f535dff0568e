"""`nhiemvu export --format json|csv`: the contract's fields, Excel-friendly CSV, no injection."""

from __future__ import annotations

import csv
import io
import json

import pytest
from registerkit import DATA, make_register, run_cli, tree_digest

CONTRACT = [
    "id",
    "document",
    "content",
    "assignee",
    "monitor",
    "classification",
    "deadline_in_force",
    "status",
    "timeliness",
    "completed",
]


@pytest.fixture
def register(tmp_path):
    make_register(tmp_path, overlays=[DATA / "rules/extension-date/pass"], git_repo=False)
    return tmp_path


def export(root, fmt, *extra):
    result = run_cli(["export", "--register", "register", "--as-of", "2026-05-01", "--format", fmt, *extra], cwd=root)
    return result


def test_json_object_with_the_contract_fields(register):
    result = export(register, "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["as_of", "tasks"] and data["as_of"] == "2026-05-01"
    tasks = {t["id"]: t for t in data["tasks"]}
    assert list(tasks) == ["2026/12-CT-UBND#1", "2026/45-QD-UBND#1", "2026/45-QD-UBND#2"]
    for task in data["tasks"]:
        assert list(task)[: len(CONTRACT)] == CONTRACT
    assert {k: tasks["2026/45-QD-UBND#1"][k] for k in CONTRACT} == {
        "id": "2026/45-QD-UBND#1",
        "document": "45/QĐ-UBND",
        "content": "Rà soát, báo cáo tình hình giải ngân vốn đầu tư công.",
        "assignee": "STC",
        "monitor": "TH",
        "classification": "QC45_a",
        "deadline_in_force": "2026-04-15",
        "status": "done",
        "timeliness": "on_time",
        "completed": "2026-04-10",
    }
    extended = tasks["2026/12-CT-UBND#1"]
    assert (extended["deadline_in_force"], extended["status"], extended["timeliness"], extended["completed"]) == (
        "2026-05-30",
        "in_progress",
        "on_time",
        None,
    )
    assert tasks["2026/45-QD-UBND#2"]["deadline_in_force"] is None
    assert tasks["2026/45-QD-UBND#2"]["timeliness"] == "no_deadline"
    assert "\\u" not in result.stdout  # Vietnamese as UTF-8 text


def test_csv_has_a_bom_and_round_trips(register):
    result = export(register, "csv")
    assert result.exit_code == 0
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0])[: len(CONTRACT)] == CONTRACT
    first = next(r for r in rows if r["id"] == "2026/45-QD-UBND#1")
    assert first["content"] == "Rà soát, báo cáo tình hình giải ngân vốn đầu tư công."
    assert first["coordinators"] == "SNV" and first["completed"] == "2026-04-10"
    assert next(r for r in rows if r["id"] == "2026/45-QD-UBND#2")["deadline_in_force"] == ""
    # Same tasks as the JSON view.
    as_json = json.loads(export(register, "json").stdout)["tasks"]
    assert [r["id"] for r in rows] == [t["id"] for t in as_json]


def test_formula_looking_cells_are_neutralised(register):
    doc = register / "register/documents/2026/12-CT-UBND.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "content: Xây dựng kế hoạch cải cách hành chính năm 2026.", 'content: \'=HYPERLINK("http://x","bấm")\''
        ),
        encoding="utf-8",
    )
    rows = list(csv.DictReader(io.StringIO(export(register, "csv").stdout_bytes.decode("utf-8-sig"))))
    cell = next(r for r in rows if r["id"] == "2026/12-CT-UBND#1")["content"]
    assert cell.startswith("'=") and "bấm" in cell
    # JSON keeps the text as typed: it is data, not a spreadsheet.
    tasks = json.loads(export(register, "json").stdout)["tasks"]
    assert next(t for t in tasks if t["id"] == "2026/12-CT-UBND#1")["content"].startswith("=HYPERLINK")


def test_output_file_and_nothing_else_changes(register):
    before = tree_digest(register / "register")
    out = register / "tasks.csv"
    result = export(register, "csv", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert tree_digest(register / "register") == before
    assert not (register / "tasks.csv.tmp").exists()


def test_same_register_same_bytes(register):
    assert export(register, "json").stdout_bytes == export(register, "json").stdout_bytes
    assert export(register, "csv").stdout_bytes == export(register, "csv").stdout_bytes


def test_register_with_errors_is_not_exported(tmp_path):
    make_register(tmp_path, overlays=[DATA / "rules/unknown-agency/fail"], git_repo=False)
    result = export(tmp_path, "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "[unknown-agency]" in result.stderr and "không xuất dữ liệu" in result.stderr


@pytest.mark.parametrize("args", [["--format", "xlsx"], []])
def test_wrong_usage(register, args):
    result = run_cli(["export", "--register", "register", *args], cwd=register)
    assert result.exit_code == 2 and "Traceback" not in result.output
