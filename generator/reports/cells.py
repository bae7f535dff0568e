"""What may go into a spreadsheet cell or an Office document: one rule for every writer.

Text from the register or from an agency's file must never run as a formula when a clerk opens
the file in Excel or LibreOffice (CSV injection, OWASP). `formula_like` is the one test of
«would a spreadsheet read this as a formula»; the CSV export prefixes such text with «'»
(`csv_text`), the workbook writer (`generator.reports.workbook`) stores it as text with Excel's
quote-prefix flag, so the text is kept exactly and shown as typed.

`xml_text` removes the control characters that XML 1.0 cannot hold (a register value written
as `"\\v"` or `"\\0"`): a writer never crashes on them.
"""

from __future__ import annotations

import re

# First characters a spreadsheet reads as the start of a formula: = + - @, tab and carriage
# return (OWASP), line feed, and the full-width forms that East Asian input methods type and
# that Excel and LibreOffice also accept as operators.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_MINUS = frozenset("-\uff0d")

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula.

    A minus followed by a space («- Lãnh đạo Văn phòng;») is a list dash and stays as it is;
    `-2+3`, `-A1` and `－1` do not.
    """
    if not text or text[0] not in FORMULA_START:
        return False
    if text[0] in _MINUS:
        return len(text) > 1 and not text[1].isspace()
    return True


def csv_text(value: object) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe
    (Excel and LibreOffice then show the text and never evaluate it)."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if formula_like(text) else text


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (NUL, vertical tab, form feed…)."""
    return _XML_ILLEGAL.sub("", text)
