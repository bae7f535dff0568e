"""The contract's overdue rule: every overdue task must at least say why it is late."""

from __future__ import annotations

from generator.register.rules.base import Finding, rule
from generator.vi import fmt_date


@rule("overdue-unexplained", "warning")
def overdue_unexplained(doc, ctx):
    """Nhiệm vụ quá hạn chưa nêu lý do chậm.

    Nhiệm vụ chưa hoàn thành khi đã qua thời hạn đang áp dụng là quá hạn. Sau thời hạn phải
    có ít nhất một mục tiến độ ghi `delay_reason` (lý do chậm), nếu không lệnh
    `nhiemvu check` kết thúc với mã 3 và CI báo đỏ. Cách khác: xin gia hạn (`extensions`)
    bằng văn bản của UBND tỉnh (R10).

    Đúng:

        deadline: 2026-04-15
        progress:
          - date: 2026-04-20
            status: in_progress
            delay_reason: Chờ ý kiến thẩm định của Bộ Tài chính.

    Sai:

        deadline: 2026-04-15
        progress:
          - {date: 2026-03-20, status: in_progress}
    """
    only = ctx.overdue_scope
    for task in doc.tasks:
        if only is not None and task.global_id not in only:
            continue
        state = ctx.states[id(task)]
        if state.overdue_unexplained:
            yield Finding(
                task.line,
                1,
                f"Nhiệm vụ {state.id} quá hạn {state.days_overdue} ngày (hạn "
                f"{fmt_date(state.deadline_in_force)}) mà chưa nêu lý do chậm.",
                "Thêm mục tiến độ mới có «delay_reason:» nêu lý do, hoặc ghi văn bản gia hạn vào «extensions».",
            )
