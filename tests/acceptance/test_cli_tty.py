"""The questions of `new`, `progress`, `extend` and `add-task` in a real terminal (a pty, through
pexpect): a wrong answer is asked again at once, names and Vietnamese dates are understood,
Ctrl+C or a «không» keeps a draft that `--from-draft` resumes, and what is written passes
`nhiemvu check`."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
import yaml
from entrykit import dated_register, days, today
from registerkit import make_register, run_cli, tree_digest

from generator.vi import fmt_date

pexpect = pytest.importorskip("pexpect")


class Terminal:
    """`python -m generator ARGS` in a pseudo-terminal, answered question by question."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        env.update(PYTHONUTF8="1", COLUMNS="200")
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "generator", *args],
            cwd=str(cwd),
            env=env,
            encoding="utf-8",
            timeout=60,
            dimensions=(50, 200),
        )
        self.child.logfile_read = self.log

    def see(self, text: str) -> None:
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF):
            raise AssertionError(f"never saw «{text}» in:\n{self.log.getvalue()}") from None

    def answer(self, prompt: str, text: str) -> None:
        self.see(prompt)
        self.child.sendline(text)

    def interrupt(self, prompt: str) -> None:
        self.see(prompt)
        self.child.sendintr()

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    @property
    def text(self) -> str:
        return self.log.getvalue().replace("\r\n", "\n")


def check(register: Path) -> None:
    result = run_cli(["check", "--register", str(register), "--format", "json"], cwd=register.parent)
    assert '"errors": 0' in result.stdout, result.stdout


@pytest.fixture
def base(tmp_path):
    return make_register(tmp_path / "repo")


def test_new_asks_each_question_again_until_it_is_right(base):
    issued = days(-5)
    t = Terminal(["new"], base.parent)
    t.answer("Số, ký hiệu", "46 / QĐ-UBND")
    t.see("Chưa đúng: Số, ký hiệu «46 / QĐ-UBND» có dấu cách. Viết liền, không dấu cách: 46/QĐ-UBND.")
    t.answer("Số, ký hiệu", "46/QĐ-UBND")
    t.answer("Ngày ban hành", "32/13/2026")
    t.see("không phải một ngày có thật")
    t.answer("Ngày ban hành", fmt_date(issued))
    t.answer("Trích yếu", "")
    t.see("Cần có câu trả lời.")
    t.answer("Trích yếu", "Về việc   phòng, chống thiên tai")
    t.answer("Người ký", "Lê Văn Tám")
    t.see("không có người ký nào có mã hoặc tên «Lê Văn Tám»")
    t.answer("Người ký", "nguyen van an")
    t.see("→ CT · Nguyễn Văn An (Chủ tịch UBND tỉnh)")
    t.answer("Cơ quan trình", "")
    t.answer("Độ khẩn (số 1–4) [1]", "9")
    t.see("chọn số từ 1 đến 4.")
    t.answer("Độ khẩn", "4")
    t.see("Văn bản hỏa tốc: phải nhập và gửi lên ngay trong ngày ban hành.")
    # task 1: a name matching two agencies, an agency gone since 2025, an agency that is no division
    t.answer("Nội dung nhiệm vụ", "Xây dựng phương án ứng phó bão.")
    t.answer("Cơ quan chủ trì", "Sở")
    t.see("«Sở» khớp 2 cơ quan:")
    t.see("1. SNV · Sở Nội vụ")
    t.see("2. STC · Sở Tài chính")
    t.answer("Chọn số (1–2)", "2")
    t.see("→ STC · Sở Tài chính")
    t.answer("Cơ quan phối hợp", "Sở Kế hoạch và Đầu tư")
    t.see("SKHDT · Sở Kế hoạch và Đầu tư: không hoạt động vào ngày")
    t.answer("Cơ quan phối hợp", "")
    t.answer("Phòng theo dõi", "Sở Nội vụ")
    t.see("SNV · Sở Nội vụ: không phải phòng thuộc Văn phòng (các phòng: KT, TH).")
    t.answer("Phòng theo dõi", "tổng hợp")
    t.answer("Phân loại (số 1–8 hoặc mã)", "x")
    t.see("chọn số 1–8 trong danh sách")
    t.answer("Phân loại (số 1–8 hoặc mã)", "a")
    t.see("Điểm a có ở cả hai quy chế:")
    t.answer("Chọn số (1–2)", "1")
    t.answer("Thời hạn (loại a bắt buộc có", fmt_date(days(-100)))
    t.see("sớm hơn ngày ban hành")
    t.answer("Thời hạn", f"ngày {days(30).day} tháng {days(30).month} năm {days(30).year}")
    t.answer("Văn bản còn nhiệm vụ khác? [c/K]", "c")
    # task 2: class d, so no deadline is asked
    t.answer("Nội dung nhiệm vụ", "Tuyên truyền kỹ năng phòng, chống thiên tai.")
    t.answer("Cơ quan chủ trì", "snv")
    t.answer("Cơ quan phối hợp", "STC")
    t.answer("Phòng theo dõi", "KT")
    t.answer("Phân loại (số 1–8 hoặc mã)", "4")
    t.answer("Văn bản còn nhiệm vụ khác? [c/K]", "")
    t.see("+number: 46/QĐ-UBND")
    t.answer("Ghi vào register/documents/", "")
    t.see("Đã ghi văn bản 46/QĐ-UBND")
    assert t.end() == 0, t.text
    text = (base / f"documents/{issued.year}/46-QD-UBND.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "tasks:\n"
        "  - id: 1\n    content: Xây dựng phương án ứng phó bão.\n    assignee: STC\n    monitor: TH\n"
        f"    classification: QC45_a\n    deadline: {days(30)}\n"
        "  - id: 2\n    content: Tuyên truyền kỹ năng phòng, chống thiên tai.\n    assignee: SNV\n"
        "    coordinators: [STC]\n    monitor: KT\n    classification: QC45_d\n"
    )
    assert f"issued: {issued}\n" in text and "title: Về việc phòng, chống thiên tai\n" in text
    assert "urgency: flash\n" in text and "signer: CT\n" in text and "progress" not in text
    check(base)


def test_ctrl_c_keeps_a_draft_that_resumes(base):
    before = tree_digest(base)
    t = Terminal(["new"], base.parent)
    t.answer("Số, ký hiệu", "47/CT-UBND")
    t.answer("Ngày ban hành", fmt_date(days(-1)))
    t.answer("Trích yếu", "Về việc tăng cường kỷ luật hành chính")
    t.answer("Người ký", "CT")
    t.answer("Cơ quan trình", "")
    t.answer("Độ khẩn", "")
    t.answer("Nội dung nhiệm vụ", "Rà soát quy chế làm việc.")
    t.interrupt("Cơ quan chủ trì")
    t.see("Đã dừng. Chưa ghi gì vào sổ; các câu trả lời đã gõ được giữ trong .nhiemvu/nhap/new-")
    assert t.end() == 1, t.text
    assert tree_digest(base) == before
    drafts = list((base.parent / ".nhiemvu/nhap").glob("new-*.yaml"))
    assert len(drafts) == 1
    saved = yaml.safe_load(drafts[0].read_text(encoding="utf-8"))
    assert saved["tra_loi"]["number"] == "47/CT-UBND" and saved["tra_loi"]["issued"] == str(days(-1))
    assert saved["tra_loi"]["tasks"] == [{"content": "Rà soát quy chế làm việc."}]

    t = Terminal(["new", "--from-draft", str(drafts[0].relative_to(base.parent))], base.parent)
    t.answer("Số, ký hiệu (ví dụ 45/QĐ-UBND) [47/CT-UBND]", "")
    t.answer(f"Ngày ban hành (ví dụ 20/11/2026) [{fmt_date(days(-1))}]", "")
    t.answer("Trích yếu", "")
    t.answer("Người ký (mã hoặc họ tên) [CT]", "")
    t.answer("Cơ quan trình", "")
    t.answer("Độ khẩn", "")
    t.answer("Nội dung nhiệm vụ [Rà soát quy chế làm việc.]", "")
    t.answer("Cơ quan chủ trì", "Sở Nội vụ")
    t.answer("Cơ quan phối hợp", "")
    t.answer("Phòng theo dõi", "TH")
    t.answer("Phân loại", "QC45_d")
    t.answer("Văn bản còn nhiệm vụ khác?", "")
    t.answer("Ghi vào", "c")
    t.see("Đã xóa bản nháp")
    assert t.end() == 0, t.text
    assert "assignee: SNV\n" in (base / f"documents/{days(-1).year}/47-CT-UBND.yaml").read_text(encoding="utf-8")
    assert list((base.parent / ".nhiemvu/nhap").iterdir()) == []
    check(base)


def test_progress_of_an_overdue_task_asks_for_the_reason(tmp_path):
    register, path, key = dated_register(tmp_path / "repo")
    t = Terminal(["progress", f"{key}#1"], register.parent)
    t.see("quá hạn 10 ngày")
    t.answer(f"Ngày của thông tin [{fmt_date(today())}]", fmt_date(days(-55)))
    t.see("sớm hơn lần cập nhật trước")
    t.answer("Ngày của thông tin", "")
    t.answer("Trạng thái (số 1–4 hoặc tên) [2]", "")
    t.answer("Tình hình, kết quả", "Đã trình dự thảo lần 2.")
    t.answer("Lý do chậm (hạn", "Chờ ý kiến của các sở.")
    t.answer("Khó khăn, vướng mắc, kiến nghị", "")
    t.see("+      - {date: ")
    t.answer("Ghi vào", "c")
    assert t.end() == 0, t.text
    assert (
        f"      - {{date: {today()}, status: in_progress, note: Đã trình dự thảo lần 2., "
        "delay_reason: Chờ ý kiến của các sở.}\n"
    ) in path.read_text(encoding="utf-8")
    check(register)


def test_progress_done_of_a_class_a_task_asks_for_the_report(tmp_path):
    register, path, key = dated_register(tmp_path / "repo")
    t = Terminal(["progress", f"{key}#1"], register.parent)
    t.answer("Ngày của thông tin", "")
    t.answer("Trạng thái", "hoàn thành")
    t.answer("Tình hình, kết quả", "Đã trình phương án.")
    t.answer("Số, ký hiệu văn bản báo cáo, trình (loại a, c bắt buộc khi hoàn thành)", "")
    t.see("Cần có câu trả lời.")
    t.answer("Số, ký hiệu văn bản báo cáo, trình", "59/TTr-STC")
    t.answer("Khó khăn, vướng mắc, kiến nghị", "")
    t.answer("Ghi vào", "")
    assert t.end() == 0, t.text
    assert "status: done, note: Đã trình phương án., report: 59/TTr-STC}" in path.read_text(encoding="utf-8")
    check(register)


def test_extend_asks_again_what_the_checker_refuses(tmp_path):
    register, path, key = dated_register(tmp_path / "repo")
    first = ["extend", "--register", str(register), f"{key}#2", "--deadline", str(days(45))]
    assert run_cli([*first, "--document", "240/UBND-KT", "--date", str(days(-5))], cwd=register.parent).exit_code == 0
    t = Terminal(["extend", f"{key}#2"], register.parent)
    later = days(60)
    t.answer(f"Thời hạn mới (hạn đang có hiệu lực: {fmt_date(days(45))})", f"{later.day}.{later.month}.{later.year}")
    t.answer("Văn bản cho phép gia hạn", "245 / UBND-KT")
    t.see("có dấu cách")
    t.answer("Văn bản cho phép gia hạn", "245/UBND-KT")
    t.answer("Ngày của văn bản gia hạn", fmt_date(days(-20)))  # before the previous extension: the checker says no
    t.see("[extension-date]")
    t.see("Nhập lại các giá trị bị từ chối:")
    t.answer(f"Ngày của văn bản gia hạn [{fmt_date(days(-20))}]", "hôm nay")
    t.answer("Ghi vào", "c")
    assert t.end() == 0, t.text
    text = path.read_text(encoding="utf-8")
    assert f"      - deadline: {later}\n        document: 245/UBND-KT\n        date: {today()}\n" in text
    check(register)


def test_add_task_answered_no_keeps_a_draft(tmp_path):
    register, path, key = dated_register(tmp_path / "repo")
    before = tree_digest(register)
    t = Terminal(["add-task", key], register.parent)
    t.see("nhiệm vụ mới sẽ là số 4")
    t.answer("Nội dung nhiệm vụ", "Kiểm tra công tác chuẩn bị.")
    t.answer("Cơ quan chủ trì", "tài chính")
    t.answer("Cơ quan phối hợp", "Sở Nội vụ, UBND xã Hòa Phú")
    t.see("→ XA_HOA_PHU · UBND xã Hòa Phú")
    t.answer("Phòng theo dõi", "kinh tế")
    t.answer("Phân loại", "QC45_b")
    t.answer("Thời hạn (loại b bắt buộc có", fmt_date(days(20)))
    t.see("+  - id: 4")
    t.see("+    coordinators: [SNV, XA_HOA_PHU]")
    t.answer("Ghi vào", "k")
    t.see("Bạn chọn không ghi. Chưa ghi gì vào sổ")
    assert t.end() == 1, t.text
    assert tree_digest(register) == before
    draft = next((register.parent / ".nhiemvu/nhap").glob("add-task-*.yaml"))
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["doi_tuong"] == key

    t = Terminal(["add-task", "--from-draft", str(draft)], register.parent)
    for prompt in (
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Phòng theo dõi",
        "Phân loại",
        "Thời hạn",
    ):
        t.answer(prompt, "")
    t.answer("Ghi vào", "c")
    assert t.end() == 0, t.text
    assert "  - id: 4\n    content: Kiểm tra công tác chuẩn bị.\n    assignee: STC\n" in path.read_text(
        encoding="utf-8"
    )
    check(register)
