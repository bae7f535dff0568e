"""Secrecy (R5, Law on Protection of State Secrets): the one redaction step between a register
and anything that leaves the machine.

What is secret is decided by one predicate, `model.is_secret` (anything whose `secrecy` is not
exactly `none`). This module applies it:

- `find_secret_files` — while loading: which files hold secret text, even when they cannot be
  read as a document (a misspelt secrecy, a syntax error), and the strings they hold.
- `public_view` — the register and task states with every secret document left out: what the
  site, the reports, the reminders, the open data and the PR comment are made from.
- `redact_problems` — problem messages and hints that never quote a secret file's text (a
  schema error quotes the value it refuses; a rule quotes the content it judges).

A register of `audience: secret` is never redacted: it lives on an isolated machine, and every
command that would publish it refuses it (`refuse_secret_register`). Its own outputs are marked
«MẬT» (`SECRET_MARK`, `secret_output_name`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

from generator.errors import SecretRegisterError
from generator.register.model import Register, is_secret, is_secret_register
from generator.register.problems import Problem

SECRET_MARK = "MẬT"
REDACTED = "(văn bản mật: không hiển thị)"
REDACTED_MESSAGE = "Tệp này chứa văn bản mật: nội dung không được hiển thị ở đây."
REDACTED_HINT = (
    "Xóa tệp khỏi sổ công khai (và khỏi lịch sử Git), báo Lãnh đạo Văn phòng; văn bản mật được "
    "theo dõi trong sổ mật trên máy không kết nối mạng."
)
# Codes whose messages are written without any text of the file: they are shown as they are.
SAFE_CODES = frozenset({"secret-document", "books-in-public", "history-secret-removed"})
BOOKS_DIR = "books/"

# Strings shorter than this are codes, dates and small numbers: not what a message could leak.
_MIN_SECRET = 6
# A message quoting a secret string usually truncates it: its first characters are enough.
_PREFIX = 24
_SECRECY_LINE = re.compile(r"""^[ \t-]*["']?secrecy["']?[ \t]*:[ \t]*(?P<value>[^#\n]*)""", re.M)
_PUBLIC_RAW = frozenset(("none", '"none"', "'none'", "", "~", "null", "Null", "NULL"))
_VALUE_LINE = re.compile(r"^[ \t-]*[^:#\n]+:[ \t]*(?P<value>[^\n]*)$|^[ \t]*-[ \t]+(?P<item>[^\n]*)$", re.M)


# -- while loading -------------------------------------------------------------------------


def raw_secrecy_is_secret(data: bytes) -> bool:
    """Whether the text of a file that could not be read as YAML declares a secrecy other than
    `none` on any line (a file that fails to parse must not escape redaction)."""
    text = data.decode("utf-8", "replace")
    return any(found.group("value").strip() not in _PUBLIC_RAW for found in _SECRECY_LINE.finditer(text))


def strings_of(value) -> Iterable[str]:
    """Every string held in a loaded YAML value (keys left out: they are the format's words)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def raw_strings(data: bytes) -> Iterable[str]:
    """The values written on the lines of a file that could not be parsed."""
    text = data.decode("utf-8", "replace")
    for found in _VALUE_LINE.finditer(text):
        raw = (found.group("value") or found.group("item") or "").strip().strip("\"'").strip()
        if raw:
            yield raw


def secret_strings(strings: Iterable[str]) -> tuple[str, ...]:
    """The strings worth scrubbing from messages: long enough to be text, cut to their start."""
    out = set()
    for text in strings:
        text = " ".join(str(text).split())
        if len(text) >= _MIN_SECRET:
            out.add(text[:_PREFIX])
    return tuple(sorted(out))


def file_secrets(data: bytes, value, *, always: bool = False) -> tuple[str, ...] | None:
    """The secret strings of one document file, or None when the file is not secret.

    `value` is the parsed YAML (None when it could not be parsed). `always`: every file of that
    kind is secret (a book in a public register).
    """
    if value is not None and isinstance(value, dict):
        if always or is_secret(value):
            return secret_strings(strings_of(value))
        return None
    if always or raw_secrecy_is_secret(data):
        return secret_strings(raw_strings(data))
    return None


# -- at the output boundary ------------------------------------------------------------------


def public_states(states: Iterable) -> list:
    """Task states of public documents only."""
    return [s for s in states if not is_secret(s)]


def public_register(register: Register) -> Register:
    """The same register without its secret documents (a shallow copy: the loaded one is kept)."""
    documents = [d for d in register.documents if not is_secret(d)]
    if len(documents) == len(register.documents) and not register.books:
        return register
    return dataclasses.replace(register, documents=documents, books=[])


def public_view(register: Register, states: Iterable | None = None):
    """(register, states) as anything public may see them: no secret document, no book."""
    return public_register(register), (public_states(states) if states is not None else None)


def _scrub(text: str, secrets: Iterable[str]) -> bool:
    folded = " ".join(text.split())
    return any(s in folded for s in secrets)


def redact_problems(problems: Iterable[Problem], register: Register) -> list[Problem]:
    """Problems as a public output may show them.

    A problem in a secret file keeps its code, file and line (the clerk must find the file to
    remove it) but its message, hint and proposed edits (`fix`, which may quote the file's
    lines) are replaced; a problem elsewhere that quotes a secret string (a duplicate number, a
    history comparison) is replaced the same way. A secret register's problems are left as they
    are: they never leave its isolated machine.
    """
    problems = list(problems)
    if is_secret_register(register.settings) or not register.secret_files:
        return problems
    secrets = {s for strings in register.secret_files.values() for s in strings}
    out = []
    for p in problems:
        quotes = any(_scrub(f.text, secrets) for f in p.fix)
        if p.code in SAFE_CODES:
            out.append(dataclasses.replace(p, fix=()) if quotes else p)
        elif p.file in register.secret_files or quotes or _scrub(p.message, secrets) or _scrub(p.hint, secrets):
            out.append(dataclasses.replace(p, message=REDACTED_MESSAGE, hint=REDACTED_HINT, fix=()))
        else:
            out.append(p)
    return out


def secret_file_list(register: Register) -> list[str]:
    """Files that stop the public pipeline: secret documents (loaded or not) and books."""
    files = set(register.secret_files)
    files.update(d.file for d in register.documents if is_secret(d))
    return sorted(files)


def refuse_secret_register(register: Register, what: str) -> None:
    """Raise SecretRegisterError when `register` is a secret register: `what` would publish it."""
    if is_secret_register(register.settings):
        raise SecretRegisterError(
            f"Không {what}: đây là sổ mật (audience: secret). Sổ mật không bao giờ được xuất bản, "
            "đăng lên GitHub hay gửi qua mạng.",
            "Sổ mật chỉ dùng trên máy không kết nối mạng: «nhiemvu check», «nhiemvu report», "
            "«nhiemvu export», «nhiemvu book». Nếu kho này đang ở trên mạng, gỡ ngay và báo Lãnh đạo "
            "Văn phòng (xem docs/so-mat.md).",
        )


# -- «MẬT» on what a secret register writes -------------------------------------------------


def secret_output_name(path: Path) -> Path:
    """`bao-cao.xlsx` → `MAT-bao-cao.xlsx`: a file written from a secret register starts its name
    with «MAT-» (kept as it is when it already starts with MAT / MẬT)."""
    folded = path.name.upper().replace("Ậ", "A")
    if folded.startswith(("MAT-", "MAT_", "MAT.", "MAT ")):
        return path
    return path.with_name(f"MAT-{path.name}")
