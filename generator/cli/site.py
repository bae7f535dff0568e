"""`nhiemvu build` and `nhiemvu serve`: the public site."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import as_of_option, from_history_option, register_option
from generator.cli.reporters import echo_notes
from generator.cli.session import Session, open_session, require_register_dir
from generator.errors import HistoryError
from generator.history.git import head_of, is_git_repo
from generator.history.log import History, collect
from generator.register.load import load_register
from generator.register.secrecy import refuse_secret_register
from generator.site.build import build_site
from generator.site.editor import install_admin
from generator.site.serve import Preview
from generator.vi import fmt_date


def site_history(session: Session) -> History | None:
    """One pass over the register's Git history up to the commit the register was read from
    (None outside Git or before the first commit: the site then omits what history gives)."""
    register = session.register
    if not is_git_repo(register.repo_root):
        return None
    try:
        hist = collect(register.repo_root, register.prefix, rev=session.rev, zone=register.settings.zone)
    except HistoryError as exc:
        echo_notes([exc.message])
        return None
    echo_notes(hist.notes)
    return hist if hist.available else None


def build_once(
    register_dir: Path,
    as_of: dt.date | None,
    site_dir: Path,
    docs_dir: Path | None = None,
    from_history: bool = False,
) -> Session:
    """Check, then build the site; refused (RegisterHasErrors, SiteError) with the reason."""
    session = open_session(register_dir, as_of, from_history=from_history, refuse="không xuất bản", publish="xuất bản")
    echo_notes(session.notes)
    build_site(
        session.register,
        session.states,
        session.as_of,
        site_dir,
        register_dir=register_dir,
        docs_dir=docs_dir,
        history=site_history(session),
    )
    note = install_admin(session.register, site_dir)  # the web form at /admin/
    if note:
        click.echo(note, err=True)
    return session


@main.command()
@register_option
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Thư mục ghi trang web đã tạo (sẽ được làm mới).",
)
@click.option(
    "--docs-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Giữ lại thư mục Markdown đã sinh tại đây (mặc định: thư mục tạm), ví dụ để dựng lại bằng Zensical.",
)
@as_of_option
@from_history_option
def build(register_dir: Path, site_dir: Path, docs_dir: Path | None, as_of: dt.date | None, from_history: bool) -> None:
    """Kiểm tra sổ theo dõi rồi tạo trang công khai (MkDocs + Material)."""
    session = build_once(register_dir, as_of, site_dir, docs_dir, from_history)
    click.echo(
        f"Đã tạo trang tại {site_dir}/ ({len(session.states)} nhiệm vụ, số liệu đến ngày {fmt_date(session.as_of)})."
    )


@main.command()
@register_option
@as_of_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Cổng (0–65535).")
def serve(register_dir: Path, as_of: dt.date | None, host: str, port: int) -> None:
    """Xem trước trang trên máy; tự tạo lại khi một tệp trong sổ theo dõi thay đổi."""
    register_dir = require_register_dir(register_dir)
    refuse_secret_register(load_register(register_dir)[0], "xem trước trang công khai")

    def build_into(target: Path) -> None:
        build_once(register_dir, as_of, target)

    preview = Preview(register_dir, build_into, report=lambda m: click.echo(m, err=True), head=head_of)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # stop cleanly, scratch folder removed
    try:
        preview.serve(host, port, stop)
    except KeyboardInterrupt:
        stop.set()
    except OSError as exc:
        raise click.UsageError(f"không mở được cổng {host}:{port}: {exc.strerror}") from None
