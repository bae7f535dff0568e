"""Views of one problem list: terminal text, GitHub workflow commands, JSON; and the one way a
refusal (any NhiemvuError) is shown."""

from __future__ import annotations

import json

import click

from generator.errors import NhiemvuError
from generator.register.problems import Problem
from generator.vi import SEVERITY_VI


def as_text(problems: list[Problem], color: bool = False) -> str:
    lines = []
    for p in problems:
        where = p.file + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.line and p.column else "")
        label = SEVERITY_VI[p.severity]
        if color:
            label = click.style(label, fg="red" if p.severity == "error" else "yellow", bold=True)
        lines.append(f"{where}: {label} [{p.code}] {p.message}")
        if p.hint:
            lines.append(f"    → {p.hint}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands (annotations on the changed lines)."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
            if p.column:
                props.append(f"col={p.column}")
        props.append(f"title={_escape_property(p.code)}")
        message = p.message + (f" Gợi ý: {p.hint}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)


def as_json(problems: list[Problem], summary: dict) -> str:
    """One JSON object {"problems": [...], "summary": {...}}, one problem per line: readable, and
    written by the C encoder (an indented dump falls back to the pure-Python one, which cost more
    than the whole check on a register with thousands of warnings)."""
    rows = ",\n".join("    " + json.dumps(p.as_dict(), ensure_ascii=False) for p in problems)
    body = "[\n" + rows + "\n  ]" if rows else "[]"
    summary_text = json.dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return '{\n  "problems": ' + body + ',\n  "summary": ' + summary_text + "\n}"


def summary_line(summary: dict) -> str:
    """The closing line of `check`: what fails CI first (errors, overdue tasks without a reason),
    so that it never reads «0 lỗi» alone when the exit status is 3."""
    failing = [f"{summary['errors']} lỗi"]
    if summary["overdue_unexplained"]:
        failing.append(f"{summary['overdue_unexplained']} nhiệm vụ quá hạn chưa nêu lý do")
    verdict = " (CI báo đỏ)" if summary["exit_code"] in (1, 3) else ""
    return (
        f"Đã kiểm tra {summary['documents']} văn bản, {summary['tasks']} nhiệm vụ (tính đến "
        f"{summary['as_of_vi']}): {', '.join(failing)}{verdict}; {summary['warnings']} cảnh báo, "
        f"{summary['overdue']} nhiệm vụ quá hạn."
    )


REFUSAL_LIMIT = 30  # problems shown when a command refuses; `nhiemvu check` shows them all


def errors_text(problems: list[Problem], limit: int = REFUSAL_LIMIT) -> str:
    """The errors that block a command, at most `limit`, then how many more."""
    errors = [p for p in problems if p.severity == "error"]
    text = as_text(errors[:limit])
    if len(errors) > limit:
        text += f"\n… và {len(errors) - limit} lỗi khác (chạy «nhiemvu check» để xem hết)."
    return text


def refusal_text(exc: NhiemvuError) -> str:
    """What a stopped command prints on stderr: the blocking problems, the reason, the fix."""
    lines = [errors_text(exc.problems)] if exc.problems else []
    lines.append(f"Lỗi: {exc.message}")
    if exc.hint:
        lines.append(f"    → {exc.hint}")
    return "\n".join(lines)


def echo_notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"Ghi chú: {note}", err=True)
