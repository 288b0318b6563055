from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["TimeEntry"]


class TimeEntry(TenantModel):
    """Time spent on a mandate: the activity log that documents the officer's work."""

    mandate = models.ForeignKey("mandates.Mandate", on_delete=models.PROTECT, related_name="time_entries",
                                verbose_name=_("mandate"))
    worked_on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    description = models.CharField(_("description"), max_length=500)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("person"))

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-worked_on", "-created_at"]
        indexes = [models.Index(fields=["mandate", "worked_on"], name="time_entry_mandate_day")]

    def __str__(self) -> str:
        return f"{self.worked_on}: {self.minutes} min"
