"""Commands that write into the register, and say so: `nhiemvu new`, `nhiemvu fix`, and the web form
on this computer, `nhiemvu edit`, whose saves are Git branches."""

from __future__ import annotations

import signal
import threading
import webbrowser
from pathlib import Path

import click

from generator.cli.main import main
from generator.cli.options import register_option
from generator.cli.session import require_register_dir
from generator.errors import RegisterHasErrors
from generator.register.edit import create_document, fix_register
from generator.register.load import load_register
from generator.site.editor import (
    ADMIN,
    DecapServer,
    EditorError,
    EditorServer,
    admin_files,
    check_port,
    cms_branches,
    editor_dir,
    install_hint,
    missing_vendor,
    node_executable,
    push_help,
    workspace,
)


@main.command()
@register_option
@click.option("--number", prompt="Số, ký hiệu (ví dụ 45/QĐ-UBND)", help="Số, ký hiệu văn bản.")
@click.option("--title", prompt="Trích yếu", help="Trích yếu văn bản.")
@click.option("--issued", prompt="Ngày ban hành (YYYY-MM-DD)", help="Ngày ban hành.")
@click.option("--signer", prompt="Mã người ký (trong signers.yaml)", help="Mã người ký.")
@click.option("--submitted-by", default="", help="Mã cơ quan trình (nếu có).")
@click.option(
    "--urgency",
    type=click.Choice(["normal", "urgent", "very_urgent", "flash"]),
    default="normal",
    show_default=True,
    help="Độ khẩn.",
)
@click.option("--content", prompt="Nội dung nhiệm vụ 1", help="Nội dung nhiệm vụ đầu tiên.")
@click.option("--assignee", prompt="Mã cơ quan chủ trì", help="Mã cơ quan chủ trì nhiệm vụ.")
@click.option("--monitor", prompt="Mã phòng theo dõi", help="Mã phòng thuộc Văn phòng theo dõi nhiệm vụ.")
@click.option("--classification", prompt="Phân loại (QC45_a…QC45_d, QC42_a…QC42_d)", help="Phân loại nhiệm vụ.")
@click.option("--deadline", default="", help="Thời hạn YYYY-MM-DD (bắt buộc với loại a, b).")
def new(register_dir: Path, **fields) -> None:
    """Tạo tệp văn bản mới (có một nhiệm vụ) đúng mẫu; lệnh này GHI vào thư mục sổ theo dõi."""
    path, problems = create_document(require_register_dir(register_dir), fields)
    if path is None:
        raise RegisterHasErrors("Chưa tạo tệp.", "Sửa các giá trị trên rồi chạy lại.", problems)
    click.echo(f"Đã tạo {path}. Mở tệp để thêm các nhiệm vụ khác, rồi chạy «nhiemvu check».")


@main.command()
@register_option
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không ghi tệp.")
def fix(register_dir: Path, dry_run: bool) -> None:
    """Chuẩn hóa chữ trong sổ (Unicode NFC, bỏ dấu cách thừa); lệnh này GHI vào các tệp của sổ."""
    results = fix_register(require_register_dir(register_dir), dry_run=dry_run)
    total = 0
    for r in results:
        total += r.fixed
        verb = "sẽ sửa" if dry_run else ("đã sửa" if r.written else "không sửa")
        click.echo(f"{r.file}: {verb} {r.fixed} giá trị")
        for line, value in r.skipped:
            where = f"dòng {line}: " if line else ""
            click.echo(f"    {where}cần sửa tay «{value.strip()[:60]}»", err=True)
    click.echo(f"Tổng cộng: {total} giá trị {'cần chuẩn hóa' if dry_run else 'đã chuẩn hóa'}.")


@main.command()
@register_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Cổng trên 127.0.0.1 (từ 1024 đến 65535; 0: tự chọn cổng trống).",
)
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def edit(register_dir: Path, port: int, no_browser: bool) -> None:  # noqa: C901 - one start-up sequence
    """Mở biểu mẫu nhập liệu (Decap CMS) trên máy này: mỗi lần lưu là một nhánh Git cms/…

    Cần Node.js (decap-server chạy bằng Node) và «npm ci» trong thư mục editor/ của nhiemvu.
    Máy chủ chỉ nghe trên 127.0.0.1.
    """
    try:
        check_port(port)
    except EditorError as exc:
        raise click.BadParameter(str(exc), param_hint="--port") from None
    server = decap = None
    try:
        state = workspace(register_dir)
        editor = editor_dir()
        missing = missing_vendor(editor)
        if missing:
            raise EditorError(
                "Chưa cài Decap CMS và decap-server cho trình soạn thảo (thiếu "
                + ", ".join(missing)
                + "): "
                + install_hint(editor)
                + "."
            )
        node = node_executable()
        register, _ = load_register(register_dir)
        try:
            server = EditorServer(port, state, {}, report=lambda m: click.echo(m))
        except OSError:
            raise EditorError(f"Cổng {port} trên 127.0.0.1 đang được dùng; chọn cổng khác bằng --port.") from None
        backend = {"name": "proxy", "proxy_url": f"{server.origin}/api/v1", "branch": state.branch}
        server.files = admin_files(register, editor, backend, connect=[])
        decap = server.decap = DecapServer(node, editor, state, server.origin)
    except EditorError:
        if server is not None:
            server.server_close()
        raise

    url = f"{server.origin}/{ADMIN}/"
    click.echo(
        f"Trình soạn thảo sổ theo dõi: {url}\n"
        f"Kho Git: {state.repo} (nhánh gốc {state.branch}). Mỗi lần «Lưu» tạo hoặc cập nhật một nhánh "
        f"cms/<mục>/<tên> trong kho này; «Xuất bản» hợp nhất nhánh đó vào {state.branch}.\n"
        "Bấm Ctrl+C để dừng."
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    if not no_browser:
        webbrowser.open(url)
    try:
        while not stop.wait(0.5):
            if decap.process.poll() is not None:
                click.echo("Lỗi: decap-server đã dừng bất ngờ.", err=True)
                break
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        decap.stop()
    click.echo("Đã dừng trình soạn thảo.\n" + push_help(state, cms_branches(state)))
