"""`nhiemvu check`: validate the register (what CI runs on every pull request)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import as_of_option, from_history_option, register_option
from generator.cli.reporters import as_github, as_json, as_text, summary_line
from generator.cli.session import Session, open_session
from generator.register.check import exit_code_for
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
def check(register_dir: Path, as_of, fmt: str | None, since: str | None, from_history: bool) -> None:
    """Kiểm tra sổ theo dõi. Mã thoát: 0 sạch, 1 có lỗi, 3 có nhiệm vụ quá hạn chưa nêu lý do, 2 gọi sai lệnh."""
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    session = open_session(register_dir, as_of, from_history=from_history, since=since)
    if fmt == "github":  # annotations are published on GitHub: a secret register never gets there
        refuse_secret_register(session.register, "kiểm tra trên GitHub")
    summary = check_summary(session)
    problems = session.problems
    if fmt == "json":
        summary["notes"] = session.notes
        click.echo(as_json(problems, summary))
    elif fmt == "github":
        for note in session.notes:
            click.echo(f"::notice title=history::{note}")
        if problems:
            click.echo(as_github(problems))
        click.echo(summary_line(summary))
    else:
        for note in session.notes:
            click.echo(f"Ghi chú: {note}", err=True)
        if problems:
            click.echo(as_text(problems, color=sys.stdout.isatty()))
        click.echo(summary_line(summary))
    sys.exit(summary["exit_code"])


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
