"""`nhiemvu edit`: the web form on this computer; it attaches itself to `main`."""

from __future__ import annotations

import signal
import threading
import webbrowser
from pathlib import Path

import click

from .cli import EXIT_ERRORS, main, register_option


@main.command()
@register_option
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Cổng trên 127.0.0.1 (từ 1024 đến 65535; 0: tự chọn cổng trống).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def edit(register_dir: Path, port: int, no_browser: bool) -> None:
    """Mở biểu mẫu nhập liệu (Decap CMS) trên máy này: mỗi lần lưu là một nhánh Git cms/…

    Cần Node.js (decap-server chạy bằng Node) và «npm ci» trong thư mục editor/ của nhiemvu.
    Máy chủ chỉ nghe trên 127.0.0.1.
    """
    from .editor import (
        ADMIN, DecapServer, EditorError, EditorServer, admin_files, check_port, cms_branches, editor_dir,
        install_hint, missing_vendor, node_executable, push_help, workspace,
    )
    from .load import load_register

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
            raise EditorError("Chưa cài Decap CMS và decap-server cho trình soạn thảo (thiếu "
                              + ", ".join(missing) + "): " + install_hint(editor) + ".")
        node = node_executable()
        register, _ = load_register(register_dir)
        try:
            server = EditorServer(port, state, {}, report=lambda m: click.echo(m))
        except OSError:
            raise EditorError(f"Cổng {port} trên 127.0.0.1 đang được dùng; chọn cổng khác bằng --port.") from None
        backend = {"name": "proxy", "proxy_url": f"{server.origin}/api/v1", "branch": state.branch}
        server.files = admin_files(register, editor, backend, connect=[])
        decap = server.decap = DecapServer(node, editor, state, server.origin)
    except EditorError as exc:
        if server is not None:
            server.server_close()
        click.echo(f"Lỗi: {exc}", err=True)
        raise SystemExit(EXIT_ERRORS) from None

    url = f"{server.origin}/{ADMIN}/"
    click.echo(f"Trình soạn thảo sổ theo dõi: {url}\n"
               f"Kho Git: {state.repo} (nhánh gốc {state.branch}). Mỗi lần «Lưu» tạo hoặc cập nhật một nhánh "
               f"cms/<mục>/<tên> trong kho này; «Xuất bản» hợp nhất nhánh đó vào {state.branch}.\n"
               "Bấm Ctrl+C để dừng.")
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
