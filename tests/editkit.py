"""`nhiemvu edit` as a clerk runs it: the installed command in a subprocess, on 127.0.0.1.

- `EditSession(root, env=None)` — starts `nhiemvu edit --register register --no-browser --port 0`
  in `root` and waits for the address it prints; `.origin`, `.url`, `.lines` (what it printed so
  far), `.wait_for(text, timeout, count)` (the count-th printed line containing text),
  `.post(payload, headers=None)` (JSON to /api/v1 → (status, JSON)), `.get(path, host=None)`,
  `.stop()` → everything it printed. Use as a context manager.
- `needs_editor()` — fails the test with what to install when Node or `npm ci` in editor/ is missing.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from registerkit import GIT_ENV, REPO

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
        self.process = subprocess.Popen(
            cmd,
            cwd=root,
            env={**os.environ, **GIT_ENV, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []  # what it printed so far (filled by a reader thread)
        self._ended = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        self.origin = ADDRESS.search(self.wait_for("Trình soạn thảo sổ theo dõi: ", 90)).group(1)
        self.port = int(self.origin.rsplit(":", 1)[1])
        self.url = self.origin + "/admin/"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
        self._ended.set()

    def wait_for(self, text: str, timeout: float = 30, count: int = 1) -> str:
        """The `count`-th line printed (from the start) that contains `text`."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in list(self.lines) if text in line]
            if len(found) >= count:
                return found[count - 1]
            if self._ended.is_set() or time.monotonic() > deadline:
                raise AssertionError(f"nhiemvu edit did not print «{text}»:\n" + "\n".join(self.lines))
            time.sleep(0.05)

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
        status, _, data = self.request(
            "POST", "/api/v1", body, {"Content-Type": "application/json", "Origin": self.origin, **(headers or {})}
        )
        return status, json.loads(data or b"null")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._ended.wait(10)
        return "\n".join(self.lines)

    def __enter__(self) -> EditSession:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
