"""What the public reads instead of the register's codes: classifications by their
meaning, QC45 and QC42 explained, a rank only where rows are ranked (built for real from
tests/data/site/basic with `nhiemvu build`)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from registerkit import DATA as TEST_DATA
from sitekit import build as _build
from sitekit import page, text_of

from generator.register.model import CLASSIFICATIONS

DATA = TEST_DATA / "site"
build = functools.partial(_build, as_of="2026-06-30")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("names")
    repo = tmp / "repo"
    shutil.copytree(DATA / "basic" / "register", repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = build(repo, tmp / "out")
    assert result.exit_code == 0, result.output
    return tmp / "out"


def headers(html: str, table_class: str) -> list[str]:
    table = html.split(f'class="nv-table {table_class}"', 1)[1].split("</thead>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in re.findall(r"<th[^>]*>(.*?)</th>", table)]


def test_classification_codes_never_reach_a_public_page(site):
    """«QC45_a» appears only in the clerks' guide (huong-dan/, YAML examples)."""
    codes = re.compile(r"QC4[25]_[a-d]")
    shown = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if codes.search(text_of(p.read_text(encoding="utf-8")))
    }
    assert shown and all(path.startswith("huong-dan/") for path in shown), shown


def test_document_tasks_show_the_meaning_of_their_classification(site):
    text = text_of(page(site, "van-ban/2026/45-qd-ubnd"))
    assert "Có thời hạn, phải trình hoặc báo cáo (QC45, loại a)" in text
    assert "Không có thời hạn, không phải trình, báo cáo nhưng phải thực hiện (QC45, loại d)" in text


def test_classification_pages_are_named_by_meaning(site):
    html = page(site, "phan-loai/qc45_b")
    name = "Có thời hạn, không phải trình, báo cáo nhưng phải thực hiện (QC45, loại b)"
    assert f"<h1>{name}</h1>" in html
    assert f"<title>Phân loại: {name}" in html
    assert "Quyết định 45/2016/QĐ-UBND" in text_of(html)


def test_classification_index_explains_qc45_and_qc42_and_has_no_rank(site):
    html = page(site, "phan-loai")
    text = text_of(html).replace(" :", ":")  # text_of puts a space after each tag
    assert "QC45: Quy chế làm việc của UBND tỉnh, ban hành kèm theo Quyết định 45/2016/QĐ-UBND" in text
    assert "QC42: quy chế thứ hai mà Văn phòng áp dụng, chia nhiệm vụ theo đúng các loại a, b, c, d như QC45" in text
    for letter, meaning in [
        ("a", "có thời hạn, phải trình hoặc báo cáo"),
        ("b", "có thời hạn, không phải trình, báo cáo nhưng phải thực hiện"),
        ("c", "không có thời hạn nhưng phải trình hoặc báo cáo"),
        ("d", "không có thời hạn, không phải trình, báo cáo nhưng phải thực hiện"),
    ]:
        assert f"Loại {letter}: {meaning}" in text
        assert CLASSIFICATIONS[f"QC45_{letter}"].lower() == meaning
    columns = headers(html, "nv-counts")
    assert columns[0] == "Phân loại" and "Hạng" not in columns
    assert "Có thời hạn, phải trình hoặc báo cáo (QC45, loại a)" in text


def test_rank_only_on_the_agency_ranking(site):
    assert headers(page(site, "co-quan"), "nv-counts")[:2] == ["Hạng", "Cơ quan"]
    assert "Hạng" not in headers(page(site, "theo-doi"), "nv-counts")  # listed by code, not ranked
