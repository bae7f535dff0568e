"""`nhiemvu remind` and `nhiemvu diff` through the real CLI on real Git repositories."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from historyrepo import GitRepo

from generator.cli import main
from generator.history.diff import diff_markdown
from generator.register.model import DEFAULT_ZONE as VN
from generator.reports.reminders import weekly_cutoff

DOC14 = "register/documents/2026/14-CT-UBND.yaml"
DOC20 = "register/documents/2026/20-UBND-KT.yaml"
TAIL1 = "        note: Đã họp các đơn vị liên quan.\n"


def entry(day: str, status: str = "in_progress", extra: str = "") -> str:
    return f"      - date: {day}\n        status: {status}\n{extra}"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.copy_register()
    repo.commit("Nhập sổ", "2026-03-05T09:00:00+07:00")
    monkeypatch.chdir(repo.root)
    return repo


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 3, 20, 8, 0), dt.datetime(2026, 3, 13, 15, 0)),  # Friday morning
        (dt.datetime(2026, 3, 20, 15, 0), dt.datetime(2026, 3, 20, 15, 0)),
        (dt.datetime(2026, 3, 23, 9, 0), dt.datetime(2026, 3, 20, 15, 0)),  # Monday
    ],
)
def test_weekly_cutoff(now, expected):
    got = weekly_cutoff(now.replace(tzinfo=VN), {"weekday": "friday", "before": "15:00"})
    assert got == expected.replace(tzinfo=VN)


def test_weekly_reminder_per_division(repo):
    # TH's task 14#1 gets an entry dated after Friday 13/03; KT's 14#2 none; KT's 20#1 gets an
    # entry dated Friday 13/03 itself but committed at 16:00, after the 15:00 cutoff: it counts.
    repo.edit(DOC14, TAIL1, TAIL1 + entry("2026-03-16", extra="        note: Tuần 3.\n"))
    repo.commit("TH cập nhật", "2026-03-16T10:00:00+07:00", author="Phòng Tổng hợp")
    repo.edit(
        DOC20,
        "    classification: QC45_d\n",
        "    classification: QC45_d\n    progress:\n" + entry("2026-03-13"),
    )
    repo.commit("KT cập nhật", "2026-03-13T16:00:00+07:00", author="Phòng Kinh tế")
    out = invoke("remind", "--as-of", "2026-03-20")
    assert "kể từ 15:00 thứ Sáu 13/03/2026" in out
    kt = out.split("### Phòng Kinh tế (KT)")[1].split("###")[0]
    th = out.split("### Phòng Tổng hợp (TH)")[1]
    assert "14/CT-UBND (2026) \\#2" in kt and "20/UBND-KT" not in kt
    assert "Không có nhiệm vụ nào" in th
    # Committed before the cutoff with the Friday date: it belonged to last week.
    repo.edit(DOC20, entry("2026-03-13"), entry("2026-03-13") + entry("2026-03-20"))
    repo.commit("KT cập nhật tuần sau", "2026-03-20T14:00:00+07:00")
    out = invoke("remind", "--as-of", "2026-03-27")
    kt = out.split("### Phòng Kinh tế (KT)")[1].split("###")[0]
    assert "20/UBND-KT" in kt  # 20/03 entry is dated on the cutoff day itself and committed before 15:00
    assert "14/CT-UBND (2026) \\#1" in out.split("### Phòng Tổng hợp (TH)")[1]


def test_overdue_issues_json(repo):
    data = json.loads(invoke("remind", "--kind", "overdue", "--as-of", "2026-04-10", "--format", "json"))
    issues = {i["division"]: i for i in data["issues"]}
    assert set(issues) == {"TH", "KT"}
    th = issues["TH"]
    assert th["open"] and th["count"] == 1 and th["mode"] == "update"
    assert th["body"].startswith("<!-- nhiemvu-overdue:TH -->") and "chưa giải trình" in th["body"]
    assert issues["KT"]["open"] is False and issues["KT"]["count"] == 0


def test_issue_body_is_cut_to_github_limits(repo):
    tasks = "".join(
        f"  - id: {n}\n    content: Nhiệm vụ số {n} {'rất dài ' * 20}\n    assignee: STC\n    monitor: TH\n"
        "    classification: QC45_b\n    deadline: 2026-03-10\n"
        for n in range(2, 800)
    )
    repo.edit(DOC14, "  - id: 2\n", tasks + "  - id: 800\n")
    data = json.loads(invoke("remind", "--kind", "overdue", "--as-of", "2026-04-10", "--format", "json"))
    th = next(i for i in data["issues"] if i["division"] == "TH")
    assert th["count"] == 799 and len(th["body"]) <= 65_536
    assert "nhiệm vụ khác" in th["body"]


def test_diff_summary_and_fallback(repo):
    repo.edit(DOC14, TAIL1, TAIL1 + entry("2026-03-13", "done", "        report: 12/BC-STC\n"))
    repo.edit(DOC14, "    deadline: 2026-04-30\n", "    deadline: 2026-05-30\n")
    repo.write(
        "register/documents/2026/50-UBND-TH.yaml",
        repo.read(DOC20).replace("20/UBND-KT", "50/UBND-TH"),
    )
    out = invoke("diff", "HEAD", "--as-of", "2026-03-20")
    assert out.startswith("<!-- nhiemvu-diff -->")
    assert "| 50/UBND-TH | 04/03/2026 |" in out
    assert "| 14/CT-UBND (2026) \\#1 | Đang thực hiện | Đã thực hiện | TH — Phòng Tổng hợp |" in out
    assert "**Sửa trực tiếp** thời hạn: 30/04/2026 → 30/05/2026" in out
    assert "history-deadline-edited" in out and "❌ **1 lỗi**" in out
    short = invoke("diff", "HEAD", "--as-of", "2026-03-20", "--max-bytes", "1000", "--link", "https://x/run/1")
    assert len(short.encode()) <= 1000 and "(https://x/run/1)" in short and "| Nhiệm vụ thêm | 1 |" in short


def test_diff_between_commits(repo):
    base = repo.git("rev-parse", "HEAD").strip()
    repo.edit(
        DOC14,
        "    deadline: 2026-04-30\n",
        (
            "    deadline: 2026-04-30\n    extensions:\n      - deadline: 2026-05-30\n"
            "        document: 31/UBND-TH\n        date: 2026-03-12\n"
        ),
    )
    head = repo.commit("gia hạn", "2026-03-12T10:00:00+07:00")
    repo.edit(DOC20, "hằng tháng", "hàng tháng")  # working-tree change: not part of BASE..HEAD
    out = invoke("diff", base, head, "--as-of", "2026-03-20")
    assert "| 14/CT-UBND (2026) \\#2 | 30/05/2026 | 31/UBND-TH | 12/03/2026 |" in out
    assert "✅ Không có lỗi" in out and "Nhiệm vụ thêm" not in out


def test_diff_unknown_base_is_a_usage_error(repo):
    result = CliRunner().invoke(main, ["diff", "không-có"])
    assert result.exit_code == 2 and "không-có" in result.output


def test_diff_markdown_never_exceeds_the_cap(repo):
    from generator.history.diff import RegisterDiff

    diff = RegisterDiff("a", "b", dt.date(2026, 3, 20), notes=["x" * 5000])
    assert len(diff_markdown(diff, max_bytes=2000).encode()) <= 2000
