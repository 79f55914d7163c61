"""Periods: a calendar year or a month."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jiha.engines.rules.errors import PeriodError

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A year (``Period(2026)``) or a month (``Period(2026, 7)``).

    >>> Period.parse("2025-07").start
    datetime.date(2025, 7, 1)
    >>> Period.parse("2024").stop
    datetime.date(2024, 12, 31)
    """

    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str | int) -> Period:
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise PeriodError(f"Period {text!r} is not a year (2026) or a month (2026-07).")
        month = int(match["month"]) if match["month"] else None
        if month is not None and not 1 <= month <= 12:
            raise PeriodError(f"Period {text!r} has no month {month}.")
        return cls(int(match["year"]), month)

    @property
    def unit(self) -> str:
        return "year" if self.month is None else "month"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    @property
    def stop(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def __str__(self) -> str:
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"
