"""Text quality (R6): what clerks paste must be clean so that search and statistics work."""

from __future__ import annotations

import re
import unicodedata

from generator.register.problems import Fix
from generator.register.rules.base import Finding, fix_command, rule
from generator.register.yamlsrc import texts_of
from generator.vi import truncate

# Characters that TCVN3 (ABC) text shows when read as Unicode: never used in Vietnamese.
_TCVN3 = re.compile(r"[©¸µ¶·¹¨¾»¼½Æ®¤¥¦§ª«¬ÇËÌÑ×Ø]")
# VNI text read as Unicode: a vowel followed by an upper-case Latin-1 letter used as a mark.
_VNI = re.compile(r"[aeiouyAEIOUY][ÙØÛÕÏÉÈÚÜÂÄÅÁÀÃÖÔÓÒ]")
_LEGACY = re.compile(_TCVN3.pattern + "|" + _VNI.pattern)
# Anything any text rule could object to, in one search: the fast path for clean text.
_SUSPECT = re.compile(_LEGACY.pattern + r"|^\s|\s$|  |\t")
# The same over a document's texts joined by line breaks: finds at least what _SUSPECT finds in
# any one of them (a line break is a starter, so NFC does not change across the joins either).
_SUSPECT_JOINED = re.compile(_SUSPECT.pattern, re.MULTILINE)


def text_findings(value: str, command: str = "nhiemvu fix") -> list[tuple[str, str, str]]:
    """(kind, message, hint) for each quality problem of one text; `command` is how the clerk
    runs `nhiemvu fix` for this register."""
    found = []
    if not unicodedata.is_normalized("NFC", value):
        found.append(
            (
                "not-nfc",
                f"Chữ «{truncate(value, 50, keep_spaces=True)}» chưa ở dạng Unicode dựng sẵn (NFC).",
                f"Chạy lệnh «{command}» để chuẩn hóa tự động (hoặc gõ lại bằng bảng mã Unicode dựng sẵn).",
            )
        )
    if _LEGACY.search(value):
        found.append(
            (
                "legacy-encoding",
                f"Chữ «{truncate(value, 50, keep_spaces=True)}» có vẻ được dán từ bảng mã cũ (TCVN3/VNI).",
                "Chuyển mã sang Unicode (Unikey: công cụ chuyển mã, nguồn TCVN3 hoặc VNI, đích Unicode) rồi dán lại.",
            )
        )
    if value != value.strip():
        found.append(
            (
                "whitespace",
                f"Chữ «{truncate(value.strip(), 50, keep_spaces=True)}» có dấu cách thừa ở đầu hoặc cuối.",
                f"Chạy lệnh «{command}» (hoặc tự xóa dấu cách thừa).",
            )
        )
    elif "  " in value or "\t" in value:
        found.append(
            (
                "whitespace",
                f"Chữ «{truncate(value, 50, keep_spaces=True)}» có hai dấu cách liền nhau.",
                f"Chạy lệnh «{command}» (hoặc tự để một dấu cách giữa hai từ).",
            )
        )
    return found


def _all_findings(doc, ctx) -> dict[str, list[Finding]]:
    """Text findings of one document by kind, computed once for the three text rules."""
    key = ("text", id(doc))
    found = ctx.cache.get(key)
    if found is None:
        found = {"not-nfc": [], "legacy-encoding": [], "whitespace": []}
        command = fix_command(ctx.register)
        texts = texts_of(doc.positions.root if doc.positions else None)
        joined = "\n".join(value for value, _line, _col in texts)
        if unicodedata.is_normalized("NFC", joined) and not _SUSPECT_JOINED.search(joined):
            texts = []  # the common case: every text of the document is clean
        for value, line, col in texts:
            if unicodedata.is_normalized("NFC", value) and not _SUSPECT.search(value):
                continue
            for kind, message, hint in text_findings(value, command):
                found[kind].append(Finding(line, col, message, hint, fix=_fixes(kind, command)))
        ctx.cache[key] = found
    return found


def _fixes(kind: str, command: str) -> tuple[Fix, ...]:
    """`nhiemvu fix` cleans NFC and spaces; legacy encodings need the clerk's converter."""
    return () if kind == "legacy-encoding" else (Fix("command", command),)


def _findings(doc, ctx, kind: str):
    return _all_findings(doc, ctx)[kind]


@rule("not-nfc")
def not_nfc(doc, ctx):
    """Chữ tiếng Việt không ở dạng Unicode dựng sẵn (NFC).

    Cùng một chữ «ệ» có thể lưu dạng dựng sẵn (một ký tự) hoặc tổ hợp (e + dấu); hai dạng
    trông giống nhau nhưng tìm kiếm và so sánh sẽ trượt. Sổ chỉ nhận dạng dựng sẵn.

    Đúng:

        title: Về việc triển khai   # gõ bằng Unicode dựng sẵn

    Sai:

        title: Về việc triển khai   # dán từ nguồn dùng Unicode tổ hợp
    """
    yield from _findings(doc, ctx, "not-nfc")


@rule("legacy-encoding")
def legacy_encoding(doc, ctx):
    """Chữ dán từ bảng mã cũ TCVN3 (ABC) hoặc VNI.

    Văn bản soạn bằng phông .VnTime hay VNI-Times khi dán vào sẽ hiện thành ký tự lạ.

    Đúng:

        title: Ủy ban nhân dân tỉnh

    Sai:

        title: Uû ban nh©n d©n tØnh      # TCVN3
    """
    yield from _findings(doc, ctx, "legacy-encoding")


@rule("whitespace")
def whitespace(doc, ctx):
    """Dấu cách thừa: ở đầu, cuối hoặc hai dấu cách liền nhau.

    Dấu cách thừa làm sai việc tìm kiếm, so sánh tên cơ quan và trích yếu (R6).

    Đúng:

        name: Phường Tân An

    Sai:

        name: Phường  Tân An
    """
    yield from _findings(doc, ctx, "whitespace")


@rule("register-text", scope="register")
def register_text(register, ctx):
    """Tên cơ quan, người ký, ngày nghỉ có lỗi chữ (NFC, bảng mã cũ, dấu cách thừa).

    Các quy tắc về chữ áp dụng cả cho agencies.yaml, signers.yaml và calendar.yaml.

    Đúng:

        - code: PHUONG_TAN_AN
          name: Phường Tân An

    Sai:

        - code: PHUONG_TAN_AN
          name: "Phường  Tân An "
    """
    items = [(a.file, a.line, a.name) for a in register.agencies.values()]
    items += [(s.file, s.line, s.name) for s in register.signers.values()]
    items += [(s.file, s.line, s.title) for s in register.signers.values() if s.title]
    command = fix_command(register)
    for file, line, value in items:
        for kind, message, hint in text_findings(value, command):
            yield Finding(line, 1, message, hint, file=file, fix=_fixes(kind, command))
