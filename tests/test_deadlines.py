"""Deadline arithmetic, including the 2026 daylight-saving changes in Europe/Berlin and month ends."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from incidents.deadlines import NaiveDatetimeError, hours_after, local_time_problem, one_month_after

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def berlin(*args, fold=0):
    return datetime(*args, tzinfo=BERLIN, fold=fold)


@pytest.mark.parametrize(
    ("trigger", "hours", "expected_local"),
    [
        # Plain winter day.
        (berlin(2026, 1, 15, 9, 0), 24, berlin(2026, 1, 16, 9, 0)),
        # Spring change 2026-03-29 02:00 -> 03:00: 24 elapsed hours end one wall-clock hour later.
        (berlin(2026, 3, 28, 22, 30), 24, berlin(2026, 3, 29, 23, 30)),
        (berlin(2026, 3, 28, 22, 30), 72, berlin(2026, 3, 31, 23, 30)),
        # Autumn change 2026-10-25 03:00 -> 02:00: 24 elapsed hours end one wall-clock hour earlier.
        (berlin(2026, 10, 24, 22, 30), 24, berlin(2026, 10, 25, 21, 30)),
        (berlin(2026, 10, 24, 22, 30), 72, berlin(2026, 10, 27, 21, 30)),
        # Awareness in the repeated hour: the second 02:30 (CET) is an hour after the first (CEST).
        (berlin(2026, 10, 25, 2, 30, fold=0), 24, berlin(2026, 10, 26, 1, 30)),
        (berlin(2026, 10, 25, 2, 30, fold=1), 24, berlin(2026, 10, 26, 2, 30)),
    ],
)
def test_hour_clock_counts_elapsed_hours(trigger, hours, expected_local):
    due = hours_after(trigger, hours)
    assert due.tzinfo == UTC
    assert due == expected_local.astimezone(UTC)
    assert (due - trigger.astimezone(UTC)).total_seconds() == hours * 3600


@pytest.mark.parametrize(
    ("trigger", "expected_local"),
    [
        (berlin(2026, 1, 31, 14, 0), berlin(2026, 2, 28, 14, 0)),  # no 31 February
        (berlin(2028, 1, 31, 14, 0), berlin(2028, 2, 29, 14, 0)),  # leap year
        (berlin(2026, 3, 31, 10, 0), berlin(2026, 4, 30, 10, 0)),
        (berlin(2026, 1, 15, 8, 0), berlin(2026, 2, 15, 8, 0)),
        (berlin(2026, 12, 31, 23, 0), berlin(2027, 1, 31, 23, 0)),  # year end
        # Across the spring change: the same local time, although one hour fewer elapses.
        (berlin(2026, 3, 10, 12, 0), berlin(2026, 4, 10, 12, 0)),
        # Across the autumn change.
        (berlin(2026, 10, 20, 12, 0), berlin(2026, 11, 20, 12, 0)),
    ],
)
def test_month_clock_day_number(trigger, expected_local):
    assert one_month_after(trigger, BERLIN) == expected_local.astimezone(UTC)


def test_month_clock_uses_workspace_zone_for_the_date():
    # 31 January 23:30 in Berlin is still 31 January 22:30 UTC, but 1 February 07:30 in Tokyo.
    trigger = berlin(2026, 1, 31, 23, 30)
    assert one_month_after(trigger, BERLIN).astimezone(BERLIN).date().isoformat() == "2026-02-28"
    tokyo = ZoneInfo("Asia/Tokyo")
    assert one_month_after(trigger, tokyo).astimezone(tokyo).date().isoformat() == "2026-03-01"


def test_month_clock_into_spring_gap():
    # 28 March 2027 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00);
    # it is read with the winter offset: 02:30 CET = 01:30 UTC = 03:30 CEST.
    due = one_month_after(berlin(2027, 2, 28, 2, 30), BERLIN)
    assert due == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"


@pytest.mark.parametrize("function", [lambda t: hours_after(t, 24), lambda t: one_month_after(t, BERLIN)])
def test_naive_trigger_is_rejected(function):
    with pytest.raises(NaiveDatetimeError):
        function(datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("naive", "problem"),
    [
        (datetime(2026, 3, 29, 2, 30), "nonexistent"),
        (datetime(2026, 10, 25, 2, 30), "ambiguous"),
        (datetime(2026, 10, 25, 3, 30), None),
        (datetime(2026, 6, 1, 12, 0), None),
    ],
)
def test_local_time_problem_detects_dst_changes(naive, problem):
    assert local_time_problem(naive, BERLIN) == problem
