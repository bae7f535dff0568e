"""`nhiemvu book`: the secret register's books printed as the Office signs them (R5)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import output_option, register_option
from generator.cli.output import output_name, write_output
from generator.cli.session import open_session
from generator.errors import UsageError
from generator.register.model import BOOKS, is_secret_register
from generator.reports.books import FILE_STEMS, RENDERERS, book_table


@main.command("book")
@click.argument("book", type=click.Choice(sorted(BOOKS)))
@click.option("--year", type=click.IntRange(1900, 2199), required=True, help="Năm của sổ, ví dụ 2026.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="docx",
    show_default=True,
    help="docx (Word), xlsx (Excel) hoặc pdf (qua LibreOffice).",
)
@output_option("Ghi vào tệp này (mặc định: MAT-so-tai-lieu-mat-di-<năm>.<đuôi> trong thư mục hiện tại).")
@register_option
def book_command(book: str, year: int, fmt: str, output: Path | None, register_dir: Path) -> None:
    """In sổ tài liệu mật đi (outgoing) hoặc đến (incoming) của một năm: khổ A4 ngang, có dấu MẬT."""
    session = open_session(register_dir, refuse="chưa in được sổ")
    register = session.register
    if not is_secret_register(register.settings):
        raise UsageError(
            "Sổ công khai không có sổ tài liệu mật: lệnh «nhiemvu book» chỉ dùng với sổ mật (audience: secret).",
            "Chạy lệnh trên máy không kết nối mạng, với --register trỏ tới sổ mật.",
        )
    table = book_table(register, book, year)
    target = output_name(output or Path(f"{FILE_STEMS[book]}-{year}.{fmt}"), True, say=False)
    write_output(RENDERERS[fmt](table), target)
    click.echo(f"Đã ghi {target} ({table.entries} tài liệu, năm {year}).", err=True)
