"""Reports built from the register: `report monthly` (R8, R9), `reconcile` (R8), `remind`
(R7, R8, R9), `export` (open data) and `codeowners` (who reviews which document)."""

from __future__ import annotations

import dataclasses
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
from generator.cli.output import make_folder, output_name, write_bytes, write_output
from generator.cli.reporters import echo_notes
from generator.cli.session import open_session, refuse_errors, require_register_dir
from generator.errors import HistoryError, InputError, TeamsError, UsageError
from generator.history.log import collect
from generator.register.load import load_register
from generator.register.model import is_secret_register
from generator.register.secrecy import public_register, refuse_secret_register
from generator.reports.codeowners import codeowners, read_teams
from generator.reports.export import export_csv, export_json, task_rows
from generator.reports.mail import SmtpSettings, build_message, describe, send
from generator.reports.month_source import MonthSource, month_register, open_reader
from generator.reports.monthly import monthly_report_for, parse_month, render_markdown, report_day
from generator.reports.reconcile import check_form_agency, plan_apply, read_agency_report, reconcile, render_json
from generator.reports.reconcile import render_markdown as reconcile_markdown
from generator.reports.reconcile import render_xlsx as reconcile_xlsx
from generator.reports.reminders import (
    open_by_division,
    overdue_by_division,
    reminders_issues,
    reminders_markdown,
    weekly_reminders,
)
from generator.reports.secret_marks import counts_text, mark, read_counts

FORMATS = ("md", "xlsx", "docx", "pdf")
DEFAULT_FORMATS = ("md", "xlsx", "docx")  # --output-dir without --format: pdf only when asked


def _binary_needs_output(fmt: str, output: Path | None, binary: tuple[str, ...]) -> None:
    if fmt in binary and output is None:
        raise UsageError(
            f"Định dạng {fmt} là tệp nhị phân, cần chỉ rõ nơi ghi.", f"Thêm --output TỆP, ví dụ --output bao-cao.{fmt}."
        )


@main.group("report", lazy={"form": "paperwork"})
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
    help="Ghi vào thư mục này các tệp bao-cao-YYYY-MM.md, .xlsx, .docx (hoặc chỉ định dạng --format, kể cả pdf).",
)
@as_of_option
@register_option
@click.option(
    "--mail-to",
    "mail_to",
    multiple=True,
    metavar="ĐỊA_CHỈ",
    help="Gửi báo cáo qua thư điện tử (nội dung HTML, kèm tệp Word và Excel); cấu hình SMTP qua biến môi trường.",
)
@click.option("--dry-run", is_flag=True, help="Chỉ in thư sẽ gửi, không gửi.")
@from_history_option
@click.option(
    "--counts-only",
    is_flag=True,
    help="Sổ mật: chỉ ghi tệp số liệu tổng (một con số, không có nội dung) để gõ lại vào báo cáo công khai.",
)
@click.option(
    "--secret-counts",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="TỆP",
    help="Sổ công khai: tệp số liệu tổng của sổ mật (từ --counts-only); báo cáo ghi «văn bản mật: N nhiệm vụ, "
    "theo dõi riêng».",
)
def report_monthly(
    month,
    monitor,
    fmt,
    output,
    output_dir,
    as_of,
    register_dir,
    mail_to,
    dry_run,
    from_history,
    counts_only,
    secret_counts,
) -> None:
    """Báo cáo tháng: tổng hợp theo ngày báo cáo (ngày 25 hoặc --as-of)."""
    try:
        year, mon = parse_month(month)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if output_dir is not None and output is not None:
        raise UsageError("Dùng --output (một tệp) hoặc --output-dir (một thư mục), không dùng cả hai.")
    formats = (fmt,) if fmt else DEFAULT_FORMATS
    fmt = resolve_format(fmt, output, FORMATS)
    if output_dir is None and not mail_to:
        _binary_needs_output(fmt, output, ("xlsx", "docx", "pdf"))
    if dry_run and not mail_to:
        raise UsageError("--dry-run chỉ dùng cùng --mail-to.")

    publish = "gửi báo cáo qua thư điện tử" if mail_to else None
    register, report_as_of = _month_register(register_dir, year, mon, as_of, from_history, publish)
    if monitor is not None:
        monitor = monitor.strip().upper()
        agency = register.agencies.get(monitor)
        if agency is None or agency.kind != "office_division":
            divisions = ", ".join(c for c, a in register.agencies.items() if a.kind == "office_division")
            raise UsageError(
                f"«{monitor}» không phải một phòng thuộc Văn phòng trong agencies.yaml.",
                f"Các phòng: {divisions or '(chưa khai báo)'}.",
            )
    signer = register.settings.report_signer
    if signer and signer not in register.signers:
        line = register.settings.lines.get("report_signer", 0)
        echo_notes(
            [
                f"{register.settings.file}:{line}: report_signer «{signer}» không có trong signers.yaml; "
                "khối chữ ký của báo cáo để trống họ tên (ghi mã người ký có trong signers.yaml)."
            ]
        )
    secret = is_secret_register(register.settings)
    _secret_report_options(secret, counts_only, secret_counts)
    report = monthly_report_for(register, year, mon, as_of=report_as_of, monitor=monitor)
    if secret_counts is not None:
        report = dataclasses.replace(report, secret_tasks=_read_secret_counts(secret_counts, year, mon))
    if counts_only:
        text = counts_text(year, mon, report.as_of, report.total).encode("utf-8")
        write_output(text, output, announce=output is not None)
        return

    def render(one: str) -> bytes:
        data = _render(report, one)
        return mark(data, one, report.as_of) if secret else data

    if output_dir is not None:
        make_folder(output_dir)
        for one in formats:
            target = output_name(output_dir / f"{report_file_stem(report)}.{one}", secret)
            write_output(render(one), target, announce=True)
    elif output is not None:
        write_output(render(fmt), output_name(output, secret), announce=True)
    elif not mail_to:
        click.echo(render(fmt).decode("utf-8"), nl=False)
    if mail_to:
        _mail(report, register, list(mail_to), dry_run, register.settings.zone)


def _month_register(register_dir: Path, year: int, month: int, as_of, from_history: bool, publish: str | None):
    """(register, as-of date) of the month's compilation, chosen as the site's month page chooses
    (generator.reports.month_source), and said on stderr. With --as-of: the current register at
    that date; with --from-history: Git at the end of the as-of day, strictly."""
    if as_of is not None or from_history:
        session = open_session(
            register_dir,
            as_of,
            from_history=from_history,
            refuse="chưa lập được báo cáo",
            default_as_of=lambda r: report_day(year, month, r.settings.monthly_report_day or 25),
            publish=publish,
        )
        echo_notes(session.notes)
        return session.register, session.as_of
    session = open_session(register_dir, publish=publish)
    register, today = session.register, session.today
    day = report_day(year, month, register.settings.monthly_report_day or 25)
    if day >= today:
        source = MonthSource("provisional")
        chosen, when = register, today
    else:
        try:
            chosen, source = month_register(register, day, open_reader(register))
        except HistoryError:
            chosen, source = register, MonthSource("current")
        when = day
    if chosen is register:  # the working tree: its errors would make the report silently wrong
        if when != session.as_of:
            session = open_session(register_dir, when)
        refuse_errors(session, "chưa lập được báo cáo")
        chosen = session.register
    elif not is_secret_register(register.settings):
        chosen = public_register(chosen)  # a past version read from Git: no secret document, no book
    echo_notes([source.describe(day)])
    if source.errors:
        echo_notes([f"Bản sổ lưu ngày đó có {source.errors} lỗi khi đọc; những mục lỗi không được tính vào báo cáo."])
    return chosen, when


def _secret_report_options(secret: bool, counts_only: bool, secret_counts) -> None:
    """The options that belong to one side only (--mail-to on a secret register is refused when it
    is opened: a secret document is never sent over a network)."""
    if counts_only and not secret:
        raise UsageError(
            "--counts-only chỉ dùng với sổ mật (audience: secret).",
            "Trên sổ công khai, dùng --secret-counts TỆP để ghi số nhiệm vụ của sổ mật vào báo cáo.",
        )
    if secret_counts is not None and secret:
        raise UsageError("--secret-counts chỉ dùng với sổ công khai.", "Trên sổ mật, dùng --counts-only.")


def _read_secret_counts(path: Path, year: int, month: int) -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"Không đọc được tệp số liệu sổ mật «{path}»: {getattr(exc, 'strerror', None) or 'không phải UTF-8'}."
        ) from None
    return read_counts(text, year, month)


def write_register_output(data: bytes, fmt: str, output: Path | None, session, *, announce: bool = False) -> None:
    """What a command made from a register, to --output or standard output: marked «MẬT» in its
    text and its file name when the register is the secret one (R5), and then always announced."""
    secret = is_secret_register(session.register.settings)
    if secret:
        data = mark(data, fmt, session.as_of)
    target = output_name(output, secret) if output else None
    write_output(data, target, announce=(announce or secret) and target is not None)


def report_file_stem(report) -> str:
    """`bao-cao-2026-03`, or `bao-cao-2026-03-TH` for one division (codes are plain ASCII)."""
    suffix = f"-{report.monitor}" if report.monitor else ""
    return f"bao-cao-{report.year}-{report.month:02d}{suffix}"


def _render(report, fmt: str) -> bytes:
    if fmt == "xlsx":
        from generator.reports.xlsx import render_xlsx

        return render_xlsx(report)
    if fmt in ("docx", "pdf"):
        from generator.reports.docx import render_docx

        data = render_docx(report)
        if fmt == "pdf":
            from generator.reports.pdf import to_pdf
            from generator.reports.workbook import stamp

            return to_pdf(data, ".docx", stamp(report.as_of))
        return data
    return render_markdown(report).encode("utf-8")


def _mail(report, register, recipients: list[str], dry_run: bool, zone) -> None:
    from generator.reports.letter import addressees, html_body, plain_body, subject

    stem = report_file_stem(report)
    greeting = addressees(register, recipients)
    settings = None if dry_run else SmtpSettings.from_env(os.environ)
    sender = settings.sender if settings else (os.environ.get("NHIEMVU_SMTP_FROM") or "nhiemvu@localhost")
    msg = build_message(
        sender=sender,
        recipients=recipients,
        subject=subject(report),
        body=plain_body(report, greeting),
        html=html_body(report, greeting),
        attachments=[(f"{stem}.docx", _render(report, "docx")), (f"{stem}.xlsx", _render(report, "xlsx"))],
    )
    if dry_run:
        click.echo(describe(msg), nl=False)
        return
    send(msg, settings, zone=zone)
    click.echo(f"Đã gửi báo cáo tới {', '.join(recipients)}.", err=True)


@main.command("reconcile")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", required=True, metavar="MÃ", help="Mã cơ quan gửi báo cáo (ví dụ STC).")
@format_option(("md", "xlsx", "json"))
@output_option("Ghi kết quả đối chiếu vào tệp này.")
@as_of_option
@register_option
@click.option(
    "--apply",
    "apply_changes",
    is_flag=True,
    help="Ghi các chênh lệch đã xác định (cơ quan báo hoàn thành, đang thực hiện) vào sổ theo dõi thành "
    "cập nhật tiến độ mới, rồi in phần thay đổi để xem lại. GHI VÀO register/.",
)
@click.option(
    "--report",
    "report_number",
    metavar="SỐ",
    help="Số văn bản báo cáo của cơ quan (ví dụ 2150/BC-STC), dùng khi dòng không ghi số báo cáo.",
)
def reconcile_command(file, agency, fmt, output, as_of, register_dir, apply_changes, report_number) -> None:
    """Đối chiếu báo cáo của một cơ quan (.xlsx, .csv, hoặc phiếu báo cáo đã điền) với sổ theo dõi (R8)."""
    fmt = resolve_format(fmt, output, ("md", "xlsx", "json"))
    _binary_needs_output(fmt, output, ("xlsx",))
    if not file.is_file():
        raise UsageError(f"Không tìm thấy tệp «{file}».")
    session = open_session(register_dir, as_of, refuse="chưa đối chiếu được")
    agency = agency.strip().upper()
    if agency not in session.register.agencies:
        raise UsageError(f"Mã cơ quan «{agency}» không có trong agencies.yaml.")
    sheet = read_agency_report(file)
    check_form_agency(sheet, agency)
    result = reconcile(sheet, session.states, session.register, agency, session.as_of)
    echo_notes(result.notes)
    if fmt == "xlsx":
        data = reconcile_xlsx(result)
    elif fmt == "json":
        data = render_json(result).encode("utf-8")
    else:
        data = reconcile_markdown(result).encode("utf-8")
    if output is not None or not apply_changes:  # --apply prints the changes it made instead
        write_register_output(data, fmt, output, session, announce=True)
    if apply_changes:
        _apply(result, session, register_dir, report_number)


def _apply(result, session, register_dir: Path, report_number: str | None) -> None:
    """Write the planned progress entries, each document checked, and print the diff."""
    import difflib

    from generator.register.edit import append_progress, write_checked

    plan = plan_apply(result, session.states, session.register, report_number)
    texts: dict[str, str] = {}
    failed = []
    for item in plan.entries:
        path = Path(register_dir) / item.file
        text = texts.get(item.file) or path.read_text(encoding="utf-8")
        changed = append_progress(text, item.file, item.task_index, [item.entry])
        if changed is None:
            failed.append((item.row, item.task, "bố cục tệp không cho thêm tự động (danh sách viết một dòng)"))
            continue
        texts[item.file] = changed
    checked = write_checked(register_dir, texts, session.as_of)
    for rel, problems in checked.refused.items():
        for item in plan.entries:
            if item.file == rel:
                failed.append((item.row, item.task, "sổ sẽ có lỗi: " + problems[0].message))
    prefix = session.register.prefix.strip("/")
    for rel, before, after in checked.written:
        name = f"{prefix}/{rel}" if prefix and prefix != "." else rel  # as `git diff` names it
        lines = difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        )
        click.echo("".join(lines), nl=False)
    added = sum(1 for item in plan.entries if item.file in {w[0] for w in checked.written})
    click.echo(
        f"Đã ghi {added} cập nhật tiến độ vào {len(checked.written)} tệp (chưa commit): xem lại phần thay đổi ở trên, "
        "rồi commit trên nhánh hiện tại.",
        err=True,
    )
    for row, task, why in sorted(plan.skipped + failed, key=lambda x: x[0]):
        click.echo(f"  Dòng {row} ({task}): không ghi — {why}.", err=True)


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
    session = open_session(register_dir, as_of, publish="lập nhắc việc (để đăng thành issue trên GitHub)")
    register, states = session.register, session.states
    cutoff = None
    if kind == "weekly":
        zone = register.settings.zone
        hist = collect(register.repo_root, register.prefix, zone=zone)
        echo_notes(hist.notes)
        # --as-of D is the start of day D: the weekly workflow runs on Friday morning, before the
        # 15:00 deadline, and reminds about the week since the previous Friday 15:00
        now = dt.datetime.now(zone) if as_of is None else dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=zone)
        cutoff, groups = weekly_reminders(register, hist if hist.available else None, now)
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
    write_register_output(data, fmt, output, session)


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
    refuse_secret_register(register, "lập tệp CODEOWNERS cho GitHub")
    register = public_register(register)
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
