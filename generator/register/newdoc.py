"""`nhiemvu new`: a valid skeleton document file, checked by the same rules before it is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.register.check import check_register
from generator.register.load import find_repo_root, load_register_files, read_register_files
from generator.register.paths import document_relpath
from generator.register.problems import Problem
from generator.register.schema import iso_hint
from generator.register.status import today_in

MODELINE = "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\n"


def _scalar(value) -> str:
    """One YAML scalar, quoted only when YAML would read it as something else."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render(fields: dict, issued: dt.date) -> str:
    lines = [
        MODELINE.rstrip("\n"),
        f"number: {_scalar(fields['number'].strip())}",
        f"title: {_scalar(' '.join(fields['title'].split()))}",
        f"issued: {issued.isoformat()}",
        f"signer: {_scalar(fields['signer'].strip().upper())}",
        f"submitted_by: {_scalar(fields['submitted_by'].strip().upper()) if fields.get('submitted_by') else 'null'}",
        f"urgency: {fields.get('urgency') or 'normal'}",
        "secrecy: none",
        "tasks:",
        "  - id: 1",
        f"    content: {_scalar(' '.join(fields['content'].split()))}",
        f"    assignee: {_scalar(fields['assignee'].strip().upper())}",
        f"    monitor: {_scalar(fields['monitor'].strip().upper())}",
        f"    classification: {_scalar(fields['classification'].strip())}",
    ]
    if fields.get("deadline"):
        lines.append(f"    deadline: {fields['deadline']}")
    lines.append("    progress: []")
    return "\n".join(lines) + "\n"


def _parse_date(text: str, what: str, file: str) -> tuple[dt.date | None, list[Problem]]:
    try:
        return dt.date.fromisoformat(text.strip()), []
    except ValueError:
        iso = iso_hint(text)
        return None, [
            Problem(
                "date-format",
                "error",
                file,
                0,
                0,
                f"{what} «{text}» không phải ngày dạng YYYY-MM-DD.",
                f"Viết {iso}." if iso else "Ví dụ: 2026-03-25.",
            )
        ]


def create_document(register_dir: Path, fields: dict) -> tuple[Path | None, list[Problem]]:
    """Write documents/<year>/<slug>.yaml if it passes the checker; never overwrite a file."""
    register_dir = Path(register_dir)
    repo_root = find_repo_root(register_dir)
    issued, problems = _parse_date(fields["issued"], "Ngày ban hành", "--issued")
    if fields.get("deadline"):
        deadline, more = _parse_date(fields["deadline"], "Thời hạn", "--deadline")
        problems += more
        if deadline:
            fields["deadline"] = deadline.isoformat()
    if problems:
        return None, problems
    rel = document_relpath(fields["number"].strip(), issued.year)
    target = register_dir / rel
    prefix = (
        register_dir.resolve().relative_to(repo_root).as_posix()
        if register_dir.resolve().is_relative_to(repo_root)
        else register_dir.name
    )
    key = f"{prefix}/{rel}"
    if target.exists():
        return None, [
            Problem(
                "file-exists",
                "error",
                key,
                0,
                0,
                f"Đã có tệp {rel} cho văn bản {fields['number']} năm {issued.year}.",
                "Mở tệp đó để thêm nhiệm vụ; mỗi văn bản chỉ có một tệp.",
            )
        ]
    text = render(fields, issued)
    files, _ = read_register_files(register_dir, repo_root)
    files[key] = text.encode("utf-8")
    register, load_problems = load_register_files(files, register_prefix=prefix)
    tz = register.settings.timezone or "Asia/Ho_Chi_Minh"
    result = check_register(register, load_problems, today_in(tz))
    mine = [p for p in result.problems if p.file == key and p.severity == "error"]
    if mine:
        return None, mine
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return target, []
