"""`nhiemvu new` from options or piped answers (the terminal's questions are in test_cli_tty):
a valid document, never overwriting, nothing written when a value is wrong."""

from __future__ import annotations

import json

import pytest
from registerkit import run_cli, tree_digest

from generator.register.edit import MODELINE

FLAGS = [
    "--number",
    "46/QĐ-UBND",
    "--title",
    "Về việc  phòng, chống thiên tai năm 2026",
    "--issued",
    "2026-03-05",
    "--signer",
    "ct",
    "--content",
    "Xây dựng phương án ứng phó bão.",
    "--assignee",
    "STC",
    "--monitor",
    "TH",
    "--classification",
    "QC45_b",
    "--deadline",
    "2026-06-30",
]
TARGET = "documents/2026/46-QD-UBND.yaml"


def new(register, args, input=None):
    return run_cli(["new", "--register", str(register), *args], cwd=register.parent, input=input)


def test_from_flags_writes_a_file_that_passes_check(base_register):
    result = new(base_register, FLAGS)
    assert result.exit_code == 0, result.output
    path = base_register / TARGET
    text = path.read_text(encoding="utf-8")
    assert text.startswith(MODELINE)
    assert "number: 46/QĐ-UBND\n" in text and "signer: CT\n" in text
    assert "title: Về việc phòng, chống thiên tai năm 2026\n" in text  # doubled space cleaned
    assert "    deadline: 2026-06-30\n" in text
    check = run_cli(
        ["check", "--register", "register", "--as-of", "2026-03-05", "--format", "json"], cwd=base_register.parent
    )
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["summary"]["documents"] == 2


def test_from_prompts(base_register):
    """Answers from a pipe (a script): the questions come in the order a document is read."""
    answers = [
        "47/CT-UBND",  # số, ký hiệu
        "06/3/2026",  # ngày ban hành, as clerks write it
        "Về việc tăng cường kỷ luật hành chính",  # trích yếu
        "CT",  # người ký
        "",  # cơ quan trình: none
        "",  # độ khẩn: the default (thường)
        "Rà soát quy chế làm việc.",
        "Sở Nội vụ",  # a name where a code is asked
        "",  # cơ quan phối hợp: none
        "TH",
        "QC45_d",  # no deadline is asked for class d
        "k",  # no other task
        "c",  # write the file
    ]
    result = new(base_register, [], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    text = (base_register / "documents/2026/47-CT-UBND.yaml").read_text(encoding="utf-8")
    assert "issued: 2026-03-06\n" in text and "assignee: SNV\n" in text
    assert "classification: QC45_d" in text and "deadline" not in text
    assert (
        run_cli(["check", "--register", "register", "--as-of", "2026-03-06"], cwd=base_register.parent).exit_code == 0
    )


def test_writes_no_empty_progress_so_the_guide_instruction_works(base_register):
    """`progress: []` would make the guide's «add progress: under the task» a duplicate key."""
    assert new(base_register, FLAGS).exit_code == 0
    path = base_register / TARGET
    text = path.read_text(encoding="utf-8")
    assert "progress" not in text and "extensions" not in text
    path.write_text(text + "    progress:\n      - date: 2026-03-10\n        status: in_progress\n", encoding="utf-8")
    check = run_cli(["check", "--register", "register", "--as-of", "2026-03-10"], cwd=base_register.parent)
    assert check.exit_code == 0, check.output


def test_vietnamese_dates_and_names_in_options(base_register):
    args = list(FLAGS)
    for option, value in {
        "--issued": "05/3/2026",
        "--deadline": "ngày 30 tháng 6 năm 2026",
        "--signer": "Nguyễn Văn An",
        "--assignee": "sở tài chính",
        "--monitor": "Phòng Tổng hợp",
    }.items():
        args[args.index(option) + 1] = value
    result = new(base_register, [*args, "--coordinators", "Sở Nội vụ"])
    assert result.exit_code == 0, result.output
    text = (base_register / TARGET).read_text(encoding="utf-8")
    for line in ("issued: 2026-03-05", "signer: CT", "assignee: STC", "coordinators: [SNV]", "monitor: TH"):
        assert f"{line}\n" in text
    assert "deadline: 2026-06-30\n" in text
    assert "«sở tài chính» → STC · Sở Tài chính" in result.stderr


def test_a_name_matching_several_codes_is_refused_with_the_candidates(base_register):
    args = list(FLAGS)
    args[args.index("--assignee") + 1] = "Sở"
    before = tree_digest(base_register.parent)
    result = new(base_register, args)
    assert result.exit_code == 1
    assert "SNV · Sở Nội vụ" in result.stderr and "STC · Sở Tài chính" in result.stderr
    assert tree_digest(base_register.parent) == before


def test_a_deadline_for_a_class_d_task_is_refused(base_register):
    args = list(FLAGS)
    args[args.index("--classification") + 1] = "QC45_d"
    result = new(base_register, args)
    assert result.exit_code == 1 and "[deadline-forbidden]" in result.stderr
    assert not (base_register / TARGET).exists()


def test_refuses_to_overwrite(base_register):
    assert new(base_register, FLAGS).exit_code == 0
    before = tree_digest(base_register)
    again = new(base_register, [*FLAGS[:2], *FLAGS[2:]])
    assert again.exit_code == 1 and "[file-exists]" in again.stderr
    assert tree_digest(base_register) == before


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("--issued", "31/02/2026"), "date-format"),
        (("--deadline", "2026-06-31"), "date-format"),
        (("--deadline", "cuối tháng 6"), "date-format"),
        (("--signer", "CHU_TICH"), "unknown-signer"),
        (("--assignee", "SKHDT"), "agency-not-valid"),
        (("--monitor", "STC"), "monitor-not-division"),
        (("--classification", "QC45_x"), "bad-value"),
        (("--deadline", ""), "deadline-required"),
        (("--number", "46 / QĐ-UBND"), "number-format"),
        (("--title", "   "), "missing-value"),
    ],
)
def test_refuses_invalid_values_without_writing(base_register, change, code):
    args = list(FLAGS)
    args[args.index(change[0]) + 1] = change[1]
    before = tree_digest(base_register.parent)
    result = new(base_register, args)
    assert result.exit_code == 1, result.output
    assert f"[{code}]" in result.stderr and "Chưa tạo tệp" in result.stderr
    assert "Traceback" not in result.output
    assert tree_digest(base_register.parent) == before


def test_missing_register_is_wrong_usage(tmp_path):
    result = run_cli(["new", "--register", "khong-co", *FLAGS], cwd=tmp_path)
    assert result.exit_code == 2 and list(tmp_path.iterdir()) == []


def test_missing_options_without_a_terminal_say_what_to_do(base_register):
    """In CI nothing answers the questions: the command stops, says so, and keeps no draft."""
    before = tree_digest(base_register.parent)
    result = new(base_register, ["--number", "48/CT-UBND"], input="")
    assert result.exit_code == 2
    assert "Đã dừng. Chưa ghi gì vào sổ." in result.stderr and "Ghi đủ các tùy chọn" in result.stderr
    assert tree_digest(base_register.parent) == before
