"""Identity: every document and task has one stable name (global id `<number>#<id>`)."""

from __future__ import annotations

from generator.register.problems import Fix
from generator.register.rules.base import Finding, at, at_task, document_path, rule, value_fix
from generator.register.rules.numbers import number_problem
from generator.vi import fmt_date


@rule("duplicate-task-id")
def duplicate_task_id(doc, ctx):
    """Mã nhiệm vụ trùng trong một văn bản.

    `id` của nhiệm vụ là duy nhất trong văn bản và không bao giờ dùng lại, kể cả khi nhiệm
    vụ đã hủy: mã toàn cục `14/CT-UBND#1` được dùng trong báo cáo và trang công khai.

    Đúng:

        tasks:
          - id: 1
          - id: 2

    Sai:

        tasks:
          - id: 1
          - id: 1
    """
    seen: dict[int, int] = {}
    for task in doc.tasks:
        if task.id in seen:
            line, col = at_task(task, "id")
            free = max(t.id for t in doc.tasks) + 1
            yield Finding(
                line,
                col,
                f"Mã nhiệm vụ {task.id} đã dùng ở dòng {seen[task.id]}.",
                f"Đặt mã tiếp theo chưa dùng: {free}.",
                fix=(value_fix(doc, ("tasks", task.index, "id"), str(free)),),
            )
        else:
            seen[task.id] = task.line


@rule("wrong-path")
def wrong_path(doc, ctx):
    """Tên tệp không khớp số, ký hiệu và năm ban hành.

    Mỗi văn bản nằm ở `documents/<năm ban hành>/<số-ký-hiệu>.yaml`: dấu `/` thay bằng `-`,
    chữ có dấu bỏ dấu (`Đ` → `D`). Số văn bản bắt đầu lại từ 1 mỗi năm nên thư mục năm làm cho
    tên tệp là duy nhất.

    Đúng:

        # documents/2026/45-QD-UBND.yaml
        number: 45/QĐ-UBND
        issued: 2026-03-02

    Sai:

        # documents/2025/45-QD-UBND.yaml
        number: 45/QĐ-UBND
        issued: 2026-03-02
    """
    if number_problem(doc.number, doc.issued.year) is not None:
        return  # number-format's hint moves the file along with the corrected number
    expected = document_path(ctx.register, doc.number, doc.issued.year)
    if doc.file != expected:
        yield Finding(
            1,
            1,
            f"Tệp của văn bản {doc.number} ban hành năm {doc.issued.year} phải có tên «{expected}».",
            f"Đổi tên tệp: git mv {doc.file} {expected}",
            fix=(Fix("move", expected),),
        )


@rule("duplicate-number", scope="register")
def duplicate_number(register, ctx):
    """Hai văn bản cùng số, ký hiệu trong một năm.

    Số văn bản chỉ bắt đầu lại vào năm mới, nên trong một năm không thể có hai văn bản
    `45/QĐ-UBND`.

    Đúng:

        # documents/2025/45-QD-UBND.yaml và documents/2026/45-QD-UBND.yaml

    Sai:

        # documents/2026/45-QD-UBND.yaml và documents/2026/45-QD-UBND-ban-sao.yaml
        # cùng ghi number: 45/QĐ-UBND, issued năm 2026
    """
    seen: dict[tuple, object] = {}
    for doc in register.documents:
        key = (doc.issued.year, doc.number.strip().upper())
        if key in seen:
            first = seen[key]
            line, col = at(doc, ("number",))
            hint = "Mỗi văn bản chỉ ghi một lần: gộp các nhiệm vụ vào tệp đã có và xóa tệp trùng."
            fix = ()
            if _same_text(first, doc):
                # a copy: keep the file whose name the number gives
                spare = first if first.file != document_path(register, first.number, first.issued.year) else doc
                hint = f"Hai tệp ghi giống hệt nhau: xóa tệp thừa: git rm {spare.file}"
                fix = (Fix("remove", file=spare.file),)
            yield Finding(
                line,
                col,
                f"Văn bản {doc.number} năm {doc.issued.year} đã có ở tệp {first.file}.",
                hint,
                file=doc.file,
                fix=fix,
            )
        else:
            seen[key] = doc


def _same_text(a, b) -> bool:
    """Two documents written the same (a file copied under another name)."""
    return a.positions is not None and b.positions is not None and a.positions.root == b.positions.root


@rule("no-tasks", "warning")
def no_tasks(doc, ctx):
    """Văn bản chưa có nhiệm vụ nào.

    Sổ theo dõi văn bản vì các nhiệm vụ trong đó; hãy ghi các nhiệm vụ khi nhập văn bản.

    Đúng:

        tasks:
          - id: 1
            content: …

    Sai:

        tasks: []
    """
    if not doc.tasks and not (doc.positions and _has_tasks(doc)):
        line, col = at(doc, ("tasks",))
        yield Finding(
            line,
            col,
            f"Văn bản {doc.number} chưa có nhiệm vụ nào.",
            "Ghi các nhiệm vụ UBND tỉnh giao trong văn bản vào danh sách «tasks».",
        )


def _has_tasks(doc) -> bool:
    root = doc.positions.root
    return isinstance(root, dict) and bool(root.get("tasks"))


@rule("validity-range", scope="register")
def validity_range(register, ctx):
    """Ngày bắt đầu hoạt động sau ngày kết thúc.

    `valid_from` (ngày thành lập, nhận chức) và `valid_to` (ngày giải thể, thôi chức) trong
    agencies.yaml, signers.yaml giúp kiểm tra văn bản chỉ giao việc cho cơ quan đang tồn tại và
    do người đang giữ chức vụ ký; ngày bắt đầu sau ngày kết thúc thì không ngày nào hợp lệ.
    Thường do gõ nhầm hoặc đổi chỗ hai ngày: đối chiếu với quyết định thành lập, bổ nhiệm rồi
    sửa lại.

    Đúng:

        valid_from: 2025-07-01
        valid_to: null

    Sai:

        valid_from: 2025-07-01
        valid_to: 2025-06-30
    """
    for item in list(register.agencies.values()) + list(register.signers.values()):
        if item.valid_from and item.valid_to and item.valid_from > item.valid_to:
            yield Finding(
                item.line,
                1,
                f"«{item.name}» ({item.code}): valid_from {fmt_date(item.valid_from)} sau valid_to "
                f"{fmt_date(item.valid_to)}.",
                "Đổi chỗ hai ngày hoặc sửa ngày gõ nhầm.",
                file=item.file,
            )


@rule("calendar-conflict", scope="register")
def calendar_conflict(register, ctx):
    """Một ngày vừa là ngày nghỉ vừa là ngày làm bù trong calendar.yaml.

    `calendar.yaml` ghi các ngày nghỉ bù và ngày làm bù mà Thủ tướng Chính phủ quyết định mỗi
    năm; lịch này dùng để đếm ngày làm việc, như hạn 3 ngày làm việc của R11 hay việc nhập sổ
    văn bản hỏa tốc (R4). Một ngày không thể vừa nghỉ vừa làm: đối chiếu với văn bản của Thủ
    tướng năm đó và giữ lại đúng một trong hai.

    Đúng:

        days_off: [{date: 2026-01-02, reason: Nghỉ bù}]
        working_days: [{date: 2026-01-10, reason: Làm bù}]

    Sai:

        days_off: [{date: 2026-01-02, reason: Nghỉ bù}]
        working_days: [{date: 2026-01-02, reason: Làm bù}]
    """
    off = {d.date for d in register.calendar.days_off}
    file = f"{register.prefix.rstrip('/')}/calendar.yaml"
    for day in register.calendar.working_days:
        if day.date in off:
            yield Finding(
                day.line,
                1,
                f"Ngày {fmt_date(day.date)} vừa ghi là ngày nghỉ vừa ghi là ngày làm việc.",
                "Giữ lại đúng một trong hai theo văn bản của Thủ tướng Chính phủ.",
                file=file,
            )
