"""Every figure agrees everywhere (issue 9), on the register this repository ships.

The shipped register is committed to a fresh Git repository on 20/11/2026 and built as of
29/11/2026, as CI would publish it. The task list of `nhiemvu export` is the reference: from it
the test recomputes, by its own simple counting, what every other view must show — the open
data of the ranking, the agency and monitoring-division tables, the home page's cards, the
build and check messages, the monthly report (Markdown from the command, the site's page and
its Excel file). A reader who compares any two of them must find the same numbers.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest
from registerkit import GIT_ENV, REPO, git, run_cli

from generator.register.status import CATEGORIES as LABELS

AS_OF = "2026-11-29"
REPORT_DAY = "2026-11-25"  # the report day of November (register.yaml: monthly_report_day)
COMMITTED = "2026-11-20T09:00:00+07:00"

# The categories of the export, each with the column label a reader sees.
CATEGORIES = tuple(LABELS)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "register", root / "register")
    env_dates = {"GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    subprocess.run(
        ["git", "-C", str(root), "commit", "-q", "-m", "Sổ theo dõi"],
        env={**os.environ, **GIT_ENV, **env_dates},
        check=True,
    )
    site = root / "site"
    result = run_cli(["build", "--as-of", AS_OF, "--site-dir", site], cwd=root)
    assert result.exit_code == 0, result.output
    export = run_cli(["export", "--as-of", AS_OF, "--format", "json"], cwd=root)
    assert export.exit_code == 0, export.output
    return {"root": root, "site": site, "build_output": result.output, "tasks": json.loads(export.stdout)["tasks"]}


# -- reading what a reader reads


def cells(row_html: str) -> list[str]:
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in found]


def tables(page: str) -> list[list[list[str]]]:
    """Every table of the page's content, as rows of cell texts (header row first)."""
    body = page.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    found = re.findall(r"<table.*?</table>", body, re.S)
    return [[cells(r) for r in re.findall(r"<tr.*?</tr>", t, re.S)] for t in found]


def table_with(page: str, header: str) -> list[dict[str, str]]:
    for table in tables(page):
        if table and header in table[0]:
            return [dict(zip(table[0], row, strict=True)) for row in table[1:] if row]
    raise AssertionError(f"no table with the column «{header}»")


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def percent(rate: float | None) -> str:
    """The site's and the reports' way of writing a rate: one decimal, decimal comma."""
    return "—" if rate is None else f"{rate * 100:.1f}".replace(".", ",") + "%"


def number(text: str) -> int:
    return int(text.replace(".", "").replace("\u202f", "").strip())


# -- the reference, counted from the export by the test itself


def counts_by(tasks: list[dict], key: str) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for task in tasks:
        out[task[key]][task["category"]] += 1
        out[task[key]]["tasks"] += 1
        out[task[key]]["unexplained"] += bool(task["overdue_unexplained"])
    return out


def rate(counts: Counter) -> float | None:
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    return counts["done_on_time"] / due if due else None


def test_the_export_is_the_whole_register_once(built):
    ids = [t["id"] for t in built["tasks"]]
    assert len(ids) == len(set(ids)), "a task id is repeated in the export"
    assert all(re.fullmatch(r"\d{4}/[A-Za-z0-9-]+#\d+", i) for i in ids)
    documents = list((built["root"] / "register" / "documents").rglob("*.yaml"))
    assert {i.split("#")[0] for i in ids} == {p.relative_to(p.parents[1]).with_suffix("").as_posix() for p in documents}


def test_open_data_of_the_ranking_is_the_export_counted(built):
    data = json.loads((built["site"] / "data" / "agencies.json").read_text(encoding="utf-8"))
    assert data["as_of"] == AS_OF
    expected = counts_by(built["tasks"], "assignee")
    got = {row["code"]: row for row in data["agencies"]}
    assert set(got) == set(expected)
    for code, counts in expected.items():
        row = got[code]
        assert row["tasks"] == counts["tasks"], code
        for key in CATEGORIES:
            column = "in_progress_on_time" if key == "open_on_time" else key
            assert row[column] == counts[key], (code, key)
        assert row["on_time_rate"] == (None if rate(counts) is None else pytest.approx(rate(counts))), code
    # The CSV is the same table.
    csv_text = (built["site"] / "data" / "agencies.csv").read_bytes().decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == len(expected) + 1


def test_the_agency_ranking_shows_the_same_numbers(built):
    data = json.loads((built["site"] / "data" / "agencies.json").read_text(encoding="utf-8"))
    by_name = {row["name"]: row for row in data["agencies"]}
    expected = counts_by(built["tasks"], "assignee")
    rows = table_with(read(built["site"], "co-quan"), "Tỷ lệ đúng hạn")
    assert {r["Cơ quan"] for r in rows} == set(by_name), "the ranking lists other agencies than the open data"
    for r in rows:
        code = by_name[r["Cơ quan"]]["code"]
        counts = expected[code]
        assert number(r["Được giao"]) == counts["tasks"], code
        for key, label in LABELS.items():
            assert number(r[label]) == counts[key], (code, label)
        assert number(r["Quá hạn chưa nêu lý do"]) == counts["unexplained"], code
        assert r["Tỷ lệ đúng hạn"] == percent(rate(counts)), code


def test_the_monitoring_divisions_show_the_same_numbers(built):
    expected = counts_by(built["tasks"], "monitor")
    rows = table_with(read(built["site"], "theo-doi"), "Đơn vị theo dõi")
    assert len(rows) == len(expected)
    assert sum(number(r["Được giao"]) for r in rows) == len(built["tasks"])
    by_total = sorted((number(r["Được giao"]), r["Tỷ lệ đúng hạn"]) for r in rows)
    assert by_total == sorted((c["tasks"], percent(rate(c))) for c in expected.values())


def test_home_page_build_message_and_check_agree(built):
    tasks = built["tasks"]
    total = Counter(t["category"] for t in tasks)
    home = read(built["site"], ".")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", home)).split())
    assert f"{len(tasks)} nhiệm vụ được giao (trong đó {total['cancelled']} đã hủy)" in text
    assert f"{total['overdue']} quá hạn chưa hoàn thành" in text
    assert f"{percent(rate(total))} tỷ lệ đúng hạn" in text
    assert f"({len(tasks)} nhiệm vụ," in built["build_output"]
    rows = table_with(home, "Số nhiệm vụ")
    shown = {r["Tình hình"]: number(r["Số nhiệm vụ"]) for r in rows}
    assert shown["Tổng cộng"] == len(tasks)
    for key, label in LABELS.items():
        assert next(v for k, v in shown.items() if k.startswith(label)) == total[key], label
    check = run_cli(["check", "--as-of", AS_OF], cwd=built["root"])
    unexplained = sum(bool(t["overdue_unexplained"]) for t in tasks)
    assert f"{len(tasks)} nhiệm vụ" in check.output
    assert f"{unexplained} nhiệm vụ quá hạn chưa nêu lý do" in check.output
    assert f"{total['overdue']} nhiệm vụ quá hạn." in check.output


def test_the_overdue_list_lists_exactly_the_overdue_tasks(built):
    overdue = [t for t in built["tasks"] if t["category"] == "overdue"]
    rows = table_with(read(built["site"], "qua-han"), "Số ngày quá hạn")
    shown = Counter((r["Văn bản"], number(r["Số ngày quá hạn"]), r["Lý do chậm"] == "Chưa nêu lý do") for r in rows)
    wanted = Counter(
        (f"{t['document']} ({t['issued'][:4]})", t["days_overdue"], t["overdue_unexplained"]) for t in overdue
    )
    assert shown == wanted


def monthly_reference(tasks_at_report_day: list[dict]) -> dict[str, Counter]:
    """The monthly report's scope, counted by the test: documents issued by the report day,
    less tasks finished before 1 January of the report's year; cancelled tasks apart."""
    year_start = dt.date(2026, 1, 1).isoformat()
    out: dict[str, Counter] = defaultdict(Counter)
    for task in tasks_at_report_day:
        if task["issued"] > REPORT_DAY:
            continue
        finished = task["completed"] or task["last_progress"]
        if task["status"] in ("done", "cancelled") and finished and finished < year_start:
            continue
        out[task["assignee"]][task["category"]] += 1
    return out


def test_the_monthly_report_agrees_in_every_form(built):
    root, site = built["root"], built["site"]
    export = run_cli(["export", "--as-of", REPORT_DAY, "--format", "json"], cwd=root)
    expected = monthly_reference(json.loads(export.stdout)["tasks"])

    def check_row(code: str, values: dict[str, str | int | float | None], total_key: str) -> None:
        counts = expected[code]
        kept = sum(v for k, v in counts.items() if k != "cancelled")
        assert number(str(values[total_key])) == kept, (code, "total without cancelled tasks")
        for key, label in LABELS.items():
            if label in values:
                assert number(str(values[label])) == counts[key], (code, label)

    # The command's Markdown, from the working tree and from history, and the site's page.
    for extra in ([], ["--from-history"]):
        args = ["report", "monthly", "--month", "2026-11", "--as-of", REPORT_DAY, "--format", "md", *extra]
        md = run_cli(args, cwd=root)
        assert md.exit_code == 0, md.output
        agency_row = re.compile(r"\(([A-Z0-9_\\]+)\) \|")
        lines = [line for line in md.stdout.splitlines() if line.startswith("| ") and agency_row.search(line)]
        header = next(line for line in md.stdout.splitlines() if line.startswith("| Cơ quan |"))
        names = [c.strip() for c in header.strip("|").split("|")]
        assert len(lines) == len(expected)
        for line in lines:
            values = dict(zip(names, [c.strip() for c in line.strip("|").split("|")], strict=True))
            code = re.search(r"\(([A-Z0-9_\\]+)\)$", values["Cơ quan"]).group(1).replace("\\", "")
            check_row(code, values, "Tổng số")
            counts = expected[code]
            assert values["Tỷ lệ đúng hạn"] == percent(rate(counts)), code

    rows = table_with(read(site, "bao-cao/2026-11"), "Tổng số")
    assert len(rows) == len(expected)
    for r in rows:
        code = re.search(r"\(([A-Z0-9_]+)\)$", r["Cơ quan"]).group(1)
        check_row(code, r, "Tổng số")
        assert r["Tỷ lệ đúng hạn"] == percent(rate(expected[code])), code

    sheet = openpyxl.load_workbook(site / "bao-cao" / "bao-cao-thang-2026-11.xlsx")["Tổng hợp"]
    values = list(sheet.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(values) if row[0] == "STT")
    names = list(values[head])
    body = [dict(zip(names, row, strict=True)) for row in values[head + 1 :] if isinstance(row[0], int)]
    assert len(body) == len(expected)
    for row in body:
        code = row["Mã cơ quan"]
        check_row(code, row, "Tổng số")
        assert row["Đã hủy"] == expected[code]["cancelled"], code
        want = rate(expected[code])
        assert row["Tỷ lệ hoàn thành đúng hạn"] == (None if want is None else pytest.approx(want)), code


def test_diff_of_the_register_against_itself_reports_nothing(built):
    result = run_cli(["diff", "HEAD", "--as-of", AS_OF], cwd=built["root"])
    assert result.exit_code == 0, result.output
    assert "Không có thay đổi nào" in result.stdout
    assert "Trạng thái" not in result.stdout
