"""The «Bắt đầu» guide and the printable list of codes, built for real; and the editor settings
the guide relies on (github.dev reads .vscode/)."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil

import pytest
from registerkit import REPO, make_register
from sitekit import build, page, text_of


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guide")
    register = make_register(tmp / "repo")
    agencies = register / "agencies.yaml"
    agencies.write_text(
        agencies.read_text(encoding="utf-8")
        + '- code: SXD\n  name: Sở Xây dựng <img src=x onerror=alert(4)> & "Quy hoạch"\n  kind: department\n',
        encoding="utf-8",
    )
    result = build(tmp / "repo", tmp / "out", as_of="2026-06-30")
    assert result.exit_code == 0, result.output
    return tmp / "out"


def rows(html: str, caption: str) -> list[list[str]]:
    """The cells (text) of the table with that caption."""
    table = html.split(f"<caption>{caption}", 1)[1].split("</table>", 1)[0]
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1])
    ]


def test_getting_started_has_the_three_ways_step_by_step(site):
    html = page(site, "huong-dan/bat-dau")
    text = text_of(html)
    for heading in (
        "Cách 1: Biểu mẫu trên web",
        "Cách 2: Trình soạn thảo web của GitHub",
        "Cách 3: Bản sao trên máy Windows, với lệnh nhiemvu",
        "Đọc một đề nghị thay đổi",
    ):
        assert heading in text
    assert "Đang hoàn thiện" in text and "/admin/" in text and "Đăng nhập" in text and "Xuất bản" in text
    assert "nhấn phím . (dấu chấm)" in text and "py -m pip install -e ." in text
    assert "Ai hợp nhất." in text and "CODEOWNERS" in text
    # every link of the table of ways leads to an anchor of the page
    for target in re.findall(r'href="#([^"]+)"', html):
        assert html.count(f'id="{target}"') == 1, target
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # code blocks are code, not Markdown fences shown as text
    assert "```" not in text and html.count("<pre") >= 6
    assert "<code>nhiemvu progress 2026/03-CT-UBND#3</code>" in html


def test_guide_pages_are_in_the_navigation(site):
    home = page(site, "")
    assert re.search(r'href="huong-dan/bat-dau/"[^>]*>\s*(<span[^>]*>)?\s*Bắt đầu', home)
    assert re.search(r'href="huong-dan/danh-muc-ma/"[^>]*>\s*(<span[^>]*>)?\s*Danh mục mã', home)
    assert 'href="bat-dau/"' in page(site, "huong-dan")  # linked from the guide's first page


def test_the_list_of_codes_comes_from_the_register(site):
    html = page(site, "huong-dan/danh-muc-ma")
    assert rows(html, "Phòng thuộc Văn phòng") == [["KT", "Phòng Kinh tế", ""], ["TH", "Phòng Tổng hợp", ""]]
    agencies = rows(html, "Cơ quan, đơn vị đang hoạt động")
    assert [r[0] for r in agencies] == ["SNV", "STC", "SXD", "XA_HOA_PHU"]
    assert agencies[3] == ["XA_HOA_PHU", "UBND xã Hòa Phú", "Địa phương", "từ 01/07/2025"]
    assert rows(html, "Người ký đang giữ chức vụ") == [
        ["CT", "Nguyễn Văn An", "Chủ tịch UBND tỉnh", ""],
        ["PCT", "Trần Thị Bình", "Phó Chủ tịch UBND tỉnh", "từ 01/07/2025"],
    ]
    assert rows(html, "Cơ quan, người ký ngoài thời gian hiệu lực") == [
        ["SKHDT", "Sở Kế hoạch và Đầu tư", "Sở, ban, ngành", "đến 30/06/2025"]
    ]
    assert "Sở Xây dựng &lt;img src=x onerror=alert(4)&gt; &amp; &#34;Quy hoạch&#34;" in html
    assert "<img src=x" not in html


def test_a_province_copy_of_older_templates_still_builds(tmp_path):
    """A register repository with its own site_templates/ made before these pages existed."""
    register = make_register(tmp_path / "repo")
    shutil.copytree(REPO / "site_templates", tmp_path / "repo/site_templates")
    for name in ("bat-dau", "danh-muc-ma"):
        (tmp_path / f"repo/site_templates/huong-dan/{name}.md.j2").unlink()
    result = build(register.parent, tmp_path / "out", as_of="2026-06-30")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out/huong-dan/bat-dau").exists()


def test_editor_settings_give_every_register_file_its_schema():
    """github.dev and VS Code complete and check register files through .vscode/settings.json;
    the YAML extension that reads it is recommended in .vscode/extensions.json."""
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert sorted(p.removeprefix("./generator/schemas/") for p in mapping) == sorted(
        p.name for p in (REPO / "generator/schemas").glob("*.schema.json")
    )
    for schema in mapping:
        assert (REPO / schema).is_file()
    expected = {
        "register.yaml": "register",
        "agencies.yaml": "agencies",
        "signers.yaml": "signers",
        "calendar.yaml": "calendar",
    }
    files = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "register").rglob("*.yaml"))
    assert len(files) > 50
    for file in files:
        name = file.split("/", 1)[1]
        kind = expected.get(name) or ("intake" if name.startswith("intake/") else "document")
        matched = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(file, g) for g in globs)]
        assert matched == [f"./generator/schemas/{kind}.schema.json"], file
    recommended = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended
