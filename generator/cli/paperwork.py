"""The Office's paperwork in and out: `import` (the register kept in Excel until now) and
`report form` (the form an agency fills and sends back; `reconcile` reads it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import as_of_option, output_option, parse_day, register_option
from generator.cli.reporters import echo_notes
from generator.cli.reports import report_group, write_register_output
from generator.cli.session import open_session
from generator.errors import NhiemvuError, UsageError
from generator.reports.monthly import parse_month, report_day


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@register_option
@click.option(
    "--as-of",
    "as_of",
    callback=lambda ctx, param, value: None if value is None else parse_day(value),
    metavar="YYYY-MM-DD",
    help="Ngày ghi cho các dòng «Đang thực hiện» không ghi ngày, và ngày kiểm tra sổ "
    "(mặc định: hôm nay, theo múi giờ của sổ).",
)
@click.option("--dry-run", is_flag=True, help="Chỉ in những tệp sẽ ghi và các dòng cần xử lý; không ghi gì.")
def import_command(file: Path, register_dir: Path, as_of, dry_run: bool) -> None:
    """Nhập sổ theo dõi đang giữ bằng Excel (.xlsx) hoặc CSV vào sổ theo dõi: mỗi văn bản một tệp
    documents/<năm>/<số-ký-hiệu>.yaml. GHI VÀO register/ (trừ khi có --dry-run); không bao giờ ghi
    đè văn bản đã có."""
    from generator.register.edit import write_checked
    from generator.reports.import_register import compare_existing, import_register, open_sheet

    if not file.exists():
        raise UsageError(f"Không tìm thấy tệp «{file}».")
    session = open_session(register_dir, as_of, refuse="chưa nhập được")
    sheet = open_sheet(file)
    if sys.stderr.isatty():  # a bar on a terminal, nothing in a pipe or a CI log
        with click.progressbar(length=len(sheet.rows) - sheet.first_row, label="Đọc các dòng", file=sys.stderr) as bar:
            result = import_register(sheet, session.register, session.as_of, progress=bar.update)
    else:
        result = import_register(sheet, session.register, session.as_of)
    echo_notes(result.notes)
    outcomes = {r.row: r for r in result.rows}
    changes = {}
    for plan in result.documents:
        if plan.state != "new":
            continue
        target = Path(register_dir) / plan.path
        if target.exists():
            try:
                existing = target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                existing = ""
            plan.differences = compare_existing(plan, existing, session.as_of)
            plan.state = "different" if plan.differences else "same"
            for row in plan.task_rows:
                if plan.differences:
                    outcomes[row].outcome = "refused"
                    outcomes[row].reason = f"văn bản {plan.label} đã có trong sổ nhưng khác bảng (không ghi đè)"
                else:
                    outcomes[row].outcome = "present"
                    outcomes[row].reason = "đã có trong sổ, giống bảng"
            continue
        changes[plan.path] = plan
    checked = write_checked(register_dir, {p: plan.text for p, plan in changes.items()}, session.as_of, dry_run=dry_run)
    for rel, problems in checked.refused.items():
        plan = changes[rel]
        plan.state = "refused"
        for p in problems:
            row = _row_of(plan, p.line)
            outcomes[row].outcome = "refused"
            reason = f"{p.message} {p.hint}".strip()
            outcomes[row].reason = reason if not outcomes[row].reason.startswith("sổ") else outcomes[row].reason
        for row in plan.task_rows:
            if outcomes[row].outcome == "imported":
                outcomes[row].outcome = "refused"
                outcomes[row].reason = f"văn bản {plan.label} có dòng khác cần xử lý; chưa nhập văn bản này"
    written = {rel for rel, _, _ in checked.written}
    for rel in written:
        changes[rel].state = "written"
    if dry_run:
        for rel in sorted(written):
            click.echo(f"--- {rel} (sẽ ghi) ---")
            click.echo(changes[rel].text, nl=False)
    click.echo(_summary(result, dry_run), nl=False)
    if result.by("refused"):
        raise NhiemvuError(
            f"{len(result.by('refused'))} dòng cần xử lý chưa được nhập (xem danh sách ở trên).",
            "Sửa các dòng đó trong tệp (hoặc thêm tên gọi khác vào aliases: trong agencies.yaml) rồi chạy lại; "
            "các văn bản đã nhập không bị ghi lại.",
        )


def _row_of(plan, line: int) -> int:
    """The sheet row of the task a checker problem points at (the document's first row if none)."""
    starts = [n for n, text in enumerate(plan.text.split("\n"), start=1) if text.startswith("  - id: ")]
    index = sum(1 for s in starts if s <= line) - 1
    if 0 <= index < len(plan.task_rows):
        return plan.task_rows[index]
    return plan.task_rows[0] if plan.task_rows else plan.rows[0]


def _summary(result, dry_run: bool) -> str:
    verb = "Sẽ ghi" if dry_run else "Đã ghi"
    docs = {s: [p for p in result.documents if p.state == s] for s in ("written", "same", "different", "refused")}
    rows = {o: result.by(o) for o in ("imported", "present", "skipped", "refused")}
    out = [
        f"Nhập từ «{result.source}» (dòng tiêu đề {result.header_row}): {len(result.rows)} dòng = "
        f"{len(rows['imported'])} dòng nhập mới + {len(rows['present'])} đã có + {len(rows['skipped'])} bỏ qua + "
        f"{len(rows['refused'])} cần xử lý.",
        f"{verb} {len(docs['written'])} văn bản mới ({len(rows['imported'])} nhiệm vụ)"
        + (":" if docs["written"] else "."),
    ]
    out += [f"  {p.path}" for p in docs["written"]]
    if docs["same"]:
        out.append(f"{len(docs['same'])} văn bản đã có trong sổ, giống bảng: không ghi lại.")
    if docs["different"]:
        out.append(f"{len(docs['different'])} văn bản đã có trong sổ nhưng khác bảng (không ghi đè):")
        for p in docs["different"]:
            out.append(f"  {p.path} ({p.label}):")
            out += [f"    - {d}" for d in p.differences]
    if rows["skipped"]:
        out.append("Dòng bỏ qua:")
        out += [f"  dòng {r.row}: {r.reason} — {r.text}" for r in rows["skipped"]]
    if rows["refused"]:
        out.append("Dòng cần xử lý (chưa nhập):")
        out += [f"  dòng {r.row}: {r.reason} — {r.text}" for r in rows["refused"]]
    return "\n".join(out) + "\n"


@report_group.command("form")
@click.option("--agency", required=True, metavar="MÃ", help="Mã cơ quan nhận phiếu (ví dụ STC).")
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng báo cáo, ví dụ 2026-03.")
@output_option("Ghi vào tệp này (mặc định phieu-bao-cao-YYYY-MM-MÃ.xlsx trong thư mục hiện tại).")
@as_of_option
@register_option
def report_form(agency: str, month: str, output: Path | None, as_of, register_dir: Path) -> None:
    """Phiếu Excel gửi một cơ quan: các nhiệm vụ cơ quan chủ trì chưa hoàn thành, điền sẵn, và các cột để
    cơ quan điền; «nhiemvu reconcile» đọc lại đúng phiếu cơ quan gửi về."""
    from generator.reports.form import render_form

    try:
        year, mon = parse_month(month)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    session = open_session(
        register_dir,
        as_of,
        refuse="chưa lập được phiếu",
        default_as_of=lambda r: report_day(year, mon, r.settings.monthly_report_day or 25),
    )
    echo_notes(session.notes)
    agency = agency.strip().upper()
    if agency not in session.register.agencies:
        raise UsageError(f"Mã cơ quan «{agency}» không có trong agencies.yaml.")
    data = render_form(session.register, session.states, agency, year, mon, session.as_of)
    target = output or Path(f"phieu-bao-cao-{year}-{mon:02d}-{agency}.xlsx")
    write_register_output(data, "xlsx", target, session, announce=True)
