"""The README's two set-up commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import re

from registerkit import REPO

ROOT = REPO


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.DOTALL)


def test_readme_opens_with_build_then_test_command():
    commands = _commands()
    assert "nhiemvu build --register register" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1].strip() == _commands()[1].strip()


def test_setup_installs_browser_and_test_extras():
    setup = (ROOT / ".ci" / "setup").read_text(encoding="utf-8")
    assert "chromium" in setup
    assert "'.[test]'" in setup
    assert "npm ci" in setup
