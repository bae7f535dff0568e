"""Browser tests: a real build of tests/data/site/basic served on 127.0.0.1, opened in
Debian's Chromium through Playwright (never `playwright install`).

Skipped only when /usr/bin/chromium is absent and CI is not set; in CI they must run.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from registerkit import DATA as TEST_DATA
from registerkit import REPO

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DATA = TEST_DATA / "site"
ARTIFACTS = REPO / "test-artifacts"
AS_OF = "2026-06-30"

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("Chromium (/usr/bin/chromium) không có trên máy này", allow_module_level=True)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    from generator.cli import main

    tmp = tmp_path_factory.mktemp("browser-site")
    repo = tmp / "repo"
    shutil.copytree(DATA / "basic" / "register", repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    # Committed with a fixed author and date, as a real register is: the site has its history
    # pages (Thay đổi gần đây, feed.xml) to test too.
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn thư",
        "GIT_AUTHOR_EMAIL": "vt@example.gov.vn",
        "GIT_COMMITTER_NAME": "Văn thư",
        "GIT_COMMITTER_EMAIL": "vt@example.gov.vn",
        "GIT_AUTHOR_DATE": "2026-06-01T09:00:00+07:00",
        "GIT_COMMITTER_DATE": "2026-06-01T09:00:00+07:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", "Sổ theo dõi"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    with chdir(repo):
        result = CliRunner().invoke(
            main, ["build", "--register", "register", "--site-dir", str(tmp / "site"), "--as-of", AS_OF]
        )
    assert result.exit_code == 0, result.output
    return tmp / "site"


@pytest.fixture(scope="session")
def base_url(site_dir):
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
