"""Reports built from the register: `report monthly` (R8, R9), `reconcile` (R8), `remind`
(R7, R8, R9), `export` (open data) and `codeowners` (who reviews which document)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import (
    as_of_option,
    format_option,
    from_history_option,
    output_option,
    register_option,
    resolve_format,
)
from generator.cli.output import make_folder, write_bytes, write_output
from generator.cli.reporters import echo_notes
from generator.cli.session import open_session, require_register_dir
from generator.errors import TeamsError, UsageError
from generator.history.log import collect
from generator.register.load import load_register
from generator.register.status import intake_states
from generator.register.workdays import WorkCalendar
from generator.reports.codeowners import codeowners, read_teams
from generator.reports.export import export_csv, export_json, task_rows
from generator.reports.mail import SmtpSettings, build_message, describe, send
from generator.reports.monthly import monthly_report, parse_month, render_markdown, report_day, title_line
from generator.reports.reconcile import read_agency_report, reconcile
from generator.reports.reconcile import render_markdown as reconcile_markdown
from generator.reports.reconcile import render_xlsx as reconcile_xlsx
from generator.reports.reminders import (
    open_by_division,
    overdue_by_division,
    reminders_issues,
    reminders_markdown,
    weekly_reminders,
)
from generator.vi import fmt_date

FORMATS = ("md", "xlsx", "docx")


def _binary_needs_output(fmt: str, output: Path | None, binary: tuple[str, ...]) -> None:
    if fmt in binary and output is None:
        raise UsageError(
            f"Định dạng {fmt} là tệp nhị phân, cần chỉ rõ nơi ghi.", f"Thêm --output TỆP, ví dụ --output bao-cao.{fmt}."
        )


@main.group("report")
def report_group() -> None:
    """Báo cáo định kỳ (R8, R9)."""


@report_group.command("monthly")
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng báo cáo, ví dụ 2026-03.")
@click.option("--monitor", metavar="MÃ", help="Chỉ các nhiệm vụ do phòng này theo dõi (ví dụ TH).")
@format_option(FORMATS)
@output_option("Ghi vào tệp này.")
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path),
    help="Ghi vào thư mục này các tệp bao-cao-YYYY-MM.md, .xlsx, .docx (hoặc chỉ định dạng --format).",
)
@as_of_option
@register_option
@click.option(
    "--mail-to",
    "mail_to",
    multiple=True,
    metavar="ĐỊA_CHỈ",
    help="Gửi báo cáo qua thư điện tử (kèm tệp Excel); cấu hình SMTP qua biến môi trường.",
)
@click.option("--dry-run", is_flag=True, help="Chỉ in thư sẽ gửi, không gửi.")
@from_history_option
def report_monthly(
    month, monitor, fmt, output, output_dir, as_of, register_dir, mail_to, dry_run, from_history
) -> None:
    """Báo cáo tháng: tổng hợp theo ngày báo cáo (ngày 25 hoặc --as-of)."""
    try:
        year, mon = parse_month(month)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if output_dir is not None and output is not None:
        raise UsageError("Dùng --output (một tệp) hoặc --output-dir (một thư mục), không dùng cả hai.")
    formats = (fmt,) if fmt else FORMATS
    fmt = resolve_format(fmt, output, FORMATS)
    if output_dir is None and not mail_to:
        _binary_needs_output(fmt, output, ("xlsx", "docx"))
    if dry_run and not mail_to:
        raise UsageError("--dry-run chỉ dùng cùng --mail-to.")

    session = open_session(
        register_dir,
        as_of,
        from_history=from_history,
        refuse="chưa lập được báo cáo",
        default_as_of=lambda r: report_day(year, mon, r.settings.monthly_report_day or 25),
    )
    echo_notes(session.notes)
    register = session.register
    if monitor is not None:
        monitor = monitor.strip().upper()
        agency = register.agencies.get(monitor)
        if agency is None or agency.kind != "office_division":
            divisions = ", ".join(c for c, a in register.agencies.items() if a.kind == "office_division")
            raise UsageError(
                f"«{monitor}» không phải một phòng thuộc Văn phòng trong agencies.yaml.",
                f"Các phòng: {divisions or '(chưa khai báo)'}.",
            )
    intake = intake_states(register.intake, WorkCalendar.from_data(register.calendar), session.as_of)
    report = monthly_report(session.states, register, year, mon, as_of=session.as_of, monitor=monitor, intake=intake)

    if output_dir is not None:
        make_folder(output_dir)
        for one in formats:
            write_output(_render(report, one), output_dir / f"{report_file_stem(report)}.{one}", announce=True)
    elif output is not None:
        write_output(_render(report, fmt), output, announce=True)
    elif not mail_to:
        click.echo(_render(report, fmt).decode("utf-8"), nl=False)
    if mail_to:
        _mail(report, list(mail_to), dry_run, register.settings.zone)


def report_file_stem(report) -> str:
    """`bao-cao-2026-03`, or `bao-cao-2026-03-TH` for one division (codes are plain ASCII)."""
    suffix = f"-{report.monitor}" if report.monitor else ""
    return f"bao-cao-{report.year}-{report.month:02d}{suffix}"


def _render(report, fmt: str) -> bytes:
    if fmt == "xlsx":
        from generator.reports.xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "docx":
        from generator.reports.docx import render_docx

        return render_docx(report)
    return render_markdown(report).encode("utf-8")


def _mail(report, recipients: list[str], dry_run: bool, zone) -> None:
    from generator.reports.xlsx import render_xlsx

    name = f"{report_file_stem(report)}.xlsx"
    title = title_line(report)
    body = (
        f"Kính gửi Phòng Tổng hợp,\n\nGửi kèm báo cáo {title[0].lower()}{title[1:]} (số liệu đến "
        f"ngày {fmt_date(report.as_of)}); bảng tính Excel đính kèm.\n\n" + render_markdown(report)
    )
    settings = None if dry_run else SmtpSettings.from_env(os.environ)
    sender = settings.sender if settings else (os.environ.get("NHIEMVU_SMTP_FROM") or "nhiemvu@localhost")
    msg = build_message(
        sender=sender,
        recipients=recipients,
        subject=f"Báo cáo {title[0].lower()}{title[1:]}",
        body=body,
        attachment=render_xlsx(report),
        attachment_name=name,
    )
    if dry_run:
        click.echo(describe(msg), nl=False)
        return
    send(msg, settings, zone=zone)
    click.echo(f"Đã gửi báo cáo tới {', '.join(recipients)}.", err=True)


@main.command("reconcile")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", required=True, metavar="MÃ", help="Mã cơ quan gửi báo cáo (ví dụ STC).")
@format_option(("md", "xlsx"))
@output_option("Ghi vào tệp này.")
@as_of_option
@register_option
def reconcile_command(file, agency, fmt, output, as_of, register_dir) -> None:
    """Đối chiếu báo cáo của một cơ quan (.xlsx, .csv) với sổ theo dõi (R8)."""
    fmt = resolve_format(fmt, output, ("md", "xlsx"))
    _binary_needs_output(fmt, output, ("xlsx",))
    if not file.is_file():
        raise UsageError(f"Không tìm thấy tệp «{file}».")
    session = open_session(register_dir, as_of, refuse="chưa đối chiếu được")
    agency = agency.strip().upper()
    if agency not in session.register.agencies:
        raise UsageError(f"Mã cơ quan «{agency}» không có trong agencies.yaml.")
    sheet = read_agency_report(file)
    result = reconcile(sheet, session.states, session.register, agency, session.as_of)
    if fmt == "xlsx":
        write_output(reconcile_xlsx(result), output, announce=True)
    elif output is not None:
        write_output(reconcile_markdown(result).encode("utf-8"), output, announce=True)
    else:
        click.echo(reconcile_markdown(result), nl=False)


@main.command()
@register_option
@as_of_option
@click.option(
    "--kind",
    type=click.Choice(["weekly", "monthly", "overdue"]),
    default="weekly",
    show_default=True,
    help="weekly: chưa cập nhật tiến độ từ 15:00 thứ Sáu trước (R7); monthly: tổng hợp tháng (R8); "
    "overdue: quá hạn theo phòng.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown để đọc; json cho quy trình GitHub tạo issue nhắc việc.",
)
@output_option()
def remind(register_dir: Path, as_of, kind: str, fmt: str, output: Path | None) -> None:
    """Danh sách nhắc việc theo từng phòng thuộc Văn phòng (Markdown hoặc JSON)."""
    session = open_session(register_dir, as_of)
    register, states = session.register, session.states
    cutoff = None
    if kind == "weekly":
        zone = register.settings.zone
        hist = collect(register.repo_root, register.prefix, zone=zone)
        echo_notes(hist.notes)
        # --as-of D is the start of day D: the weekly workflow runs on Friday morning, before the
        # 15:00 deadline, and reminds about the week since the previous Friday 15:00
        now = dt.datetime.now(zone) if as_of is None else dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=zone)
        cutoff, groups = weekly_reminders(register, states, hist if hist.available else None, now)
    elif kind == "overdue":
        groups = overdue_by_division(register, states, session.as_of)
    else:
        groups = open_by_division(register, states, session.as_of)
    if fmt == "json":
        data = reminders_issues(kind, groups, register, session.as_of, cutoff)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = reminders_markdown(kind, groups, register, session.as_of, cutoff)
    write_output(text.encode("utf-8"), output)


@main.command()
@register_option
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True, help="Dạng dữ liệu xuất.")
@output_option()
@from_history_option
def export(register_dir: Path, as_of, fmt: str, output: Path | None, from_history: bool) -> None:
    """Xuất trạng thái mọi nhiệm vụ (JSON hoặc CSV UTF-8 có BOM cho Excel)."""
    session = open_session(register_dir, as_of, from_history=from_history, refuse="không xuất dữ liệu")
    rows = task_rows(session.states)
    data = export_json(rows, session.as_of).encode("utf-8") if fmt == "json" else export_csv(rows)
    write_output(data, output)


@main.command(name="codeowners")
@register_option
@click.option(
    "--teams",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".github/codeowners-teams.yaml"),
    show_default=True,
    help="Tệp ánh xạ mã phòng → nhóm GitHub.",
)
@output_option("Tệp CODEOWNERS cần ghi.", default=Path(".github/CODEOWNERS"))
@click.option("--check", "check_only", is_flag=True, help="Không ghi: thoát 1 nếu tệp CODEOWNERS chưa cập nhật.")
def codeowners_command(register_dir: Path, teams: Path, output: Path, check_only: bool) -> None:
    """Sinh .github/CODEOWNERS: phòng theo dõi nhiệm vụ duyệt thay đổi văn bản của mình."""
    register_dir = require_register_dir(register_dir)
    if not teams.is_file():
        raise UsageError(
            f"Không tìm thấy tệp nhóm duyệt «{teams}».",
            'Tạo tệp có «default: "@tổ-chức/nhóm"» và «divisions: {TH: "@tổ-chức/phong-th"}».',
        )
    register, _ = load_register(register_dir)
    try:
        default, mapping = read_teams(teams.read_bytes(), register)
    except TeamsError as exc:
        raise TeamsError(f"{teams}: {exc.message}", exc.hint) from None
    text = codeowners(register, default, mapping)
    if check_only:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            click.echo(f"Tệp {output} chưa khớp với sổ theo dõi: chạy «nhiemvu codeowners» rồi commit.", err=True)
            raise SystemExit(1)
        click.echo(f"{output} đã cập nhật.")
        return
    write_bytes(text.encode("utf-8"), output)
    click.echo(f"Đã ghi {output}.")
