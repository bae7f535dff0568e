"""Commands of the site area (`build`, `serve`); they attach themselves to `main`."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from pathlib import Path

import click

from .cli import EXIT_ERRORS, EXIT_USAGE, as_of_option, from_history_option, main, open_register, register_option
from .problems import has_errors


def _history(register, rev: str = "HEAD"):
    """One pass over the register's Git history (None outside a Git repository or before the
    first commit: the site then omits what history gives). Notes go to stderr."""
    from .history import HistoryError, collect, is_git_repo

    if not is_git_repo(register.repo_root):
        return None
    try:
        hist = collect(register.repo_root, register.prefix, rev=rev)
    except HistoryError as exc:
        click.echo(f"Ghi chú: {exc}", err=True)
        return None
    for note in hist.notes:
        click.echo(f"Ghi chú: {note}", err=True)
    return hist if hist.available else None


def _build_once(register_dir: Path, as_of: dt.date | None, site_dir: Path,
                docs_dir: Path | None = None, from_history: bool = False) -> tuple[int, dt.date]:
    """Check then build; raise SiteError with the reason (the problems are shown first).

    `from_history`: the register and its history as they stood in Git at the end of `as_of`.
    """
    from .site import SiteError, build_site

    if from_history:
        register, problems, states, as_of, rev = _open_from_history(register_dir, as_of)
    else:
        register, problems, states, as_of = open_register(register_dir, as_of)
        rev = "HEAD"
    if has_errors(problems):
        from .output import errors_text

        click.echo(errors_text(problems), err=True)
        n = sum(1 for p in problems if p.severity == "error")
        raise SiteError(f"Không xuất bản: sổ theo dõi còn {n} lỗi. Sửa các lỗi trên "
                        "(xem «nhiemvu check») rồi chạy lại.")
    build_site(register, states, as_of, site_dir, register_dir=register_dir, docs_dir=docs_dir,
               history=_history(register, rev))
    from .editor import install_admin  # the web form at /admin/ (generator/editor.py)

    note = install_admin(register, site_dir)
    if note:
        click.echo(note, err=True)
    return len(states), as_of


def _open_from_history(register_dir: Path, as_of: dt.date | None):
    """(register, problems, states, as_of, commit) from Git at the end of `as_of` (Vietnam)."""
    from .cli_history import open_register_from_history, snapshot_note

    register, problems, states, as_of, snapshot = open_register_from_history(register_dir, as_of)
    click.echo(snapshot_note(snapshot), err=True)
    for note in snapshot.notes:
        click.echo(f"Ghi chú: {note}", err=True)
    return register, problems, states, as_of, snapshot.commit


@main.command()
@register_option
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help="Thư mục ghi trang web đã tạo (sẽ được làm mới).")
@click.option("--docs-dir", type=click.Path(path_type=Path), default=None,
              help="Giữ lại thư mục Markdown đã sinh tại đây (mặc định: thư mục tạm), "
                   "ví dụ để dựng lại bằng Zensical.")
@as_of_option
@from_history_option
def build(register_dir: Path, site_dir: Path, docs_dir: Path | None, as_of: dt.date | None,
          from_history: bool) -> None:
    """Kiểm tra sổ theo dõi rồi tạo trang công khai (MkDocs + Material)."""
    from .site import SiteError

    try:
        count, as_of = _build_once(register_dir, as_of, site_dir, docs_dir, from_history)
    except SiteError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(EXIT_ERRORS) from None
    click.echo(f"Đã tạo trang tại {site_dir}/ ({count} nhiệm vụ, số liệu đến ngày "
               f"{as_of.strftime('%d/%m/%Y')}).")


@main.command()
@register_option
@as_of_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", type=int, default=8000, show_default=True, help="Cổng.")
def serve(register_dir: Path, as_of: dt.date | None, host: str, port: int) -> None:
    """Xem trước trang trên máy; tự tạo lại khi một tệp trong sổ theo dõi thay đổi."""
    from .site_serve import Preview

    def build_into(target: Path) -> None:
        _build_once(register_dir, as_of, target)

    if not register_dir.is_dir():
        click.echo(f"Lỗi: không tìm thấy thư mục sổ theo dõi «{register_dir}».", err=True)
        raise SystemExit(EXIT_USAGE)
    preview = Preview(register_dir, build_into, report=lambda m: click.echo(m, err=True))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # stop cleanly, scratch folder removed
    try:
        preview.serve(host, port, stop)
    except KeyboardInterrupt:
        stop.set()
