"""Time entries: the activity log of a mandate, compared with the contracted hours."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from mandates.models import Mandate, TimeEntry

MAX_MINUTES_PER_ENTRY = 24 * 60


def time_entry_add(*, actor, mandate: Mandate, worked_on: date, minutes: int, description: str) -> TimeEntry:
    """Record time that ``actor`` spent on the mandate; the entry is audited like every row."""
    if mandate.status not in (Mandate.Status.ACTIVE, Mandate.Status.ENDED):
        raise field_error("mandate", _("Time can be recorded only on a signed mandate."), "mandate_not_active")
    if minutes is None or minutes < 1 or minutes > MAX_MINUTES_PER_ENTRY:
        raise field_error("minutes", _("%(value)s minutes is not possible for one day; enter between 1 and "
                                       "%(max)s.") % {"value": minutes, "max": MAX_MINUTES_PER_ENTRY},
                          "minutes_out_of_range")
    if worked_on > timezone.localdate():
        raise field_error("worked_on", _("The date lies in the future; record time after the work."),
                          "worked_on_future")
    if worked_on < mandate.starts_on or (mandate.ends_on and worked_on > mandate.ends_on):
        raise field_error("worked_on", _("The date lies outside the mandate's term; choose a day it covered."),
                          "worked_on_outside_term")
    if not (description or "").strip():
        raise field_error("description", _("Describe what you worked on."), "description_missing")
    return TimeEntry.objects.create(workspace=mandate.workspace, mandate=mandate, worked_on=worked_on,
                                    minutes=minutes, description=description.strip(), user=actor)
