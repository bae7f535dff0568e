"""The public site, built for real: test registers → `nhiemvu build` → MkDocs + Material.

One module-scoped build of tests/data/site/basic serves the content tests; the refusal,
secret and determinism tests build their own registers.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from registerkit import DATA as TEST_DATA
from registerkit import make_register, run_cli
from sitekit import build as _build
from sitekit import page, text_of

from generator.cli import main

DATA = TEST_DATA / "site"
AS_OF = "2026-06-30"
build = functools.partial(_build, as_of=AS_OF)
MARKER = "BI-MAT-7f3c2a91"


def make_repo(tmp: Path, source: str = "basic") -> Path:
    """A real temporary Git repository holding a copy of a test register; returns its root."""
    repo = tmp / "repo"
    shutil.copytree(DATA / source / "register", repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def commit_all(repo: Path, when: str = "2026-06-01T09:00:00+07:00") -> None:
    """Commit the register (fixed author and date) so that the build has a Git history."""
    import os

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
    for args in (["add", "-A"], ["commit", "-q", "-m", "Sổ theo dõi"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    repo = make_repo(tmp)
    result = build(repo, tmp / "out")
    assert result.exit_code == 0, result.output
    assert "Đã tạo trang" in result.output
    return tmp / "out"


# -- content -----------------------------------------------------------------------------


def test_home_shows_date_totals_rate_banner_and_latest_changes(site):
    html = page(site, "")
    text = text_of(html)
    assert '<html lang="vi"' in html
    assert "Số liệu tính đến ngày 30/06/2026" in text
    assert "Dữ liệu mẫu" in text  # sample_data: true
    assert "6 nhiệm vụ được giao" in text
    assert "2 quá hạn chưa hoàn thành" in text
    assert "25,0%" in text  # 1 done on time ÷ 4 come due (1 on time, 1 late, 2 overdue)
    assert "số nhiệm vụ đã đến hạn" in text  # the definition is printed next to the rate
    for label, n in [
        ("Hoàn thành đúng hạn", 1),
        ("Hoàn thành quá hạn", 1),
        ("Đang thực hiện trong hạn", 1),
        ("Quá hạn chưa hoàn thành", 2),
        ("Không có thời hạn", 1),
    ]:
        assert f"{label} {n}" in text
    assert '<svg class="nv-chart"' in html and "<desc" in html  # chart with text alternative
    # Latest changes: newest progress entry first.
    changes = text.split("Các cập nhật tiến độ mới nhất", 1)[1]
    assert changes.index("01/06/2026") < changes.index("20/05/2026") < changes.index("06/05/2026")


def test_overdue_page_lists_oldest_deadline_first_with_days_and_reason(site):
    text = text_of(page(site, "qua-han"))
    first, second = text.index("12/CT-UBND"), text.index("45/QĐ-UBND")
    assert first < second
    assert "31/03/2026 91" in text  # deadline, days overdue at 30/06/2026
    assert "15/05/2026 46" in text
    assert "Chưa nêu lý do" in text
    assert "Đã nêu: Chờ ý kiến thẩm định của Sở Tài chính." in text
    assert "Phòng Tổng hợp" in text and "Phòng Kinh tế" in text


def test_agency_ranking_and_one_page_per_agency(site):
    ranking = text_of(page(site, "co-quan"))
    for name in ("Sở Tài chính", "UBND xã Đắk Liêng"):
        assert name in ranking
    # Sở Tài chính: 100% on time ranks before the agency with 0% (done late only).
    assert ranking.index("Sở Tài chính") < ranking.index("UBND xã Đắk Liêng")
    for code in ("stc", "sxd", "xa_dak_lieng"):
        assert (site / "co-quan" / code / "index.html").is_file()
    agency = text_of(page(site, "co-quan/sxd"))
    assert "Quá hạn chưa hoàn thành" in agency and "12/CT-UBND (2026) #1" in agency


def test_one_page_per_document_with_its_fields_and_tasks(site):
    text = text_of(page(site, "van-ban/2026/45-qd-ubnd"))
    assert "45/QĐ-UBND" in text
    assert "Nguyễn Văn An, Chủ tịch UBND tỉnh" in text
    assert "Hỏa tốc" in text and "02/03/2026" in text and "Sở Tài chính" in text
    for n in range(1, 5):
        assert f"45/QĐ-UBND (2026) #{n}" in text
    assert "Báo cáo: 88/BC-STC" in text
    year = text_of(page(site, "van-ban/2026"))
    assert year.index("12/CT-UBND") < year.index("45/QĐ-UBND")  # issued earlier first


def test_monitor_and_classification_pages(site):
    monitors = text_of(page(site, "theo-doi"))
    assert "Phòng Tổng hợp" in monitors and "Phòng Kinh tế" in monitors
    assert "Rà soát, báo cáo" in text_of(page(site, "theo-doi/th"))
    classes = text_of(page(site, "phan-loai"))
    assert "Có thời hạn, phải trình hoặc báo cáo" in classes
    assert (site / "phan-loai" / "qc45_d" / "index.html").is_file()


def test_open_data_files_match_nhiemvu_export(site, tmp_path):
    repo = make_repo(tmp_path)
    runner = CliRunner()
    with chdir(repo):
        out = runner.invoke(main, ["export", "--register", "register", "--as-of", AS_OF, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8")) == json.loads(out.output)
    csv = (site / "data" / "tasks.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbfid,document,content,assignee,monitor")
    text = text_of(page(site, "du-lieu-mo"))
    assert "tasks.json" in text and "deadline_in_force" in text and "Ngày hoàn thành" in text


def test_error_codes_page_lists_every_rule(site):
    from generator.register.rules import catalog

    text = text_of(page(site, "huong-dan/ma-loi"))
    codes = [r.code for r in catalog()]
    assert codes
    for code in codes:
        assert code in text
    guide = text_of(page(site, "huong-dan"))
    assert "Cập nhật tiến độ" in guide and "delay_reason" in guide


def test_navigation_is_small_on_every_page(site):
    """Document and agency pages are not in the navigation: it stays the same size."""
    home = page(site, "").count('class="md-nav__link')
    doc = page(site, "van-ban/2026/45-qd-ubnd").count('class="md-nav__link')
    assert doc <= home < 30  # the home page adds its own table of contents


# -- security ------------------------------------------------------------------------------

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(3)>",
    "<img src=x onerror=alert(4)>",
    "<a href=javascript:alert(5)>",
)


def test_values_from_yaml_are_escaped_everywhere(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            assert payload not in html, (path, payload)
        assert 'href="javascript:' not in html.lower()
        assert "<b>in</b>" not in html and "<strong>đậm</strong>" not in html
    doc = page(site, "van-ban/2026/12-ct-ubnd")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "[x](javascript:alert(2))" in doc  # shown as typed, not turned into a link
    assert "**đậm** &lt;b&gt;in&lt;/b&gt;" in doc
    # Page titles go unescaped into <title> and navigation: they lose their HTML characters.
    agency = page(site, "co-quan/sxd")
    assert "<title>Sở Xây dựng ‹img src=x onerror=alert(4)› ＆ ”Quy hoạch”" in agency
    assert "<h1>Sở Xây dựng &lt;img src=x onerror=alert(4)&gt; &amp; &#34;Quy hoạch&#34;</h1>" in agency


EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*["']?(https?:)?//""", re.IGNORECASE)


# Outbound links the register itself configures (licence, where to report an error, source texts):
# a reader follows them by choice, and they load nothing. Every other absolute reference is refused.
CONFIGURED_LINKS = (
    '<a href="https://creativecommons.org/licenses/by/4.0/deed.vi" rel="license">',
    '<a class="nv-feedback" href="https://github.com/vpubnd/nhiemvu/issues/new?template=sai-sot-du-lieu.md" '
    'rel="noopener">',
    '<a href="https://vanban.example.gov.vn/2026/45-QD-UBND.pdf" rel="noopener">',
    '<a href="https://vanban.example.gov.vn/2026/88-BC-STC.pdf" rel="noopener">',
)


def test_no_third_party_resource_in_any_output_file(site):
    """No font, script, style or image from elsewhere; the only absolute links are the
    site's own address (canonical link, sitemap) and the outbound links the register configures."""
    own = "https://nhiemvu.example.gov.vn/"
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".xml", ".json", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        if path.suffix in (".html", ".css"):
            text = text.replace(f'href="{own}', 'href="/')
            for link in CONFIGURED_LINKS:
                text = text.replace(link, "<a>")
            for m in EXTERNAL.finditer(text):
                raise AssertionError(f"{path}: {text[m.start() : m.start() + 120]}")
            assert not CSS_URL.search(text), path
        if path.suffix == ".xml":
            for url in re.findall(r"<loc>([^<]+)</loc>", text):
                assert url.startswith(own), url


# -- refusals ------------------------------------------------------------------------------


def test_register_with_errors_is_refused(tmp_path):
    repo = make_repo(tmp_path)
    doc = repo / "register/documents/2026/45-QD-UBND.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("assignee: STC", "assignee: KHONGCO", 1), encoding="utf-8")
    result = build(repo, tmp_path / "out")
    assert result.exit_code == 1
    assert "KHONGCO" in result.output and "không xuất bản" in result.output
    # the shared errors view (generator.output.errors_text): file:line: lỗi [code] message
    assert re.search(r"register/documents/2026/45-QD-UBND\.yaml:\d+(:\d+)?: lỗi \[[a-z-]+\] ", result.output), (
        result.output
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["register", "register/documents", "."])
def test_site_dir_must_not_touch_the_register(tmp_path, where):
    repo = make_repo(tmp_path)
    before = sorted(p.relative_to(repo) for p in (repo / "register").rglob("*"))
    result = build(repo, repo / where)
    assert result.exit_code == 1
    assert "sổ theo dõi" in result.output
    assert sorted(p.relative_to(repo) for p in (repo / "register").rglob("*")) == before


def test_non_empty_folder_that_is_not_a_site_is_not_wiped(tmp_path):
    repo = make_repo(tmp_path)
    target = tmp_path / "tai-lieu"
    target.mkdir()
    (target / "bao-cao.docx").write_bytes(b"quan trong")
    result = build(repo, target)
    assert result.exit_code == 1 and "thư mục trống" in result.output
    assert (target / "bao-cao.docx").read_bytes() == b"quan trong"


def _add_document(repo: Path, secrecy: str) -> Path:
    path = repo / "register/documents/2026/77-QD-UBND.yaml"
    path.write_text(
        "number: 77/QĐ-UBND\n"
        f"title: Về việc {MARKER} bảo vệ bí mật nhà nước\n"
        "issued: 2026-04-01\nsigner: CT\nurgency: normal\n"
        f"secrecy: {secrecy}\n"
        "tasks:\n"
        "  - id: 1\n"
        f"    content: Nội dung {MARKER}\n"
        "    assignee: STC\n    monitor: TH\n    classification: QC45_d\n",
        encoding="utf-8",
    )
    return path


def test_builder_refuses_a_secret_document_even_past_the_checker(tmp_path):
    """Force past the checker: call the builder directly with the loaded register."""
    import datetime as dt

    from generator.register.load import load_register
    from generator.register.status import compute_states
    from generator.site.build import SiteError, build_site

    repo = make_repo(tmp_path)
    _add_document(repo, "confidential")
    register, _ = load_register(repo / "register")
    states = compute_states(register, dt.date(2026, 6, 30))
    with pytest.raises(SiteError) as err:
        build_site(register, states, dt.date(2026, 6, 30), tmp_path / "out", docs_dir=tmp_path / "docs")
    # the refusal names the file to remove, never the document's own text (its number included)
    assert "văn bản mật" in str(err.value) and "77-QD-UBND.yaml" in str(err.value)
    assert "77/QĐ-UBND" not in str(err.value)
    assert not (tmp_path / "out").exists() and not (tmp_path / "docs").exists()
    # Through the command too (the checker and the builder both refuse).
    result = build(repo, tmp_path / "out")
    assert result.exit_code == 1 and not (tmp_path / "out").exists()


def test_public_build_keeps_no_trace_of_a_removed_document(tmp_path):
    repo = make_repo(tmp_path)
    doc = _add_document(repo, "none")
    site = tmp_path / "out"
    assert build(repo, site).exit_code == 0
    found = [p for p in site.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]
    assert any(p.name == "search_index.json" for p in found)  # the scan does see the marker
    assert any(p.name == "tasks.csv" for p in found)
    doc.unlink()
    result = build(repo, site)
    assert result.exit_code == 0, result.output
    files = [p for p in site.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".html", ".json", ".csv", ".xml", ".gz"}
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            data = gzip.decompress(data)
        assert MARKER.encode() not in data, path
        assert b"77/Q" not in data and b"77-qd-ubnd" not in data, path


def test_two_builds_are_byte_identical(tmp_path):
    repo = make_repo(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    assert build(repo, a).exit_code == 0
    assert build(repo, b, "--docs-dir", str(tmp_path / "kept-docs")).exit_code == 0
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    sitemap = (a / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-06-30</lastmod>" in sitemap


def test_zensical_builds_the_same_docs_folder(tmp_path):
    zensical = shutil.which("zensical")
    if zensical is None:
        pytest.fail("zensical is not installed (pip install zensical)")
    repo = make_repo(tmp_path)
    commit_all(repo)  # with history: the feed and the history pages too
    docs = tmp_path / "work" / "docs"
    assert build(repo, tmp_path / "mk", "--docs-dir", str(docs)).exit_code == 0
    config = docs.parent / "docs-mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_dir: .*$", "site_dir: zen", text), encoding="utf-8")
    result = subprocess.run(
        [zensical, "build", "-f", str(config)],
        cwd=docs.parent,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    zen = docs.parent / "zen"
    for url in (
        "",
        "qua-han",
        "co-quan",
        "co-quan/stc",
        "van-ban/2026/45-qd-ubnd",
        "theo-doi",
        "phan-loai",
        "du-lieu-mo",
        "huong-dan/ma-loi",
        "thay-doi-gan-day",
        "cap-nhat-hang-tuan",
        "bao-cao",
        "bao-cao/2026-06",
    ):
        assert (zen / url / "index.html").is_file(), url
        assert (tmp_path / "mk" / url / "index.html").is_file(), url
    assert (zen / "data" / "tasks.csv").is_file()
    assert (zen / "bao-cao" / "bao-cao-thang-2026-06.xlsx").read_bytes() == (
        tmp_path / "mk" / "bao-cao" / "bao-cao-thang-2026-06.xlsx"
    ).read_bytes()
    assert "Báo cáo tháng 6 năm 2026" in (zen / "bao-cao/2026-06/index.html").read_text(encoding="utf-8")
    assert (zen / "feed.xml").read_bytes() == (tmp_path / "mk" / "feed.xml").read_bytes()
    assert "nhiemvu.js" in (zen / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in (zen / "van-ban/2026/12-ct-ubnd/index.html").read_text(encoding="utf-8")


def test_document_page_links_the_source_texts(site):
    html = page(site, "van-ban/2026/45-qd-ubnd")
    assert (
        '<a href="https://vanban.example.gov.vn/2026/45-QD-UBND.pdf" rel="noopener">Xem toàn văn văn bản 45/QĐ-UBND</a>'
        in html
    )
    assert '<a href="https://vanban.example.gov.vn/2026/88-BC-STC.pdf" rel="noopener">88/BC-STC</a>' in html


@pytest.mark.parametrize("url", ["", "co-quan/", "van-ban/2026/45-qd-ubnd/", "huong-dan/"])
def test_every_page_footer_has_the_licence_and_the_error_report_link(site, url):
    footer = page(site, url).split('<div class="md-copyright__highlight">', 1)[1].split("</div>", 1)[0]
    assert "Văn phòng UBND tỉnh Thử nghiệm" in footer
    assert '<a href="https://creativecommons.org/licenses/by/4.0/deed.vi" rel="license">CC BY 4.0</a>' in footer
    assert (
        '<a class="nv-feedback" href="https://github.com/vpubnd/nhiemvu/issues/new?template=sai-sot-du-lieu.md"'
        in footer
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "http://vanban.example.gov.vn/x.pdf", 'https://x.gov.vn/"><script>', "https://a b.vn/"],
)
def test_a_source_link_must_be_plain_https(tmp_path, url):
    root = tmp_path / "repo"
    register = make_register(root, git_repo=False)
    doc = register / "documents/2026/45-QD-UBND.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("signer: CT\n", f"signer: CT\nurl: {url!r}\n", 1), "utf-8")
    result = run_cli(["check", "--register", "register", "--as-of", "2026-04-20", "--format", "json"], cwd=root)
    problems = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1 and any(p["code"] == "bad-format" and p["line"] == 5 for p in problems), problems
