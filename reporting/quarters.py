"""Calendar quarters in a workspace's time zone.

A quarter ends at local midnight of the first day of the next quarter, so
its UTC bounds depend on the zone and on daylight saving time. These are
pure functions, tested on their own.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timezone


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def bounds(self, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
        """Return the start (inclusive) and end (exclusive) in UTC of this quarter in ``zone``."""
        return _local_midnight_utc(self.first_day, zone), _local_midnight_utc(self.next().first_day, zone)


def _local_midnight_utc(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(timezone.utc)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_ended_quarter(now: datetime, zone: zoneinfo.ZoneInfo) -> Quarter:
    """Return the latest quarter that has ended at ``now`` in ``zone``."""
    return quarter_of(now.astimezone(zone).date()).previous()


def ended_quarters_since(first: Quarter, now: datetime, zone: zoneinfo.ZoneInfo) -> list[Quarter]:
    """List every quarter from ``first`` up to the last one that has ended at ``now``, oldest first."""
    last = last_ended_quarter(now, zone)
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters
