"""`nhiemvu new`: a valid skeleton document from flags or prompts, never overwriting, never
writing anything when a value is wrong."""

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
    answers = (
        "\n".join(
            [
                "47/CT-UBND",
                "Về việc tăng cường kỷ luật hành chính",
                "2026-03-06",
                "CT",
                "Rà soát quy chế làm việc.",
                "SNV",
                "TH",
                "QC45_d",
            ]
        )
        + "\n"
    )
    result = new(base_register, [], input=answers)
    assert result.exit_code == 0, result.output
    text = (base_register / "documents/2026/47-CT-UBND.yaml").read_text(encoding="utf-8")
    assert "classification: QC45_d" in text and "deadline" not in text
    assert (
        run_cli(["check", "--register", "register", "--as-of", "2026-03-06"], cwd=base_register.parent).exit_code == 0
    )


def test_refuses_to_overwrite(base_register):
    assert new(base_register, FLAGS).exit_code == 0
    before = tree_digest(base_register)
    again = new(base_register, [*FLAGS[:2], *FLAGS[2:]])
    assert again.exit_code == 1 and "[file-exists]" in again.stderr
    assert tree_digest(base_register) == before


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("--issued", "05/3/2026"), "date-format"),
        (("--deadline", "30/6/2026"), "date-format"),
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
