from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["Task"]


class Task(TenantModel):
    """A piece of work with a due date: one-off, or one occurrence of a recurring series.

    Transitions: open -> done (completed, with who, when and a note) and
    open -> deleted. Deleted tasks stay as rows because the audit log and the
    reminder log point at them; lists hide them.

    A recurring task carries its cadence. Completing it creates the next
    occurrence as a new row with the same ``series`` id, so the done rows of a
    series are its completion history. ``anchor_on`` is the date the rhythm is
    counted from; it changes only when someone sets a new due date.
    ``source_type`` and ``source_id`` name the object that opened a task, so
    the same source does not open it twice.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DELETED = "deleted", _("Deleted")

    class Cadence(models.TextChoices):
        ONCE = "once", _("Once")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")
        EVERY_N_DAYS = "days", _("Every N days")
        EVERY_N_WEEKS = "weeks", _("Every N weeks")
        EVERY_N_MONTHS = "months", _("Every N months")
        RRULE = "rrule", _("Custom rule (RFC 5545 RRULE)")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"),
                              help_text=_("Leave empty to send reminders to the workspace's officers."))
    due_on = models.DateField(_("due on"))
    cadence = models.CharField(_("cadence"), max_length=12, choices=Cadence.choices, default=Cadence.ONCE)
    interval = models.PositiveSmallIntegerField(
        _("interval"), null=True, blank=True,
        help_text=_("N for the cadences every N days, weeks or months."),
    )
    rrule = models.CharField(
        _("recurrence rule"), max_length=500, blank=True,
        help_text=_("An RFC 5545 RRULE, for example FREQ=MONTHLY;BYDAY=-1FR for the last Friday of each month."),
    )
    anchor_on = models.DateField(_("rhythm starts on"), null=True, blank=True)
    series = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    standard_key = models.CharField(max_length=60, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))
    completion_note = models.TextField(_("completion note"), blank=True)
    evidence_required = models.BooleanField(
        _("evidence required"), default=False,
        help_text=_("The task can be marked as done only after a file of evidence was uploaded to it."),
    )
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["status", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "source_type", "source_id"], name="task_one_per_source",
                                    condition=~models.Q(source_type="")),
            # At most one open occurrence per series: completing creates the next one.
            models.UniqueConstraint(fields=["series"], name="task_one_open_per_series",
                                    condition=models.Q(status="open")),
        ]
        indexes = [models.Index(fields=["workspace", "status", "due_on"], name="task_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return self.cadence != self.Cadence.ONCE

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
