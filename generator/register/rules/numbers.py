"""Document numbers as Nghị định 30/2020/NĐ-CP writes them."""

from __future__ import annotations

import functools
import re
import unicodedata

from generator.register.problems import Fix
from generator.register.rules.base import Finding, at, document_path, rule, value_fix
from generator.register.yamlsrc import scalar_text
from generator.vi import char_name

# Type abbreviations of Nghị định 30/2020/NĐ-CP, Phụ lục III (and legal-document types).
DOC_TYPES = {
    "NQ",
    "QĐ",
    "CT",
    "QC",
    "QyĐ",
    "TB",
    "HD",
    "CTr",
    "KH",
    "PA",
    "ĐA",
    "DA",
    "BC",
    "BB",
    "TTr",
    "HĐ",
    "CĐ",
    "GM",
    "GGT",
    "PC",
    "GUQ",
    "GXN",
    "GNP",
    "PG",
    "PB",
    "PL",
    "GCN",
    "TT",
    "NĐ",
    "CV",
}
_NUMBER = re.compile(r"^(?P<n>[0-9]+)/(?:(?P<year>[0-9]{4})/)?(?P<symbol>[^/\s]+)$")
_GROUP = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9]*$")


def _fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).upper()


_FOLDED_TYPES = {_fold(t): t for t in DOC_TYPES}


# A decimal digit of another script (\d is Unicode's Nd, as str.isdecimal): «٤», «४»…
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def plain_form(text: str) -> str:
    """`４５／QĐ-UBND`, `٤٥/QĐ-UBND` → `45/QĐ-UBND`: compatibility forms (full-width letters,
    digits and slash) folded by NFKC, and every other script's decimal digit made an ASCII one."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKC", text)
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), folded)


@functools.lru_cache(maxsize=1024)  # asked by three rules for each document in turn
def number_problem(number: str, issued_year: int | None = None) -> tuple[str, str] | None:
    """(message, hint) if `number` is not written as Nghị định 30/2020 says, else None."""
    if number != number.strip() or " " in number:
        compact = re.sub(r"\s+", "", number)
        return (f"Số, ký hiệu «{number}» có dấu cách.", f"Viết liền, không dấu cách: {compact}.")
    plain = plain_form(number)
    if plain != unicodedata.normalize("NFC", number):  # decomposed letters are not-nfc's concern
        odd = ", ".join(f"«{c}» ({char_name(c)})" for c in dict.fromkeys(c for c in number if plain_form(c) != c))
        return (
            f"Số, ký hiệu «{number}» có chữ số hoặc ký tự không phải dạng thường: {odd}; tìm kiếm, sắp xếp "
            "và tên tệp sẽ không khớp với số thật.",
            f"Viết {plain} (chữ số 0–9 và chữ gõ bằng bàn phím thường); tên tệp đổi theo.",
        )
    match = _NUMBER.match(number)
    if not match:
        return (
            f"Số, ký hiệu «{number}» không đúng dạng «số/ký hiệu».",
            "Ví dụ: 14/CT-UBND, 419/VPUBND-HCTC (công văn), 45/2016/QĐ-UBND (văn bản quy phạm pháp luật).",
        )
    n, year, symbol = match["n"], match["year"], match["symbol"]
    if int(n) == 0:
        return (f"Số văn bản «{n}» không hợp lệ.", "Số văn bản bắt đầu từ 01 mỗi năm.")
    if int(n) < 10 and len(n) != 2:
        return (f"Số văn bản nhỏ hơn 10 phải viết hai chữ số: «{n}».", f"Viết {int(n):02d}/{number.split('/', 1)[1]}.")
    if int(n) >= 10 and n.startswith("0"):
        return (f"Số văn bản «{n}» có số 0 thừa ở đầu.", f"Viết {int(n)}/{number.split('/', 1)[1]}.")
    groups = symbol.split("-")
    if len(groups) < 2 or not all(_GROUP.match(g) for g in groups):
        return (
            f"Ký hiệu «{symbol}» không đúng dạng «LOẠI-CƠ QUAN» hoặc «CƠ QUAN-ĐƠN VỊ SOẠN THẢO».",
            "Chữ in hoa, các nhóm nối bằng dấu «-», ví dụ CT-UBND hoặc UBND-TH.",
        )
    if year is not None:
        if groups[0] not in DOC_TYPES:
            return (f"«{groups[0]}» không phải tên viết tắt loại văn bản.", _type_hint(groups[0]))
        if issued_year is not None and int(year) != issued_year:
            return (
                f"Năm trong số, ký hiệu ({year}) khác năm ban hành ({issued_year}).",
                "Văn bản quy phạm pháp luật ghi năm ban hành trong số: kiểm tra lại năm hoặc ngày ban hành.",
            )
    return None


# «Số 1235/UBND-KT», «No. 12/CT-UBND»: the word before the number is not part of it.
_NUMBER_WORD = re.compile(r"^(?:số|so|no)\b\s*[.:]?\s*", re.IGNORECASE)


def suggest_number(number: str) -> str | None:
    """The number as Nghị định 30/2020 writes it, when that is certain (spaces, a leading «Số»,
    letter case, a missing or extra 0); None when only the clerk can tell."""
    text = re.sub(r"\s+", "", _NUMBER_WORD.sub("", number.strip()))
    match = _NUMBER.match(text)
    if not match or int(match["n"]) == 0:
        return None
    groups = [_FOLDED_TYPES.get(_fold(g)) or g.upper() for g in match["symbol"].split("-")]
    year = f"{match['year']}/" if match["year"] else ""
    suggested = f"{int(match['n']):02d}/{year}{'-'.join(groups)}"
    return suggested if number_problem(suggested) is None else None


def renumber(doc, ctx, new: str) -> tuple[str, tuple[Fix, ...]]:
    """The hint and edits that write `new` as the document's number, and move its file to where
    that number belongs (one edit for both, so the file name never disagrees with the number)."""
    fixes = [value_fix(doc, ("number",), scalar_text(new))]
    hint = f"Viết {new}"
    target = document_path(ctx.register, new, doc.issued.year)
    if target != doc.file:
        fixes.append(Fix("move", target))
        hint += f", rồi đổi tên tệp theo số mới: git mv {doc.file} {target}"
    return hint, tuple(fixes)


def _type_hint(group: str) -> str:
    known = _FOLDED_TYPES.get(_fold(group))
    if known and known != group:
        return f"Có phải ý bạn là «{known}»? Ghi đúng chữ hoa và dấu: {known}."
    return "Các loại văn bản: " + ", ".join(sorted(DOC_TYPES)) + "."


@rule("number-format")
def number_format(doc, ctx):
    """Số, ký hiệu văn bản không đúng Nghị định 30/2020/NĐ-CP.

    Ba dạng: văn bản có tên loại `số/LOẠI-CƠ QUAN` (`14/CT-UBND`); công văn
    `số/CƠ QUAN-ĐƠN VỊ SOẠN THẢO` (`419/VPUBND-HCTC`); văn bản quy phạm pháp luật
    `số/NĂM/LOẠI-CƠ QUAN` (`45/2016/QĐ-UBND`). Số nhỏ hơn 10 viết hai chữ số (`05`), chữ in
    hoa, không dấu cách.

    Đúng:

        number: 05/CT-UBND

    Sai:

        number: 5 / CT-UBND
    """
    found = number_problem(doc.number, doc.issued.year)
    if found:
        line, col = at(doc, ("number",))
        message, hint = found
        new = suggest_number(doc.number)
        if new is not None and new != doc.number:
            hint, fixes = renumber(doc, ctx, new)
            yield Finding(line, col, message, hint, fix=fixes)
        else:
            yield Finding(line, col, message, hint)


@rule("doc-type-spelling", "warning")
def doc_type_spelling(doc, ctx):
    """Tên loại văn bản viết sai chữ hoa hoặc thiếu dấu.

    `QD-UBND` gần như chắc chắn là `QĐ-UBND` gõ thiếu chữ Đ; `Ct-UBND` là `CT-UBND`.

    Đúng:

        number: 45/QĐ-UBND

    Sai:

        number: 45/QD-UBND
    """
    match = _NUMBER.match(doc.number)
    if not match or match["year"] or number_problem(doc.number, doc.issued.year) is not None:
        return  # number-format already says how to write the whole number
    first = match["symbol"].split("-")[0]
    known = _FOLDED_TYPES.get(_fold(first))
    if known and known != first and first not in DOC_TYPES:
        line, col = at(doc, ("number",))
        hint, fixes = renumber(doc, ctx, doc.number.replace(first, known, 1))
        yield Finding(
            line,
            col,
            f"«{first}» trong số, ký hiệu {doc.number} có lẽ là loại văn bản «{known}».",
            hint + ".",
            fix=fixes,
        )
