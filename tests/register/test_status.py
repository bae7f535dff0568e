"""Computed state of each task (the contract's "Computed, never typed") at several --as-of dates,
and "today" taken in Vietnam whatever the machine's time zone."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from registerkit import make_register, run_cli, run_nhiemvu

from generator.register.load import load_register
from generator.register.status import compute_states, count_categories, on_time_rate

D = dt.date.fromisoformat

# Every task: QC45_b, deadline 2026-04-15 unless said otherwise; document issued 2026-03-02.
DOC = """\
number: 20/CT-UBND
title: Về việc theo dõi trạng thái nhiệm vụ
issued: 2026-03-02
signer: CT
tasks:
  - id: 1
    content: Xong đúng ngày hết hạn.
    assignee: STC
    monitor: TH
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-04-15, status: done}
  - id: 2
    content: Xong sau hạn một ngày.
    assignee: STC
    monitor: TH
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-04-16, status: done}
  - id: 3
    content: Được gia hạn ngày 2026-04-10.
    assignee: STC
    monitor: TH
    classification: QC45_b
    deadline: 2026-04-15
    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}
    progress:
      - {date: 2026-03-10, status: in_progress}
  - id: 4
    content: Quá hạn, nêu lý do ngày 2026-04-20.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-03-10, status: in_progress, note: Đang triển khai.}
      - {date: 2026-04-20, status: in_progress, delay_reason: Chờ ý kiến của Bộ Tài chính.}
  - id: 5
    content: Không có thời hạn.
    assignee: SNV
    monitor: KT
    classification: QC45_d
  - id: 6
    content: Đã hủy trước hạn.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-04-01, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}
  - id: 7
    content: Báo xong rồi mở lại.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-04-10, status: done}
      - {date: 2026-04-12, status: in_progress, note: Phải làm lại.}
  - id: 8
    content: Hai lần ghi xong liền nhau.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-04-14, status: done}
      - {date: 2026-04-20, status: done, note: Gửi bổ sung hồ sơ.}
  - id: 9
    content: Báo lý do chậm từ trước khi đến hạn.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    progress:
      - {date: 2026-04-01, status: in_progress, delay_reason: Dự báo chậm vì chờ vốn.}
  - id: 10
    content: Lý do ghi trước lần gia hạn không giải thích thời hạn mới.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    extensions:
      - {deadline: 2026-04-30, document: 530/UBND-TH, date: 2026-04-20}
    progress:
      - {date: 2026-04-12, status: in_progress, delay_reason: Chờ vốn.}
  - id: 11
    content: Lý do ghi đúng ngày gia hạn được tính.
    assignee: SNV
    monitor: KT
    classification: QC45_b
    deadline: 2026-04-15
    extensions:
      - {deadline: 2026-04-30, document: 531/UBND-TH, date: 2026-04-10}
    progress:
      - {date: 2026-04-10, status: in_progress, delay_reason: Thiết kế phải điều chỉnh.}
"""


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    root = tmp_path_factory.mktemp("status")
    reg_dir = make_register(root, git_repo=False)
    (reg_dir / "documents/2026/20-CT-UBND.yaml").write_text(DOC, encoding="utf-8")
    return reg_dir


def states_at(register_dir, day: str) -> dict[str, object]:
    reg, problems = load_register(register_dir)
    assert [p for p in problems if p.severity == "error"] == []
    return {s.id.split("#")[1]: s for s in compute_states(reg, D(day)) if "/20-" in s.id}


def row(state) -> tuple:
    return (
        state.status,
        state.deadline_in_force and state.deadline_in_force.isoformat(),
        state.timeliness,
        state.completed and state.completed.isoformat(),
    )


@pytest.mark.parametrize(
    ("as_of", "task", "expected"),
    [
        # done on the deadline day: on time; the day after: late
        ("2026-05-01", "1", ("done", "2026-04-15", "on_time", "2026-04-15")),
        ("2026-05-01", "2", ("done", "2026-04-15", "late", "2026-04-16")),
        # before the entry that marks it done, the task is simply not started yet
        ("2026-04-14", "1", ("not_started", "2026-04-15", "on_time", None)),
        ("2026-04-15", "2", ("not_started", "2026-04-15", "on_time", None)),
        ("2026-04-16", "2", ("done", "2026-04-15", "late", "2026-04-16")),
        # an extension counts only from its own date on
        ("2026-04-09", "3", ("in_progress", "2026-04-15", "on_time", None)),
        ("2026-04-10", "3", ("in_progress", "2026-05-15", "on_time", None)),
        ("2026-05-15", "3", ("in_progress", "2026-05-15", "on_time", None)),
        ("2026-05-16", "3", ("in_progress", "2026-05-15", "late", None)),
        ("2026-04-16", "4", ("in_progress", "2026-04-15", "late", None)),
        ("2026-05-01", "5", ("not_started", None, "no_deadline", None)),
        ("2026-05-01", "6", ("cancelled", "2026-04-15", "late", None)),
        ("2026-04-11", "7", ("done", "2026-04-15", "on_time", "2026-04-10")),
        ("2026-05-01", "7", ("in_progress", "2026-04-15", "late", None)),
        ("2026-05-01", "8", ("done", "2026-04-15", "on_time", "2026-04-14")),
    ],
)
def test_state_at_a_date(register, as_of, task, expected):
    assert row(states_at(register, as_of)[task]) == expected


def test_overdue_and_its_explanation(register):
    before_reason = states_at(register, "2026-04-19")["4"]
    assert before_reason.overdue and before_reason.overdue_unexplained
    assert before_reason.days_overdue == 4
    assert before_reason.deadline_set == D("2026-03-02")  # the original deadline: the issue date
    after_reason = states_at(register, "2026-04-20")["4"]
    assert after_reason.overdue and not after_reason.overdue_unexplained
    assert after_reason.delay_reason == "Chờ ý kiến của Bộ Tài chính."
    cancelled = states_at(register, "2026-05-01")["6"]
    assert not cancelled.overdue and cancelled.category == "cancelled"


def test_a_reason_counts_from_the_day_the_deadline_in_force_was_set(register):
    on_may_1 = states_at(register, "2026-05-01")
    # given before the deadline, as the regulation asks: it counts
    assert on_may_1["9"].overdue and not on_may_1["9"].overdue_unexplained
    # given before the extension that set the new deadline: it does not explain missing that one
    assert on_may_1["10"].overdue and on_may_1["10"].overdue_unexplained
    assert on_may_1["10"].deadline_set == D("2026-04-20")
    # given on the very day of the extension: it counts
    assert on_may_1["11"].overdue and not on_may_1["11"].overdue_unexplained
    # between the original deadline and the extension, the early reason explained the delay
    assert not states_at(register, "2026-04-17")["10"].overdue_unexplained


def test_categories_leave_cancelled_tasks_out_of_the_rate(register):
    states = {k: v for k, v in states_at(register, "2026-05-01").items() if int(k) <= 8}
    counts = count_categories(states.values())
    assert counts == {
        "done_on_time": 2,
        "done_late": 1,
        "open_on_time": 1,
        "overdue": 2,
        "no_deadline": 1,
        "cancelled": 1,
    }
    # done on time ÷ come due (done with a deadline, and open past it): 2 ÷ (2 + 1 + 2)
    assert on_time_rate(counts) == pytest.approx(2 / 5)
    # an agency with overdue open tasks can never show 100 %
    assert on_time_rate({**counts, "done_late": 0}) < 1
    assert on_time_rate(dict.fromkeys(counts, 0) | {"open_on_time": 3, "no_deadline": 1}) is None


def test_overdue_rule_follows_the_states_through_the_command(register):
    root = register.parent

    def unexplained(day):
        result = run_cli(["check", "--register", "register", "--as-of", day, "--format", "json"], cwd=root)
        found = {
            p["line"]
            for p in json.loads(result.stdout)["problems"]
            if p["code"] == "overdue-unexplained" and p["file"].endswith("20-CT-UBND.yaml")
        }
        return result.exit_code, found

    assert unexplained("2026-04-15") == (0, set())
    # 2026-04-16: tasks 3? no (extended); 4 (reason not yet given), 7 (reopened) → exit 3
    code, lines = unexplained("2026-04-16")
    assert code == 3 and lines == {DOC.splitlines().index("  - id: 4") + 1, DOC.splitlines().index("  - id: 7") + 1}
    code, lines = unexplained("2026-05-16")
    assert code == 3 and DOC.splitlines().index("  - id: 3") + 1 in lines
    line_of = {n: DOC.splitlines().index(f"  - id: {n}") + 1 for n in (9, 10, 11)}
    code, lines = unexplained("2026-05-01")
    assert line_of[10] in lines and line_of[9] not in lines and line_of[11] not in lines


@pytest.mark.parametrize("tz", ["America/Los_Angeles", "Pacific/Kiritimati", "UTC", "Asia/Ho_Chi_Minh"])
def test_today_is_vietnam_today_whatever_the_machine_zone(tmp_path, tz):
    make_register(tmp_path, git_repo=False)
    before = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    done = run_nhiemvu(["check", "--register", "register", "--format", "json"], cwd=tmp_path, env={"TZ": tz})
    after = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    as_of = D(json.loads(done.stdout)["summary"]["as_of"])
    assert as_of in {before, after}
    # Where the machine's own date differs from Vietnam's, the machine's date is not used.
    machine = dt.datetime.now(ZoneInfo(tz)).date()
    if machine not in {before, after}:
        assert as_of != machine
