"""Commands of the history area (`diff`, `remind`) and the `--from-history` loader that
`build`, `export` and `check` use; they attach themselves to `main`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from generator.cli import as_of_option, fail_usage, main, register_option, write_output


def _repo_and_prefix(register_dir: Path) -> tuple[Path, str]:
    from generator.history.log import is_git_repo, normalize_prefix
    from generator.register.load import find_repo_root

    register_dir = Path(register_dir)
    if not register_dir.is_dir():
        fail_usage(
            f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».",
            "Chạy lệnh trong thư mục gốc của kho, hoặc chỉ rõ --register DIR.",
        )
    root = find_repo_root(register_dir)
    if not is_git_repo(root):
        fail_usage(
            f"«{register_dir}» không nằm trong kho Git nên không có lịch sử để đọc.",
            "Chạy lệnh trong bản sao (clone) của kho sổ theo dõi.",
        )
    return root, normalize_prefix(root, register_dir)


def load_from_history(register_dir: Path, as_of: dt.date):
    """`--from-history`: the register as it stood in Git at the end of `as_of` (Vietnam time).

    Returns (register, load_problems, snapshot); snapshot.commit / snapshot.committed say which
    commit was read (for a report's footer). Exits 2 with a Vietnamese message when history
    cannot answer.
    """
    from generator.history.log import HistoryError, snapshot_at
    from generator.register.load import load_register_files

    root, prefix = _repo_and_prefix(register_dir)
    try:
        snapshot = snapshot_at(root, as_of, prefix)
    except HistoryError as exc:
        fail_usage(str(exc), "Chọn ngày sau commit đầu tiên của sổ, hoặc bỏ --from-history.")
    register, problems = load_register_files(snapshot.files, register_prefix=prefix)
    register.root, register.repo_root = Path(register_dir), root
    return register, problems, snapshot


def snapshot_note(snapshot) -> str:
    """Which commit a --from-history command read, for the reader (stderr or JSON notes)."""
    return f"Sổ đọc từ lịch sử Git: commit {snapshot.commit[:10]} ({snapshot.committed:%d/%m/%Y %H:%M})."


def open_register_from_history(register_dir: Path, as_of: dt.date | None):
    """As cli.open_register, but from Git at `as_of` (default today, Vietnam time):
    (register, problems, states, as_of, snapshot)."""
    from generator.register.check import check_register
    from generator.register.status import today_in

    as_of = as_of or today_in("Asia/Ho_Chi_Minh")
    register, load_problems, snapshot = load_from_history(register_dir, as_of)
    result = check_register(register, load_problems, as_of, historical=True)
    return register, result.problems, result.states, as_of, snapshot


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@register_option
@as_of_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1000),
    default=65_000,
    show_default=True,
    help="Độ dài tối đa (byte); dài hơn thì chỉ đưa số lượng và đường dẫn (--link).",
)
@click.option("--link", metavar="URL", help="Đường dẫn tới bản đầy đủ, dùng khi bản tóm tắt bị rút gọn.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Ghi ra tệp thay vì màn hình.")
def diff(
    base: str,
    head: str | None,
    register_dir: Path,
    as_of,
    max_bytes: int,
    link: str | None,
    output: Path | None,
) -> None:
    """Tóm tắt (Markdown) thay đổi từ phiên bản BASE đến HEAD (mặc định: bản làm việc hiện tại)."""
    from generator.history.log import HistoryError
    from generator.history.report import diff_markdown

    root, prefix = _repo_and_prefix(register_dir)
    try:
        result = build_diff(root, prefix, Path(register_dir), base, head, as_of)
    except HistoryError as exc:
        fail_usage(str(exc))
    write_output(diff_markdown(result, max_bytes=max_bytes, link=link).encode("utf-8"), output)


def build_diff(root: Path, prefix: str, register_dir: Path, base: str, head: str | None, as_of):
    """The RegisterDiff between two points of history (head None: the working tree)."""
    from generator.history.log import _repo, changed_paths, snapshot_at
    from generator.history.report import compare_states
    from generator.history.rules import since_problems
    from generator.register.check import check_register
    from generator.register.load import load_register, load_register_files
    from generator.register.status import compute_states, today_in

    base_snap = snapshot_at(root, base, prefix)
    base_register, _ = load_register_files(base_snap.files, register_prefix=prefix)
    if head:
        head_snap = snapshot_at(root, head, prefix)
        head_register, head_problems = load_register_files(head_snap.files, register_prefix=prefix)
        head_label = head_snap.commit[:7]
    else:
        head_register, head_problems = load_register(register_dir, repo_root=root)
        head_label = "bản làm việc"
    as_of = as_of or today_in(head_register.settings.timezone or "Asia/Ho_Chi_Minh")
    since = since_problems(root, base_snap.commit, prefix, head_register, head=head)
    checked = check_register(head_register, head_problems, as_of, overdue_scope=since.touched_task_ids)
    result = compare_states(
        base_register,
        compute_states(base_register, as_of),
        head_register,
        checked.states,
        as_of,
        base_snap.commit[:7],
        head_label,
    )
    changed, deleted = changed_paths(_repo(root), base_snap.commit, prefix, head)
    touched = changed | deleted
    mine = [p for p in checked.problems if p.file in touched or p.code == "overdue-unexplained"]
    result.problems = sorted(set(mine) | set(since.problems), key=lambda p: p.sort_key())
    result.other_problems = len(checked.problems) - len(mine)
    result.notes = list(since.notes)
    return result


@main.command()
@register_option
@as_of_option
@click.option(
    "--kind",
    type=click.Choice(["weekly", "monthly", "overdue"]),
    default="weekly",
    show_default=True,
    help="weekly: chưa cập nhật tiến độ từ 15:00 thứ Sáu trước (R7); monthly: tổng hợp tháng (R8); "
    "overdue: quá hạn theo phòng.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown để đọc; json cho quy trình GitHub tạo issue nhắc việc.",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Ghi ra tệp thay vì màn hình.")
def remind(register_dir: Path, as_of, kind: str, fmt: str, output: Path | None) -> None:
    """Danh sách nhắc việc theo từng phòng thuộc Văn phòng (Markdown hoặc JSON)."""
    from generator.cli import open_register
    from generator.history.log import VN, collect
    from generator.history.report import (
        open_by_division,
        overdue_by_division,
        reminders_issues,
        reminders_markdown,
        weekly_reminders,
    )

    register, _problems, states, as_of_used = open_register(Path(register_dir), as_of)
    cutoff = None
    if kind == "weekly":
        root, prefix = _repo_and_prefix(register_dir)
        hist = collect(root, prefix)
        # --as-of D is the start of day D: the weekly workflow runs on Friday morning, before the
        # 15:00 deadline, and reminds about the week since the previous Friday 15:00
        now = dt.datetime.now(VN) if as_of is None else dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=VN)
        cutoff, groups = weekly_reminders(register, states, hist if hist.available else None, now)
        for note in hist.notes:
            click.echo(f"Ghi chú: {note}", err=True)
    elif kind == "overdue":
        groups = overdue_by_division(register, states, as_of_used)
    else:
        groups = open_by_division(register, states, as_of_used)
    if fmt == "json":
        data = reminders_issues(kind, groups, register, as_of_used, cutoff)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = reminders_markdown(kind, groups, register, as_of_used, cutoff)
    write_output(text.encode("utf-8"), output)


@main.command(name="codeowners")
@register_option
@click.option(
    "--teams",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".github/codeowners-teams.yaml"),
    show_default=True,
    help="Tệp ánh xạ mã phòng → nhóm GitHub.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".github/CODEOWNERS"),
    show_default=True,
    help="Tệp CODEOWNERS cần ghi.",
)
@click.option("--check", "check_only", is_flag=True, help="Không ghi: thoát 1 nếu tệp CODEOWNERS chưa cập nhật.")
def codeowners_command(register_dir: Path, teams: Path, output: Path, check_only: bool) -> None:
    """Sinh .github/CODEOWNERS: phòng theo dõi nhiệm vụ duyệt thay đổi văn bản của mình."""
    import sys

    from generator.register.load import load_register
    from generator.reports.codeowners import TeamsError, codeowners, read_teams

    if not Path(register_dir).is_dir():
        fail_usage(f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».", "Chỉ rõ --register DIR.")
    if not teams.is_file():
        fail_usage(
            f"Không tìm thấy tệp nhóm duyệt «{teams}».",
            'Tạo tệp có «default: "@tổ-chức/nhóm"» và «divisions: {TH: "@tổ-chức/phong-th"}».',
        )
    register, _ = load_register(Path(register_dir))
    try:
        default, mapping = read_teams(teams.read_bytes(), register)
    except TeamsError as exc:
        fail_usage(f"{teams}: {exc}")
    text = codeowners(register, default, mapping)
    if check_only:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            click.echo(f"Tệp {output} chưa khớp với sổ theo dõi: chạy «nhiemvu codeowners» rồi commit.", err=True)
            sys.exit(1)
        click.echo(f"{output} đã cập nhật.")
        return
    write_output(text.encode("utf-8"), output)
    click.echo(f"Đã ghi {output}.")
