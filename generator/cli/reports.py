"""Commands of the reports area (`report monthly`, `reconcile`); they attach themselves to `main`.

Thin: parse options, load, call the pure functions in `reports`, `reconcile`, `intake`, print.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from generator.cli import EXIT_ERRORS, EXIT_USAGE, as_of_option, from_history_option, main, register_option
from generator.register.problems import Problem, has_errors

FORMATS = ("md", "xlsx", "docx")


def _fail(message: str, code: int) -> None:
    click.echo(f"Lỗi: {message}", err=True)
    raise SystemExit(code)


def _show_problems(problems: list[Problem], limit: int = 20) -> None:
    from generator.cli.reporters import errors_text

    click.echo(errors_text(problems, limit), err=True)


def load_for_report(
    register_dir: Path, as_of: dt.date | None, month: tuple[int, int] | None = None, from_history: bool = False
):
    """Register, task states, intake states and the as-of date (default: the month's report
    day, else today), after the full check; refuses a register with errors (its report would
    be silently wrong). Warnings (overdue without reason, late intake) are what reports show.

    `from_history`: the register as it stood in Git at the end of the as-of day, so that a past
    month's report comes out exactly as it was (and as the site's Báo cáo page shows it)."""
    from generator.register.check import check_register
    from generator.register.intake import intake_states
    from generator.register.load import load_register
    from generator.register.status import today_in
    from generator.register.workdays import WorkCalendar
    from generator.reports.monthly import report_day

    if not register_dir.is_dir():
        _fail(f"không tìm thấy thư mục sổ theo dõi «{register_dir}»; chỉ rõ --register DIR.", EXIT_USAGE)
    register, load_problems = load_register(register_dir)  # intake items included (register.intake)
    today = today_in(register.settings.timezone or "Asia/Ho_Chi_Minh")
    if as_of is None and month is not None:
        as_of = report_day(*month, register.settings.monthly_report_day or 25)
    as_of = as_of or today
    if from_history:
        from generator.cli.history import load_from_history, snapshot_note

        register, load_problems, snapshot = load_from_history(register_dir, as_of)
        click.echo(snapshot_note(snapshot), err=True)
    result = check_register(register, load_problems, as_of, historical=as_of < today)
    calendar = WorkCalendar.from_data(register.calendar)
    problems = result.problems  # the intake checks are part of check_register
    if has_errors(problems):
        _show_problems(problems)
        _fail(
            "sổ theo dõi còn lỗi nên chưa lập được báo cáo; sửa các lỗi trên (hoặc xem «nhiemvu check») rồi chạy lại.",
            EXIT_ERRORS,
        )
    return register, result.states, intake_states(register.intake, calendar, as_of), as_of


def _check_output(fmt: str, output: Path | None, allowed_binary: tuple[str, ...]) -> None:
    if fmt in allowed_binary and output is None:
        _fail(
            f"định dạng {fmt} là tệp nhị phân, cần chỉ rõ nơi ghi: thêm --output TỆP, ví dụ --output bao-cao.{fmt}.",
            EXIT_USAGE,
        )
    if output is not None and not output.parent.resolve().is_dir():
        _fail(f"thư mục «{output.parent}» không tồn tại; tạo thư mục trước hoặc chọn nơi ghi khác.", EXIT_USAGE)


def _write(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        _fail(f"không ghi được tệp «{output}»: {exc.strerror}.", EXIT_ERRORS)
    click.echo(f"Đã ghi {output}", err=True)


def _format_option(choices: tuple[str, ...]):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=None,
        help="Định dạng kết quả (mặc định: theo đuôi của --output, nếu không thì md).",
    )


def _resolve_format(fmt: str | None, output: Path | None, choices: tuple[str, ...]) -> str:
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in choices else "md"


@main.group("report")
def report_group() -> None:
    """Báo cáo định kỳ (R8, R9)."""


@report_group.command("monthly")
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng báo cáo, ví dụ 2026-03.")
@click.option("--monitor", metavar="MÃ", help="Chỉ các nhiệm vụ do phòng này theo dõi (ví dụ TH).")
@_format_option(FORMATS)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Ghi vào tệp này.")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
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
    from generator.reports.monthly import monthly_report, parse_month

    try:
        year, mon = parse_month(month)
    except ValueError as exc:
        _fail(str(exc), EXIT_USAGE)
    if output_dir is not None:
        if output is not None:
            _fail("dùng --output (một tệp) hoặc --output-dir (một thư mục), không dùng cả hai.", EXIT_USAGE)
        formats = (fmt,) if fmt else FORMATS
    fmt = _resolve_format(fmt, output, FORMATS)
    if output_dir is None and not mail_to:
        _check_output(fmt, output, ("xlsx", "docx"))
    elif output is not None:
        _check_output(fmt, output, ())
    if dry_run and not mail_to:
        _fail("--dry-run chỉ dùng cùng --mail-to.", EXIT_USAGE)

    register, states, intake, as_of = load_for_report(register_dir, as_of, (year, mon), from_history)
    if monitor is not None:
        monitor = monitor.strip().upper()
        agency = register.agencies.get(monitor)
        if agency is None or agency.kind != "office_division":
            divisions = ", ".join(c for c, a in register.agencies.items() if a.kind == "office_division")
            _fail(
                f"«{monitor}» không phải một phòng thuộc Văn phòng trong agencies.yaml; "
                f"các phòng: {divisions or '(chưa khai báo)'}.",
                EXIT_USAGE,
            )
    report = monthly_report(states, register, year, mon, as_of=as_of, monitor=monitor, intake=intake)

    if output_dir is not None:
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(f"không tạo được thư mục «{output_dir}»: {exc.strerror}.", EXIT_ERRORS)
        for one in formats:
            _write(output_dir / f"{report_file_stem(report)}.{one}", _render(report, one))
    elif output is not None:
        _write(output, _render(report, fmt))
    elif not mail_to:
        click.echo(_render(report, fmt).decode("utf-8"), nl=False)
    if mail_to:
        _mail(report, list(mail_to), dry_run)


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
    from generator.reports.monthly import render_markdown

    return render_markdown(report).encode("utf-8")


def _mail(report, recipients: list[str], dry_run: bool) -> None:
    from generator.reports.mail import MailError, SmtpSettings, build_message, describe, send
    from generator.reports.monthly import render_markdown, title_line
    from generator.reports.xlsx import render_xlsx

    name = f"{report_file_stem(report)}.xlsx"
    title = title_line(report)
    body = (
        f"Kính gửi Phòng Tổng hợp,\n\nGửi kèm báo cáo {title[0].lower()}{title[1:]} (số liệu đến "
        f"ngày {report.as_of:%d/%m/%Y}); bảng tính Excel đính kèm.\n\n" + render_markdown(report)
    )
    settings = None
    try:
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
        send(msg, settings)
    except MailError as exc:
        _fail(str(exc), EXIT_USAGE if dry_run or settings is None else EXIT_ERRORS)
    click.echo(f"Đã gửi báo cáo tới {', '.join(recipients)}.", err=True)


@main.command("reconcile")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", required=True, metavar="MÃ", help="Mã cơ quan gửi báo cáo (ví dụ STC).")
@_format_option(("md", "xlsx"))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Ghi vào tệp này.")
@as_of_option
@register_option
def reconcile_command(file, agency, fmt, output, as_of, register_dir) -> None:
    """Đối chiếu báo cáo của một cơ quan (.xlsx, .csv) với sổ theo dõi (R8)."""
    from generator.reports.reconcile import ReadError, read_agency_report, reconcile, render_markdown, render_xlsx

    fmt = _resolve_format(fmt, output, ("md", "xlsx"))
    _check_output(fmt, output, ("xlsx",))
    if not file.is_file():
        _fail(f"không tìm thấy tệp «{file}».", EXIT_USAGE)
    register, states, _, as_of = load_for_report(register_dir, as_of)
    agency = agency.strip().upper()
    if agency not in register.agencies:
        _fail(f"mã cơ quan «{agency}» không có trong agencies.yaml.", EXIT_USAGE)
    try:
        sheet = read_agency_report(file)
    except ReadError as exc:
        _fail(str(exc), EXIT_ERRORS)
    result = reconcile(sheet, states, register, agency, as_of)
    if fmt == "xlsx":
        _write(output, render_xlsx(result))
    elif output is not None:
        _write(output, render_markdown(result).encode("utf-8"))
    else:
        click.echo(render_markdown(result), nl=False)
