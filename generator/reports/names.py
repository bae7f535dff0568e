"""Names people write → the register's codes: agencies (agencies.yaml: name, code, `aliases`) and
signers (signers.yaml: name, title, code).

Names are compared folded (case, diacritics, punctuation), with «Ủy ban nhân dân» read as
«UBND»; an office division is also known as «Phòng TH» or «P.TH». A name that fits several
codes is settled by the date (the agency or signer in office that day) or not at all: nothing is
guessed, the caller says why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.register.model import Register
from generator.reports.words import fold, fold_name

_SEPARATORS = frozenset("va cac cung voi phoi hop chu tri co quan don vi lien quan".split())


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class NameIndex:
    """Folded names → codes, for one kind of entity; codes themselves count only when typed as
    codes are (upper case, a word of their own: «STC», «SNNMT»), so that a short code such as
    `CA` is not read into an ordinary word."""

    def __init__(self, names: dict[str, list[Entry]], codes: dict[str, Entry]):
        self.names = names
        self.codes = codes
        keys = sorted(names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(k) for k in keys) + r")(?![a-z0-9])") if keys else None
        )

    def _choose(self, entries: list[Entry], day: dt.date | None) -> tuple[str | None, str]:
        codes = sorted({e.code for e in entries})
        if len(codes) == 1:
            return codes[0], ""
        valid = sorted({e.code for e in entries if e.valid_on(day)})
        if len(valid) == 1:
            return valid[0], ""
        return None, f"ứng với nhiều mã ({', '.join(valid or codes)})"

    def one(self, text: str, day: dt.date | None = None) -> tuple[str | None, str]:
        """(code, "") for a cell naming exactly one entity, else (None, why)."""
        value = " ".join(str(text or "").split())
        if not value:
            return None, "để trống"
        if value.upper() in self.codes and value == value.upper():
            return value.upper(), ""
        key = fold_name(value)
        if key in self.names:
            return self._choose(self.names[key], day)
        found, rest = self.all(value, day)
        if len(found) == 1 and not rest:
            return found[0], ""
        if len(found) > 1 and not rest:
            return None, f"ghi nhiều cơ quan ({', '.join(found)}); mỗi dòng chỉ một cơ quan chủ trì"
        return None, "không có trong danh sách (tên, mã, tên gọi khác)"

    def all(self, text: str, day: dt.date | None = None) -> tuple[list[str], str]:
        """(codes of every entity named in the cell, in order; what is left unrecognised, folded)."""
        value = " ".join(str(text or "").split())
        found: list[str] = []
        for token in _CODE.findall(value):
            if token in self.codes and token not in found:
                found.append(token)
        value = _CODE.sub(lambda m: " " if m.group(0) in self.codes else m.group(0), value)
        key = fold_name(value)
        if not key or self._pattern is None:
            return found, key
        for match in self._pattern.finditer(key):
            code, _ = self._choose(self.names[match.group(1)], day)
            if code is None:
                return found, match.group(1)
            if code not in found:
                found.append(code)
        rest = " ".join(w for w in self._pattern.sub(" ", key).split() if w not in _SEPARATORS)
        return found, rest


_CODE = re.compile(r"(?<![\w])[A-Z][A-Z0-9_]*(?![\w])")


def _add(names: dict[str, list[Entry]], text: str, entry: Entry) -> None:
    key = fold_name(text)
    if key and entry not in names.setdefault(key, []):
        names[key].append(entry)


def _index(items) -> NameIndex:
    """items: (entry, names people write for it)."""
    names: dict[str, list[Entry]] = {}
    codes: dict[str, Entry] = {}
    for entry, texts in items:
        codes[entry.code] = entry
        for text in texts:
            _add(names, text, entry)
    return NameIndex(names, codes)


def agency_index(register: Register) -> NameIndex:
    """Every agency by its name, its code and each of its `aliases`; office divisions also as
    «Phòng <mã>» and «P. <mã>»."""
    items = []
    for code, agency in register.agencies.items():
        texts = [agency.name, *agency.aliases]
        if agency.kind == "office_division":
            texts += [f"Phòng {code}", f"P {code}"]
        items.append((Entry(code, agency.valid_from, agency.valid_to), texts))
    return _index(items)


def division_index(register: Register) -> NameIndex:
    """Office divisions only (the only agencies that may monitor a task), also by the short name
    «Tổng hợp» for «Phòng Tổng hợp»."""
    items = []
    for code, agency in register.agencies.items():
        if agency.kind == "office_division":
            short = re.sub(r"^phong\s+", "", fold(agency.name))
            texts = [agency.name, f"Phòng {code}", f"P {code}", short, *agency.aliases]
            items.append((Entry(code, agency.valid_from, agency.valid_to), texts))
    return _index(items)


class SignerIndex:
    """Signers by name (found anywhere in the cell: «PCT Nguyễn Tuấn Hà»), by code, or by title
    alone when exactly one signer held it that day («Chủ tịch UBND tỉnh»)."""

    def __init__(self, register: Register):
        self.by_title: dict[str, list[Entry]] = {}
        items = []
        for code, signer in register.signers.items():
            entry = Entry(code, signer.valid_from, signer.valid_to)
            items.append((entry, [signer.name]))
            if signer.title:
                _add(self.by_title, signer.title, entry)
        self._names = _index(items)

    def one(self, text: str, day: dt.date | None) -> tuple[str | None, str]:
        key = fold_name(text)
        if not key:
            return None, "để trống"
        found, _ = self._names.all(text, day)
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            return None, f"ứng với nhiều người ký ({', '.join(found)})"
        for title, entries in self.by_title.items():
            if key == title or key == re.sub(r"\s+ubnd tinh$", "", title):
                valid = sorted({e.code for e in entries if e.valid_on(day)})
                if len(valid) == 1:
                    return valid[0], ""
                return None, f"chức danh «{text}» ứng với {len(valid)} người ký vào ngày đó; ghi rõ họ tên"
        return None, "không có trong signers.yaml (ghi họ tên người ký)"
