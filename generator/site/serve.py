"""`nhiemvu serve`: build the site into a scratch folder, serve it on localhost, rebuild it
when a register file changes.

MkDocs' own `serve` watches the docs folder, but our docs folder is generated: what must be
watched is the register. Polling file times is enough for a preview and needs nothing more.
"""

from __future__ import annotations

import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(register_dir: Path) -> Fingerprint:
    """Name, modification time and size of every file under the register (linear, cheap)."""
    items = []
    for dirpath, dirnames, filenames in os.walk(register_dir):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            items.append((os.path.relpath(path, register_dir), st.st_mtime_ns, st.st_size))
    return tuple(items)


class Preview:
    """Keeps the latest good build; a failed rebuild leaves the previous site online."""

    def __init__(
        self,
        register_dir: Path,
        build: Callable[[Path], None],
        report: Callable[[str], None] = print,
        head: Callable[[Path], str] | None = None,
    ) -> None:
        self.register_dir = register_dir
        self.head = head
        self.build = build  # builds the site into the given folder, raises on refusal
        self.report = report
        self.work = Path(tempfile.mkdtemp(prefix="nhiemvu-serve-"))
        self.current: Path | None = None
        self.generation = 0
        self.seen: Fingerprint = ()

    def rebuild_if_changed(self) -> bool:
        """Rebuild when the register changed since the last attempt; True if a new site is up."""
        now = fingerprint(self.register_dir)
        if self.head is not None:
            now += (("<git HEAD> " + self.head(self.register_dir), 0, 0),)
        if now == self.seen:
            return False
        self.seen = now
        self.generation += 1
        target = self.work / f"site-{self.generation}"
        try:
            self.build(target)
        except Exception as exc:  # noqa: BLE001 - any failure keeps the old site online
            self.report(f"Chưa cập nhật được trang xem trước:\n{exc}")
            shutil.rmtree(target, ignore_errors=True)
            return False
        old, self.current = self.current, target
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.report(f"Đã cập nhật trang xem trước (lần {self.generation}).")
        return True

    def handler(self):
        preview = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(preview.current or preview.work), **kwargs)

            def log_message(self, format, *args):
                pass

        return Handler

    def start(self, host: str, port: int) -> http.server.ThreadingHTTPServer:
        """Serve the current site in a background thread (port 0: any free port)."""
        server = http.server.ThreadingHTTPServer((host, port), self.handler())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def serve(self, host: str, port: int, stop: threading.Event, interval: float = 1.0) -> None:
        """Serve until `stop` is set, checking the register every `interval` seconds."""
        self.rebuild_if_changed()
        server = self.start(host, port)
        self.report(f"Xem trước tại http://{server.server_address[0]}:{server.server_address[1]}/ (Ctrl+C để dừng).")
        try:
            while not stop.wait(interval):
                self.rebuild_if_changed()
        finally:
            server.shutdown()
            server.server_close()
            shutil.rmtree(self.work, ignore_errors=True)
