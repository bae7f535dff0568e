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
        raise click.BadParameter(
            f"ngày không hợp lệ «{value}»; viết theo dạng YYYY-MM-DD, ví dụ 2026-03-25") from None


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


from_history_option = click.option(
    "--from-history",
    is_flag=True,
    help="Đọc sổ như nó có trong Git vào cuối ngày --as-of (giờ Việt Nam), để dựng lại đúng báo cáo cũ.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nhiemvu")
def main() -> None:
    """nhiemvu: sổ theo dõi nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao."""


def open_register(register_dir: Path, as_of: dt.date | None, *, overdue_scope: set[str] | None = None):
    """Load and check a register: (register, problems, states, as_of).

    `as_of` None means today in the register's time zone. A past as_of views the register
    as it stood then: entries dated later are simply not counted yet.
    """
    from .check import check_register
    from .load import load_register
    from .status import today_in

    register_dir = Path(register_dir)
    if not register_dir.is_dir():
        fail_usage(f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».",
                   "Chạy lệnh trong thư mục gốc của kho, hoặc chỉ rõ --register DIR.")
    register, problems = load_register(register_dir)
    today = today_in(register.settings.timezone or "Asia/Ho_Chi_Minh")
    as_of = as_of or today
    result = check_register(register, problems, as_of, historical=as_of < today, overdue_scope=overdue_scope)
    return register, result.problems, result.states, as_of


def fail_usage(message: str, hint: str = "") -> None:
    """Wrong call: a Vietnamese message on stderr and exit status 2."""
    click.echo(f"Lỗi: {message}" + (f"\n    → {hint}" if hint else ""), err=True)
    sys.exit(EXIT_USAGE)


def write_output(data: bytes, output: Path | None) -> None:
    """Write to --output (atomically) or to standard output."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output = Path(output)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(output)


def run() -> None:
    """Console-script entry: click exits 2 on wrong usage, as the contract says."""
    main(prog_name="nhiemvu")


from . import cli_check, cli_edit, cli_history, cli_reports, cli_site  # noqa: E402,F401  (they register commands)
