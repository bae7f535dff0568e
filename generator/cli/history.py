"""`nhiemvu diff`: what a change does to the register, for the pull-request comment."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import as_of_option, output_option, register_option
from generator.cli.output import write_output
from generator.cli.session import require_register_dir
from generator.history.diff import COMMENT_LIMIT, build_diff, diff_markdown


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@register_option
@as_of_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1000),
    default=COMMENT_LIMIT,
    show_default=True,
    help="Độ dài tối đa (byte); dài hơn thì chỉ đưa số lượng và đường dẫn (--link).",
)
@click.option("--link", metavar="URL", help="Đường dẫn tới bản đầy đủ, dùng khi bản tóm tắt bị rút gọn.")
@output_option()
def diff(base: str, head: str | None, register_dir: Path, as_of, max_bytes: int, link: str | None, output) -> None:
    """Tóm tắt (Markdown) thay đổi từ phiên bản BASE đến HEAD (mặc định: bản làm việc hiện tại)."""
    result = build_diff(require_register_dir(register_dir), base, head, as_of)
    write_output(diff_markdown(result, max_bytes=max_bytes, link=link).encode("utf-8"), output)
