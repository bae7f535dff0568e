"""Options shared by several commands, with their Vietnamese help and validation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.register.model import DAY_RANGE_VI, in_day_range


def parse_day(text: str) -> dt.date:
    """`YYYY-MM-DD` within the accepted range; click.BadParameter (Vietnamese) otherwise."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(f"ngày không hợp lệ «{text}»; viết theo dạng YYYY-MM-DD, ví dụ 2026-03-25") from None
    if not in_day_range(day):
        raise click.BadParameter(f"ngày {text} nằm ngoài khoảng sổ theo dõi dùng được ({DAY_RANGE_VI})")
    return day


def _as_of(ctx, param, value):
    return None if value is None else parse_day(value)


register_option = click.option(
    "--register",
    "register_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("register"),
    show_default=True,
    help="Thư mục sổ theo dõi (register).",
)
as_of_option = click.option(
    "--as-of",
    "as_of",
    callback=_as_of,
    metavar="YYYY-MM-DD",
    help="Tính trạng thái tại ngày này (mặc định: hôm nay, theo múi giờ của sổ).",
)
from_history_option = click.option(
    "--from-history",
    is_flag=True,
    help="Đọc sổ như nó có trong Git vào cuối ngày --as-of, để dựng lại đúng báo cáo cũ.",
)


def output_option(help_text: str = "Ghi ra tệp thay vì màn hình.", default: Path | None = None):
    """--output FILE. What may be written there (a regular file, never a folder, link, FIFO or
    device) is decided when writing, by `generator.cli.output`, with a Vietnamese message."""
    return click.option(
        "--output", type=click.Path(path_type=Path), default=default, show_default=default is not None, help=help_text
    )


def format_option(choices: tuple[str, ...], help_text: str | None = None):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=None,
        help=help_text or "Định dạng kết quả (mặc định: theo đuôi của --output, nếu không thì md).",
    )


def resolve_format(fmt: str | None, output: Path | None, choices: tuple[str, ...], default: str = "md") -> str:
    """--format if given, else the --output file's suffix when it is one of `choices`."""
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in choices else default
