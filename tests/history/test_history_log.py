"""History from real Git repositories: one pass gives entry dates, authors, last changes and
the recent-changes list; the register can be read as it stood at a date; shallow clones
say what they cannot know."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from historyrepo import GitRepo

from generator.errors import HistoryError
from generator.history import log as history
from generator.history.rules import flash_problems
from generator.history.snapshots import snapshot_at
from generator.register.load import load_register, load_register_files
from generator.register.model import DEFAULT_ZONE

DOC14 = "register/documents/2026/14-CT-UBND.yaml"
DOC20 = "register/documents/2026/20-UBND-KT.yaml"
PROGRESS_TAIL = "        note: Đã họp các đơn vị liên quan.\n"


def add_progress(repo: GitRepo, day: str, note: str) -> None:
    repo.edit(
        DOC14,
        PROGRESS_TAIL,
        PROGRESS_TAIL + f'      - date: {day}\n        status: in_progress\n        note: "{note}"\n',
    )


def flash_doc(number: str, issued: str) -> str:
    return (
        f"number: {number}\ntitle: Về việc ứng phó khẩn cấp với bão số 3\nissued: {issued}\nsigner: CT\n"
        "urgency: flash\nsecrecy: none\ntasks:\n  - id: 1\n    content: Sơ tán dân khỏi vùng nguy hiểm.\n"
        "    assignee: SXD\n    monitor: KT\n    classification: QC45_b\n    deadline: 2026-03-20\n"
    )


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.copy_register()
    repo.commit("Nhập sổ ban đầu", "2026-03-05T09:00:00+07:00")
    add_progress(repo, "2026-03-13", "Tuần 2: đã gửi báo cáo dự thảo.")
    repo.commit("Cập nhật tiến độ tuần", "2026-03-13T14:30:00+07:00", author="Phòng Tổng hợp")
    return repo


def test_one_pass_gives_entry_last_change_and_task_updates(repo):
    hist = history.collect(repo.root)
    assert hist.available and not hist.shallow and hist.commits == 2
    doc14 = hist.documents[DOC14]
    assert doc14.first.author == "Văn thư HCTC"
    assert doc14.first.authored == dt.datetime(2026, 3, 5, 9, 0, tzinfo=DEFAULT_ZONE)
    assert doc14.last.author == "Phòng Tổng hợp"
    assert hist.documents[DOC20].last.sha == doc14.first.sha
    task1 = hist.tasks["2026/14-CT-UBND#1"]
    assert task1.last_changed.committed.date() == dt.date(2026, 3, 13)
    assert task1.progress_changed.committed.hour == 14
    assert hist.tasks["2026/14-CT-UBND#2"].last_changed.sha == doc14.first.sha
    assert hist.tasks["2026/14-CT-UBND#2"].progress_changed is None
    newest = hist.recent(1)[0]
    assert (newest.action, newest.number, newest.progress_added) == ("modified", "14/CT-UBND", (1,))
    assert [c.path for c in hist.changes[1:]] == [DOC14, DOC20]  # same commit: path order
    assert hist.changes[1].tasks_added == (1, 2)


def test_history_is_read_with_a_single_git_log(repo, monkeypatch):
    """Never one `git log` per file: count the log calls of a pass over many files."""
    for n in range(30):
        repo.write(
            f"register/documents/2026/{100 + n}-UBND-TH.yaml",
            flash_doc(f"{100 + n}/UBND-TH", "2026-03-16"),
        )
    repo.commit("Nhập 30 văn bản", "2026-03-16T08:00:00+07:00")
    calls = []
    real = history.log_under

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "log_under", counting)
    hist = history.collect(repo.root)
    assert len(calls) == 1 and len(hist.documents) == 32


def test_secret_document_never_reaches_the_change_list(repo):
    repo.write(
        "register/documents/2026/01-UBND-MAT.yaml",
        flash_doc("01/UBND-MAT", "2026-03-16")
        .replace("secrecy: none", "secrecy: secret")
        .replace("ứng phó khẩn cấp với bão số 3", "Kế hoạch tuyệt mật"),
    )
    repo.commit("nhầm", "2026-03-16T08:00:00+07:00")
    repo.remove("register/documents/2026/01-UBND-MAT.yaml")
    repo.commit("gỡ", "2026-03-16T09:00:00+07:00")
    hist = history.collect(repo.root)
    assert all(c.number != "01/UBND-MAT" for c in hist.changes)
    assert all("tuyệt mật" not in (c.title or "") for c in hist.changes)


def test_register_as_it_stood_at_a_date(repo):
    files = snapshot_at(repo.root, dt.date(2026, 3, 10), "register").files
    register, problems = load_register_files(files, register_prefix="register")
    assert problems == []
    task = next(t for d in register.documents for t in d.tasks if d.number == "14/CT-UBND" and t.id == 1)
    assert len(task.progress) == 1  # the 13/03 entry was not there yet
    now = snapshot_at(repo.root, "HEAD", "register").files
    assert now[DOC14] == (repo.root / DOC14).read_bytes()
    with pytest.raises(HistoryError, match="01/03/2026"):
        snapshot_at(repo.root, dt.date(2026, 3, 1), "register")
    with pytest.raises(HistoryError, match="không-có"):
        snapshot_at(repo.root, "không-có", "register")


def test_flash_document_entered_late_is_warned(repo):
    repo.write("register/documents/2026/30-CD-UBND.yaml", flash_doc("30/CĐ-UBND", "2026-03-16"))
    repo.write("register/documents/2026/31-CD-UBND.yaml", flash_doc("31/CĐ-UBND", "2026-03-13"))
    # 31 issued Friday 13/03: Monday 16/03 is the working day after, so on time.
    repo.commit("Nhập công điện", "2026-03-16T20:00:00+07:00")
    repo.write("register/documents/2026/32-CD-UBND.yaml", flash_doc("32/CĐ-UBND", "2026-03-16"))
    repo.commit("Nhập muộn", "2026-03-18T08:00:00+07:00")
    register, _ = load_register(repo.root / "register")
    problems = flash_problems(history.collect(repo.root, tasks=False), register)
    assert [(p.code, p.file) for p in problems] == [("history-flash-late", "register/documents/2026/32-CD-UBND.yaml")]
    assert "18/03/2026" in problems[0].message and problems[0].line == 5


def test_shallow_clone_says_what_it_skips(repo, tmp_path):
    repo.write("register/documents/2026/32-CD-UBND.yaml", flash_doc("32/CĐ-UBND", "2026-03-16"))
    repo.commit("Nhập muộn", "2026-03-18T08:00:00+07:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    hist = history.collect(clone)
    assert hist.shallow and "bản sao nông" in hist.notes[0] and "R4" in hist.notes[0]
    assert hist.documents[DOC14].first is None  # hidden by the clone, not guessed
    assert hist.tasks["2026/14-CT-UBND#1"].last_changed is None
    register, _ = load_register(clone / "register")
    assert flash_problems(hist, register) == []  # skipped, and the note says so
    # A deeper clone knows the later addition for sure.
    deeper = tmp_path / "deeper"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(deeper)], check=True)
    hist2 = history.collect(deeper)
    assert hist2.documents["register/documents/2026/32-CD-UBND.yaml"].first is not None
    register2, _ = load_register(deeper / "register")
    assert [p.code for p in flash_problems(hist2, register2)] == ["history-flash-late"]


def test_not_a_repository(tmp_path):
    hist = history.collect(tmp_path)
    assert not hist.available and "không phải là kho Git" in hist.notes[0]
