"""«MẬT» on every file a secret register's commands write (R5): at the top and the bottom of a
text, in the printed header and footer of every sheet and page, in the file name
(`register.secrecy.secret_output_name`). Applied to the finished bytes at the output boundary,
so that each writer stays as it is; the result stays deterministic (same stamps as the writer).

The small file of totals that `report monthly --counts-only` writes (`counts_text`,
`read_counts`) is the only thing meant to leave the secret side: one number, no text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from generator.errors import InputError
from generator.register.secrecy import SECRET_MARK
from generator.reports.xlsx import stable_zip, stamp

MARK_LINE = f"**{SECRET_MARK}**"
COUNTS_KIND = "nhiemvu-so-lieu-so-mat"


def mark_text(text: str) -> str:
    """Markdown or plain text: «MẬT» as its first and its last line."""
    return f"{MARK_LINE}\n\n{text.rstrip()}\n\n{MARK_LINE}\n"


def mark_json(text: str) -> str:
    """A JSON object: `"mark": "MẬT"` as its first and `"mark_end": "MẬT"` as its last key."""
    data = json.loads(text)
    marked = {"mark": SECRET_MARK, **data, "mark_end": SECRET_MARK}
    return json.dumps(marked, ensure_ascii=False, indent=2) + "\n"


def mark_csv(data: bytes) -> bytes:
    """CSV (UTF-8 with BOM): a first and a last row «MẬT»."""
    bom = b"\xef\xbb\xbf"
    body = data[len(bom) :] if data.startswith(bom) else data
    mark = SECRET_MARK.encode("utf-8")
    return bom + mark + b"\r\n" + body.rstrip(b"\r\n") + b"\r\n" + mark + b"\r\n"


def mark_xlsx(data: bytes, as_of: dt.date) -> bytes:
    """Every sheet prints «MẬT» at the centre of its header and its footer (with page numbers)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
            header.center.text = SECRET_MARK
            header.center.size = 14
        for footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
            footer.center.text = f"{SECRET_MARK} — Trang &P/&N"
    wb.properties.keywords = SECRET_MARK
    wb.properties.title = f"{SECRET_MARK} — {wb.properties.title or ''}".rstrip(" —")
    out = io.BytesIO()
    wb.save(out)
    return stable_zip(out.getvalue(), stamp(as_of))


def mark_docx(data: bytes, as_of: dt.date) -> bytes:
    """Every section's header and footer say «MẬT» (bold, centred)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document(io.BytesIO(data))
    for section in doc.sections:
        for part in (section.header, section.footer):
            para = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(SECRET_MARK).bold = True
    doc.core_properties.keywords = SECRET_MARK
    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue(), stamp(as_of))


def mark(data: bytes, fmt: str, as_of: dt.date) -> bytes:
    """The bytes of a file in format `fmt` (md, json, csv, xlsx, docx), marked «MẬT»."""
    if fmt == "xlsx":
        return mark_xlsx(data, as_of)
    if fmt == "docx":
        return mark_docx(data, as_of)
    if fmt == "csv":
        return mark_csv(data)
    if fmt == "json":
        return mark_json(data.decode("utf-8")).encode("utf-8")
    return mark_text(data.decode("utf-8")).encode("utf-8")


# -- the totals carried from the secret register to the public report --------------------------


def counts_text(year: int, month: int, as_of: dt.date, tasks: int) -> str:
    """The whole of what the public side may learn from the secret register for one month."""
    return (
        "# Số liệu tổng của sổ mật cho báo cáo tháng công khai: chỉ một con số, không có nội dung.\n"
        "# Gõ lại tệp này trên máy nối mạng; không chép bằng USB hay mạng (xem docs/so-mat.md).\n"
        f"kind: {COUNTS_KIND}\n"
        f"month: {year}-{month:02d}\n"
        f"as_of: {as_of.isoformat()}\n"
        f"tasks: {tasks}\n"
    )


_COUNTS_LINE = re.compile(r"^(kind|month|as_of|tasks):[ \t]*(\S+)[ \t]*$")


def read_counts(text: str, year: int, month: int) -> int:
    """The number of secret tasks in a counts file for that month; InputError otherwise.

    Strict on purpose: only the four keys above, each once, plain values; any other line (text
    that could carry a secret) is refused.
    """
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = _COUNTS_LINE.match(line)
        if not found or found.group(1) in values:
            raise InputError(
                f"Tệp số liệu sổ mật, dòng {number}: chỉ được có kind, month, as_of, tasks (mỗi khóa một lần).",
                "Tạo lại tệp bằng «nhiemvu report monthly --counts-only» trên máy của sổ mật, rồi gõ lại.",
            )
        values[found.group(1)] = found.group(2)
    want = f"{year}-{month:02d}"
    if values.get("kind") != COUNTS_KIND or not values.get("tasks", "").isdigit():
        raise InputError(
            "Tệp số liệu sổ mật không đúng mẫu (cần «kind: " + COUNTS_KIND + "» và «tasks: <số>»).",
            "Tạo lại tệp bằng «nhiemvu report monthly --counts-only» trên máy của sổ mật.",
        )
    if values.get("month") != want:
        raise InputError(
            f"Tệp số liệu sổ mật là của tháng {values.get('month', '?')}, không phải {want}.",
            f"Dùng tệp lập cho tháng {want}.",
        )
    return int(values["tasks"])
