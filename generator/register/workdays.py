"""Vietnamese working days: the `holidays` package plus the register's calendar.yaml.

`holidays` knows the statutory holidays and Tết; the Prime Minister's yearly swaps
(extra days off, worked Saturdays) are not all in it, so the register lists them.
Counting follows the Civil Code 2015, art. 147–148: the day of receipt is not counted,
and a period that ends on a day off ends on the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.register.model import CalendarData


class WorkCalendar:
    def __init__(self, days_off: Iterable[dt.date] = (), working_days: Iterable[dt.date] = ()):
        self.days_off = frozenset(days_off)
        self.working_days = frozenset(working_days)
        self._holidays = None

    @property
    def statutory(self):
        """The package's Vietnamese holidays (years filled in as asked), imported on first use:
        `holidays` loads every country's module, and only intake deadlines count working days."""
        if self._holidays is None:
            import holidays

            self._holidays = holidays.country_holidays("VN")
        return self._holidays

    @classmethod
    def from_data(cls, data: CalendarData) -> "WorkCalendar":
        return cls(
            (d.date for d in data.days_off if d.date),
            (d.date for d in data.working_days if d.date),
        )

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        # The package's own test also knows the Saturdays it worked in exchange for a day off.
        return self.statutory.is_working_day(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (the day of receipt itself does not count)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        remaining = n
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day if n else self.period_end(start)

    def period_end(self, day: dt.date) -> dt.date:
        """A period ending on a day off ends on the next working day."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count
