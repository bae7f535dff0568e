"""The contract's overdue rule: every overdue task must at least say why it is late."""

from __future__ import annotations

from generator.register.rules.base import Finding, rule
from generator.vi import fmt_date


@rule("overdue-unexplained", "warning")
def overdue_unexplained(doc, ctx):
    """Nhiệm vụ quá hạn chưa nêu lý do chậm.

    Nhiệm vụ chưa hoàn thành khi đã qua thời hạn đang áp dụng là quá hạn. Nhiệm vụ quá hạn phải
    có ít nhất một mục tiến độ ghi `delay_reason` (lý do chậm) ghi từ ngày thời hạn đó được ấn
    định trở đi: ngày ban hành văn bản với thời hạn ban đầu, ngày của văn bản gia hạn với thời
    hạn đã gia hạn. Lý do báo trước khi đến hạn vẫn được tính (quy chế yêu cầu báo sớm); lý do
    ghi trước một lần gia hạn thì không giải thích được việc trễ thời hạn mới. Thiếu lý do thì
    lệnh `nhiemvu check` kết thúc với mã 3 và CI báo đỏ. Cách khác: xin gia hạn (`extensions`)
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
                f"Nhiệm vụ {state.label} quá hạn {state.days_overdue} ngày (hạn "
                f"{fmt_date(state.deadline_in_force)}): chưa có lý do chậm ghi từ ngày "
                f"{fmt_date(state.deadline_set)} (ngày thời hạn hiện hành được ấn định).",
                "Thêm mục tiến độ mới có «delay_reason:» nêu lý do, hoặc ghi văn bản gia hạn vào «extensions».",
            )
