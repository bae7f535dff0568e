"""`check --since REV`: honest changes pass, every kind of history rewrite fails with file,
line and its own code; the overdue rule only concerns the tasks a change touches."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from historyrepo import GitRepo

from generator.cli import main
from generator.errors import HistoryError
from generator.history.rules import since_problems
from generator.register.load import load_register

DOC14 = "register/documents/2026/14-CT-UBND.yaml"
DOC20 = "register/documents/2026/20-UBND-KT.yaml"
TAIL1 = "        note: Đã họp các đơn vị liên quan.\n"


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.copy_register()
    repo.edit(
        DOC14,
        "    deadline: 2026-03-31\n",
        (
            "    deadline: 2026-03-31\n    extensions:\n      - deadline: 2026-04-15\n"
            "        document: 30/UBND-TH\n        date: 2026-03-20\n"
        ),
    )
    repo.commit("Nhập sổ", "2026-03-05T09:00:00+07:00")
    return repo


def run(repo: GitRepo, rev: str = "HEAD"):
    register, _problems = load_register(repo.root / "register")
    return since_problems(repo.root, rev, "register", register)


def codes(result) -> list[str]:
    return sorted(p.code for p in result.problems)


HONEST = {
    "progress appended": (
        DOC14,
        TAIL1,
        TAIL1 + "      - date: 2026-03-13\n        status: in_progress\n        note: Đã gửi dự thảo.\n",
        {"2026/14-CT-UBND#1"},
    ),
    "extension appended": (
        DOC14,
        "        date: 2026-03-20\n",
        (
            "        date: 2026-03-20\n"
            "      - deadline: 2026-05-15\n        document: 41/UBND-TH\n        date: 2026-04-10\n"
        ),
        {"2026/14-CT-UBND#1"},
    ),
    "task added": (
        DOC20,
        "    classification: QC45_d\n",
        (
            "    classification: QC45_d\n  - id: 2\n"
            "    content: Đôn đốc các chủ đầu tư.\n    assignee: SXD\n    monitor: KT\n"
            "    classification: QC45_d\n"
        ),
        {"2026/20-UBND-KT#2"},
    ),
    "typo fixed": (DOC20, "hằng tháng", "hàng tháng", {"2026/20-UBND-KT#1"}),
    "classification changed with a note": (
        DOC20,
        "    classification: QC45_d\n",
        (
            "    classification: QC45_c\n    progress:\n      - date: 2026-03-10\n        status: in_progress\n"
            "        note: Phân loại lại vì phải báo cáo UBND tỉnh.\n"
        ),
        {"2026/20-UBND-KT#1"},
    ),
}


@pytest.mark.parametrize("name", HONEST)
def test_honest_change_passes(repo, name):
    path, old, new, touched = HONEST[name]
    repo.edit(path, old, new)
    result = run(repo)
    assert result.problems == [] and result.touched_task_ids == touched
    assert result.base == repo.git("rev-parse", "HEAD").strip()


def test_new_document_touches_only_its_tasks(repo):
    repo.write(
        "register/documents/2026/50-UBND-TH.yaml",
        repo.read(DOC20).replace("20/UBND-KT", "50/UBND-TH"),
    )
    result = run(repo)  # untracked file in the working tree
    assert result.problems == [] and result.touched_task_ids == {"2026/50-UBND-TH#1"}


REWRITES = {
    "progress edited": (
        DOC14,
        "Đã họp các đơn vị liên quan.",
        "Đã họp xong.",
        "history-progress-changed",
        19,
    ),
    "progress removed": (
        DOC14,
        "    progress:\n      - date: 2026-03-06\n        status: in_progress\n" + TAIL1,
        "",
        "history-progress-changed",
        8,
    ),
    "extension edited": (
        DOC14,
        "        document: 30/UBND-TH\n",
        "        document: 31/UBND-TH\n",
        "history-extension-changed",
        15,
    ),
    "deadline edited": (
        DOC14,
        "    deadline: 2026-03-31\n",
        "    deadline: 2026-04-30\n",
        "history-deadline-edited",
        13,
    ),
    "number changed": (
        DOC20,
        "number: 20/UBND-KT",
        "number: 21/UBND-KT",
        "history-number-changed",
        1,
    ),
    "issued changed": (
        DOC20,
        "issued: 2026-03-04",
        "issued: 2026-03-03",
        "history-issued-changed",
        3,
    ),
    "task removed": (
        DOC14,
        (
            "  - id: 2\n    content: Kiểm tra các công trình xây dựng chậm tiến độ.\n"
            "    assignee: SXD\n    monitor: KT\n    classification: QC45_b\n    deadline: 2026-04-30\n"
        ),
        "",
        "history-task-removed",
        7,
    ),
    "task renumbered": (DOC14, "  - id: 2\n", "  - id: 3\n", "history-task-id-changed", 22),
    "task id reused": (
        DOC14,
        "    content: Kiểm tra các công trình xây dựng chậm tiến độ.\n    assignee: SXD\n",
        "    content: Tổ chức hội nghị tổng kết năm về văn hóa.\n    assignee: STC\n",
        "history-task-id-reused",
        23,
    ),
    "classification changed silently": (
        DOC20,
        "QC45_d",
        "QC45_c",
        "history-classification-changed",
        12,
    ),
}


@pytest.mark.parametrize("name", REWRITES)
def test_rewrite_fails(repo, name):
    path, old, new, code, line = REWRITES[name]
    repo.edit(path, old, new)
    result = run(repo)
    found = [p for p in result.problems if p.code == code]
    assert found, result.problems
    problem = found[0]
    assert (problem.file, problem.line) == (path, line)
    assert problem.message and problem.hint
    expected = "warning" if code == "history-classification-changed" else "error"
    assert problem.severity == expected


def test_progress_reordered(repo):
    repo.edit(
        DOC14,
        TAIL1,
        TAIL1 + "      - date: 2026-03-13\n        status: in_progress\n        note: Hai.\n",
    )
    repo.commit("tiến độ", "2026-03-13T10:00:00+07:00")
    text = repo.read(DOC14)
    first = "      - date: 2026-03-06\n        status: in_progress\n" + TAIL1
    second = "      - date: 2026-03-13\n        status: in_progress\n        note: Hai.\n"
    repo.write(DOC14, text.replace(first + second, second + first))
    result = run(repo)
    assert codes(result) == ["history-progress-changed"]
    assert "đổi thứ tự" in result.problems[0].message


def test_document_removed_and_renamed(repo):
    repo.remove(DOC20)
    assert codes(run(repo)) == ["history-document-removed"]
    # The same document saved under a corrected number: reported as a number change, not a loss.
    repo.write(
        "register/documents/2026/21-UBND-KT.yaml",
        repo.git("show", f"HEAD:{DOC20}").replace("20/UBND-KT", "21/UBND-KT"),
    )
    result = run(repo)
    assert codes(result) == ["history-number-changed"]
    assert result.problems[0].file == "register/documents/2026/21-UBND-KT.yaml"


def test_since_a_branch_base(repo):
    """PR flow: committed changes on a branch, compared with the base branch."""
    repo.git("checkout", "-q", "-b", "feature")
    repo.edit(DOC14, "    deadline: 2026-04-30\n", "    deadline: 2026-05-30\n")
    repo.commit("sửa hạn", "2026-03-10T09:00:00+07:00")
    assert codes(run(repo, "main")) == ["history-deadline-edited"]
    assert run(repo, "HEAD").problems == []


def test_unknown_revision_is_a_usage_error(repo):
    with pytest.raises(HistoryError, match="không-có-nhánh") as raised:
        run(repo, "không-có-nhánh")
    assert raised.value.exit_code == 2 and "origin/main" in raised.value.hint


def test_shallow_clone_without_the_base(repo, tmp_path):
    repo.edit(DOC14, "Đã họp các đơn vị liên quan.", "Đã họp xong.")
    base = repo.git("rev-parse", "HEAD").strip()
    repo.commit("sửa", "2026-03-10T09:00:00+07:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    register, _problems = load_register(clone / "register")
    result = since_problems(clone, base, "register", register)
    assert result.problems == [] and "bản sao nông" in result.notes[0]
    assert "2026/14-CT-UBND#2" in result.touched_task_ids  # overdue rule falls back to the whole register


OVERDUE_TASK = (
    "  - id: 2\n    content: Báo cáo quá hạn của phòng khác.\n    assignee: STC\n    monitor: KT\n"
    "    classification: QC45_b\n    deadline: 2026-03-10\n"
)


def test_check_since_scopes_the_overdue_rule(repo, monkeypatch):
    """Through the real CLI: another division's overdue task does not block an unrelated change."""
    repo.edit(DOC20, "    classification: QC45_d\n", "    classification: QC45_d\n" + OVERDUE_TASK)
    repo.commit("thêm nhiệm vụ", "2026-03-06T09:00:00+07:00")
    monkeypatch.chdir(repo.root)
    runner = CliRunner()
    full = runner.invoke(main, ["check", "--as-of", "2026-03-20", "--format", "json"])
    assert full.exit_code == 3, full.output
    repo.write(
        "register/documents/2026/50-UBND-TH.yaml",
        repo.read(DOC14)
        .replace("14/CT-UBND", "50/UBND-TH")
        .replace("    deadline: 2026-03-31\n", "    deadline: 2026-04-30\n"),
    )
    scoped = runner.invoke(main, ["check", "--since", "HEAD", "--as-of", "2026-03-20", "--format", "json"])
    assert scoped.exit_code == 0, scoped.output
    repo.edit(DOC20, "Báo cáo quá hạn của phòng khác.", "Báo cáo quá hạn của phòng khác (sửa chính tả).")
    touched = runner.invoke(main, ["check", "--since", "HEAD", "--as-of", "2026-03-20", "--format", "json"])
    assert touched.exit_code == 3, touched.output
