"""Commands that write into the register, and say so: `nhiemvu new`, `nhiemvu fix`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import register_option
from generator.cli.session import require_register_dir
from generator.errors import RegisterHasErrors
from generator.register.edit import create_document, fix_register


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
    path, problems = create_document(require_register_dir(register_dir), fields)
    if path is None:
        raise RegisterHasErrors("Chưa tạo tệp.", "Sửa các giá trị trên rồi chạy lại.", problems)
    click.echo(f"Đã tạo {path}. Mở tệp để thêm các nhiệm vụ khác, rồi chạy «nhiemvu check».")


@main.command()
@register_option
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không ghi tệp.")
def fix(register_dir: Path, dry_run: bool) -> None:
    """Chuẩn hóa chữ trong sổ (Unicode NFC, bỏ dấu cách thừa); lệnh này GHI vào các tệp của sổ."""
    results = fix_register(require_register_dir(register_dir), dry_run=dry_run)
    total = 0
    for r in results:
        total += r.fixed
        verb = "sẽ sửa" if dry_run else ("đã sửa" if r.written else "không sửa")
        click.echo(f"{r.file}: {verb} {r.fixed} giá trị")
        for line, value in r.skipped:
            where = f"dòng {line}: " if line else ""
            click.echo(f"    {where}cần sửa tay «{value.strip()[:60]}»", err=True)
    click.echo(f"Tổng cộng: {total} giá trị {'cần chuẩn hóa' if dry_run else 'đã chuẩn hóa'}.")
