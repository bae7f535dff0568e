"""Vietnamese working days: the `holidays` package, plus the register's calendar.yaml.

Counting follows the Civil Code 2015, art. 147–148: the day of receipt is not counted, and a
period ending on a day off ends on the next working day.
"""

from __future__ import annotations

import datetime as dt

import pytest
from registerkit import BASE

from generator.register.load import load_register
from generator.register.workdays import WorkCalendar

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    """The calendar of the base register (2026-01-02 off, Saturday 2026-01-10 worked)."""
    register, problems = load_register(BASE, repo_root=BASE.parent)
    assert problems == []
    return WorkCalendar.from_data(register.calendar)


@pytest.fixture(scope="module")
def bare() -> WorkCalendar:
    return WorkCalendar()


def test_register_swaps_override_the_package(cal, bare):
    assert bare.is_working_day(D("2026-01-02")) and not cal.is_working_day(D("2026-01-02"))
    assert not bare.is_working_day(D("2026-01-10")) and cal.is_working_day(D("2026-01-10"))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-01-01", False),  # Tết Dương lịch
        ("2026-02-16", False),
        ("2026-02-17", False),
        ("2026-02-20", False),  # Tết Nguyên đán
        ("2026-02-23", True),
        ("2026-04-27", False),  # Giỗ Tổ Hùng Vương (observed; 10/3 lunar falls on a Sunday)
        ("2026-04-30", False),
        ("2026-05-01", False),
        ("2026-09-01", False),
        ("2026-09-02", False),
        ("2026-03-07", False),
        ("2026-03-08", False),  # a plain weekend
        ("2026-03-09", True),
    ],
)
def test_public_holidays_and_weekends(cal, day, working):
    assert cal.is_working_day(D(day)) is working


def test_worked_saturdays_known_to_the_package_count(bare):
    """The package knows some swaps: Saturday 2026-08-22 is worked for Monday 2026-08-31 off."""
    assert not bare.is_working_day(D("2026-08-31"))
    assert bare.is_working_day(D("2026-08-22"))
    assert bare.add_working_days(D("2026-08-21"), 1) == D("2026-08-22")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-03-09", 1, "2026-03-10"),  # Monday: the day of receipt does not count
        ("2026-03-09", 3, "2026-03-12"),
        ("2026-03-13", 1, "2026-03-16"),  # Friday → Monday
        ("2026-03-14", 1, "2026-03-16"),  # received on a Saturday
        ("2026-02-13", 3, "2026-02-25"),  # Friday before Tết: 16–20/2 off, then 23, 24, 25
        ("2026-02-13", 1, "2026-02-23"),
        ("2026-04-29", 1, "2026-05-04"),  # 30/4 and 1/5 (Thu, Fri), weekend
        ("2026-04-24", 3, "2026-05-04"),  # Fri; Hùng Kings observed 27/4: 28, 29/4, then 4/5
        ("2025-12-31", 1, "2026-01-05"),  # 1/1 holiday, 2/1 off (calendar.yaml), weekend
        ("2026-01-09", 1, "2026-01-10"),  # worked Saturday (calendar.yaml)
        ("2026-01-09", 2, "2026-01-12"),
    ],
)
def test_add_working_days(cal, start, n, expected):
    assert cal.add_working_days(D(start), n) == D(expected)


def test_without_calendar_yaml_the_swaps_are_unknown(bare):
    assert bare.add_working_days(D("2025-12-31"), 1) == D("2026-01-02")
    assert bare.add_working_days(D("2026-01-09"), 1) == D("2026-01-12")


def test_period_end_moves_to_the_next_working_day(cal):
    assert cal.period_end(D("2026-03-10")) == D("2026-03-10")
    assert cal.period_end(D("2026-03-14")) == D("2026-03-16")
    assert cal.period_end(D("2026-01-01")) == D("2026-01-05")
    assert cal.period_end(D("2026-02-14")) == D("2026-02-23")
    assert cal.add_working_days(D("2026-02-14"), 0) == D("2026-02-23")
    assert cal.add_working_days(D("2026-03-10"), 0) == D("2026-03-10")


def test_working_days_between(cal):
    assert cal.working_days_between(D("2026-02-13"), D("2026-02-25")) == 3
    assert cal.working_days_between(D("2026-03-09"), D("2026-03-09")) == 0
    assert cal.working_days_between(D("2026-01-01"), D("2026-01-12")) == 7  # 5–9, Sat 10, 12
    # The two functions agree: n working days after a day end exactly n days later.
    start = D("2026-04-24")
    for n in range(0, 30):
        end = cal.add_working_days(start, n)
        assert cal.working_days_between(start, end) == n or n == 0


def test_negative_counts_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D("2026-03-09"), -1)
