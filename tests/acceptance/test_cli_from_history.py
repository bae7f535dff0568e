"""`check` and `export` with --from-history read the register as it stood in Git that day;
`check --since` with an unknown revision is a wrong call (exit 2), never a traceback."""

from __future__ import annotations

import json

from click.testing import CliRunner
from historyrepo import GitRepo

from generator.cli import main

DOC = "register/documents/2026/20-UBND-KT.yaml"


def _repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.copy_register()
    repo.commit("Nhập sổ", when="2026-03-02T09:00:00+07:00")
    repo.edit(DOC, "title: ", "title: Sửa đổi - ")
    repo.commit("Sửa trích yếu", when="2026-06-10T09:00:00+07:00")
    return repo


def _invoke(repo: GitRepo, *args: str):
    return CliRunner().invoke(main, [*args, "--register", str(repo.root / "register")], catch_exceptions=False)


def test_export_from_history_reads_the_old_text(tmp_path):
    repo = _repo(tmp_path)
    old = json.loads(_invoke(repo, "export", "--format", "json", "--as-of", "2026-04-01", "--from-history").output)
    new = json.loads(_invoke(repo, "export", "--format", "json", "--as-of", "2026-06-11", "--from-history").output)
    titles_old = {t["document_title"] for t in old["tasks"]}
    titles_new = {t["document_title"] for t in new["tasks"]}
    assert not any(t.startswith("Sửa đổi - ") for t in titles_old)
    assert any(t.startswith("Sửa đổi - ") for t in titles_new)
    assert old["as_of"] == "2026-04-01"


def test_check_from_history_names_the_commit(tmp_path):
    repo = _repo(tmp_path)
    result = _invoke(repo, "check", "--format", "json", "--as-of", "2026-04-01", "--from-history")
    data = json.loads(result.output)
    assert result.exit_code in (0, 3)
    assert data["summary"]["notes"] and "commit" in data["summary"]["notes"][0]


def test_from_history_before_the_first_commit_is_a_wrong_call(tmp_path):
    repo = _repo(tmp_path)
    result = _invoke(repo, "check", "--as-of", "2020-01-01", "--from-history")
    assert result.exit_code == 2
    assert "Lỗi:" in result.output


def test_since_unknown_revision_exits_2_in_vietnamese(tmp_path):
    repo = _repo(tmp_path)
    result = _invoke(repo, "check", "--since", "khong-co-nhanh-nay")
    assert result.exit_code == 2
    assert "khong-co-nhanh-nay" in result.output
    assert "Traceback" not in result.output


def test_monthly_report_from_history_uses_the_register_of_that_day(tmp_path):
    """A task marked done with a back date (20/03) but committed in April: the March report
    rebuilt from history shows it open, as it was sent on 25/03; from today's register, done."""
    repo = _repo(tmp_path)
    doc14 = "register/documents/2026/14-CT-UBND.yaml"
    repo.edit(
        doc14,
        "        note: Đã họp các đơn vị liên quan.\n",
        "        note: Đã họp các đơn vị liên quan.\n"
        "      - date: 2026-03-20\n        status: done\n        report: 12/BC-STC\n",
    )
    repo.commit("Ghi bổ sung tiến độ", when="2026-04-20T09:00:00+07:00")
    args = ("report", "monthly", "--month", "2026-03", "--format", "md")
    rebuilt = _invoke(repo, *args, "--from-history")
    default = _invoke(repo, *args)
    current = _invoke(repo, *args, "--as-of", "2026-03-25")
    assert rebuilt.exit_code == default.exit_code == current.exit_code == 0, rebuilt.output + default.output
    assert "| Hoàn thành đúng hạn | 0 |" in rebuilt.stdout
    assert "commit" in rebuilt.stderr
    # by default a past month is compiled as the site's month page is: from Git on its report day
    assert default.stdout == rebuilt.stdout
    assert "như đã lưu vào cuối ngày báo cáo 25/03/2026" in default.stderr
    # --as-of: today's register evaluated at that date, which knows of the back-dated completion
    assert "| Hoàn thành đúng hạn | 1 |" in current.stdout
