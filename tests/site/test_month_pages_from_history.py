"""Data for the site's Báo cáo section: a past month's page is computed from the register as it
stood in Git on that month's report day, so later edits do not change it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from registerkit import DATA as TEST_DATA

from generator.history.snapshots import snapshot_at
from generator.register.load import load_register
from generator.reports.monthly import (
    monthly_report_from_files,
    render_markdown,
    render_report_index,
    report_months,
)

DATA = TEST_DATA / "reports" / "register"


def commit(root: Path, when: str, message: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn thư",
        "GIT_AUTHOR_EMAIL": "vt@example.gov.vn",
        "GIT_COMMITTER_NAME": "Văn thư",
        "GIT_COMMITTER_EMAIL": "vt@example.gov.vn",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], env=env, check=True)


def test_past_month_page_is_rebuilt_from_history(tmp_path):
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    shutil.copytree(DATA, root / "register")
    commit(root, "2026-03-20T10:00:00+07:00", "Sổ theo dõi tháng 3")

    # On 27/03 a clerk records that the overdue task 14/CT-UBND#3 was in fact done on 18/03
    # (before its deadline): today's register then counts it as done on time in March too.
    doc = root / "register" / "documents" / "2026" / "14-CT-UBND.yaml"
    doc.write_text(
        doc.read_text("utf-8").replace(
            "        recommendation: Thiếu kinh phí bồi thường; đề nghị Sở Tài chính bổ sung 2 tỷ đồng.\n",
            "        recommendation: Thiếu kinh phí bồi thường; đề nghị Sở Tài chính bổ sung 2 tỷ đồng.\n"
            "      - date: 2026-03-18\n        status: done\n",
        ),
        "utf-8",
    )
    commit(root, "2026-03-27T10:00:00+07:00", "Cập nhật tiến độ")

    snapshot = snapshot_at(root, dt.date(2026, 3, 25), "register")
    then = monthly_report_from_files(snapshot.files, 2026, 3)
    now_files = {
        f"register/{p.relative_to(root / 'register').as_posix()}": p.read_bytes()
        for p in (root / "register").rglob("*.yaml")
    }
    now = monthly_report_from_files(now_files, 2026, 3)
    assert then.as_of == now.as_of == dt.date(2026, 3, 25)
    assert then.counts["overdue"] == 2 and now.counts["overdue"] == 1
    assert [i.number for i in then.intake_late] == ["215/TTr-SNNMT"]  # intake read from history too
    overdue_now = render_markdown(now).split("## III.")[1].split("## IV.")[0]
    assert "14/CT-UBND (2026) #3" in render_markdown(then) and "14/CT-UBND (2026) #3" not in overdue_now


def test_months_listed_are_those_whose_report_day_has_passed():
    register, _ = load_register(DATA)
    assert report_months(register, dt.date(2026, 3, 24))[:2] == [(2026, 2), (2026, 1)]
    months = report_months(register, dt.date(2026, 3, 25))
    assert months[0] == (2026, 3) and months[-1] == (2025, 10)  # first document: 15/10/2025
    assert report_months(register, dt.date(2026, 3, 25), since=dt.date(2026, 1, 1))[-1] == (2026, 1)


def test_index_links_each_month():
    files = {f"register/{p.relative_to(DATA).as_posix()}": p.read_bytes() for p in DATA.rglob("*.yaml")}
    reports = [monthly_report_from_files(files, 2026, m) for m in (3, 2)]
    text = render_report_index(reports)
    assert "| [Tháng 3/2026](2026-03.md) | 25/03/2026 | 7 | 1 | 2 | 25,0% |" in text
    assert "[Tháng 2/2026](2026-02.md)" in text
