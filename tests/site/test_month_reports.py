"""The site's Báo cáo section: real temporary Git repositories (tests/historyrepo.py) holding a
copy of tests/data/reports/register → `nhiemvu build` → MkDocs + Material.

The history of the module-scoped repository (Vietnam time):
  20/03 10:00  the register (14/CT-UBND#3, deadline 20/03, still open)
  22/03 09:00  a secret document 9/CT-UBND is committed by mistake
  27/03 10:00  it is removed; 14/CT-UBND#3 recorded done on 18/03 (after the March report day)
  20/04 15:00  progress on 14/CT-UBND#7 with a delay reason and a recommendation carrying
               HTML/Markdown payloads
Built as of 27/04/2026: March is read from Git at the end of 25/03, April at the end of 25/04.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as htmllib
import io
import re
import shutil
from pathlib import Path

import pytest
from historyrepo import GitRepo
from openpyxl import load_workbook
from registerkit import DATA as TEST_DATA
from registerkit import REPO
from sitekit import build as _build
from sitekit import page, text_of

from generator.history.snapshots import snapshot_at
from generator.register.load import load_register
from generator.register.model import DEFAULT_ZONE
from generator.reports.monthly import monthly_report_from_files
from generator.reports.xlsx import render_xlsx
from generator.site.month_reports import MAX_MONTHS, section_months

REGISTER = TEST_DATA / "reports" / "register"
CHANGES = TEST_DATA / "site_reports"
DOC = "register/documents/2026/14-CT-UBND.yaml"
SECRET = "register/documents/2026/9-CT-UBND.yaml"
MARKER = "BI-MAT-BAO-CAO-8c41"
AS_OF = "2026-04-27"
build = functools.partial(_build, as_of=AS_OF)
RECOMMENDATION_3 = "        recommendation: Thiếu kinh phí bồi thường; đề nghị Sở Tài chính bổ sung 2 tỷ đồng.\n"


def make_history(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.copy_register(REGISTER)
    repo.commit("Sổ theo dõi", "2026-03-20T10:00:00+07:00")
    repo.write(SECRET, (CHANGES / "secret.yaml").read_text(encoding="utf-8"))
    repo.commit("Nhập nhầm văn bản mật", "2026-03-22T09:00:00+07:00")
    repo.remove(SECRET)
    repo.edit(DOC, RECOMMENDATION_3, RECOMMENDATION_3 + (CHANGES / "done-backdated.yaml").read_text(encoding="utf-8"))
    repo.commit("Gỡ văn bản mật; 14/CT-UBND#3 đã xong ngày 18/03", "2026-03-27T10:00:00+07:00")
    repo.write(DOC, repo.read(DOC) + (CHANGES / "xss.yaml").read_text(encoding="utf-8"))
    repo.commit("Tiến độ 14/CT-UBND#7", "2026-04-20T15:00:00+07:00")
    return repo


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def agency_row(html: str, code: str) -> list[str]:
    """Cells of the agency's row in section II of a month page."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells and cells[0].endswith(f"({code})"):
            return cells[1:]
    raise AssertionError(f"no row for {code}")


def index_rows(html: str) -> dict[str, list[str]]:
    table = html.split('class="nv-table nv-counts nv-reports"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in table.split("<tbody>", 1)[1].split("<tr>")[1:]:
        cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    return make_history(tmp_path_factory.mktemp("bao-cao") / "repo")


@pytest.fixture(scope="module")
def site(repo) -> Path:
    out = repo.root.parent / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    return out


# -- pages from history -----------------------------------------------------------------------


def test_march_page_keeps_what_git_held_on_its_report_day(site, repo):
    march = page(site, "bao-cao/2026-03")
    text = text_of(march)
    overdue = section(text, "III. NHIỆM VỤ QUÁ HẠN", "IV. KHÓ KHĂN")
    assert "14/CT-UBND (2026) #3" in overdue  # done on 18/03, but recorded only on 27/03
    # counted: total, done on time, done late, in progress on time, overdue, no deadline, rate
    assert agency_row(march, "UBND_XA_HOA_PHU") == ["1", "0", "0", "0", "1", "0", "0,0%"]  # its one task is overdue
    second = repo.git("rev-parse", "HEAD~2").strip()
    assert f"lần lưu cuối cùng trong ngày: {saved_at(repo, second)}" in text
    assert "cuối ngày báo cáo 25/03/2026" in text
    assert second[:7] not in text and "commit" not in text  # no Git words on a public page


def saved_at(repo, rev: str) -> str:
    """When a commit was made, as the page says it (dd/mm/yyyy HH:MM, Vietnam time)."""
    epoch = int(repo.git("show", "-s", "--format=%ct", rev).strip())
    return f"{dt.datetime.fromtimestamp(epoch, DEFAULT_ZONE):%d/%m/%Y %H:%M}"


def test_april_page_shows_the_task_done(site, repo):
    april = page(site, "bao-cao/2026-04")
    text = text_of(april)
    assert "14/CT-UBND (2026) #3" not in section(text, "III. NHIỆM VỤ QUÁ HẠN", "IV. KHÓ KHĂN")
    assert agency_row(april, "UBND_XA_HOA_PHU") == ["1", "1", "0", "0", "0", "0", "100,0%"]
    assert f"lần lưu cuối cùng trong ngày: {saved_at(repo, 'HEAD')}" in text
    assert "Tạm tính" not in text  # 25/04 has passed on 27/04


def test_months_before_the_first_commit_use_the_first_commit(site, repo):
    text = text_of(page(site, "bao-cao/2025-10"))
    assert f"bản đầu tiên của sổ (lưu lúc {saved_at(repo, 'HEAD~3')})" in text
    assert "trước khi sổ theo dõi bắt đầu được lưu lịch sử" in text
    assert "Tính đến ngày 25/10/2025" in text


def test_index_lists_every_month_with_its_figures(site, repo):
    index = page(site, "bao-cao")
    rows = index_rows(index)
    assert list(rows) == [
        f"Tháng {m}" for m in ("4/2026", "3/2026", "2/2026", "1/2026", "12/2025", "11/2025", "10/2025")
    ]
    # total, done on time, done late, in progress on time, overdue, no deadline, rate, Excel
    assert rows["Tháng 3/2026"][:9] == ["25/03/2026", "7", "1", "1", "2", "2", "1", "25,0%", ".xlsx"]
    assert rows["Tháng 4/2026"][-1] == ".xlsx" and rows["Tháng 2/2026"][-1] == ""  # XLSX_MONTHS = 2
    # every row agrees with the report compiled through the reports API from the same commit
    for month, day in ((3, dt.date(2026, 3, 25)), (4, dt.date(2026, 4, 25))):
        report = monthly_report_from_files(snapshot_at(repo.root, day, "register").files, 2026, month)
        row = rows[f"Tháng {month}/2026"]
        assert row[1] == str(report.total) and row[5] == str(report.counts["overdue"])
    for month in ("2026-04", "2025-10"):
        assert f'href="{month}/"' in index and (site / "bao-cao" / month / "index.html").is_file()
    text = text_of(index)
    assert f"tối đa {MAX_MONTHS} tháng gần nhất" in text
    # linked from the navigation and the home page
    assert 'href="bao-cao/"' in page(site, "")
    nav = page(site, "qua-han").split('href="../bao-cao/" class="md-nav__link"', 1)
    assert len(nav) == 2 and "Báo cáo" in nav[1].split("</a>", 1)[0]


def test_month_pages_are_left_out_of_the_search_index(site):
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "bao-cao/2026-03/" not in search and "bao-cao/" in search


def test_excel_file_of_the_newest_months(site, repo):
    data = (site / "bao-cao" / "bao-cao-thang-2026-04.xlsx").read_bytes()
    files = snapshot_at(repo.root, dt.date(2026, 4, 25), "register").files
    assert data == render_xlsx(monthly_report_from_files(files, 2026, 4))  # same bytes as the CLI's
    book = load_workbook(io.BytesIO(data))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("THÁNG 4 NĂM 2026" in c for c in cells) and "14/CT-UBND (2026) #7" in cells
    assert 'href="../bao-cao-thang-2026-04.xlsx"' in page(site, "bao-cao/2026-04")
    assert not (site / "bao-cao" / "bao-cao-thang-2026-02.xlsx").exists()
    assert "nhiemvu report monthly --month 2026-02 --format xlsx" in text_of(page(site, "bao-cao/2026-02"))
    # the index names the command that rebuilds any month as Git held it on its report day
    assert "nhiemvu report monthly --month YYYY-MM --from-history" in text_of(page(site, "bao-cao"))


def test_payloads_in_delay_reason_and_recommendation_stay_text(site):
    april = page(site, "bao-cao/2026-04")
    text = htmllib.unescape(text_of(april))
    assert "Chờ vốn <script>alert('bc1')</script> [x](javascript:alert(2)) **đậm**" in text
    assert "<img src=x onerror=alert(3)> | đề nghị `bổ sung` {: onclick=alert(4)} &lt;b&gt;" in text
    assert "<script>alert(" not in april and "<img src=x" not in april
    assert 'href="javascript:' not in april.lower()
    assert not re.search(r"<[a-z][^>]*\sonclick=", april, re.I)
    assert "<strong>đậm</strong>" not in april and "<code>bổ sung</code>" not in april


def test_secret_document_of_a_past_commit_never_reaches_the_site(site):
    march = text_of(page(site, "bao-cao/2026-03"))
    assert "Tổng số 7" in march  # the secret document's task is not counted
    for path in site.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
            assert b"9/CT-UBND" not in path.read_bytes(), path


def test_two_builds_are_byte_identical(site, repo, tmp_path):
    again = tmp_path / "again"
    assert build(repo.root, again).exit_code == 0
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert "bao-cao/2026-03/index.html" in files and "bao-cao/bao-cao-thang-2026-04.xlsx" in files
    for rel in files:
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


# -- without Git -------------------------------------------------------------------------------


def test_register_without_git_builds_the_section_from_the_current_register(repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo.root / "register", plain / "register")
    settings = plain / "register" / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "sample_data: true\n", encoding="utf-8")
    out = tmp_path / "site"
    result = build(plain, out, as_of="2026-04-20")
    assert result.exit_code == 0, result.output

    march = page(out, "bao-cao/2026-03")
    text = text_of(march)
    assert "sổ theo dõi hiện tại (không kèm lịch sử thay đổi)" in text
    # today's register knows that 14/CT-UBND#3 was done on 18/03: March counts it done on time
    assert "14/CT-UBND (2026) #3" not in section(text, "III. NHIỆM VỤ QUÁ HẠN", "IV. KHÓ KHĂN")
    assert agency_row(march, "UBND_XA_HOA_PHU") == ["1", "1", "0", "0", "0", "0", "100,0%"]
    # the sample-data notice is a real admonition (the extension is on), not "!!!" text
    assert '<div class="admonition warning">' in march and "!!!" not in march

    april = text_of(page(out, "bao-cao/2026-04"))
    assert "Tạm tính" in april and "Tính đến ngày 20/04/2026" in april
    assert "Chờ vốn" in section(april, "III. NHIỆM VỤ QUÁ HẠN", "IV. KHÓ KHĂN")  # dated 20/04: in
    rows = index_rows(page(out, "bao-cao"))
    assert list(rows)[0] == "Tháng 4/2026 (tạm tính)" and rows["Tháng 4/2026 (tạm tính)"][0] == "20/04/2026"
    assert "Tháng 3/2026" in rows


# -- months listed -------------------------------------------------------------------------------


def test_at_most_max_months_pages_and_the_rest_counted():
    register, _ = load_register(REGISTER)  # first document issued 15/10/2025
    months, omitted = section_months(register, dt.date(2027, 12, 27))
    assert len(months) == MAX_MONTHS and omitted == 3  # 10–12/2025 left out
    assert months[0] == (2027, 12, False) and months[-1] == (2026, 1, False)
    months, omitted = section_months(register, dt.date(2027, 12, 20))
    assert months[0] == (2027, 12, True) and len(months) == MAX_MONTHS and omitted == 3
    assert section_months(register, dt.date(2025, 10, 20)) == ([(2025, 10, True)], 0)
    assert section_months(register, dt.date(2025, 10, 1)) == ([], 0)


def test_register_text_that_starts_a_line_gets_no_markdown_meaning():
    """The office name begins a line of the compilation: as heading, list or quote marker it
    must stay text in the month page (Python-Markdown with the extensions of mkdocs.yml)."""
    import markdown
    import yaml

    from generator.reports.monthly import monthly_report_for, render_markdown

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    register, _ = load_register(REGISTER)
    for office, shown in [
        ("# Văn phòng", "<p># Văn phòng — "),
        ("- Văn phòng", "<p>- Văn phòng — "),
        ("1. Văn phòng", "<p>1. Văn phòng — "),
        ("> Văn phòng", "<p>&gt; Văn phòng — "),
    ]:
        register.settings.office = office
        out = markdown.markdown(render_markdown(monthly_report_for(register, 2026, 3)), extensions=extensions)
        assert shown in out, office
        assert "<h1>Văn phòng" not in out and "<li>Văn phòng" not in out and "<blockquote>" not in out
