"""generator.load: a register directory (or a Git tree's files) → model objects and problems.

The refusals of the issue are run through the real command: each broken file of
tests/data/loader/ becomes documents/2017/419-VPUBND-HCTC.yaml of a register, and
`nhiemvu check` must name its own code, the file and the line, exit 1, and never print a
traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from registerkit import DATA, make_register, run_cli, run_nhiemvu

from generator.register.load import load_register, load_register_files

LOADER = DATA / "loader"
DOC = "register/documents/2017/419-VPUBND-HCTC.yaml"


def register_with(tmp_path: Path, name: str | None = None, data: bytes | None = None) -> Path:
    register = make_register(tmp_path, git_repo=False)
    target = tmp_path / DOC
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data if data is not None else (LOADER / name).read_bytes())
    return register


def check_json(tmp_path: Path, *extra: str):
    result = run_cli(
        ["check", "--register", "register", "--as-of", "2026-05-01", "--format", "json", *extra], cwd=tmp_path
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def test_base_register_loads_completely(base_register):
    register, problems = load_register(base_register)
    assert problems == []
    assert set(register.agencies) == {"STC", "SNV", "SKHDT", "XA_HOA_PHU", "TH", "KT"}
    assert register.agencies["SKHDT"].valid_to == dt.date(2025, 6, 30)
    assert register.agencies["TH"].kind == "office_division"
    assert register.signers["PCT"].valid_from == dt.date(2025, 7, 1)
    assert [d.date for d in register.calendar.days_off] == [dt.date(2026, 1, 2)]
    assert [d.date for d in register.calendar.working_days] == [dt.date(2026, 1, 10)]
    [doc] = register.documents
    assert doc.file == "register/documents/2026/45-QD-UBND.yaml"
    assert doc.number == "45/QĐ-UBND" and doc.issued == dt.date(2026, 3, 2)
    assert [t.global_id for t in doc.tasks] == ["2026/45-QD-UBND#1", "2026/45-QD-UBND#2"]
    first = doc.tasks[0]
    assert first.coordinators == ["SNV"] and first.line == 9
    assert first.progress[0].report == "88/BC-STC" and first.progress[0].line == 17
    assert register.repo_root == base_register.parent.resolve()


def test_problem_files_are_relative_to_the_git_top_level(tmp_path):
    """A register below the top level of its repository is named from the top level."""
    from registerkit import git

    repo = tmp_path / "kho"
    register = make_register(repo / "du-lieu", git_repo=False)
    git(repo, "init", "-q")
    (register / "agencies.yaml").write_text("- code: stc\n  name: Sở Tài chính\n  kind: department\n", encoding="utf-8")
    _reg, problems = load_register(register)
    assert {p.file for p in problems} == {"du-lieu/register/agencies.yaml"}
    # Run from anywhere: same names.
    result = run_cli(["check", "--register", str(register), "--format", "json"], cwd=tmp_path)
    assert {p["file"] for p in json.loads(result.stdout)["problems"] if p["code"] == "bad-format"} == {
        "du-lieu/register/agencies.yaml"
    }


def test_files_from_a_mapping_load_like_files_from_a_directory(base_register):
    files = {
        p.relative_to(base_register.parent).as_posix(): p.read_bytes() for p in sorted(base_register.rglob("*.yaml"))
    }
    from_dir, p1 = load_register(base_register)
    from_map, p2 = load_register_files(files)
    assert p1 == p2 == []
    assert from_dir.agencies == from_map.agencies and from_dir.signers == from_map.signers
    assert [(d.number, d.file, [t.id for t in d.tasks]) for d in from_dir.documents] == [
        (d.number, d.file, [t.id for t in d.tasks]) for d in from_map.documents
    ]


def test_paths_that_leave_the_register_are_ignored():
    files = {
        p.relative_to(DATA / "base").as_posix(): p.read_bytes()
        for p in sorted((DATA / "base" / "register").rglob("*.yaml"))
    }
    files["register/documents/2026/../../../etc/x.yaml"] = b"number: 1/CT-UBND\n"
    files["/register/documents/2026/y.yaml"] = b"number: 2/CT-UBND\n"
    register, problems = load_register_files(files)
    assert problems == [] and len(register.documents) == 1


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("syntax-error.yaml", "yaml-syntax", 13),
        ("duplicate-key.yaml", "duplicate-key", 20),
        ("windows-1258.yaml", "not-utf8", 2),
        ("bom.yaml", "bom", 1),
        ("utf16.yaml", "bom", 1),
        ("tab-indent.yaml", "tab-indent", 21),
        ("anchor-alias.yaml", "anchor-alias", 11),
        ("billion-laughs.yaml", "anchor-alias", 2),
        ("invalid-date.yaml", "invalid-date", 19),
        ("dmy-date.yaml", "date-format", 3),
        ("unknown-key.yaml", "unknown-key", 19),
        ("wrong-types.yaml", "wrong-type", 3),
    ],
)
def test_each_refusal_through_the_command(tmp_path, name, code, line):
    register_with(tmp_path, name)
    exit_code, problems = check_json(tmp_path)
    assert exit_code == 1
    assert (code, DOC, line) in {(p["code"], p["file"], p["line"]) for p in problems}
    for p in problems:
        assert p["message"] and p["hint"], p


def test_unknown_key_suggests_deadline(tmp_path):
    register_with(tmp_path, "unknown-key.yaml")
    _exit, problems = check_json(tmp_path)
    [found] = [p for p in problems if p["code"] == "unknown-key"]
    assert "dealine" in found["message"]
    assert "deadline" in found["hint"] and "Có phải ý bạn là" in found["hint"]


def test_day_month_year_date_gets_the_iso_hint(tmp_path):
    register_with(tmp_path, "dmy-date.yaml")
    _exit, problems = check_json(tmp_path)
    [found] = [p for p in problems if p["code"] == "date-format"]
    assert "08/9/2017" in found["message"] and "2017-09-08" in found["hint"]


def test_date_that_does_not_exist(tmp_path):
    register_with(tmp_path, "invalid-date.yaml")
    _exit, problems = check_json(tmp_path)
    found = [(p["line"], p["column"]) for p in problems if p["code"] == "invalid-date"]
    assert found == [(19, 15), (21, 15)]
    # Reported once: no second "wrong type" for the same value.
    assert [p for p in problems if p["line"] in (19, 21) and p["code"] != "invalid-date"] == []


def test_wrong_types_each_at_their_line(tmp_path):
    register_with(tmp_path, "wrong-types.yaml")
    _exit, problems = check_json(tmp_path)
    wrong = {(p["line"], p["column"]): p for p in problems if p["code"] == "wrong-type"}
    assert set(wrong) == {(3, 9), (13, 9), (16, 19)}
    assert "2017-09-08" in wrong[(3, 9)]["hint"]  # a date with a time: write the date alone


def test_a_broken_task_leaves_the_rest_of_the_document(tmp_path):
    register = register_with(tmp_path, "unknown-key.yaml")
    reg, _problems = load_register(register)
    doc = next(d for d in reg.documents if d.number == "419/VPUBND-HCTC")
    assert [t.id for t in doc.tasks] == [1]


def test_file_over_one_megabyte(tmp_path):
    data = (LOADER / "valid-419.yaml").read_bytes()
    register_with(tmp_path, data=data + b"# " + b"x" * 1_000_000 + b"\n")
    exit_code, problems = check_json(tmp_path)
    assert exit_code == 1
    assert [(p["code"], p["file"]) for p in problems] == [("file-too-large", DOC)]


def test_refusals_in_the_installed_command_print_no_traceback(tmp_path):
    register_with(tmp_path, "billion-laughs.yaml")
    done = run_nhiemvu(["check", "--register", "register", "--as-of", "2026-05-01"], cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "[anchor-alias]" in done.stdout and "419-VPUBND-HCTC.yaml:2:7" in done.stdout


@pytest.mark.parametrize("name", ["agencies.yaml", "signers.yaml", "calendar.yaml", "register.yaml"])
@pytest.mark.parametrize("content", ["Sở Tài chính\n", "!ghichu x\n", "2026-02-30\n", "- 1\n- [a]\n", "42\n"])
def test_settings_file_of_the_wrong_shape_is_an_error_not_a_crash(tmp_path, name, content):
    """Regression: agencies.yaml holding a word instead of a list used to raise TypeError."""
    register = make_register(tmp_path, git_repo=False)
    (register / name).write_text(content, encoding="utf-8")
    exit_code, problems = check_json(tmp_path)
    assert exit_code == 1
    assert any(p["file"] == f"register/{name}" and p["severity"] == "error" for p in problems)


def test_empty_files(tmp_path):
    register = make_register(tmp_path, git_repo=False)
    (register / "calendar.yaml").write_text("", encoding="utf-8")
    (register / "documents/2026/45-QD-UBND.yaml").write_text("# chưa nhập\n", encoding="utf-8")
    exit_code, problems = check_json(tmp_path)
    codes = {(p["file"], p["code"]) for p in problems}
    assert ("register/documents/2026/45-QD-UBND.yaml", "missing-value") in codes
    assert exit_code == 1


def test_duplicate_agency_code_keeps_the_first(tmp_path):
    register = make_register(tmp_path, overlays=[DATA / "rules/duplicate-code/fail"], git_repo=False)
    reg, problems = load_register(register)
    assert reg.agencies["STC"].name == "Sở Tài chính"
    assert [(p.code, p.line) for p in problems] == [("duplicate-code", 21)]


def test_symlinked_directory_is_refused_and_not_followed(tmp_path):
    register = make_register(tmp_path / "repo", git_repo=False)
    outside = tmp_path / "ngoai"
    shutil.copytree(DATA / "rules/unknown-signer/fail/register/documents", outside)
    (register / "documents" / "2027").symlink_to(outside / "2026", target_is_directory=True)
    reg, problems = load_register(register)
    assert [(p.code, p.file) for p in problems] == [("symlink", "register/documents/2027")]
    assert [d.number for d in reg.documents] == ["45/QĐ-UBND"]


def test_missing_register_directory(tmp_path):
    _reg, problems = load_register(tmp_path / "khong-co", repo_root=tmp_path)
    assert [(p.code, p.file) for p in problems] == [("no-register", "khong-co")]
    result = run_cli(["check", "--register", "khong-co"], cwd=tmp_path)
    assert result.exit_code == 2 and "khong-co" in result.stderr and result.stdout == ""
