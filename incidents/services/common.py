from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error

# Clocks of browsers and servers differ by a few seconds; beyond this an
# awareness or submission time "in the future" is a typing error.
CLOCK_SKEW = timedelta(minutes=2)


def check_aware(value: datetime, field: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise field_error(field, _("Enter the time together with its time zone."), "naive_time")


def check_not_future(value: datetime, field: str, now: datetime) -> None:
    check_aware(value, field)
    if value > now + CLOCK_SKEW:
        raise field_error(field, _("This time is in the future; enter when it actually happened."), "in_future")
