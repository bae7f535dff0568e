"""`nhiemvu progress`, `extend` and `add-task` from their options (scripts, CI): one entry
appended to the file's text, everything else byte for byte; the real checker's refusal leaves
the file untouched; the diff is printed. The terminal's questions are in test_cli_tty."""

from __future__ import annotations

import pytest
from entrykit import dated_register, days, today
from registerkit import git, run_cli, tree_digest

from generator.vi import fmt_date


@pytest.fixture
def reg(tmp_path):
    register, path, key = dated_register(tmp_path / "repo")
    return register, path, key


def cli(register, *args, input=None):
    return run_cli([args[0], "--register", str(register), *args[1:]], cwd=register.parent, input=input)


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`, asserting that nothing of `before` was changed or moved."""
    old, new = before.split("\n"), after.split("\n")
    added, i = [], 0
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        else:
            added.append(line)
    assert i == len(old), "a line of the file was changed or removed"
    return added


def check_clean(register) -> None:
    result = run_cli(["check", "--register", str(register), "--format", "json"], cwd=register.parent)
    assert '"errors": 0' in result.stdout, result.stdout


# -- progress ------------------------------------------------------------------------------------------


def test_progress_appends_one_entry_in_the_files_own_style(reg):
    register, path, key = reg
    before = path.read_text(encoding="utf-8")
    result = cli(
        register, "progress", f"{key}#1", "--note", "Đã trình dự thảo phương án.", "--delay-reason", "Chờ số liệu"
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    # task 1 writes its entries as flow mappings: the new one too, after the old one
    assert added_lines(before, after) == [
        f"      - {{date: {today()}, status: in_progress, note: Đã trình dự thảo phương án., "
        "delay_reason: Chờ số liệu}"
    ]
    plus = [line for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert plus == [f"+{added_lines(before, after)[0]}"]  # the diff
    assert "Đã ghi tiến độ ngày" in result.stdout
    check_clean(register)


def test_progress_into_an_empty_list_and_every_field(reg):
    register, path, key = reg
    before = path.read_text(encoding="utf-8")
    day = days(-3)
    result = cli(
        register,
        "progress",
        f"12/CT-UBND ({key[:4]}) #2",
        "--date",
        fmt_date(day),
        "--status",
        "hoàn thành",
        "--note",
        "Đã ban hành hướng dẫn: 30/30 xã.",
        "--report",
        "15/BC-UBND",
        "--recommendation",
        "Không",
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "    progress:             # chưa có cập nhật\n" in after  # `[]` gone, the comment in its place
    assert after.count("\n") == before.count("\n") + 5
    assert (
        f"      - date: {day}\n        status: done\n        note: 'Đã ban hành hướng dẫn: 30/30 xã.'\n"
        "        report: 15/BC-UBND\n        recommendation: Không\n\n  - id: 3\n"
    ) in after
    check_clean(register)


def test_progress_creates_the_list_when_the_task_has_none(reg):
    register, path, key = reg
    before = path.read_text(encoding="utf-8")
    result = cli(register, "progress", f"{key}#3", "--note", "Đã tổ chức 12 buổi tuyên truyền.")
    assert result.exit_code == 0, result.output
    assert added_lines(before, path.read_text(encoding="utf-8")) == [
        "    progress:",
        f"      - date: {today()}",
        "        status: in_progress",
        "        note: Đã tổ chức 12 buổi tuyên truyền.",
    ]
    check_clean(register)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--date", "2099-01-01"], "future-date"),  # after today
        (["--date", "01/01/2020"], "progress-before-issued"),
        (["--status", "done"], "report-required"),  # class a done without a report
        (["--date", "31/02/2026"], "date-format"),
        (["--status", "xong xuôi rồi"], "bad-value"),
    ],
)
def test_progress_refused_by_the_checker_writes_nothing(reg, args, code):
    register, path, key = reg
    before = tree_digest(register.parent)
    result = cli(register, "progress", f"{key}#1", "--note", "Ghi thử.", *args)
    assert result.exit_code == 1, result.output
    assert f"[{code}]" in result.stderr and "Chưa ghi gì" in result.stderr
    assert "Traceback" not in result.output
    assert tree_digest(register.parent) == before


def test_progress_status_defaults_to_the_current_one(reg):
    register, path, key = reg
    assert cli(register, "progress", f"{key}#2", "--note", "Xong.", "--status", "done").exit_code == 0
    assert cli(register, "progress", f"{key}#2", "--note", "Đã gửi báo cáo bổ sung.").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("status: done") == 2 and "status: in_progress\n        note: Đã gửi" not in text


@pytest.mark.parametrize(
    ("ref", "expect"),
    [
        ("{key}#9", "không có nhiệm vụ số 9"),
        ("12/CT-UBND#", "không phải mã nhiệm vụ"),
        ("13/CT-UBND ({year}) #1", "Không tìm thấy văn bản «13/CT-UBND» năm"),
        ("45/QĐ-UBND (2020) #1", "Có phải ý bạn là 2026/45-QD-UBND"),
    ],
)
def test_a_task_that_cannot_be_found_is_wrong_usage(reg, ref, expect):
    register, path, key = reg
    ref = ref.format(key=key, year=key[:4])
    result = cli(register, "progress", ref, "--note", "x")
    assert result.exit_code == 2, result.output
    assert expect in result.stderr


def test_a_number_alone_names_a_task_when_only_one_year_has_it(reg):
    register, path, key = reg
    assert cli(register, "progress", "12/CT-UBND#3", "--note", "Đang triển khai.").exit_code == 0
    other = register / "documents" / "2020" / "12-CT-UBND.yaml"
    other.parent.mkdir()
    other.write_text("number: 12/CT-UBND\n", encoding="utf-8")
    result = cli(register, "progress", "12/CT-UBND#3", "--note", "x")
    assert result.exit_code == 2
    assert f"2020/12-CT-UBND, {key}" in result.stderr and "Ghi kèm năm" in result.stderr


def test_a_file_with_windows_line_ends_keeps_them(reg):
    register, path, key = reg
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert cli(register, "progress", f"{key}#3", "--note", "Đang triển khai.").exit_code == 0
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    check_clean(register)


def test_nothing_is_left_beside_the_file(reg):
    register, path, key = reg
    names = sorted(p.name for p in path.parent.iterdir())
    assert cli(register, "progress", f"{key}#3", "--note", "Đang triển khai.").exit_code == 0
    assert sorted(p.name for p in path.parent.iterdir()) == names
    assert git(register.parent, "status", "--porcelain").strip() == f"M register/documents/{key}.yaml"


# -- extend --------------------------------------------------------------------------------------------


def test_extend_appends_before_progress(reg):
    register, path, key = reg
    before = path.read_text(encoding="utf-8")
    new_deadline = days(40)
    result = cli(
        register,
        "extend",
        f"{key}#1",
        "--deadline",
        fmt_date(new_deadline),
        "--document",
        "245/UBND-TH",
        "--date",
        str(days(-2)),
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert added_lines(before, after) == [
        "    extensions:",
        f"      - deadline: {new_deadline}",
        "        document: 245/UBND-TH",
        f"        date: {days(-2)}",
    ]
    assert after.index("extensions:") < after.index("    progress:\n      - {date:")
    check_clean(register)
    # the deadline in force moved: the task is no longer overdue
    export = run_cli(["export", "--register", str(register), "--format", "json"], cwd=register.parent)
    assert f'"deadline_in_force": "{new_deadline}"' in export.stdout


def test_extend_refuses_a_task_without_deadline(reg):
    register, path, key = reg
    before = tree_digest(register.parent)
    result = cli(register, "extend", f"{key}#3", "--deadline", str(days(40)), "--document", "245/UBND-TH")
    assert result.exit_code == 1 and "không có thời hạn nên không gia hạn" in result.stderr
    assert tree_digest(register.parent) == before


def test_extend_refuses_a_future_decision(reg):
    register, path, key = reg
    before = tree_digest(register.parent)
    args = ["--deadline", str(days(40)), "--document", "245/UBND-TH", "--date", str(days(5))]
    result = cli(register, "extend", f"{key}#2", *args)
    assert result.exit_code == 1 and "[future-date]" in result.stderr
    assert tree_digest(register.parent) == before


# -- add-task ------------------------------------------------------------------------------------------


def test_add_task_takes_the_next_id_and_names(reg):
    register, path, key = reg
    before = path.read_text(encoding="utf-8")
    result = cli(
        register,
        "add-task",
        f"12/CT-UBND ({key[:4]})",
        "--content",
        "Kiểm tra công tác chuẩn bị.",
        "--assignee",
        "sở nội vụ",
        "--coordinators",
        "Sở Tài chính, XA_HOA_PHU",
        "--monitor",
        "kinh tế",
        "--classification",
        "QC42_b",
        "--deadline",
        fmt_date(days(20)),
    )
    assert result.exit_code == 0, result.output
    assert "nhiệm vụ mới sẽ là số 4" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert added_lines(before, after) == [
        "  - id: 4",
        "    content: Kiểm tra công tác chuẩn bị.",
        "    assignee: SNV",
        "    coordinators: [STC, XA_HOA_PHU]",
        "    monitor: KT",
        "    classification: QC42_b",
        f"    deadline: {days(20)}",
    ]
    assert after.endswith("    deadline: " + str(days(20)) + "\n\n# Hết danh sách nhiệm vụ.\n")


def test_add_task_never_reuses_the_id_of_a_deleted_task(reg):
    register, path, key = reg
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "\n# Hết",
            "  - id: 4\n    content: Nhiệm vụ nhập nhầm.\n    assignee: STC\n    monitor: TH\n"
            "    classification: QC45_d\n\n# Hết",
        ),
        encoding="utf-8",
    )
    git(register.parent, "commit", "-q", "-am", "Thêm nhiệm vụ 4")
    path.write_text(text, encoding="utf-8")
    git(register.parent, "commit", "-q", "-am", "Xóa nhiệm vụ 4 nhập nhầm")
    result = cli(
        register,
        "add-task",
        f"{key}",
        "--content",
        "Nhiệm vụ mới.",
        "--assignee",
        "STC",
        "--monitor",
        "TH",
        "--classification",
        "QC45_d",
    )
    assert result.exit_code == 0, result.output
    assert "  - id: 5\n" in path.read_text(encoding="utf-8") and "id: 4" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("--classification", "QC45_a", "--deadline", ""), "deadline-required"),
        (("--classification", "QC45_d", "--deadline", "2026-12-31"), "deadline-forbidden"),
        (("--assignee", "SKHDT"), "agency-not-valid"),
        (("--monitor", "Sở Tài chính"), "monitor-not-division"),
        (("--assignee", "Sở Giáo dục"), "unknown-agency"),
    ],
)
def test_add_task_refusals(reg, change, code):
    register, path, key = reg
    opts = {"--content": "Việc mới.", "--assignee": "STC", "--monitor": "TH", "--classification": "QC45_b"}
    opts["--deadline"] = str(days(20))
    for option, value in zip(change[::2], change[1::2], strict=True):
        opts[option] = value
    before = tree_digest(register.parent)
    result = cli(register, "add-task", key, *[x for kv in opts.items() for x in kv])
    assert result.exit_code == 1, result.output
    assert f"[{code}]" in result.stderr
    assert tree_digest(register.parent) == before


def test_add_task_by_path(reg):
    register, path, key = reg
    rel = path.relative_to(register.parent)
    args = ["--content", "Việc mới.", "--assignee", "STC", "--monitor", "TH", "--classification", "QC45_d"]
    assert cli(register, "add-task", str(rel), *args).exit_code == 0
    outside = register.parent / "khac.yaml"
    outside.write_text("number: 1/CT-UBND\n", encoding="utf-8")
    result = cli(register, "add-task", "khac.yaml", *args)
    assert result.exit_code == 2 and "không nằm trong thư mục văn bản" in result.stderr


def test_a_file_the_loader_refuses_is_not_edited(reg):
    register, path, key = reg
    path.write_text(path.read_text(encoding="utf-8").replace("title: Về", "title Về"), encoding="utf-8")
    before = tree_digest(register.parent)
    result = cli(register, "progress", f"{key}#3", "--note", "x")
    assert result.exit_code == 1 and "[yaml-syntax]" in result.stderr
    assert tree_digest(register.parent) == before


def test_a_linked_document_is_not_followed(reg):
    register, path, key = reg
    (path.parent / "13-CT-UBND.yaml").symlink_to(path)
    before = tree_digest(register.parent)
    result = cli(register, "progress", f"13/CT-UBND ({key[:4]}) #1", "--note", "x")
    assert result.exit_code == 2 and "liên kết tượng trưng" in result.stderr
    assert tree_digest(register.parent) == before
