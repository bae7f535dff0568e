"""Shared helpers of the site tests: run the real `nhiemvu build`, read a built page."""

from __future__ import annotations

import re
from contextlib import chdir
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main


def build(root: Path, site: Path, *extra: str, as_of: str):
    """Run `nhiemvu build` from the repository root, as a clerk would."""
    with chdir(root):
        return CliRunner().invoke(
            main, ["build", "--register", "register", "--site-dir", str(site), "--as-of", as_of, *extra]
        )


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """Visible text of the page's content area, tags removed, whitespace collapsed."""
    body = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())
