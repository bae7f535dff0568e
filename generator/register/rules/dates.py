"""Dates: deadlines, progress and extensions must be possible and in order (R1, R10)."""

from __future__ import annotations

from generator.register.rules.base import Finding, at_task, rule
from generator.vi import fmt_date


@rule("deadline-before-issued")
def deadline_before_issued(doc, ctx):
    """Thời hạn sớm hơn ngày ban hành văn bản.

    Văn bản không thể giao việc phải xong trước ngày chính nó ban hành, nên thời hạn (kể cả thời
    hạn gia hạn) sớm hơn ngày ban hành gần như chắc chắn là gõ nhầm năm hoặc tháng, và làm nhiệm
    vụ bị tính quá hạn sai (R2). Đối chiếu với văn bản giấy rồi sửa ngày, viết dạng YYYY-MM-DD.

    Đúng:

        issued: 2026-03-02
        deadline: 2026-04-15

    Sai:

        issued: 2026-03-02
        deadline: 2026-02-15
    """
    for task in doc.tasks:
        if task.deadline is not None and task.deadline < doc.issued:
            line, col = at_task(task, "deadline")
            yield Finding(
                line,
                col,
                f"Nhiệm vụ {task.id}: thời hạn {fmt_date(task.deadline)} sớm hơn ngày ban hành {fmt_date(doc.issued)}.",
                "Kiểm tra lại năm, tháng của thời hạn (viết YYYY-MM-DD).",
            )
        for i, ext in enumerate(task.extensions):
            if ext.deadline is not None and ext.deadline < doc.issued:
                line, col = at_task(task, "extensions", i, "deadline")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: thời hạn gia hạn {fmt_date(ext.deadline)} sớm hơn ngày ban hành.",
                    "Kiểm tra lại ngày (viết YYYY-MM-DD).",
                )


@rule("progress-order")
def progress_order(doc, ctx):
    """Các mục tiến độ phải theo thứ tự ngày, cũ trước mới sau.

    `progress` chỉ được ghi thêm vào cuối; mỗi mục có ngày không sớm hơn mục trước.

    Đúng:

        progress:
          - {date: 2026-03-10, status: in_progress}
          - {date: 2026-04-10, status: done, report: 88/BC-STC}

    Sai:

        progress:
          - {date: 2026-04-10, status: done, report: 88/BC-STC}
          - {date: 2026-03-10, status: in_progress}
    """
    for task in doc.tasks:
        for i in range(1, len(task.progress)):
            before, entry = task.progress[i - 1], task.progress[i]
            if entry.date < before.date:
                line, col = at_task(task, "progress", i, "date")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: mục tiến độ ngày {fmt_date(entry.date)} đứng sau mục ngày "
                    f"{fmt_date(before.date)}.",
                    "Ghi mục mới ở cuối danh sách theo thứ tự ngày; kiểm tra lại ngày nếu gõ nhầm.",
                )


@rule("progress-before-issued")
def progress_before_issued(doc, ctx):
    """Tiến độ ghi trước ngày ban hành văn bản.

    Nhiệm vụ chỉ được thực hiện sau khi văn bản giao việc ban hành, nên mục tiến độ ghi ngày sớm
    hơn thường là gõ nhầm năm hoặc tháng, và làm sai ngày hoàn thành dùng để tính đúng hạn, quá
    hạn (R2). Sửa lại theo ngày thực tế cập nhật tiến độ, viết dạng YYYY-MM-DD.

    Đúng:

        issued: 2026-03-02
        progress:
          - {date: 2026-03-10, status: in_progress}

    Sai:

        issued: 2026-03-02
        progress:
          - {date: 2025-03-10, status: in_progress}
    """
    for task in doc.tasks:
        for i, entry in enumerate(task.progress):
            if entry.date < doc.issued:
                line, col = at_task(task, "progress", i, "date")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: tiến độ ngày {fmt_date(entry.date)} sớm hơn ngày ban hành "
                    f"{fmt_date(doc.issued)}.",
                    "Kiểm tra lại năm, tháng của ngày (viết YYYY-MM-DD).",
                )


@rule("future-date")
def future_date(doc, ctx):
    """Tiến độ hoặc gia hạn ghi ngày trong tương lai.

    Sổ chỉ ghi điều đã xảy ra: ngày của mục tiến độ và của quyết định gia hạn không được sau
    hôm nay (theo múi giờ của sổ), dù kiểm tra với `--as-of` nào. Xem sổ tại một ngày đã qua
    (`--as-of`) thì các mục ghi ngày sau ngày đó chỉ đơn giản là chưa được tính.

    Đúng:

        - {date: 2026-03-10, status: in_progress}   # đã qua

    Sai:

        - {date: 2099-03-10, status: in_progress}   # chưa tới
    """
    today = ctx.today or ctx.as_of
    for task in doc.tasks:
        for i, entry in enumerate(task.progress):
            if entry.date > today:
                line, col = at_task(task, "progress", i, "date")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: tiến độ ghi ngày {fmt_date(entry.date)}, sau hôm nay ({fmt_date(today)}).",
                    "Ghi ngày thực tế đã cập nhật; kiểm tra lại năm, tháng.",
                )
        for i, ext in enumerate(task.extensions):
            if ext.date is not None and ext.date > today:
                line, col = at_task(task, "extensions", i, "date")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: văn bản gia hạn ghi ngày {fmt_date(ext.date)}, "
                    f"sau hôm nay ({fmt_date(today)}).",
                    "Ghi ngày ký văn bản quyết định gia hạn.",
                )


@rule("extension-date")
def extension_date(doc, ctx):
    """Gia hạn phải ghi sau ngày ban hành và theo thứ tự thời gian.

    Mỗi lần gia hạn (R10) ghi ngày của văn bản quyết định gia hạn (`date`), không sớm hơn ngày
    ban hành văn bản giao việc và không sớm hơn lần gia hạn trước; lần gia hạn cuối cùng là
    thời hạn đang áp dụng.

    Đúng:

        extensions:
          - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}

    Sai:

        extensions:
          - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2025-04-10}
    """
    for task in doc.tasks:
        previous = None
        for i, ext in enumerate(task.extensions):
            if ext.date < doc.issued:
                line, col = at_task(task, "extensions", i, "date")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: văn bản gia hạn ngày {fmt_date(ext.date)} sớm hơn ngày ban hành "
                    f"{fmt_date(doc.issued)}.",
                    "Kiểm tra lại ngày của văn bản gia hạn.",
                )
            elif previous is not None and ext.date < previous:
                line, col = at_task(task, "extensions", i, "date")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: lần gia hạn ngày {fmt_date(ext.date)} ghi sau lần gia hạn ngày "
                    f"{fmt_date(previous)}.",
                    "Ghi thêm lần gia hạn mới ở cuối danh sách, theo thứ tự thời gian.",
                )
            previous = ext.date if previous is None else max(previous, ext.date)


@rule("extension-not-later", "warning")
def extension_not_later(doc, ctx):
    """Gia hạn không lùi thời hạn về sau.

    Một lần gia hạn thường cho thời hạn muộn hơn thời hạn đang áp dụng. Nếu UBND tỉnh rút
    ngắn thời hạn thì vẫn ghi được, nhưng hãy kiểm tra lại ngày.

    Đúng:

        deadline: 2026-04-15
        extensions:
          - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}

    Sai:

        deadline: 2026-04-15
        extensions:
          - {deadline: 2026-03-15, document: 520/UBND-TH, date: 2026-04-10}
    """
    for task in doc.tasks:
        current = task.deadline
        for i, ext in enumerate(task.extensions):
            if current is not None and ext.deadline <= current:
                line, col = at_task(task, "extensions", i, "deadline")
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id}: thời hạn mới {fmt_date(ext.deadline)} không muộn hơn thời hạn "
                    f"đang áp dụng {fmt_date(current)}.",
                    "Kiểm tra lại ngày trong văn bản quyết định gia hạn.",
                )
            current = ext.deadline


@rule("cancel-without-note", "warning")
def cancel_without_note(doc, ctx):
    """Hủy nhiệm vụ phải nêu lý do.

    Nhiệm vụ không bao giờ bị xóa khỏi sổ; khi UBND tỉnh thôi giao, ghi một mục tiến độ
    `status: cancelled` với `note` nêu văn bản và lý do.

    Đúng:

        - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

    Sai:

        - {date: 2026-05-02, status: cancelled}
    """
    for task in doc.tasks:
        for i, entry in enumerate(task.progress):
            if entry.status == "cancelled" and not (entry.note or "").strip():
                line, col = at_task(task, "progress", i)
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id} được ghi hủy mà không nêu lý do.",
                    "Thêm «note:» nêu văn bản quyết định và lý do thôi thực hiện.",
                )
