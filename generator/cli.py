"""The `nhiemvu` command: parses options, calls the core, prints. Nothing else lives here.

Commands of other areas live in their own modules (`cli_site`, `cli_history`,
`cli_reports`), which add themselves to `main` when imported at the bottom of this file.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_OVERDUE = 0, 1, 2, 3


def parse_as_of(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"ngày không hợp lệ «{value}»; viết theo dạng YYYY-MM-DD, ví dụ 2026-03-25")


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
    callback=parse_as_of,
    metavar="YYYY-MM-DD",
    help="Tính trạng thái tại ngày này (mặc định: hôm nay, giờ Việt Nam).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nhiemvu")
def main() -> None:
    """nhiemvu: sổ theo dõi nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao."""


def run() -> None:
    """Console-script entry: click exits 2 on wrong usage, as the contract says."""
    main(prog_name="nhiemvu")


from . import cli_history, cli_reports, cli_site  # noqa: E402,F401  (they register commands)
