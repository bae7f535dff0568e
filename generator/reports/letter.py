"""The e-mail that carries the monthly report (R8: divisions send their compilation to Phòng Tổng
hợp by e-mail): «Kính gửi» the recipients' names from agencies.yaml, an HTML body with the
report's tables (inline styles: mail programs ignore style sheets), the same text as plain text
for programs that show no HTML, and the Word and Excel files attached."""

from __future__ import annotations

import html

from generator.register.model import Register
from generator.reports.monthly import (
    COUNTED,
    SECTIONS,
    MonthlyReport,
    category_label,
    render_markdown,
    summary_sentence,
    title_line,
)
from generator.vi import fmt_date, fmt_rate

_TABLE = "border-collapse:collapse;font-family:'Times New Roman',serif;font-size:11pt;margin:6px 0 12px 0"
_CELL = "border:1px solid #808080;padding:3px 6px;vertical-align:top"
_HEAD = _CELL + ";background:#DDEBF7;font-weight:bold;text-align:center"
_NUMBER = _CELL + ";text-align:right"


def addressees(register: Register, recipients: list[str]) -> str:
    """«Phòng Tổng hợp; Sở Tài chính»: the names of the agencies whose e-mail is a recipient's,
    in the order given; «Quý cơ quan, đơn vị» when none is known."""
    by_mail = {(a.email or "").strip().lower(): a.name for a in register.agencies.values() if a.email}
    names = []
    for address in recipients:
        name = by_mail.get(address.strip().lower())
        if name and name not in names:
            names.append(name)
    return "; ".join(names) or "Quý cơ quan, đơn vị"


def subject(report: MonthlyReport) -> str:
    title = title_line(report)
    return f"Báo cáo {title[0].lower()}{title[1:]}"


def plain_body(report: MonthlyReport, greeting: str) -> str:
    title = title_line(report)
    return (
        f"Kính gửi: {greeting}.\n\n{report.office or 'Văn phòng'} gửi kèm báo cáo {title[0].lower()}{title[1:]} "
        f"(số liệu đến ngày {fmt_date(report.as_of)}): bản Word để trình ký và bảng tính Excel (phụ lục).\n\n"
        + render_markdown(report)
    )


def _e(value: object) -> str:
    return html.escape(str(value if value is not None else ""), quote=True)


def _table(headers: list[str], rows: list[list[object]], numbers: set[int] = frozenset()) -> str:
    out = [f'<table style="{_TABLE}"><tr>' + "".join(f'<th style="{_HEAD}">{_e(h)}</th>' for h in headers) + "</tr>"]
    for row in rows:
        cells = "".join(f'<td style="{_NUMBER if i in numbers else _CELL}">{_e(v)}</td>' for i, v in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def html_body(report: MonthlyReport, greeting: str) -> str:
    """The report as HTML: every value escaped, tables with borders."""
    title = title_line(report)
    parts = [
        "<div style=\"font-family:'Times New Roman',serif;font-size:13pt\">",
        f"<p>Kính gửi: <b>{_e(greeting)}</b>.</p>",
        f"<p>{_e(report.office or 'Văn phòng')} gửi kèm báo cáo {_e(title[0].lower() + title[1:])} (số liệu đến ngày "
        f"{_e(fmt_date(report.as_of))}): bản Word để trình ký và bảng tính Excel (phụ lục).</p>",
        f'<h2 style="font-size:14pt;text-align:center">BÁO CÁO<br>{_e(title)}</h2>',
    ]
    if report.sample_data:
        parts.append('<p style="color:#C00000;font-weight:bold">DỮ LIỆU MẪU — không phải số liệu thật</p>')
    parts += [f"<h3>{_e(SECTIONS[0])}</h3>", f"<p>{_e(summary_sentence(report))}</p>"]
    totals = [[category_label(k), report.counts[k]] for k in COUNTED] + [["Tổng số", report.total]]
    parts.append(_table(["Chỉ tiêu", "Số nhiệm vụ"], totals, {1}))
    parts.append(f"<h3>{_e(SECTIONS[1])}</h3>")
    rows = [
        [i, a.name, a.total, *(a.counts[k] for k in COUNTED), fmt_rate(a.rate)]
        for i, a in enumerate(report.agencies, start=1)
    ]
    heads = ["STT", "Cơ quan chủ trì", "Tổng số", *(category_label(k) for k in COUNTED), "Tỷ lệ đúng hạn"]
    parts.append(_table(heads, rows, set(range(2, len(heads)))) if rows else "<p>Không có nhiệm vụ nào.</p>")
    parts.append(f"<h3>{_e(SECTIONS[2])}</h3>")
    rows = [
        [
            i,
            t.label,
            t.content,
            t.assignee_name,
            fmt_date(t.deadline),
            t.days_overdue,
            t.delay_reason or "Chưa có giải trình",
        ]
        for i, t in enumerate(report.overdue, start=1)
    ]
    heads = ["STT", "Nhiệm vụ", "Nội dung", "Cơ quan chủ trì", "Thời hạn", "Quá hạn (ngày)", "Lý do chậm"]
    parts.append(_table(heads, rows, {5}) if rows else "<p>Không có nhiệm vụ quá hạn chưa hoàn thành.</p>")
    parts.append(f"<h3>{_e(SECTIONS[3])}</h3>")
    if report.recommendations:
        items = "".join(
            f"<li><b>{_e(r.assignee_name)}</b> ({_e(r.task_label)}, {_e(fmt_date(r.date))}): {_e(r.text)}</li>"
            for r in report.recommendations
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>Trong kỳ, các cơ quan không có kiến nghị, phản ánh.</p>")
    parts.append(f"<p>Trân trọng./.</p><p><i>{_e(report.office)}</i></p></div>")
    return "\n".join(parts) + "\n"
