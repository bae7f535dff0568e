"""What a reviewer sees on a pull request: `check --since` speaks only of the files the change
touches and names no person; a task that does not load is unreadable, not removed; `nhiemvu
diff` shows every new entry, every extension and every field edited in place, with names beside
codes, escaped for GitHub."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from historyrepo import GitRepo

from generator.cli import main
from generator.history.diff import build_diff, diff_markdown

DOC14 = "register/documents/2026/14-CT-UBND.yaml"
DOC20 = "register/documents/2026/20-UBND-KT.yaml"
FLASH = "register/documents/2026/30-CD-UBND.yaml"
AUTHOR = "Nguyễn Thị Văn Thư"
FLASH_DOC = (
    "number: 30/CĐ-UBND\ntitle: Về việc ứng phó khẩn cấp với bão\nissued: 2026-03-02\nsigner: CT\n"
    "urgency: flash\nsecrecy: none\ntasks:\n  - id: 1\n    content: Sơ tán dân khỏi vùng nguy hiểm.\n"
    "    assignee: STC\n    monitor: TH\n    classification: QC45_d\n"
)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.copy_register()
    repo.commit("Nhập sổ", "2026-03-05T09:00:00+07:00")
    repo.write(FLASH, FLASH_DOC)  # signed 02/03, entered 10/03: late (R4)
    repo.commit("Nhập văn bản hỏa tốc", "2026-03-10T09:00:00+07:00", author=AUTHOR)
    monkeypatch.chdir(repo.root)
    return repo


def check_since(rev: str = "HEAD") -> tuple[list[dict], dict, int]:
    result = CliRunner().invoke(main, ["check", "--since", rev, "--as-of", "2026-03-20", "--format", "json"])
    assert result.exit_code in (0, 1, 3), result.output
    data = json.loads(result.stdout)
    return data["problems"], data["summary"], result.exit_code


def test_history_warnings_only_for_the_files_the_change_touches(repo):
    repo.edit(DOC20, "hằng tháng", "hàng tháng")  # an unrelated change
    problems, _summary, _code = check_since()
    assert "history-flash-late" not in {p["code"] for p in problems}
    repo.edit(FLASH, "Sơ tán dân", "Sơ tán người dân")  # the change opens the late document
    problems, _summary, _code = check_since()
    late = [p for p in problems if p["code"] == "history-flash-late"]
    assert [p["file"] for p in late] == [FLASH]


def test_history_messages_name_the_entry_by_date_and_short_id_never_a_person(repo):
    repo.edit(FLASH, "Sơ tán dân", "Sơ tán người dân")
    short = repo.git("rev-parse", "--short=7", "HEAD").strip()
    problems, _summary, _code = check_since()
    (late,) = [p for p in problems if p["code"] == "history-flash-late"]
    assert f"lần nhập ngày 10/03/2026 ({short})" in late["message"]
    everything = json.dumps(problems, ensure_ascii=False)
    assert AUTHOR not in everything and "vanthu@" not in everything


def test_a_task_that_does_not_load_is_unreadable_not_removed(repo):
    repo.edit(DOC14, "    deadline: 2026-03-31\n", "    deadline: 2026-03-31\n    delay_reason: Chờ ý kiến.\n")
    result = CliRunner().invoke(main, ["check", "--since", "HEAD", "--as-of", "2026-03-20", "--format", "json"])
    data = json.loads(result.stdout)
    codes = {p["code"] for p in data["problems"]}
    assert "history-task-removed" not in codes
    (misplaced,) = [p for p in data["problems"] if p["code"] == "unknown-key"]
    assert misplaced["line"] == 14 and "thuộc một mục trong «progress»" in misplaced["hint"]
    (note,) = [n for n in data["summary"]["notes"] if "14/CT-UBND (2026) #1" in n]
    assert "không đọc được" in note and "dòng 8" in note and "xóa" not in note
    text = CliRunner().invoke(main, ["check", "--since", "HEAD", "--as-of", "2026-03-20"])
    assert "đã bị xóa" not in text.output


def test_a_task_really_removed_is_still_reported(repo):
    text = repo.read(DOC14)
    repo.write(DOC14, text[: text.index("  - id: 2\n")])
    problems, _summary, code = check_since()
    assert code == 1 and "history-task-removed" in {p["code"] for p in problems}


def review(repo: GitRepo, **kwargs) -> str:
    base = repo.git("rev-parse", "HEAD").strip()
    return diff_markdown(build_diff(repo.root / "register", base, as_of=dt.date(2026, 4, 20)), **kwargs)


def test_diff_shows_what_a_reviewer_must_check_per_task(repo):
    repo.edit(
        DOC14,
        "        note: Đã họp các đơn vị liên quan.\n",
        "        note: Đã họp các đơn vị liên quan.\n"
        "      - date: 2026-04-02\n        status: in_progress\n"
        "        note: 'Chờ *thẩm định* <b>gấp</b> @ai-do'\n"
        "        delay_reason: Chờ ý kiến | của Bộ Tài chính\n"
        "        report: 45/BC-STC\n"
        "        recommendation: Đề nghị [bổ sung](http://x) kinh phí\n"
        "    extensions:\n      - deadline: 2026-05-15\n        document: 520/UBND-TH\n        date: 2026-04-01\n",
    )
    repo.edit(DOC14, "    assignee: SXD\n", "    assignee: STC\n")  # task 2: reassigned in place
    text = review(repo)
    assert "**14/CT-UBND (2026) \\#1**" in text  # the task's label, escaped
    assert "chủ trì STC — Sở Tài chính; theo dõi TH — Phòng Tổng hợp" in text
    assert "Tiến độ ngày 02/04/2026: **Đang thực hiện**" in text
    assert "ghi chú: Chờ \\*thẩm định\\* &lt;b&gt;gấp&lt;/b&gt; &#64;ai-do" in text
    assert "lý do chậm: Chờ ý kiến \\| của Bộ Tài chính" in text
    assert "báo cáo: 45/BC-STC" in text and "kiến nghị: Đề nghị \\[bổ sung\\](http://x) kinh phí" in text
    assert "Gia hạn đến **15/05/2026** theo văn bản 520/UBND-TH ngày 01/04/2026" in text
    assert "**Sửa trực tiếp** cơ quan chủ trì: SXD — Sở Xây dựng → STC — Sở Tài chính" in text
    assert "| Nhiệm vụ bị sửa trực tiếp | 1 |" in text
    assert "@ai" not in text and "<b>" not in text


def test_diff_flags_rewritten_entries_and_names_beside_codes_in_tables(repo):
    repo.edit(DOC14, "      - date: 2026-03-06\n", "      - date: 2026-03-07\n")
    repo.edit(
        DOC20,
        "    classification: QC45_d\n",
        "    classification: QC45_d\n  - id: 2\n    content: Đôn đốc các chủ đầu tư.\n    assignee: SXD\n"
        "    monitor: KT\n    classification: QC45_d\n",
    )
    text = review(repo)
    assert "**Sửa trực tiếp** mục tiến độ đã có: bị sửa, xóa hoặc đổi thứ tự" in text
    new_task = next(line for line in text.splitlines() if line.startswith("| 20/UBND-KT (2026) \\#2"))
    assert "SXD — Sở Xây dựng" in new_task and "KT — Phòng Kinh tế" in new_task


def test_diff_keeps_within_the_comment_limit(repo):
    for n in range(2, 60):
        repo.edit(
            DOC14,
            "        note: Đã họp các đơn vị liên quan.\n",
            "        note: Đã họp các đơn vị liên quan.\n"
            f"      - date: 2026-03-{n % 20 + 7:02d}\n        status: in_progress\n        note: {'x' * 200}\n",
        )
    full = review(repo)
    short = review(repo, max_bytes=3000)
    assert len(full.encode()) > 3000 >= len(short.encode())
    assert "Bảng chi tiết quá dài" in short
