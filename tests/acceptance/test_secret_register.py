"""The secret register (R5): the sample checks clean; its books print as the Office signs them
(opened again: columns, «MẬT», page numbers, totals); the public side learns one number only;
and a secret document or book that once reached the public register's history never reaches
the site, its feed or its month pages, while removing it is not called a mistake."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from registerkit import DATA, GIT_ENV, git, make_register, run_cli
from test_secret_leaks import BOOK, MARK, secret_document, texts

from generator.reports.books import COLUMNS, soffice

SAMPLE = DATA / "secret" / "register"


@pytest.fixture
def secret_repo(tmp_path):
    """The sample secret register in its own folder (never beside a public register)."""
    root = tmp_path / "so-mat"
    shutil.copytree(SAMPLE, root / "register")
    return root


def test_the_sample_secret_register_is_clean(secret_repo):
    result = run_cli(["check", "--as-of", "2026-04-20", "--format", "json"], cwd=secret_repo)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["problems"] == []
    sample = (SAMPLE / "register.yaml").read_text(encoding="utf-8")
    assert "audience: secret" in sample and "sample_data: true" in sample and "HƯ CẤU" in sample


def test_the_sample_inside_the_tool_repository_is_called_a_mix(tmp_path):
    """Beside a public register in one repository, a secret register is an error."""
    root = tmp_path / "kho"
    make_register(root)  # a Git repository: both registers in one clone
    shutil.copytree(SAMPLE, root / "so-mat" / "register")
    result = run_cli(["check", "--register", "so-mat/register", "--as-of", "2026-04-20"], cwd=root)
    assert result.exit_code == 1 and "[mixed-audiences]" in result.stdout


def test_a_secret_register_online_is_warned(secret_repo):
    git(secret_repo, "init", "-q", "-b", "main")
    git(secret_repo, "remote", "add", "origin", "https://example.invalid/so-mat.git")
    result = run_cli(["check", "--as-of", "2026-04-20"], cwd=secret_repo)
    assert result.exit_code == 0 and "[secret-register-online]" in result.stdout and "remote" in result.stdout


def _book(secret_repo, book: str, fmt: str):
    result = run_cli(["book", book, "--year", "2026", "--format", fmt], cwd=secret_repo)
    assert result.exit_code == 0, result.output
    stems = {"outgoing": "so-tai-lieu-mat-di", "incoming": "so-tai-lieu-mat-den"}
    path = secret_repo / f"MAT-{stems[book]}-2026.{fmt}"
    assert path.is_file(), result.output
    return path


@pytest.mark.parametrize("book", ["outgoing", "incoming"])
def test_book_xlsx_opens_with_columns_marks_and_totals(secret_repo, book):
    path = _book(secret_repo, book, "xlsx")
    ws = load_workbook(path).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in values if r[0] in ("Số", "Số đến"))
    assert tuple(header) == tuple(name for name, _w in COLUMNS[book])  # the letter's columns, in order
    flat = [str(v) for row in values for v in row if v is not None]
    assert flat[0] == "MẬT" and flat[-1] == "MẬT"
    assert "MẬT" in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert any(v.startswith("Tổng số năm 2026: ") for v in flat)
    if book == "outgoing":
        assert "(không ghi trích yếu: tuyệt mật, chưa có phép)" in flat  # no approval: no summary
        assert "Về kế hoạch mẫu C (dữ liệu hư cấu)" in flat  # approved by CVP
    else:
        assert sum(v == "(đã ký)" for v in flat) == 8  # 4 hand-overs × giver and receiver
        assert any("→" in v for v in flat) and ws.merged_cells.ranges


def test_book_docx_has_marks_page_numbers_and_a_row_per_handover(secret_repo):
    path = _book(secret_repo, "incoming", "docx")
    doc = Document(path)
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert "MẬT" in section.header.paragraphs[0].text and "MẬT" in section.footer.paragraphs[0].text
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [name for name, _w in COLUMNS["incoming"]]
    assert len(table.rows) == 1 + 4  # header + one row per hand-over (3 + 1)
    assert any("Số lần giao nhận: 4" in p.text for p in doc.paragraphs)


def test_book_output_is_deterministic(secret_repo):
    first = _book(secret_repo, "outgoing", "xlsx").read_bytes()
    second = _book(secret_repo, "outgoing", "xlsx").read_bytes()
    assert first == second


def test_book_pdf_prints_with_marks_and_page_numbers(secret_repo):
    assert soffice() is not None, "LibreOffice is installed by .ci/setup"
    path = _book(secret_repo, "incoming", "pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("MẬT") >= 2 and "Trang 1/1" in text and "SỔ ĐĂNG KÝ TÀI LIỆU MẬT ĐẾN NĂM 2026" in text
    assert "Bên giao" in text and "Bên nhận" in text and "Tổng số năm 2026: 2 tài liệu" in text
    assert _book(secret_repo, "incoming", "pdf").read_bytes() == path.read_bytes()  # deterministic


def test_pdf_without_libreoffice_says_what_to_install(secret_repo, monkeypatch):
    import generator.reports.books as books

    monkeypatch.setattr(books, "soffice", lambda: None)
    result = run_cli(["book", "incoming", "--year", "2026", "--format", "pdf"], cwd=secret_repo)
    assert result.exit_code == 1 and "LibreOffice" in result.stderr and "Traceback" not in result.output


def test_book_on_a_public_register_is_refused(tmp_path):
    make_register(tmp_path, git_repo=False)
    result = run_cli(["book", "outgoing", "--year", "2026"], cwd=tmp_path)
    assert result.exit_code == 2 and "sổ mật" in result.stderr


def test_public_report_states_only_the_number_carried_over(secret_repo, tmp_path):
    counts = run_cli(["report", "monthly", "--month", "2026-04", "--counts-only"], cwd=secret_repo)
    assert counts.exit_code == 0, counts.output
    lines = [line for line in counts.stdout.splitlines() if not line.startswith("#")]
    assert lines == ["kind: nhiemvu-so-lieu-so-mat", "month: 2026-04", "as_of: 2026-04-25", "tasks: 3"]
    public = tmp_path / "cong-khai"
    make_register(public, git_repo=False)
    carried = public / "so-lieu-mat.yaml"
    carried.write_text(counts.stdout, encoding="utf-8")
    args = ["report", "monthly", "--month", "2026-04", "--secret-counts", carried]
    report = run_cli([*args, "--format", "md"], cwd=public)
    assert report.exit_code == 0, report.output
    assert "(văn bản mật: 3 nhiệm vụ, theo dõi riêng)" in report.stdout
    assert run_cli([*args, "--output", public / "r.docx"], cwd=public).exit_code == 0
    assert "(văn bản mật: 3 nhiệm vụ, theo dõi riêng)" in texts(public / "r.docx")
    # anything but the four plain keys is refused: no text can ride along
    carried.write_text(counts.stdout + "note: Về phương án mẫu A\n", encoding="utf-8")
    refused = run_cli([*args, "--format", "md"], cwd=public)
    assert refused.exit_code == 1 and "Về phương án" not in refused.output
    carried.write_text(counts.stdout.replace("2026-04", "2026-03"), encoding="utf-8")
    assert run_cli([*args, "--format", "md"], cwd=public).exit_code == 1
    assert run_cli(["report", "monthly", "--month", "2026-04", "--counts-only"], cwd=public).exit_code == 2


def test_secret_report_and_export_are_marked(secret_repo):
    result = run_cli(["report", "monthly", "--month", "2026-04", "--output", "bao-cao.docx"], cwd=secret_repo)
    assert result.exit_code == 0, result.output
    doc = Document(secret_repo / "MAT-bao-cao.docx")
    assert "MẬT" in doc.sections[0].header.paragraphs[0].text and "MẬT" in doc.sections[0].footer.paragraphs[0].text
    result = run_cli(["report", "monthly", "--month", "2026-04", "--output", "bao-cao.xlsx"], cwd=secret_repo)
    for ws in load_workbook(secret_repo / "MAT-bao-cao.xlsx").worksheets:
        assert ws.oddHeader.center.text == "MẬT" and "MẬT" in ws.oddFooter.center.text
    exported = run_cli(["export", "--format", "json", "--as-of", "2026-04-20"], cwd=secret_repo)
    data = json.loads(exported.stdout)
    assert data["mark"] == data["mark_end"] == "MẬT" and len(data["tasks"]) == 3
    md = run_cli(["report", "monthly", "--month", "2026-04", "--format", "md"], cwd=secret_repo).stdout
    assert md.startswith("**MẬT**") and md.rstrip().endswith("**MẬT**")


def commit_on(root, message: str, when: str) -> None:
    """Commit everything with the author and committer date `when` (what history reads)."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def test_secret_history_never_reaches_the_public_site(tmp_path):
    """A secret document and a book committed, then removed: the site built afterwards (its
    history page, feed, month pages) holds nothing of them, and removing them is not an error."""
    root = tmp_path / "kho"
    register = make_register(root)
    (register / "documents/2026/7-CV-UBND.yaml").write_text(secret_document(7, "secret"), encoding="utf-8")
    (register / "documents/2026/8-CV-UBND.yaml").write_text(secret_document(8, "Mật"), encoding="utf-8")
    (register / "books/incoming").mkdir(parents=True)
    (register / "books/incoming/2026.yaml").write_text(BOOK, encoding="utf-8")
    commit_on(root, "Nhập nhầm văn bản mật", "2026-03-06T09:00:00+07:00")
    since = run_cli(["check", "--since", "HEAD", "--as-of", "2026-04-20", "--format", "json"], cwd=root)
    assert {p["code"] for p in json.loads(since.stdout)["problems"]} >= {"secret-document", "books-in-public"}
    for rel in ("documents/2026/7-CV-UBND.yaml", "documents/2026/8-CV-UBND.yaml", "books/incoming/2026.yaml"):
        (register / rel).unlink()
    result = run_cli(["check", "--since", "HEAD", "--as-of", "2026-04-20", "--format", "json"], cwd=root)
    codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert "history-document-removed" not in codes and codes.count("history-secret-removed") == 2
    assert result.exit_code == 0
    assert "git filter-repo" in result.stdout and MARK not in result.stdout
    commit_on(root, "Xóa văn bản mật", "2026-04-02T09:00:00+07:00")
    site = tmp_path / "site"
    built = run_cli(["build", "--site-dir", site, "--as-of", "2026-04-20"], cwd=root)
    assert built.exit_code == 0, built.output
    leaks = [p for p in site.rglob("*") if p.is_file() and MARK in texts(p)]
    assert leaks == [] and MARK not in built.output
    assert (site / "feed.xml").is_file() and list((site / "bao-cao").glob("*.xlsx"))
    # the month page of March is read from Git on 25/3, when the secret documents were there
    march = (site / "bao-cao/2026-03/index.html").read_text(encoding="utf-8")
    assert "tháng 3 năm 2026" in march
    # and a build from history on a day the secret document was in the register is refused
    old = run_cli(["build", "--site-dir", tmp_path / "old", "--as-of", "2026-03-25", "--from-history"], cwd=root)
    assert old.exit_code == 1 and MARK not in old.output and not (tmp_path / "old").exists()


def test_audience_takes_two_values_only(tmp_path):
    register = make_register(tmp_path, git_repo=False)
    path = register / "register.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("audience: public", "audience: internal"), "utf-8")
    result = run_cli(["check", "--as-of", "2026-04-20", "--format", "json"], cwd=tmp_path)
    found = [p for p in json.loads(result.stdout)["problems"] if p["file"] == "register/register.yaml"]
    assert [(p["code"], p["line"]) for p in found] == [("bad-value", 4)]
    assert "public = công khai; secret = mật" in found[0]["hint"] and result.exit_code == 1


def test_counts_file_reader_refuses_text(tmp_path):
    from generator.errors import InputError
    from generator.reports.secret_marks import counts_text, read_counts

    good = counts_text(2026, 4, dt.date(2026, 4, 25), 5)
    assert read_counts(good, 2026, 4) == 5
    for bad in (good + "tasks: 6\n", good.replace("tasks: 5", "tasks: năm"), good + "ghi chú\n"):
        with pytest.raises(InputError):
            read_counts(bad, 2026, 4)
