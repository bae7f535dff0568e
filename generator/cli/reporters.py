"""Views of one problem list: terminal text, GitHub workflow commands, JSON."""

from __future__ import annotations

import json

from generator.register.problems import Problem

SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


def as_text(problems: list[Problem], color: bool = False) -> str:
    lines = []
    for p in problems:
        where = p.file + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.line and p.column else "")
        label = SEVERITY_VI[p.severity]
        if color:
            import click

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
    return json.dumps({"problems": [p.as_dict() for p in problems], "summary": summary}, ensure_ascii=False, indent=2)


def summary_line(summary: dict) -> str:
    return (
        f"Đã kiểm tra {summary['documents']} văn bản, {summary['tasks']} nhiệm vụ (tính đến "
        f"{summary['as_of_vi']}): {summary['errors']} lỗi, {summary['warnings']} cảnh báo, "
        f"{summary['overdue']} nhiệm vụ quá hạn, trong đó {summary['overdue_unexplained']} chưa nêu lý do."
    )


def errors_text(problems: list[Problem], limit: int = 30) -> str:
    """The errors that block a build or a report, at most `limit`, then how many more."""
    errors = [p for p in problems if p.severity == "error"]
    text = as_text(errors[:limit])
    if len(errors) > limit:
        text += f"\n… và {len(errors) - limit} lỗi khác (chạy «nhiemvu check» để xem hết)."
    return text
