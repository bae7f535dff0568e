"""Commands of the history area; they attach themselves to `main`."""

from __future__ import annotations

from .cli import main  # noqa: F401
