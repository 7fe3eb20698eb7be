"""Reporting periods: week (ISO), month, quarter and year, inclusive dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["week", "month", "quarter", "year"]


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: Granularity

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def key(self) -> str:
        """``2026``, ``2026-03``, ``2026-Q1`` or ``2026-W12`` (ISO week)."""
        match self.kind:
            case "year":
                return f"{self.start.year}"
            case "month":
                return f"{self.start.year}-{self.start.month:02d}"
            case "quarter":
                return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
            case "week":
                year, week, _ = self.start.isocalendar()
                return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        match self.kind:
            case "year":
                return f"{self.start.year}年"
            case "month":
                return f"{self.start.year}年{self.start.month}月"
            case "quarter":
                return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
            case "week":
                # Offices name a week by its days, not by its ISO number.
                start, end = self.start, self.end
                last = (
                    f"{end.month}月{end.day}日"
                    if end.year == start.year
                    else f"{end.year}年{end.month}月{end.day}日"
                )
                return f"{start.year}年{start.month}月{start.day}日—{last}"


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), "year")


def month(number_year: int, number: int) -> Period:
    following = dt.date(number_year + (number == 12), number % 12 + 1, 1)
    return Period(dt.date(number_year, number, 1), following - dt.timedelta(days=1), "month")


def quarter(number_year: int, number: int) -> Period:
    first = month(number_year, 3 * number - 2)
    last = month(number_year, 3 * number)
    return Period(first.start, last.end, "quarter")


def quarter_of(day: dt.date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def quarters_of(days: Iterable[dt.date]) -> list[Period]:
    """The quarters holding any of ``days``, oldest first: one Period per
    quarter, not per day (6,500 issue dates, once per page, took 20 ms)."""
    months = {(day.year, day.month) for day in days}
    return [quarter(y, q) for y, q in sorted({(y, (m - 1) // 3 + 1) for y, m in months})]


def week(iso_year: int, number: int) -> Period:
    start = dt.date.fromisocalendar(iso_year, number, 1)
    return Period(start, start + dt.timedelta(days=6), "week")


def week_of(day: dt.date) -> Period:
    iso_year, number, _ = day.isocalendar()
    return week(iso_year, number)


_PATTERNS = {
    "week": re.compile(r"^([0-9]{4})-W([0-9]{1,2})$"),
    "quarter": re.compile(r"^([0-9]{4})-Q([1-4])$"),
    "month": re.compile(r"^([0-9]{4})-([0-9]{1,2})$"),
    "year": re.compile(r"^([0-9]{4})$"),
}


def parse_period(text: str) -> Period:
    """``2026``, ``2026-03``, ``2026-Q1`` or ``2026-W12``; ValueError otherwise."""
    for kind, pattern in _PATTERNS.items():
        found = pattern.match(text.strip())
        if found is None:
            continue
        numbers = [int(g) for g in found.groups()]
        if kind == "year":
            return year(numbers[0])
        if kind == "month" and 1 <= numbers[1] <= 12:
            return month(*numbers)
        if kind == "quarter":
            return quarter(*numbers)
        if kind == "week":
            return week(*numbers)
    raise ValueError(text)
