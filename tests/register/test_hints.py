"""Hints that never loop, beyond the one failing case per code of test_rules: the loops clerks met
(a number written «Số 1235/UBND-KT» or in lower case, `git mv` paths of a register that is not at
the repository root), enumerations explained in Vietnamese, recurring deadlines and keys written
at the wrong level. Each hint's edits (`fix`) are applied as a clerk would and the register is
checked again through the real command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hintfix import apply_fixes
from registerkit import DATA, make_register, run_cli

from generator.register.model import fold
from generator.register.problems import Fix
from generator.register.schema import enum_meanings, load_schema

SCHEMAS = ("register", "agencies", "signers", "calendar", "document", "intake")
DOC = """number: {number}
title: Về việc tăng cường công tác cải cách hành chính năm 2026
issued: 2026-03-10
signer: CT
urgency: normal
secrecy: none
tasks:
  - id: 1
    content: Xây dựng kế hoạch cải cách hành chính năm 2026.
    assignee: SNV
    monitor: TH
    classification: {classification}
{task_tail}"""


def check(root: Path, register: str = "register") -> list[dict]:
    result = run_cli(["check", "--register", register, "--as-of", "2026-04-20", "--format", "json"], cwd=root)
    assert result.exit_code in (0, 1, 3), result.output
    return json.loads(result.stdout)["problems"]


def follow(root: Path, found: dict, register: str = "register") -> list[dict]:
    """Apply the hint's edits (checking the hint names each one), then check again."""
    assert found["fix"], found
    for edit in found["fix"]:
        assert Fix(**edit).shown() in found["hint"], (edit, found["hint"])
    apply_fixes(root, found["fix"])
    return check(root, register)


def write_doc(register: Path, rel: str, number: str, classification="QC45_d", task_tail="") -> None:
    path = register / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DOC.format(number=number, classification=classification, task_tail=task_tail), encoding="utf-8")


NUMBERS = {
    "the word Số before it": ("Số 1235/UBND-KT", "1235/UBND-KT"),
    "Số with a colon, quoted": ('"Số: 1235/UBND-KT"', "1235/UBND-KT"),
    "spaces around the slash": ("1235 / UBND-KT", "1235/UBND-KT"),
    "lower case": ("47/qđ-ubnd", "47/QĐ-UBND"),
    "lower case with a leading zero missing": ("số 7/ct-ubnd", "07/CT-UBND"),
    "lower case proposal type": ("12/ttr-stc", "12/TTr-STC"),
    "a zero too many": ("047/QĐ-UBND", "47/QĐ-UBND"),
}


@pytest.mark.parametrize("name", NUMBERS)
def test_number_hint_writes_a_number_that_passes_and_moves_its_file(tmp_path, name):
    """The number, then its file: one hint, and after it neither number-format nor wrong-path."""
    written, expected = NUMBERS[name]
    register = make_register(tmp_path, git_repo=False)
    write_doc(register, "documents/2026/van-ban-moi.yaml", written)
    found = next(p for p in check(tmp_path) if p["code"] == "number-format")
    assert f"Viết {expected}" in found["hint"]
    after = follow(tmp_path, found)
    assert {p["code"] for p in after} & {"number-format", "wrong-path", "doc-type-spelling"} == set(), after
    moved = [f for f in found["fix"] if f["action"] == "move"]
    assert moved and moved[0]["text"].startswith("register/documents/2026/")
    assert f"number: {expected}" in (tmp_path / moved[0]["text"]).read_text(encoding="utf-8")


def test_lower_case_number_never_asks_for_a_lower_case_file_name(tmp_path):
    """Before: wrong-path asked to rename the file to «45-qd-ubnd.yaml», which number-format then
    undid. Now the file name is only ever derived from the corrected number."""
    register = make_register(tmp_path, git_repo=False)
    write_doc(register, "documents/2026/47-QD-UBND-moi.yaml", "47/qđ-ubnd")
    problems = check(tmp_path)
    assert [p["code"] for p in problems if p["file"].endswith("47-QD-UBND-moi.yaml")] == ["number-format"]
    assert not re.search(r"[a-z]-[a-z]+\.yaml", " ".join(p["hint"] for p in problems))


NESTED = "so-theo-doi/register"


def nested(tmp_path: Path) -> tuple[Path, Path]:
    """A register that is not at the repository root: hints name paths from the root."""
    root = tmp_path / "kho"
    make_register(root / "so-theo-doi", git_repo=False)
    (root / ".git").mkdir()  # the repository root, as Git marks it
    return root, root / NESTED


def test_paths_in_hints_are_relative_to_the_repository_root(tmp_path):
    root, register = nested(tmp_path)
    write_doc(register, "documents/2025/12-CT-UBND.yaml", "12/CT-UBND")  # issued 2026
    write_doc(register, "documents/5-CT-UBND.yml", "05/CT-UBND")
    (register / "ghichu.yaml").write_text("ghi: chú\n", encoding="utf-8")
    intake = (DATA / "rules/intake-path/fail/register/intake/2025/12-TTr-STC.yaml").read_text(encoding="utf-8")
    (register / "intake/2025").mkdir(parents=True)
    (register / "intake/2025/12-TTr-STC.yaml").write_text(intake, encoding="utf-8")
    problems = check(root, NESTED)
    wanted = {
        "wrong-path": f"git mv {NESTED}/documents/2025/12-CT-UBND.yaml {NESTED}/documents/2026/12-CT-UBND.yaml",
        "misplaced-file": f"git mv {NESTED}/documents/5-CT-UBND.yml {NESTED}/documents/2026/05-CT-UBND.yaml",
        "unknown-file": f"git mv {NESTED}/ghichu.yaml so-theo-doi/ghichu.yaml",
        "intake-path": f"git mv {NESTED}/intake/2025/12-TTr-STC.yaml {NESTED}/intake/2026/12-TTr-STC.yaml",
    }
    by_code = {p["code"]: p for p in problems}
    for code, command in wanted.items():
        assert command in by_code[code]["hint"], by_code[code]
    for code in wanted:  # run from the repository root, each one ends its problem
        problems = follow(root, next(p for p in check(root, NESTED) if p["code"] == code), NESTED)
        assert code not in {p["code"] for p in problems}
    assert [p for p in problems if p["severity"] == "error"] == []


def test_fix_command_names_a_register_that_is_not_at_the_root(tmp_path):
    root, register = nested(tmp_path)
    write_doc(register, "documents/2026/12-CT-UBND.yaml", "12/CT-UBND")
    doc = register / "documents/2026/12-CT-UBND.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("kế hoạch cải", "kế hoạch  cải"), encoding="utf-8")
    found = next(p for p in check(root, NESTED) if p["code"] == "whitespace")
    assert f"nhiemvu fix --register {NESTED}" in found["hint"]
    assert "whitespace" not in {p["code"] for p in follow(root, found, NESTED)}


def test_every_enumeration_value_has_a_vietnamese_meaning():
    def enums(node):
        if isinstance(node, dict):
            if "enum" in node:
                yield node
            for value in node.values():
                yield from enums(value)
        elif isinstance(node, list):
            for value in node:
                yield from enums(value)

    found = 0
    for kind in SCHEMAS:
        for schema in enums(load_schema(kind)):
            meanings = enum_meanings(schema)
            assert set(meanings) == {str(v) for v in schema["enum"]}, schema
            assert all(m.strip() for m in meanings.values()), meanings
            found += 1
    assert found >= 8


def test_bad_value_says_what_each_value_means_and_finds_it_by_its_meaning(tmp_path):
    register = make_register(tmp_path, git_repo=False)
    write_doc(
        register,
        "documents/2026/12-CT-UBND.yaml",
        "12/CT-UBND",
        task_tail="    progress:\n      - date: 2026-03-20\n        status: đang thực hiện\n",
    )
    found = next(p for p in check(tmp_path) if p["code"] == "bad-value")
    assert "in_progress = đang thực hiện" in found["hint"]
    assert "cancelled = đã hủy" in found["hint"]
    assert "Có phải ý bạn là «in_progress»" in found["hint"]
    assert [p for p in follow(tmp_path, found) if p["severity"] == "error"] == []


@pytest.mark.parametrize("words", ["hằng quý", "Hàng tháng", "thường xuyên", "định kỳ", "hằng năm"])
@pytest.mark.parametrize(("classification", "becomes"), [("QC45_b", "QC45_d"), ("QC42_a", "QC42_c")])
def test_recurring_deadline_becomes_a_task_without_deadline(tmp_path, words, classification, becomes):
    register = make_register(tmp_path, git_repo=False)
    write_doc(register, "documents/2026/12-CT-UBND.yaml", "12/CT-UBND", classification, f"    deadline: {words}\n")
    found = next(p for p in check(tmp_path) if p["code"] == "date-format")
    assert "không có thời hạn" in found["hint"] and "deadline" in found["hint"] and becomes in found["hint"]
    assert "2026-03-25" not in found["hint"]  # never «write a date like …» for a recurrence
    after = follow(tmp_path, found)
    assert [p for p in after if p["severity"] == "error"] == []
    text = (register / "documents/2026/12-CT-UBND.yaml").read_text(encoding="utf-8")
    assert "deadline" not in text and f"classification: {becomes}" in text


@pytest.mark.parametrize("key", ["delay_reason", "note", "report", "status", "recommendation"])
def test_progress_keys_written_at_task_level_are_sent_to_progress(tmp_path, key):
    register = make_register(tmp_path, git_repo=False)
    value = "done" if key == "status" else "Chờ ý kiến của Bộ Tài chính."
    write_doc(register, "documents/2026/12-CT-UBND.yaml", "12/CT-UBND", task_tail=f"    {key}: {value}\n")
    found = next(p for p in check(tmp_path) if p["code"] == "unknown-key")
    assert "thuộc một mục trong «progress»" in found["hint"]
    assert f"{key}: {value}" in found["hint"] and "- {date: YYYY-MM-DD, status:" in found["hint"]


def test_document_key_written_at_task_level_is_sent_to_extensions(tmp_path):
    register = make_register(tmp_path, git_repo=False)
    write_doc(register, "documents/2026/12-CT-UBND.yaml", "12/CT-UBND", task_tail="    document: 520/UBND-TH\n")
    found = next(p for p in check(tmp_path) if p["code"] == "unknown-key")
    assert "thuộc một mục trong «extensions»" in found["hint"]


def test_close_codes_are_found_from_the_name_or_the_initials(tmp_path):
    register = make_register(tmp_path, git_repo=False)
    write_doc(register, "documents/2026/12-CT-UBND.yaml", "12/CT-UBND")
    doc = register / "documents/2026/12-CT-UBND.yaml"
    text = doc.read_text(encoding="utf-8").replace("assignee: SNV", "assignee: SO_TAI_CHINH")
    doc.write_text(text.replace("signer: CT", "signer: CHU_TICH"), encoding="utf-8")
    problems = check(tmp_path)
    for code, wanted in (("unknown-agency", "STC"), ("unknown-signer", "CT")):
        found = next(p for p in problems if p["code"] == code)
        assert found["fix"][0]["text"] == wanted and f"Viết {wanted}" in found["hint"]
    for code in ("unknown-agency", "unknown-signer"):
        problems = follow(tmp_path, next(p for p in check(tmp_path) if p["code"] == code))
    assert [p for p in problems if p["severity"] == "error"] == []


def test_new_gives_the_number_to_run_again_with_not_a_file_to_move(tmp_path):
    make_register(tmp_path, git_repo=False)
    args = ["new", "--register", "register", "--number", "Số 1235/UBND-KT", "--title", "Về việc phòng, chống hạn"]
    args += ["--issued", "2026-03-05", "--signer", "CT", "--content", "Xây dựng phương án."]
    args += ["--assignee", "STC", "--monitor", "TH", "--classification", "QC45_d"]
    result = run_cli(args, cwd=tmp_path)
    assert result.exit_code == 1
    assert "--number 1235/UBND-KT" in result.stderr and "git mv" not in result.stderr
    assert not list((tmp_path / "register/documents").rglob("So-*"))


def test_fold_matches_what_clerks_type():
    assert fold("Đang_thực  hiện") == fold("đang thực hiện") == "dang thuc hien"


def test_duplicate_number_removes_a_copy_and_asks_to_merge_otherwise(tmp_path):
    register = make_register(tmp_path, git_repo=False)
    write_doc(register, "documents/2026/12-CT-UBND.yaml", "12/CT-UBND")
    write_doc(register, "documents/2026/12-CT-UBND-ban-sao.yaml", "12/CT-UBND", "QC45_c")  # not a copy
    found = next(p for p in check(tmp_path) if p["code"] == "duplicate-number")
    assert found["fix"] == [] and "gộp các nhiệm vụ" in found["hint"]
    write_doc(register, "documents/2026/12-CT-UBND-ban-sao.yaml", "12/CT-UBND")  # now a copy
    found = next(p for p in check(tmp_path) if p["code"] == "duplicate-number")
    assert "git rm register/documents/2026/12-CT-UBND-ban-sao.yaml" in found["hint"]
    assert [p for p in follow(tmp_path, found) if p["severity"] == "error"] == []
