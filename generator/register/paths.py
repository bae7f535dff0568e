"""File names derived from document numbers (the contract's `documents/<YYYY>/<slug>.yaml`)."""

from __future__ import annotations

import re
import unicodedata

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slugify_number(number: str) -> str:
    """`45/QĐ-UBND` → `45-QD-UBND`: `/` becomes `-`, letters are folded to ASCII."""
    text = number.replace("/", "-").replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SAFE.sub("-", text).strip("-.")
    return text or "van-ban"


def document_relpath(number: str, year: int) -> str:
    """Path of a document file relative to the register directory."""
    return f"documents/{year}/{slugify_number(number)}.yaml"
