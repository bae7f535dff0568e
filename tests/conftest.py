"""Shared fixtures (see tests/registerkit.py for the helpers they wrap).

- `base_register` — tests/data/base/register in a fresh Git repository with one commit; the
  value is the register directory (its parent is the repository root).
- `run_cli` — `nhiemvu` through click's CliRunner: run_cli(args, cwd=None, env=None, input=None).
- `run_nhiemvu` — the installed console script in a subprocess: run_nhiemvu(args, cwd, env=None).
- `make_register` — make_register(root, overlays=[...], remove=[...], git_repo=True).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from registerkit import make_register, run_cli, run_nhiemvu


@pytest.fixture
def base_register(tmp_path: Path) -> Path:
    """tests/data/base/register in a fresh Git repository (one commit); returns register/."""
    return make_register(tmp_path / "repo")


@pytest.fixture(name="run_cli")
def _run_cli_fixture():
    return run_cli


@pytest.fixture(name="run_nhiemvu")
def _run_nhiemvu_fixture():
    return run_nhiemvu


@pytest.fixture(name="make_register")
def _make_register_fixture():
    return make_register
