"""Deadline arithmetic for reporting clocks. Pure functions; all inputs and outputs are aware datetimes.

Hour clocks (24 h, 72 h) are absolute durations: they are added in UTC, so a
night with a daylight-saving change still yields exactly 24 or 72 elapsed hours.

Month clocks are calendar rules and use the workspace's zone: the deadline is
the same day number of the next month at the same local time of day, or the
last day of that month when the day number does not exist (31 January ->
28 or 29 February). Keeping the local time of day is deliberately earlier than
the end of that day, the latest reading of §188(2) BGB.
"""

import calendar
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


class NaiveDatetimeError(ValueError):
    pass


def _require_aware(value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError("deadline arithmetic needs a datetime with a time zone")


def hours_after(trigger: datetime, hours: int) -> datetime:
    _require_aware(trigger)
    return trigger.astimezone(timezone.utc) + timedelta(hours=hours)


def one_month_after(trigger: datetime, zone: ZoneInfo) -> datetime:
    _require_aware(trigger)
    local = trigger.astimezone(zone)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    # fold=0 picks the earlier of two repeated local times (autumn change); a
    # time that does not exist (spring gap) is read with the pre-change offset.
    target = local.replace(year=year, month=month, day=day, fold=0)
    return target.astimezone(timezone.utc)


def local_time_problem(naive: datetime, zone: ZoneInfo) -> str | None:
    """Return "nonexistent" or "ambiguous" for a local time a daylight-saving change skips or repeats."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    round_trip = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    return "ambiguous" if round_trip == naive else "nonexistent"
