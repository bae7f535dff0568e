"""Classification QC45/QC42 a–d fixes whether a deadline exists and whether a report is due (R3)."""

from __future__ import annotations

from generator.register.model import letter_of, needs_deadline, needs_report
from generator.register.rules.base import Finding, at_task, delete_fix, rule, value_fix


@rule("deadline-required")
def deadline_required(doc, ctx):
    """Nhiệm vụ loại a, b phải có thời hạn.

    Loại a (phải trình, báo cáo) và b (phải thực hiện) là nhiệm vụ có thời hạn: ghi `deadline`.

    Đúng:

        classification: QC45_a
        deadline: 2026-04-15

    Sai:

        classification: QC45_b
        # thiếu deadline
    """
    for task in doc.tasks:
        if needs_deadline(task.classification) and task.deadline is None:
            line, col = at_task(task, "classification")
            # a → c keeps «phải trình, báo cáo», b → d keeps «không phải»: only the deadline goes
            other = task.classification[:-1] + {"a": "c", "b": "d"}[letter_of(task.classification)]
            yield Finding(
                line,
                col,
                f"Nhiệm vụ {task.id} loại {letter_of(task.classification)} phải có thời hạn (deadline).",
                "Thêm dòng «deadline: YYYY-MM-DD» theo thời hạn văn bản giao; văn bản không giao thời hạn "
                f"(nhiệm vụ thường xuyên, định kỳ) thì đổi phân loại thành {other}.",
                fix=(value_fix(doc, ("tasks", task.index, "classification"), other),),
            )


@rule("deadline-forbidden")
def deadline_forbidden(doc, ctx):
    """Nhiệm vụ loại c, d không có thời hạn.

    Loại c, d là nhiệm vụ giao không có thời hạn thực hiện: không ghi `deadline` và không gia hạn.

    Đúng:

        classification: QC45_d

    Sai:

        classification: QC45_d
        deadline: 2026-06-30
    """
    for task in doc.tasks:
        if needs_deadline(task.classification):
            continue
        keys = [k for k, v in (("deadline", task.deadline), ("extensions", task.extensions)) if v]
        if keys:
            line, col = at_task(task, keys[0])
            lines = ", ".join(f"«{k}» (dòng {at_task(task, k)[0]})" for k in keys)
            yield Finding(
                line,
                col,
                f"Nhiệm vụ {task.id} loại {letter_of(task.classification)} là nhiệm vụ không có thời hạn "
                f"nhưng lại ghi «{keys[0]}».",
                f"Xóa {lines} cùng giá trị của nó; nếu văn bản có giao thời hạn thì giữ lại và đổi phân loại "
                "sang a (phải trình, báo cáo) hay b.",
                fix=tuple(delete_fix(doc, ("tasks", task.index, k)) for k in keys),
            )


@rule("report-required")
def report_required(doc, ctx):
    """Nhiệm vụ loại a, c chỉ hoàn thành khi có văn bản trình hoặc báo cáo.

    Mục tiến độ đánh dấu `status: done` của nhiệm vụ loại a, c phải ghi `report`: số, ký hiệu
    văn bản mà cơ quan đã trình hoặc báo cáo.

    Đúng:

        progress:
          - date: 2026-04-10
            status: done
            report: 88/BC-STC

    Sai:

        progress:
          - date: 2026-04-10
            status: done     # thiếu report
    """
    for task in doc.tasks:
        if not needs_report(task.classification):
            continue
        for i, entry in enumerate(task.progress):
            if entry.status == "done" and not entry.report:
                line, col = at_task(task, "progress", i)
                yield Finding(
                    line,
                    col,
                    f"Nhiệm vụ {task.id} loại {letter_of(task.classification)} được ghi hoàn thành "
                    "nhưng chưa có văn bản trình/báo cáo.",
                    "Thêm «report: <số, ký hiệu văn bản báo cáo>» vào mục tiến độ này, ví dụ 88/BC-STC.",
                )
