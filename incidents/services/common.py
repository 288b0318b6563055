from datetime import timezone as dt_timezone
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error

# Clocks of browsers and servers differ by a few seconds; beyond this an
# awareness or submission time "in the future" is a typing error.
CLOCK_SKEW = timedelta(minutes=2)


def check_aware(value: datetime, field: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise field_error(field, _("Enter the time together with its time zone."), "naive_time")


# Reporting duties under NIS-2, GDPR and DORA are far younger; an earlier time is a typing error,
# and time zones before about 1900 used local mean time offsets that no API client expects.
EARLIEST_INCIDENT_TIME = datetime(2000, 1, 1, tzinfo=dt_timezone.utc)


def check_not_future(value: datetime, field: str, now: datetime) -> None:
    """Reject a time in the future or before 2000, naming ``field``."""
    check_aware(value, field)
    if value > now + CLOCK_SKEW:
        raise field_error(field, _("This time is in the future; enter when it actually happened."), "in_future")
    if value < EARLIEST_INCIDENT_TIME:
        raise field_error(field, _("This time lies before the year 2000; check the year."), "too_early")
