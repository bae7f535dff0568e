"""`nhiemvu check`, `nhiemvu export` and `nhiemvu new`: the register's own commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.cli import (
    EXIT_ERRORS,
    as_of_option,
    fail_usage,
    from_history_option,
    main,
    open_register,
    register_option,
    write_output,
)


@main.command()
@register_option
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default=None,
    help="Dạng kết quả (mặc định: github khi chạy trong GitHub Actions, còn lại text).",
)
@click.option(
    "--since",
    "since",
    metavar="REV",
    help="So với phiên bản REV (nhánh gốc của pull request): báo thay đổi viết lại lịch sử; "
    "quy tắc quá hạn chỉ áp dụng cho nhiệm vụ được thêm hoặc sửa.",
)
@from_history_option
def check(register_dir: Path, as_of, fmt: str | None, since: str | None, from_history: bool) -> None:
    """Kiểm tra sổ theo dõi. Mã thoát: 0 sạch, 1 có lỗi, 3 có nhiệm vụ quá hạn chưa nêu lý do, 2 gọi sai lệnh."""
    from generator.cli.reporters import as_github, as_json, as_text, summary_line

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    notes: list[str] = []
    if since and from_history:
        fail_usage("Không dùng --since cùng --from-history.", "Chọn một trong hai.")
    if since:
        problems, states, as_of, notes = _check_since(register_dir, as_of, since)
    elif from_history:
        _register, problems, states, as_of, notes = _open_from_history(register_dir, as_of)
    else:
        _register, problems, states, as_of = open_register(register_dir, as_of)
    summary = _summary(problems, states, as_of)
    if fmt == "json":
        summary["notes"] = notes
        click.echo(as_json(problems, summary))
    elif fmt == "github":
        for note in notes:
            click.echo(f"::notice title=history::{note}")
        if problems:
            click.echo(as_github(problems))
        click.echo(summary_line(summary))
    else:
        for note in notes:
            click.echo(f"Ghi chú: {note}", err=True)
        if problems:
            click.echo(as_text(problems, color=sys.stdout.isatty()))
        click.echo(summary_line(summary))
    sys.exit(summary["exit_code"])


def _check_since(register_dir: Path, as_of, since: str):
    """`check --since REV`: history rules (generator.history_rules, R10 and the append-only
    lists), the flash-document rule (R4), and the overdue rule on added or touched tasks only."""
    from generator.history.log import HistoryError
    from generator.history.rules import history_problems, since_problems
    from generator.register.check import check_register
    from generator.register.load import load_register
    from generator.register.problems import sort_problems
    from generator.register.status import today_in

    if not Path(register_dir).is_dir():
        fail_usage(f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».", "Chỉ rõ --register DIR.")
    register, load_problems = load_register(Path(register_dir))
    today = today_in(register.settings.timezone or "Asia/Ho_Chi_Minh")
    as_of = as_of or today
    try:
        result = since_problems(register.repo_root, since, register.prefix, register)
        flash, flash_notes = history_problems(register.repo_root, register.prefix, register)
    except HistoryError as exc:
        fail_usage(str(exc), "Kiểm tra tên nhánh hoặc commit (ví dụ origin/main) và chạy «git fetch» nếu cần.")
    touched = set(result.touched_task_ids)
    scoped = check_register(register, load_problems, as_of, historical=as_of < today, overdue_scope=touched)
    notes = list(dict.fromkeys(list(result.notes) + list(flash_notes)))
    return sort_problems(scoped.problems + list(result.problems) + list(flash)), scoped.states, as_of, notes


def _open_from_history(register_dir: Path, as_of):
    """`--from-history`: the register as it stood in Git at the end of `as_of` (Vietnam time)."""
    from generator.cli.history import open_register_from_history, snapshot_note

    register, problems, states, as_of, snapshot = open_register_from_history(register_dir, as_of)
    return register, problems, states, as_of, [snapshot_note(snapshot)]


def _summary(problems, states, as_of) -> dict:
    from generator.register.check import exit_code_for

    errors = sum(p.severity == "error" for p in problems)
    unexplained = sum(p.code == "overdue-unexplained" for p in problems)
    exit_code = exit_code_for(problems)
    return {
        "as_of": as_of.isoformat(),
        "as_of_vi": f"{as_of:%d/%m/%Y}",
        "documents": len({s.document.file for s in states}),
        "tasks": len(states),
        "errors": errors,
        "warnings": len(problems) - errors,
        "overdue": sum(s.overdue for s in states),
        "overdue_unexplained": unexplained,
        "exit_code": exit_code,
    }


@main.command()
@register_option
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True, help="Dạng dữ liệu xuất.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Ghi ra tệp thay vì màn hình.")
@from_history_option
def export(register_dir: Path, as_of, fmt: str, output: Path | None, from_history: bool) -> None:
    """Xuất trạng thái mọi nhiệm vụ (JSON hoặc CSV UTF-8 có BOM cho Excel)."""
    from generator.cli.reporters import as_text
    from generator.register.problems import has_errors
    from generator.reports.export import export_csv, export_json, task_rows

    if from_history:
        _register, problems, states, as_of, _notes = _open_from_history(register_dir, as_of)
    else:
        _register, problems, states, as_of = open_register(register_dir, as_of)
    if has_errors(problems):
        click.echo(as_text([p for p in problems if p.severity == "error"]), err=True)
        click.echo("Sổ theo dõi có lỗi nên không xuất dữ liệu; sửa các lỗi trên rồi chạy lại.", err=True)
        sys.exit(EXIT_ERRORS)
    rows = task_rows(states)
    data = export_json(rows, as_of).encode("utf-8") if fmt == "json" else export_csv(rows)
    write_output(data, output)


@main.command()
@register_option
@click.option("--number", prompt="Số, ký hiệu (ví dụ 45/QĐ-UBND)", help="Số, ký hiệu văn bản.")
@click.option("--title", prompt="Trích yếu", help="Trích yếu văn bản.")
@click.option("--issued", prompt="Ngày ban hành (YYYY-MM-DD)", help="Ngày ban hành.")
@click.option("--signer", prompt="Mã người ký (trong signers.yaml)", help="Mã người ký.")
@click.option("--submitted-by", default="", help="Mã cơ quan trình (nếu có).")
@click.option(
    "--urgency",
    type=click.Choice(["normal", "urgent", "very_urgent", "flash"]),
    default="normal",
    show_default=True,
    help="Độ khẩn.",
)
@click.option("--content", prompt="Nội dung nhiệm vụ 1", help="Nội dung nhiệm vụ đầu tiên.")
@click.option("--assignee", prompt="Mã cơ quan chủ trì", help="Mã cơ quan chủ trì nhiệm vụ.")
@click.option("--monitor", prompt="Mã phòng theo dõi", help="Mã phòng thuộc Văn phòng theo dõi nhiệm vụ.")
@click.option("--classification", prompt="Phân loại (QC45_a…QC45_d, QC42_a…QC42_d)", help="Phân loại nhiệm vụ.")
@click.option("--deadline", default="", help="Thời hạn YYYY-MM-DD (bắt buộc với loại a, b).")
def new(register_dir: Path, **fields) -> None:
    """Tạo tệp văn bản mới (có một nhiệm vụ) đúng mẫu; lệnh này GHI vào thư mục sổ theo dõi."""
    from generator.register.newdoc import create_document

    register_dir = Path(register_dir)
    if not register_dir.is_dir():
        fail_usage(f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».", "Chỉ rõ --register DIR.")
    path, problems = create_document(register_dir, fields)
    if path is None:
        from generator.cli.reporters import as_text

        click.echo(as_text(problems), err=True)
        click.echo("Chưa tạo tệp: sửa các giá trị trên rồi chạy lại.", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(f"Đã tạo {path}. Mở tệp để thêm các nhiệm vụ khác, rồi chạy «nhiemvu check».")


@main.command()
@register_option
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không ghi tệp.")
def fix(register_dir: Path, dry_run: bool) -> None:
    """Chuẩn hóa chữ trong sổ (Unicode NFC, bỏ dấu cách thừa); lệnh này GHI vào các tệp của sổ."""
    from generator.register.fix import fix_register

    register_dir = Path(register_dir)
    if not register_dir.is_dir():
        fail_usage(f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».", "Chỉ rõ --register DIR.")
    results = fix_register(register_dir, dry_run=dry_run)
    total = 0
    for r in results:
        total += r.fixed
        verb = "sẽ sửa" if dry_run else ("đã sửa" if r.written else "không sửa")
        click.echo(f"{r.file}: {verb} {r.fixed} giá trị")
        for line, value in r.skipped:
            where = f"dòng {line}: " if line else ""
            click.echo(f"    {where}cần sửa tay «{value.strip()[:60]}»", err=True)
    click.echo(f"Tổng cộng: {total} giá trị {'cần chuẩn hóa' if dry_run else 'đã chuẩn hóa'}.")
