"""Task cadences: check that a cadence fires, and find the next due date of a series.

The rhythm is counted from the series' anchor date, never from the previous
occurrence, so month ends do not drift: a monthly task anchored on 31 January
is due on 28 (or 29) February and again on 31 March. Month steps follow the
deadline rule of the whole product: the same day number, or the month's last
day when that day does not exist. Custom rules are RFC 5545 RRULE strings
read by python-dateutil; only the rule part is accepted, because the anchor
date is the rule's DTSTART.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from isms.models import Task

Cadence = Task.Cadence

# A rule must fire within this span after its start; later dates are not searched.
HORIZON = relativedelta(years=10)
_GREGORIAN_CYCLE_YEARS = 400
_SHIFT_TARGET_YEAR = 9950
MAX_INTERVAL = 1000

_MONTH_STEPS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6, Cadence.YEARLY: 12}
_SUB_DAILY = {"HOURLY", "MINUTELY", "SECONDLY"}


def _rule_parts(rule: str) -> dict[str, str]:
    parts = {}
    for part in rule.split(";"):
        name, _sep, value = part.partition("=")
        parts[name.strip().upper()] = value.strip()
    return parts


def normalise_rrule(rule: str) -> str:
    """Strip whitespace and an optional "RRULE:" prefix, and upper-case the rule."""
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:"):]
    return rule.strip().upper()


def _parse_rrule(rule: str, anchor: date):
    """Parse ``rule`` with ``anchor`` as DTSTART; raise a field error naming ``rrule`` if it cannot be used."""
    if not rule:
        raise field_error("rrule", _("Enter a recurrence rule, for example FREQ=MONTHLY;BYMONTHDAY=1."),
                          "rrule_missing")
    if "\n" in rule or "\r" in rule or "DTSTART" in rule:
        raise field_error("rrule", _("Enter only the rule itself, without DTSTART or further lines; "
                                     "the due date is the start."), "rrule_lines")
    parts = _rule_parts(rule)
    if parts.get("FREQ") in _SUB_DAILY:
        raise field_error("rrule", _("Tasks are due on days; use FREQ=DAILY or a longer frequency."),
                          "rrule_sub_daily")
    if parts.get("INTERVAL", "1").strip() in {"0", ""}:
        raise field_error("rrule", _("INTERVAL must be 1 or more."), "rrule_interval")
    # Calendar programs write UNTIL in UTC ("...T000000Z"). Tasks are due on
    # days and DTSTART is a naive date, which dateutil cannot compare with an
    # aware UNTIL, so the zone marker is dropped.
    rule = re.sub(r"(UNTIL=\d{8}(?:T\d{6})?)Z", r"\1", rule)
    try:
        return rrulestr(rule, dtstart=datetime.combine(anchor, time()))
    except (ValueError, TypeError, OverflowError) as error:
        # The parser's own message is English and technical, so only the rule is quoted back.
        raise field_error(
            "rrule", _("The recurrence rule %(rule)s cannot be read. Write it as in RFC 5545, for example "
                       "FREQ=WEEKLY;BYDAY=MO.") % {"rule": rule[:100]}, "rrule_invalid") from error


def _first_rule_date(rule: str, *, anchor: date, after: date, inclusive: bool) -> date | None:
    """Return the rule's first date after ``after`` (or on it, if ``inclusive``) within ``HORIZON``.

    dateutil compares with UNTIL only the dates that pass the BY* filters, so
    a rule that never matches is walked period by period up to the year 9999
    (2.5 s for a daily rule on 30 February, dateutil 2.9). The Gregorian
    calendar repeats every 400 years, weekdays included, so the rule is run on
    the same dates shifted by whole 400-year cycles to shortly before 9950,
    which leaves few years to walk; the result is shifted back.
    """
    parsed = _parse_rrule(rule, anchor)
    latest_year = max(anchor.year, after.year)
    shift = _GREGORIAN_CYCLE_YEARS * max(0, (_SHIFT_TARGET_YEAR - latest_year) // _GREGORIAN_CYCLE_YEARS)

    def shifted(moment: datetime) -> datetime:
        return moment.replace(year=moment.year + shift)

    cutoff = shifted(datetime.combine(after + HORIZON, time()))
    until = min(shifted(parsed._until), cutoff) if parsed._until else cutoff  # noqa: SLF001 - UNTIL lives only here
    with warnings.catch_warnings():
        # dateutil warns when COUNT and UNTIL are combined; this UNTIL is ours and only bounds the search.
        warnings.simplefilter("ignore", DeprecationWarning)
        bounded = parsed.replace(dtstart=shifted(datetime.combine(anchor, time())), until=until)
    found = bounded.after(shifted(datetime.combine(after, time())), inc=inclusive)
    return found.replace(year=found.year - shift).date() if found is not None else None


def check_cadence(*, cadence: str, interval: int | None, rrule: str, anchor: date) -> None:
    """Raise a field error unless the cadence is complete and fires at least once within ten years of ``anchor``."""
    if cadence not in Cadence.values:
        raise field_error("cadence", _("Choose one of the listed cadences."), "cadence_invalid")
    if cadence in {Cadence.EVERY_N_DAYS, Cadence.EVERY_N_WEEKS, Cadence.EVERY_N_MONTHS}:
        if interval is None or not 1 <= interval <= MAX_INTERVAL:
            raise field_error("interval", _("Enter an interval from 1 to %(maximum)s for this cadence.")
                              % {"maximum": MAX_INTERVAL}, "interval_invalid")
    if cadence != Cadence.RRULE:
        return
    if _first_rule_date(rrule, anchor=anchor, after=anchor, inclusive=True) is None:
        raise field_error(
            "rrule", _("This rule never falls on a date within ten years of the due date (check COUNT, UNTIL "
                       "and impossible dates such as 30 February)."), "rrule_never_fires")


def _step(cadence: str, interval: int | None, count: int) -> relativedelta | timedelta:
    if cadence in _MONTH_STEPS:
        return relativedelta(months=_MONTH_STEPS[cadence] * count)
    if cadence == Cadence.EVERY_N_MONTHS:
        return relativedelta(months=interval * count)
    if cadence == Cadence.WEEKLY:
        return timedelta(weeks=count)
    if cadence == Cadence.EVERY_N_WEEKS:
        return timedelta(weeks=interval * count)
    return timedelta(days=interval * count)


def next_due_on(*, cadence: str, interval: int | None, rrule: str, anchor: date, after: date) -> date | None:
    """Return the first date of the rhythm that starts on ``anchor`` and lies after ``after``.

    Returns None for one-off tasks and for rules that end (COUNT, UNTIL) or
    do not fire within ten years after ``after``.
    """
    if cadence == Cadence.ONCE:
        return None
    if cadence == Cadence.RRULE:
        return _first_rule_date(rrule, anchor=anchor, after=after, inclusive=False)

    # Estimate how many steps lie between anchor and ``after``, then correct
    # the estimate; each candidate is computed from the anchor, never from
    # the previous candidate, so clamped month ends do not accumulate.
    count = max(1, _steps_between(cadence, interval, anchor, after))
    while anchor + _step(cadence, interval, count) <= after:
        count += 1
    while count > 1 and anchor + _step(cadence, interval, count - 1) > after:
        count -= 1
    return anchor + _step(cadence, interval, count)


def _steps_between(cadence: str, interval: int | None, anchor: date, after: date) -> int:
    if after <= anchor:
        return 1
    if cadence in _MONTH_STEPS or cadence == Cadence.EVERY_N_MONTHS:
        months = (after.year - anchor.year) * 12 + after.month - anchor.month
        return months // (_MONTH_STEPS.get(cadence) or interval)
    return (after - anchor).days // _step(cadence, interval, 1).days
