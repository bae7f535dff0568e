"""`nhiemvu check`: validate the register (what CI runs on every pull request)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import as_of_option, from_history_option, register_option
from generator.cli.reporters import as_github, as_json, as_text, summary_line
from generator.cli.session import Session, open_session, require_register_dir
from generator.errors import UsageError
from generator.register.check import exit_code_for
from generator.register.load import find_repo_root
from generator.register.secrecy import refuse_secret_register
from generator.vi import fmt_date


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
@click.argument("files", nargs=-1, metavar="[TỆP]...", type=click.Path(dir_okay=False, path_type=Path))
def check(
    register_dir: Path, as_of, fmt: str | None, since: str | None, from_history: bool, files: tuple[Path, ...]
) -> None:
    """Kiểm tra sổ theo dõi. Mã thoát: 0 sạch, 1 có lỗi, 3 có nhiệm vụ quá hạn chưa nêu lý do, 2 gọi sai lệnh.

    TỆP: các tệp vừa sửa; vẫn kiểm tra cả sổ, nhưng vấn đề của các tệp này được nêu trước.
    """
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    named = named_files(register_dir, files)
    session = open_session(register_dir, as_of, from_history=from_history, since=since)
    if fmt == "github":  # annotations are published on GitHub: a secret register never gets there
        refuse_secret_register(session.register, "kiểm tra trên GitHub")
    summary = check_summary(session)
    problems = session.problems
    first = [p for p in problems if p.file in named]
    rest = [p for p in problems if p.file not in named]
    if named:
        summary["files"] = sorted(named)
        summary["files_problems"] = len(first)
    if fmt == "json":
        summary["notes"] = session.notes
        click.echo(as_json(first + rest, summary))
    elif fmt == "github":
        for note in session.notes:
            click.echo(f"::notice title=history::{note}")
        if problems:
            click.echo(as_github(first + rest))
        click.echo(summary_line(summary))
    else:
        for note in session.notes:
            click.echo(f"Ghi chú: {note}", err=True)
        color = sys.stdout.isatty()
        if named:
            click.echo(
                f"Tệp đã nêu ({', '.join(sorted(named))}): "
                + (f"{len(first)} vấn đề." if first else "không có vấn đề.")
            )
            if first:
                click.echo(as_text(first, color=color))
            if rest:
                click.echo(f"Các tệp khác của sổ: {len(rest)} vấn đề.")
                click.echo(as_text(rest, color=color))
        elif problems:
            click.echo(as_text(problems, color=color))
        click.echo(summary_line(summary))
    sys.exit(summary["exit_code"])


def named_files(register_dir: Path, files: tuple[Path, ...]) -> set[str]:
    """The named files as problems name them (relative to the repository root); each must be a
    file of the register (pre-commit and editors pass the files they changed)."""
    if not files:
        return set()
    register_dir = require_register_dir(register_dir).resolve()
    repo_root = find_repo_root(register_dir)
    named = set()
    for file in files:
        path = file.resolve()
        if not path.is_relative_to(register_dir):
            raise UsageError(
                f"Tệp «{file}» không thuộc sổ theo dõi «{register_dir}».",
                "Chỉ nêu các tệp trong thư mục sổ (ví dụ register/documents/2026/45-QD-UBND.yaml), "
                "hoặc chỉ rõ --register DIR.",
            )
        if not path.is_file():
            raise UsageError(f"Không có tệp «{file}».", "Kiểm tra đường dẫn; bỏ tên tệp để kiểm tra cả sổ.")
        named.add(path.relative_to(repo_root).as_posix() if path.is_relative_to(repo_root) else path.as_posix())
    return named


def check_summary(session: Session) -> dict:
    """The figures of a check run (the JSON `summary` object and the closing line)."""
    problems, states = session.problems, session.states
    errors = sum(p.severity == "error" for p in problems)
    return {
        "as_of": session.as_of.isoformat(),
        "as_of_vi": fmt_date(session.as_of),
        "documents": len({s.document.file for s in states}),
        "tasks": len(states),
        "errors": errors,
        "warnings": len(problems) - errors,
        "overdue": sum(s.overdue for s in states),
        "overdue_unexplained": sum(p.code == "overdue-unexplained" for p in problems),
        "exit_code": exit_code_for(problems),
    }
