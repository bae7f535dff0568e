"""Which register a month's compilation is computed from — decided in one place, so that the
printed report (`nhiemvu report monthly`) and the site's month page always show the same figures.

- The report day has passed and Git holds the register: the register as it stood in Git at the
  end of the report day (the last commit of that day on the first-parent line), evaluated at
  the report day. A later edit, even a back-dated progress entry, never changes that month.
- The report day is before the register's first commit: that first commit, evaluated at the
  report day (only documents and entries dated up to then count).
- No Git history: the current register evaluated at the report day.
- The report day has not come yet: the current register at the as-of date, marked provisional
  («tạm tính»).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.errors import HistoryError
from generator.history.snapshots import SnapshotReader
from generator.register.model import Register
from generator.vi import fmt_date, fmt_datetime


@dataclass(frozen=True, slots=True)
class MonthSource:
    """Which register a month's figures were computed from."""

    kind: str  # "git" | "git-first" | "current" | "provisional"
    commit: str | None = None
    committed: dt.datetime | None = None
    errors: int = 0  # errors met while reading that version of the register
    shallow: bool = False

    def describe(self, report_day: dt.date) -> str:
        """One Vietnamese sentence saying where the figures come from (for the command's output)."""
        if self.kind == "git":
            return (
                f"Số liệu đọc từ sổ theo dõi như đã lưu vào cuối ngày báo cáo {fmt_date(report_day)} "
                f"(lần lưu cuối cùng trong ngày: {fmt_datetime(self.committed)}), cùng số liệu với trang Báo cáo."
            )
        if self.kind == "git-first":
            return (
                f"Ngày báo cáo {fmt_date(report_day)} có trước khi sổ bắt đầu được lưu lịch sử: số liệu tính từ "
                f"bản đầu tiên của sổ (lưu lúc {fmt_datetime(self.committed)}), chỉ gồm các mục có ngày "
                "đến ngày báo cáo."
            )
        if self.kind == "provisional":
            return "Chưa đến ngày báo cáo: số liệu tạm tính từ sổ theo dõi hiện tại."
        return f"Số liệu tính từ sổ theo dõi hiện tại (không có lịch sử thay đổi), đến ngày {fmt_date(report_day)}."


def month_register(
    register: Register, report_day: dt.date, reader: SnapshotReader | None, shallow: bool = False
) -> tuple[Register, MonthSource]:
    """The register a month whose report day has passed is computed from (see the module's doc).
    HistoryError when Git fails on the way (callers fall back to the current register)."""
    found = reader.at(report_day) if reader is not None else None
    if found is None:
        return register, MonthSource("current")
    kind = "git-first" if found.first else "git"
    return found.register, MonthSource(kind, found.commit, found.committed, found.errors, shallow)


def open_reader(register: Register, head: str = "HEAD") -> SnapshotReader | None:
    """A reader of the register's Git history, or None when there is none to read."""
    try:
        return SnapshotReader(register.repo_root, register.prefix, head, register.settings.zone)
    except HistoryError:
        return None
