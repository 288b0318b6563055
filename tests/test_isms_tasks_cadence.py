"""Task cadences: the next due date counted from the anchor, and rules that never fire."""

import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from isms.models import Task
from isms.services.tasks.cadence import check_cadence, next_due_on

Cadence = Task.Cadence


def _next(cadence, anchor, after, *, interval=None, rrule=""):
    return next_due_on(cadence=cadence, interval=interval, rrule=rrule, anchor=anchor, after=after)


@pytest.mark.parametrize(("cadence", "interval", "anchor", "after", "expected"), [
    (Cadence.WEEKLY, None, date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 9)),
    (Cadence.MONTHLY, None, date(2026, 1, 31), date(2026, 1, 31), date(2026, 2, 28)),
    (Cadence.MONTHLY, None, date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)),
    (Cadence.MONTHLY, None, date(2027, 12, 31), date(2028, 1, 31), date(2028, 2, 29)),
    (Cadence.QUARTERLY, None, date(2026, 3, 31), date(2026, 3, 31), date(2026, 6, 30)),
    (Cadence.QUARTERLY, None, date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)),
    (Cadence.HALF_YEARLY, None, date(2026, 8, 31), date(2026, 8, 31), date(2027, 2, 28)),
    (Cadence.YEARLY, None, date(2028, 2, 29), date(2028, 2, 29), date(2029, 2, 28)),
    (Cadence.YEARLY, None, date(2028, 2, 29), date(2031, 2, 28), date(2032, 2, 29)),
    (Cadence.EVERY_N_DAYS, 10, date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 11)),
    (Cadence.EVERY_N_WEEKS, 2, date(2026, 3, 2), date(2026, 3, 20), date(2026, 3, 30)),
    (Cadence.EVERY_N_MONTHS, 5, date(2026, 1, 31), date(2026, 1, 31), date(2026, 6, 30)),
])
def test_next_due_follows_anchor(cadence, interval, anchor, after, expected):
    assert _next(cadence, anchor, after, interval=interval) == expected


def test_next_due_skips_dates_already_passed():
    # Completed eight months late: the quarterly dates in between are skipped, the rhythm stays.
    assert _next(Cadence.QUARTERLY, date(2026, 3, 31), date(2026, 11, 15)) == date(2026, 12, 31)


def test_next_due_weekly_far_after_anchor():
    assert _next(Cadence.WEEKLY, date(2026, 3, 2), date(2029, 3, 7)) == date(2029, 3, 12)


def test_next_due_for_custom_rule():
    rule = "FREQ=MONTHLY;BYDAY=-1FR"
    assert _next(Cadence.RRULE, date(2026, 3, 27), date(2026, 3, 27), rrule=rule) == date(2026, 4, 24)


def test_next_due_none_when_rule_ends():
    rule = "FREQ=WEEKLY;COUNT=2"
    assert _next(Cadence.RRULE, date(2026, 3, 2), date(2026, 3, 2), rrule=rule) == date(2026, 3, 9)
    assert _next(Cadence.RRULE, date(2026, 3, 2), date(2026, 3, 9), rrule=rule) is None


def test_rule_until_in_utc_accepted():
    rule = "FREQ=WEEKLY;UNTIL=20260320T000000Z"
    assert _next(Cadence.RRULE, date(2026, 3, 2), date(2026, 3, 2), rrule=rule) == date(2026, 3, 9)
    assert _next(Cadence.RRULE, date(2026, 3, 2), date(2026, 3, 16), rrule=rule) is None


def test_next_due_none_for_one_off():
    assert _next(Cadence.ONCE, date(2026, 3, 2), date(2026, 3, 2)) is None


def _error_of(**values):
    defaults = {"cadence": Cadence.RRULE, "interval": None, "rrule": "", "anchor": date(2026, 3, 2)}
    with pytest.raises(ValidationError) as caught:
        check_cadence(**{**defaults, **values})
    return caught.value


@pytest.mark.parametrize(("rule", "code"), [
    ("FREQ=WEEKLY;COUNT=0", "rrule_never_fires"),
    ("FREQ=WEEKLY;UNTIL=20250101", "rrule_never_fires"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "rrule_never_fires"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "rrule_never_fires"),
    ("every monday", "rrule_invalid"),
    ("FREQ=FORTNIGHTLY", "rrule_invalid"),
    ("FREQ=WEEKLY;INTERVAL=0", "rrule_interval"),
    ("FREQ=HOURLY", "rrule_sub_daily"),
    ("DTSTART:20260101\nRRULE:FREQ=DAILY", "rrule_lines"),
    ("", "rrule_missing"),
])
def test_bad_rule_names_rrule_field(rule, code):
    error = _error_of(rrule=rule)
    assert list(error.error_dict) == ["rrule"]
    assert error.error_dict["rrule"][0].code == code


def test_impossible_daily_rule_rejected_quickly():
    started = time.monotonic()
    _error_of(rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("interval", [None, 0, 1001])
def test_bad_interval_names_interval_field(interval):
    error = _error_of(cadence=Cadence.EVERY_N_DAYS, interval=interval)
    assert list(error.error_dict) == ["interval"]


def test_leap_day_rule_every_four_years_accepted():
    check_cadence(cadence=Cadence.RRULE, interval=None, rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
                  anchor=date(2026, 3, 2))


def test_unknown_cadence_names_cadence_field():
    assert list(_error_of(cadence="hourly").error_dict) == ["cadence"]
