"""PDF through LibreOffice (`soffice --headless --convert-to pdf`), for `report monthly --format pdf`.

LibreOffice is what the Office has where Microsoft Word is missing, and it lays out the Word
file the same way. It runs with its own throw-away profile (several runs at once do not share
a lock) and a time limit. The PDF is made deterministic afterwards: LibreOffice writes the
current time as /CreationDate and derives /ID and /DocChecksum from it; they are replaced, at
the same length so that the cross-reference offsets stay right, by the as-of date and a digest
of the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import NhiemvuError

TIMEOUT = 180  # seconds; a report of 10,000 tasks converts in well under a minute


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, suffix: str, when: dt.datetime) -> bytes:
    """`data` (a .docx or .xlsx file) converted to PDF by LibreOffice."""
    program = soffice()
    if program is None:
        raise NhiemvuError(
            "Không tạo được PDF: máy này chưa cài LibreOffice (lệnh soffice).",
            "Cài LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui), "
            "hoặc lập báo cáo dạng Word (--format docx) rồi mở bằng Word và lưu thành PDF.",
        )
    with tempfile.TemporaryDirectory(prefix="nhiemvu-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"bao-cao{suffix}"
        source.write_bytes(data)
        env = dict(os.environ, HOME=str(folder))
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise NhiemvuError(
                f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT} giây.",
                "Đóng các cửa sổ LibreOffice đang mở rồi thử lại, hoặc lập báo cáo dạng Word (--format docx).",
            ) from None
        target = source.with_suffix(".pdf")
        if done.returncode != 0 or not target.is_file():
            detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise NhiemvuError(
                "LibreOffice không chuyển được báo cáo sang PDF" + (f": {detail[-1]}" if detail else "."),
                "Thử lại; nếu vẫn lỗi, lập báo cáo dạng Word (--format docx) rồi lưu thành PDF bằng Word.",
            )
        return stable_pdf(target.read_bytes(), when)


_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})([^)]*)\)")
_HEX = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)|(/DocChecksum\s*/)([0-9A-Fa-f]{32})")


def stable_pdf(data: bytes, when: dt.datetime) -> bytes:
    """The PDF with its dates set to `when` and its ids derived from its content, each replaced
    by a value of the same length."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    data = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + stamp + m.group(3) + b")", data)
    digest = hashlib.md5(_HEX.sub(b"", data), usedforsecurity=False).hexdigest().upper().encode()

    def ids(m: re.Match) -> bytes:
        if m.group(1):
            return m.group(1) + digest + m.group(3) + digest + m.group(5)
        return m.group(6) + digest

    return _HEX.sub(ids, data)
