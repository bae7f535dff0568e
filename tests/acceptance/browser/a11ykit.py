"""Accessibility checks of the built site: axe-core (npm, tests/node) injected into a page.

Used by tests/browser/test_a11y.py, and runnable on its own to print what axe finds on every
page of a site built from a test register, at the two widths of the tests:

    python tests/browser/a11ykit.py [--register tests/data/site/basic/register] [--as-of 2026-06-30]

axe-core is read from tests/node/node_modules (installed by .ci/setup with `npm ci`) and
injected as an inline script: the page makes no request for it.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from contextlib import chdir, contextmanager
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]  # tests/
AXE_JS = TESTS / "node" / "node_modules" / "axe-core" / "axe.min.js"
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

# WCAG 2.0 and 2.1, levels A and AA: the rule sets Circular 32/2017/TT-BTTTT's Art. 18 maps to.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules switched off, with the reason. None: every rule of those sets runs.
DISABLED_RULES: dict[str, str] = {}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


# The editor at /admin/ is Decap CMS's own application for the Office's clerks, not a page of the
# public portal, and its strict Content-Security-Policy refuses any injected script (axe included).
NOT_PUBLIC = ("admin/",)


def site_urls(site_dir: Path) -> list[str]:
    """Every public HTML page of a built site, as a URL relative to its root (`co-quan/stc/`)."""
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(NOT_PUBLIC):
            continue
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def run_axe(page) -> list[dict]:
    """axe-core's violations of the WCAG A/AA rules on the page as it is now."""
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS}: run `npm ci` in tests/node first")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
    }
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def describe(violations: list[dict], limit: int = 5) -> str:
    """Readable lines for an assertion message: rule, impact, the first elements, why."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} phần tử")
        for n in v["nodes"][:limit]:
            why = " ".join(n["summary"].split())[:300]
            lines.append(f"    {n['target']}: {why}")
    return "\n".join(lines)


def build_committed_site(register: Path, work: Path, as_of: str) -> Path:
    """`nhiemvu build` of a copy of `register`, committed to a fresh Git repository (so the
    history pages exist) with a fixed author and date, as tests/browser/conftest.py does."""
    from click.testing import CliRunner

    from generator.cli import main

    repo = work / "repo"
    shutil.copytree(register, repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
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
            main, ["build", "--register", "register", "--site-dir", str(work / "site"), "--as-of", as_of]
        )
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return work / "site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(site_dir: Path):
    """The built site on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="axe-core (WCAG 2.0/2.1 A, AA) trên mọi trang")
    parser.add_argument("--register", type=Path, default=TESTS / "data" / "site" / "basic" / "register")
    parser.add_argument("--as-of", default="2026-06-30")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    per_rule: Counter = Counter()  # nodes per rule, over pages and widths
    pages_of: dict[str, set] = {}
    with tempfile.TemporaryDirectory(prefix="nhiemvu-axe-") as work:
        site = build_committed_site(args.register.resolve(), Path(work), args.as_of)
        urls = site_urls(site)
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
            for width, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, locale="vi-VN")
                page = context.new_page()
                for url in urls:
                    page.goto(base + url, wait_until="networkidle")
                    for v in run_axe(page):
                        per_rule[(v["id"], v["impact"], width)] += len(v["nodes"])
                        pages_of.setdefault((v["id"], v["impact"], width), set()).add(url)
                context.close()
            browser.close()
    widths = ", ".join(f"{name} {viewport['width']} px" for name, viewport in WIDTHS.items())
    print(f"{len(urls)} trang, {widths}; quy tắc: {' '.join(WCAG_TAGS)}; tắt: {', '.join(DISABLED_RULES) or 'không'}")
    if not per_rule:
        print("Không có vi phạm nào.")
        return 0
    print(f"{'quy tắc':32} {'mức':9} {'khổ':8} {'số trang':>8} {'phần tử':>8}")
    for (rule, impact, width), nodes in sorted(per_rule.items()):
        print(f"{rule:32} {impact:9} {width:8} {len(pages_of[(rule, impact, width)]):8} {nodes:8}")
    return 1


if __name__ == "__main__":
    sys.path.insert(0, str(TESTS.parent))
    sys.exit(main())
