"""Query filters shared by the API's list endpoints."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import IsoDateTimeFilter
from django_filters.fields import IsoDateTimeField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, converted to UTC before it reaches the database.

    PostgreSQL accepts UTC offsets up to 15:59 only, while ISO 8601 and Python
    allow up to 23:59; a value such as +19:19 would otherwise fail inside the
    query instead of being rejected as bad input.
    """

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.timezone.utc)
        except (OverflowError, ValueError):
            raise forms.ValidationError(_("Enter a date and time within the years 1 to 9999, for example "
                                          "2026-03-31T14:00:00Z."), code="invalid") from None


class UtcIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField
