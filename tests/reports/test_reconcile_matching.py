"""Why the content-matching thresholds of reconcile are what they are (reconcile.MATCH, MARGIN,
SUGGEST), on contents as agencies write them about real tasks of one document.

Scores (words.similarity: the share of the agency's syllables and pairs of syllables found in the
register's content, diacritics folded): a shortened content scores 0.7–1.0 against its task, a
reworded one 0.45–0.9, another task of the same document at most 0.5. So a row is matched at 0.6
and at least 0.15 ahead of the next task; between 0.25 and a match, the close tasks are offered
as «Có phải là …?» and the row is not matched — never silently.
"""

from __future__ import annotations

import datetime as dt

import pytest
from registerkit import DATA

from generator.register.load import load_register
from generator.register.status import compute_states
from generator.reports.reconcile import MARGIN, MATCH, SUGGEST, read_agency_report, reconcile
from generator.reports.words import similarity

REGISTER = DATA / "paperwork" / "reconcile" / "register"
AS_OF = dt.date(2026, 11, 25)

CASES = [
    # (kind, document as written, content as written, expected task, or the suggestions)
    ("shortened", "7185/UBND-TH", "Hướng dẫn xây dựng dự toán ngân sách năm 2027", "2026/7185-UBND-TH#1"),
    ("shortened", "7185/UBND-TH", "Hoàn thiện kế hoạch đầu tư công trung hạn", "2026/7185-UBND-TH#2"),
    ("shortened", "262/TB-VPUBND", "Bán đấu giá trụ sở dôi dư", "2026/262-TB-VPUBND#1"),
    ("shortened", "86/QĐ-UBND", "Kế hoạch phát triển KT-XH 5 năm 2026-2030", "2026/86-QD-UBND#2"),
    (
        "reworded",
        "7185/UBND-TH",
        "Xây dựng kế hoạch đầu tư công giai đoạn 2026 - 2030 trình HĐND",
        "2026/7185-UBND-TH#2",
    ),
    ("reworded", "7185/UBND-TH", "Lập dự toán ngân sách 2027 cho các đơn vị", "2026/7185-UBND-TH#1"),
    ("reworded", "86/QĐ-UBND", "Báo cáo chỉ tiêu kinh tế xã hội hằng quý", "2026/86-QD-UBND#1"),
    ("unsure", "262/TB-VPUBND", "Đấu giá tài sản là trụ sở dư thừa", ["2026/262-TB-VPUBND#1"]),
    ("unsure", "86/QĐ-UBND", "Kinh tế - xã hội năm 2026", ["2026/86-QD-UBND#1", "2026/86-QD-UBND#2"]),
    ("unrelated", "7185/UBND-TH", "Tổ chức hội nghị tập huấn nghiệp vụ", []),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("matching") / "bao-cao.csv"
    lines = ["Số, ký hiệu văn bản;Nội dung nhiệm vụ;Tình trạng"]
    lines += [f"{doc};{text};Đang thực hiện" for _, doc, text, _ in CASES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    register, _ = load_register(REGISTER)
    return reconcile(read_agency_report(path), compute_states(register, AS_OF), register, "STC", AS_OF)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_case(result, index):
    kind, _, text, expected = CASES[index]
    row = result.rows[index]
    assert row.row == index + 2
    if isinstance(expected, str):
        assert row.finding != "not_found" and row.task == expected, (text, row)
    else:
        assert (row.finding, row.task, row.suggestions) == ("not_found", None, expected), (text, row)
        if expected:
            assert row.reason.startswith("Nội dung không khớp rõ") and "có phải là" in row.reason


def test_the_thresholds_separate_the_kinds():
    register, _ = load_register(REGISTER)
    contents = {s.id: s.task.content for s in compute_states(register, AS_OF)}
    for kind, _, text, expected in CASES:
        if not isinstance(expected, str):
            continue
        own = similarity(text, contents[expected])
        siblings = [similarity(text, c) for i, c in contents.items() if i.split("#")[0] == expected.split("#")[0]]
        runner = sorted(siblings)[-2] if len(siblings) > 1 else 0.0
        assert own >= MATCH and own - runner >= MARGIN, (kind, text, own, runner)
        assert (0.7 if kind == "shortened" else 0.45) <= own <= 1.0
    assert SUGGEST < MATCH and MARGIN > 0
