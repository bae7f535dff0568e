"""`nhiemvu edit` as a clerk runs it: the installed command in a subprocess, on 127.0.0.1.

- `EditSession(root, env=None)` — starts `nhiemvu edit --register register --no-browser --port 0`
  in `root` and waits for the address it prints; `.origin`, `.url`, `.lines` (what it printed so
  far), `.post(payload, headers=None)` (JSON to /api/v1 → (status, JSON)), `.get(path, host=None)`,
  `.stop()` → everything it printed. Use as a context manager.
- `needs_editor()` — fails the test with what to install when Node or `npm ci` in editor/ is missing.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from registerkit import GIT_ENV, REPO

import pytest

EDITOR = REPO / "editor"
ADDRESS = re.compile(r"Trình soạn thảo sổ theo dõi: (http://127\.0\.0\.1:(\d+))/admin/")


def needs_editor() -> None:
    if shutil.which("node") is None:
        pytest.fail("node is not installed (bash .ci/setup)")
    if not (EDITOR / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.fail("run `npm ci` in editor/ first (bash .ci/setup)")


class EditSession:
    def __init__(self, root: Path, env: dict | None = None, args: tuple = ()) -> None:
        needs_editor()
        exe = shutil.which("nhiemvu")
        cmd = [exe] if exe else [sys.executable, "-c", "from generator.cli import run; run()"]
        cmd += ["edit", "--register", "register", "--no-browser", "--port", "0", *args]
        self.process = subprocess.Popen(cmd, cwd=root, env={**os.environ, **GIT_ENV, **(env or {})},
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        encoding="utf-8")
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.origin = self._wait_for(ADDRESS, 90).group(1)
        self.port = int(self.origin.rsplit(":", 1)[1])
        self.url = self.origin + "/admin/"

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _wait_for(self, pattern: re.Pattern, timeout: float) -> re.Match:
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                self.stop()
                raise AssertionError("nhiemvu edit printed nothing matching " + pattern.pattern) from None
            if line is None:
                raise AssertionError("nhiemvu edit stopped:\n" + "\n".join(self.lines))
            self.lines.append(line)
            match = pattern.search(line)
            if match:
                return match

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """The first line printed (from now or before) that contains `text`."""
        for line in self.lines:
            if text in line:
                return line
        return self._wait_for(re.compile(re.escape(text)), timeout).string

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path: str, host: str | None = None):
        return self.request("GET", path, headers={"Host": host} if host else {})

    def post(self, payload: dict, headers: dict | None = None):
        body = json.dumps(payload).encode("utf-8")
        status, _, data = self.request("POST", "/api/v1", body, {
            "Content-Type": "application/json", "Origin": self.origin, **(headers or {})})
        return status, json.loads(data or b"null")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        while True:
            try:
                line = self._queue.get(timeout=5)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return "\n".join(self.lines)

    def __enter__(self) -> EditSession:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
